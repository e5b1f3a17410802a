/**
 * A minimal `pmpath test` command that only handles `--generate` (SPEC §7).
 * Running suites (`pmpath test [PATH…]`, stylish/json/junit) is built
 * separately; when that command lands, `--generate` moves onto it and this
 * registration goes away. The work lives in `test-generate.ts`, loaded only
 * when the command runs.
 */
import { Command } from 'commander';
import { CliError } from '../errors.js';

interface Options {
    readonly generate?: string;
    readonly output?: string;
    readonly config?: string;
}

/** The `test` command (only `--generate` for now). */
export function testGenerateCommand(): Command {
    return new Command('test')
        .description('generate a .pmtest suite for a pathway: scenarios that together take every transition that observations and waits can take')
        .argument('[paths...]', 'test suites to run (not available in this build: use --generate)')
        .option('--generate <pathway>', 'write a suite for PATHWAY.pmpath: values at and around the cutoffs\' bounds, waits to each `after`, an `expect path` per scenario; untakeable transitions are listed in comments')
        .option('--output <file>', 'write the suite to FILE (a .pmtest file; the import is relative to its folder) instead of stdout')
        .option('--config <file>', 'use this configuration for the pathway\'s findings instead of the nearest .pmpathrc.json')
        .addHelpText('after', '\nExit codes: 0 suite written; 1 the pathway has syntax errors or unresolved names;\n2 usage error, unreadable input, not a pathway, bad configuration or internal failure.')
        .action(async (paths: string[], options: Options) => {
            if (options.generate === undefined) {
                throw new CliError('running test suites is not available in this build; use pmpath test --generate PATHWAY.pmpath');
            }
            if (paths.length > 0) {
                throw new CliError(`--generate takes one pathway and no suites to run (got ${paths.join(', ')})`);
            }
            const { runTestGenerate } = await import('./test-generate.js');
            process.exitCode = await runTestGenerate(options.generate, options);
        });
}
