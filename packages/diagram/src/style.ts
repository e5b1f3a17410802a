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

/** Text marker for a flagged element (colour is not the only signal). */
export const WARNING_SIGN = '⚠';

/** Maximum characters of a label inside a diagram node; the report tables carry the full text. */
export const MAX_LABEL = 60;
/** Maximum characters of one plan or finding line inside a node. */
export const MAX_LINE = 72;
