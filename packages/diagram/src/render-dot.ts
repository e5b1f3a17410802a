/**
 * Graphviz DOT for both views. Also the input of the SVG renderer, so the SVG
 * and the DOT a user renders with native `dot -Tsvg` show the same picture.
 * Labels are Graphviz HTML-like labels built from XML-escaped text; names are
 * quoted identifiers.
 *
 * Legibility choices (checked geometrically in Chromium by
 * `test/browser/legibility.test.ts`):
 * - Edge labels are real `label`s, so dot gives each one a place in the
 *   layout next to its edge instead of dropping it wherever there is room
 *   (`xlabel`); only graphs above `LARGE_GRAPH_EDGES` edges, and the preview's
 *   draft layout, use `xlabel`s.
 * - Parallel edges are merged: all transitions from one state to another, and
 *   all flows from one actor to another, become one edge whose label stacks
 *   one block per transition or flow (an HTML table with rules between the
 *   blocks). dot otherwise stacks their labels in a column that drifts away
 *   from the lines.
 * - Long text is wrapped (`wrap.ts`), never cut silently.
 * - The title and the key are the root graph's label, under the drawing:
 *   Graphviz reserves room for it outside the node layout, and the key lists
 *   only the marks the diagram uses.
 * - Clusters carry no title (an edge label could land on it); what the
 *   fiduciary group means is in the key, and every actor says its role.
 */
import { escapeDotHtml, escapeDotString } from './escape.js';
import {
    isFlagged, type ActorNode, type DiagramModel, type Finding, type FlowEdge, type FlowsModel, type StateNode,
    type StatesModel, type TransitionEdge,
} from './model.js';
import {
    ACTOR_FILL, ACTOR_STROKE, FIDUCIARY_FILL, FIDUCIARY_STROKE, FLAG_COLOR, FLOW_STYLES, MONETIZES_FILL, NOT_REACHED_COLOR,
    NOT_REACHED_SIGN, RUN_COLOR, RUN_SIGN, STATE_STYLES, WARNING_SIGN, WRAP,
} from './style.js';
import { stepList, transitionKey, type RunMark, type RunOverlay } from './run-overlay.js';
import { wrapText } from './wrap.js';

export type Rankdir = 'LR' | 'TB';

export interface DotOptions {
    /** Include the key in the caption under the drawing (default true). */
    readonly legend?: boolean;
    /**
     * Layout for large graphs: edge labels become `xlabel`s placed after layout
     * and crossing minimisation is bounded. Default: on above `LARGE_GRAPH_EDGES`
     * edges (after merging parallel edges).
     */
    readonly large?: boolean;
    /**
     * A draft layout for the editor preview of big pathways: straight edges,
     * `xlabel`s and bounded iterations. Fast, less tidy; the preview replaces it
     * with the full layout when that is ready.
     */
    readonly draft?: boolean;
    /** Layout direction; default left to right. */
    readonly rankdir?: Rankdir;
    /** A caption note after the title, e.g. `part 2 of 3: states Foo to Bar`. */
    readonly note?: string;
    /**
     * States drawn in another part of a split diagram (print layout): a
     * transition to or from one of them ends at a dashed stub box that says
     * where the state is (the value, e.g. `part 3`).
     */
    readonly elsewhere?: ReadonlyMap<string, string>;
}

/** Above this many edges (after merging), `renderDot` switches to the large-graph layout settings. */
export const LARGE_GRAPH_EDGES = 160;

const FONT = 'Helvetica';

/** What the SVG post-processor attaches to one drawn element (by its DOT `id`). */
export interface DiagramElement {
    /** The DOT/SVG id of the node or edge group (before the SVG id prefix). */
    readonly id: string;
    readonly kind: 'node' | 'edge';
    /** Full text of the element, for its SVG `<title>` (tooltips, screen readers, text cut from the label). */
    readonly title: string;
    /** `data-pmpath-*` attributes: `name` (nodes), `source`, `target`, `index` (edges), as the preview's locator expects. */
    readonly data: Readonly<Record<string, string>>;
}

export interface DotDocument {
    readonly dot: string;
    readonly elements: readonly DiagramElement[];
}

/** Renders either view as a DOT `digraph`. Pure and deterministic. */
export function renderDot(model: DiagramModel, options: DotOptions = {}): string {
    return buildDot(model, options).dot;
}

/** The DOT text and the element table the SVG post-processor needs. Pure and deterministic. */
export function buildDot(model: DiagramModel, options: DotOptions = {}): DotDocument {
    return model.view === 'states' ? statesDot(model, options) : flowsDot(model, options);
}

// ------------------------------------------------------------------ shared

interface LineOptions { readonly bold?: boolean; readonly italic?: boolean; readonly size?: number; readonly color?: string }

/** One escaped line of an HTML-like label. */
function line(text: string, options: LineOptions = {}): string {
    let html = escapeDotHtml(text);
    if (html === '') html = ' ';
    if (options.bold) html = `<B>${html}</B>`;
    if (options.italic) html = `<I>${html}</I>`;
    if (options.size !== undefined || options.color) {
        html = `<FONT${options.size !== undefined ? ` POINT-SIZE="${options.size}"` : ''}${options.color ? ` COLOR="${options.color}"` : ''}>${html}</FONT>`;
    }
    return html;
}

/** Collects label lines; remembers whether any text had to be shortened. */
class LabelBuilder {
    readonly lines: string[] = [];
    shortened = false;

    /** Wraps `text` to the budget and adds its lines. */
    add(text: string, budget: { readonly width: number; readonly lines: number }, options: LineOptions = {}): this {
        const wrapped = wrapText(text, budget.width, budget.lines);
        if (wrapped.shortened) this.shortened = true;
        for (const l of wrapped.lines) this.lines.push(line(l, options));
        return this;
    }

    html(): string {
        return `<${(this.lines.length > 0 ? this.lines : [' ']).join('<BR/>')}>`;
    }
}

/** Stacks several label blocks in one HTML table with a rule between blocks. */
function stackedLabel(blocks: readonly string[][]): string {
    if (blocks.length === 1) return `<${blocks[0].join('<BR/>')}>`;
    const rows = blocks.map(lines => `<TR><TD>${lines.join('<BR/>')}</TD></TR>`);
    return `<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">${rows.join('<HR/>')}</TABLE>>`;
}

function attrs(values: Record<string, string | number | undefined>): string {
    const parts: string[] = [];
    for (const [key, value] of Object.entries(values)) {
        if (value === undefined) continue;
        // HTML-like labels are passed through already wrapped in <...>.
        const rendered = typeof value === 'number' ? String(value)
            : (key === 'label' || key === 'xlabel') && value.startsWith('<') ? value
            : escapeDotString(value);
        parts.push(`${key}=${rendered}`);
    }
    return `[${parts.join(', ')}]`;
}

/** One line per distinct rule of the flagging findings (errors and warnings). */
function findingTexts(findings: readonly Finding[], prefix = ''): string[] {
    const seen = new Set<string>();
    const texts: string[] = [];
    for (const finding of findings) {
        if (finding.severity === 'info') continue;
        const key = `${finding.rule}\u0000${finding.viaCutoff ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        texts.push(`${WARNING_SIGN} ${prefix}${finding.severity}: ${finding.rule}${finding.viaCutoff ? ` (cutoff ${finding.viaCutoff})` : ''}`);
    }
    return texts;
}

/** Findings in words for `<title>`s: every message in full. */
function findingSentences(findings: readonly Finding[]): string[] {
    return findings.map(f => `${f.severity} ${f.rule}${f.viaCutoff ? ` (cutoff ${f.viaCutoff})` : ''}: ${f.message}`);
}

function edgeCount(model: DiagramModel): number {
    return model.view === 'states' ? groupEdges(model.transitions, t => [t.source, t.target]).length : groupEdges(model.flows, f => [f.from, f.to]).length;
}

/** Whether `renderDot` uses the large-graph settings for this model and these options. */
export function isLargeLayout(model: DiagramModel, options: DotOptions = {}): boolean {
    return options.draft === true || (options.large ?? edgeCount(model) > LARGE_GRAPH_EDGES);
}

/** Groups edges by (source, target), in order of first appearance; each group keeps its members' indexes. */
function groupEdges<T>(items: readonly T[], ends: (item: T) => [string, string]): Array<{ source: string; target: string; members: Array<{ item: T; index: number }> }> {
    const groups = new Map<string, { source: string; target: string; members: Array<{ item: T; index: number }> }>();
    items.forEach((item, index) => {
        const [source, target] = ends(item);
        const key = `${source}\u0000${target}`;
        let group = groups.get(key);
        if (!group) {
            group = { source, target, members: [] };
            groups.set(key, group);
        }
        group.members.push({ item, index });
    });
    return [...groups.values()];
}

interface EdgeSpec {
    /** Id of the edge (the one with the arrowhead); the label node and the first leg derive theirs from it. */
    readonly id: string;
    readonly source: string;
    readonly target: string;
    /** HTML-like label, or undefined for none. */
    readonly label?: string;
    /** `node`: the label is a node on the line; `xlabel`: placed after layout (large graphs, drafts). */
    readonly labelMode: 'node' | 'xlabel';
    readonly attributes: Record<string, string | number | undefined>;
    readonly fontcolor: string;
    readonly title: string;
    /** How many transitions or flows the edge stands for. */
    readonly count: number;
}

/**
 * Emits one (merged) edge. With `labelMode: 'node'` the label becomes a node
 * on the line, `source -> label -> target`: dot places it like any node (so
 * no label can overlap another label or a node) and the line runs through it
 * (so it cannot drift from its edge). Both legs and the label node carry the
 * edge's `data-pmpath-*` attributes, so a click on any of them reveals the
 * transition or flow.
 */
function emitEdge(out: string[], elements: DiagramElement[], edge: EdgeSpec, indent = '  '): void {
    const data = { source: edge.source, target: edge.target, index: '0', count: String(edge.count), for: edge.id };
    const from = escapeDotString(edge.source);
    const to = escapeDotString(edge.target);
    if (edge.label === undefined || edge.labelMode === 'xlabel') {
        out.push(`${indent}${from} -> ${to} ${attrs({ id: edge.id, xlabel: edge.label, fontcolor: edge.fontcolor, ...edge.attributes })};`);
        elements.push({ id: edge.id, kind: 'edge', title: edge.title, data });
        return;
    }
    const labelId = `${edge.id}_label`;
    const legId = `${edge.id}_leg`;
    const labelNode = escapeDotString(`__label_${edge.id}`);
    // width=0, height=0: the node hugs its text (default 0.75 × 0.5 in would leave the line ending away from a short label).
    out.push(`${indent}${labelNode} ${attrs({ id: labelId, class: 'edgelabel', shape: 'plaintext', width: 0, height: 0, margin: '0.03,0.02', fontsize: 9, fontcolor: edge.fontcolor, label: edge.label })};`);
    out.push(`${indent}${from} -> ${labelNode} ${attrs({ id: legId, class: 'edgeleg', arrowhead: 'none', ...edge.attributes })};`);
    out.push(`${indent}${labelNode} -> ${to} ${attrs({ id: edge.id, ...edge.attributes })};`);
    for (const id of [labelId, legId, edge.id]) elements.push({ id, kind: 'edge', title: edge.title, data });
}

function header(model: DiagramModel, options: DotOptions): string[] {
    const large = isLargeLayout(model, options);
    // Bounded network-simplex and mincross iterations keep layout time near-linear for big pathways.
    const limits = large ? { mclimit: 0.2, nslimit: 2, nslimit1: 2, searchsize: 10, forcelabels: 'true' } : {};
    return [
        `// pmpath ${model.view} view of pathway ${model.pathway.replace(/[^A-Za-z0-9_]/g, '')}; generated, do not edit.`,
        `digraph ${escapeDotString(model.pathway)} {`,
        `  graph ${attrs({
            ...limits,
            rankdir: options.rankdir ?? 'LR',
            splines: options.draft ? 'line' : undefined,
            fontname: FONT, fontsize: 11, nodesep: 0.3, ranksep: 0.5, pad: 0.15,
        })};`,
        `  node ${attrs({ fontname: FONT, fontsize: 11, shape: 'box', margin: '0.12,0.06' })};`,
        `  edge ${attrs({ fontname: FONT, fontsize: 9, arrowsize: 0.8 })};`,
    ];
}

/** One entry of the key: a swatch (an HTML table cell drawn by Graphviz) and its meaning. */
interface KeyEntry { readonly swatch: string; readonly text: string }

const box = (cell: string) => `<TD WIDTH="22" HEIGHT="12" FIXEDSIZE="TRUE" ${cell}></TD>`;
const stroke = (cell: string) => `<TD WIDTH="28" HEIGHT="7" FIXEDSIZE="TRUE" SIDES="B" ${cell}></TD>`;

/**
 * The caption under the drawing: the title, an optional note, and the key
 * (only the marks used). It is the root graph label, which Graphviz places
 * outside the layout of nodes and edges.
 */
function caption(model: DiagramModel, options: DotOptions, entries: readonly KeyEntry[]): string[] {
    const heading = model.title ? `${model.title} (${model.pathway})` : model.pathway;
    const rows: string[] = [];
    const title = wrapText(`${heading}: ${model.view === 'states' ? 'states and transitions' : 'data flows between actors'}`, WRAP.title.width, WRAP.title.lines);
    rows.push(`<TR><TD ALIGN="LEFT" BALIGN="LEFT">${title.lines.map(l => line(l, { bold: true })).join('<BR/>')}</TD></TR>`);
    if (options.note) {
        rows.push(`<TR><TD ALIGN="LEFT" BALIGN="LEFT">${wrapText(options.note, WRAP.title.width, 3).lines.map(l => line(l, { italic: true, size: 9 })).join('<BR/>')}</TD></TR>`);
    }
    if (model.view === 'states' && model.run) {
        rows.push(`<TR><TD ALIGN="LEFT" BALIGN="LEFT">${wrapText(`${RUN_SIGN} ${model.run.caption}`, WRAP.title.width, 3).lines.map(l => line(l, { bold: true, size: 10, color: RUN_COLOR })).join('<BR/>')}</TD></TR>`);
    }
    if (options.legend !== false && entries.length > 0) {
        // One grid for the whole key, so swatches and texts line up in columns.
        const perRow = 3;
        const keyRows: string[] = [];
        for (let i = 0; i < entries.length; i += perRow) {
            const cells = entries.slice(i, i + perRow).map(e => `${e.swatch}<TD ALIGN="LEFT">${line(e.text, { size: 9 })}</TD>`);
            const lead = `<TD ALIGN="LEFT">${i === 0 ? line('Key:', { bold: true, size: 9 }) : ''}</TD>`;
            keyRows.push(`<TR>${lead}${cells.join('')}</TR>`);
        }
        rows.push(`<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" CELLPADDING="0">${keyRows.join('')}</TABLE></TD></TR>`);
    }
    return [`  graph ${attrs({ labelloc: 'b', labeljust: 'l', label: `<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">${rows.join('')}</TABLE>>` })};`];
}

// ------------------------------------------------------------------ states

function stateLabel(state: StateNode, run?: RunOverlay): { html: string; shortened: boolean } {
    const label = new LabelBuilder();
    label.add(state.name, WRAP.name, { bold: true });
    if (state.label) label.add(state.label, WRAP.label);
    const markers = [`«${state.kind}${state.hybridKind ? ': ' + state.hybridKind : ''}»`];
    if (state.initial) markers.push('initial');
    if (state.final) markers.push('final');
    label.add(markers.join(' · '), WRAP.plan, { italic: true, size: 9 });
    for (const plan of state.monitoring) label.add(`monitor ${plan}`, WRAP.plan, { size: 9 });
    for (const text of findingTexts(state.findings)) label.add(text, WRAP.finding, { bold: true, size: 9, color: FLAG_COLOR });
    const mark = stateRunText(state.name, run);
    if (mark) label.add(mark.text, WRAP.plan, mark.reached ? { bold: true, size: 10, color: RUN_COLOR } : { italic: true, size: 9, color: NOT_REACHED_COLOR });
    return { html: label.html(), shortened: label.shortened };
}

/** `▶ step 1`, `▶ steps 2, 4`, `▶ entered 3×`, `○ not entered`; nothing when the run does not mark the state. */
function stateRunText(name: string, run: RunOverlay | undefined): { text: string; reached: boolean } | undefined {
    const mark = run?.states.get(name);
    if (!run || !mark) return undefined;
    if (mark.count === 0) return { text: `${NOT_REACHED_SIGN} not entered`, reached: false };
    if (run.kind === 'scenario') return { text: `${RUN_SIGN} step${mark.count === 1 ? '' : 's'} ${stepList(mark.steps ?? [], mark.count)}`, reached: true };
    return { text: `${RUN_SIGN} entered ${mark.count.toLocaleString('en-US')}×`, reached: true };
}

/** `▶ step 1 → 2`, `▶ taken 5×`, `○ not taken`; nothing when the run does not mark the transition. */
function transitionRunText(mark: RunMark | undefined, run: RunOverlay | undefined): { text: string; reached: boolean } | undefined {
    if (!run || !mark) return undefined;
    if (mark.count === 0) return { text: `${NOT_REACHED_SIGN} not taken`, reached: false };
    if (run.kind === 'scenario') {
        const steps = mark.steps ?? [];
        const listed = steps.slice(0, 3).map(n => `${n.toLocaleString('en-US')} → ${(n + 1).toLocaleString('en-US')}`).join(', ');
        return { text: `${RUN_SIGN} step${mark.count === 1 ? '' : 's'} ${mark.count > 3 ? `${listed}, … (${mark.count.toLocaleString('en-US')} times)` : listed}`, reached: true };
    }
    return { text: `${RUN_SIGN} taken ${mark.count.toLocaleString('en-US')}×`, reached: true };
}

function stateTitle(state: StateNode, run?: RunOverlay): string {
    const kind = `${state.kind}${state.hybridKind ? ' ' + state.hybridKind : ''}${state.initial ? ', initial' : ''}${state.final ? ', final' : ''}`;
    const runText = stateRunText(state.name, run);
    return [
        `State ${state.name}${state.label ? `: ${state.label}` : ''} (${kind})`,
        ...state.monitoring.map(m => `monitor ${m}`),
        ...state.disclosures.map(d => `disclose ${d}`),
        ...findingSentences(state.findings),
        ...(runText ? [runText.text] : []),
    ].join('; ');
}

function stateAttrs(state: StateNode, id: string, run?: RunOverlay): Record<string, string | number | undefined> {
    const style = STATE_STYLES[state.kind];
    const flagged = isFlagged(state.findings);
    // Entered in the run: a thick dark-blue border (a finding's red border still wins; the label says both).
    const entered = (run?.states.get(state.name)?.count ?? 0) > 0;
    const shapeStyle = state.kind === 'sick' ? 'filled,bold' : state.kind === 'hybrid' ? 'rounded,dashed,filled' : 'rounded,filled';
    return {
        id,
        label: stateLabel(state, run).html,
        style: flagged || entered ? `${shapeStyle},bold` : shapeStyle,
        fillcolor: style.fill,
        color: flagged ? FLAG_COLOR : entered ? RUN_COLOR : style.stroke,
        penwidth: entered ? 3.5 : flagged ? 3 : state.kind === 'sick' ? 2 : 1.2,
        peripheries: state.final ? 2 : undefined,
    };
}

/** The lines of one transition's label block. */
function transitionBlock(edge: TransitionEdge, label: LabelBuilder, run?: { text: string; reached: boolean }): string[] {
    const start = label.lines.length;
    if (edge.guard) {
        label.add(`when ${edge.guard}`, WRAP.edge, { bold: true });
        if (edge.guardShortened) label.shortened = true;
    }
    if (edge.comparison) label.add(`(${edge.comparison})`, WRAP.edge);
    if (edge.after) label.add(`after ${edge.after}`, WRAP.edge);
    if (edge.gatekeepers.length > 0) label.add(`by ${edge.gatekeepers.join(', ')}`, WRAP.edge, { italic: true });
    for (const text of findingTexts(edge.findings)) label.add(text, WRAP.finding, { bold: true, color: FLAG_COLOR });
    if (run) label.add(run.text, WRAP.edge, run.reached ? { bold: true, color: RUN_COLOR } : { italic: true, color: NOT_REACHED_COLOR });
    if (label.lines.length === start) label.add(' ', WRAP.edge);
    return label.lines.slice(start);
}

function transitionTitle(edge: TransitionEdge, run?: { text: string }): string {
    const parts = [`Transition ${edge.source} -> ${edge.target}`];
    if (edge.guard) parts.push(`when ${edge.guard}${edge.comparison ? ` (${edge.comparison})` : ''}`);
    if (edge.after) parts.push(`after ${edge.after}`);
    if (edge.gatekeepers.length > 0) parts.push(`by ${edge.gatekeepers.join(', ')}`);
    return [parts.join(' '), ...findingSentences(edge.findings), ...(run ? [run.text] : [])].join('; ');
}

/** Which run marks the drawing uses, for the key. */
interface RunMarksUsed {
    statesReached: boolean;
    statesNotReached: boolean;
    edgesReached: boolean;
    edgesNotReached: boolean;
    /** A line drawn dotted grey: none of the transitions it stands for was taken. */
    edgesDotted: boolean;
}

function runKey(run: RunOverlay, used: RunMarksUsed): KeyEntry[] {
    const entries: KeyEntry[] = [];
    const scenario = run.kind === 'scenario';
    if (used.statesReached) {
        entries.push({ swatch: box(`COLOR="${RUN_COLOR}" BORDER="3"`), text: scenario ? `${RUN_SIGN} entered by the scenario: thick blue border, steps in order` : `${RUN_SIGN} entered in the run: thick blue border, times` });
    }
    if (used.edgesReached) {
        entries.push({ swatch: stroke(`BORDER="3" COLOR="${RUN_COLOR}"`), text: scenario ? `${RUN_SIGN} taken by the scenario: thick blue line, from step → to step` : `${RUN_SIGN} taken in the run: thick blue line, times` });
    }
    if (used.statesNotReached) entries.push({ swatch: `<TD>${line(NOT_REACHED_SIGN, { color: NOT_REACHED_COLOR })}</TD>`, text: 'not entered in the run' });
    if (used.edgesDotted) {
        entries.push({ swatch: stroke(`BORDER="1" COLOR="${NOT_REACHED_COLOR}" STYLE="dotted"`), text: `${NOT_REACHED_SIGN} not taken in the run: dotted grey line` });
    } else if (used.edgesNotReached) {
        entries.push({ swatch: `<TD>${line(NOT_REACHED_SIGN, { color: NOT_REACHED_COLOR })}</TD>`, text: 'transition not taken in the run' });
    }
    return entries;
}

function statesKey(model: StatesModel, undeclared: boolean, elsewhere: boolean, runMarks?: RunMarksUsed): KeyEntry[] {
    const kinds = new Set(model.states.map(s => s.kind));
    const entries: KeyEntry[] = [];
    if (kinds.has('healthy')) entries.push({ swatch: box(`BGCOLOR="${STATE_STYLES.healthy.fill}" COLOR="${STATE_STYLES.healthy.stroke}" BORDER="1" STYLE="rounded"`), text: '«healthy»: rounded' });
    if (kinds.has('hybrid')) entries.push({ swatch: box(`BGCOLOR="${STATE_STYLES.hybrid.fill}" COLOR="${STATE_STYLES.hybrid.stroke}" BORDER="1" STYLE="rounded,dashed"`), text: '«hybrid»: dashed border' });
    if (kinds.has('sick')) entries.push({ swatch: box(`BGCOLOR="${STATE_STYLES.sick.fill}" COLOR="${STATE_STYLES.sick.stroke}" BORDER="2"`), text: '«sick»: square, bold border' });
    if (model.states.some(s => s.final)) {
        entries.push({ swatch: `<TD><TABLE BORDER="1" CELLBORDER="1" CELLSPACING="2" CELLPADDING="0" COLOR="#424242"><TR><TD WIDTH="16" HEIGHT="6" FIXEDSIZE="TRUE"></TD></TR></TABLE></TD>`, text: 'final: double border' });
    }
    if (model.states.some(s => s.initial)) entries.push({ swatch: `<TD>${line('●→')}</TD>`, text: 'start: arrow into the initial state' });
    if (undeclared) entries.push({ swatch: box('COLOR="#424242" BORDER="1" STYLE="dotted"'), text: 'not declared: dotted' });
    if (elsewhere) entries.push({ swatch: box('COLOR="#757575" BORDER="1" STYLE="rounded,dashed"'), text: 'state drawn in another part: grey dashed' });
    if (model.states.some(s => isFlagged(s.findings)) || model.transitions.some(t => isFlagged(t.findings))) {
        entries.push({ swatch: box(`COLOR="${FLAG_COLOR}" BORDER="3"`), text: `${WARNING_SIGN} finding: thick red border or line, rule named` });
    }
    if (model.run && runMarks) entries.push(...runKey(model.run, runMarks));
    return entries;
}

function statesDot(model: StatesModel, options: DotOptions): DotDocument {
    const large = isLargeLayout(model, options);
    const out = header(model, options);
    const elements: DiagramElement[] = [];
    const known = new Set(model.states.map(s => s.name));
    const run = model.run;
    const used: RunMarksUsed = { statesReached: false, statesNotReached: false, edgesReached: false, edgesNotReached: false, edgesDotted: false };
    model.states.forEach((state, i) => {
        const id = `state_${i}`;
        out.push(`  ${escapeDotString(state.name)} ${attrs(stateAttrs(state, id, run))};`);
        elements.push({ id, kind: 'node', title: stateTitle(state, run), data: { name: state.name } });
        const mark = run?.states.get(state.name);
        if (mark && mark.count > 0) used.statesReached = true;
        else if (mark) used.statesNotReached = true;
    });
    // Transitions may name states that are not declared (an unresolved reference): draw them as plain boxes.
    let undeclared = 0;
    let stubs = 0;
    for (const edge of model.transitions) {
        for (const name of [edge.source, edge.target]) {
            const where = options.elsewhere?.get(name);
            if (!known.has(name) && where !== undefined) {
                known.add(name);
                const id = `elsewhere_${stubs++}`;
                const label = new LabelBuilder().add(name, WRAP.name, { bold: true }).add(`drawn in ${where}`, WRAP.plan, { italic: true, size: 9 });
                out.push(`  ${escapeDotString(name)} ${attrs({ id, label: label.html(), style: 'rounded,dashed', color: '#757575', fontcolor: '#424242' })};`);
                elements.push({ id, kind: 'node', title: `${name}: drawn in ${where}`, data: { name } });
            } else if (!known.has(name)) {
                known.add(name);
                const id = `undeclared_${undeclared++}`;
                const label = new LabelBuilder().add(name, WRAP.name, { bold: true }).add('(not declared)', WRAP.plan, { italic: true, size: 9 });
                out.push(`  ${escapeDotString(name)} ${attrs({ id, label: label.html(), style: 'dotted' })};`);
                elements.push({ id, kind: 'node', title: `${name} (not declared)`, data: { name } });
            }
        }
    }
    model.states.filter(s => s.initial).forEach((state, i) => {
        const start = `__start${i}`;
        out.push(`  ${escapeDotString(start)} ${attrs({ id: `start_${i}`, shape: 'circle', style: 'filled', fillcolor: '#000000', color: '#000000', label: '', width: 0.18, height: 0.18, fixedsize: 'true' })};`);
        // No label on the start edge: the key explains the dot, and one labelled edge would make dot rank every edge as labelled.
        out.push(`  ${escapeDotString(start)} -> ${escapeDotString(state.name)} ${attrs({ id: `start_edge_${i}` })};`);
    });
    for (const group of groupEdges(model.transitions, t => [t.source, t.target])) {
        const label = new LabelBuilder();
        // Members are in document order: the i-th is the overlay's transition index i between these states.
        const runTexts = group.members.map((_, i) => transitionRunText(run?.transitions.get(transitionKey(group.source, group.target, i)), run));
        const blocks = group.members.map((m, i) => transitionBlock(m.item, label, runTexts[i]));
        const flagged = group.members.some(m => isFlagged(m.item.findings));
        const taken = runTexts.some(r => r?.reached);
        const notTaken = !taken && runTexts.some(r => r && !r.reached);
        if (taken) used.edgesReached = true;
        if (runTexts.some(r => r && !r.reached)) used.edgesNotReached = true;
        if (notTaken && !flagged) used.edgesDotted = true;
        // A finding's red wins over the run's colour; the label says both.
        const attributes = flagged ? { color: FLAG_COLOR, penwidth: taken ? 3.5 : 3, style: 'bold' }
            : taken ? { color: RUN_COLOR, penwidth: 3.5, style: 'bold' }
                : notTaken ? { color: NOT_REACHED_COLOR, penwidth: 1.2, style: 'dotted' }
                    : { color: '#37474f', penwidth: 1.2, style: undefined };
        emitEdge(out, elements, {
            id: `transition_${group.members[0].index}`,
            source: group.source,
            target: group.target,
            label: stackedLabel(blocks),
            labelMode: large ? 'xlabel' : 'node',
            attributes,
            fontcolor: '#263238',
            title: group.members.map((m, i) => transitionTitle(m.item, runTexts[i])).join(' | '),
            count: group.members.length,
        });
    }
    out.push(...caption(model, options, statesKey(model, undeclared > 0, stubs > 0, used)));
    out.push('}');
    return { dot: out.join('\n') + '\n', elements };
}

// ------------------------------------------------------------------ flows

function actorLabel(actor: ActorNode): string {
    const label = new LabelBuilder();
    label.add(actor.name, WRAP.name, { bold: true });
    if (actor.label) label.add(actor.label, WRAP.label);
    const markers = [actor.role];
    if (actor.fiduciary) markers.push('fiduciary');
    if (actor.genomicsTrained) markers.push('genomics-trained');
    label.add(`«${markers.join(', ')}»`, WRAP.plan, { italic: true, size: 9 });
    if (actor.monetizes) label.add('$ MONETIZES DATA', WRAP.plan, { bold: true, size: 9 });
    for (const text of findingTexts(actor.findings)) label.add(text, WRAP.finding, { bold: true, size: 9, color: FLAG_COLOR });
    return label.html();
}

function actorTitle(actor: ActorNode): string {
    const markers = [actor.role, ...(actor.fiduciary ? ['fiduciary'] : []), ...(actor.genomicsTrained ? ['genomics-trained'] : []), ...(actor.monetizes ? ['monetizes data'] : [])];
    return [`Actor ${actor.name}${actor.label ? `: ${actor.label}` : ''} (${markers.join(', ')})`, ...findingSentences(actor.findings)].join('; ');
}

function actorAttrs(actor: ActorNode, id: string): Record<string, string | number | undefined> {
    const flagged = isFlagged(actor.findings);
    return {
        id,
        label: actorLabel(actor),
        style: actor.fiduciary ? 'rounded,filled,bold' : actor.monetizes ? 'filled,diagonals' : 'filled',
        fillcolor: actor.fiduciary ? FIDUCIARY_FILL : actor.monetizes ? MONETIZES_FILL : ACTOR_FILL,
        color: flagged ? FLAG_COLOR : actor.fiduciary ? FIDUCIARY_STROKE : ACTOR_STROKE,
        penwidth: flagged ? 3 : actor.fiduciary ? 2 : 1,
    };
}

/** The rules whose finding on a flow means "this flow needs a consent and has none". */
const MISSING_CONSENT_RULES: ReadonlySet<string> = new Set(['research-use-requires-consent', 'commercial-use-requires-consent', 'passive-data-requires-consent']);

/**
 * `diary, location` / `for commercial · COMMERCIAL USE` / `under TrackerConsent`.
 * The consent line says "no consent" only when a rule flags the flow for
 * lacking one: care (and quality, billing, public-health) flows need none.
 */
export function flowLabelLines(flow: FlowEdge): string[] {
    const lines = [flow.data.join(', '), `for ${flow.purpose}${flow.use === 'research' || flow.use === 'commercial' ? ` · ${flow.use.toUpperCase()} USE` : ''}`];
    if (flow.consent) lines.push(`under ${flow.consent}`);
    else if (flow.waiver !== undefined) lines.push(`waiver "${flow.waiver}"`);
    else if (flow.findings.some(f => MISSING_CONSENT_RULES.has(f.rule) && f.severity !== 'info')) lines.push('no consent');
    return lines;
}

/** The violation lines of a flow (the rules, or the downstream path it is part of). */
export function flowViolationLines(flow: FlowEdge): string[] {
    if (!flow.violation) return [];
    const rules = [...new Set(flow.findings.filter(f => f.severity !== 'info').map(f => f.rule))];
    if (rules.length > 0) return rules.map(rule => `${WARNING_SIGN} VIOLATION: ${rule}`);
    return flow.onViolationPath ? [`${WARNING_SIGN} on the path of a downstream violation`] : [];
}

function flowBlock(flow: FlowEdge, label: LabelBuilder): string[] {
    const start = label.lines.length;
    const [data, purpose, ...consent] = flowLabelLines(flow);
    const color = flow.violation ? FLAG_COLOR : undefined;
    label.add(data, WRAP.edge, { bold: true, color });
    label.add(purpose, WRAP.edge, { color });
    for (const c of consent) label.add(c, WRAP.edge, { italic: true, color });
    for (const v of flowViolationLines(flow)) label.add(v, WRAP.finding, { bold: true, color: FLAG_COLOR });
    return label.lines.slice(start);
}

function flowTitle(flow: FlowEdge): string {
    return [`Flow of ${flow.data.join(', ')} from ${flow.from} to ${flow.to} ${flowLabelLines(flow).slice(1).join(', ')}`, ...findingSentences(flow.findings)].join('; ');
}

type FlowStyleKey = 'care' | 'research' | 'commercial' | 'other' | 'violation' | 'path';

/** The line style of an edge carrying several flows: a violation first, then commercial, research, other, care. */
function flowStyleKey(flows: readonly FlowEdge[]): FlowStyleKey {
    if (flows.some(f => f.violation && !f.onViolationPath)) return 'violation';
    if (flows.some(f => f.onViolationPath)) return 'path';
    for (const use of ['commercial', 'research', 'other'] as const) if (flows.some(f => f.use === use)) return use;
    return 'care';
}

function flowEdgeAttrs(key: FlowStyleKey): Record<string, string | number | undefined> {
    if (key === 'violation') return { color: FLAG_COLOR, style: 'bold', penwidth: 3 };
    if (key === 'path') return { color: FLAG_COLOR, style: 'dashed', penwidth: 3 };
    const style = FLOW_STYLES[key];
    return { color: style.color, style: style.dotStyle, penwidth: style.penwidth };
}

function flowsKey(model: FlowsModel, styles: ReadonlySet<FlowStyleKey>): KeyEntry[] {
    const entries: KeyEntry[] = [];
    if (model.actors.some(a => a.fiduciary)) {
        entries.push({ swatch: box(`BGCOLOR="${FIDUCIARY_FILL}" COLOR="${FIDUCIARY_STROKE}" BORDER="2" STYLE="rounded"`), text: 'clinician: fiduciary (duty of care), shaded group' });
    }
    if (model.actors.some(a => !a.fiduciary && !a.monetizes)) entries.push({ swatch: box(`BGCOLOR="${ACTOR_FILL}" COLOR="${ACTOR_STROKE}" BORDER="1"`), text: 'other actor: no duty of care' });
    if (model.actors.some(a => a.monetizes && !a.fiduciary)) entries.push({ swatch: box(`BGCOLOR="${MONETIZES_FILL}" COLOR="${ACTOR_STROKE}" BORDER="1"`), text: '$ monetizes data' });
    const lineEntry = (key: FlowStyleKey, text: string) => {
        if (!styles.has(key)) return;
        const attrsOf = flowEdgeAttrs(key);
        const style = key === 'violation' ? '' : attrsOf.style === 'dashed' || attrsOf.style === 'dotted' ? ` STYLE="${attrsOf.style}"` : '';
        entries.push({ swatch: stroke(`BORDER="${Math.max(1, Math.round(Number(attrsOf.penwidth)))}" COLOR="${attrsOf.color}"${style}`), text });
    };
    lineEntry('care', 'care: solid');
    lineEntry('research', 'RESEARCH USE: dashed');
    lineEntry('commercial', 'COMMERCIAL USE: thick');
    lineEntry('other', 'quality, billing, public health: dotted');
    lineEntry('violation', `${WARNING_SIGN} VIOLATION: thick red, rule named`);
    lineEntry('path', `${WARNING_SIGN} earlier leg of a downstream violation: red dashed`);
    return entries;
}

function flowsDot(model: FlowsModel, options: DotOptions): DotDocument {
    const large = isLargeLayout(model, options);
    const out = header(model, options);
    const elements: DiagramElement[] = [];
    const ids = new Map(model.actors.map((actor, i) => [actor.name, `actor_${i}`]));
    const declare = (actor: ActorNode, indent: string) => {
        const id = ids.get(actor.name)!;
        out.push(`${indent}${escapeDotString(actor.name)} ${attrs(actorAttrs(actor, id))};`);
        elements.push({ id, kind: 'node', title: actorTitle(actor), data: { name: actor.name } });
    };
    const fiduciary = model.actors.filter(a => a.fiduciary);
    const fiduciaryNames = new Set(fiduciary.map(a => a.name));
    // Labels of flows between two clinicians sit inside their group.
    const clusterLabels: string[] = [];
    const clusterAt = out.length;
    model.actors.filter(a => !a.fiduciary).forEach(actor => declare(actor, '  '));
    const styles = new Set<FlowStyleKey>();
    for (const group of groupEdges(model.flows, f => [f.from, f.to])) {
        const label = new LabelBuilder();
        const blocks = group.members.map(m => flowBlock(m.item, label));
        const key = flowStyleKey(group.members.map(m => m.item));
        styles.add(key);
        const inCluster = fiduciaryNames.has(group.source) && fiduciaryNames.has(group.target);
        emitEdge(inCluster ? clusterLabels : out, elements, {
            id: `flow_${group.members[0].index}`,
            source: group.source,
            target: group.target,
            label: stackedLabel(blocks),
            labelMode: large ? 'xlabel' : 'node',
            attributes: flowEdgeAttrs(key),
            fontcolor: '#212121',
            title: group.members.map(m => flowTitle(m.item)).join(' | '),
            count: group.members.length,
        }, inCluster ? '    ' : '  ');
    }
    if (fiduciary.length > 0) {
        // A shaded group without a title: what it means is in the key.
        const cluster = [
            '  subgraph "cluster_fiduciary" {',
            `    graph ${attrs({ id: 'fiduciary_group', label: '', style: 'rounded,filled', fillcolor: '#f3f8fd', color: FIDUCIARY_STROKE })};`,
        ];
        const before = out.length;
        fiduciary.forEach(actor => declare(actor, '    '));
        cluster.push(...out.splice(before), ...clusterLabels, '  }');
        out.splice(clusterAt, 0, ...cluster);
    }
    out.push(...caption(model, options, flowsKey(model, styles)));
    out.push('}');
    return { dot: out.join('\n') + '\n', elements };
}
