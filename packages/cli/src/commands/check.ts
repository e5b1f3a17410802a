/**
 * `pmpath check [PATH…]` (SPEC §6): lints files and directories and prints a
 * stylish, JSON or SARIF report. Exit code 0 when there are no errors and the
 * warnings stay within `--max-warnings`, 1 otherwise, 2 for unusable input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, LintInputError, lintFiles } from '@pmpath/language';
import { CliError, ExitCode, type ExitCodeValue } from '../errors.js';
import { displayPath, expandPaths, messagePath } from '../files.js';
import { formatJson } from '../format/json.js';
import { buildCheckReport, type CheckReport } from '../format/report-model.js';
import { formatSarif } from '../format/sarif.js';
import { formatStylish, stdoutSupportsColor } from '../format/stylish.js';
import { cliVersion } from '../version.js';

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
}

/**
 * Runs a check and writes its report. Returns the exit code; throws
 * `CliError` for usage errors, unreadable input and bad configuration.
 */
export async function runCheck(paths: readonly string[], options: CheckOptions, cwd: string = process.cwd()): Promise<ExitCodeValue> {
    const files = await expandPaths(paths, cwd);
    let run: Awaited<ReturnType<typeof lintFiles>>;
    try {
        run = await lintFiles(files, { configFile: options.config ? path.resolve(cwd, options.config) : undefined });
    } catch (error) {
        if (error instanceof LintInputError || error instanceof ConfigError) {
            throw new CliError(`${messagePath(error.filePath, cwd)}: ${error.reason}`);
        }
        throw error;
    }
    const report = buildCheckReport(
        run.files.map(file => ({ path: displayPath(file.filePath, cwd), diagnostics: file.diagnostics })),
        { quiet: options.quiet }
    );
    writeReport(renderReport(report, options, cwd), options.output, cwd);
    return checkExitCode(report, options.maxWarnings);
}

/** 1 when there are errors or more warnings than allowed, else 0. */
export function checkExitCode(report: CheckReport, maxWarnings: number | undefined): ExitCodeValue {
    if (report.summary.errors > 0) {
        return ExitCode.lintFailure;
    }
    if (maxWarnings !== undefined && report.summary.warnings > maxWarnings) {
        return ExitCode.lintFailure;
    }
    return ExitCode.ok;
}

function renderReport(report: CheckReport, options: CheckOptions, cwd: string): string {
    switch (options.format) {
        case 'json':
            return formatJson(report);
        case 'sarif':
            return formatSarif(report, { toolVersion: cliVersion(), cwd });
        case 'stylish': {
            const text = formatStylish(report, { color: !options.output && stdoutSupportsColor() });
            if (options.maxWarnings !== undefined && report.summary.errors === 0 && report.summary.warnings > options.maxWarnings) {
                return `${text}pmpath found too many warnings (maximum: ${options.maxWarnings}).\n`;
            }
            return text;
        }
    }
}

/** Writes to `output` (creating its folders) or to stdout. */
export function writeReport(text: string, output: string | undefined, cwd: string = process.cwd()): void {
    if (!output) {
        process.stdout.write(text);
        return;
    }
    const target = path.resolve(cwd, output);
    try {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, text);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new CliError(`${output}: cannot write the report (${code ?? (error instanceof Error ? error.message : String(error))})`);
    }
}

/** Parses `--max-warnings`: a non-negative integer. */
export function parseMaxWarnings(value: string): number {
    if (!/^\d+$/.test(value.trim())) {
        throw new InvalidArgumentError('Expected a non-negative whole number.');
    }
    const n = Number(value.trim());
    if (!Number.isSafeInteger(n)) {
        throw new InvalidArgumentError('Expected a non-negative whole number.');
    }
    return n;
}

/** The `check` command. */
export function checkCommand(): Command {
    return new Command('check')
        .description('lint .pmpath files and directories (no PATH: the current directory)')
        .argument('[paths...]', 'files, or directories walked for *.pmpath (skipping node_modules and dot-folders)')
        .addOption(new Option('--format <format>', 'report format').choices(CHECK_FORMATS).default('stylish'))
        .option('--output <file>', 'write the report to FILE instead of stdout (creates its folders)')
        .option('--max-warnings <n>', 'fail (exit 1) when there are more than N warnings', parseMaxWarnings)
        .option('--quiet', 'report errors only: hide warnings and infos and do not count them')
        .option('--config <file>', 'use this configuration for every file instead of the nearest .pmpathrc.json')
        .addHelpText('after', '\nExit codes: 0 no errors and warnings within --max-warnings; 1 lint errors or too many warnings;\n2 usage error, unreadable input, bad configuration or internal failure.')
        .action(async (paths: string[], options: CheckOptions) => {
            process.exitCode = await runCheck(paths, options);
        });
}
