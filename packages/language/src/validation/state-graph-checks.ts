/**
 * Rules about the shape of a pathway's state graph (SPEC §3–4):
 * initial-state, unreachable-state, dead-end-state, therapeutic-odyssey and
 * final-state-exit. The graph work is done once per pathway by the pure
 * `analyzeStateGraph`; this class only turns its findings into diagnostics.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import { analyzeStateGraph } from '../analysis/state-graph.js';
import type { Pathway, PmpathAstType, State } from '../generated/ast.js';
import type { PmpathServices } from '../pmpath-module.js';
import { RuleId } from '../rules.js';
import type { CheckProvider } from './pmpath-validator.js';
import { declarationTarget, report } from './report.js';

/** How many state names a message lists before it summarizes the rest. */
const MAX_LISTED = 5;

export class StateGraphChecks implements CheckProvider {
    constructor(protected readonly services: PmpathServices) { }

    checks(): ValidationChecks<PmpathAstType> {
        return {
            Pathway: this.checkStateGraph,
        };
    }

    checkStateGraph(pathway: Pathway, accept: ValidationAcceptor): void {
        const analysis = analyzeStateGraph(pathway);
        const [first, ...others] = analysis.initialStates;
        // References resolve to the first state of a name, so a later duplicate
        // is always unreachable and a dead end; `duplicate-name` already reports
        // it, and renaming it is the fix.
        const duplicates = laterDuplicates(analysis.states);

        if (first === undefined) {
            if (pathway.name) {
                report(accept, RuleId.initialState,
                    `Pathway '${pathway.name}' has no initial state: mark the state where people enter the pathway \`initial\` (for example \`initial state Screened: healthy\`).`,
                    { node: pathway, property: 'name' });
            }
        } else {
            for (const extra of others) {
                report(accept, RuleId.initialState,
                    `State '${extra.name}' is another initial state, but pathway '${pathway.name}' already starts at '${first.name}': keep exactly one \`initial\` state and remove \`initial\` from '${extra.name}' (add a transition into it instead).`,
                    declarationTarget(extra));
            }
        }

        const start = others.length > 0 ? 'any initial state' : `the initial state '${first?.name}'`;
        for (const state of analysis.unreachable) {
            if (!state.name || duplicates.has(state)) continue;
            report(accept, RuleId.unreachableState,
                `State '${state.name}' is unreachable: no path from ${start} leads to it. Add a transition into '${state.name}' or remove the state.`,
                declarationTarget(state));
        }

        for (const state of analysis.deadEnds) {
            if (!state.name || duplicates.has(state)) continue;
            report(accept, RuleId.deadEndState,
                `State '${state.name}' is a dead end: it is not final and has no outgoing transition, so people who reach it are left in limbo. Add a transition out of '${state.name}' or mark it \`final\`.`,
                declarationTarget(state));
        }

        for (const group of analysis.odysseys) {
            const anchor = group.find(s => s.name) ?? group[0];
            const message = group.length === 1
                ? `State '${anchor.name}' only leads back to itself and never to a final state (a therapeutic odyssey): add a transition from '${anchor.name}' to a final state, for example a discharge after a review period.`
                : `States ${listNames(group)} form a cycle with no way to a final state (a therapeutic odyssey): add a transition from one of them to a final state, for example a discharge after a review period.`;
            report(accept, RuleId.therapeuticOdyssey, message, declarationTarget(anchor));
        }

        for (const { state, transitions } of analysis.finalExits) {
            if (!state.name) continue;
            const targets = [...new Set(transitions.map(t => t.target?.$refText).filter((n): n is string => !!n))];
            const to = targets.length > 0 ? ` (to ${listQuoted(targets)})` : '';
            report(accept, RuleId.finalStateExit,
                `Final state '${state.name}' has outgoing transitions${to}, but a final state closes the pathway: remove those transitions or drop \`final\` from '${state.name}'.`,
                declarationTarget(state));
        }
    }
}

/** States whose name an earlier state of the pathway already has. */
function laterDuplicates(states: readonly State[]): Set<State> {
    const seen = new Set<string>();
    const duplicates = new Set<State>();
    for (const state of states) {
        if (!state.name) continue;
        if (seen.has(state.name)) duplicates.add(state);
        else seen.add(state.name);
    }
    return duplicates;
}

function listNames(states: readonly State[]): string {
    return listQuoted(states.map(s => s.name));
}

/** `'A', 'B' and 'C'`, or `'A', 'B', … and 7 more` for long lists. */
function listQuoted(names: readonly string[]): string {
    const quoted = names.map(n => `'${n}'`);
    if (quoted.length > MAX_LISTED) {
        return `${quoted.slice(0, MAX_LISTED).join(', ')} and ${quoted.length - MAX_LISTED} more`;
    }
    if (quoted.length <= 1) {
        return quoted.join('');
    }
    return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}
