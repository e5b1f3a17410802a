/**
 * The dossier on paper: `pmpath report` HTML printed to A4 PDF by headless
 * Chromium (`page.pdf`, the page's own `@page` sizes), then read back with
 * pdfjs-dist. Every text run in the PDF carries its font size in its text
 * matrix; the smallest one, over every page, must be 7 pt or more. Diagram
 * labels are real text in Chromium's PDF (SVG text is not rasterised), so
 * this measures what a reviewer holds in their hands, including the scale
 * each diagram was printed at. Also checked: every state and actor name is
 * printed, and no text runs off its page (a diagram too wide is cut, not
 * shrunk, by the print rules).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pathway } from '@pmpath/language';
import { buildDossier, buildFlowsModel, buildStatesModel, MIN_PRINT_SCALE, printLayout, renderReportHtml, type DossierInput } from '@pmpath/diagram';
import { examplePaths, lintInputs, parsePathway } from '../../packages/diagram/test/helpers.js';
import { SYNTHETIC_SET, syntheticPathway } from '../../packages/diagram/test/synthetic-pathways.mjs';
import { hasChromium, launchChromium, resultsDir } from './chromium.js';

let browser: Browser;

beforeAll(async () => {
    if (!hasChromium) return;
    browser = await launchChromium();
});
afterAll(async () => { await browser?.close(); });

interface PrintedText { readonly page: number; readonly text: string; readonly size: number; readonly x: number; readonly y: number; readonly width: number; readonly pageWidth: number; readonly pageHeight: number }

/** Prints HTML to an A4 PDF in Chromium and returns every text run with its rendered font size. */
async function printToPdf(html: string, name: string): Promise<{ pages: number; texts: PrintedText[] }> {
    const page = await browser.newPage();
    try {
        await page.setContent(html, { waitUntil: 'load' });
        const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
        fs.writeFileSync(path.join(resultsDir, `${name}.pdf`), pdf);
        const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
        const document = await pdfjs.getDocument({ data: new Uint8Array(pdf), disableFontFace: true, useSystemFonts: false }).promise;
        const texts: PrintedText[] = [];
        for (let number = 1; number <= document.numPages; number++) {
            const pdfPage = await document.getPage(number);
            const { width: pageWidth, height: pageHeight } = pdfPage.getViewport({ scale: 1 });
            for (const item of (await pdfPage.getTextContent()).items) {
                if (!('str' in item) || item.str.trim() === '') continue;
                const [, , c, d, e, f] = item.transform as number[];
                // The text matrix's vertical scale is the font size in points (PDF units), whatever the rotation.
                texts.push({ page: number, text: item.str, size: Math.hypot(c, d), x: e, y: f, width: item.width, pageWidth, pageHeight });
            }
        }
        const pages = document.numPages;
        await document.destroy();
        return { pages, texts };
    } finally {
        await page.close();
    }
}

function expectPrintable(printed: { pages: number; texts: PrintedText[] }, names: readonly string[], what: string): void {
    expect(printed.texts.length, what).toBeGreaterThan(0);
    const smallest = printed.texts.reduce((min, t) => (t.size < min.size ? t : min));
    expect(smallest.size, `${what}: smallest text "${smallest.text}" on page ${smallest.page}`).toBeGreaterThanOrEqual(7);
    for (const t of printed.texts) {
        expect(t.x, `${what}: "${t.text}" starts left of page ${t.page}`).toBeGreaterThanOrEqual(0);
        expect(t.x + t.width, `${what}: "${t.text}" runs off page ${t.page}`).toBeLessThanOrEqual(t.pageWidth + 0.5);
        expect(t.y, `${what}: "${t.text}" below page ${t.page}`).toBeGreaterThanOrEqual(0);
        expect(t.y, `${what}: "${t.text}" above page ${t.page}`).toBeLessThanOrEqual(t.pageHeight);
    }
    const all = printed.texts.map(t => t.text).join('\n');
    for (const name of names) expect(all, `${what}: ${name} is printed`).toContain(name);
}

/** Names that must be printed: every state and actor. */
function namesOf(inputs: readonly DossierInput[]): string[] {
    return inputs.flatMap(input => {
        const pathway = input.file!.body as Pathway;
        return [...buildStatesModel(pathway, input.findings).states.map(s => s.name), ...buildFlowsModel(pathway, input.findings).actors.map(a => a.name)];
    });
}

describe.skipIf(!hasChromium)('the dossier printed on A4', () => {
    it('prints every example with every diagram label at 7 pt or more, nothing cut off', { timeout: 600_000 }, async () => {
        const flawed = path.join(path.dirname(examplePaths()[0]), 'flawed');
        const files = [...examplePaths(), ...fs.readdirSync(flawed).filter(f => f.endsWith('.pmpath')).sort().map(f => path.join(flawed, f))];
        const inputs = (await lintInputs(files)).filter(i => i.file?.body?.$type === 'Pathway');
        const printed = await printToPdf(await renderReportHtml(buildDossier(inputs)), 'examples-dossier');
        expectPrintable(printed, namesOf(inputs), 'examples');
        // Landscape pages are used where a diagram prints larger on them.
        expect(new Set(printed.texts.map(t => `${t.pageWidth > t.pageHeight}`)).size).toBe(2);
    });

    it('prints the synthetic set (up to 60 states, 12 actors), splitting what does not fit instead of shrinking it', { timeout: 600_000 }, async () => {
        const inputs: DossierInput[] = [];
        for (const spec of SYNTHETIC_SET) {
            const { file, diagnostics } = await parsePathway(syntheticPathway(spec));
            // A fresh copy per pathway: the test workspace reuses one document name.
            inputs.push({ path: `synthetic-${spec.states}x${spec.actors}.pmpath`, file, findings: diagnostics });
        }
        const html = await renderReportHtml(buildDossier(inputs));
        expect(html).toMatch(/States and transitions, part 2 of \d+/);
        expectPrintable(await printToPdf(html, 'synthetic-dossier'), namesOf(inputs), 'synthetic set');
    });

    it('lays a small pathway out on one page at full size, and splits a 60-state pathway into parts that each fit at 7 pt', { timeout: 600_000 }, async () => {
        const small = await parsePathway(`pathway Small {
  actor doc: clinician
  initial state A: healthy "Invited"
  state B: hybrid at-risk "Borderline" { monitor v every 1 year by doc review after 2 years disclose v to doc by doc with counselling }
  final state C: healthy "Discharged"
  data v: biomarker unit "%"
  A -> B by doc
  B -> C by doc
}`);
        const smallParts = await printLayout(buildStatesModel(small.pathway, small.diagnostics));
        expect(smallParts).toHaveLength(1);
        expect(smallParts[0]).toMatchObject({ scale: 1, fits: true, part: 1, parts: 1, orientation: 'portrait' });

        const big = await parsePathway(syntheticPathway(SYNTHETIC_SET[SYNTHETIC_SET.length - 1]));
        const model = buildStatesModel(big.pathway, big.diagnostics);
        const parts = await printLayout(model);
        expect(parts.length).toBeGreaterThan(1);
        const drawn = new Map<string, number>();
        for (const part of parts) {
            expect(part.fits).toBe(true);
            expect(part.scale).toBeGreaterThanOrEqual(MIN_PRINT_SCALE);
            expect(part.note).toMatch(new RegExp(`^Part ${part.part} of ${parts.length}: `));
            // Each state is drawn as a state in exactly one part (elsewhere it is a dashed stub).
            for (const [, name] of part.svg.matchAll(/<g id="[^"]*state_\d+" class="node" data-pmpath-kind="node" data-pmpath-name="([^"]+)"/g)) {
                drawn.set(name, (drawn.get(name) ?? 0) + 1);
            }
        }
        expect([...drawn.keys()].sort()).toEqual(model.states.map(s => s.name).sort());
        expect([...drawn.values()].every(n => n === 1)).toBe(true);
    });
});
