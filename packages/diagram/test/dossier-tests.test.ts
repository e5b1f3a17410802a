/**
 * The dossier's "Tested scenarios" section (SPEC §7: `pmpath report` accepts
 * `.pmtest` files): suites are run with the simulator, unless they or their
 * pathway have error findings; each scenario shows its result, path and
 * notes; coverage per pathway; the same content in HTML and Markdown.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { toLintDiagnostic, type PmpathFile } from '@pmpath/language';
import { runReport } from '../../cli/src/commands/report.js';
import { createTestWorkspace } from '../../language/test/test-services.js';
import { buildDossier, type DossierInput } from '../src/dossier-model.js';
import { compactPath } from '../src/dossier-tests.js';
import { renderReportHtml } from '../src/render-report-html.js';
import { renderReportMarkdown } from '../src/render-report-markdown.js';
import { testedScenariosHtml } from '../src/render-report-tests.js';

const workspace = createTestWorkspace();

const PATHWAY = `pathway Screening {
  actor doc: clinician
  data v: biomarker "Marker" unit "mg/dL"
  cutoff High: v >= 200 "mg/dL" source "s"
  cutoff Low: v < 200 "mg/dL" source "s"
  flow v from doc to doc for care
  initial state Invited: healthy
  state Watch: hybrid at-risk {
    monitor v every 1 month by doc review after 1 year
    disclose v to doc by doc
  }
  final state Sick: sick
  final state Clear: healthy
  Invited -> Watch when High by doc
  Invited -> Clear when Low by doc
  Watch -> Sick when High after 2 years by doc
  Watch -> Clear when Low by doc
}
`;

const SUITE = `import "./screening.pmpath"

tests for Screening {
  start "2025-01-01"

  scenario "high marker, then sick after two years" {
    observe v = 250 "mg/dL"
    wait 2 years
    expect path Invited -> Watch -> Sick
  }

  scenario "expects the wrong state" {
    observe v = 250 "mg/dL"
    expect state Clear
  }

  scenario "left in limbo" {
    observe v = 250 "mg/dL"
    wait 18 months
    observe v = 250 "mg/dL"
  }
}
`;

/** Builds the files in one workspace and returns dossier inputs in the given order. */
async function inputs(files: Record<string, string>, overrides: Record<string, Partial<DossierInput>> = {}): Promise<DossierInput[]> {
    const docs = await workspace.build(files);
    return Object.entries(docs).map(([name, doc]) => ({
        path: `tests/${name}`,
        file: doc.parseResult.value as PmpathFile,
        findings: (doc.diagnostics ?? []).map(toLintDiagnostic),
        ...overrides[name],
    }));
}

describe('the tested-scenarios model', () => {
    it('runs each suite and keeps results, paths, failures and notes in file order', async () => {
        const dossier = buildDossier(await inputs({ 'screening.pmpath': PATHWAY, 'screening.pmtest': SUITE }));
        expect(dossier.sections.map(s => s.path)).toEqual(['tests/screening.pmpath']);
        expect(dossier.totals.files).toBe(2);
        const tests = dossier.tests!;
        expect(tests.totals).toEqual({ suites: 1, scenarios: 3, passed: 2, failed: 1, notRun: 0 });
        const [suite] = tests.suites;
        expect(suite).toMatchObject({ path: 'tests/screening.pmtest', pathway: 'Screening', pathwayPath: 'tests/screening.pmpath', start: '2025-01-01', declared: 3 });
        expect(suite.notRun).toBeUndefined();
        expect(suite.scenarios).toEqual([
            { name: 'high marker, then sick after two years', line: 6, status: 'passed', path: ['Invited', 'Watch', 'Sick'], failure: undefined, notes: [] },
            { name: 'expects the wrong state', line: 12, status: 'failed', path: ['Invited', 'Watch'], failure: { line: 14, column: 5, message: 'expected state Clear, but the person is in Watch' }, notes: [] },
            { name: 'left in limbo', line: 17, status: 'passed', path: ['Invited', 'Watch'], failure: undefined, notes: ['still in hybrid status Watch, review was due on 2026-01-01'] },
        ]);
        expect(tests.coverage).toEqual([{
            pathway: 'Screening', path: 'tests/screening.pmpath',
            transitions: { taken: 2, total: 4, notTaken: [{ from: 'Invited', to: 'Clear', location: 'tests/screening.pmpath:15' }, { from: 'Watch', to: 'Clear', location: 'tests/screening.pmpath:17' }] },
            states: { entered: 3, total: 4, notEntered: ['Clear'] },
            guards: { outcomesSeen: 4, outcomesTotal: 8 },
        }]);
    });

    it('does not run a suite whose pathway has error findings, and lists its scenarios as not run', async () => {
        const dossier = buildDossier(await inputs({ 'screening.pmpath': PATHWAY, 'screening.pmtest': SUITE }, {
            'screening.pmpath': { findings: [{ rule: 'dead-end-state', severity: 'error', message: 'x', line: 1, column: 1, endLine: 1, endColumn: 2 }] },
        }));
        const [suite] = dossier.tests!.suites;
        expect(suite.notRun).toBe('its pathway Screening has 1 error finding (see its findings); scenarios run only against a pathway without errors');
        expect(suite.scenarios.map(s => [s.name, s.status, s.path.length])).toEqual([
            ['high marker, then sick after two years', 'not-run', 0], ['expects the wrong state', 'not-run', 0], ['left in limbo', 'not-run', 0],
        ]);
        expect(dossier.tests!.totals).toEqual({ suites: 1, scenarios: 3, passed: 0, failed: 0, notRun: 3 });
        expect(dossier.tests!.coverage).toEqual([]);
    });

    it('does not run a suite with its own error findings, and counts them in the totals', async () => {
        const bad = SUITE.replace('expect state Clear', 'expect state Cleared');
        const dossier = buildDossier(await inputs({ 'screening.pmpath': PATHWAY, 'screening.pmtest': bad }));
        const [suite] = dossier.tests!.suites;
        expect(suite.findings.map(f => f.rule)).toEqual(['unresolved-reference']);
        expect(suite.notRun).toMatch(/^the suite has 1 error finding; fix it to run its scenarios$/);
        expect(dossier.totals.errors).toBe(1);
    });

    it('has no tested-scenarios section when no suite is given', async () => {
        const dossier = buildDossier(await inputs({ 'screening.pmpath': PATHWAY }));
        expect(dossier.tests).toBeUndefined();
        expect(await renderReportHtml(dossier)).not.toContain('Tested scenarios');
        expect(renderReportMarkdown(dossier).text).not.toContain('Tested scenarios');
    });

    it('shortens a very long path in the middle, saying how many states it leaves out', () => {
        const long = Array.from({ length: 36_526 }, (_, i) => (i % 2 === 0 ? 'A' : 'B'));
        const compact = compactPath(long);
        expect(compact.head).toHaveLength(12);
        expect(compact.tail).toHaveLength(12);
        expect(compact.omitted).toBe(36_502);
        expect(compactPath(['A', 'B'])).toEqual({ head: ['A', 'B'], omitted: 0, tail: [] });
    });
});

describe('the tested-scenarios section', () => {
    it('renders in HTML: results in words, the path as an inline sequence, failure, notes, coverage; well-formed, no script', async () => {
        const dossier = buildDossier(await inputs({ 'screening.pmpath': PATHWAY, 'screening.pmtest': SUITE }));
        const html = await renderReportHtml(dossier);
        const section = html.slice(html.indexOf('<section class="tests" id="tested-scenarios">'), html.lastIndexOf('</section>') + '</section>'.length);
        // Well-formed once HTML's void <br> is written the XML way.
        expect(XMLValidator.validate(section.replace(/<br>/g, '<br/>'))).toBe(true);
        expect(section).toContain('<h2>Tested scenarios</h2>');
        expect(section).toContain('3 scenarios in 1 suite: 2 passed, 1 failed.');
        expect(section).toContain('<h3>Suite <code>tests/screening.pmtest</code>: pathway <code>Screening</code></h3>');
        expect(section).toContain('<span class="path"><code>Invited</code> → <code>Watch</code> → <code>Sick</code></span>');
        expect(section).toContain('<span class="pass">✓ passed</span>');
        expect(section).toContain('<span class="flag">✗ failed</span>');
        expect(section).toContain('<span class="flag">line 14:5:</span> expected state Clear, but the person is in Watch');
        expect(section).toContain('still in hybrid status Watch, review was due on 2026-01-01');
        expect(section).toMatch(/<td><code>Screening<\/code><\/td><td><code>tests\/screening\.pmpath<\/code><\/td><td>2 of 4 \(50%\)<\/td><td>3 of 4 \(75%\)<\/td><td>4 of 8 \(50%\)<\/td>/);
        expect(section).toContain('<code>Invited -&gt; Clear</code> (tests/screening.pmpath:15)');
        expect(section).not.toMatch(/<script/i);
        // The summary table lists the suite; its styles are in the head.
        expect(html).toMatch(/<tr><td><code>tests\/screening\.pmtest<\/code><\/td><td>test suite<\/td><td><code>tests for Screening<\/code><\/td><td>3 scenarios<\/td>/);
        expect(html).toContain('.path code { white-space: nowrap; }');
    });

    it('renders in Markdown with the same content', async () => {
        const dossier = buildDossier(await inputs({ 'screening.pmpath': PATHWAY, 'screening.pmtest': SUITE }));
        const { text } = renderReportMarkdown(dossier);
        const section = text.slice(text.indexOf('## Tested scenarios'));
        expect(section).toContain('3 scenarios in 1 suite: 2 passed, 1 failed.');
        expect(section).toContain('### Suite tests/screening.pmtest: pathway Screening');
        expect(section).toContain('| ✓ passed | high marker, then sick after two years (line 6) | Invited → Watch → Sick | — |');
        expect(section).toContain('| ✗ failed | expects the wrong state (line 12) | Invited → Watch | line 14:5: expected state Clear, but the person is in Watch |');
        expect(section).toContain('| ✓ passed | left in limbo (line 17) | Invited → Watch | ⚠ still in hybrid status Watch, review was due on 2026-01-01 |');
        expect(section).toContain('| Screening | tests/screening.pmpath | 2 of 4 (50%) | 3 of 4 (75%) | 4 of 8 (50%) |');
        expect(section).toContain('**Transitions of Screening no scenario took:** Invited -&gt; Clear (tests/screening.pmpath:15), Watch -&gt; Clear (tests/screening.pmpath:17)');
        expect(section).toContain('**States of Screening no scenario entered:** Clear');
        expect(text).toContain('| tests/screening.pmtest | test suite | tests for Screening | 3 scenarios | — | — | 0 | 0 |');
    });

    it('prints a long cycle as a compact sequence, not tens of thousands of states', async () => {
        const cycle = `pathway Cycle {
  actor doc: clinician
  initial state A: healthy
  state B: healthy
  final state F: healthy
  A -> B after 1 day by doc
  B -> A after 1 day by doc
  A -> F after 200 years by doc
}
`;
        const suite = 'import "./cycle.pmpath"\ntests for Cycle {\n  scenario "daily recall for a century" {\n    wait 100 years\n  }\n}\n';
        const dossier = buildDossier(await inputs({ 'cycle.pmpath': cycle, 'cycle.pmtest': suite }));
        const section = testedScenariosHtml(dossier.tests!);
        expect(section).toContain('… 36,502 more states …');
        expect((section.match(/<code>[AB]<\/code>/g) ?? []).length).toBe(24);
        expect(renderReportMarkdown(dossier).text).toContain('A → B → A → B → A → B → A → B → A → B → A → B → … 36,502 more states … → A → B');
    });
});

describe('pmpath report with .pmtest files', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pmpath-report-tests-'));
    afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it('runs the suites given and adds the pathways they test to the dossier', async () => {
        fs.mkdirSync(path.join(tmp, 'tests'), { recursive: true });
        fs.writeFileSync(path.join(tmp, 'screening.pmpath'), PATHWAY);
        fs.writeFileSync(path.join(tmp, 'tests/screening.pmtest'), SUITE.replace('./screening.pmpath', '../screening.pmpath'));
        const output = path.join(tmp, 'dossier.md');
        expect(await runReport(['tests/screening.pmtest'], { format: 'md', output }, tmp)).toBe(0);
        const text = fs.readFileSync(output, 'utf8');
        expect(text).toContain('## Pathway Screening');
        expect(text).toContain('### Suite tests/screening.pmtest: pathway Screening');
        expect(text).toContain('- **Pathway file:** screening.pmpath');
        expect(text).toContain('| Screening | screening.pmpath | 2 of 4 (50%) |');
        const html = path.join(tmp, 'dossier.html');
        expect(await runReport(['screening.pmpath', 'tests/screening.pmtest'], { format: 'html', output: html }, tmp)).toBe(0);
        expect(fs.readFileSync(html, 'utf8')).toContain('<h2>Tested scenarios</h2>');
    });
});
