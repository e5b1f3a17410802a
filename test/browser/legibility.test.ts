/**
 * Legibility as a tested property: every example and every pathway of the
 * holdout-style synthetic set (5–60 states, 3–12 actors, several flows
 * between the same actors, violation paths), in both views and both
 * directions, rendered to SVG and measured in headless Chromium by
 * `legibility-check.js`: no label overlaps another label, a node it does not
 * belong to or a cluster title; node labels stay in their nodes; every edge
 * label is within 12 pt of its own line, no other line passes it more than
 * 4 pt nearer, and no line runs through another element's label.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pathway } from '@pmpath/language';
import { buildFlowsModel, buildStatesModel, renderSvg, type DiagramModel, type DossierInput } from '@pmpath/diagram';
import { examplePaths, lintInputs, parsePathway } from '../../packages/diagram/test/helpers.js';
import { SYNTHETIC_SET, syntheticPathway } from '../../packages/diagram/test/synthetic-pathways.mjs';
import { hasChromium, launchChromium } from './chromium.js';
import { checkLegibility, describeViolations } from './legibility.js';
import * as fs from 'node:fs';
import * as path from 'node:path';

let browser: Browser;
let page: Page;

beforeAll(async () => {
    if (!hasChromium) return;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
});
afterAll(async () => { await browser?.close(); });

/** Both views of a pathway. */
function models(input: DossierInput): DiagramModel[] {
    const pathway = input.file!.body as Pathway;
    return [buildStatesModel(pathway, input.findings), buildFlowsModel(pathway, input.findings)];
}

/** Every example pathway, clean and flawed (libraries and unparsable files have no diagram). */
async function exampleInputs(): Promise<DossierInput[]> {
    const flawed = path.join(path.dirname(examplePaths()[0]), 'flawed');
    const files = [...examplePaths(), ...fs.readdirSync(flawed).filter(f => f.endsWith('.pmpath')).sort().map(f => path.join(flawed, f))];
    return (await lintInputs(files)).filter(i => i.file?.body?.$type === 'Pathway');
}

async function expectLegible(model: DiagramModel, name: string): Promise<void> {
    for (const rankdir of ['LR', 'TB'] as const) {
        const result = await checkLegibility(page, await renderSvg(model, { rankdir }));
        expect(result.violations, `${name} ${model.view} ${rankdir}:\n${describeViolations(result)}`).toEqual([]);
        // The check measured something: every state or actor, and a label on every edge that has one.
        expect(result.stats.nodes, `${name} ${model.view}`).toBeGreaterThanOrEqual(model.view === 'states' ? model.states.length : model.actors.length);
    }
}

describe.skipIf(!hasChromium)('legibility, measured in headless Chromium', () => {
    it('holds for both views of every example, left to right and top to bottom', { timeout: 600_000 }, async () => {
        const inputs = await exampleInputs();
        expect(inputs.length).toBeGreaterThanOrEqual(20);
        for (const input of inputs) {
            for (const model of models(input)) await expectLegible(model, input.path);
        }
    });

    it('holds for the holdout-style synthetic set (5–60 states, 3–12 actors, parallel flows, violation paths)', { timeout: 600_000 }, async () => {
        for (const spec of SYNTHETIC_SET) {
            const { file, diagnostics } = await parsePathway(syntheticPathway(spec));
            const input = { path: `synthetic ${spec.states} states, ${spec.actors} actors`, file, findings: diagnostics };
            for (const model of models(input)) await expectLegible(model, input.path);
        }
    });

    it('finds every kind of problem it looks for in a drawing that has them, and none in one that does not', async () => {
        // A hand-made drawing in Graphviz's SVG structure, each problem placed on purpose.
        const svg = (extra: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="400pt" height="300pt" viewBox="0 0 400 300"><g class="graph">
<g class="cluster"><polygon points="5,5 395,5 395,120 5,120" fill="none" stroke="black"/><text x="10" y="20" font-size="11">Cluster title</text></g>
<g class="node" data-pmpath-name="A"><polygon points="40,50 150,50 150,100 40,100" fill="none" stroke="black"/><text x="50" y="80" font-size="11">Node A</text></g>
<g class="node" data-pmpath-name="B"><polygon points="250,50 350,50 350,100 250,100" fill="none" stroke="black"/><text x="260" y="80" font-size="11">Node B</text></g>
<g class="edge" data-pmpath-source="A" data-pmpath-target="B"><path d="M150,75 L250,75" stroke="black"/><text x="160" y="70" font-size="9">A to B</text></g>
${extra}</g></svg>`;
        const clean = await checkLegibility(page, svg(''));
        expect(clean.violations, describeViolations(clean)).toEqual([]);
        const broken = await checkLegibility(page, svg(`
<g class="edge" data-pmpath-source="B" data-pmpath-target="A"><path d="M300,100 L300,250 L90,250 L90,100" stroke="black"/><text x="12" y="22" font-size="9">over the title</text><text x="52" y="82" font-size="9">on node A</text></g>
<g class="edge" data-pmpath-source="A" data-pmpath-target="A"><path d="M60,100 L60,140 M150,200 L60,200" stroke="black"/><text x="200" y="290" font-size="9">far from its line</text></g>
<g class="edge" data-pmpath-source="B" data-pmpath-target="B"><path d="M255,75 L345,75" stroke="black"/></g>
<g class="node" data-pmpath-name="C"><polygon points="40,150 60,150 60,170 40,170" fill="none" stroke="black"/><text x="42" y="165" font-size="11">Too long for its box</text></g>`));
        const rules = new Set(broken.violations.map(v => v.rule));
        for (const rule of ['label-overlap', 'label-on-node', 'label-on-cluster-title', 'node-label-overflow', 'edge-label-far', 'edge-through-label']) {
            expect(rules, `${rule} missing in:\n${describeViolations(broken)}`).toContain(rule);
        }
    });

    it('catches the overlapping labels of the old large-graph layout (xlabels), which the default layout avoids', async () => {
        const { file, diagnostics } = await parsePathway(syntheticPathway(SYNTHETIC_SET[SYNTHETIC_SET.length - 1]));
        const model = buildStatesModel(file.body as Pathway, diagnostics);
        const xlabels = await checkLegibility(page, await renderSvg(model, { large: true }));
        expect(xlabels.violations.length).toBeGreaterThan(0);
    });
});
