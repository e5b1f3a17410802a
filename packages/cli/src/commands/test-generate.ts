/**
 * `pmpath test --generate PATHWAY.pmpath [--output FILE]` (SPEC §7): writes a
 * `.pmtest` suite whose scenarios together take every transition that some
 * sequence of observations and waits can take (`generateSuite` in
 * `@pmpath/language` does the work and checks every scenario with the
 * simulator). The `import` line is relative to where the suite is written:
 * the folder of `--output`, or the working directory for stdout.
 *
 * Exit codes: 0 suite written; 1 the pathway has syntax errors or unresolved
 * names (printed on stderr: a generator cannot know what the pathway means);
 * 2 usage error, unreadable input, not a pathway, bad configuration.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, generateSuite, LintInputError, lintFiles, type Pathway, type PmpathFile } from '@pmpath/language';
import { CliError, ExitCode, oneLine, type ExitCodeValue } from '../errors.js';
import { displayPath, messagePath } from '../files.js';
import { buildCheckReport } from '../format/report-model.js';
import { formatStylish } from '../format/stylish.js';
import { writeReport } from '../output.js';

export interface TestGenerateOptions {
    /** Write the suite to this file instead of stdout. */
    readonly output?: string;
    /** Configuration for the pathway's findings instead of the nearest `.pmpathrc.json`. */
    readonly config?: string;
}

/** Findings that leave the pathway's meaning open: nothing sensible can be generated. */
const BLOCKING_RULES: ReadonlySet<string> = new Set(['syntax', 'unresolved-reference']);

/** Generates and writes the suite; returns the exit code. Throws `CliError` for unusable input. */
export async function runTestGenerate(pathwayFile: string, options: TestGenerateOptions, cwd: string = process.cwd()): Promise<ExitCodeValue> {
    if (options.output !== undefined && options.output.endsWith('.pmpath')) {
        throw new CliError(`${options.output}: a test suite must be written to a .pmtest file (a suite in a .pmpath file is a syntax error)`);
    }
    const filePath = path.resolve(cwd, pathwayFile);
    let run: Awaited<ReturnType<typeof lintFiles>>;
    try {
        run = await lintFiles([filePath], { configFile: options.config ? path.resolve(cwd, options.config) : undefined });
    } catch (error) {
        if (error instanceof LintInputError || error instanceof ConfigError) {
            throw new CliError(`${messagePath(error.filePath, cwd)}: ${error.reason}`);
        }
        throw error;
    }
    const result = run.files[0];
    const shown = displayPath(result.filePath, cwd);
    const blocking = result.diagnostics.filter(d => d.severity === 'error' && BLOCKING_RULES.has(d.rule));
    if (blocking.length > 0) {
        const report = buildCheckReport([{ path: shown, diagnostics: blocking }]);
        process.stderr.write(formatStylish(report, { color: false }));
        process.stderr.write(`pmpath: ${messagePath(result.filePath, cwd)}: fix the syntax errors and unresolved names before generating scenarios\n`);
        return ExitCode.lintFailure;
    }
    const body = (result.document?.parseResult.value as PmpathFile | undefined)?.body;
    if (body?.$type !== 'Pathway') {
        const what = body?.$type === 'TestSuite' ? 'a test suite' : body?.$type === 'Library' ? `library ${body.name}` : 'not a pathway';
        throw new CliError(`${messagePath(result.filePath, cwd)}: is ${what}; scenarios are generated for a pathway, so pass a .pmpath file that holds one`);
    }
    const errors = result.diagnostics.filter(d => d.severity === 'error').length;
    if (errors > 0) {
        process.stderr.write(`pmpath: warning: ${messagePath(result.filePath, cwd)} has ${errors} error finding${errors === 1 ? '' : 's'} (run pmpath check); pmpath test will not run the generated suite until they are fixed\n`);
    }
    const target = options.output !== undefined ? path.resolve(cwd, options.output) : undefined;
    const folder = target ? path.dirname(target) : cwd;
    const generated = generateSuite(body as Pathway, { outputFolder: pathToFileURL(folder).href });
    writeReport(generated.text, options.output, cwd);

    const total = generated.transitions.length;
    const count = generated.scenarios.length;
    const destination = target ? messagePath(target, cwd) : 'stdout';
    const left = generated.untakeable.length;
    const line = `pmpath: wrote ${count} scenario${count === 1 ? '' : 's'} for ${body.name} to ${destination}: `
        + `${generated.taken.length} of ${total} transition${total === 1 ? '' : 's'} taken`
        + (left > 0 ? `; ${left} cannot be taken by any observations and waits (the suite's comments say why)` : '')
        + (generated.searchLimitReached ? '; the search stopped at its limit' : '');
    // stdout carries the suite when there is no --output: the summary must not mix into it.
    (target ? process.stdout : process.stderr).write(`${oneLine(line)}\n`);
    return ExitCode.ok;
}
