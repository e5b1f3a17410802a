/**
 * The dossier's "Tested scenarios" section in HTML and Markdown, and the
 * summary rows of the suites. Every name, label, note and message is escaped;
 * a path is a compact inline sequence of states (`A → B → C`) that wraps and
 * prints without JavaScript, shortened in the middle when it is very long.
 */
import { compactPath, ratio, type CoverageEntry, type ScenarioRow, type SuiteEntry, type TestedScenarios } from './dossier-tests.js';
import { escapeHtml, escapeMarkdown } from './escape.js';
import { WARNING_SIGN } from './style.js';

/** Styles of the section, appended to the dossier's stylesheet. */
export const TESTS_CSS = `
.pass { color: #1b5e20; font-weight: bold; }
.path { line-height: 1.7; }
.path code { white-space: nowrap; }
td.result { white-space: nowrap; }
@media print { section.tests { page-break-before: always; break-before: page; } }
`;

const INTRO = 'Each scenario is a synthetic person from a test suite (.pmtest): observations and waits, run by the pmpath simulator. '
    + 'The path lists the states the person entered, in order, the start state first. '
    + 'Scenarios run only when neither the suite nor its pathway has error findings.';

function totalsText(tests: TestedScenarios): string {
    const { suites, scenarios, passed, failed, notRun } = tests.totals;
    const parts = [`${passed} passed`, `${failed} failed`];
    if (notRun > 0) parts.push(`${notRun} not run`);
    return `${scenarios} scenario${scenarios === 1 ? '' : 's'} in ${suites} suite${suites === 1 ? '' : 's'}: ${parts.join(', ')}.`;
}

/** The cells of a suite's row in the dossier's summary table: file, kind, name, title, states, flows. */
export function suiteSummaryCells(suite: SuiteEntry): { readonly path: string; readonly kind: string; readonly name: string; readonly title: string } {
    return { path: suite.path, kind: 'test suite', name: `tests for ${suite.pathway}`, title: `${suite.declared} scenario${suite.declared === 1 ? '' : 's'}` };
}

// ------------------------------------------------------------------ HTML

function pathHtml(path: readonly string[]): string {
    if (path.length === 0) return '<span class="muted">—</span>';
    const { head, omitted, tail } = compactPath(path);
    const states = head.map(s => `<code>${escapeHtml(s)}</code>`);
    if (omitted > 0) states.push(`<span class="muted">… ${omitted.toLocaleString('en-US')} more states …</span>`, ...tail.map(s => `<code>${escapeHtml(s)}</code>`));
    return `<span class="path">${states.join(' → ')}</span>`;
}

function scenarioRowHtml(row: ScenarioRow): string {
    const result = row.status === 'passed' ? '<span class="pass">✓ passed</span>'
        : row.status === 'failed' ? '<span class="flag">✗ failed</span>' : '<span class="muted">– not run</span>';
    const details: string[] = [];
    if (row.failure) details.push(`<span class="flag">line ${row.failure.line}:${row.failure.column}:</span> ${escapeHtml(row.failure.message)}`);
    for (const note of row.notes) details.push(`${WARNING_SIGN} ${escapeHtml(note)}`);
    return `<tr><td class="result">${result}</td><td>${escapeHtml(row.name)}<br><span class="muted">line ${row.line}</span></td>`
        + `<td>${pathHtml(row.path)}</td><td>${details.length > 0 ? details.join('<br>') : '<span class="muted">—</span>'}</td></tr>`;
}

function table(headers: readonly string[], rows: readonly string[]): string {
    return `<table>\n<thead><tr>${headers.map(h => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

function suiteHtml(suite: SuiteEntry): string {
    const out = [`<h3>Suite <code>${escapeHtml(suite.path)}</code>: pathway <code>${escapeHtml(suite.pathway)}</code></h3>`];
    const meta: Array<[string, string | undefined]> = [['Pathway file', suite.pathwayPath], ['Clock starts on', suite.start]];
    out.push('<dl class="meta">' + meta.filter(([, v]) => v !== undefined).map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v!)}</dd>`).join('') + '</dl>');
    if (suite.notRun) out.push(`<p class="flag">${WARNING_SIGN} Not run: ${escapeHtml(suite.notRun)}.</p>`);
    if (suite.scenarios.length === 0) {
        out.push('<p>This suite declares no scenarios.</p>');
    } else {
        out.push(table(['Result', 'Scenario', 'Path of the person', 'Failure and notes'], suite.scenarios.map(scenarioRowHtml)));
    }
    if (suite.findings.length > 0) {
        out.push(table(['Severity', 'Rule', 'Location', 'Message'], suite.findings.map(f =>
            `<tr><td><span class="sev-${f.severity}">${f.severity === 'info' ? '' : WARNING_SIGN + ' '}${escapeHtml(f.severity)}</span></td>`
            + `<td><code>${escapeHtml(f.rule)}</code></td><td><code>${escapeHtml(`${f.path}:${f.line}:${f.column}`)}</code></td><td>${escapeHtml(f.message)}</td></tr>`)));
    }
    return out.join('\n');
}

function coverageHtml(coverage: readonly CoverageEntry[]): string {
    const out = ['<h3>Coverage</h3>'];
    if (coverage.length === 0) {
        out.push('<p>No scenario ran, so nothing was covered.</p>');
        return out.join('\n');
    }
    out.push('<p class="muted">Over all suites of a pathway together: transitions taken at least once, states entered, and for every cutoff in a guard whether it was seen both true and false.</p>');
    out.push(table(['Pathway', 'File', 'Transitions taken', 'States entered', 'Guard outcomes seen'], coverage.map(c =>
        `<tr><td><code>${escapeHtml(c.pathway)}</code></td><td><code>${escapeHtml(c.path ?? '')}</code></td>`
        + `<td>${escapeHtml(ratio(c.transitions.taken, c.transitions.total))}</td><td>${escapeHtml(ratio(c.states.entered, c.states.total))}</td>`
        + `<td>${escapeHtml(ratio(c.guards.outcomesSeen, c.guards.outcomesTotal))}</td></tr>`)));
    for (const c of coverage) {
        if (c.transitions.notTaken.length > 0) {
            out.push(`<p><strong>Transitions of <code>${escapeHtml(c.pathway)}</code> no scenario took:</strong> `
                + c.transitions.notTaken.map(t => `<code>${escapeHtml(`${t.from} -> ${t.to}`)}</code> (${escapeHtml(t.location)})`).join(', ') + '</p>');
        }
        if (c.states.notEntered.length > 0) {
            out.push(`<p><strong>States of <code>${escapeHtml(c.pathway)}</code> no scenario entered:</strong> ${c.states.notEntered.map(s => `<code>${escapeHtml(s)}</code>`).join(', ')}</p>`);
        }
    }
    return out.join('\n');
}

/** The "Tested scenarios" section of the HTML dossier. */
export function testedScenariosHtml(tests: TestedScenarios): string {
    return [
        '<section class="tests" id="tested-scenarios">',
        '<h2>Tested scenarios</h2>',
        `<p class="muted">${escapeHtml(INTRO)}</p>`,
        `<p>${escapeHtml(totalsText(tests))}</p>`,
        ...tests.suites.map(suiteHtml),
        coverageHtml(tests.coverage),
        '</section>',
    ].join('\n');
}

// ------------------------------------------------------------------ Markdown

function pathMarkdown(path: readonly string[]): string {
    if (path.length === 0) return '—';
    const { head, omitted, tail } = compactPath(path);
    const states = head.map(escapeMarkdown);
    if (omitted > 0) states.push(`… ${omitted.toLocaleString('en-US')} more states …`, ...tail.map(escapeMarkdown));
    return states.join(' → ');
}

function markdownTable(headers: readonly string[], rows: readonly string[][]): string {
    return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(r => `| ${r.join(' | ')} |`)].join('\n');
}

function suiteMarkdown(suite: SuiteEntry): string[] {
    const out = [`### Suite ${escapeMarkdown(suite.path)}: pathway ${escapeMarkdown(suite.pathway)}`, ''];
    if (suite.pathwayPath !== undefined) out.push(`- **Pathway file:** ${escapeMarkdown(suite.pathwayPath)}`);
    out.push(`- **Clock starts on:** ${escapeMarkdown(suite.start)}`, '');
    if (suite.notRun) out.push(`**${WARNING_SIGN} Not run:** ${escapeMarkdown(suite.notRun)}.`, '');
    if (suite.scenarios.length === 0) {
        out.push('This suite declares no scenarios.', '');
    } else {
        out.push(markdownTable(['Result', 'Scenario', 'Path of the person', 'Failure and notes'], suite.scenarios.map(row => {
            const details: string[] = [];
            if (row.failure) details.push(`line ${row.failure.line}:${row.failure.column}: ${escapeMarkdown(row.failure.message)}`);
            for (const note of row.notes) details.push(`${WARNING_SIGN} ${escapeMarkdown(note)}`);
            return [row.status === 'passed' ? '✓ passed' : row.status === 'failed' ? '✗ failed' : '– not run', `${escapeMarkdown(row.name)} (line ${row.line})`, pathMarkdown(row.path), details.length > 0 ? details.join('<br>') : '—'];
        })), '');
    }
    if (suite.findings.length > 0) {
        out.push(markdownTable(['Severity', 'Rule', 'Location', 'Message'], suite.findings.map(f => [
            `${f.severity === 'info' ? '' : WARNING_SIGN + ' '}${f.severity}`, escapeMarkdown(f.rule), escapeMarkdown(`${f.path}:${f.line}:${f.column}`), escapeMarkdown(f.message),
        ])), '');
    }
    return out;
}

/** The "Tested scenarios" section of the Markdown dossier, as lines. */
export function testedScenariosMarkdown(tests: TestedScenarios): string[] {
    const out = ['## Tested scenarios', '', escapeMarkdown(INTRO), '', escapeMarkdown(totalsText(tests)), ''];
    for (const suite of tests.suites) out.push(...suiteMarkdown(suite));
    out.push('### Coverage', '');
    if (tests.coverage.length === 0) {
        out.push('No scenario ran, so nothing was covered.');
        return out;
    }
    out.push('Over all suites of a pathway together: transitions taken at least once, states entered, and for every cutoff in a guard whether it was seen both true and false.', '');
    out.push(markdownTable(['Pathway', 'File', 'Transitions taken', 'States entered', 'Guard outcomes seen'], tests.coverage.map(c => [
        escapeMarkdown(c.pathway), escapeMarkdown(c.path ?? ''), ratio(c.transitions.taken, c.transitions.total),
        ratio(c.states.entered, c.states.total), ratio(c.guards.outcomesSeen, c.guards.outcomesTotal),
    ])), '');
    for (const c of tests.coverage) {
        if (c.transitions.notTaken.length > 0) {
            out.push(`**Transitions of ${escapeMarkdown(c.pathway)} no scenario took:** ${c.transitions.notTaken.map(t => `${escapeMarkdown(`${t.from} -> ${t.to}`)} (${escapeMarkdown(t.location)})`).join(', ')}`, '');
        }
        if (c.states.notEntered.length > 0) {
            out.push(`**States of ${escapeMarkdown(c.pathway)} no scenario entered:** ${c.states.notEntered.map(escapeMarkdown).join(', ')}`, '');
        }
    }
    return out;
}
