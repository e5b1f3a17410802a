/**
 * Diagrams for the printed dossier: every label at 7 pt or more on A4.
 *
 * Each diagram is laid out left to right and, when that does not fit a page
 * at full size, also top to bottom; the layout and page orientation (portrait
 * or landscape) that print it largest win, as long as the smallest font (9 pt
 * in every diagram) stays at 7 pt or more. A diagram that fits no page that
 * way is split rather than shrunk: the states view into consecutive phases
 * (states ordered by their distance from the initial state, connected part by
 * connected part), the flows view into groups of flows by sender. A part
 * shows its states plus grey dashed stubs for the states it connects to in
 * other parts, so every transition is drawn (in both parts it touches).
 */
import type { DiagramModel, FlowEdge, FlowsModel, StateNode, StatesModel, TransitionEdge } from './model.js';
import type { DotOptions, Rankdir } from './render-dot.js';
import { renderSvg, type LayoutEngine } from './render-svg.js';
import { MIN_FONT_PT } from './style.js';

export type Orientation = 'portrait' | 'landscape';

/**
 * Printable area of an A4 page, in points, with the dossier's `@page` margins
 * (15 mm top and bottom, 12 mm left and right), less room for the figure's
 * caption line and spacing.
 */
export const PRINT_AREA: Readonly<Record<Orientation, { readonly width: number; readonly height: number }>> = {
    portrait: { width: 527, height: 756 - 40 },
    landscape: { width: 773, height: 510 - 40 },
};

/** The smallest printed font size the dossier guarantees, in points. */
export const MIN_PRINT_FONT_PT = 7;

/** The smallest print scale: the diagrams' smallest font (`MIN_FONT_PT`) then prints at `MIN_PRINT_FONT_PT` (plus 0.05 pt, so rounding in the PDF never takes it below). */
export const MIN_PRINT_SCALE = (MIN_PRINT_FONT_PT + 0.05) / MIN_FONT_PT;

export interface PrintPart {
    /** The part's SVG, ids prefixed uniquely. */
    readonly svg: string;
    /** Layout size in points (the SVG's own size). */
    readonly width: number;
    readonly height: number;
    readonly orientation: Orientation;
    readonly rankdir: Rankdir;
    /** Print scale (≤ 1): the SVG is printed `width × scale` points wide. */
    readonly scale: number;
    /** False only when one indivisible piece (a single state or one pair of actors) is larger than a page even at the smallest scale. */
    readonly fits: boolean;
    /** 1-based part number and the number of parts (1 of 1 when not split). */
    readonly part: number;
    readonly parts: number;
    /** What the part shows, when the diagram is split. */
    readonly note?: string;
}

interface Fitted {
    readonly svg: string;
    readonly width: number;
    readonly height: number;
    readonly orientation: Orientation;
    readonly rankdir: Rankdir;
    readonly scale: number;
}

/** The layout size of a Graphviz SVG, in points. */
export function svgSize(svg: string): { width: number; height: number } {
    const match = /<svg\b[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"/.exec(svg);
    return match ? { width: Number(match[1]), height: Number(match[2]) } : { width: 0, height: 0 };
}

/** The print scale of a `width × height` drawing on a page (≤ 1). */
export function printScale(width: number, height: number, orientation: Orientation): number {
    const area = PRINT_AREA[orientation];
    return Math.min(1, area.width / Math.max(1, width), area.height / Math.max(1, height));
}

/**
 * Lays out a diagram for A4: the best direction and orientation, and parts
 * when it must be split. `idPrefix` makes the ids of every part unique.
 */
export async function printLayout(model: DiagramModel, options: { readonly idPrefix?: string; readonly layout?: LayoutEngine } = {}): Promise<PrintPart[]> {
    const base: FitOptions = { idPrefix: options.idPrefix ?? 'pmpath-', layout: options.layout };
    const whole = await fit(model, base);
    if (whole.scale >= MIN_PRINT_SCALE) return [{ ...whole, fits: true, part: 1, parts: 1 }];
    return model.view === 'states' ? splitStates(model, base) : splitFlows(model, base);
}

interface FitOptions extends DotOptions {
    readonly idPrefix: string;
    readonly layout?: LayoutEngine;
}

/** Lays the model out left to right and, unless that prints at full size on a portrait page, top to bottom; returns the best. */
async function fit(model: DiagramModel, options: FitOptions): Promise<Fitted> {
    const candidates: Fitted[] = [];
    for (const rankdir of ['LR', 'TB'] as const) {
        const svg = await renderSvg(model, { ...options, rankdir });
        const { width, height } = svgSize(svg);
        for (const orientation of ['portrait', 'landscape'] as const) {
            candidates.push({ svg, width, height, orientation, rankdir, scale: printScale(width, height, orientation) });
        }
        if (candidates[0].scale >= 1) break;
    }
    // Largest print wins (to the percent); on a tie a portrait page (it keeps the
    // dossier's reading order), then left to right.
    const rank = (c: Fitted) => [Math.round(c.scale * 100), c.orientation === 'portrait' ? 1 : 0, c.rankdir === 'LR' ? 1 : 0];
    return candidates.reduce((best, c) => {
        const [a, b] = [rank(c), rank(best)];
        return a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] > b[2]))) ? c : best;
    });
}

/** Finds the longest run `items[start..end)` for which `fits` holds (at least one item), by galloping then bisecting. */
async function longestFitting<T>(items: readonly T[], start: number, fits: (end: number) => Promise<boolean>): Promise<number> {
    let good = start + 1;
    let step = 1;
    let bad = items.length + 1;
    while (good < items.length) {
        const probe = Math.min(items.length, good + step);
        if (await fits(probe)) {
            good = probe;
            step *= 2;
        } else {
            bad = probe;
            break;
        }
    }
    while (bad - good > 1) {
        const mid = (good + bad) >> 1;
        if (await fits(mid)) good = mid;
        else bad = mid;
    }
    return good;
}

// ------------------------------------------------------------------ states

/**
 * States in reading order: connected part by connected part (in order of
 * their first declared state), within a part by breadth-first distance from
 * the initial state(s), then in declaration order.
 */
export function statesInPhaseOrder(model: StatesModel): StateNode[] {
    const index = new Map(model.states.map((s, i) => [s.name, i]));
    const neighbours = new Map<string, string[]>(model.states.map(s => [s.name, []]));
    const successors = new Map<string, string[]>(model.states.map(s => [s.name, []]));
    for (const t of model.transitions) {
        if (!index.has(t.source) || !index.has(t.target)) continue;
        neighbours.get(t.source)!.push(t.target);
        neighbours.get(t.target)!.push(t.source);
        successors.get(t.source)!.push(t.target);
    }
    const component = new Map<string, number>();
    for (const state of model.states) {
        if (component.has(state.name)) continue;
        const id = component.size === 0 ? 0 : Math.max(...component.values()) + 1;
        const stack = [state.name];
        component.set(state.name, id);
        while (stack.length > 0) {
            for (const next of neighbours.get(stack.pop()!)!) {
                if (!component.has(next)) { component.set(next, id); stack.push(next); }
            }
        }
    }
    const depth = new Map<string, number>();
    const queue = model.states.filter(s => s.initial).map(s => s.name);
    queue.forEach(name => depth.set(name, 0));
    for (let head = 0; head < queue.length; head++) {
        const name = queue[head];
        for (const next of successors.get(name)!) {
            if (!depth.has(next)) { depth.set(next, depth.get(name)! + 1); queue.push(next); }
        }
    }
    const unreached = Number.MAX_SAFE_INTEGER;
    return [...model.states].sort((a, b) =>
        component.get(a.name)! - component.get(b.name)!
        || (depth.get(a.name) ?? unreached) - (depth.get(b.name) ?? unreached)
        || index.get(a.name)! - index.get(b.name)!);
}

/** The states `chosen`, every transition touching one of them, and stubs for the other ends. */
function statesSubset(model: StatesModel, chosen: ReadonlySet<string>): StatesModel {
    return {
        ...model,
        states: model.states.filter(s => chosen.has(s.name)),
        transitions: model.transitions.filter((t: TransitionEdge) => chosen.has(t.source) || chosen.has(t.target)),
    };
}

function statesNote(part: number, parts: number, states: readonly StateNode[]): string {
    const range = states.length === 1 ? `state ${states[0].name}` : `states ${states[0].name} to ${states[states.length - 1].name} (${states.length})`;
    return `Part ${part} of ${parts}: ${range}, in order of distance from the initial state. Grey dashed boxes are states drawn in another part.`;
}

async function splitStates(model: StatesModel, base: FitOptions): Promise<PrintPart[]> {
    const prefix = base.idPrefix;
    const order = statesInPhaseOrder(model);
    const declared = new Set(model.states.map(s => s.name));
    // While searching, every stub and note says "part 00 of 00": as long as the final text.
    const placeholder = (chosen: ReadonlySet<string>) => new Map([...declared].filter(n => !chosen.has(n)).map(n => [n, 'part 00']));
    const ranges: Array<[number, number]> = [];
    for (let start = 0; start < order.length;) {
        const end = await longestFitting(order, start, async stop => {
            const chosen = new Set(order.slice(start, stop).map(s => s.name));
            const fitted = await fit(statesSubset(model, chosen), { ...base, elsewhere: placeholder(chosen), note: statesNote(0, 0, order.slice(start, stop)).replace(/Part 0 of 0/, 'Part 00 of 00') });
            return fitted.scale >= MIN_PRINT_SCALE;
        });
        ranges.push([start, end]);
        start = end;
    }
    const partOf = new Map<string, number>();
    ranges.forEach(([from, to], i) => order.slice(from, to).forEach(s => partOf.set(s.name, i + 1)));
    const parts: PrintPart[] = [];
    for (const [i, [from, to]] of ranges.entries()) {
        const states = order.slice(from, to);
        const chosen = new Set(states.map(s => s.name));
        const elsewhere = new Map([...declared].filter(n => !chosen.has(n)).map(n => [n, `part ${partOf.get(n)}`]));
        const note = statesNote(i + 1, ranges.length, states);
        const fitted = await fit(statesSubset(model, chosen), { ...base, idPrefix: `${prefix}p${i + 1}-`, elsewhere, note });
        parts.push({ ...fitted, fits: fitted.scale >= MIN_PRINT_SCALE, scale: Math.max(fitted.scale, MIN_PRINT_SCALE), part: i + 1, parts: ranges.length, note });
    }
    return parts;
}

// ------------------------------------------------------------------ flows

/** Flows grouped by pair of actors, groups ordered by the sender's position among the actors. */
function flowGroups(model: FlowsModel): FlowEdge[][] {
    const position = new Map(model.actors.map((a, i) => [a.name, i]));
    const groups = new Map<string, FlowEdge[]>();
    for (const flow of model.flows) {
        const key = `${flow.from}\u0000${flow.to}`;
        groups.set(key, [...(groups.get(key) ?? []), flow]);
    }
    return [...groups.values()].sort((a, b) => (position.get(a[0].from) ?? 0) - (position.get(b[0].from) ?? 0));
}

/** The actors and flows of `groups`; the first part also shows the actors that take part in no flow. */
function flowsSubset(model: FlowsModel, groups: readonly FlowEdge[][], first: boolean): FlowsModel {
    const flows = new Set(groups.flat());
    const names = new Set([...flows].flatMap(f => [f.from, f.to]));
    const busy = new Set(model.flows.flatMap(f => [f.from, f.to]));
    return { ...model, actors: model.actors.filter(a => names.has(a.name) || (first && !busy.has(a.name))), flows: model.flows.filter(f => flows.has(f)) };
}

function flowsNote(part: number, parts: number, groups: readonly FlowEdge[][]): string {
    const senders = [...new Set(groups.map(g => g[0].from))];
    return `Part ${part} of ${parts}: flows sent by ${senders.join(', ')}.`;
}

async function splitFlows(model: FlowsModel, base: FitOptions): Promise<PrintPart[]> {
    const prefix = base.idPrefix;
    const groups = flowGroups(model);
    if (groups.length === 0) {
        const whole = await fit(model, base);
        return [{ ...whole, fits: false, scale: MIN_PRINT_SCALE, part: 1, parts: 1 }];
    }
    const ranges: Array<[number, number]> = [];
    for (let start = 0; start < groups.length;) {
        const end = await longestFitting(groups, start, async stop => {
            const chosen = groups.slice(start, stop);
            const fitted = await fit(flowsSubset(model, chosen, start === 0), { ...base, note: flowsNote(0, 0, chosen).replace(/Part 0 of 0/, 'Part 00 of 00') });
            return fitted.scale >= MIN_PRINT_SCALE;
        });
        ranges.push([start, end]);
        start = end;
    }
    const parts: PrintPart[] = [];
    for (const [i, [from, to]] of ranges.entries()) {
        const chosen = groups.slice(from, to);
        const note = flowsNote(i + 1, ranges.length, chosen);
        const fitted = await fit(flowsSubset(model, chosen, i === 0), { ...base, idPrefix: `${prefix}p${i + 1}-`, note });
        parts.push({ ...fitted, fits: fitted.scale >= MIN_PRINT_SCALE, scale: Math.max(fitted.scale, MIN_PRINT_SCALE), part: i + 1, parts: ranges.length, note });
    }
    return parts;
}
