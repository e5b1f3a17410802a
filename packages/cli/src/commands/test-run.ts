/**
 * What `pmpath test` does once its options are parsed: find the suites, lint
 * them together with their pathways and the files those import, run the
 * scenarios of every suite without error findings through the simulator of
 * `@pmpath/language`, collect coverage per pathway, and write the report.
 * Loaded lazily by the `test` command.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
    ConfigError, CoverageCollector, importTargets, isPmpathFile, LintInputError, lintFiles, runScenario, transitionCoveragePercent,
    type FileLintResult, type Pathway, type PathwayCoverage, type ScenarioResult, type TestSuite
} from '@pmpath/language';
import { CliError, type ExitCodeValue } from '../errors.js';
import { displayPath, expandPaths, messagePath, PMTEST_EXTENSION } from '../files.js';
import { formatTestJson } from '../format/test-json.js';
import { formatTestJunit } from '../format/test-junit.js';
import {
    buildTestReport, testExitCode, type BlockingFinding, type CoverageReport, type ScenarioReport, type SuiteReport, type TestReport
} from '../format/test-report.js';
import { formatTestStylish } from '../format/test-stylish.js';
import { stdoutSupportsColor } from '../format/stylish.js';
import { writeReport } from '../output.js';
import type { TestOptions } from './test.js';

/** Runs the suites and writes the report; returns the exit code. Throws `CliError` for unusable input. */
export async function runTest(paths: readonly string[], options: TestOptions, cwd: string = process.cwd()): Promise<ExitCodeValue> {
    const report = await collectTestReport(paths, options, cwd);
    writeReport(renderTestReport(report, options), options.output, cwd);
    return testExitCode(report);
}

/** The report in the format asked for. */
export function renderTestReport(report: TestReport, options: Pick<TestOptions, 'format' | 'output'>): string {
    switch (options.format) {
        case 'json':
            return formatTestJson(report);
        case 'junit':
            return formatTestJunit(report);
        case 'stylish':
            return formatTestStylish(report, { color: !options.output && stdoutSupportsColor() });
    }
}

/**
 * Lints and runs the suites found in `paths`. A suite runs only when neither
 * it, nor its pathway, nor a file the pathway imports has an error-severity
 * finding (SPEC §7): the simulation reads all of them.
 */
export async function collectTestReport(paths: readonly string[], options: Pick<TestOptions, 'filter' | 'minCoverage' | 'config'>, cwd: string = process.cwd()): Promise<TestReport> {
    const files = await expandPaths(paths, cwd, [PMTEST_EXTENSION]);
    const notSuite = files.find(file => !file.endsWith(PMTEST_EXTENSION));
    if (notSuite) {
        throw new CliError(`${messagePath(notSuite, cwd)}: not a ${PMTEST_EXTENSION} file; pmpath test runs test suites (pmpath check lints pathways)`);
    }
    let run: Awaited<ReturnType<typeof lintFiles>>;
    try {
        run = await lintFiles(files, { configFile: options.config ? path.resolve(cwd, options.config) : undefined, includeImports: true });
    } catch (error) {
        if (error instanceof LintInputError || error instanceof ConfigError) {
            throw new CliError(`${messagePath(error.filePath, cwd)}: ${error.reason}`);
        }
        throw error;
    }
    const byUri = new Map<string, FileLintResult>(run.files.map(file => [file.uri, file]));
    const requested = new Set(files.map(file => path.resolve(file)));
    const suites = run.files.filter(file => requested.has(file.filePath));

    const filter = options.filter;
    if (filter !== undefined && !suites.some(file => suiteOf(file.document)?.scenarios.some(s => s.name?.includes(filter)))) {
        // Not a usage error (SPEC §7 exits 2 only for usage, unreadable input or no suite):
        // nothing ran, so nothing failed; say so, since a mistyped filter in CI should be noticed.
        process.stderr.write(`pmpath: warning: no scenario name contains ${JSON.stringify(filter)} in ${plural(suites.length, 'suite')}; nothing was run\n`);
    }

    const coverage = new CoverageCollector();
    const locate = (uri: string, line: number) => `${displayPath(fileURLToPath(uri), cwd)}:${line}`;
    const reports: SuiteReport[] = [];
    for (const file of suites) {
        reports.push(runSuiteFile(file, byUri, coverage, { filter, locate, cwd }));
    }
    return buildTestReport(reports, coverage.summaries().map(c => coverageReport(c, cwd)), options.minCoverage);
}

function suiteOf(document: FileLintResult['document']): TestSuite | undefined {
    const root = document?.parseResult.value;
    return isPmpathFile(root) && root.body?.$type === 'TestSuite' ? root.body : undefined;
}

interface RunContext {
    readonly filter: string | undefined;
    readonly locate: (uri: string, line: number) => string;
    readonly cwd: string;
}

function runSuiteFile(file: FileLintResult, byUri: ReadonlyMap<string, FileLintResult>, coverage: CoverageCollector, context: RunContext): SuiteReport {
    const { cwd } = context;
    const suitePath = displayPath(file.filePath, cwd);
    const suite = suiteOf(file.document);
    const pathway = suite?.pathway?.ref;
    const root = file.document?.parseResult.value;
    const body = isPmpathFile(root) ? root.body : undefined;
    const pathwayName = suite?.pathway?.$refText ?? (body && body.$type !== 'TestSuite' ? body.name : undefined) ?? '';
    const pathwayDocument = pathway ? documentOf(pathway) : undefined;
    const pathwayPath = pathwayDocument ? displayPath(fileURLToPath(pathwayDocument.uri.toString()), cwd) : null;

    // Everything the simulation reads: the suite, its pathway and the files the pathway imports.
    const blocking = [file.uri];
    if (pathwayDocument) {
        blocking.push(pathwayDocument.uri.toString(), ...importTargets(pathwayDocument).map(t => t.uri.toString()));
    }
    const findings: BlockingFinding[] = [];
    for (const uri of new Set(blocking)) {
        const result = byUri.get(uri);
        if (!result) continue;
        const filePath = displayPath(result.filePath, cwd);
        for (const diagnostic of result.diagnostics) {
            if (diagnostic.severity === 'error') findings.push({ ...diagnostic, path: filePath });
        }
    }
    if (findings.length === 0 && (!suite || !pathway)) {
        // Cannot happen (a file without a suite or pathway has a `syntax` or
        // `unresolved-reference` error), but a suite must never run half-linked.
        findings.push({ path: suitePath, rule: 'syntax', severity: 'error', message: 'This file holds no test suite (`tests for PATHWAY { … }`).', line: 1, column: 1, endLine: 1, endColumn: 1 });
    }
    if (findings.length > 0 || !suite || !pathway) {
        return { path: suitePath, pathway: pathwayName, pathwayPath, findings, scenarios: [] };
    }

    coverage.include(pathway);
    const scenarios: ScenarioReport[] = [];
    for (const scenario of suite.scenarios) {
        if (context.filter !== undefined && !scenario.name?.includes(context.filter)) continue;
        const start = performance.now();
        const result = runScenario(scenario, { coverage, locate: context.locate });
        scenarios.push(scenarioReport(result, performance.now() - start, cwd));
    }
    return { path: suitePath, pathway: pathway.name, pathwayPath, findings, scenarios };
}

function scenarioReport(result: ScenarioResult, durationMs: number, cwd: string): ScenarioReport {
    const failure = result.failure;
    return {
        name: result.name,
        line: result.line,
        column: result.column,
        status: result.status,
        path: result.path,
        failure: failure && {
            kind: failure.kind,
            line: failure.line,
            column: failure.column,
            message: failure.message,
            expected: failure.expected,
            actual: failure.actual,
            transitions: failure.transitions.map(t => ({ from: t.from, to: t.to, path: displayPath(fileURLToPath(t.uri), cwd), line: t.line })),
        },
        notes: result.notes,
        endDate: result.endDate,
        durationMs,
    };
}

function coverageReport(coverage: PathwayCoverage, cwd: string): CoverageReport {
    return {
        pathway: coverage.name,
        path: displayPath(fileURLToPath(coverage.uri), cwd),
        transitions: {
            taken: coverage.transitions.taken,
            total: coverage.transitions.total,
            notTaken: coverage.transitions.notTaken.map(t => ({ line: t.line, from: t.from, to: t.to })),
        },
        states: { entered: coverage.states.entered, total: coverage.states.total, notEntered: coverage.states.notEntered },
        guards: { outcomesSeen: coverage.guards.outcomesSeen, outcomesTotal: coverage.guards.outcomesTotal },
        percent: transitionCoveragePercent(coverage),
    };
}

/** The document a pathway was parsed from (Langium keeps it on the root node). */
function documentOf(pathway: Pathway): NonNullable<FileLintResult['document']> | undefined {
    const root = pathway.$container;
    return root?.$document as NonNullable<FileLintResult['document']> | undefined;
}

function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
