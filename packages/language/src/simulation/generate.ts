/**
 * Generated scenarios for `pmpath test --generate` (SPEC §7): the text of a
 * `.pmtest` suite whose scenarios together take every transition of a pathway
 * that some sequence of observations and waits can take, and a comment for
 * each transition that none can take, with the reason.
 *
 * Pure: it reads a linked `Pathway` and returns text; no I/O, no clock.
 *
 * How it works:
 * - Values are abstracted into **bands**: for each data item, the values that
 *   make every cutoff on it (in any guard) come out the same. One value per
 *   band is observed, picked at a cutoff's bound where one lies in the band
 *   (`>= 60` → 60, `< 30` false → 30), else just next to it (59, 29.9, -2.6),
 *   so open and closed ends, `=`, negative and decimal bounds are exercised.
 *   Classes (variant classes, metabolizer phenotypes) are banded the same way.
 * - A breadth-first search runs the pathway concretely (the simulator's
 *   semantics: three-valued guards, run to completion, ambiguity, the 1,000
 *   transitions limit, timers counted from the entry into a state) but
 *   remembers configurations by an abstract key — state × band per data item
 *   × which of the state's timers have fallen due — so it terminates on cycles
 *   and finds the shortest action sequence for every transition first.
 * - Values that no guard ahead can read (no state reachable from the current
 *   one reads them) are left out of the key, so a long pathway whose stages
 *   read different data does not multiply its configurations.
 * - Actions from a settled configuration: observe, in another band, a data
 *   item that a guard of the current state reads or that already has a value
 *   (a first value only ever adds enabled transitions under three-valued
 *   logic, so observing it before a guard reads it gains nothing; changing a
 *   value early can keep a later state's exit from firing on entry), or wait
 *   until the next `after` of the current state falls due. Actions that end in an ambiguity or a loop that does not settle
 *   are dropped, so generated values never make two exits enabled at once.
 * - A greedy cover picks few witnesses that together take every transition
 *   found; each becomes a scenario with `expect state` after every move and a
 *   final `expect path`. Every scenario is then run by the real simulator
 *   (`runSuite`) and only those that pass are written.
 */
import { AstUtils, UriUtils, type URI } from 'langium';
import type {
    ClassName, Cutoff, Data, DurationUnit, ExpectPath, ExpectState, Guard, Observe, Pathway, Scenario, State, Step,
    TestSuite, Transition, Wait
} from '../generated/ast.js';
import { METABOLIZER_PHENOTYPES, VARIANT_CLASSES, valueKindOf } from '../domain.js';
import { importTargets } from '../scoping/pmpath-scope.js';
import { addDuration, formatDayNumber, parseIsoDate, toDayNumber, type DayNumber } from './calendar.js';
import {
    CoverageCollector, evaluateCutoff, MAX_TRANSITIONS_PER_INSTANT, runSuite, type SimulatedValue, type TransitionInfo
} from './simulator.js';

/** The clock's first day in generated suites (fixed, so the output is deterministic). */
export const GENERATED_START_DATE = '2025-01-01';
/** Abstract configurations explored at most before the search gives up (reported per transition). */
export const DEFAULT_MAX_CONFIGURATIONS = 200_000;

export interface GenerateOptions {
    /**
     * The folder the suite will be written to (a URI, or a URI string); the
     * `import` line is relative to it. Default: the pathway's own folder.
     */
    readonly outputFolder?: URI | string;
    /** The suite's `start` date (default `GENERATED_START_DATE`). */
    readonly start?: string;
    /** Upper bound on the abstract configurations searched. */
    readonly maxConfigurations?: number;
}

/** A transition that no sequence of observations and waits can take, and why. */
export interface UntakeableTransition {
    readonly transition: TransitionInfo;
    readonly reason: string;
}

export interface GeneratedScenario {
    readonly name: string;
    /** States entered, the start state included (what `expect path` says). */
    readonly path: readonly string[];
    /** Indices (source order) of the transitions it takes. */
    readonly transitions: readonly number[];
}

export interface GeneratedSuite {
    /** The `.pmtest` text. */
    readonly text: string;
    /** The path written on the `import` line. */
    readonly importPath: string;
    readonly scenarios: readonly GeneratedScenario[];
    /** Every transition of the pathway, in source order. */
    readonly transitions: readonly TransitionInfo[];
    /** Source-order indices of the transitions the written scenarios take (checked by the simulator). */
    readonly taken: readonly number[];
    /** The transitions no scenario takes, with the reason, in source order. */
    readonly untakeable: readonly UntakeableTransition[];
    /** Whether the search stopped at `maxConfigurations` before it had explored everything. */
    readonly searchLimitReached: boolean;
}

/**
 * Generates a suite for a linked pathway. Deterministic: the same pathway
 * (and options) always gives the same text.
 */
export function generateSuite(pathway: Pathway, options: GenerateOptions = {}): GeneratedSuite {
    const start = options.start ?? GENERATED_START_DATE;
    const startDate = parseIsoDate(start);
    if (!startDate) throw new Error(`'${start}' is not a valid start date (YYYY-MM-DD)`);
    const model = compile(pathway);
    const search = new Search(model, toDayNumber(startDate), options.maxConfigurations ?? DEFAULT_MAX_CONFIGURATIONS);
    search.run();
    const chosen = chooseWitnesses(model, search);
    const drafts = chosen.map(node => draftScenario(model, node));
    nameScenarios(drafts);
    const verified = verify(model, start, drafts);
    const taken = new Set<number>();
    for (const draft of verified) draft.transitions.forEach(t => taken.add(t));
    const untakeable: UntakeableTransition[] = [];
    for (const t of model.transitions) {
        if (taken.has(t.index)) continue;
        const reason = search.witness[t.index] !== undefined
            ? 'the generated scenario that takes it did not pass the simulator (a pmpath defect; please report it)'
            : explainUntakeable(model, search, t);
        untakeable.push({ transition: t.info, reason });
    }
    const importPath = importPathFor(pathway, options.outputFolder);
    const text = renderSuite(model, { start, importPath, scenarios: verified, untakeable, takenCount: taken.size, limit: search.limitReached ? search.maxConfigurations : undefined });
    return {
        text,
        importPath,
        scenarios: verified.map(d => ({ name: d.name, path: d.path, transitions: d.transitions })),
        transitions: model.transitions.map(t => t.info),
        taken: [...taken].sort((a, b) => a - b),
        untakeable,
        searchLimitReached: search.limitReached,
    };
}

// ------------------------------------------------------------------ the pathway, compiled for the search

type Truth = boolean | undefined;

type CompiledGuard =
    | { readonly k: 'cutoff'; readonly cutoff: number }
    | { readonly k: 'not'; readonly a: CompiledGuard }
    | { readonly k: 'and' | 'or'; readonly a: CompiledGuard; readonly b: CompiledGuard }
    | { readonly k: 'unknown' };

interface CompiledTransition {
    readonly index: number;
    readonly node: Transition;
    readonly source: number;
    readonly target: number;
    readonly guard: CompiledGuard | undefined;
    readonly info: TransitionInfo;
}

/** One value to observe: the representative of a band. */
interface Representative {
    readonly value: SimulatedValue;
    /** As written after the data name: `= 60 "ng/mL"` or `is pathogenic`. */
    readonly written: string;
    /** For scenario names: `60 ng/mL`, `pathogenic`. */
    readonly label: string;
    /** Whether the value is a bound of one of the data item's cutoffs. */
    readonly atBound: boolean;
}

interface DataItem {
    readonly index: number;
    readonly node: Data;
    /** Cutoffs on this data item that guards read, in order of first use. */
    readonly cutoffs: number[];
    representatives: Representative[];
    /** Why a suite cannot observe it at all (undefined when it can). */
    unobservable?: string;
}

interface CutoffItem {
    readonly index: number;
    readonly node: Cutoff;
    /** Index of its data item, or -1 when the data does not resolve. */
    readonly data: number;
    /** Its truth for each representative of its data item. */
    truth: Truth[];
}

interface Model {
    readonly pathway: Pathway;
    readonly fileName: string;
    readonly states: readonly State[];
    readonly initial: number;
    readonly transitions: readonly CompiledTransition[];
    readonly outgoing: ReadonlyArray<readonly CompiledTransition[]>;
    /** Per state, its transitions with an `after`. */
    readonly timers: ReadonlyArray<readonly CompiledTransition[]>;
    /** Per state, the data items its guards read (observable ones only), in order of first use. */
    readonly observed: ReadonlyArray<readonly number[]>;
    /**
     * Per state, whether each data item can still matter: some guard of a state
     * reachable from it (itself included, guards ignored) reads it.
     */
    readonly relevant: ReadonlyArray<Uint8Array>;
    readonly data: readonly DataItem[];
    readonly cutoffs: readonly CutoffItem[];
}

function compile(pathway: Pathway): Model {
    const document = AstUtils.getDocument(pathway);
    const uri = document.uri.toString();
    const states: State[] = pathway.elements.filter((e): e is State => e.$type === 'State');
    const stateIndex = new Map(states.map((s, i) => [s, i]));
    const data: DataItem[] = [];
    const dataIndex = new Map<Data, number>();
    const cutoffs: CutoffItem[] = [];
    const cutoffIndex = new Map<Cutoff, number>();

    const cutoffOf = (cutoff: Cutoff): number => {
        let index = cutoffIndex.get(cutoff);
        if (index === undefined) {
            const node = cutoff.data?.ref;
            let d = -1;
            if (node) {
                d = dataIndex.get(node) ?? -1;
                if (d < 0) {
                    d = data.length;
                    dataIndex.set(node, d);
                    data.push({ index: d, node, cutoffs: [], representatives: [] });
                }
            }
            index = cutoffs.length;
            cutoffIndex.set(cutoff, index);
            cutoffs.push({ index, node: cutoff, data: d, truth: [] });
            if (d >= 0) data[d].cutoffs.push(index);
        }
        return index;
    };

    const compileGuard = (guard: Guard | undefined): CompiledGuard => {
        if (!guard) return { k: 'unknown' };
        switch (guard.$type) {
            case 'CutoffGuard': {
                const cutoff = guard.cutoff?.ref;
                return cutoff ? { k: 'cutoff', cutoff: cutoffOf(cutoff) } : { k: 'unknown' };
            }
            case 'NotGuard': return { k: 'not', a: compileGuard(guard.operand) };
            case 'GroupGuard': return compileGuard(guard.inner);
            case 'AndGuard': return { k: 'and', a: compileGuard(guard.left), b: compileGuard(guard.right) };
            case 'OrGuard': return { k: 'or', a: compileGuard(guard.left), b: compileGuard(guard.right) };
            default: return { k: 'unknown' };
        }
    };

    const transitions: CompiledTransition[] = [];
    const outgoing: CompiledTransition[][] = states.map(() => []);
    for (const element of pathway.elements) {
        if (element.$type !== 'Transition') continue;
        const source = element.source?.ref;
        const target = element.target?.ref;
        const s = source ? stateIndex.get(source) : undefined;
        const t = target ? stateIndex.get(target) : undefined;
        // The simulator skips transitions whose states do not resolve (or are not this pathway's).
        if (s === undefined || t === undefined) continue;
        const line = (element.$cstNode?.range.start.line ?? 0) + 1;
        const compiled: CompiledTransition = {
            index: transitions.length, node: element, source: s, target: t,
            guard: element.guard ? compileGuard(element.guard) : undefined,
            info: { from: source!.name, to: target!.name, uri, line, node: element },
        };
        transitions.push(compiled);
        outgoing[s].push(compiled);
    }

    // Which files' names a suite of this pathway can use: the pathway's and its direct imports'.
    const inScope = new Set<string>([uri, ...importTargets(document).map(i => i.uri.toString())]);
    for (const item of data) {
        const home = AstUtils.getDocument(item.node).uri;
        if (!inScope.has(home.toString())) {
            item.unobservable = `${item.node.name} is declared in ${UriUtils.basename(home)}, which the pathway does not import, so a suite cannot name it`;
            continue;
        }
        item.representatives = representativesOf(item, cutoffs);
    }
    for (const cutoff of cutoffs) {
        const item = cutoff.data >= 0 ? data[cutoff.data] : undefined;
        cutoff.truth = item ? item.representatives.map(r => evaluateCutoff(cutoff.node, new Map([[item.node, r.value]]))) : [];
    }

    const timers = outgoing.map(list => list.filter(t => (t.node.after?.value ?? 0) > 0));
    const observed = outgoing.map(list => {
        const seen: number[] = [];
        for (const t of list) collectData(t.guard, cutoffs, seen);
        return seen.filter(d => data[d].representatives.length > 0);
    });
    const relevant = states.map((_, s) => {
        const mask = new Uint8Array(data.length);
        const visited = new Uint8Array(states.length);
        const stack = [s];
        visited[s] = 1;
        while (stack.length > 0) {
            const state = stack.pop()!;
            for (const d of observed[state]) mask[d] = 1;
            for (const t of outgoing[state]) {
                if (!visited[t.target]) {
                    visited[t.target] = 1;
                    stack.push(t.target);
                }
            }
        }
        return mask;
    });
    const initial = states.findIndex(s => s.modifier === 'initial');
    return {
        pathway, fileName: UriUtils.basename(document.uri), states, initial, transitions, outgoing, timers, observed, relevant, data, cutoffs,
    };
}

function collectData(guard: CompiledGuard | undefined, cutoffs: readonly CutoffItem[], into: number[]): void {
    const stack: CompiledGuard[] = guard ? [guard] : [];
    while (stack.length > 0) {
        const g = stack.pop()!;
        if (g.k === 'cutoff') {
            const d = cutoffs[g.cutoff].data;
            if (d >= 0 && !into.includes(d)) into.push(d);
        } else if (g.k === 'not') {
            stack.push(g.a);
        } else if (g.k === 'and' || g.k === 'or') {
            stack.push(g.b, g.a);
        }
    }
}

// ------------------------------------------------------------------ values: bands and their representatives

/**
 * One value per band of the data item: the values that make every cutoff on
 * it come out the same form a band. Candidates are the cutoffs' bounds and
 * their neighbours; the first candidate of each band wins, bounds first, so a
 * band that holds a bound is represented by it.
 */
function representativesOf(item: DataItem, cutoffs: readonly CutoffItem[]): Representative[] {
    const kind = valueKindOf(item.node.category);
    const candidates: Array<{ value: SimulatedValue; atBound: boolean }> = [];
    if (kind === 'number') {
        const bounds = numericBounds(item, cutoffs);
        for (const b of bounds) candidates.push({ value: { kind: 'number', value: b }, atBound: true });
        const near: number[] = [];
        bounds.forEach((b, i) => {
            near.push(nudge(b, -1, bounds[i - 1]), nudge(b, 1, bounds[i + 1]));
        });
        near.sort((a, b) => a - b);
        for (const v of near) candidates.push({ value: { kind: 'number', value: v }, atBound: false });
    } else {
        const classes = kind === 'variant-class' ? VARIANT_CLASSES : METABOLIZER_PHENOTYPES;
        for (const c of classes) candidates.push({ value: { kind: 'class', value: c }, atBound: false });
    }
    const bands = new Map<string, { value: SimulatedValue; atBound: boolean; text: string }>();
    for (const candidate of candidates) {
        let value = candidate.value;
        let text: string;
        if (value.kind === 'number') {
            const written = formatDecimal(value.value);
            if (written === undefined) continue;
            // Judge the value as the suite will hold it once parsed back.
            value = { kind: 'number', value: Number(written) };
            text = written;
        } else {
            text = value.value;
        }
        const signature = item.cutoffs.map(c => truthCode(evaluateCutoff(cutoffs[c].node, new Map([[item.node, value]])))).join('');
        // A value that makes every cutoff unknown changes nothing: not a band worth observing.
        if (!/[tf]/.test(signature) || bands.has(signature)) continue;
        bands.set(signature, { value, atBound: candidate.atBound, text });
    }
    const reps = [...bands.values()];
    if (kind === 'number') reps.sort((a, b) => (a.value.value as number) - (b.value.value as number));
    const unit = item.node.unit;
    return reps.map(r => r.value.kind === 'number'
        ? {
            value: r.value, atBound: r.atBound,
            written: `= ${r.text}${unit !== undefined ? ` ${quote(unit)}` : ''}`,
            label: `${r.text}${unit ? ` ${unit}` : ''}`,
        }
        : { value: r.value, atBound: false, written: `is ${r.text}`, label: r.text });
}

function truthCode(truth: Truth): string {
    return truth === true ? 't' : truth === false ? 'f' : 'u';
}

function numericBounds(item: DataItem, cutoffs: readonly CutoffItem[]): number[] {
    const bounds = new Set<number>();
    for (const c of item.cutoffs) {
        const comparison = cutoffs[c].node.comparison;
        if (comparison?.$type === 'NumericComparison' && Number.isFinite(comparison.value)) bounds.add(comparison.value);
        if (comparison?.$type === 'IntervalComparison') {
            if (Number.isFinite(comparison.low)) bounds.add(comparison.low);
            if (Number.isFinite(comparison.high)) bounds.add(comparison.high);
        }
    }
    return [...bounds].sort((a, b) => a - b);
}

/** Decimal places of a number as written (`60` → 0, `4.9` → 1, `-2.55` → 2). */
function decimalsOf(value: number): number {
    const text = formatDecimal(value) ?? '';
    const dot = text.indexOf('.');
    return dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * The value next to `bound` on one side (`direction` -1 below, +1 above):
 * one unit of the bound's last decimal place away (60 → 59, 4.9 → 4.8,
 * -2.5 → -2.6), a smaller step when that would reach the neighbouring bound,
 * and the midpoint as a last resort.
 */
function nudge(bound: number, direction: -1 | 1, neighbour: number | undefined): number {
    const first = decimalsOf(bound);
    for (let places = first; places <= first + 6; places++) {
        const value = Number((bound + direction * 10 ** -places).toFixed(places));
        if (value !== bound && (neighbour === undefined || (direction < 0 ? value > neighbour : value < neighbour))) return value;
    }
    return neighbour === undefined ? bound + direction : (bound + neighbour) / 2;
}

/** A number in the suite's NUMBER syntax (`-?digits(.digits)?`), or undefined when it has none. */
function formatDecimal(value: number): string | undefined {
    if (!Number.isFinite(value)) return undefined;
    let text = String(Object.is(value, -0) ? 0 : value);
    if (/e/i.test(text)) {
        text = value.toFixed(20).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
    }
    return /^-?\d+(\.\d+)?$/.test(text) ? text : undefined;
}

/** A suite string literal: `\` and `"` escaped as SPEC §2 reads them back. */
function quote(text: string): string {
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

// ------------------------------------------------------------------ the search

interface Config {
    state: number;
    enteredAt: DayNumber;
    clock: DayNumber;
    /** Per data item, the index of its observed representative, or -1 (no value yet). */
    values: Int32Array;
    /** The instant `takenAtInstant` counts for (the "does not settle" limit is per instant). */
    instant: DayNumber;
    takenAtInstant: number;
}

type Action =
    | { readonly kind: 'observe'; readonly data: number; readonly representative: number }
    | {
        readonly kind: 'wait';
        /** The clock when the wait starts and the entry into the current state. */
        readonly from: DayNumber;
        readonly enteredAt: DayNumber;
        /** The instant it ends: when `due` fall due. */
        readonly until: DayNumber;
        readonly due: readonly number[];
    };

interface SearchNode {
    readonly config: Config;
    readonly parent: SearchNode | undefined;
    readonly action: Action | undefined;
    /** Transitions taken by this node's action (or at the start, for the root). */
    readonly taken: readonly number[];
    readonly depth: number;
    readonly id: number;
}

interface Failure {
    readonly kind: 'ambiguous' | 'does-not-settle';
    readonly state: number;
    readonly transitions: readonly number[];
}

class Search {
    /** The first (shortest) node whose action takes each transition. */
    readonly witness: Array<SearchNode | undefined>;
    limitReached = false;
    rootFailure: Failure | undefined;
    /** States entered in runs that settle / in any run. */
    readonly enteredOk: boolean[];
    readonly enteredAny: boolean[];
    /** States the person was in at a settled configuration. */
    readonly rested: boolean[];
    /** Transitions whose guard was seen true (timer aside) while the person was in their source. */
    readonly guardTrue: boolean[];
    /** For each transition, the others that were enabled with it (an ambiguity). */
    readonly ambiguousWith: Array<Set<number>>;
    /** For each transition taken only in runs that then failed, the first failure. */
    readonly failedAfter: Array<Failure | undefined>;
    /** Per state, the transitions taken out of it in runs that settle. */
    readonly takenFrom: Array<Set<number>>;
    private nodes = 0;
    private coveredCount = 0;

    constructor(private readonly model: Model, readonly start: DayNumber, readonly maxConfigurations: number) {
        const n = model.transitions.length;
        const s = model.states.length;
        this.witness = new Array(n).fill(undefined);
        this.enteredOk = new Array(s).fill(false);
        this.enteredAny = new Array(s).fill(false);
        this.rested = new Array(s).fill(false);
        this.guardTrue = new Array(n).fill(false);
        this.ambiguousWith = Array.from({ length: n }, () => new Set<number>());
        this.failedAfter = new Array(n).fill(undefined);
        this.takenFrom = Array.from({ length: s }, () => new Set<number>());
    }

    run(): void {
        const model = this.model;
        if (model.initial < 0) return;
        const config: Config = {
            state: model.initial, enteredAt: this.start, clock: this.start,
            values: new Int32Array(model.data.length).fill(-1), instant: this.start, takenAtInstant: 0,
        };
        this.enteredAny[model.initial] = true;
        const first = this.settle(config);
        if (first.failure) {
            this.rootFailure = first.failure;
            this.recordFailure(first.taken, first.failure);
            return;
        }
        this.enteredOk[model.initial] = true;
        const root: SearchNode = { config, parent: undefined, action: undefined, taken: first.taken, depth: 0, id: this.nodes++ };
        this.accept(root);
        const seen = new Set<string>([this.keyOf(config)]);
        const queue: SearchNode[] = [root];
        for (let head = 0; head < queue.length; head++) {
            if (this.coveredCount === model.transitions.length) return;
            const node = queue[head];
            queue[head] = undefined as unknown as SearchNode; // let finished nodes' configurations be collected
            for (const action of this.actions(node.config)) {
                const next = cloneConfig(node.config);
                const result = this.apply(next, action);
                if (result.failure) {
                    this.recordFailure(result.taken, result.failure);
                    continue;
                }
                const child: SearchNode = { config: next, parent: node, action, taken: result.taken, depth: node.depth + 1, id: this.nodes++ };
                this.accept(child);
                const key = this.keyOf(next);
                if (seen.has(key)) continue;
                if (seen.size >= this.maxConfigurations) {
                    this.limitReached = true;
                    return;
                }
                seen.add(key);
                queue.push(child);
            }
        }
    }

    /** Records what a run that settled did. */
    private accept(node: SearchNode): void {
        const model = this.model;
        let state = node.parent ? node.parent.config.state : model.initial;
        for (const t of node.taken) {
            this.takenFrom[state].add(t);
            state = model.transitions[t].target;
            this.enteredOk[state] = true;
            if (this.witness[t] === undefined) {
                this.witness[t] = node;
                this.coveredCount++;
            }
        }
        this.rested[node.config.state] = true;
    }

    private recordFailure(taken: readonly number[], failure: Failure): void {
        for (const t of taken) {
            if (this.witness[t] === undefined && this.failedAfter[t] === undefined) this.failedAfter[t] = failure;
        }
        if (failure.kind === 'ambiguous') {
            for (const t of failure.transitions) {
                for (const other of failure.transitions) if (other !== t) this.ambiguousWith[t].add(other);
            }
        }
    }

    private actions(config: Config): Action[] {
        const model = this.model;
        const actions: Action[] = [];
        const observe = (d: number) => {
            const reps = model.data[d].representatives;
            for (let r = 0; r < reps.length; r++) {
                if (r !== config.values[d]) actions.push({ kind: 'observe', data: d, representative: r });
            }
        };
        const here = model.observed[config.state];
        here.forEach(observe);
        // A value observed earlier may need changing before a later state reads it (to keep one of
        // that state's exits from being enabled on entry). A data item with no value yet need not
        // be observed before a guard reads it: under three-valued logic a value only ever adds
        // enabled transitions, and it can be observed on arrival at the same instant.
        const relevant = model.relevant[config.state];
        for (let d = 0; d < model.data.length; d++) {
            if (config.values[d] >= 0 && relevant[d] && !here.includes(d)) observe(d);
        }
        const wait = this.nextWait(config);
        if (wait) actions.push(wait);
        return actions;
    }

    /** A wait that ends on the next instant an `after` of the current state falls due. */
    private nextWait(config: Config): Action | undefined {
        let until: DayNumber | undefined;
        for (const t of this.model.timers[config.state]) {
            const due = dueAt(t, config.enteredAt);
            if (due !== undefined && due > config.clock && (until === undefined || due < until)) until = due;
        }
        if (until === undefined) return undefined;
        const due = this.model.timers[config.state].filter(t => dueAt(t, config.enteredAt) === until).map(t => t.index);
        return { kind: 'wait', from: config.clock, enteredAt: config.enteredAt, until, due };
    }

    private apply(config: Config, action: Action): SettleResult {
        if (action.kind === 'observe') {
            config.values[action.data] = action.representative;
        } else {
            config.clock = action.until;
        }
        return this.settle(config);
    }

    /** Run to completion at the current instant, as the simulator does. */
    private settle(config: Config): SettleResult {
        const model = this.model;
        if (config.instant !== config.clock) {
            config.instant = config.clock;
            config.takenAtInstant = 0;
        }
        const taken: number[] = [];
        for (;;) {
            const enabled: number[] = [];
            for (const t of model.outgoing[config.state]) {
                if (t.guard && evaluate(t.guard, model, config.values) !== true) continue;
                this.guardTrue[t.index] = true;
                const due = dueAt(t, config.enteredAt);
                if (due !== undefined && config.clock < due) continue;
                enabled.push(t.index);
            }
            if (enabled.length === 0) return { taken };
            if (enabled.length > 1) return { taken, failure: { kind: 'ambiguous', state: config.state, transitions: enabled } };
            if (config.takenAtInstant >= MAX_TRANSITIONS_PER_INSTANT) {
                return { taken, failure: { kind: 'does-not-settle', state: config.state, transitions: [...new Set(taken.slice(-50))] } };
            }
            config.takenAtInstant++;
            const t = model.transitions[enabled[0]];
            taken.push(t.index);
            config.state = t.target;
            config.enteredAt = config.clock;
            this.enteredAny[t.target] = true;
        }
    }

    /**
     * The abstract configuration: state, band of every data item, and the
     * state's timers — the order in which they fall due from this entry
     * (calendar months make that depend on the date) and how many have.
     */
    private keyOf(config: Config): string {
        const timers = this.model.timers[config.state];
        let timing = '';
        if (timers.length > 0) {
            const dues = timers.map(t => dueAt(t, config.enteredAt)!);
            const distinct = [...new Set(dues)].sort((a, b) => a - b);
            timing = `${dues.map(d => distinct.indexOf(d)).join('.')}:${distinct.filter(d => d <= config.clock).length}`;
        }
        // A value no guard ahead can read does not distinguish configurations.
        const relevant = this.model.relevant[config.state];
        let values = '';
        for (let d = 0; d < config.values.length; d++) values += relevant[d] ? `${config.values[d]},` : '_,';
        return `${config.state}|${values}|${timing}`;
    }
}

interface SettleResult {
    readonly taken: number[];
    readonly failure?: Failure;
}

function cloneConfig(config: Config): Config {
    return { ...config, values: config.values.slice() };
}

function dueAt(t: CompiledTransition, enteredAt: DayNumber): DayNumber | undefined {
    const after = t.node.after;
    if (!after || !(after.value > 0)) return undefined;
    return addDuration(enteredAt, after.value, after.unit);
}

/**
 * The wait from `from` to `until`, as a reader would write it: the `after`
 * itself when the wait starts at the entry into the state (it lands exactly
 * on the due date by construction), else the largest unit that lands exactly
 * on it, the `after`'s own unit first; days always do.
 */
function durationBetween(from: DayNumber, until: DayNumber, sameAsAfter: { value: number; unit: DurationUnit } | undefined, preferred: DurationUnit): { amount: number; unit: DurationUnit } {
    if (sameAsAfter && addDuration(from, sameAsAfter.value, sameAsAfter.unit) === until) {
        return { amount: sameAsAfter.value, unit: sameAsAfter.unit };
    }
    const units = [preferred.replace(/s$/, ''), 'year', 'month', 'week'];
    const days = until - from;
    for (const unit of units) {
        const approx = unit === 'year' ? days / 365.2425 : unit === 'month' ? days / 30.436875 : unit === 'week' ? days / 7 : days;
        for (const n of [Math.round(approx), Math.round(approx) - 1, Math.round(approx) + 1]) {
            if (n >= 1 && addDuration(from, n, unit) === until) return { amount: n, unit: plural(unit, n) };
        }
    }
    return { amount: days, unit: plural('day', days) };
}

function plural(unit: string, n: number): DurationUnit {
    const singular = unit.replace(/s$/, '');
    return (n === 1 ? singular : `${singular}s`) as DurationUnit;
}

/** Three-valued evaluation (SPEC §7 "Values"), on the representatives' truth tables. */
function evaluate(guard: CompiledGuard, model: Model, values: Int32Array): Truth {
    switch (guard.k) {
        case 'cutoff': {
            const cutoff = model.cutoffs[guard.cutoff];
            if (cutoff.data < 0) return undefined;
            const r = values[cutoff.data];
            return r < 0 ? undefined : cutoff.truth[r];
        }
        case 'not': {
            const a = evaluate(guard.a, model, values);
            return a === undefined ? undefined : !a;
        }
        case 'and': {
            const a = evaluate(guard.a, model, values);
            const b = evaluate(guard.b, model, values);
            if (a === false || b === false) return false;
            return a === undefined || b === undefined ? undefined : true;
        }
        case 'or': {
            const a = evaluate(guard.a, model, values);
            const b = evaluate(guard.b, model, values);
            if (a === true || b === true) return true;
            return a === undefined || b === undefined ? undefined : false;
        }
        default:
            return undefined;
    }
}

// ------------------------------------------------------------------ choosing and writing scenarios

/** The nodes from the root to `node`, the root first. */
function chain(node: SearchNode): SearchNode[] {
    const nodes: SearchNode[] = [];
    for (let n: SearchNode | undefined = node; n; n = n.parent) nodes.push(n);
    return nodes.reverse();
}

/**
 * Few witnesses that together take every transition found: greedily the one
 * that takes most transitions not yet taken (ties: the shorter, then the one
 * found for the earlier transition). Written in the source order of the
 * transition each was chosen for.
 */
function chooseWitnesses(model: Model, search: Search): SearchNode[] {
    const candidates: Array<{ node: SearchNode; covers: Set<number>; forTransition: number }> = [];
    const byNode = new Map<SearchNode, number>();
    for (const t of model.transitions) {
        const node = search.witness[t.index];
        if (!node || byNode.has(node)) continue;
        byNode.set(node, candidates.length);
        candidates.push({ node, covers: new Set(chain(node).flatMap(n => n.taken)), forTransition: t.index });
    }
    const uncovered = new Set(candidates.flatMap(c => [...c.covers]));
    const picked: Array<{ node: SearchNode; forTransition: number }> = [];
    const used = new Set<number>();
    while (uncovered.size > 0) {
        let best = -1;
        let bestGain = 0;
        for (let i = 0; i < candidates.length; i++) {
            if (used.has(i)) continue;
            let gain = 0;
            for (const t of candidates[i].covers) if (uncovered.has(t)) gain++;
            if (gain > bestGain || (gain === bestGain && gain > 0 && candidates[i].node.depth < candidates[best].node.depth)) {
                best = i;
                bestGain = gain;
            }
        }
        if (best < 0) break;
        used.add(best);
        picked.push(candidates[best]);
        for (const t of candidates[best].covers) uncovered.delete(t);
    }
    return picked.sort((a, b) => a.forTransition - b.forTransition).map(p => p.node);
}

type DraftStep =
    | { readonly kind: 'observe'; readonly data: number; readonly representative: number }
    | { readonly kind: 'wait'; readonly amount: number; readonly unit: DurationUnit; readonly comment: string }
    | { readonly kind: 'expect-state'; readonly state: number };

interface Draft {
    name: string;
    readonly summary: string;
    readonly steps: DraftStep[];
    readonly path: string[];
    readonly pathStates: number[];
    readonly transitions: number[];
}

function draftScenario(model: Model, node: SearchNode): Draft {
    const nodes = chain(node);
    const pathStates = [model.initial];
    const transitions: number[] = [];
    const steps: DraftStep[] = [];
    const pieces: string[] = [];
    let waitFrom: Extract<Action, { kind: 'wait' }> | undefined;
    for (const [i, n] of nodes.entries()) {
        const action = n.action;
        if (action?.kind === 'wait' && n.taken.length === 0 && nodes[i + 1]?.action?.kind === 'wait') {
            // Nothing happened when this timer fell due: one wait covers it and the next.
            waitFrom ??= action;
            continue;
        }
        if (action?.kind === 'observe') {
            steps.push({ kind: 'observe', data: action.data, representative: action.representative });
            pieces.push(`${model.data[action.data].node.name} ${model.data[action.data].representatives[action.representative].label}`);
        } else if (action?.kind === 'wait') {
            const first = waitFrom ?? action;
            waitFrom = undefined;
            const after = model.transitions[action.due[0]].node.after!;
            const { amount, unit } = durationBetween(first.from, action.until, first.from === first.enteredAt ? after : undefined, after.unit);
            const due = action.due.map(t => `${describe(model.transitions[t])}`).join(', ');
            steps.push({ kind: 'wait', amount, unit, comment: `${due} ${action.due.length === 1 ? 'falls' : 'fall'} due on ${formatDayNumber(action.until)}` });
            pieces.push(`${amount} ${unit} in ${model.states[n.parent!.config.state].name}`);
        }
        for (const t of n.taken) {
            transitions.push(t);
            pathStates.push(model.transitions[t].target);
        }
        if (action && n.taken.length > 0) steps.push({ kind: 'expect-state', state: n.config.state });
    }
    const path = pathStates.map(s => model.states[s].name);
    const summary = pieces.length === 0 ? 'at the start, with nothing observed'
        : pieces.length <= 4 ? pieces.join(', then ')
            : `${pieces.slice(0, 2).join(', then ')}, …, then ${pieces[pieces.length - 1]} (${pieces.length} steps)`;
    return { name: '', summary, steps, path, pathStates, transitions };
}

/** `"Newborn to Cleared: irt 59 ng/mL"`, made unique within the suite. */
function nameScenarios(drafts: Draft[]): void {
    const used = new Set<string>();
    for (const draft of drafts) {
        const base = `${draft.path[0]} to ${draft.path[draft.path.length - 1]}${draft.summary.startsWith('at the start') ? ' ' : ': '}${draft.summary}`;
        let name = base;
        for (let k = 2; used.has(name); k++) name = `${base} (${k})`;
        used.add(name);
        draft.name = name;
    }
}

function describe(t: CompiledTransition): string {
    return `${t.info.from} -> ${t.info.to}`;
}

/**
 * Runs the drafts with the real simulator, on scenario nodes built in memory
 * (the same shapes the parser builds), and keeps those that pass.
 */
function verify(model: Model, start: string, drafts: Draft[]): Draft[] {
    if (drafts.length === 0) return [];
    const pathway = model.pathway;
    const suite = { $type: 'TestSuite', pathway: { ref: pathway, $refText: pathway.name }, start, scenarios: [] as Scenario[] } as unknown as TestSuite;
    for (const draft of drafts) {
        const scenario = { $type: 'Scenario', $container: suite, name: draft.name, steps: [] as Step[] } as unknown as Scenario;
        const steps = scenario.steps;
        const stateRef = (s: number) => ({ ref: model.states[s], $refText: model.states[s].name });
        for (const step of draft.steps) {
            if (step.kind === 'observe') {
                const item = model.data[step.data];
                const rep = item.representatives[step.representative];
                steps.push({
                    $type: 'Observe', $container: scenario, data: { ref: item.node, $refText: item.node.name },
                    ...(rep.value.kind === 'number' ? { value: rep.value.value, unit: item.node.unit } : { class: rep.value.value as ClassName }),
                } as unknown as Observe);
            } else if (step.kind === 'wait') {
                steps.push({ $type: 'Wait', $container: scenario, duration: { $type: 'Duration', value: step.amount, unit: step.unit } } as unknown as Wait);
            } else {
                steps.push({ $type: 'ExpectState', $container: scenario, state: stateRef(step.state) } as unknown as ExpectState);
            }
        }
        steps.push({ $type: 'ExpectPath', $container: scenario, path: draft.pathStates.map(stateRef) } as unknown as ExpectPath);
        suite.scenarios.push(scenario);
    }
    const result = runSuite(suite, { coverage: new CoverageCollector() });
    return drafts.filter((_, i) => result.scenarios[i].status === 'passed');
}

// ------------------------------------------------------------------ why a transition cannot be taken

function explainUntakeable(model: Model, search: Search, t: CompiledTransition): string {
    const source = model.states[t.source];
    if (model.initial < 0) return 'the pathway has no initial state, so no scenario can start';
    const guardText = t.node.guard ? `\`${formatGuard(t.node.guard)}\`` : undefined;
    if (t.guard && !satisfiable(model, t.guard)) {
        const never = neverJudged(model, t.guard);
        return `its guard ${guardText} is never true, whatever is observed${never ? ` (${never})` : ''}`;
    }
    if (search.rootFailure) {
        return `every scenario fails at the start: ${describeFailure(model, search.rootFailure)}`;
    }
    if (search.limitReached) {
        // What the search saw is incomplete: only the reasons above hold for certain.
        return `not found within the search limit of ${search.maxConfigurations.toLocaleString('en-US')} configurations`;
    }
    if (!search.enteredAny[t.source]) {
        return `no sequence of observations and waits brings the person to ${source.name}`;
    }
    const failed = search.failedAfter[t.index];
    if (failed) {
        return `every run that takes it then fails: ${describeFailure(model, failed)}`;
    }
    const others = [...search.ambiguousWith[t.index]].sort((a, b) => a - b);
    if (others.length > 0) {
        return `whenever it is enabled, so is ${others.map(o => `${describe(model.transitions[o])} (line ${model.transitions[o].info.line})`).join(', ')}: the run fails as ambiguous`;
    }
    if (!search.enteredOk[t.source]) {
        return `every run that reaches ${source.name} fails there (ambiguous or does not settle)`;
    }
    if (!search.rested[t.source]) {
        const onward = [...search.takenFrom[t.source]].sort((a, b) => a - b).map(o => `${describe(model.transitions[o])} (line ${model.transitions[o].info.line})`);
        return `the person never stays in ${source.name}: every way in leads on at once${onward.length > 0 ? `, by ${onward.join(' or ')}` : ''}`;
    }
    if (!search.guardTrue[t.index]) {
        return `its guard ${guardText} is never true while the person is in ${source.name}`;
    }
    if (t.node.after) {
        // Name the state's other timers that fall due no later (from the suite's start, as an example entry).
        const own = dueAt(t, search.start)!;
        const earlier = model.timers[t.source].filter(u => u !== t && dueAt(u, search.start)! <= own)
            .map(u => `${describe(u)} (after ${u.node.after!.value} ${u.node.after!.unit}, line ${u.info.line})`);
        return `the person never stays in ${source.name} until its \`after ${t.node.after.value} ${t.node.after.unit}\` falls due while its guard holds`
            + (earlier.length > 0 ? `; ${earlier.join(', ')} ${earlier.length === 1 ? 'falls' : 'fall'} due no later` : '');
    }
    return 'no sequence of observations and waits takes it';
}

function describeFailure(model: Model, failure: Failure): string {
    const list = failure.transitions.map(i => `${describe(model.transitions[i])} (line ${model.transitions[i].info.line})`).join(', ');
    return failure.kind === 'ambiguous'
        ? `ambiguous in ${model.states[failure.state].name} between ${list}`
        : `it does not settle, looping through ${list}`;
}

/** At most this many combinations of bands are tried to decide whether a guard can hold at all. */
const MAX_GUARD_COMBINATIONS = 65_536;

/** Whether some observed values (or their absence) make the guard true. */
function satisfiable(model: Model, guard: CompiledGuard): boolean {
    const involved: number[] = [];
    collectData(guard, model.cutoffs, involved);
    let combinations = 1;
    for (const d of involved) combinations *= model.data[d].representatives.length + 1;
    if (combinations > MAX_GUARD_COMBINATIONS) return true; // too many to try: let the search decide
    const values = new Int32Array(model.data.length).fill(-1);
    const tryFrom = (i: number): boolean => {
        if (i === involved.length) return evaluate(guard, model, values) === true;
        const d = involved[i];
        for (let r = -1; r < model.data[d].representatives.length; r++) {
            values[d] = r;
            if (tryFrom(i + 1)) return true;
        }
        values[d] = -1;
        return false;
    };
    return tryFrom(0);
}

/** Cutoffs of the guard that no observable value can make true or false, with the reason. */
function neverJudged(model: Model, guard: CompiledGuard): string | undefined {
    const reasons: string[] = [];
    const stack: CompiledGuard[] = [guard];
    const seen = new Set<number>();
    while (stack.length > 0) {
        const g = stack.pop()!;
        if (g.k === 'cutoff') {
            if (seen.has(g.cutoff)) continue;
            seen.add(g.cutoff);
            const cutoff = model.cutoffs[g.cutoff];
            if (cutoff.truth.some(v => v !== undefined)) continue;
            const item = cutoff.data >= 0 ? model.data[cutoff.data] : undefined;
            reasons.push(item?.unobservable
                ? `${cutoff.node.name} reads ${item.unobservable}`
                : `${cutoff.node.name} compares values that ${cutoff.node.data?.$refText ?? 'its data'} (${item?.node.category ?? 'unresolved'}) never holds`);
        } else if (g.k === 'not') {
            stack.push(g.a);
        } else if (g.k === 'and' || g.k === 'or') {
            stack.push(g.b, g.a);
        }
    }
    return reasons.length > 0 ? reasons.join('; ') : undefined;
}

/** A guard as written, normalised: `not A and (B or C)`. */
function formatGuard(guard: Guard | undefined): string {
    if (!guard) return '?';
    switch (guard.$type) {
        case 'CutoffGuard': return guard.cutoff?.$refText ?? '?';
        case 'NotGuard': return `not ${formatGuard(guard.operand)}`;
        case 'GroupGuard': return `(${formatGuard(guard.inner)})`;
        case 'AndGuard': return `${formatGuard(guard.left)} and ${formatGuard(guard.right)}`;
        case 'OrGuard': return `${formatGuard(guard.left)} or ${formatGuard(guard.right)}`;
        default: return '?';
    }
}

// ------------------------------------------------------------------ the text

function importPathFor(pathway: Pathway, outputFolder: URI | string | undefined): string {
    const uri = AstUtils.getDocument(pathway).uri;
    const folder = outputFolder ?? UriUtils.dirname(uri);
    const relative = UriUtils.relative(folder, uri);
    return relative.startsWith('../') || relative.startsWith('./') ? relative : `./${relative}`;
}

interface RenderInput {
    readonly start: string;
    readonly importPath: string;
    readonly scenarios: readonly Draft[];
    readonly untakeable: readonly UntakeableTransition[];
    readonly takenCount: number;
    readonly limit: number | undefined;
}

const WIDTH = 100;

/**
 * Wraps comment text into `// ` lines of at most WIDTH characters. Words are
 * never split, nor is a transition with its line (`A -> B (line 12),`).
 */
function comment(text: string, indent: string, continuation = ''): string[] {
    const lines: string[] = [];
    let line = '';
    for (const word of text.match(/\S+ -> \S+(?: \(line \d+\)\S*)?|\S+/g) ?? []) {
        const prefix = lines.length === 0 ? '' : continuation;
        if (line && (indent.length + 3 + prefix.length + line.length + 1 + word.length) > WIDTH) {
            lines.push(`${indent}// ${prefix}${line}`);
            line = word;
        } else {
            line = line ? `${line} ${word}` : word;
        }
    }
    if (line) lines.push(`${indent}// ${lines.length === 0 ? '' : continuation}${line}`);
    return lines;
}

function renderSuite(model: Model, input: RenderInput): string {
    const total = model.transitions.length;
    const out: string[] = [];
    out.push(...comment(`Scenarios generated by \`pmpath test --generate\` for pathway ${model.pathway.name} (${model.fileName}).`, ''));
    if (total === 0) {
        out.push(...comment('The pathway has no transitions, so there is nothing to take.', ''));
    } else {
        const count = input.scenarios.length;
        out.push(...comment(`${count} scenario${count === 1 ? '' : 's'} take${count === 1 ? 's' : ''} ${input.takenCount} of the ${total} transition${total === 1 ? '' : 's'}`
            + `${input.untakeable.length === 0 ? ': all of them' : `; no sequence of observations and waits can take the ${input.untakeable.length === 1 ? 'other one' : `other ${input.untakeable.length}`} (listed below)`}.`
            + ' Values sit at and next to the cutoffs\' bounds; each wait ends on the day an `after` falls due.', ''));
    }
    if (input.limit !== undefined) {
        out.push(...comment(`The search stopped after ${input.limit.toLocaleString('en-US')} configurations; transitions it did not reach are listed below.`, ''));
    }
    if (input.untakeable.length > 0) {
        out.push('//', '// Transitions no scenario can take:');
        for (const u of input.untakeable) {
            out.push(...comment(`- ${u.transition.from} -> ${u.transition.to} (line ${u.transition.line}): ${u.reason}`, '', '  '));
        }
    }
    out.push(`import ${quote(input.importPath)}`, '', `tests for ${model.pathway.name} {`, `  start ${quote(input.start)}`);
    for (const draft of input.scenarios) {
        out.push('');
        const takes = [...new Set(draft.transitions)].map(t => `${describe(model.transitions[t])} (line ${model.transitions[t].info.line})`);
        out.push(...comment(`Takes ${takes.join(', ')}.`, '  '));
        out.push(`  scenario ${quote(draft.name)} {`);
        for (const step of draft.steps) {
            switch (step.kind) {
                case 'observe': {
                    const item = model.data[step.data];
                    const rep = item.representatives[step.representative];
                    out.push(`    observe ${item.node.name} ${rep.written}  // ${judgement(model, item, step.representative)}`);
                    break;
                }
                case 'wait':
                    out.push(`    wait ${step.amount} ${step.unit}  // ${step.comment}`);
                    break;
                case 'expect-state':
                    out.push(`    expect state ${model.states[step.state].name}`);
                    break;
            }
        }
        out.push(`    expect path ${draft.path.join(' -> ')}`, '  }');
    }
    out.push('}', '');
    return out.join('\n');
}

/** Which cutoffs on the data item the value satisfies: "at a bound: IrtHigh holds", "SweatNormal holds; SweatIntermediate, SweatPositive do not". */
function judgement(model: Model, item: DataItem, representative: number): string {
    const holds: string[] = [];
    const fails: string[] = [];
    for (const c of item.cutoffs) {
        const truth = model.cutoffs[c].truth[representative];
        if (truth === true) holds.push(model.cutoffs[c].node.name);
        else if (truth === false) fails.push(model.cutoffs[c].node.name);
    }
    const parts: string[] = [];
    if (holds.length > 0) parts.push(`${holds.join(', ')} hold${holds.length === 1 ? 's' : ''}`);
    if (fails.length > 0) parts.push(holds.length > 0 ? `${fails.join(', ')} ${fails.length === 1 ? 'does' : 'do'} not` : `${fails.join(', ')} ${fails.length === 1 ? 'does' : 'do'} not hold`);
    const rep = item.representatives[representative];
    return `${rep.atBound ? 'at a bound: ' : ''}${parts.join('; ')}`;
}
