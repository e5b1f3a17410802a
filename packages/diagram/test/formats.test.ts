import { spawnSync } from 'node:child_process';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Pathway } from '@pmpath/language';
import { buildDossier, type DossierInput } from '../src/dossier-model.js';
import { buildFlowsModel, buildStatesModel } from '../src/model.js';
import { renderDot } from '../src/render-dot.js';
import { MERMAID_MAX_EDGES, renderMermaid } from '../src/render-mermaid.js';
import { renderReportHtml } from '../src/render-report-html.js';
import { renderReportMarkdown } from '../src/render-report-markdown.js';
import { renderSvg } from '../src/render-svg.js';
import { generatePathway } from './fixtures.js';
import { examplePaths, lintInputs, parsePathway } from './helpers.js';

const hasDot = spawnSync('dot', ['-V']).status === 0;
if (!hasDot) console.warn('SKIPPED: Graphviz `dot` is not installed (apt-get install graphviz); DOT outputs are not checked with native Graphviz.');

/** Runs native Graphviz on DOT text; returns its SVG or throws with its stderr. */
export function nativeDot(dot: string): string {
    const result = spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
    if (result.status !== 0 || result.stderr.includes('Error')) throw new Error(`dot failed: ${result.stderr}`);
    return result.stdout;
}

/** Every `<title>` and `<text>` content of an SVG, parsed as XML (entities decoded). */
function svgTexts(svg: string): string[] {
    const parser = new XMLParser({ ignoreAttributes: false, processEntities: true, htmlEntities: true });
    const texts: string[] = [];
    const stack: unknown[] = [parser.parse(svg)];
    while (stack.length > 0) {
        const node = stack.pop();
        if (Array.isArray(node)) { stack.push(...node); continue; }
        if (node && typeof node === 'object') {
            for (const [key, value] of Object.entries(node)) {
                if (key === 'title' || key === 'text' || key === 'desc') {
                    for (const v of Array.isArray(value) ? value : [value]) {
                        texts.push(typeof v === 'object' && v !== null ? String((v as Record<string, unknown>)['#text'] ?? '') : String(v));
                    }
                } else stack.push(value);
            }
        }
    }
    return texts;
}

let inputs: DossierInput[] = [];
const examples = examplePaths();

describe('every example', () => {
    it('has examples to render', async () => {
        expect(examples.length).toBeGreaterThan(0);
        inputs = await lintInputs(examples);
    });

    it('renders DOT that native Graphviz accepts, for both views', async ({ skip }) => {
        if (!hasDot) skip();
        for (const input of inputs) {
            const pathway = input.file!.body as Pathway;
            for (const model of [buildStatesModel(pathway, input.findings), buildFlowsModel(pathway, input.findings)]) {
                expect(() => nativeDot(renderDot(model)), `${input.path} ${model.view}`).not.toThrow();
            }
        }
    });

    it('renders SVG that parses as XML, is self-contained and names every state and actor', async () => {
        for (const input of inputs) {
            const pathway = input.file!.body as Pathway;
            const states = buildStatesModel(pathway, input.findings);
            const flows = buildFlowsModel(pathway, input.findings);
            const statesSvg = await renderSvg(states);
            const flowsSvg = await renderSvg(flows);
            for (const svg of [statesSvg, flowsSvg]) {
                expect(svg.startsWith('<svg')).toBe(true);
                expect(svg).toMatch(/<title id="pmpath-title">[^<]+<\/title>\n<desc id="pmpath-desc">[^<]+<\/desc>/);
                expect(svg).toContain('role="img"');
                expect(svg).not.toMatch(/<script|<!DOCTYPE|<!--|@import|url\(|<image|<foreignObject/i);
                expect(svg).not.toMatch(/href="(?!#)/);
            }
            const stateTexts = svgTexts(statesSvg);
            for (const state of states.states) expect(stateTexts, `${input.path}: state ${state.name}`).toContain(state.name);
            const actorTexts = svgTexts(flowsSvg);
            for (const actor of flows.actors) expect(actorTexts, `${input.path}: actor ${actor.name}`).toContain(actor.name);
        }
    });

    it('renders byte-identical SVG, DOT, Mermaid and reports for the same input', async () => {
        const pathway = inputs[0].file!.body as Pathway;
        const model = buildStatesModel(pathway, inputs[0].findings);
        expect(await renderSvg(model)).toBe(await renderSvg(buildStatesModel(pathway, inputs[0].findings)));
        expect(renderDot(model)).toBe(renderDot(model));
        expect(renderMermaid(model).text).toBe(renderMermaid(model).text);
        const dossier = buildDossier(inputs);
        expect(await renderReportHtml(dossier)).toBe(await renderReportHtml(buildDossier(inputs)));
        expect(renderReportMarkdown(dossier).text).toBe(renderReportMarkdown(dossier).text);
    });

    it('renders Mermaid with one declaration per state and actor and one edge per transition and flow', () => {
        for (const input of inputs) {
            const pathway = input.file!.body as Pathway;
            const states = buildStatesModel(pathway, input.findings);
            const text = renderMermaid(states).text;
            expect(text.split('\n')[0]).toBe('stateDiagram-v2');
            expect(text.match(/^ {2}state "[^"\n]*" as s\d+$/gm)?.length).toBe(states.states.length);
            expect(text.match(/^ {2}s\d+ --> s\d+/gm)?.length ?? 0).toBe(states.transitions.length);
            const flows = buildFlowsModel(pathway, input.findings);
            const flowText = renderMermaid(flows).text;
            expect(flowText.split('\n')[0]).toBe('flowchart LR');
            expect(flowText.match(/^ {2}a\d+ (-->|-\.->|==>)\|"[^"\n]*"\| a\d+$/gm)?.length ?? 0).toBe(flows.flows.length);
        }
    });
});

describe('highlighting', () => {
    it('names the finding on a flagged state and transition in DOT, SVG and Mermaid', async () => {
        const { pathway, diagnostics } = await parsePathway(`pathway P {
  actor lab: laboratory
  initial state A: healthy
  state Stuck: healthy
  final state Z: sick
  A -> Stuck by lab
  A -> Z by lab
}`);
        const model = buildStatesModel(pathway, diagnostics);
        const dot = renderDot(model);
        expect(dot).toMatch(/"Stuck" \[id="state_1", label=<[^\n]*dead-end-state[^\n]*color="#c00000"/);
        // The transition's label is a node on its line: "A" -> label -> "Z".
        const labelNode = /"A" -> "(__label_transition_\d+)" \[[^\n]*color="#c00000"/.exec(dot)?.[1];
        expect(labelNode).toBeDefined();
        expect(dot).toMatch(new RegExp(`"${labelNode}" \\[[^\\n]*class="edgelabel"[^\\n]*sick-role-gatekeeper`));
        expect(dot).toContain(`"${labelNode}" -> "Z" [id="transition_1"`);
        expect(svgTexts(await renderSvg(model)).join('\n')).toContain('⚠ error: dead-end-state');
        const mermaid = renderMermaid(model).text;
        expect(mermaid).toMatch(/state "Stuck[^"]*dead#45;end#45;state|state "Stuck[^"]*dead-end-state/);
        expect(mermaid).toMatch(/class s1 healthyFlagged/);
        expect(mermaid).toMatch(/class s0 healthy$/m);
    });

    it('draws research, commercial and violating flows with distinct line styles, not only colours', async () => {
        const { pathway, diagnostics } = await parsePathway(`pathway P {
  actor doc: clinician
  actor reg: researcher
  actor app: platform { monetizes }
  data v: biomarker unit "mg/dL"
  consent C { permits care, commercial, research duo HMB covers v }
  initial state A: healthy
  final state Z: healthy
  A -> Z by doc
  flow v from doc to reg for research under C
  flow v from doc to app for care under C
  flow v from doc to reg for quality
  flow v from reg to doc for care
}`);
        const dot = renderDot(buildFlowsModel(pathway, diagnostics), { legend: false });
        const lines = dot.split('\n');
        // Each pair of actors is one edge drawn through a label node; parallel flows share it, one block each.
        const edge = (from: string, to: string) => {
            const arrow = lines.find(l => new RegExp(`^ *"__label_[^"]+" -> "${to}"`).test(l) && lines.some(leg => leg.trimStart().startsWith(`"${from}" -> "${/"(__label_[^"]+)"/.exec(l)![1]}"`)))!;
            const label = /"(__label_[^"]+)"/.exec(arrow)![1];
            return { leg: lines.find(l => l.trimStart().startsWith(`"${from}" -> "${label}"`))!, label: lines.find(l => l.trimStart().startsWith(`"${label}" [`))!, arrow };
        };
        const research = edge('doc', 'reg');
        // doc -> reg carries a research flow under consent and a quality flow that is research use without one: drawn as a violation.
        expect(research.leg).toContain('style="bold"');
        expect(research.leg).toContain('color="#c00000"');
        expect(research.label).toContain('RESEARCH USE');
        expect(research.label).toContain('VIOLATION: research-use-requires-consent');
        expect(research.label).toContain('<HR/>');
        expect(edge('doc', 'app').arrow).toContain('style="bold"');
        expect(edge('doc', 'app').label).toContain('COMMERCIAL USE');
        expect(edge('reg', 'doc').arrow).toContain('style="solid"');
        expect(edge('reg', 'doc').label).not.toContain('no consent');
        expect(dot).toMatch(/subgraph "cluster_fiduciary" \{\n[^\n]*\n {4}"doc"/);
        const mermaid = renderMermaid(buildFlowsModel(pathway, diagnostics)).text;
        expect(mermaid).toMatch(/a0 -\.->\|"[^"]*RESEARCH USE[^"]*"\| a1/);
        expect(mermaid).toMatch(/a0 ==>\|"[^"]*COMMERCIAL USE[^"]*"\| a2/);
        expect(mermaid).toMatch(/linkStyle 2 stroke:#c00000/);
    });
});

describe('large pathways', () => {
    it(`warns in a comment and in the result when Mermaid would exceed ${MERMAID_MAX_EDGES} edges, and the Markdown report omits that diagram with a warning`, async () => {
        const { pathway, diagnostics } = await parsePathway(generatePathway(300));
        const mermaid = renderMermaid(buildStatesModel(pathway, diagnostics));
        expect(mermaid.edges).toBeGreaterThan(MERMAID_MAX_EDGES);
        expect(mermaid.warnings).toHaveLength(1);
        expect(mermaid.warnings[0]).toMatch(/Generated300 has \d+ edges, more than Mermaid's default limit of 500/);
        expect(mermaid.text.startsWith('%% WARNING: The states diagram of pathway Generated300')).toBe(true);
        const report = renderReportMarkdown(buildDossier([{ path: 'big.pmpath', file: pathway.$container, findings: diagnostics }]));
        expect(report.warnings).toHaveLength(1);
        expect(report.text).toContain('Diagram omitted:');
        expect(report.text.match(/```mermaid/g)).toHaveLength(1); // the flows view is small and stays
        const small = renderMermaid(buildStatesModel((await parsePathway(generatePathway(20))).pathway, []));
        expect(small.warnings).toEqual([]);
    });

    it('lays out 200 states as SVG (speed is measured by npm run bench)', async () => {
        const { pathway } = await parsePathway(generatePathway(200));
        const model = buildStatesModel(pathway, []);
        const svg = await renderSvg(model);
        expect(svgTexts(svg)).toContain('S199');
    });
});

describe('dossier', () => {
    it('holds metadata, both diagrams, hybrid statuses, the consent matrix with DUO CURIEs, cutoffs with sources, and findings', async () => {
        const html = await renderReportHtml(buildDossier(inputs));
        const md = renderReportMarkdown(buildDossier(inputs)).text;
        for (const input of inputs) {
            const pathway = input.file!.body as Pathway;
            expect(html).toContain(`Pathway ${pathway.name}`);
            expect(md).toContain(`Pathway ${pathway.name}`);
        }
        // Two diagrams per pathway; a diagram too big for an A4 page at 7 pt is printed in parts, one figure each.
        expect(html.match(/<svg /g)?.length).toBe(html.match(/<figure class="diagram /g)?.length);
        expect(html.match(/<figure class="diagram [^"]*" id="file-\d+-states-figure-1"/g)?.length).toBe(inputs.length);
        expect(html.match(/<figure class="diagram [^"]*" id="file-\d+-flows-figure-1"/g)?.length).toBe(inputs.length);
        expect(md.match(/```mermaid\n(stateDiagram-v2|flowchart LR)/g)?.length).toBe(inputs.length * 2);
        for (const heading of ['Hybrid statuses: monitoring and disclosure', 'Consent matrix: every data flow', 'Cutoffs', 'Findings']) {
            expect(html).toContain(heading);
            expect(md).toContain(heading);
        }
        expect(html).toMatch(/DUO:0000\d{3}, /);
        expect(md).toMatch(/DUO:0000\d{3}, /); // CURIEs stay searchable as written
        expect(html).not.toMatch(/<script|<link|<img|src=|@import|url\(/i);
        expect(html).toContain('@page { size: A4');
        expect(html).toContain("default-src 'none'");
        // ids are unique across the inline SVGs
        const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map(m => m[1]);
        expect(new Set(ids).size).toBe(ids.length);
    });

    it('lists findings with rule, severity and location, and marks violating flows, for a flawed pathway', async () => {
        const flawed = examples.length > 0 ? await lintInputs([examples[0].replace(/[^/]+$/, 'flawed/downstream-consent.pmpath')]) : [];
        if (flawed.length === 0) return;
        const md = renderReportMarkdown(buildDossier(flawed)).text;
        expect(md).toMatch(/\| ⚠ error \| downstream-consent-violation \| examples\/flawed\/downstream-consent\.pmpath:\d+:\d+ \|/);
        expect(md).toContain('⚠ violation');
        const html = await renderReportHtml(buildDossier(flawed));
        expect(html).toContain('<code>downstream-consent-violation</code>');
        // Wrapped in the diagram: compare the visible text without line breaks.
        expect(html.replace(/<\/text>\s*<text[^>]*>/g, ' ')).toContain('on the path of a downstream violation');
    });
});
