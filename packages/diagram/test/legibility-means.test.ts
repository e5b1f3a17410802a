/**
 * The means behind the legibility and print guarantees, checked on the DOT
 * and SVG text (the geometric checks themselves run in Chromium, in
 * test/browser/): wrapping, merged parallel edges drawn through label nodes,
 * the key listing only the marks used, the unlabelled start edge, full text
 * in `<title>`, cutoff errors on the transitions that use them, and "no
 * consent" only where a rule asks for one.
 */
import { describe, expect, it } from 'vitest';
import { RuleId } from '@pmpath/language';
import { buildFlowsModel, buildStatesModel } from '../src/model.js';
import { buildDot, isLargeLayout, LARGE_GRAPH_EDGES, renderDot, flowLabelLines } from '../src/render-dot.js';
import { renderSvg } from '../src/render-svg.js';
import { printScale, statesInPhaseOrder, svgSize } from '../src/print-layout.js';
import { wrapText } from '../src/wrap.js';
import { parsePathway } from './helpers.js';
import { syntheticPathway } from './synthetic-pathways.mjs';

describe('wrapText', () => {
    it('wraps at spaces within the width and keeps every word', () => {
        const { lines, shortened } = wrapText('monitor sweatCl, cftr every 6 months by pulmonologist, review after 1 year, until SweatPositive', 30);
        expect(shortened).toBe(false);
        expect(lines.every(l => Array.from(l).length <= 30)).toBe(true);
        expect(lines.join(' ')).toBe('monitor sweatCl, cftr every 6 months by pulmonologist, review after 1 year, until SweatPositive');
    });

    it('splits a word longer than a line after punctuation, without adding characters', () => {
        const word = ']]><script>window.__pwned=6</script><!--';
        const { lines } = wrapText(word, 20);
        expect(lines.length).toBeGreaterThan(1);
        expect(lines.join('')).toBe(word);
        expect(lines.every(l => Array.from(l).length <= 20)).toBe(true);
    });

    it('shortens only beyond the line budget, with an ellipsis, and says so', () => {
        const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
        const kept = wrapText(long, 20, 3);
        expect(kept.shortened).toBe(true);
        expect(kept.lines).toHaveLength(3);
        expect(kept.lines[2].endsWith('…')).toBe(true);
        expect(wrapText('short text', 20, 3)).toEqual({ lines: ['short text'], shortened: false });
        expect(wrapText('', 20)).toEqual({ lines: [''], shortened: false });
    });

    it('counts code points, never splitting a surrogate pair', () => {
        const { lines } = wrapText('😀'.repeat(30), 10);
        expect(lines.every(l => !/[\uD800-\uDBFF]$/.test(l))).toBe(true);
        expect(lines.join('')).toBe('😀'.repeat(30));
    });
});

const PATHWAY = `pathway P {
  actor doc: clinician
  actor lab: laboratory
  data v: biomarker unit "mg/dL"
  cutoff Hi: v >= 10 "mg/dL" source "S"
  cutoff Lo: v < 10 "mg/dL" source "S"
  flow v from lab to doc for care
  initial state A: healthy "A description long enough to need wrapping over more than one line in the node"
  state W: hybrid at-risk { monitor v every 1 year by doc review after 2 years until Hi disclose v to doc by doc with counselling }
  final state Z: healthy
  A -> W when Hi by doc
  A -> W when Lo after 1 year by doc
  W -> Z when Lo by doc, lab
}`;

describe('states DOT', () => {
    it('merges parallel transitions into one edge through a label node, one block per transition', async () => {
        const { pathway, diagnostics } = await parsePathway(PATHWAY);
        const { dot, elements } = buildDot(buildStatesModel(pathway, diagnostics));
        const arrows = dot.split('\n').filter(l => / -> "W"/.test(l));
        expect(arrows).toHaveLength(1);
        expect(dot).toMatch(/"__label_transition_0" \[id="transition_0_label", class="edgelabel"[^\n]*when Hi[^\n]*<HR\/>[^\n]*when Lo/);
        expect(dot).toContain('"A" -> "__label_transition_0" [id="transition_0_leg", class="edgeleg", arrowhead="none"');
        const edge = elements.find(e => e.id === 'transition_0')!;
        expect(edge.data).toMatchObject({ source: 'A', target: 'W', index: '0', count: '2' });
        expect(edge.title).toContain('when Hi');
        expect(edge.title).toContain('when Lo');
    });

    it('draws the start edge without a label, so large graphs keep every edge label an xlabel', async () => {
        const { pathway, diagnostics } = await parsePathway(syntheticPathway({ seed: 3, states: 40, actors: 4 }));
        const model = buildStatesModel(pathway, diagnostics);
        expect(renderDot(model)).toMatch(/"__start0" -> "Screened0" \[id="start_edge_0"\];/);
        const large = renderDot(model, { large: true });
        expect(isLargeLayout(model, { large: true })).toBe(true);
        // The regression behind a 15–60× slowdown: one `label=` on any edge makes dot treat every edge as labelled.
        const edges = large.split('\n').filter(l => / -> /.test(l));
        expect(edges.length).toBeGreaterThan(40);
        for (const edge of edges) expect(edge).not.toMatch(/\blabel=/);
        expect(large).toContain('xlabel=');
        expect(LARGE_GRAPH_EDGES).toBeGreaterThanOrEqual(100);
    });

    it('puts the title and a key of the marks used into the root label under the drawing', async () => {
        const { pathway, diagnostics } = await parsePathway(PATHWAY);
        const dot = renderDot(buildStatesModel(pathway, diagnostics));
        const caption = /\n {2}graph \[labelloc="b", labeljust="l", label=<(.*)>\];\n\}/.exec(dot)?.[1] ?? '';
        expect(caption).toContain('P: states and transitions');
        for (const used of ['«healthy»', '«hybrid»', 'final: double border', 'start: arrow into the initial state']) expect(caption).toContain(used);
        expect(caption).not.toContain('«sick»');
        expect(caption).not.toContain('not declared');
        expect(dot).not.toContain('cluster_legend');
        expect(renderDot(buildStatesModel(pathway, diagnostics), { legend: false })).not.toContain('Key:');
    });

    it('wraps long labels and gives every element its full text as <title> and data-pmpath-* attributes', async () => {
        const { pathway, diagnostics } = await parsePathway(PATHWAY);
        const model = buildStatesModel(pathway, diagnostics);
        const svg = await renderSvg(model);
        expect(svg).toContain('<title>State A: A description long enough to need wrapping over more than one line in the node (healthy, initial)</title>');
        expect(svg).toMatch(/<g id="pmpath-state_1" class="node" data-pmpath-kind="node" data-pmpath-name="W">\n<title>State W \(hybrid at-risk\); monitor v every 1 year by doc, review after 2 years, until Hi; disclose v to doc by doc, with counselling<\/title>/);
        expect(svg).toMatch(/<g id="pmpath-transition_2_label" class="node edgelabel" data-pmpath-kind="edge" data-pmpath-source="W" data-pmpath-target="Z" data-pmpath-index="0" data-pmpath-count="1" data-pmpath-for="transition_2">/);
        expect(svg).toContain('until Hi');
        // No line of text is longer than the wrap width allows.
        for (const [, text] of svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)) expect(text.length).toBeLessThanOrEqual(110);
    });

    it('marks the transitions whose guard uses a cutoff with a unit or type error, naming the cutoff', async () => {
        const { pathway, diagnostics } = await parsePathway(`pathway P {
  actor doc: clinician
  data v: biomarker unit "mg/dL"
  data g: genomic
  cutoff Hi: v >= 10 "mmol/L" source "S"
  cutoff Lo: v < 10 "mg/dL" source "S"
  cutoff Bad: g >= 2 source "S"
  flow v, g from doc to doc for care
  initial state A: healthy
  state B: healthy
  final state Z: healthy
  A -> B when Hi or Lo by doc
  A -> Z when not Lo by doc
  B -> Z when (Bad) by doc
}`);
        const model = buildStatesModel(pathway, diagnostics);
        const rules = (i: number) => model.transitions[i].findings.map(f => `${f.rule} ${f.viaCutoff}`);
        expect(rules(0)).toContain(`${RuleId.cutoffUnitMismatch} Hi`);
        expect(rules(1)).toEqual([]);
        expect(rules(2)).toContain(`${RuleId.cutoffTypeMismatch} Bad`);
        const dot = renderDot(model);
        expect(dot).toContain('⚠ error: cutoff-unit-mismatch (cutoff Hi)');
        expect(dot).toMatch(/"A" -> "__label_transition_0" \[[^\n]*color="#c00000"/);
        expect(dot).toMatch(/"A" -> "__label_transition_1" \[[^\n]*color="#37474f"/);
    });
});

describe('flows DOT', () => {
    it('says "no consent" only for a flow a rule flags for lacking one, never for care', async () => {
        const { pathway, diagnostics } = await parsePathway(`pathway P {
  actor doc: clinician
  actor reg: researcher
  actor lab: laboratory
  data v: biomarker unit "mg/dL"
  initial state A: healthy
  final state Z: healthy
  A -> Z by doc
  flow v from lab to doc for care
  flow v from doc to lab for quality
  flow v from doc to reg for research
}`);
        const model = buildFlowsModel(pathway, diagnostics);
        expect(flowLabelLines(model.flows[0])).toEqual(['v', 'for care']);
        expect(flowLabelLines(model.flows[1])).toEqual(['v', 'for quality']);
        expect(flowLabelLines(model.flows[2])).toEqual(['v', 'for research · RESEARCH USE', 'no consent']);
        const dot = renderDot(model);
        expect(dot.match(/no consent/g)).toHaveLength(1);
    });

    it('lists in the key only the actor kinds and line styles the diagram uses', async () => {
        const { pathway, diagnostics } = await parsePathway(`pathway P {
  actor doc: clinician
  actor lab: laboratory
  data v: biomarker unit "mg/dL"
  initial state A: healthy
  final state Z: healthy
  A -> Z by doc
  flow v from lab to doc for care
}`);
        const dot = renderDot(buildFlowsModel(pathway, diagnostics));
        expect(dot).toContain('care: solid');
        expect(dot).toContain('clinician: fiduciary');
        for (const unused of ['monetizes', 'RESEARCH USE', 'COMMERCIAL USE', 'VIOLATION', 'dotted']) expect(dot).not.toContain(unused);
        // The fiduciary group has no title for an edge label to land on.
        expect(dot).toMatch(/subgraph "cluster_fiduciary" \{\n {4}graph \[id="fiduciary_group", label="",/);
    });
});

describe('print layout helpers', () => {
    it('reads the size of a Graphviz SVG and computes the A4 print scale', () => {
        expect(svgSize('<svg width="1694pt" height="380pt"\n viewBox="0.00 0.00 1694.00 380.00">')).toEqual({ width: 1694, height: 380 });
        expect(printScale(400, 300, 'portrait')).toBe(1);
        expect(printScale(1054, 300, 'portrait')).toBeCloseTo(0.5, 2);
        expect(printScale(1054, 300, 'landscape')).toBeCloseTo(773 / 1054, 3);
    });

    it('orders states by connected part, then distance from the initial state, then declaration', async () => {
        const { pathway, diagnostics } = await parsePathway(`pathway P {
  actor doc: clinician
  final state Far: healthy
  initial state Start: healthy
  state Near: healthy
  state Island: healthy
  final state IslandEnd: healthy
  Start -> Near by doc
  Near -> Far by doc
  Island -> IslandEnd by doc
}`);
        expect(statesInPhaseOrder(buildStatesModel(pathway, diagnostics)).map(s => s.name)).toEqual(['Start', 'Near', 'Far', 'Island', 'IslandEnd']);
    });
});
