/**
 * The dossier's "Suppressed findings" section: an ethics committee must see
 * what was silenced and why. Every file gets the section (saying so when
 * nothing is suppressed); reasons are the authors' text and are escaped like
 * every other label.
 */
import { describe, expect, it } from 'vitest';
import type { SuppressedLintDiagnostic } from '@pmpath/language';
import { buildDossier, renderReportHtml, renderReportMarkdown } from '../src/index.js';
import { parsePathway } from './helpers.js';

const PATHWAY = `pathway P {
  actor doc: clinician
  data bm: biomarker unit "%"
  cutoff High: bm > 6 "%" source "s"
  initial state A: healthy
  final state B: sick
  A -> B when High by doc
  flow bm from doc to doc for care
}
`;

const suppressed = (reason: string): SuppressedLintDiagnostic => ({
    rule: 'cutoff-without-source', severity: 'warning', message: "Cutoff 'High' has no source.",
    line: 4, column: 3, endLine: 4, endColumn: 30, reason,
});

describe('the "Suppressed findings" section of the dossier', () => {
    it('lists each suppressed finding with rule, location, message and reason, in HTML and Markdown', async () => {
        const parsed = await parsePathway(PATHWAY);
        const dossier = buildDossier([{ path: 'p.pmpath', file: parsed.file, findings: [], suppressed: [suppressed('local protocol, pending publication')] }]);
        expect(dossier.sections[0].suppressed).toEqual([expect.objectContaining({ path: 'p.pmpath', rule: 'cutoff-without-source', reason: 'local protocol, pending publication' })]);
        // Suppressed findings are shown, never counted.
        expect(dossier.totals.warnings).toBe(0);

        const html = await renderReportHtml(dossier);
        const section = html.slice(html.indexOf('<h3>Suppressed findings</h3>'));
        expect(section).toContain('1 finding silenced by <code>pmpath-disable-next-line</code> comments');
        expect(section).toMatch(/<td><code>cutoff-without-source<\/code><\/td><td><code>p\.pmpath:4:3<\/code><\/td><td>Cutoff &#39;High&#39; has no source\.<\/td><td>local protocol, pending publication<\/td>/);

        const markdown = renderReportMarkdown(dossier).text;
        const mdSection = markdown.slice(markdown.indexOf('### Suppressed findings'));
        expect(mdSection).toContain('| Severity | Rule | Location | Message | Reason given |');
        expect(mdSection).toMatch(/\| warning \| cutoff-without-source \| p\.pmpath:4:3 \| .*High.* \| local protocol, pending publication \|/);
    });

    it('says so when nothing is suppressed', async () => {
        const parsed = await parsePathway(PATHWAY);
        const dossier = buildDossier([{ path: 'p.pmpath', file: parsed.file, findings: [] }]);
        expect(await renderReportHtml(dossier)).toContain('<h3>Suppressed findings</h3>\n<p>No finding is suppressed in this file.</p>');
        expect(renderReportMarkdown(dossier).text).toContain('### Suppressed findings\n\nNo finding is suppressed in this file.');
    });

    it('escapes the reason, which is the author\'s text', async () => {
        const parsed = await parsePathway(PATHWAY);
        const reason = '<script>window.__pwned=1</script> | `x` [link](http://evil)';
        const dossier = buildDossier([{ path: 'p.pmpath', file: parsed.file, findings: [], suppressed: [suppressed(reason)] }]);
        const html = await renderReportHtml(dossier);
        expect(html).not.toContain('<script>window.__pwned');
        expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
        const markdown = renderReportMarkdown(dossier).text;
        const row = markdown.split('\n').find(line => line.includes('cutoff-without-source') && line.includes('window'))!;
        expect(row).not.toContain('<script>');
        // The pipe cannot end the table cell early: the row still has its five cells.
        expect(row.split(/(?<!\\)\|/).length - 2).toBe(5);
    });
});
