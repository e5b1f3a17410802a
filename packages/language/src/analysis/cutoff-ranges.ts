/**
 * Pure analysis of cutoffs: the range of values a numeric cutoff accepts, the
 * overlaps between the single-cutoff guards of transitions leaving one state
 * (`ambiguous-cutoffs`) and the holes between them (`uncovered-range`).
 *
 * Numbers are compared as written; units are `cutoff-unit-mismatch`'s business.
 * The validator, hovers, diagrams and the review dossier share these functions.
 */
import type { Comparison, Cutoff, Data, Guard, IntervalComparison, NumericComparison, State, Transition, ClassName } from '../generated/ast.js';

/**
 * A set of numbers between two ends. An infinite end is always open. An empty
 * range (for example `(30, 30)`) is never produced by {@link cutoffRange}.
 */
export interface NumericRange {
    readonly low: number;
    readonly lowClosed: boolean;
    readonly high: number;
    readonly highClosed: boolean;
}

/** Whether a comparison compares numbers (`>= > <= < =` or `in [a, b]`) rather than variant classes. */
export function comparesNumbers(comparison: Comparison | undefined): comparison is NumericComparison | IntervalComparison {
    return comparison?.$type === 'NumericComparison' || comparison?.$type === 'IntervalComparison';
}

/**
 * The values a numeric comparison accepts, or `undefined` for a class
 * comparison, an incomplete comparison (after a parse error) or an empty
 * interval (`syntax` reports that one).
 */
export function cutoffRange(comparison: Comparison | undefined): NumericRange | undefined {
    if (comparison?.$type === 'NumericComparison') {
        const v = comparison.value;
        if (!Number.isFinite(v)) return undefined;
        switch (comparison.op) {
            case '>=': return { low: v, lowClosed: true, high: Infinity, highClosed: false };
            case '>': return { low: v, lowClosed: false, high: Infinity, highClosed: false };
            case '<=': return { low: -Infinity, lowClosed: false, high: v, highClosed: true };
            case '<': return { low: -Infinity, lowClosed: false, high: v, highClosed: false };
            case '=': return { low: v, lowClosed: true, high: v, highClosed: true };
            default: return undefined;
        }
    }
    if (comparison?.$type === 'IntervalComparison') {
        const { low, high } = comparison;
        if (!Number.isFinite(low) || !Number.isFinite(high)) return undefined;
        const range: NumericRange = {
            low, lowClosed: comparison.lowerBracket === '[',
            high, highClosed: comparison.upperBracket === ']',
        };
        return isEmptyRange(range) ? undefined : range;
    }
    return undefined;
}

/** Whether a range contains no value (`low > high`, or `low = high` with an open end). */
export function isEmptyRange(range: NumericRange): boolean {
    return range.low > range.high || (range.low === range.high && !(range.lowClosed && range.highClosed));
}

/** The values two ranges share, or `undefined` when they share none. */
export function intersectRanges(a: NumericRange, b: NumericRange): NumericRange | undefined {
    // At equal ends the intersection's end is closed only when both ends are.
    const low = Math.max(a.low, b.low);
    const lowClosed = (a.low !== low || a.lowClosed) && (b.low !== low || b.lowClosed);
    const high = Math.min(a.high, b.high);
    const highClosed = (a.high !== high || a.highClosed) && (b.high !== high || b.highClosed);
    const range: NumericRange = { low, lowClosed, high, highClosed };
    return isEmptyRange(range) ? undefined : range;
}

/**
 * The holes between a set of ranges inside the span from the lowest to the
 * highest finite bound, found by sorting on the lower end and sweeping once
 * (O(n log n)). Values below the lowest or above the highest bound are not
 * holes. A single value counts: `< 100` and `> 100` leave the gap [100, 100].
 */
export function findGaps(ranges: readonly NumericRange[]): NumericRange[] {
    // Closed lower ends first at equal values, so `[30, …` is seen before `(30, …`.
    const sorted = ranges.filter(r => !isEmptyRange(r)).sort((a, b) =>
        compareNumbers(a.low, b.low) || Number(b.lowClosed) - Number(a.lowClosed));
    const gaps: NumericRange[] = [];
    if (sorted.length === 0) return gaps;
    // `high`/`highClosed`: how far the union of the ranges swept so far reaches.
    let high = sorted[0].high;
    let highClosed = sorted[0].highClosed;
    for (let i = 1; i < sorted.length; i++) {
        const next = sorted[i];
        const touches = next.low < high || (next.low === high && (highClosed || next.lowClosed));
        if (!touches) {
            gaps.push({ low: high, lowClosed: !highClosed, high: next.low, highClosed: !next.lowClosed });
        }
        if (next.high > high || (next.high === high && next.highClosed)) {
            high = next.high;
            highClosed = next.highClosed;
        }
    }
    return gaps;
}

/** A range in words: "values from 30 to 60 (30 included, 60 excluded)", "the value 100", "values of at least 60". */
export function describeRange(range: NumericRange): string {
    const { low, high } = range;
    if (low === high) {
        return `the value ${formatNumber(low)}`;
    }
    if (low === -Infinity && high === Infinity) {
        return 'every value';
    }
    if (low === -Infinity) {
        return `values ${range.highClosed ? 'up to and including' : 'below'} ${formatNumber(high)}`;
    }
    if (high === Infinity) {
        return `values ${range.lowClosed ? 'of at least' : 'above'} ${formatNumber(low)}`;
    }
    const ends = range.lowClosed && range.highClosed ? 'both included'
        : !range.lowClosed && !range.highClosed ? 'both excluded'
            : `${formatNumber(low)} ${range.lowClosed ? 'included' : 'excluded'}, ${formatNumber(high)} ${range.highClosed ? 'included' : 'excluded'}`;
    return `values from ${formatNumber(low)} to ${formatNumber(high)} (${ends})`;
}

/** A range in interval notation: `[30, 60)`, `(-∞, 30)`. */
export function formatRange(range: NumericRange): string {
    const low = range.low === -Infinity ? '-∞' : formatNumber(range.low);
    const high = range.high === Infinity ? '∞' : formatNumber(range.high);
    return `${range.lowClosed ? '[' : '('}${low}, ${high}${range.highClosed ? ']' : ')'}`;
}

/** A comparison as written in pmpath (`>= 60 "mmol/L"`, `in [30, 60) "mmol/L"`, `is pathogenic, likely-pathogenic`). */
export function formatCutoffComparison(comparison: Comparison | undefined): string {
    if (!comparison) return '';
    const unit = (u: string | undefined): string => (u === undefined ? '' : ` ${JSON.stringify(u)}`);
    switch (comparison.$type) {
        case 'NumericComparison':
            return `${comparison.op} ${formatNumber(comparison.value)}${unit(comparison.unit)}`;
        case 'IntervalComparison':
            return `in ${comparison.lowerBracket}${formatNumber(comparison.low)}, ${formatNumber(comparison.high)}${comparison.upperBracket}${unit(comparison.unit)}`;
        case 'ClassComparison':
            return `is ${(comparison.classes ?? []).join(', ')}`;
        default:
            return '';
    }
}

/** Compares numbers without subtracting them (`-Infinity - -Infinity` is NaN). */
function compareNumbers(a: number, b: number): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

function formatNumber(value: number): string {
    return String(value);
}

/**
 * The cutoff of a guard that is a single cutoff, possibly wrapped in
 * parentheses, or `undefined` (`not X`, `and`, `or`, an unresolved cutoff).
 * Parentheses are unwrapped in a loop: a guard may be nested very deeply.
 */
export function singleCutoff(guard: Guard | undefined): Cutoff | undefined {
    let current = guard;
    while (current?.$type === 'GroupGuard') {
        current = current.inner;
    }
    return current?.$type === 'CutoffGuard' ? current.cutoff?.ref : undefined;
}

/** The variant classes two class comparisons share, in the order of the first. */
export function sharedClasses(a: Comparison | undefined, b: Comparison | undefined): ClassName[] {
    if (a?.$type !== 'ClassComparison' || b?.$type !== 'ClassComparison') return [];
    const other = new Set(b.classes ?? []);
    return [...new Set(a.classes ?? [])].filter(c => other.has(c));
}

/** A transition whose guard is a single cutoff on resolved data, from a resolved state. */
export interface CutoffTransition {
    readonly transition: Transition;
    /** Position among the transitions given (source order). */
    readonly index: number;
    readonly source: State;
    readonly cutoff: Cutoff;
    readonly data: Data;
}

/** The transitions whose guard is a single cutoff on resolved data, keyed by source state and data item. */
export function groupCutoffTransitions(transitions: readonly Transition[]): Map<State, Map<Data, CutoffTransition[]>> {
    const groups = new Map<State, Map<Data, CutoffTransition[]>>();
    transitions.forEach((transition, index) => {
        const source = transition.source?.ref;
        const cutoff = singleCutoff(transition.guard);
        const data = cutoff?.data?.ref;
        if (!source || !cutoff || !data || !cutoff.comparison) return;
        let byData = groups.get(source);
        if (!byData) groups.set(source, byData = new Map());
        let list = byData.get(data);
        if (!list) byData.set(data, list = []);
        list.push({ transition, index, source, cutoff, data });
    });
    return groups;
}

/** Two transitions out of one state, to different states, whose guards can both hold for one value. */
export interface CutoffAmbiguity {
    readonly earlier: CutoffTransition;
    /** The transition later in source order: `ambiguous-cutoffs` is reported on it. */
    readonly later: CutoffTransition;
    /** The values both numeric guards accept (numeric cutoffs). */
    readonly overlap?: NumericRange;
    /** The variant classes both guards accept (class cutoffs). */
    readonly classes?: readonly ClassName[];
}

/**
 * Every pair of transitions out of one state, to different (resolved) target
 * states, whose single-cutoff guards on the same data can both hold. Numeric
 * ranges are swept in order of their lower end, so pairs that cannot overlap
 * are never compared.
 */
export function findCutoffAmbiguities(transitions: readonly Transition[]): CutoffAmbiguity[] {
    const result: CutoffAmbiguity[] = [];
    const differentTargets = (a: CutoffTransition, b: CutoffTransition): boolean => {
        const ta = a.transition.target?.ref;
        const tb = b.transition.target?.ref;
        return ta !== undefined && tb !== undefined && ta !== tb;
    };
    const pair = (a: CutoffTransition, b: CutoffTransition) => (a.index < b.index ? { earlier: a, later: b } : { earlier: b, later: a });
    for (const byData of groupCutoffTransitions(transitions).values()) {
        for (const group of byData.values()) {
            const numeric: Array<{ item: CutoffTransition; range: NumericRange }> = [];
            const classed: CutoffTransition[] = [];
            for (const item of group) {
                const range = cutoffRange(item.cutoff.comparison);
                if (range) numeric.push({ item, range });
                else if (item.cutoff.comparison.$type === 'ClassComparison') classed.push(item);
            }
            numeric.sort((a, b) => compareNumbers(a.range.low, b.range.low) || a.item.index - b.item.index);
            for (let i = 0; i < numeric.length; i++) {
                for (let j = i + 1; j < numeric.length; j++) {
                    const a = numeric[i];
                    const b = numeric[j];
                    // Sorted by lower end: once one starts beyond a's upper end, so do all later ones.
                    if (b.range.low > a.range.high) break;
                    const overlap = intersectRanges(a.range, b.range);
                    if (overlap && differentTargets(a.item, b.item)) {
                        result.push({ ...pair(a.item, b.item), overlap });
                    }
                }
            }
            for (let i = 0; i < classed.length; i++) {
                for (let j = i + 1; j < classed.length; j++) {
                    const classes = sharedClasses(classed[i].cutoff.comparison, classed[j].cutoff.comparison);
                    if (classes.length > 0 && differentTargets(classed[i], classed[j])) {
                        result.push({ ...pair(classed[i], classed[j]), classes });
                    }
                }
            }
        }
    }
    return result.sort((a, b) => a.later.index - b.later.index || a.earlier.index - b.earlier.index);
}

/** A hole between the numeric guards on one data item of the transitions out of one state. */
export interface UncoveredRange {
    readonly state: State;
    readonly data: Data;
    /** The transitions whose guards were considered, in source order. */
    readonly transitions: readonly CutoffTransition[];
    /** The holes, in increasing order. */
    readonly gaps: readonly NumericRange[];
}

/** Whether a state has a `monitor` plan that watches the data item (by reference, or by name when unresolved). */
export function stateMonitors(state: State, data: Data): boolean {
    return (state.clauses ?? []).some(clause => clause.$type === 'MonitorClause'
        && (clause.data ?? []).some(ref => ref.ref === data || (ref.ref === undefined && ref.$refText === data.name)));
}

/**
 * For every (state, data item) with two or more transitions whose guards are
 * each a single numeric cutoff on that data, the holes between their ranges
 * (targets may be the same or differ). States that `monitor` the data are
 * skipped: someone watches a person whose value falls in a hole.
 */
export function findUncoveredRanges(transitions: readonly Transition[]): UncoveredRange[] {
    const result: UncoveredRange[] = [];
    for (const [state, byData] of groupCutoffTransitions(transitions)) {
        for (const [data, group] of byData) {
            const numeric = group.filter(item => cutoffRange(item.cutoff.comparison) !== undefined);
            if (numeric.length < 2 || stateMonitors(state, data)) continue;
            const gaps = findGaps(numeric.map(item => cutoffRange(item.cutoff.comparison)!));
            if (gaps.length > 0) {
                result.push({ state, data, transitions: numeric, gaps });
            }
        }
    }
    return result;
}
