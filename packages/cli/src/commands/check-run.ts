/**
 * What `pmpath check` does once its options are parsed: expand the PATHs, lint,
 * build the report, write it, and decide the exit code. Loaded lazily by the
 * `check` command, so help and other commands never load the lint engine.
 */
import * as path from 'node:path';
import pc from 'picocolors';
import { ConfigError, findRepositoryRoot, LintInputError, lintFiles } from '@pmpath/language';
import { CliError, ExitCode, type ExitCodeValue } from '../errors.js';
import { displayPath, expandPaths, messagePath } from '../files.js';
import { formatJson } from '../format/json.js';
import { buildCheckReport, type CheckReport } from '../format/report-model.js';
import { formatSarif } from '../format/sarif.js';
import { DEFAULT_WIDTH, formatStylish, stdoutSupportsColor, summaryLine } from '../format/stylish.js';
import { writeReport } from '../output.js';
import { cliVersion } from '../version.js';
import type { CheckOptions } from './check.js';

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
        run.files.map(file => ({
            path: displayPath(file.filePath, cwd),
            diagnostics: file.diagnostics,
            suppressed: file.suppressed,
            text: file.document?.textDocument.getText(),
        })),
        { quiet: options.quiet }
    );
    const maxWarnings = warningLimit(options.maxWarnings);
    writeReport(renderReport(report, { ...options, maxWarnings }, cwd), options.output, cwd);
    if (options.output) {
        // The report went to a file: keep the CI log from being empty.
        process.stderr.write(`${summaryLine(report.summary, pc.createColors(stderrSupportsColor()))} Report written to ${options.output}.\n${tooManyWarnings(report, maxWarnings) ? `${tooManyWarningsLine(maxWarnings!)}\n` : ''}`);
    }
    return checkExitCode(report, maxWarnings);
}

/** `--max-warnings -1` means no limit, as in ESLint. */
function warningLimit(maxWarnings: number | undefined): number | undefined {
    return maxWarnings === undefined || maxWarnings < 0 ? undefined : maxWarnings;
}

function tooManyWarnings(report: CheckReport, maxWarnings: number | undefined): boolean {
    return maxWarnings !== undefined && report.summary.errors === 0 && report.summary.warnings > maxWarnings;
}

function tooManyWarningsLine(maxWarnings: number): string {
    return `pmpath found too many warnings (maximum: ${maxWarnings}).`;
}

/** 1 when there are errors or more warnings than allowed (a negative limit: none), else 0. */
export function checkExitCode(report: CheckReport, maxWarnings: number | undefined): ExitCodeValue {
    maxWarnings = warningLimit(maxWarnings);
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
            return formatSarif(report, { toolVersion: cliVersion(), cwd, base: sarifBase(report, options, cwd) });
        case 'stylish': {
            const toTerminal = !options.output && process.stdout.isTTY === true;
            const text = formatStylish(report, {
                color: !options.output && stdoutSupportsColor(),
                width: toTerminal && process.stdout.columns ? process.stdout.columns : DEFAULT_WIDTH,
                showSuppressed: options.showSuppressed,
            });
            return tooManyWarnings(report, options.maxWarnings) ? `${text}${tooManyWarningsLine(options.maxWarnings!)}\n` : text;
        }
    }
}

/**
 * The folder SARIF URIs are relative to (`%SRCROOT%`): `--base DIR`, else the
 * repository that holds the checked files (the nearest folder above them with
 * a `.git`), else the working directory when it holds them all, else the
 * folder that does. Code scanning resolves URIs against the repository root,
 * so a check run from a subfolder, or of a path outside the working
 * directory, still points at the right files.
 */
function sarifBase(report: CheckReport, options: CheckOptions, cwd: string): string {
    const files = report.files.map(file => path.resolve(cwd, file.path));
    if (options.base) {
        const base = path.resolve(cwd, options.base);
        const outside = files.find(file => !isInside(file, base));
        if (outside) {
            throw new CliError(`${messagePath(outside, cwd)} is outside --base ${options.base}; SARIF locations must lie inside it`);
        }
        return base;
    }
    const common = commonFolder(files) ?? cwd;
    return findRepositoryRoot(common) ?? (files.every(file => isInside(file, cwd)) ? cwd : common);
}

function commonFolder(files: readonly string[]): string | undefined {
    if (files.length === 0) return undefined;
    let common = path.dirname(files[0]);
    for (const file of files) {
        while (!isInside(file, common)) common = path.dirname(common);
    }
    return common;
}

function isInside(child: string, parent: string): boolean {
    const relative = path.relative(parent, child);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Colour on stderr follows the same switches as stdout, for a terminal on stderr. */
function stderrSupportsColor(): boolean {
    return stdoutSupportsColor(process.env, process.argv, process.stderr.isTTY === true);
}
