/**
 * What `pmpath check` does once its options are parsed: expand the PATHs, lint,
 * build the report, write it, and decide the exit code. Loaded lazily by the
 * `check` command, so help and other commands never load the lint engine.
 */
import * as path from 'node:path';
import type { FileLintResult } from '@pmpath/language';
import { ConfigError, LintInputError, lintFilesCached, resolveCacheLocation, rulesFingerprint } from '@pmpath/language/lint-cache';
import { buildId } from '../build-id.js';
import { CliError, ExitCode, type ExitCodeValue } from '../errors.js';
import { displayPath, expandPaths, messagePath } from '../files.js';
import { formatJson } from '../format/json.js';
import { buildCheckReport, type CheckReport } from '../format/report-model.js';
import { formatSarif } from '../format/sarif.js';
import { formatStylish, stdoutSupportsColor } from '../format/stylish.js';
import { writeReport } from '../output.js';
import { cliVersion } from '../version.js';
import type { CheckOptions } from './check.js';

/**
 * Runs a check and writes its report. Returns the exit code; throws
 * `CliError` for usage errors, unreadable input and bad configuration.
 */
export async function runCheck(paths: readonly string[], options: CheckOptions, cwd: string = process.cwd()): Promise<ExitCodeValue> {
    const files = await expandPaths(paths, cwd);
    const configFile = options.config ? path.resolve(cwd, options.config) : undefined;
    let run: { files: readonly FileLintResult[] };
    try {
        if (options.cache || options.cacheLocation) {
            // The lint engine (Langium) is loaded only when some file must be checked.
            run = await lintFilesCached(files, {
                cacheFile: resolveCacheLocation(options.cacheLocation, cwd),
                configFile,
                engine: `pmpath ${cliVersion()} ${buildId()} rules ${rulesFingerprint()}`,
            }, () => import('@pmpath/language'));
        } else {
            const { lintFiles } = await import('@pmpath/language');
            run = await lintFiles(files, { configFile });
        }
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
