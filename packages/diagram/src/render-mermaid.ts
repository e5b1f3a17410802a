/**
 * Mermaid for both views: `stateDiagram-v2` for states, `flowchart` for data
 * flows, in the subset GitHub renders. Element ids are generated (`s0`, `a0`)
 * so a name such as `end` can never collide with Mermaid syntax; every label
 * is quoted and entity-encoded by `escapeMermaid`.
 */
import { escapeMermaid } from './escape.js';
import { isFlagged, type DiagramModel, type FlowsModel, type StatesModel } from './model.js';
import { flowLabelLines, flowViolationLines } from './render-dot.js';
import { FIDUCIARY_FILL, FIDUCIARY_STROKE, FLAG_COLOR, FLOW_STYLES, MONETIZES_FILL, STATE_STYLES, WARNING_SIGN, WRAP } from './style.js';
import { wrapText } from './wrap.js';

/** Long text wrapped into several label lines (Mermaid has no tooltip for the rest: the dossier's tables carry it). */
const wrap = (text: string, budget: { readonly width: number; readonly lines: number }): readonly string[] => wrapText(text, budget.width, budget.lines).lines;

/** Mermaid's default `maxEdges`; GitHub refuses to render larger diagrams. */
export const MERMAID_MAX_EDGES = 500;

export interface MermaidDiagram {
    /** The diagram source, without the surrounding fence. */
    readonly text: string;
    /** Number of edges, compared with `MERMAID_MAX_EDGES`. */
    readonly edges: number;
    /** Sentences for stderr (and, in the text, `%%` comments): e.g. too many edges for GitHub. */
    readonly warnings: readonly string[];
}

/** Renders either view as Mermaid. Pure and deterministic. */
export function renderMermaid(model: DiagramModel): MermaidDiagram {
    const body = model.view === 'states' ? statesBody(model) : flowsBody(model);
    const warnings: string[] = [];
    if (body.edges > MERMAID_MAX_EDGES) {
        warnings.push(`The ${model.view} diagram of pathway ${model.pathway} has ${body.edges} edges, more than Mermaid's default limit of ${MERMAID_MAX_EDGES}; GitHub and other default Mermaid renderers will refuse to draw it. Use the SVG or DOT output (pmpath diagram --format svg) instead.`);
    }
    const comments = warnings.map(w => `%% WARNING: ${w.replace(/[\r\n]+/g, ' ')}`);
    return { text: [...comments, ...body.lines].join('\n') + '\n', edges: body.edges, warnings };
}

const lines = (parts: readonly string[]): string => parts.map(p => escapeMermaid(p)).join('<br/>');

function statesBody(model: StatesModel): { lines: string[]; edges: number } {
    const out = ['stateDiagram-v2', '  direction LR'];
    for (const kind of ['healthy', 'sick', 'hybrid'] as const) {
        const style = STATE_STYLES[kind];
        const base = `fill:${style.fill},stroke:${style.stroke},color:#000${kind === 'hybrid' ? ',stroke-dasharray:5 4' : ''}${kind === 'sick' ? ',stroke-width:3px' : ''}`;
        out.push(`  classDef ${kind} ${base}`);
        out.push(`  classDef ${kind}Flagged ${base.replace(/stroke:[^,]*/, `stroke:${FLAG_COLOR}`).replace(/,stroke-width:3px/, '')},stroke-width:4px`);
    }
    const ids = new Map<string, string>();
    const idOf = (name: string) => {
        let id = ids.get(name);
        if (!id) { id = `s${ids.size}`; ids.set(name, id); }
        return id;
    };
    const classes: string[] = [];
    for (const state of model.states) {
        const id = idOf(state.name);
        const text = [
            ...wrap(state.name, WRAP.name),
            ...(state.label ? wrap(state.label, WRAP.label) : []),
            `«${state.kind}${state.hybridKind ? ': ' + state.hybridKind : ''}»${state.final ? ' · final' : ''}${state.initial ? ' · initial' : ''}`,
            ...state.monitoring.flatMap(m => wrap(`monitor ${m}`, WRAP.plan)),
            ...[...new Set(state.findings.filter(f => f.severity !== 'info').map(f => `${WARNING_SIGN} ${f.severity}: ${f.rule}`))],
        ];
        out.push(`  state "${lines(text)}" as ${id}`);
        classes.push(`  class ${id} ${state.kind}${isFlagged(state.findings) ? 'Flagged' : ''}`);
    }
    let edges = 0;
    for (const state of model.states.filter(s => s.initial)) {
        out.push(`  [*] --> ${idOf(state.name)}`);
        edges++;
    }
    for (const edge of model.transitions) {
        const text = [
            ...(edge.guard ? wrap(`when ${edge.guard}`, WRAP.edge) : []),
            ...(edge.comparison ? wrap(`(${edge.comparison})`, WRAP.edge) : []),
            ...(edge.after ? [`after ${edge.after}`] : []),
            ...(edge.gatekeepers.length > 0 ? wrap(`by ${edge.gatekeepers.join(', ')}`, WRAP.edge) : []),
            ...[...new Set(edge.findings.filter(f => f.severity !== 'info').map(f => `${WARNING_SIGN} ${f.severity}: ${f.rule}${f.viaCutoff ? ` (cutoff ${f.viaCutoff})` : ''}`))],
        ];
        out.push(`  ${idOf(edge.source)} --> ${idOf(edge.target)}${text.length > 0 ? ' : ' + lines(text) : ''}`);
        edges++;
    }
    for (const state of model.states.filter(s => s.final)) {
        out.push(`  ${idOf(state.name)} --> [*]`);
        edges++;
    }
    out.push(...classes);
    return { lines: out, edges };
}

function flowsBody(model: FlowsModel): { lines: string[]; edges: number } {
    const out = [
        'flowchart LR',
        `  classDef fiduciary fill:${FIDUCIARY_FILL},stroke:${FIDUCIARY_STROKE},stroke-width:2px,color:#000`,
        '  classDef actor fill:#f5f5f5,stroke:#424242,color:#000',
        `  classDef monetizes fill:${MONETIZES_FILL},stroke:#424242,stroke-dasharray:2 2,color:#000`,
    ];
    const ids = new Map<string, string>();
    model.actors.forEach((actor, i) => ids.set(actor.name, `a${i}`));
    const node = (name: string) => {
        const actor = model.actors.find(a => a.name === name)!;
        const markers = [actor.role, ...(actor.fiduciary ? ['fiduciary'] : []), ...(actor.genomicsTrained ? ['genomics-trained'] : [])];
        const text = lines([
            ...wrap(actor.name, WRAP.name),
            ...(actor.label ? wrap(actor.label, WRAP.label) : []),
            `«${markers.join(', ')}»`,
            ...(actor.monetizes ? ['$ MONETIZES DATA'] : []),
        ]);
        const id = ids.get(name)!;
        // Shape is a second signal next to colour: stadium for clinicians, hexagon for monetizing platforms.
        return actor.fiduciary ? `${id}(["${text}"])` : actor.monetizes ? `${id}{{"${text}"}}` : `${id}["${text}"]`;
    };
    const fiduciary = model.actors.filter(a => a.fiduciary);
    const others = model.actors.filter(a => !a.fiduciary);
    if (fiduciary.length > 0) {
        out.push(`  subgraph fiduciaryActors["${escapeMermaid('Fiduciary actors (clinicians: duty of care)')}"]`);
        fiduciary.forEach(a => out.push(`    ${node(a.name)}`));
        out.push('  end');
    }
    if (others.length > 0) {
        out.push(`  subgraph otherActors["${escapeMermaid('Other actors (no duty of care)')}"]`);
        others.forEach(a => out.push(`    ${node(a.name)}`));
        out.push('  end');
    }
    const linkStyles: string[] = [];
    model.flows.forEach((flow, i) => {
        const text = [...flowLabelLines(flow), ...flowViolationLines(flow)].flatMap(l => wrap(l, WRAP.edge));
        const arrow = flow.use === 'commercial' ? '==>' : flow.use === 'research' || flow.use === 'other' ? '-.->' : '-->';
        out.push(`  ${ids.get(flow.from)} ${arrow}|"${lines(text)}"| ${ids.get(flow.to)}`);
        const style = FLOW_STYLES[flow.use];
        linkStyles.push(flow.violation
            ? `  linkStyle ${i} stroke:${FLAG_COLOR},stroke-width:4px${flow.onViolationPath ? ',stroke-dasharray:8 4' : ''}`
            : `  linkStyle ${i} stroke:${style.color},stroke-width:${flow.use === 'commercial' ? 3 : 1.5}px${flow.use === 'research' ? ',stroke-dasharray:6 4' : flow.use === 'other' ? ',stroke-dasharray:2 3' : ''}`);
    });
    out.push(...linkStyles);
    for (const actor of model.actors) {
        out.push(`  class ${ids.get(actor.name)} ${actor.fiduciary ? 'fiduciary' : actor.monetizes ? 'monetizes' : 'actor'}`);
    }
    return { lines: out, edges: model.flows.length };
}
