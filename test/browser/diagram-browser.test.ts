import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pathway } from '@pmpath/language';
import { buildDossier, buildFlowsModel, buildStatesModel, renderMermaid, renderReportHtml, renderReportMarkdown, renderSvg, type DossierInput } from '@pmpath/diagram';
import { INJECTION_PATHWAY } from '../../packages/diagram/test/fixtures.js';
import { examplePaths, lintInputs, parsePathway } from '../../packages/diagram/test/helpers.js';
import { hasChromium, launchChromium, NON_WHITE_SCRIPT, resultsDir } from './chromium.js';

const require = createRequire(import.meta.url);
const MERMAID_JS = path.join(path.dirname(require.resolve('mermaid/package.json', { paths: [path.resolve(import.meta.dirname, '../../packages/diagram')] })), 'dist/mermaid.min.js');

let browser: Browser;
let page: Page;
let inputs: DossierInput[] = [];
let injected: DossierInput;

beforeAll(async () => {
    if (!hasChromium) return;
    browser = await launchChromium();
    inputs = await lintInputs(examplePaths());
    const parsed = await parsePathway(INJECTION_PATHWAY);
    injected = { path: 'injected.pmpath', file: parsed.file, findings: parsed.diagnostics };
});
afterAll(async () => { await browser?.close(); });

async function freshPage(): Promise<Page> {
    await page?.close();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // No network: every resource must be inline.
    await page.route('**/*', route => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    return page;
}

/** Loads a document, waits, and returns whether any injected script or handler ran. */
async function pwned(content: string, type: 'html' | 'svg'): Promise<unknown> {
    const p = await freshPage();
    if (type === 'html') await p.setContent(content, { waitUntil: 'load' });
    else await p.goto(`data:image/svg+xml;base64,${Buffer.from(content).toString('base64')}`, { waitUntil: 'load' });
    // Give onerror/onload handlers of broken images a chance to fire.
    await p.waitForTimeout(200);
    return p.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
}

describe.skipIf(!hasChromium)('in headless Chromium', { timeout: 300_000 }, () => {
    it('runs no script injected through labels in the HTML dossier or the SVGs', async () => {
        const dossier = buildDossier([injected]);
        const html = await renderReportHtml(dossier);
        expect(await pwned(html, 'html')).toBeUndefined();
        // The CSP is a second defence: prove escaping alone suffices by also loading without it.
        expect(await pwned(html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''), 'html')).toBeUndefined();
        const text = await page.evaluate(() => document.body.innerText);
        expect(text).toContain('<script>window.__pwned=2</script>');
        expect(text).toContain('<img src=x onerror="window.__pwned=3">');
        const pathway = injected.file!.body as Pathway;
        for (const model of [buildStatesModel(pathway, injected.findings), buildFlowsModel(pathway, injected.findings)]) {
            const svg = await renderSvg(model);
            expect(await pwned(svg, 'svg')).toBeUndefined();
            expect(await pwned(`<!DOCTYPE html><html><body>${svg}</body></html>`, 'html')).toBeUndefined();
        }
        // The Markdown dossier rendered as HTML by a naive renderer would still be text.
        const md = renderReportMarkdown(dossier).text.replace(/```mermaid[\s\S]*?```/g, '');
        expect(await pwned(`<!DOCTYPE html><html><body><pre>${md}</pre><div>${md}</div></body></html>`, 'html')).toBeUndefined();
    });

    it('parses every Mermaid diagram, of every example and of the injected pathway, with the real mermaid package', async () => {
        const p = await freshPage();
        await p.setContent('<!DOCTYPE html><html><body></body></html>');
        await p.addScriptTag({ path: MERMAID_JS });
        await p.evaluate(() => (window as unknown as { mermaid: { initialize(o: object): void } }).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
        const diagrams: Array<[string, string]> = [];
        for (const input of [...inputs, injected]) {
            const pathway = input.file!.body as Pathway;
            diagrams.push([`${input.path} states`, renderMermaid(buildStatesModel(pathway, input.findings)).text]);
            diagrams.push([`${input.path} flows`, renderMermaid(buildFlowsModel(pathway, input.findings)).text]);
        }
        for (const [name, text] of diagrams) {
            const result = await p.evaluate(async source => {
                try {
                    const mermaid = (window as unknown as { mermaid: { parse(t: string): Promise<unknown>; render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
                    await mermaid.parse(source);
                    const { svg } = await mermaid.render('m' + Math.random().toString(36).slice(2), source);
                    return { ok: true, svg };
                } catch (error) {
                    return { ok: false, error: String(error) };
                }
            }, text);
            expect(result, `${name}\n${text}`).toMatchObject({ ok: true });
            if (name.startsWith('injected')) {
                // Escaped label text may read `onerror=`; no tag may carry a handler or a script.
                expect(result.svg).not.toMatch(/<script|<img|<iframe|<[^<>]*\son[a-z]+\s*=|href="javascript:/i);
            }
        }
        expect(await p.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    });

    it('renders each example dossier and diagram with its states and actors visible and a non-blank screenshot', async () => {
        expect(inputs.length).toBeGreaterThan(0);
        for (const input of inputs) {
            const pathway = input.file!.body as Pathway;
            const name = path.basename(input.path, '.pmpath');
            const html = await renderReportHtml(buildDossier([input]));
            const p = await freshPage();
            await p.setContent(html, { waitUntil: 'load' });
            const states = buildStatesModel(pathway, input.findings);
            const flows = buildFlowsModel(pathway, input.findings);
            // Visible text of the inline SVGs: every state and actor is drawn.
            const svgText = await p.evaluate(() => [...document.querySelectorAll('svg text')].map(t => t.textContent).join('\n'));
            for (const state of states.states) expect(svgText, `${name}: state ${state.name}`).toContain(state.name);
            for (const actor of flows.actors) expect(svgText, `${name}: actor ${actor.name}`).toContain(actor.name);
            // Two diagrams, each one figure per printed part.
            expect(await p.locator('svg').count()).toBe(await p.locator('figure.diagram').count());
            expect(await p.locator('figure.diagram').count()).toBeGreaterThanOrEqual(2);
            const box = await p.locator('svg').first().boundingBox();
            expect(box!.width).toBeGreaterThan(200);
            const shot = await p.screenshot({ fullPage: true, path: path.join(resultsDir, `${name}-dossier.png`) });
            const inked = await p.evaluate(`(${NON_WHITE_SCRIPT})("data:image/png;base64,${shot.toString('base64')}")`) as number;
            expect(inked, `${name}: dossier screenshot is blank`).toBeGreaterThan(0.01);
            // Print layout: A4 PDF renders (Chromium headless supports page.pdf).
            const pdf = await p.pdf({ format: 'A4' });
            expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
            fs.writeFileSync(path.join(resultsDir, `${name}-dossier.pdf`), pdf);
            for (const model of [states, flows]) {
                const svgPage = await freshPage();
                await svgPage.goto(`data:image/svg+xml;base64,${Buffer.from(await renderSvg(model)).toString('base64')}`);
                const svgShot = await svgPage.screenshot({ path: path.join(resultsDir, `${name}-${model.view}.png`) });
                const svgInk = await svgPage.evaluate(`(${NON_WHITE_SCRIPT})("data:image/png;base64,${svgShot.toString('base64')}")`) as number;
                expect(svgInk, `${name} ${model.view}: blank`).toBeGreaterThan(0.01);
            }
        }
    });
});
