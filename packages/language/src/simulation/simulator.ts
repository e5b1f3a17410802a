/**
 * The pathway simulator behind `pmpath test`, the editor's Testing view and
 * the dossier's tested scenarios (SPEC §7). Pure: it reads a linked AST (a
 * `TestSuite` and the `Pathway` it tests) and returns plain results; no I/O,
 * no clock but the suite's `start`, no VS Code.
 *
 * Semantics, in SPEC §7's words:
 * - A scenario starts at the suite's `start` date in its start state (the
 *   pathway's initial state, or `from STATE`), which it entered at that instant.
 * - Each data item holds its most recently observed value. A cutoff on data
 *   with no value is unknown; guards use three-valued logic.
 * - A transition is enabled when its guard is true and its `after` (counted
 *   from the entry into the current state) has fallen due. Unknown is not true.
 * - Run to completion at the start, after every `observe` and at every instant
 *   a `wait` passes through: while exactly one transition is enabled take it;
 *   several enabled is **ambiguous**; more than 1,000 transitions at one
 *   instant **does not settle**.
 * - A `wait` stops at every instant inside it at which an `after` of the
 *   current state's transitions falls due, in order.
 * - A scenario stops at its first failing expectation (or ambiguity).
 * - A scenario that ends in a hybrid state whose `review after` date has passed
 *   gets a note; coverage counts transitions taken, states entered and the
 *   true/false outcomes of every cutoff reference in a transition guard.
 */
import { AstUtils, type AstNode } from 'langium';
import type {
    Cutoff, CutoffGuard, Data, ExpectPath, ExpectState, Guard, Observe, Pathway, Scenario, State, Step, TestSuite,
    Transition, Wait
} from '../generated/ast.js';
import { addDuration, formatDayNumber, parseIsoDate, toDayNumber, type DayNumber } from './calendar.js';

/** The clock's first day when a suite gives no `start` (SPEC §7). */
export const DEFAULT_START_DATE = '2000-01-01';
/** More transitions than this at one instant: the scenario does not settle. */
export const MAX_TRANSITIONS_PER_INSTANT = 1000;

/** A transition as results name it: its states and where it is written. */
export interface TransitionInfo {
    readonly from: string;
    readonly to: string;
    /** The URI of the file that declares the transition. */
    readonly uri: string;
    /** 1-based line of the transition. */
    readonly line: number;
    readonly node: Transition;
}

export type FailureKind = 'expectation' | 'ambiguous' | 'does-not-settle' | 'cannot-start';

export interface ScenarioFailure {
    readonly kind: FailureKind;
    /** 1-based position of the step that failed (the scenario itself when it could not start or settle at the start). */
    readonly line: number;
    readonly column: number;
    /** "expected state Cleared, but the person is in CFSPID", "ambiguous: …", "does not settle: …". */
    readonly message: string;
    /** For a failed expectation: what was expected and what was found, as written in a suite. */
    readonly expected?: string;
    readonly actual?: string;
    /** The transitions involved: every enabled one for an ambiguity, the ones taken in a loop that does not settle. */
    readonly transitions: readonly TransitionInfo[];
    /** The step (or scenario) node the failure is reported on. */
    readonly node: AstNode;
}

export interface ScenarioResult {
    readonly name: string;
    /** 1-based position of the `scenario` keyword. */
    readonly line: number;
    readonly column: number;
    readonly status: 'passed' | 'failed';
    /** Names of the states entered since the scenario started, the start state included. */
    readonly path: readonly string[];
    /** The transitions taken, in order (path[i] -> path[i + 1]). */
    readonly taken: readonly Transition[];
    readonly failure: ScenarioFailure | null;
    readonly notes: readonly string[];
    /** The clock when the scenario ended, `YYYY-MM-DD`. */
    readonly endDate: string;
    readonly node: Scenario;
}

export interface SuiteResult {
    readonly suite: TestSuite;
    readonly pathway: Pathway;
    /** The clock's first day, `YYYY-MM-DD`. */
    readonly start: string;
    /** The scenarios run, in file order (those matching the filter, if any). */
    readonly scenarios: readonly ScenarioResult[];
}

export interface SimulationOptions {
    /** Runs only the scenarios whose name contains this text (`--filter`). */
    readonly filter?: string;
    /** Adds the runs' coverage to this collector (one per test run, shared by all suites). */
    readonly coverage?: CoverageCollector;
    /** How a failure message names a transition's file and line; default `basename:line`. */
    readonly locate?: (uri: string, line: number) => string;
}

/**
 * Runs the scenarios of a linked suite against the pathway it names. Throws
 * only when the suite's pathway reference is unresolved: a caller runs suites
 * without error-severity findings (SPEC §7), where that cannot happen.
 */
export function runSuite(suite: TestSuite, options: SimulationOptions = {}): SuiteResult {
    const pathway = pathwayUnderTest(suite);
    const { filter, ...scenarioOptions } = options;
    const scenarios = suite.scenarios
        .filter(scenario => filter === undefined || scenario.name.includes(filter))
        .map(scenario => runScenario(scenario, scenarioOptions));
    const start = suite.start ?? DEFAULT_START_DATE;
    return { suite, pathway, start: parseIsoDate(start) ? start : DEFAULT_START_DATE, scenarios };
}

/** Runs one scenario of a linked suite (the editor's "run this scenario"; `runSuite` runs each this way). */
export function runScenario(scenario: Scenario, options: Omit<SimulationOptions, 'filter'> = {}): ScenarioResult {
    const suite = scenario.$container;
    const pathway = pathwayUnderTest(suite);
    const startText = suite.start ?? DEFAULT_START_DATE;
    const startDate = parseIsoDate(startText);
    if (!startDate) return cannotStart(scenario, `the suite's start date "${startText}" is not a valid date (YYYY-MM-DD)`, 0);
    return new Run(compilePathway(pathway), scenario, toDayNumber(startDate), options.locate ?? defaultLocate, options.coverage).execute();
}

function pathwayUnderTest(suite: TestSuite): Pathway {
    const pathway = suite.pathway?.ref;
    if (!pathway) {
        throw new Error(`The suite's pathway '${suite.pathway?.$refText ?? ''}' is not resolved; check the suite before running it.`);
    }
    return pathway;
}

function defaultLocate(uri: string, line: number): string {
    const slash = uri.lastIndexOf('/');
    return `${decodeURIComponent(uri.slice(slash + 1))}:${line}`;
}

// ------------------------------------------------------------------ the pathway as the simulator sees it

interface CompiledTransition {
    readonly node: Transition;
    readonly source: State;
    readonly target: State;
    readonly info: TransitionInfo;
}

interface CompiledPathway {
    readonly pathway: Pathway;
    readonly states: readonly State[];
    readonly initial: State | undefined;
    readonly transitions: readonly CompiledTransition[];
    readonly outgoing: ReadonlyMap<State, readonly CompiledTransition[]>;
    /** Every cutoff reference inside a transition guard (coverage of guard outcomes). */
    readonly guardReferences: readonly CutoffGuard[];
}

const compiled = new WeakMap<Pathway, CompiledPathway>();

function compilePathway(pathway: Pathway): CompiledPathway {
    let model = compiled.get(pathway);
    if (!model) {
        model = buildModel(pathway);
        compiled.set(pathway, model);
    }
    return model;
}

function buildModel(pathway: Pathway): CompiledPathway {
    const uri = AstUtils.getDocument(pathway).uri.toString();
    const states: State[] = [];
    const transitions: CompiledTransition[] = [];
    const outgoing = new Map<State, CompiledTransition[]>();
    const guardReferences: CutoffGuard[] = [];
    for (const element of pathway.elements) {
        if (element.$type === 'State') {
            states.push(element);
        } else if (element.$type === 'Transition') {
            const source = element.source?.ref;
            const target = element.target?.ref;
            if (!source || !target) continue;
            const info: TransitionInfo = { from: source.name, to: target.name, uri, line: lineOf(element), node: element };
            const compiledTransition = { node: element, source, target, info };
            transitions.push(compiledTransition);
            const list = outgoing.get(source);
            if (list) list.push(compiledTransition);
            else outgoing.set(source, [compiledTransition]);
            if (element.guard) collectCutoffGuards(element.guard, guardReferences);
        }
    }
    const initial = states.find(s => s.modifier === 'initial');
    return { pathway, states, initial, transitions, outgoing, guardReferences };
}

function collectCutoffGuards(guard: Guard, into: CutoffGuard[]): void {
    // Iterative: `a and b and …` is a left-deep tree up to 2,000 operators deep.
    const stack: Guard[] = [guard];
    while (stack.length > 0) {
        const g = stack.pop()!;
        switch (g.$type) {
            case 'CutoffGuard': into.push(g); break;
            case 'NotGuard': if (g.operand) stack.push(g.operand); break;
            case 'GroupGuard': if (g.inner) stack.push(g.inner); break;
            case 'AndGuard':
            case 'OrGuard':
                if (g.right) stack.push(g.right);
                if (g.left) stack.push(g.left);
                break;
        }
    }
}

function lineOf(node: AstNode): number {
    return (node.$cstNode?.range.start.line ?? 0) + 1;
}

function columnOf(node: AstNode): number {
    return (node.$cstNode?.range.start.character ?? 0) + 1;
}

// ------------------------------------------------------------------ values and guards

/** An observed value, as the simulator holds it. */
export type SimulatedValue = { readonly kind: 'number'; readonly value: number } | { readonly kind: 'class'; readonly value: string };
type Value = SimulatedValue;

/** Three-valued truth: `undefined` is unknown. */
type Truth = boolean | undefined;

/**
 * Whether a cutoff holds for the values held (SPEC §7 "Values"): `undefined`
 * (unknown) when its data has no value or a value of the other kind. Exported
 * so the scenario generator judges values exactly as a run does.
 */
export function evaluateCutoff(cutoff: Cutoff | undefined, values: ReadonlyMap<Data, Value>): Truth {
    const data = cutoff?.data?.ref;
    const comparison = cutoff?.comparison;
    if (!data || !comparison) return undefined;
    const value = values.get(data);
    if (!value) return undefined;
    switch (comparison.$type) {
        case 'ClassComparison':
            return value.kind === 'class' ? comparison.classes.includes(value.value as never) : undefined;
        case 'NumericComparison': {
            if (value.kind !== 'number') return undefined;
            const v = value.value;
            const t = comparison.value;
            switch (comparison.op) {
                case '>=': return v >= t;
                case '>': return v > t;
                case '<=': return v <= t;
                case '<': return v < t;
                case '=': return v === t;
                default: return undefined;
            }
        }
        case 'IntervalComparison': {
            if (value.kind !== 'number') return undefined;
            const v = value.value;
            const aboveLow = comparison.lowerBracket === '[' ? v >= comparison.low : v > comparison.low;
            const belowHigh = comparison.upperBracket === ']' ? v <= comparison.high : v < comparison.high;
            return aboveLow && belowHigh;
        }
        default:
            return undefined;
    }
}

function not(a: Truth): Truth {
    return a === undefined ? undefined : !a;
}

function and(a: Truth, b: Truth): Truth {
    if (a === false || b === false) return false;
    if (a === undefined || b === undefined) return undefined;
    return true;
}

function or(a: Truth, b: Truth): Truth {
    if (a === true || b === true) return true;
    if (a === undefined || b === undefined) return undefined;
    return false;
}

// ------------------------------------------------------------------ one run of one scenario

class ScenarioStop extends Error {
    constructor(readonly failure: ScenarioFailure) {
        super(failure.message);
    }
}

class Run {
    private state: State;
    private enteredAt: DayNumber;
    private clock: DayNumber;
    private readonly path: string[] = [];
    private readonly taken: Transition[] = [];
    private readonly values = new Map<Data, Value>();
    /** Transitions taken at `countedInstant` (the "does not settle" limit counts per instant). */
    private takenAtInstant = 0;
    private countedInstant: DayNumber;
    private readonly coverage: PathwayCoverageState | undefined;

    constructor(
        private readonly model: CompiledPathway,
        private readonly scenario: Scenario,
        start: DayNumber,
        private readonly locate: (uri: string, line: number) => string,
        collector: CoverageCollector | undefined,
    ) {
        this.clock = start;
        this.enteredAt = start;
        this.countedInstant = start;
        this.state = undefined as unknown as State;
        this.coverage = collector?.stateFor(model);
    }

    execute(): ScenarioResult {
        const scenario = this.scenario;
        const startState = scenario.from ? scenario.from.ref : this.model.initial;
        if (!startState) {
            const why = scenario.from
                ? `state '${scenario.from.$refText}' is not declared in pathway '${this.model.pathway.name}'`
                : `pathway '${this.model.pathway.name}' has no initial state; mark one \`initial\` or start the scenario with \`from STATE\``;
            return cannotStart(scenario, why, this.clock);
        }
        this.enter(startState);
        let failure: ScenarioFailure | null = null;
        try {
            this.settle(scenario);
            for (const step of scenario.steps) {
                this.perform(step);
            }
        } catch (error) {
            if (!(error instanceof ScenarioStop)) throw error;
            failure = error.failure;
        }
        return {
            name: scenario.name,
            line: lineOf(scenario),
            column: columnOf(scenario),
            status: failure ? 'failed' : 'passed',
            path: this.path,
            taken: this.taken,
            failure,
            notes: this.notes(),
            endDate: formatDayNumber(this.clock),
            node: scenario,
        };
    }

    private perform(step: Step): void {
        switch (step.$type) {
            case 'Observe': return this.observe(step);
            case 'Wait': return this.wait(step);
            case 'ExpectState': return this.expectState(step);
            case 'ExpectPath': return this.expectPath(step);
        }
    }

    private observe(step: Observe): void {
        const data = step.data?.ref;
        if (data) {
            if (step.class !== undefined) {
                this.values.set(data, { kind: 'class', value: step.class });
            } else if (step.value !== undefined) {
                this.values.set(data, { kind: 'number', value: step.value });
            }
        }
        this.settle(step);
    }

    private wait(step: Wait): void {
        const duration = step.duration;
        if (!duration || !(duration.value > 0)) return;
        const end = addDuration(this.clock, duration.value, duration.unit);
        for (;;) {
            const next = this.nextTimer(this.clock, end);
            if (next === undefined) break;
            this.moveClock(next);
            this.settle(step);
        }
        this.moveClock(end);
    }

    /** The earliest instant in (after, until] at which an `after` of the current state's transitions falls due. */
    private nextTimer(after: DayNumber, until: DayNumber): DayNumber | undefined {
        let next: DayNumber | undefined;
        for (const transition of this.model.outgoing.get(this.state) ?? []) {
            const due = this.dueAt(transition);
            if (due !== undefined && due > after && due <= until && (next === undefined || due < next)) {
                next = due;
            }
        }
        return next;
    }

    private dueAt(transition: CompiledTransition): DayNumber | undefined {
        const after = transition.node.after;
        if (!after || !(after.value > 0)) return undefined;
        return addDuration(this.enteredAt, after.value, after.unit);
    }

    private moveClock(to: DayNumber): void {
        this.clock = to;
    }

    private expectState(step: ExpectState): void {
        const expected = step.state?.ref;
        const expectedName = expected?.name ?? step.state?.$refText ?? '';
        if (expected ? expected === this.state : expectedName === this.state.name) return;
        this.fail(step, 'expectation', `expected state ${expectedName}, but the person is in ${this.state.name}`, [], expectedName, this.state.name);
    }

    private expectPath(step: ExpectPath): void {
        const expected = step.path.map(ref => ref.ref?.name ?? ref.$refText);
        const same = expected.length === this.path.length && expected.every((name, i) => name === this.path[i]);
        if (same) return;
        const expectedText = expected.join(' -> ');
        const actualText = this.path.join(' -> ');
        this.fail(step, 'expectation', `expected path ${expectedText}, but the path is ${actualText}`, [], expectedText, actualText);
    }

    /** Run to completion at the current instant; `at` is the step (or scenario) that caused it. */
    private settle(at: AstNode): void {
        if (this.countedInstant !== this.clock) {
            this.countedInstant = this.clock;
            this.takenAtInstant = 0;
        }
        const loop: CompiledTransition[] = [];
        for (;;) {
            const enabled = this.enabledTransitions();
            if (enabled.length === 0) return;
            if (enabled.length > 1) {
                const list = enabled.map(t => this.describe(t)).join(', ');
                this.fail(at, 'ambiguous',
                    `ambiguous: ${enabled.length} transitions are enabled in state ${this.state.name} on ${formatDayNumber(this.clock)}: ${list}`,
                    enabled.map(t => t.info));
            }
            const transition = enabled[0];
            if (this.takenAtInstant >= MAX_TRANSITIONS_PER_INSTANT) {
                const involved = distinct(loop.slice(-50)).map(t => t.info);
                this.fail(at, 'does-not-settle',
                    `does not settle: more than ${MAX_TRANSITIONS_PER_INSTANT.toLocaleString('en-US')} transitions on ${formatDayNumber(this.clock)}, looping through ${distinct(loop.slice(-50)).map(t => this.describe(t)).join(', ')}`,
                    involved);
            }
            this.takenAtInstant++;
            if (loop.length < 200) loop.push(transition);
            else { loop.shift(); loop.push(transition); }
            this.take(transition);
        }
    }

    private enabledTransitions(): CompiledTransition[] {
        const enabled: CompiledTransition[] = [];
        for (const transition of this.model.outgoing.get(this.state) ?? []) {
            // Evaluate every guard (coverage counts every cutoff reference's outcome), then the timer.
            const guard = transition.node.guard ? this.evaluate(transition.node.guard) : true;
            if (guard !== true) continue;
            const due = this.dueAt(transition);
            if (due !== undefined && this.clock < due) continue;
            enabled.push(transition);
        }
        return enabled;
    }

    private evaluate(guard: Guard): Truth {
        switch (guard.$type) {
            case 'CutoffGuard': {
                const truth = evaluateCutoff(guard.cutoff?.ref, this.values);
                this.coverage?.recordOutcome(guard, truth);
                return truth;
            }
            case 'NotGuard': return guard.operand ? not(this.evaluate(guard.operand)) : undefined;
            case 'GroupGuard': return guard.inner ? this.evaluate(guard.inner) : undefined;
            case 'AndGuard': {
                const left = guard.left ? this.evaluate(guard.left) : undefined;
                const right = guard.right ? this.evaluate(guard.right) : undefined;
                return and(left, right);
            }
            case 'OrGuard': {
                const left = guard.left ? this.evaluate(guard.left) : undefined;
                const right = guard.right ? this.evaluate(guard.right) : undefined;
                return or(left, right);
            }
            default:
                return undefined;
        }
    }

    private take(transition: CompiledTransition): void {
        this.taken.push(transition.node);
        this.coverage?.recordTransition(transition.node);
        this.enter(transition.target);
    }

    private enter(state: State): void {
        this.state = state;
        this.enteredAt = this.clock;
        this.path.push(state.name);
        this.coverage?.recordState(state);
    }

    private describe(transition: CompiledTransition): string {
        return `${transition.info.from} -> ${transition.info.to} (${this.locate(transition.info.uri, transition.info.line)})`;
    }

    private fail(at: AstNode, kind: FailureKind, message: string, transitions: TransitionInfo[], expected?: string, actual?: string): never {
        throw new ScenarioStop({ kind, line: lineOf(at), column: columnOf(at), message, expected, actual, transitions, node: at });
    }

    /** "still in hybrid status X, review was due on DATE" when the review date of the current hybrid state has passed. */
    private notes(): string[] {
        const state = this.state;
        if (!state || state.kind !== 'hybrid') return [];
        let due: DayNumber | undefined;
        for (const clause of state.clauses) {
            if (clause.$type !== 'MonitorClause' || !clause.review || !(clause.review.value > 0)) continue;
            const at = addDuration(this.enteredAt, clause.review.value, clause.review.unit);
            if (due === undefined || at < due) due = at;
        }
        if (due === undefined || this.clock <= due) return [];
        return [`still in hybrid status ${state.name}, review was due on ${formatDayNumber(due)}`];
    }
}

function distinct<T>(items: readonly T[]): T[] {
    return [...new Set(items)];
}

function cannotStart(scenario: Scenario, why: string, clock: DayNumber): ScenarioResult {
    const failure: ScenarioFailure = {
        kind: 'cannot-start', line: lineOf(scenario), column: columnOf(scenario),
        message: `cannot start: ${why}`, transitions: [], node: scenario,
    };
    return {
        name: scenario.name, line: lineOf(scenario), column: columnOf(scenario), status: 'failed',
        path: [], taken: [], failure, notes: [], endDate: formatDayNumber(clock), node: scenario,
    };
}

// ------------------------------------------------------------------ coverage

/** Coverage of one pathway over every suite run together (SPEC §7). */
export interface PathwayCoverage {
    readonly pathway: Pathway;
    readonly name: string;
    /** The URI of the pathway's file. */
    readonly uri: string;
    readonly transitions: {
        readonly taken: number;
        readonly total: number;
        /** In source order. */
        readonly notTaken: readonly TransitionInfo[];
        /** How often each transition was taken (0 for those not taken), in source order. */
        readonly hits: ReadonlyArray<{ readonly transition: TransitionInfo; readonly count: number }>;
    };
    readonly states: {
        readonly entered: number;
        readonly total: number;
        /** Names, in source order. */
        readonly notEntered: readonly string[];
        /** How often each state was entered (0 for those not entered), in source order; the editor's coverage view marks them. */
        readonly hits: ReadonlyArray<{ readonly state: State; readonly count: number }>;
    };
    readonly guards: {
        /** True and false outcomes seen, over every cutoff reference inside a transition guard. */
        readonly outcomesSeen: number;
        /** Twice the number of cutoff references inside transition guards. */
        readonly outcomesTotal: number;
        /**
         * Every cutoff reference inside a transition guard, in source order,
         * with the outcomes seen (the editor shows them as branch coverage).
         */
        readonly references: ReadonlyArray<{ readonly reference: CutoffGuard; readonly transition: Transition; readonly seenTrue: boolean; readonly seenFalse: boolean }>;
    };
}

class PathwayCoverageState {
    readonly transitionCounts = new Map<Transition, number>();
    readonly statesEntered = new Map<State, number>();
    readonly seenTrue = new Set<CutoffGuard>();
    readonly seenFalse = new Set<CutoffGuard>();

    constructor(readonly model: CompiledPathway) { }

    recordTransition(transition: Transition): void {
        this.transitionCounts.set(transition, (this.transitionCounts.get(transition) ?? 0) + 1);
    }

    recordState(state: State): void {
        this.statesEntered.set(state, (this.statesEntered.get(state) ?? 0) + 1);
    }

    recordOutcome(reference: CutoffGuard, truth: Truth): void {
        if (truth === true) this.seenTrue.add(reference);
        else if (truth === false) this.seenFalse.add(reference);
    }

    summary(): PathwayCoverage {
        const { pathway, transitions, states, guardReferences } = this.model;
        const hits = transitions.map(t => ({ transition: t.info, count: this.transitionCounts.get(t.node) ?? 0 }));
        return {
            pathway,
            name: pathway.name,
            uri: AstUtils.getDocument(pathway).uri.toString(),
            transitions: {
                taken: hits.filter(h => h.count > 0).length,
                total: transitions.length,
                notTaken: hits.filter(h => h.count === 0).map(h => h.transition),
                hits,
            },
            states: {
                entered: states.filter(s => this.statesEntered.has(s)).length,
                total: states.length,
                notEntered: states.filter(s => !this.statesEntered.has(s)).map(s => s.name),
                hits: states.map(state => ({ state, count: this.statesEntered.get(state) ?? 0 })),
            },
            guards: {
                outcomesSeen: guardReferences.filter(r => this.seenTrue.has(r)).length
                    + guardReferences.filter(r => this.seenFalse.has(r)).length,
                outcomesTotal: 2 * guardReferences.length,
                references: guardReferences.map(reference => ({
                    reference,
                    transition: AstUtils.getContainerOfType(reference, (n): n is Transition => n.$type === 'Transition')!,
                    seenTrue: this.seenTrue.has(reference),
                    seenFalse: this.seenFalse.has(reference),
                })),
            },
        };
    }
}

/**
 * Collects coverage per pathway across every suite of a test run. Pass the
 * same collector to every `runSuite` call, then read `summaries()`.
 */
export class CoverageCollector {
    private readonly byPathway = new Map<Pathway, PathwayCoverageState>();

    /** @internal */
    stateFor(model: CompiledPathway): PathwayCoverageState {
        let state = this.byPathway.get(model.pathway);
        if (!state) {
            state = new PathwayCoverageState(model);
            this.byPathway.set(model.pathway, state);
        }
        return state;
    }

    /** Registers a pathway with no scenario run yet (its coverage is then 0 of N). */
    include(pathway: Pathway): void {
        this.stateFor(compilePathway(pathway));
    }

    /** One summary per pathway, in the order pathways were first seen. */
    summaries(): PathwayCoverage[] {
        return [...this.byPathway.values()].map(state => state.summary());
    }
}

/** Percentage of transitions taken (100 for a pathway without transitions). */
export function transitionCoveragePercent(coverage: PathwayCoverage): number {
    const { taken, total } = coverage.transitions;
    return total === 0 ? 100 : (100 * taken) / total;
}
