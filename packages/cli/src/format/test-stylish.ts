/**
 * `pmpath test --format stylish` (the default), what a test-runner user
 * expects (SPEC §7): per suite its path and pathway, `✓`/`✗` per scenario, a
 * failure with `file:LINE:COLUMN`, its message, expected vs actual and the
 * path so far, notes, the findings that kept a suite from running, one
 * coverage line per pathway naming the transitions not taken with their
 * `file:line`, and last a line `N scenarios: N passed, N failed`.
 */
import pc from 'picocolors';
import { formatPercent, type CoverageReport, type ScenarioReport, type SuiteReport, type TestReport } from './test-report.js';
import { printable } from './stylish.js';

export interface TestStylishOptions {
    /** Emit ANSI colours (only when writing to a terminal). */
    readonly color: boolean;
}

type Colors = ReturnType<typeof pc.createColors>;

/** The stylish report text, ending with a newline. */
export function formatTestStylish(report: TestReport, options: TestStylishOptions): string {
    const c = pc.createColors(options.color);
    const out: string[] = [];
    for (const suite of report.suites) {
        // With --filter, a suite none of whose scenarios matched has nothing to show.
        if (suite.findings.length === 0 && suite.scenarios.length === 0 && report.suites.length > 1) continue;
        out.push(...suiteLines(suite, c), '');
    }
    if (report.coverage.length > 0) {
        out.push(c.bold('Coverage'));
        for (const coverage of report.coverage) out.push(`  ${coverageLine(coverage, report.minCoverage, c)}`);
        out.push('');
    }
    for (const below of report.belowMinimum) {
        out.push(c.red(`✗ transition coverage of ${printable(below.pathway)} is ${formatPercent(below.percent)}, below the minimum of ${formatPercent(report.minCoverage ?? 0)}`));
    }
    const { scenarios, passed, failed, notRun } = report.summary;
    if (notRun > 0) {
        out.push(c.red(`✗ ${notRun} suite${notRun === 1 ? '' : 's'} not run because of error findings`));
    }
    const last = `${scenarios} scenarios: ${passed} passed, ${failed} failed`;
    const bad = failed > 0 || notRun > 0 || report.belowMinimum.length > 0;
    out.push(c.bold(bad ? c.red(last) : c.green(last)));
    return `${out.join('\n')}\n`;
}

function suiteLines(suite: SuiteReport, c: Colors): string[] {
    const where = suite.pathwayPath ? ` (${printable(suite.pathwayPath)})` : '';
    const lines = [`${c.underline(printable(suite.path))} ${c.dim('—')} ${c.bold(printable(suite.pathway || '?'))}${c.dim(where)}`];
    if (suite.findings.length > 0) {
        const count = suite.findings.length;
        lines.push(`  ${c.red('✗')} not run: ${count} error finding${count === 1 ? '' : 's'} in the suite or its pathway`);
        for (const f of suite.findings) {
            lines.push(`      ${c.dim(`${printable(f.path)}:${f.line}:${f.column}`)}  ${printable(f.message)}  ${c.dim(f.rule)}`);
        }
        return lines;
    }
    if (suite.scenarios.length === 0) {
        lines.push(c.dim('  (no scenarios)'));
    }
    for (const scenario of suite.scenarios) lines.push(...scenarioLines(suite, scenario, c));
    return lines;
}

function scenarioLines(suite: SuiteReport, scenario: ScenarioReport, c: Colors): string[] {
    const lines: string[] = [];
    const failure = scenario.failure;
    if (!failure) {
        lines.push(`  ${c.green('✓')} ${printable(scenario.name)}`);
    } else {
        lines.push(`  ${c.red('✗')} ${printable(scenario.name)}`);
        lines.push(`      ${c.dim(`${printable(suite.path)}:${failure.line}:${failure.column}`)}  ${printable(failure.message)}`);
        const rows: Array<[string, string]> = [];
        if (failure.expected !== undefined) rows.push(['expected', failure.expected]);
        if (failure.actual !== undefined) rows.push(['actual', failure.actual]);
        for (const t of failure.transitions) rows.push(['transition', `${t.from} -> ${t.to} (${t.path}:${t.line})`]);
        rows.push(['path so far', scenario.path.length > 0 ? scenario.path.join(' -> ') : '(none: the scenario did not start)']);
        const width = Math.max(...rows.map(([label]) => label.length));
        for (const [label, value] of rows) {
            const shown = label === 'expected' ? c.green(printable(value)) : label === 'actual' ? c.red(printable(value)) : printable(value);
            lines.push(`      ${c.dim(label.padEnd(width))}  ${shown}`);
        }
    }
    for (const note of scenario.notes) {
        lines.push(`      ${c.yellow('note:')} ${printable(note)}`);
    }
    return lines;
}

function coverageLine(coverage: CoverageReport, minimum: number | undefined, c: Colors): string {
    const { transitions, states, guards } = coverage;
    const percent = formatPercent(coverage.percent);
    const shownPercent = minimum !== undefined && coverage.percent < minimum ? c.red(percent) : percent;
    const parts = [
        `transitions ${transitions.taken}/${transitions.total} (${shownPercent})`,
        `states ${states.entered}/${states.total}`,
        `guard outcomes ${guards.outcomesSeen}/${guards.outcomesTotal}`,
    ];
    const notTaken = transitions.notTaken.length === 0
        ? 'every transition taken'
        : `not taken: ${transitions.notTaken.map(t => `${t.from} -> ${t.to} (${coverage.path}:${t.line})`).join(', ')}`;
    return `${c.bold(printable(coverage.pathway))} ${c.dim(`(${printable(coverage.path)})`)}: ${parts.join(', ')}; ${printable(notTaken)}`;
}
