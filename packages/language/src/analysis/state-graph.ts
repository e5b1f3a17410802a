/**
 * Pure analysis of a pathway's state-transition graph (SPEC §3–4): initial
 * states, reachability, dead ends, exits from final states and "therapeutic
 * odysseys" (cycles of non-final states with no way to a final state).
 *
 * The validator reports the findings; the diagram package reuses them to
 * highlight flagged states. Everything here is linear in states + transitions
 * and uses explicit stacks and queues, never recursion, so a generated pathway
 * with tens of thousands of states cannot overflow the call stack.
 */
import type { Pathway, State, Transition } from '../generated/ast.js';

// ------------------------------------------------------------ index-based core

/** A state graph over the indices `0 … stateCount - 1`. */
export interface StateGraphInput {
    readonly stateCount: number;
    /** Edges between known states, as `[source, target]` index pairs (self-loops and duplicates allowed). */
    readonly edges: ReadonlyArray<readonly [number, number]>;
    readonly isInitial: (index: number) => boolean;
    readonly isFinal: (index: number) => boolean;
    /**
     * States with at least one transition whose target is not a known state
     * (an unresolved reference or a state of another file). Such a transition
     * still leaves the state, and it might lead to a final state, so these
     * states count as having an exit and as able to reach a final state.
     */
    readonly escapes?: ReadonlySet<number>;
    /**
     * States entered by a transition whose source is not a known state. Nobody
     * can tell where those people come from, so these states count as reachable.
     */
    readonly enteredFromUnknown?: ReadonlySet<number>;
}

/** The findings of {@link analyzeStateIndices}, as sorted state indices. */
export interface StateGraphIndices {
    readonly initial: readonly number[];
    /** States no path from any initial state reaches; empty when there is no initial state. */
    readonly unreachable: readonly number[];
    /** Non-final states without any outgoing transition. */
    readonly deadEnds: readonly number[];
    /** Final states with outgoing transitions. */
    readonly finalExits: readonly number[];
    /**
     * Strongly connected groups of non-final states with a cycle (two or more
     * states, or one state with a transition to itself) from which no final
     * state is reachable. Each group is sorted; groups are ordered by their
     * first member.
     */
    readonly odysseys: ReadonlyArray<readonly number[]>;
    /** `true` at index i when state i can reach a final state (or may, through an escaping transition). */
    readonly canReachFinal: readonly boolean[];
}

/** Compressed adjacency: the successors of `v` are `targets[offsets[v] … offsets[v + 1] - 1]`. */
interface Adjacency {
    readonly offsets: Int32Array;
    readonly targets: Int32Array;
}

function buildAdjacency(count: number, edges: ReadonlyArray<readonly [number, number]>, reverse: boolean): Adjacency {
    const offsets = new Int32Array(count + 1);
    for (const edge of edges) {
        offsets[(reverse ? edge[1] : edge[0]) + 1]++;
    }
    for (let i = 0; i < count; i++) {
        offsets[i + 1] += offsets[i];
    }
    const fill = offsets.slice(0, count);
    const targets = new Int32Array(edges.length);
    for (const [from, to] of edges) {
        const key = reverse ? to : from;
        targets[fill[key]++] = reverse ? from : to;
    }
    return { offsets, targets };
}

/** Breadth-first search from `seeds`; returns which indices were visited. */
function visitFrom(count: number, adjacency: Adjacency, seeds: Iterable<number>): boolean[] {
    const visited = new Array<boolean>(count).fill(false);
    const queue: number[] = [];
    for (const seed of seeds) {
        if (!visited[seed]) {
            visited[seed] = true;
            queue.push(seed);
        }
    }
    for (let head = 0; head < queue.length; head++) {
        const v = queue[head];
        for (let e = adjacency.offsets[v]; e < adjacency.offsets[v + 1]; e++) {
            const w = adjacency.targets[e];
            if (!visited[w]) {
                visited[w] = true;
                queue.push(w);
            }
        }
    }
    return visited;
}

/**
 * Strongly connected components with Tarjan's algorithm, run with an explicit
 * call stack. Returns the component id of every vertex.
 */
export function stronglyConnectedComponents(count: number, edges: ReadonlyArray<readonly [number, number]>): Int32Array {
    const adjacency = buildAdjacency(count, edges, false);
    const index = new Int32Array(count).fill(-1);
    const lowLink = new Int32Array(count);
    const component = new Int32Array(count).fill(-1);
    const onStack = new Uint8Array(count);
    // The next edge to explore for each vertex on the call stack.
    const nextEdge = new Int32Array(count);
    const sccStack: number[] = [];
    const callStack: number[] = [];
    let counter = 0;
    let components = 0;

    for (let root = 0; root < count; root++) {
        if (index[root] !== -1) continue;
        callStack.push(root);
        index[root] = lowLink[root] = counter++;
        nextEdge[root] = adjacency.offsets[root];
        sccStack.push(root);
        onStack[root] = 1;
        while (callStack.length > 0) {
            const v = callStack[callStack.length - 1];
            if (nextEdge[v] < adjacency.offsets[v + 1]) {
                const w = adjacency.targets[nextEdge[v]++];
                if (index[w] === -1) {
                    // "Recurse" into w.
                    index[w] = lowLink[w] = counter++;
                    nextEdge[w] = adjacency.offsets[w];
                    sccStack.push(w);
                    onStack[w] = 1;
                    callStack.push(w);
                } else if (onStack[w]) {
                    lowLink[v] = Math.min(lowLink[v], index[w]);
                }
                continue;
            }
            // All edges of v explored: "return" to the caller.
            callStack.pop();
            if (lowLink[v] === index[v]) {
                let w: number;
                do {
                    w = sccStack.pop()!;
                    onStack[w] = 0;
                    component[w] = components;
                } while (w !== v);
                components++;
            }
            if (callStack.length > 0) {
                const caller = callStack[callStack.length - 1];
                lowLink[caller] = Math.min(lowLink[caller], lowLink[v]);
            }
        }
    }
    return component;
}

/** Analyzes a state graph given by indices; see {@link StateGraphIndices}. */
export function analyzeStateIndices(input: StateGraphInput): StateGraphIndices {
    const count = input.stateCount;
    const escapes = input.escapes ?? new Set<number>();
    const enteredFromUnknown = input.enteredFromUnknown ?? new Set<number>();
    const outDegree = new Int32Array(count);
    const selfLoop = new Uint8Array(count);
    for (const [from, to] of input.edges) {
        outDegree[from]++;
        if (from === to) selfLoop[from] = 1;
    }

    const initial: number[] = [];
    const finals: number[] = [];
    for (let i = 0; i < count; i++) {
        if (input.isInitial(i)) initial.push(i);
        if (input.isFinal(i)) finals.push(i);
    }

    const forward = buildAdjacency(count, input.edges, false);
    const unreachable: number[] = [];
    if (initial.length > 0) {
        const reached = visitFrom(count, forward, [...initial, ...enteredFromUnknown]);
        for (let i = 0; i < count; i++) {
            if (!reached[i]) unreachable.push(i);
        }
    }

    const deadEnds: number[] = [];
    const finalExits: number[] = [];
    for (let i = 0; i < count; i++) {
        const exits = outDegree[i] > 0 || escapes.has(i);
        if (input.isFinal(i)) {
            if (exits) finalExits.push(i);
        } else if (!exits) {
            deadEnds.push(i);
        }
    }

    // One reverse search from every final state (and every escaping state)
    // tells which states can reach a final state: linear overall.
    const backward = buildAdjacency(count, input.edges, true);
    const canReachFinal = visitFrom(count, backward, [...finals, ...escapes]);

    const component = stronglyConnectedComponents(count, input.edges);
    const members = new Map<number, number[]>();
    for (let i = 0; i < count; i++) {
        const list = members.get(component[i]);
        if (list) list.push(i);
        else members.set(component[i], [i]);
    }
    const odysseys: number[][] = [];
    for (const group of members.values()) {
        // Every member of a group reaches every other, so one member decides
        // for all; a group holding a final state trivially reaches one.
        const first = group[0];
        const cyclic = group.length > 1 || selfLoop[first] === 1;
        if (cyclic && !canReachFinal[first]) {
            odysseys.push(group);
        }
    }
    odysseys.sort((a, b) => a[0] - b[0]);

    return { initial, unreachable, deadEnds, finalExits, odysseys, canReachFinal };
}

// ------------------------------------------------------------ pathway adapter

/** The findings about a pathway's states, as AST nodes in source order. */
export interface StateGraphAnalysis {
    /** The pathway's states in source order. */
    readonly states: readonly State[];
    readonly transitions: readonly Transition[];
    readonly initialStates: readonly State[];
    /** States no path from any initial state reaches; empty when the pathway has no initial state. */
    readonly unreachable: readonly State[];
    readonly deadEnds: readonly State[];
    /** Final states with outgoing transitions, with those transitions. */
    readonly finalExits: ReadonlyArray<{ readonly state: State; readonly transitions: readonly Transition[] }>;
    /** Each therapeutic odyssey as its states in source order; groups ordered by their first state. */
    readonly odysseys: ReadonlyArray<readonly State[]>;
    /** Every state that one of the findings above names (handy for highlighting in diagrams). */
    readonly flagged: ReadonlySet<State>;
}

/**
 * Analyzes the state graph of a pathway. Never fails because of unresolved
 * references: a transition to an unknown state still leaves its source and
 * may lead to a final state; a transition from an unknown state makes its
 * target reachable.
 */
export function analyzeStateGraph(pathway: Pathway): StateGraphAnalysis {
    const states: State[] = [];
    const transitions: Transition[] = [];
    for (const element of pathway.elements) {
        if (element.$type === 'State') states.push(element);
        else if (element.$type === 'Transition') transitions.push(element);
    }
    const indexOf = new Map<State, number>();
    states.forEach((state, i) => indexOf.set(state, i));

    const edges: Array<[number, number]> = [];
    const escapes = new Set<number>();
    const enteredFromUnknown = new Set<number>();
    const outgoing = new Map<number, Transition[]>();
    for (const transition of transitions) {
        const from = stateIndex(indexOf, transition.source?.ref);
        const to = stateIndex(indexOf, transition.target?.ref);
        if (from === undefined) {
            if (to !== undefined) enteredFromUnknown.add(to);
            continue;
        }
        const list = outgoing.get(from);
        if (list) list.push(transition);
        else outgoing.set(from, [transition]);
        if (to === undefined) {
            escapes.add(from);
        } else {
            edges.push([from, to]);
        }
    }

    const result = analyzeStateIndices({
        stateCount: states.length,
        edges,
        isInitial: i => states[i].modifier === 'initial',
        isFinal: i => states[i].modifier === 'final',
        escapes,
        enteredFromUnknown,
    });

    const pick = (indices: readonly number[]): State[] => indices.map(i => states[i]);
    const flagged = new Set<State>();
    const unreachable = pick(result.unreachable);
    const deadEnds = pick(result.deadEnds);
    const finalExits = result.finalExits.map(i => ({ state: states[i], transitions: outgoing.get(i) ?? [] }));
    const odysseys = result.odysseys.map(pick);
    unreachable.forEach(s => flagged.add(s));
    deadEnds.forEach(s => flagged.add(s));
    finalExits.forEach(f => flagged.add(f.state));
    odysseys.forEach(group => group.forEach(s => flagged.add(s)));

    return {
        states,
        transitions,
        initialStates: pick(result.initial),
        unreachable,
        deadEnds,
        finalExits,
        odysseys,
        flagged,
    };
}

/** The index of a referenced state, or `undefined` when it is unresolved or declared elsewhere. */
function stateIndex(indexOf: ReadonlyMap<State, number>, state: State | undefined): number | undefined {
    return state === undefined ? undefined : indexOf.get(state);
}
