/**
 * Rules about care in hybrid statuses and about gatekeeping (SPEC §1, §4):
 * hybrid-status-requires-monitoring, monitoring-without-review,
 * monitoring-by-non-fiduciary, hybrid-status-requires-disclosure,
 * disclosure-without-counselling, genomic-disclosure-training,
 * sick-role-gatekeeper, hybrid-entry-bridging and gatekeeper-lacks-data.
 *
 * No rule fires because of an unresolved reference: `unresolved-reference`
 * already reports it, and an actor nobody can resolve is not "a non-clinician".
 */
import type { Reference, ValidationAcceptor, ValidationChecks } from 'langium';
import { dataHolders, guardCutoffs, mayHoldData, type DataHolders } from '../analysis/care-gatekeeping.js';
import { isFiduciary, isGenomicData, isGenomicsTrained } from '../domain.js';
import type {
    Actor, Cutoff, Data, DiscloseClause, MonitorClause, Pathway, PmpathAstType, State, Transition
} from '../generated/ast.js';
import type { PmpathServices } from '../pmpath-module.js';
import { RuleId } from '../rules.js';
import type { CheckProvider } from './pmpath-validator.js';
import { declarationTarget, report } from './report.js';

export class CareChecks implements CheckProvider {
    constructor(protected readonly services: PmpathServices) { }

    checks(): ValidationChecks<PmpathAstType> {
        return {
            State: this.checkHybridState,
            MonitorClause: this.checkMonitor,
            DiscloseClause: this.checkDisclose,
            Transition: this.checkGatekeepers,
            Pathway: this.checkGatekeeperData,
        };
    }

    checkHybridState(state: State, accept: ValidationAcceptor): void {
        if (state.kind !== 'hybrid' || !state.name || !inPathway(state)) return;
        if (!state.clauses.some(c => c.$type === 'MonitorClause')) {
            report(accept, RuleId.hybridStatusRequiresMonitoring,
                `State '${state.name}' is a hybrid status without a monitoring plan: add \`monitor DATA every DURATION by CLINICIAN review after DURATION\` so people are not left in limbo.`,
                declarationTarget(state));
        }
        if (!state.clauses.some(c => c.$type === 'DiscloseClause')) {
            report(accept, RuleId.hybridStatusRequiresDisclosure,
                `State '${state.name}' is a hybrid status without a disclosure plan: add \`disclose DATA to ACTOR by CLINICIAN with counselling\` so someone able to mediate the results tells people what they mean.`,
                declarationTarget(state));
        }
    }

    checkMonitor(monitor: MonitorClause, accept: ValidationAcceptor): void {
        if (!inPathway(monitor.$container)) return;
        const where = stateName(monitor.$container);
        if (!monitor.review && !monitor.until) {
            report(accept, RuleId.monitoringWithoutReview,
                `The monitoring plan of state '${where}' has neither \`review after\` nor \`until\`, so it never ends: add \`review after DURATION\` or \`until GUARD\`.`,
                { node: monitor });
        }
        const actor = monitor.by?.ref;
        if (actor && !isFiduciary(actor)) {
            report(accept, RuleId.monitoringByNonFiduciary,
                `The monitoring plan of state '${where}' is the responsibility of '${actor.name}', ${article(actor.role)} ${actor.role}, not a clinician: make a clinician responsible (\`by CLINICIAN\`), since only a clinician owes the person a duty of care.`,
                { node: monitor });
        }
    }

    checkDisclose(disclose: DiscloseClause, accept: ValidationAcceptor): void {
        if (!inPathway(disclose.$container)) return;
        const genomic = resolved(disclose.data).filter(isGenomicData);
        if (genomic.length === 0) return;
        const what = `genomic data ${listQuoted(genomic.map(d => d.name))}`;
        const where = stateName(disclose.$container);
        if (!disclose.counselling) {
            report(accept, RuleId.disclosureWithoutCounselling,
                `The disclosure of ${what} in state '${where}' has no counselling: add \`with counselling\` so the people told are helped to understand the uncertainty of the result.`,
                { node: disclose });
        }
        const actor = disclose.by?.ref;
        if (actor && !isGenomicsTrained(actor)) {
            report(accept, RuleId.genomicDisclosureTraining,
                `'${actor.name}' discloses ${what} in state '${where}' but is not \`genomics-trained\`: let a genomics-trained actor disclose it, or add \`{ genomics-trained }\` to '${actor.name}' if they have that training.`,
                { node: disclose });
        }
    }

    checkGatekeepers(transition: Transition, accept: ValidationAcceptor): void {
        if (!inPathway(transition)) return;
        const target = transition.target?.ref;
        const gatekeepers = allResolved(transition.gatekeepers);
        if (!target || !gatekeepers || gatekeepers.some(isFiduciary)) return;
        const label = transitionLabel(transition);
        const who = listQuoted(gatekeepers.map(a => a.name));
        if (target.kind === 'sick') {
            report(accept, RuleId.sickRoleGatekeeper,
                `Transition ${label} confers the sick role of state '${target.name}', but none of its gatekeepers (${who}) is a clinician: add a clinician to its \`by\` actors, since conferring the sick role stays a clinician's act.`,
                { node: transition });
        } else if (target.kind === 'hybrid') {
            report(accept, RuleId.hybridEntryBridging,
                `Transition ${label} moves people into the hybrid status '${target.name}', but none of its gatekeepers (${who}) is a clinician: add a clinician to its \`by\` actors to bridge the result and the person's situation.`,
                { node: transition });
        }
    }

    checkGatekeeperData(pathway: Pathway, accept: ValidationAcceptor): void {
        // One index of the flows per pathway keeps the rule linear.
        let holders: DataHolders | undefined;
        for (const transition of pathway.elements) {
            if (transition.$type !== 'Transition' || !transition.guard) continue;
            const gatekeepers = allResolved(transition.gatekeepers);
            if (!gatekeepers) continue;
            // Cutoffs grouped by their data, in order of first use in the guard.
            const cutoffsByData = new Map<Data, Set<Cutoff>>();
            for (const cutoffGuard of guardCutoffs(transition.guard)) {
                const cutoff = cutoffGuard.cutoff?.ref;
                const data = cutoff?.data?.ref;
                if (!cutoff || !data) continue;
                const set = cutoffsByData.get(data);
                if (set) set.add(cutoff);
                else cutoffsByData.set(data, new Set([cutoff]));
            }
            if (cutoffsByData.size === 0) continue;
            holders ??= dataHolders(pathway);
            for (const [data, cutoffs] of cutoffsByData) {
                const index = holders;
                if (gatekeepers.some(actor => mayHoldData(index, actor, data))) continue;
                const noun = cutoffs.size === 1 ? 'cutoff' : 'cutoffs';
                report(accept, RuleId.gatekeeperLacksData,
                    `Transition ${transitionLabel(transition)} is guarded by ${noun} ${listQuoted([...cutoffs].map(c => c.name))} on data '${data.name}', but none of its gatekeepers (${listQuoted(gatekeepers.map(a => a.name))}) sends or receives '${data.name}' in any flow: add a flow of '${data.name}' to one of them, or let an actor who has it authorize the transition.`,
                    { node: transition });
            }
        }
    }
}

/** States and transitions outside a pathway are already a `syntax` error; one finding is enough. */
function inPathway(node: State | Transition | undefined): boolean {
    return node?.$container?.$type === 'Pathway';
}

/** The resolved targets of references, skipping unresolved ones. */
function resolved<T extends Data | Actor>(refs: ReadonlyArray<Reference<T>>): T[] {
    return refs.map(r => r.ref).filter((x): x is T => x !== undefined);
}

/** The resolved actors, or `undefined` when there are none or any of them is unresolved. */
function allResolved(refs: ReadonlyArray<Reference<Actor>>): Actor[] | undefined {
    const actors = resolved(refs);
    return actors.length > 0 && actors.length === refs.length ? actors : undefined;
}

function transitionLabel(transition: Transition): string {
    return `'${transition.source?.$refText ?? '?'} -> ${transition.target?.$refText ?? '?'}'`;
}

function stateName(state: State | undefined): string {
    return state?.name ?? '?';
}

function article(word: string): string {
    return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`. */
function listQuoted(names: readonly string[]): string {
    const quoted = names.map(n => `'${n}'`);
    return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}
