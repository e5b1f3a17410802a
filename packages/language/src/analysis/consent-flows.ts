/**
 * Pure analysis of data flows against consents (SPEC §3): whether a consent
 * covers a flow's data and purpose, whether it allows commercial use, and how
 * NPU/NCU/NPUNCU restrictions travel downstream with the data.
 *
 * The validator reports these findings; the diagram package draws violating
 * flows with the chain of earlier flows that carried the restricted data.
 * References that do not resolve are skipped, never treated as violations.
 */
import type { Actor, Consent, Data, Flow, Purpose } from '../generated/ast.js';
import { consentDuoCodes, consentPurposes, hasDuoPermission, isCommercialUse, NON_COMMERCIAL_DUO } from '../domain.js';

/**
 * Whether a consent permits research: `permits research`, or a DUO permission
 * term that is not obsolete (GRU-CC and RU grant no permission).
 */
export function consentPermitsResearch(consent: Consent): boolean {
    return consentPurposes(consent).has('research') || hasDuoPermission(consent);
}

/** Whether a consent permits a purpose (`research` also through a DUO permission term). */
export function consentPermitsPurpose(consent: Consent, purpose: Purpose): boolean {
    return purpose === 'research' ? consentPermitsResearch(consent) : consentPurposes(consent).has(purpose);
}

/**
 * Whether a consent's `covers` clauses include a data item. A `covers` entry
 * that does not resolve counts when its name matches, so an unresolved name
 * (already `unresolved-reference`) never causes a second finding.
 */
export function consentCoversData(consent: Consent, data: Data): boolean {
    for (const clause of consent.clauses ?? []) {
        if (clause.$type !== 'CoversClause') continue;
        for (const ref of clause.data ?? []) {
            const target = ref.ref;
            if (target === data || (target === undefined && ref.$refText === data.name)) {
                return true;
            }
        }
    }
    return false;
}

/** The NPU/NCU/NPUNCU codes a consent carries, in the order written. */
export function nonCommercialRestrictions(consent: Consent): string[] {
    return [...consentDuoCodes(consent)].filter(code => NON_COMMERCIAL_DUO.has(code));
}

/** The distinct resolved data items of a flow, in the order written. */
export function flowDataItems(flow: Flow): Data[] {
    const items: Data[] = [];
    for (const ref of flow.data ?? []) {
        const data = ref.ref;
        if (data && !items.includes(data)) items.push(data);
    }
    return items;
}

/** What a consent lacks for a flow under it (`consent-scope-mismatch`). */
export interface ConsentScopeGap {
    /** Resolved data items of the flow that the consent does not cover. */
    readonly missingData: readonly Data[];
    /** The flow's stated purpose when the consent does not permit it (never `commercial`). */
    readonly missingPurpose?: Purpose;
    /**
     * True when the flow is research use only through its recipient's role
     * (`researcher`) and the consent does not permit research.
     */
    readonly researchUseNotPermitted: boolean;
}

/**
 * What `consent` fails to cover for `flow`, or `undefined` when it covers the
 * flow. Commercial purpose and use are left to `commercial-use-requires-consent`,
 * but the data of a commercial flow must still be covered.
 */
export function consentScopeGap(flow: Flow, consent: Consent): ConsentScopeGap | undefined {
    const missingData = flowDataItems(flow).filter(data => !consentCoversData(consent, data));
    const purpose = flow.purpose;
    const missingPurpose = purpose !== undefined && purpose !== 'commercial' && !consentPermitsPurpose(consent, purpose)
        ? purpose : undefined;
    const researcherRecipient = flow.to?.ref?.role === 'researcher';
    const researchUseNotPermitted = researcherRecipient && purpose !== 'research' && !consentPermitsResearch(consent);
    if (missingData.length === 0 && missingPurpose === undefined && !researchUseNotPermitted) {
        return undefined;
    }
    return { missingData, missingPurpose, researchUseNotPermitted };
}

/** Why a consent does not cover commercial use (`commercial-use-requires-consent`). */
export interface CommercialConsentProblem {
    /** The consent lacks `permits commercial`. */
    readonly notPermitted: boolean;
    /** The NPU/NCU/NPUNCU codes it carries. */
    readonly restrictions: readonly string[];
}

/** `undefined` when the consent `permits commercial` and carries none of NPU, NCU, NPUNCU. */
export function commercialConsentProblem(consent: Consent): CommercialConsentProblem | undefined {
    const notPermitted = !consentPurposes(consent).has('commercial');
    const restrictions = nonCommercialRestrictions(consent);
    return notPermitted || restrictions.length > 0 ? { notPermitted, restrictions } : undefined;
}

/** A commercial-use flow of data that reached its sender under a non-commercial consent. */
export interface DownstreamViolation {
    /** The onward flow with commercial use. */
    readonly flow: Flow;
    /** The restricted data item. */
    readonly data: Data;
    /** The NPU/NCU/NPUNCU consent under which the data first travelled on this chain. */
    readonly consent: Consent;
    /** The restriction codes of that consent. */
    readonly restrictions: readonly string[];
    /**
     * The earlier flows of `data` through which it reached `flow`'s sender, in
     * order: the first is the flow under `consent`, the last one ends at the
     * sender. Consecutive flows connect (each starts where the previous ends).
     */
    readonly chain: readonly Flow[];
}

/**
 * Every flow with commercial use of a data item D whose sender received D —
 * directly or through any chain of earlier flows of D — under a consent
 * carrying NPU, NCU or NPUNCU, whatever consent the onward flow cites.
 * Every data item of a flow under such a consent is restricted, even one the
 * consent fails to cover (that gap is `consent-scope-mismatch`'s finding).
 *
 * "Earlier" means reachable in the graph of flows of D, not textual order.
 * One breadth-first propagation per data item from all restricted flows at
 * once, so the work is linear in the number of flows; each chain is a shortest
 * one. Flows with an unresolved actor or data item are left out of the graph.
 */
export function findDownstreamViolations(flows: readonly Flow[]): DownstreamViolation[] {
    const flowsByData = new Map<Data, Flow[]>();
    for (const flow of flows) {
        if (!flow.from?.ref || !flow.to?.ref) continue;
        for (const data of flowDataItems(flow)) {
            let list = flowsByData.get(data);
            if (!list) flowsByData.set(data, list = []);
            list.push(flow);
        }
    }
    const order = new Map(flows.map((flow, index) => [flow, index]));
    const violations: DownstreamViolation[] = [];
    for (const [data, dataFlows] of flowsByData) {
        const outgoing = new Map<Actor, Flow[]>();
        for (const flow of dataFlows) {
            const from = flow.from.ref!;
            let list = outgoing.get(from);
            if (!list) outgoing.set(from, list = []);
            list.push(flow);
        }
        // `via`: for each actor holding restricted D, the flow that brought it there.
        const via = new Map<Actor, Flow>();
        const origins = new Map<Flow, Consent>();
        const queue: Actor[] = [];
        for (const flow of dataFlows) {
            const consent = flow.consent?.ref;
            if (!consent || nonCommercialRestrictions(consent).length === 0) continue;
            origins.set(flow, consent);
            const to = flow.to.ref!;
            if (!via.has(to)) {
                via.set(to, flow);
                queue.push(to);
            }
        }
        for (let head = 0; head < queue.length; head++) {
            for (const flow of outgoing.get(queue[head]) ?? []) {
                const to = flow.to.ref!;
                if (!via.has(to)) {
                    via.set(to, flow);
                    queue.push(to);
                }
            }
        }
        for (const flow of dataFlows) {
            const sender = flow.from.ref!;
            if (!via.has(sender) || !isCommercialUse(flow)) continue;
            const chain = chainTo(sender, via, origins);
            const consent = origins.get(chain[0])!;
            violations.push({ flow, data, consent, restrictions: nonCommercialRestrictions(consent), chain });
        }
    }
    return violations.sort((a, b) => (order.get(a.flow) ?? 0) - (order.get(b.flow) ?? 0));
}

/**
 * Walks the breadth-first tree back from `actor` to the restricted flow that
 * seeded its branch. Only seeds are origins in `via` (every origin's recipient
 * is marked before the search starts), and every other step goes back to an
 * actor reached strictly earlier, so the walk ends.
 */
function chainTo(actor: Actor, via: ReadonlyMap<Actor, Flow>, origins: ReadonlyMap<Flow, Consent>): Flow[] {
    const chain: Flow[] = [];
    let flow = via.get(actor);
    while (flow) {
        chain.push(flow);
        if (origins.has(flow)) break;
        flow = via.get(flow.from.ref!);
    }
    return chain.reverse();
}
