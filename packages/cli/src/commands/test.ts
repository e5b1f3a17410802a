/**
 * `pmpath test [PATH…]` (SPEC §7): runs the scenarios of the `.pmtest` suites
 * in the given files and directories against their pathways and prints a
 * stylish, JSON or JUnit report with per-pathway coverage. Exit code 0 when
 * every scenario passed and coverage meets `--min-coverage`; 1 when a scenario
 * failed, coverage is below the minimum, or a suite or its pathway has an
 * error-severity finding (its scenarios are then not run); 2 for usage
 * errors, unreadable input, or no `.pmtest` file.
 *
 * `pmpath test --generate PATHWAY.pmpath [--output FILE]` writes a suite
 * instead (`test-generate.ts`).
 *
 * This module only declares the command (so `pmpath --help` stays cheap); the
 * work lives in `test-run.ts` and `test-generate.ts`, imported when the
 * command runs.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { CliError } from '../errors.js';

export const TEST_FORMATS = ['stylish', 'json', 'junit'] as const;
export type TestFormat = typeof TEST_FORMATS[number];

export interface TestOptions {
    readonly format: TestFormat;
    /** Write the report to this file instead of stdout. */
    readonly output?: string;
    /** Fail (exit 1) when a tested pathway's transition coverage is below this percentage. */
    readonly minCoverage?: number;
    /** Run only the scenarios whose name contains this text. */
    readonly filter?: string;
    /** Use this configuration for every file instead of the nearest `.pmpathrc.json`. */
    readonly config?: string;
    /** Write a suite for this pathway file instead of running suites (`--output`: the suite file). */
    readonly generate?: string;
}

/** Parses `--min-coverage`: a percentage from 0 to 100 (decimals allowed). */
export function parseMinCoverage(value: string): number {
    const trimmed = value.trim().replace(/%$/, '');
    const n = Number(trimmed);
    if (!/^\d+(\.\d+)?$/.test(trimmed) || !(n >= 0 && n <= 100)) {
        throw new InvalidArgumentError('Expected a percentage from 0 to 100.');
    }
    return n;
}

/** The `test` command. */
export function testCommand(): Command {
    return new Command('test')
        .description('run the scenarios of .pmtest suites against their pathways, with coverage (no PATH: the current directory)')
        .argument('[paths...]', 'suite files, or directories walked for *.pmtest (skipping node_modules and dot-folders)')
        .addOption(new Option('--format <format>', 'report format (junit: JUnit XML for CI test reports)').choices(TEST_FORMATS).default('stylish'))
        .option('--output <file>', 'write the report (with --generate: the suite, a .pmtest file whose import is relative to its folder) to FILE instead of stdout (creates its folders)')
        .option('--min-coverage <n>', "fail (exit 1) when a tested pathway's transition coverage is below N percent", parseMinCoverage)
        .option('--filter <text>', 'run only the scenarios whose name contains TEXT')
        .option('--config <file>', 'use this configuration for every file instead of the nearest .pmpathrc.json')
        .option('--generate <pathway>', 'instead of running suites, write a suite for PATHWAY.pmpath: values at and around the cutoffs\' bounds, waits to each `after`, an `expect path` per scenario; untakeable transitions are listed in comments')
        .addHelpText('after', '\nExit codes: 0 every scenario passed and coverage is met; 1 a scenario failed, coverage is below\n--min-coverage, or a suite or its pathway has error findings (its scenarios are not run);\n2 usage error, unreadable input, no .pmtest file found, or --filter matching no scenario.\nWith --generate: 0 suite written; 1 the pathway has syntax errors or unresolved names;\n2 usage error, unreadable input, not a pathway, bad configuration or internal failure.')
        .action(async (paths: string[], options: TestOptions) => {
            if (options.generate !== undefined) {
                if (paths.length > 0) {
                    throw new CliError(`--generate takes one pathway and no suites to run (got ${paths.join(', ')})`);
                }
                const { runTestGenerate } = await import('./test-generate.js');
                process.exitCode = await runTestGenerate(options.generate, options);
                return;
            }
            const { runTest } = await import('./test-run.js');
            process.exitCode = await runTest(paths, options);
        });
}
