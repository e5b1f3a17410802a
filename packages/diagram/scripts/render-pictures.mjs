#!/usr/bin/env node
// Renders the "after" pictures of the README's legibility section
// (examples/diagrams/*-after.png) with headless Chromium: the current SVG of
// each diagram, screenshot at 1 CSS pixel per point, cropped to at most
// 1000 × 620 px so the files stay small. The "before" pictures next to them
// were made the same way from the renderer at commit f3942d1 and are not
// regenerated. Run `npm run build` first, then
// `npm run pictures -w packages/diagram` (needs Debian's chromium, or
// PMPATH_CHROMIUM).
import * as fs from 'node:fs';
import * as path from 'node:path';
import '@pmpath/language/polyfill';
import { lintFiles } from '@pmpath/language';
import { buildFlowsModel, buildStatesModel, renderSvg } from '@pmpath/diagram';
import { chromium } from 'playwright-core';
import { syntheticPathway } from '../test/synthetic-pathways.mjs';

const root = path.resolve(import.meta.dirname, '../../..');
const out = path.join(root, 'examples', 'diagrams');
const tmp = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'pmpath-pictures-'));

const synthetic8 = path.join(tmp, 'synthetic-8-states-12-actors.pmpath');
const synthetic60 = path.join(tmp, 'synthetic-60-states-12-actors.pmpath');
fs.writeFileSync(synthetic8, syntheticPathway({ seed: 2, states: 8, actors: 12 }));
fs.writeFileSync(synthetic60, syntheticPathway({ seed: 7, states: 60, actors: 12 }));
/** [picture name, pathway file, view, crop: the top left corner (default) or the centre] */
const pictures = [
    ['prediabetes-flows', path.join(root, 'examples/prediabetes-wearables.pmpath'), 'flows'],
    ['synthetic-8x12-flows', synthetic8, 'flows', 'centre'],
    ['synthetic-60x12-states', synthetic60, 'states', 'centre'],
];

/** Screenshot of an SVG document, cropped to 1000 × 620 px at its top left corner or its centre. */
async function screenshot(page, svg, file, crop = 'corner') {
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:#fff">${svg}</body></html>`);
    const box = await page.locator('svg').first().boundingBox();
    const x = crop === 'centre' ? Math.max(0, Math.floor(box.width / 2 - 500)) : 0;
    const y = crop === 'centre' ? Math.max(0, Math.floor(box.height / 2 - 310)) : 0;
    await page.screenshot({ path: file, fullPage: true, clip: { x, y, width: Math.min(1000, Math.ceil(box.width) - x), height: Math.min(620, Math.ceil(box.height) - y) } });
}

const browser = await chromium.launch({
    executablePath: process.env.PMPATH_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 620 } });
    const run = await lintFiles(pictures.map(([, file]) => file));
    for (const [name, file, view, crop] of pictures) {
        const result = run.files.find(f => f.filePath === file);
        const pathway = result?.document?.parseResult.value.body;
        if (pathway?.$type !== 'Pathway') throw new Error(`${file} does not parse as a pathway`);
        const model = view === 'flows' ? buildFlowsModel(pathway, result.diagnostics) : buildStatesModel(pathway, result.diagnostics);
        await screenshot(page, await renderSvg(model), path.join(out, `${name}-after.png`), crop);
        console.log(`wrote examples/diagrams/${name}-after.png`);
    }
} finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
}
