/**
 * Graphviz DOT for both views. Also the input of the SVG renderer, so the SVG
 * and the DOT a user renders with native `dot -Tsvg` show the same picture.
 * Labels are Graphviz HTML-like labels built from XML-escaped text; names are
 * quoted identifiers.
 */
import { escapeDotHtml, escapeDotString, truncate } from './escape.js';
import { isFlagged, type ActorNode, type DiagramModel, type Finding, type FlowEdge, type FlowsModel, type StateNode, type StatesModel, type TransitionEdge } from './model.js';
import {
    ACTOR_FILL, ACTOR_STROKE, FIDUCIARY_FILL, FIDUCIARY_STROKE, FLAG_COLOR, FLOW_STYLES, MAX_LABEL, MAX_LINE,
    MONETIZES_FILL, STATE_STYLES, WARNING_SIGN,
} from './style.js';

export interface DotOptions {
    /** Include the legend cluster (default true). */
    readonly legend?: boolean;
    /**
     * Layout for large graphs: edge labels become `xlabel`s placed after layout
     * and crossing minimisation is bounded. Default: on above `LARGE_GRAPH_EDGES`
     * edges. Measured with wasm Graphviz on a 200-state pathway: 1.5 s → 0.25 s.
     */
    readonly large?: boolean;
}

/** Above this many edges, `renderDot` switches to the large-graph layout settings. */
export const LARGE_GRAPH_EDGES = 80;

const FONT = 'Helvetica';

/** Renders either view as a DOT `digraph`. Pure and deterministic. */
export function renderDot(model: DiagramModel, options: DotOptions = {}): string {
    return model.view === 'states' ? renderStatesDot(model, options) : renderFlowsDot(model, options);
}

interface LineOptions { readonly bold?: boolean; readonly italic?: boolean; readonly size?: number; readonly color?: string }

/** One escaped line of an HTML-like label. */
function line(text: string, options: LineOptions = {}, max = MAX_LINE): string {
    let html = escapeDotHtml(truncate(text, max));
    if (html === '') html = ' ';
    if (options.bold) html = `<B>${html}</B>`;
    if (options.italic) html = `<I>${html}</I>`;
    if (options.size !== undefined || options.color) {
        html = `<FONT${options.size !== undefined ? ` POINT-SIZE="${options.size}"` : ''}${options.color ? ` COLOR="${options.color}"` : ''}>${html}</FONT>`;
    }
    return html;
}

function htmlLabel(lines: readonly string[]): string {
    return `<${lines.join('<BR/>')}>`;
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

function findingLines(findings: readonly Finding[]): string[] {
    const seen = new Set<string>();
    const lines: string[] = [];
    for (const finding of findings) {
        if (finding.severity === 'info' || seen.has(finding.rule)) continue;
        seen.add(finding.rule);
        lines.push(line(`${WARNING_SIGN} ${finding.severity}: ${finding.rule}`, { bold: true, size: 9, color: FLAG_COLOR }));
    }
    return lines;
}

function isLarge(model: DiagramModel, options: DotOptions): boolean {
    return options.large ?? (model.view === 'states' ? model.transitions.length : model.flows.length) > LARGE_GRAPH_EDGES;
}

/** Edge label attribute: `xlabel` in large graphs, so labels do not become virtual nodes in the ranking. */
function labelKey(large: boolean): 'label' | 'xlabel' {
    return large ? 'xlabel' : 'label';
}

function header(model: DiagramModel, what: string, large: boolean): string[] {
    const heading = model.title ? `${model.title} (${model.pathway})` : model.pathway;
    // Bounded network-simplex and mincross iterations keep layout time near-linear for big pathways.
    const limits = large ? { mclimit: 0.2, nslimit: 2, nslimit1: 2, searchsize: 10, forcelabels: 'true' } : {};
    return [
        `// pmpath ${what} of pathway ${model.pathway.replace(/[^A-Za-z0-9_]/g, '')}; generated, do not edit.`,
        `digraph ${escapeDotString(model.pathway)} {`,
        `  graph ${attrs({ ...limits, rankdir: 'LR', fontname: FONT, fontsize: 14, labelloc: 't', labeljust: 'l', nodesep: 0.35, ranksep: 0.55, pad: 0.2, label: htmlLabel([line(`${heading}: ${what}`, { bold: true }, 160)]) })};`,
        `  node ${attrs({ fontname: FONT, fontsize: 11, shape: 'box', margin: '0.12,0.06' })};`,
        `  edge ${attrs({ fontname: FONT, fontsize: 9, arrowsize: 0.8 })};`,
    ];
}

// ------------------------------------------------------------------ states

function stateLabel(state: StateNode): string {
    const lines = [line(state.name, { bold: true }, MAX_LABEL)];
    if (state.label) lines.push(line(state.label, {}, MAX_LABEL));
    const markers = [`«${state.kind}${state.hybridKind ? ': ' + state.hybridKind : ''}»`];
    if (state.initial) markers.push('initial');
    if (state.final) markers.push('final');
    lines.push(line(markers.join(' · '), { italic: true, size: 9 }));
    for (const plan of state.monitoring) lines.push(line(`monitor ${plan}`, { size: 9 }));
    lines.push(...findingLines(state.findings));
    return htmlLabel(lines);
}

function stateAttrs(state: StateNode): Record<string, string | number | undefined> {
    const style = STATE_STYLES[state.kind];
    const flagged = isFlagged(state.findings);
    const shapeStyle = state.kind === 'sick' ? 'filled,bold' : state.kind === 'hybrid' ? 'rounded,dashed,filled' : 'rounded,filled';
    return {
        label: stateLabel(state),
        style: flagged ? `${shapeStyle},bold` : shapeStyle,
        fillcolor: style.fill,
        color: flagged ? FLAG_COLOR : style.stroke,
        penwidth: flagged ? 3 : state.kind === 'sick' ? 2 : 1.2,
        peripheries: state.final ? 2 : undefined,
    };
}

function transitionLabel(edge: TransitionEdge): string {
    const lines: string[] = [];
    if (edge.guard) lines.push(line(`when ${edge.guard}`, { bold: true }));
    if (edge.comparison) lines.push(line(`(${edge.comparison})`));
    if (edge.after) lines.push(line(`after ${edge.after}`));
    if (edge.gatekeepers.length > 0) lines.push(line(`by ${edge.gatekeepers.join(', ')}`, { italic: true }));
    lines.push(...findingLines(edge.findings));
    return htmlLabel(lines.length > 0 ? lines : [line(' ')]);
}

function renderStatesDot(model: StatesModel, options: DotOptions): string {
    const large = isLarge(model, options);
    const out = header(model, 'states view', large);
    const known = new Set(model.states.map(s => s.name));
    model.states.forEach(state => {
        out.push(`  ${escapeDotString(state.name)} ${attrs(stateAttrs(state))};`);
    });
    // Transitions may name states that are not declared (an unresolved reference): draw them as plain boxes.
    for (const edge of model.transitions) {
        for (const name of [edge.source, edge.target]) {
            if (!known.has(name)) {
                known.add(name);
                out.push(`  ${escapeDotString(name)} ${attrs({ label: htmlLabel([line(name, { bold: true }), line('(not declared)', { italic: true, size: 9 })]), style: 'dotted' })};`);
            }
        }
    }
    model.states.filter(s => s.initial).forEach((state, i) => {
        const start = `__start${i}`;
        out.push(`  ${escapeDotString(start)} ${attrs({ shape: 'circle', style: 'filled', fillcolor: '#000000', color: '#000000', label: '', width: 0.18, height: 0.18, fixedsize: 'true' })};`);
        out.push(`  ${escapeDotString(start)} -> ${escapeDotString(state.name)} ${attrs({ label: htmlLabel([line('start', { italic: true })]) })};`);
    });
    for (const edge of model.transitions) {
        const flagged = isFlagged(edge.findings);
        out.push(`  ${escapeDotString(edge.source)} -> ${escapeDotString(edge.target)} ${attrs({
            [labelKey(large)]: transitionLabel(edge),
            color: flagged ? FLAG_COLOR : '#37474f',
            fontcolor: flagged ? FLAG_COLOR : '#263238',
            penwidth: flagged ? 3 : 1.2,
            style: flagged ? 'bold' : undefined,
        })};`);
    }
    if (options.legend !== false) out.push(...statesLegend());
    out.push('}');
    return out.join('\n') + '\n';
}

function statesLegend(): string[] {
    const entries: Array<[string, Record<string, string | number | undefined>]> = [
        ['healthy', { label: htmlLabel([line('healthy', { bold: true }), line('«healthy» rounded, solid', { size: 9 })]), style: 'rounded,filled', fillcolor: STATE_STYLES.healthy.fill, color: STATE_STYLES.healthy.stroke }],
        ['hybrid', { label: htmlLabel([line('hybrid', { bold: true }), line('«hybrid: kind» dashed', { size: 9 })]), style: 'rounded,dashed,filled', fillcolor: STATE_STYLES.hybrid.fill, color: STATE_STYLES.hybrid.stroke }],
        ['sick', { label: htmlLabel([line('sick', { bold: true }), line('«sick» square, bold', { size: 9 })]), style: 'filled,bold', fillcolor: STATE_STYLES.sick.fill, color: STATE_STYLES.sick.stroke, penwidth: 2 }],
        ['final', { label: htmlLabel([line('final', { bold: true }), line('double border', { size: 9 })]), style: 'rounded', peripheries: 2 }],
        ['flagged', { label: htmlLabel([line(`${WARNING_SIGN} finding`, { bold: true, color: FLAG_COLOR }), line('thick red border, rule named', { size: 9 })]), style: 'rounded,bold', color: FLAG_COLOR, penwidth: 3 }],
    ];
    return legendCluster(entries, [['start', '__legend_start', '__legend_healthy', { label: htmlLabel([line('start → initial', { italic: true })]) }]], true);
}

function legendCluster(
    nodes: Array<[string, Record<string, string | number | undefined>]>,
    edges: Array<[string, string, string, Record<string, string | number | undefined>]>,
    startDot: boolean,
): string[] {
    const out = [
        '  subgraph "cluster_legend" {',
        `    graph ${attrs({ label: htmlLabel([line('Legend', { bold: true })]), style: 'rounded', color: '#9e9e9e', fontsize: 11, labeljust: 'l' })};`,
    ];
    for (const [key, nodeAttrs] of nodes) out.push(`    ${escapeDotString(`__legend_${key}`)} ${attrs({ fontsize: 10, ...nodeAttrs })};`);
    if (startDot) {
        out.push(`    "__legend_start" ${attrs({ shape: 'circle', style: 'filled', fillcolor: '#000000', label: '', width: 0.18, height: 0.18, fixedsize: 'true' })};`);
    }
    for (const [, from, to, edgeAttrs] of edges) out.push(`    ${escapeDotString(from)} -> ${escapeDotString(to)} ${attrs(edgeAttrs)};`);
    // No edges between legend entries: unconnected nodes stack in one compact column instead of spanning every rank.
    out.push('  }');
    return out;
}

// ------------------------------------------------------------------ flows

function actorLabel(actor: ActorNode): string {
    const lines = [line(actor.name, { bold: true }, MAX_LABEL)];
    if (actor.label) lines.push(line(actor.label, {}, MAX_LABEL));
    const markers = [actor.role];
    if (actor.fiduciary) markers.push('fiduciary');
    if (actor.genomicsTrained) markers.push('genomics-trained');
    lines.push(line(`«${markers.join(', ')}»`, { italic: true, size: 9 }));
    if (actor.monetizes) lines.push(line('$ MONETIZES DATA', { bold: true, size: 9 }));
    lines.push(...findingLines(actor.findings));
    return htmlLabel(lines);
}

function actorAttrs(actor: ActorNode): Record<string, string | number | undefined> {
    const flagged = isFlagged(actor.findings);
    return {
        label: actorLabel(actor),
        style: actor.fiduciary ? 'rounded,filled,bold' : actor.monetizes ? 'filled,diagonals' : 'filled',
        fillcolor: actor.fiduciary ? FIDUCIARY_FILL : actor.monetizes ? MONETIZES_FILL : ACTOR_FILL,
        color: flagged ? FLAG_COLOR : actor.fiduciary ? FIDUCIARY_STROKE : ACTOR_STROKE,
        penwidth: flagged ? 3 : actor.fiduciary ? 2 : 1,
        shape: actor.fiduciary ? 'box' : actor.monetizes ? 'box' : 'box',
    };
}

/** `diary, location` / `for commercial · COMMERCIAL USE` / `under TrackerConsent` */
export function flowLabelLines(flow: FlowEdge): string[] {
    const lines = [flow.data.join(', '), `for ${flow.purpose}${flow.use === 'research' || flow.use === 'commercial' ? ` · ${flow.use.toUpperCase()} USE` : ''}`];
    lines.push(flow.consent ? `under ${flow.consent}` : flow.waiver !== undefined ? `waiver "${flow.waiver}"` : 'no consent');
    return lines;
}

function flowLabel(flow: FlowEdge): string {
    const [data, purpose, consent] = flowLabelLines(flow);
    const lines = [line(data, { bold: true }), line(purpose), line(consent, { italic: true })];
    if (flow.violation) {
        const rules = [...new Set(flow.findings.filter(f => f.severity !== 'info').map(f => f.rule))];
        if (rules.length > 0) {
            lines.push(...rules.map(rule => line(`${WARNING_SIGN} VIOLATION: ${rule}`, { bold: true, size: 9, color: FLAG_COLOR })));
        } else if (flow.onViolationPath) {
            lines.push(line(`${WARNING_SIGN} on the path of a downstream violation`, { bold: true, size: 9, color: FLAG_COLOR }));
        }
    }
    return htmlLabel(lines);
}

function flowAttrs(flow: FlowEdge): Record<string, string | number | undefined> {
    const style = FLOW_STYLES[flow.use];
    return {
        label: flowLabel(flow),
        color: flow.violation ? FLAG_COLOR : style.color,
        fontcolor: flow.violation ? FLAG_COLOR : '#212121',
        style: flow.violation && !flow.onViolationPath ? 'bold' : flow.onViolationPath ? 'dashed' : style.dotStyle,
        penwidth: flow.violation ? 3 : style.penwidth,
    };
}

function renderFlowsDot(model: FlowsModel, options: DotOptions): string {
    const large = isLarge(model, options);
    const out = header(model, 'data flows view', large);
    const fiduciary = model.actors.filter(a => a.fiduciary);
    const others = model.actors.filter(a => !a.fiduciary);
    if (fiduciary.length > 0) {
        out.push('  subgraph "cluster_fiduciary" {');
        out.push(`    graph ${attrs({ label: htmlLabel([line('Fiduciary actors (clinicians: duty of care)', { bold: true })]), style: 'rounded,filled', fillcolor: '#f3f8fd', color: FIDUCIARY_STROKE, fontsize: 11 })};`);
        fiduciary.forEach(actor => out.push(`    ${escapeDotString(actor.name)} ${attrs(actorAttrs(actor))};`));
        out.push('  }');
    }
    if (others.length > 0) {
        out.push('  subgraph "cluster_others" {');
        out.push(`    graph ${attrs({ label: htmlLabel([line('Other actors (no duty of care)', { bold: true })]), style: 'rounded,dashed', color: '#757575', fontsize: 11 })};`);
        others.forEach(actor => out.push(`    ${escapeDotString(actor.name)} ${attrs(actorAttrs(actor))};`));
        out.push('  }');
    }
    for (const flow of model.flows) {
        const { label, ...rest } = flowAttrs(flow);
        out.push(`  ${escapeDotString(flow.from)} -> ${escapeDotString(flow.to)} ${attrs({ [labelKey(large)]: label, ...rest })};`);
    }
    if (options.legend !== false) out.push(...flowsLegend());
    out.push('}');
    return out.join('\n') + '\n';
}

function flowsLegend(): string[] {
    const point = { shape: 'point', width: 0.06, label: '' };
    const nodes: Array<[string, Record<string, string | number | undefined>]> = [
        ['fiduciary', { label: htmlLabel([line('clinician', { bold: true }), line('bold rounded, «fiduciary»', { size: 9 })]), style: 'rounded,filled,bold', fillcolor: FIDUCIARY_FILL, color: FIDUCIARY_STROKE, penwidth: 2 }],
        ['actor', { label: htmlLabel([line('other actor', { bold: true }), line('square box', { size: 9 })]), style: 'filled', fillcolor: ACTOR_FILL, color: ACTOR_STROKE }],
        ['monetizes', { label: htmlLabel([line('monetizing platform', { bold: true }), line('$ MONETIZES DATA, striped corners', { size: 9 })]), style: 'filled,diagonals', fillcolor: MONETIZES_FILL, color: ACTOR_STROKE }],
    ];
    const uses: Array<[string, string, Record<string, string | number | undefined>]> = [
        ['care', 'care: solid', { color: FLOW_STYLES.care.color, style: FLOW_STYLES.care.dotStyle, penwidth: FLOW_STYLES.care.penwidth }],
        ['research', 'RESEARCH USE: dashed', { color: FLOW_STYLES.research.color, style: FLOW_STYLES.research.dotStyle, penwidth: FLOW_STYLES.research.penwidth }],
        ['commercial', 'COMMERCIAL USE: thick', { color: FLOW_STYLES.commercial.color, style: FLOW_STYLES.commercial.dotStyle, penwidth: FLOW_STYLES.commercial.penwidth }],
        ['other', 'quality, billing, public health: dotted', { color: FLOW_STYLES.other.color, style: FLOW_STYLES.other.dotStyle, penwidth: FLOW_STYLES.other.penwidth }],
        ['violation', `${WARNING_SIGN} VIOLATION: thick red, rule named`, { color: FLAG_COLOR, style: 'bold', penwidth: 3, fontcolor: FLAG_COLOR }],
    ];
    const out = legendCluster(nodes, [], false);
    out.pop(); // reopen the cluster to add the line-style samples
    for (const [key, text, edgeAttrs] of uses) {
        out.push(`    "__legend_${key}_a" ${attrs(point)};`);
        out.push(`    "__legend_${key}_b" ${attrs(point)};`);
        out.push(`    "__legend_${key}_a" -> "__legend_${key}_b" ${attrs({ label: htmlLabel([line(text, { size: 9 })]), ...edgeAttrs })};`);
    }
    out.push('  }');
    return out;
}
