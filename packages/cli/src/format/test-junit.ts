/**
 * `pmpath test --format junit`: JUnit XML as GitLab (`artifacts:reports:junit`),
 * Jenkins (`junit` step) and GitHub test-report actions read it (SPEC §7).
 * One `<testsuite name="PATHWAY" file="…">` per suite, one `<testcase
 * classname="PATHWAY" name="SCENARIO" file="…" line="N">` per scenario (names
 * are made unique per classname: CI tools merge test cases that share both),
 * a `<failure message="…">` for a failed one, the path and notes in
 * `<system-out>`. A suite that did not run because of error findings is one
 * test case with an `<error>` listing them, so the CI report shows it failed.
 *
 * Written by hand rather than with an XML builder: the document is five
 * element types, and what matters is the escaping below (tested by parsing).
 */
import type { ScenarioReport, SuiteReport, TestReport } from './test-report.js';

/** The JUnit XML text, ending with a newline. */
export function formatTestJunit(report: TestReport): string {
    const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
    const totals = { tests: 0, failures: 0, errors: 0, time: 0 };
    const body: string[] = [];
    // Unique (classname, name) over the whole document: two suites of one pathway may share scenario names.
    const used = new Set<string>();
    for (const suite of report.suites) {
        const classname = suite.pathway || suite.path;
        if (suite.findings.length > 0) {
            totals.tests++;
            totals.errors++;
            body.push(...blockedSuite(suite, classname, unique(used, classname, 'error findings, scenarios not run', suite.path, 1)));
            continue;
        }
        const failures = suite.scenarios.filter(s => s.status === 'failed').length;
        const time = suite.scenarios.reduce((sum, s) => sum + s.durationMs, 0) / 1000;
        totals.tests += suite.scenarios.length;
        totals.failures += failures;
        totals.time += time;
        body.push(`  <testsuite${attributes({ name: classname, file: suite.path, tests: suite.scenarios.length, failures, errors: 0, skipped: 0, time: seconds(time) })}>`);
        if (suite.pathwayPath) {
            body.push('    <properties>');
            body.push(`      <property${attributes({ name: 'pathwayPath', value: suite.pathwayPath })}/>`);
            body.push('    </properties>');
        }
        for (const scenario of suite.scenarios) {
            const name = unique(used, classname, scenario.name, suite.path, scenario.line);
            body.push(...testCase(suite, classname, name, scenario));
        }
        body.push('  </testsuite>');
    }
    out.push(`<testsuites${attributes({ name: 'pmpath test', tests: totals.tests, failures: totals.failures, errors: totals.errors, skipped: 0, time: seconds(totals.time) })}>`);
    out.push(...body);
    out.push('</testsuites>');
    return `${out.join('\n')}\n`;
}

function testCase(suite: SuiteReport, classname: string, name: string, scenario: ScenarioReport): string[] {
    const lines = [`    <testcase${attributes({ classname, name, file: suite.path, line: scenario.line, time: seconds(scenario.durationMs / 1000) })}>`];
    const failure = scenario.failure;
    if (failure) {
        const detail = [`${suite.path}:${failure.line}:${failure.column}: ${failure.message}`];
        if (failure.expected !== undefined) detail.push(`expected: ${failure.expected}`);
        if (failure.actual !== undefined) detail.push(`actual: ${failure.actual}`);
        for (const t of failure.transitions) detail.push(`transition: ${t.from} -> ${t.to} (${t.path}:${t.line})`);
        detail.push(`path so far: ${scenario.path.join(' -> ')}`);
        lines.push(`      <failure${attributes({ message: failure.message, type: failure.kind })}>${text(detail.join('\n'))}</failure>`);
    }
    const output = [`path: ${scenario.path.join(' -> ')}`, ...scenario.notes.map(note => `note: ${note}`), `ended: ${scenario.endDate}`];
    lines.push(`      <system-out>${text(output.join('\n'))}</system-out>`);
    lines.push('    </testcase>');
    return lines;
}

function blockedSuite(suite: SuiteReport, classname: string, name: string): string[] {
    const files = [...new Set(suite.findings.map(f => f.path))];
    const count = suite.findings.length;
    const message = `not run: ${count} error finding${count === 1 ? '' : 's'} in ${files.join(', ')}`;
    const detail = suite.findings.map(f => `${f.path}:${f.line}:${f.column}: ${f.message} (${f.rule})`).join('\n');
    return [
        `  <testsuite${attributes({ name: classname, file: suite.path, tests: 1, failures: 0, errors: 1, skipped: 0, time: seconds(0) })}>`,
        `    <testcase${attributes({ classname, name, file: suite.path, line: 1, time: seconds(0) })}>`,
        `      <error${attributes({ message, type: 'lint' })}>${text(detail)}</error>`,
        '    </testcase>',
        '  </testsuite>',
    ];
}

/** `name`, or `name (FILE:LINE)` when the classname already has a test case of that name. */
function unique(used: Set<string>, classname: string, name: string, file: string, line: number): string {
    let candidate = name;
    if (used.has(`${classname}\u0000${candidate}`)) candidate = `${name} (${file}:${line})`;
    for (let i = 2; used.has(`${classname}\u0000${candidate}`); i++) candidate = `${name} (${file}:${line} #${i})`;
    used.add(`${classname}\u0000${candidate}`);
    return candidate;
}

function seconds(value: number): string {
    return value.toFixed(3);
}

function attributes(values: Record<string, string | number>): string {
    return Object.entries(values).map(([key, value]) => ` ${key}="${attribute(String(value))}"`).join('');
}

/**
 * Characters XML 1.0 cannot carry at all (C0 controls other than tab and line
 * breaks, U+FFFE, U+FFFF, lone surrogates) are written as `\xNN`/`\uNNNN`, so
 * a label from a suite can never make the report unreadable.
 */
function legal(value: string): string {
    return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ch => {
        const code = ch.charCodeAt(0);
        return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    });
}

/** Element text: `&`, `<`, `>` escaped (`>` for `]]>`). */
function text(value: string): string {
    return legal(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values: also quotes, and line breaks and tabs as character references (parsers normalise them to spaces otherwise). */
function attribute(value: string): string {
    return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
