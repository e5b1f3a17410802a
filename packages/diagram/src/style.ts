/**
 * Visual vocabulary shared by every format, so the DOT/SVG, Mermaid and report
 * legends say the same thing. Colour is never the only signal: each entry also
 * has a shape or line style and a text marker.
 */
import type { FlowUse, StateKind } from './model.js';

export interface KindStyle {
    readonly fill: string;
    readonly stroke: string;
    /** What distinguishes the kind without colour. */
    readonly signal: string;
}

export const STATE_STYLES: Readonly<Record<StateKind, KindStyle>> = {
    healthy: { fill: '#e8f5e9', stroke: '#2e7d32', signal: 'rounded box, solid border, marked «healthy»' },
    sick: { fill: '#fde7e9', stroke: '#b71c1c', signal: 'square box, bold border, marked «sick»' },
    hybrid: { fill: '#fff8e1', stroke: '#8d6e00', signal: 'rounded box, dashed border, marked «hybrid» with its kind' },
};

export interface UseStyle {
    readonly color: string;
    /** Graphviz edge style. */
    readonly dotStyle: string;
    readonly penwidth: number;
    readonly signal: string;
}

export const FLOW_STYLES: Readonly<Record<FlowUse, UseStyle>> = {
    care: { color: '#37474f', dotStyle: 'solid', penwidth: 1.2, signal: 'solid line, "for care"' },
    research: { color: '#1565c0', dotStyle: 'dashed', penwidth: 1.6, signal: 'dashed line, marked RESEARCH' },
    commercial: { color: '#e65100', dotStyle: 'bold', penwidth: 2.6, signal: 'thick line, marked COMMERCIAL' },
    other: { color: '#616161', dotStyle: 'dotted', penwidth: 1.2, signal: 'dotted line (quality, billing, public health)' },
};

export const FLAG_COLOR = '#c00000';
export const FIDUCIARY_FILL = '#e3f2fd';
export const FIDUCIARY_STROKE = '#0d47a1';
export const ACTOR_FILL = '#f5f5f5';
export const ACTOR_STROKE = '#424242';
export const MONETIZES_FILL = '#ffe0b2';

/**
 * A test run drawn over the states view: what the person entered and took is
 * dark blue and thick (prints as a heavy dark line in greyscale too, and is
 * numbered or counted in the label); what a coverage run never reached is
 * light grey and dotted, with `○` in the label.
 */
export const RUN_COLOR = '#0b3d91';
export const NOT_REACHED_COLOR = '#8a8a8a';
/** Text markers of run marks (colour is not the only signal). */
export const RUN_SIGN = '▶';
export const NOT_REACHED_SIGN = '○';

/** Text marker for a flagged element (colour is not the only signal). */
export const WARNING_SIGN = '⚠';

/**
 * Wrapping of diagram text, in characters per line and lines per item. Text
 * beyond the line budget is shortened with `…`; the element's SVG `<title>`
 * and the dossier's tables then carry the full text.
 */
export const WRAP = {
    /** State and actor names (identifiers: split only if very long). */
    name: { width: 32, lines: 2 },
    /** A state's or actor's description. */
    label: { width: 36, lines: 4 },
    /** One monitoring plan, disclosure or finding line inside a node. */
    plan: { width: 44, lines: 4 },
    /** Edge label lines (guard, comparison, gatekeepers, data, consent). */
    edge: { width: 38, lines: 4 },
    /** A finding line (`⚠ error: rule-id`): rule ids are a fixed vocabulary, kept on one line where possible. */
    finding: { width: 50, lines: 2 },
    /** The diagram title in its caption. */
    title: { width: 100, lines: 3 },
} as const;

/** Smallest font size used in a diagram, in points (the print layout keeps it at 7 pt or more). */
export const MIN_FONT_PT = 9;
