/**
 * SVG for both views: the DOT of `render-dot.ts` laid out by Graphviz compiled
 * to WebAssembly (`@hpcc-js/wasm-graphviz`, no native binary, runs in Node and
 * in a webview), then made self-contained and accessible: no XML declaration,
 * DOCTYPE or comments, a root `<title>`/`<desc>`, `role="img"`, and ids
 * prefixed so several SVGs can share one HTML page.
 */
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { escapeXml } from './escape.js';
import { isFlagged, type DiagramModel } from './model.js';
import { buildDot, type DiagramElement, type DotOptions } from './render-dot.js';

/** Lays DOT out as Graphviz SVG. The default runs wasm Graphviz in this thread; the language server passes one that runs in a worker. */
export type LayoutEngine = (dot: string) => Promise<string>;

export interface SvgOptions extends DotOptions {
    /** Prefix for every `id` in the SVG (letters, digits, `-`, `_`); default `pmpath-`. */
    readonly idPrefix?: string;
    /** Where the layout runs; default wasm Graphviz in this thread (`graphvizLayout`). */
    readonly layout?: LayoutEngine;
}

let graphviz: Promise<Graphviz> | undefined;

/** Loads the WebAssembly Graphviz once per process. */
function loadGraphviz(): Promise<Graphviz> {
    graphviz ??= Graphviz.load();
    return graphviz;
}

/**
 * Starts loading wasm Graphviz now (compiled on V8's background threads), so
 * a caller can parse and lint while it loads; `renderSvg` then finds it ready.
 */
export function preloadGraphviz(): void {
    void loadGraphviz().catch(() => undefined);
}

/** The Graphviz version used for layout (for `--version` output and benchmarks). */
export async function graphvizVersion(): Promise<string> {
    return (await loadGraphviz()).version();
}

/** Lays DOT out with wasm Graphviz in this thread. */
export const graphvizLayout: LayoutEngine = async dot => (await loadGraphviz()).dot(dot, 'svg');

/** Renders either view as a self-contained, deterministic SVG document. */
export async function renderSvg(model: DiagramModel, options: SvgOptions = {}): Promise<string> {
    const { dot, elements } = buildDot(model, options);
    return layoutSvg(await (options.layout ?? graphvizLayout)(dot), model, options, elements);
}

/**
 * Post-processes Graphviz SVG output of `buildDot(model, options).dot`: strips
 * what a self-contained document does not need, gives every state, actor,
 * transition and flow its full text as `<title>` and `data-pmpath-*`
 * attributes for the preview's click-to-reveal, and prefixes ids.
 * `elements` defaults to `buildDot(model, options).elements`.
 */
export function layoutSvg(raw: string, model: DiagramModel, options: SvgOptions = {}, elements?: readonly DiagramElement[]): string {
    const prefix = (options.idPrefix ?? 'pmpath-').replace(/[^A-Za-z0-9_-]/g, '');
    const byId = new Map((elements ?? buildDot(model, options).elements).map(e => [e.id, e]));
    let svg = raw
        .replace(/<\?xml[^>]*\?>\s*/g, '')
        .replace(/<!DOCTYPE[^>]*>\s*/g, '')
        // User text is escaped, so `<!--` can only be Graphviz's own comments.
        .replace(/<!--[\s\S]*?-->\s*/g, '')
        // Graphviz's own <title> of a node or edge is its DOT name; ours is the element's full text.
        .replace(/<g id="([A-Za-z0-9_]+)" class="((?:node|edge)(?: [a-z]+)*)">\s*<title>[^<]*<\/title>/g, (whole, id: string, classes: string) => {
            const element = byId.get(id);
            if (!element) return whole;
            const data = Object.entries(element.data).map(([key, value]) => ` data-pmpath-${key}="${escapeXml(value)}"`).join('');
            return `<g id="${id}" class="${classes}" data-pmpath-kind="${element.kind}"${data}>\n<title>${escapeXml(element.title)}</title>`;
        })
        .replace(/\bid="([^"]*)"/g, (_, id: string) => `id="${prefix}${id}"`)
        .replace(/\b(xlink:)?href="#([^"]*)"/g, (_, ns: string | undefined, id: string) => `${ns ?? ''}href="#${prefix}${id}"`);
    const titleId = `${prefix}title`;
    const descId = `${prefix}desc`;
    svg = svg.replace(/<svg\b([^>]*)>/, (_, rest: string) =>
        `<svg${rest} role="img" aria-labelledby="${titleId} ${descId}">\n<title id="${titleId}">${escapeXml(svgTitle(model))}</title>\n<desc id="${descId}">${escapeXml(svgDescription(model))}</desc>`);
    // trim(), not a /\s+$/ regex: that one backtracks over every whitespace run of a large SVG.
    return svg.trim() + '\n';
}

function svgTitle(model: DiagramModel): string {
    const name = model.title ? `${model.title} (${model.pathway})` : model.pathway;
    return `${name}: ${model.view === 'states' ? 'states and transitions' : 'data flows between actors'}`;
}

/** A text alternative that names every element and every finding, for screen readers. */
export function svgDescription(model: DiagramModel): string {
    if (model.view === 'states') {
        const flagged = model.states.filter(s => isFlagged(s.findings));
        const flaggedEdges = model.transitions.filter(t => isFlagged(t.findings));
        const parts = [
            `${model.states.length} states: ${model.states.map(s => `${s.name} (${s.kind}${s.hybridKind ? ' ' + s.hybridKind : ''}${s.initial ? ', initial' : ''}${s.final ? ', final' : ''})`).join(', ')}.`,
            `${model.transitions.length} transitions.`,
        ];
        if (flagged.length > 0) parts.push(`Flagged states: ${flagged.map(s => `${s.name} (${[...new Set(s.findings.map(f => f.rule))].join(', ')})`).join(', ')}.`);
        if (flaggedEdges.length > 0) parts.push(`Flagged transitions: ${flaggedEdges.map(t => `${t.source} to ${t.target} (${[...new Set(t.findings.map(f => f.rule))].join(', ')})`).join(', ')}.`);
        if (model.run) parts.push(model.run.description);
        return parts.join(' ');
    }
    const violations = model.flows.filter(f => f.violation);
    const parts = [
        `${model.actors.length} actors: ${model.actors.map(a => `${a.name} (${a.role}${a.fiduciary ? ', fiduciary' : ''}${a.monetizes ? ', monetizes data' : ''})`).join(', ')}.`,
        `${model.flows.length} data flows.`,
    ];
    if (violations.length > 0) parts.push(`Consent violations: ${violations.map(f => `${f.data.join(', ')} from ${f.from} to ${f.to}`).join('; ')}.`);
    return parts.join(' ');
}
