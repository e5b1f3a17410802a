/**
 * A test run drawn over the states view: the path one scenario took (which
 * states the synthetic person entered, in which order, and by which
 * transitions), or the coverage of a whole run (how often each state was
 * entered and each transition taken, and which never were). Plain data, built
 * from simulator results by the language server; `render-dot.ts` draws it
 * and lists its marks in the key.
 */
import type { StatesModel } from './model.js';

/** What one state or transition got in the run. */
export interface RunMark {
    /** Times entered (a state) or taken (a transition); 0: never, in a coverage overlay. */
    readonly count: number;
    /**
     * Scenario overlays: the 1-based positions in the scenario's path (a state
     * entered first, third … ), or for a transition the position it left from
     * (taken from step 1 to step 2 → 1).
     */
    readonly steps?: readonly number[];
}

export interface RunOverlay {
    readonly kind: 'scenario' | 'coverage';
    /** A line for the caption under the drawing: what the marks show. */
    readonly caption: string;
    /** Per state name. A coverage overlay lists every state (count 0 = not entered); a scenario overlay the entered ones. */
    readonly states: ReadonlyMap<string, RunMark>;
    /** Per `transitionKey(source, target, index)`; like `states`. */
    readonly transitions: ReadonlyMap<string, RunMark>;
    /** For the SVG's text alternative: one sentence saying what the marks show. */
    readonly description: string;
}

/**
 * The key of a transition in an overlay: its states and its position among
 * the transitions between the same two states, in document order (0-based),
 * the scheme the preview's click-to-reveal uses too.
 */
export function transitionKey(source: string, target: string, index: number): string {
    return `${source}\u0000${target}\u0000${index}`;
}

/** A transition as an overlay names it. */
export interface OverlayTransition {
    readonly source: string;
    readonly target: string;
    /** Among the transitions from `source` to `target`, in document order (0-based). */
    readonly index: number;
}

/** One scenario's result, as `scenarioOverlay` needs it. */
export interface ScenarioPath {
    readonly name: string;
    readonly status: 'passed' | 'failed';
    /** States entered, the start state first. */
    readonly path: readonly string[];
    /** The transitions taken, in order: `taken[i]` goes from `path[i]` to `path[i + 1]`. */
    readonly taken: readonly OverlayTransition[];
    /** Where and why it failed, for the caption. */
    readonly failure?: { readonly line: number; readonly message: string };
}

/** The path of one scenario: states numbered by their positions in the path, transitions by the step they left from. */
export function scenarioOverlay(scenario: ScenarioPath): RunOverlay {
    const states = new Map<string, { count: number; steps: number[] }>();
    scenario.path.forEach((name, i) => {
        const mark = states.get(name) ?? { count: 0, steps: [] };
        mark.count++;
        mark.steps.push(i + 1);
        states.set(name, mark);
    });
    const transitions = new Map<string, { count: number; steps: number[] }>();
    scenario.taken.forEach((t, i) => {
        const key = transitionKey(t.source, t.target, t.index);
        const mark = transitions.get(key) ?? { count: 0, steps: [] };
        mark.count++;
        mark.steps.push(i + 1);
        transitions.set(key, mark);
    });
    const outcome = scenario.status === 'passed' ? 'passed'
        : scenario.failure ? `failed at line ${scenario.failure.line}: ${scenario.failure.message}` : 'failed';
    const steps = scenario.path.length;
    return {
        kind: 'scenario',
        caption: `Path of scenario "${scenario.name}" (${outcome}): ${steps} state${steps === 1 ? '' : 's'} entered, numbered in order`,
        states,
        transitions,
        description: `Path of scenario "${scenario.name}" (${scenario.status}): ${scenario.path.length > 40
            ? `${scenario.path.slice(0, 20).join(', ')}, … ${scenario.path.length - 40} more …, ${scenario.path.slice(-20).join(', ')}`
            : scenario.path.join(', ')}.`,
    };
}

/** The coverage of a run, per pathway: every state and transition with how often it was entered or taken. */
export interface CoverageCounts {
    readonly states: ReadonlyArray<{ readonly name: string; readonly count: number }>;
    readonly transitions: ReadonlyArray<OverlayTransition & { readonly count: number }>;
    /** What was run, for the caption (`8 scenarios of cf-newborn-screening.pmtest`). */
    readonly what?: string;
}

/** Marks every state entered and transition taken with its count, and those never reached as such. */
export function coverageOverlay(coverage: CoverageCounts): RunOverlay {
    const states = new Map(coverage.states.map(s => [s.name, { count: s.count }]));
    const transitions = new Map(coverage.transitions.map(t => [transitionKey(t.source, t.target, t.index), { count: t.count }]));
    const taken = coverage.transitions.filter(t => t.count > 0).length;
    const entered = coverage.states.filter(s => s.count > 0).length;
    const summary = `${taken} of ${coverage.transitions.length} transitions taken, ${entered} of ${coverage.states.length} states entered`;
    const notTaken = coverage.transitions.filter(t => t.count === 0).map(t => `${t.source} to ${t.target}`);
    return {
        kind: 'coverage',
        caption: `Coverage of the last test run${coverage.what ? ` (${coverage.what})` : ''}: ${summary}`,
        states,
        transitions,
        description: `Test coverage: ${summary}.${notTaken.length > 0 ? ` Not taken: ${notTaken.join(', ')}.` : ''}`,
    };
}

/** The states model with a run drawn over it. */
export function withRunOverlay(model: StatesModel, overlay: RunOverlay | undefined): StatesModel {
    return overlay ? { ...model, run: overlay } : model;
}

/** Steps as a label says them: `1`, `2, 4`, `1, 3, 5, … (36,526 times)`. */
export function stepList(steps: readonly number[], count: number, shown = 4): string {
    const listed = steps.slice(0, shown).map(n => n.toLocaleString('en-US')).join(', ');
    return count > shown ? `${listed}, … (${count.toLocaleString('en-US')} times)` : listed;
}
