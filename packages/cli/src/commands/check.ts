/**
 * `pmpath check [PATH…]` (SPEC §6): lints files and directories and prints a
 * stylish, JSON or SARIF report. Exit code 0 when there are no errors and the
 * warnings stay within `--max-warnings`, 1 otherwise, 2 for unusable input.
 *
 * This module only declares the command; the work lives in `check-run.ts`,
 * imported when the command runs.
 */
import { Command, InvalidArgumentError, Option } from 'commander';

// Shared with `diagram` and `report`, which write their output the same way.
export { writeReport } from '../output.js';

export const CHECK_FORMATS = ['stylish', 'json', 'sarif'] as const;
export type CheckFormat = typeof CHECK_FORMATS[number];

export interface CheckOptions {
    readonly format: CheckFormat;
    /** Write the report to this file instead of stdout. */
    readonly output?: string;
    /** More warnings than this fail the run (exit 1). */
    readonly maxWarnings?: number;
    /** Errors only: warnings and infos are hidden and not counted. */
    readonly quiet?: boolean;
    /** Use this configuration for every file instead of the nearest `.pmpathrc.json`. */
    readonly config?: string;
    /** stylish: also list the findings that suppression comments silenced, with their reasons. */
    readonly showSuppressed?: boolean;
    /** sarif: the folder artifact URIs are relative to (default: the repository root). */
    readonly base?: string;
}

/** Parses `--max-warnings`: a non-negative whole number, or -1 for no limit (as in ESLint). */
export function parseMaxWarnings(value: string): number {
    const trimmed = value.trim();
    const n = Number(trimmed);
    if (!/^(\d+|-1)$/.test(trimmed) || !Number.isSafeInteger(n)) {
        throw new InvalidArgumentError('Expected a non-negative whole number, or -1 for no limit.');
    }
    return n;
}

/** The `check` command. */
export function checkCommand(): Command {
    return new Command('check')
        .description('lint .pmpath and .pmtest files and directories (no PATH: the current directory)')
        .argument('[paths...]', '.pmpath and .pmtest files, or directories walked for them (skipping node_modules and dot-folders)')
        .addOption(new Option('--format <format>', 'report format').choices(CHECK_FORMATS).default('stylish'))
        .option('--output <file>', 'write the report to FILE instead of stdout (creates its folders)')
        .option('--max-warnings <n>', 'fail (exit 1) when there are more than N warnings (-1: no limit)', parseMaxWarnings)
        .option('--quiet', 'report errors only: hide warnings and infos and do not count them')
        .option('--config <file>', 'use this configuration for every file instead of the nearest .pmpathrc.json')
        .option('--show-suppressed', 'stylish: also list the findings that suppression comments silenced, with their reasons')
        .option('--base <dir>', 'sarif: make artifact URIs relative to DIR (default: the repository root, the nearest folder with .git)')
        .addHelpText('after', [
            '',
            'With --output, the one-line summary is printed on stderr. json and sarif',
            'always carry the suppressed findings with their reasons.',
            'Exit codes: 0 no errors and warnings within --max-warnings; 1 lint errors',
            'or too many warnings; 2 usage error, unreadable input, bad configuration',
            'or internal failure.',
        ].join('\n'))
        .action(async (paths: string[], options: CheckOptions) => {
            const { runCheck } = await import('./check-run.js');
            process.exitCode = await runCheck(paths, options);
        });
}
