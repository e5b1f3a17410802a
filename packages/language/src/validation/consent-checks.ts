/**
 * Rules: research-use-requires-consent, commercial-use-requires-consent,
 * consent-scope-mismatch, passive-data-requires-consent and
 * incidental-findings-policy (on each flow), downstream-consent-violation
 * (over the flows of a pathway). The consent semantics of SPEC §3 live in
 * `analysis/consent-flows.ts` so the diagram and report packages share them.
 * All findings go on the flow.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { Flow, Pathway, PmpathAstType } from '../generated/ast.js';
import {
    commercialConsentProblem, consentScopeGap, findDownstreamViolations, flowDataItems, type DownstreamViolation
} from '../analysis/consent-flows.js';
import { consentHasClause, isCommercialUse, isGenomicData, isResearchUse, monetizes } from '../domain.js';
import type { PmpathServices } from '../pmpath-module.js';
import { RuleId } from '../rules.js';
import { isVisibleFrom } from '../scoping/pmpath-scope.js';
import type { CheckProvider } from './pmpath-validator.js';
import { report } from './report.js';

export class ConsentChecks implements CheckProvider {
    constructor(protected readonly services: PmpathServices) { }

    checks(): ValidationChecks<PmpathAstType> {
        return {
            Flow: [this.checkResearchUse, this.checkCommercialUse, this.checkScope, this.checkPassiveData, this.checkIncidentalFindings],
            Pathway: this.checkDownstream,
        };
    }

    /** `research-use-requires-consent`: research use needs `under` or `waiver`. */
    checkResearchUse(flow: Flow, accept: ValidationAcceptor): void {
        if (!isResearchUse(flow) || flow.consent !== undefined || flow.waiver !== undefined) return;
        report(accept, RuleId.researchUseRequiresConsent,
            `${describeFlow(flow)} is research use (${researchReason(flow)}) but is neither under a consent nor covered by a waiver: add \`under CONSENT\` with a consent that permits research, or \`waiver "ethics board decision"\`.`,
            { node: flow });
    }

    /** `commercial-use-requires-consent`: only asks whether the consent allows commercial use; coverage is scope's. */
    checkCommercialUse(flow: Flow, accept: ValidationAcceptor): void {
        if (!isCommercialUse(flow)) return;
        const fix = 'put it `under` a consent that `permits commercial` without NPU, NCU or NPUNCU';
        if (flow.consent === undefined) {
            const waiver = flow.waiver !== undefined ? ' (a waiver does not cover commercial use)' : '';
            report(accept, RuleId.commercialUseRequiresConsent,
                `${describeFlow(flow)} is commercial use (${commercialReason(flow)}) but is not under a consent${waiver}: ${fix}.`,
                { node: flow });
            return;
        }
        const consent = flow.consent.ref;
        if (!consent) return;
        const problem = commercialConsentProblem(consent);
        if (!problem) return;
        const lacks: string[] = [];
        if (problem.notPermitted) lacks.push('does not `permits commercial`');
        if (problem.restrictions.length > 0) lacks.push(`carries ${problem.restrictions.join(', ')}, which forbid${problem.restrictions.length === 1 ? 's' : ''} commercial use`);
        report(accept, RuleId.commercialUseRequiresConsent,
            `${describeFlow(flow)} is commercial use (${commercialReason(flow)}) but its consent '${consent.name}' ${lacks.join(' and ')}: ${fix}, or stop the commercial use.`,
            { node: flow });
    }

    /** `consent-scope-mismatch`: one finding per flow listing every missing data item and purpose. */
    checkScope(flow: Flow, accept: ValidationAcceptor): void {
        const consent = flow.consent?.ref;
        if (!consent) return;
        const gap = consentScopeGap(flow, consent);
        if (!gap) return;
        const missing: string[] = [];
        const fixes: string[] = [];
        // A consent declared in a library can only cover data the library
        // sees; data declared in the importing pathway is out of its reach.
        const unreachable = gap.missingData.filter(d => !isVisibleFrom(d, consent));
        const coverable = gap.missingData.filter(d => !unreachable.includes(d));
        if (gap.missingData.length > 0) {
            missing.push(`does not cover ${quotedList(gap.missingData.map(d => d.name))}`);
        }
        if (coverable.length > 0) {
            fixes.push(`add ${quotedList(coverable.map(d => d.name))} to the \`covers\` of '${consent.name}'`);
        }
        if (gap.missingPurpose !== undefined) {
            missing.push(`does not permit ${gap.missingPurpose}`);
            fixes.push(gap.missingPurpose === 'research'
                ? `add \`permits research\` or a DUO permission term (for example HMB) to '${consent.name}'`
                : `add \`permits ${gap.missingPurpose}\` to '${consent.name}'`);
        }
        if (gap.researchUseNotPermitted) {
            missing.push(`does not permit research, which this flow is because '${flow.to.ref!.name}' is a researcher`);
            fixes.push(`add \`permits research\` or a DUO permission term (for example HMB) to '${consent.name}'`);
        }
        const summary = `${describeFlow(flow)} is under consent '${consent.name}', which ${joinWords(missing)}`;
        if (unreachable.length === 0) {
            report(accept, RuleId.consentScopeMismatch, `${summary}: ${joinWords(fixes)}, or put the flow under a consent that covers it.`, { node: flow });
            return;
        }
        const names = quotedList(unreachable.map(d => d.name));
        const container = consent.$container;
        const home = container?.name ? `${container.$type === 'Library' ? 'library' : 'pathway'} '${container.name}'` : 'another file';
        const them = unreachable.length === 1 ? 'it' : 'them';
        report(accept, RuleId.consentScopeMismatch,
            `${summary}. '${consent.name}' is declared in ${home}, which cannot see ${names}, so its \`covers\` cannot name ${them}: `
            + `${fixes.length > 0 ? `${joinWords(fixes)}, and ` : ''}move the declaration of ${names} into ${home}, or put the flow under a consent declared in this pathway that covers it.`,
            { node: flow });
    }

    /** `passive-data-requires-consent`: a waiver does not count. */
    checkPassiveData(flow: Flow, accept: ValidationAcceptor): void {
        if (flow.consent !== undefined) return;
        const passive = flowDataItems(flow).filter(d => d.category === 'passive').map(d => d.name);
        if (passive.length === 0) return;
        const names = quotedList(passive);
        const waiver = flow.waiver !== undefined ? ' (a waiver does not count for passive monitoring data)' : '';
        report(accept, RuleId.passiveDataRequiresConsent,
            `${describeFlow(flow)} carries passive data ${names} but is not under a consent${waiver}: put it \`under\` a consent that covers ${names}.`,
            { node: flow });
    }

    /** `incidental-findings-policy`: genomic research under a consent that does not allow recontact. */
    checkIncidentalFindings(flow: Flow, accept: ValidationAcceptor): void {
        const consent = flow.consent?.ref;
        if (!consent || !isResearchUse(flow) || consentHasClause(consent, 'RecontactClause')) return;
        const genomic = flowDataItems(flow).filter(isGenomicData).map(d => d.name);
        if (genomic.length === 0) return;
        report(accept, RuleId.incidentalFindingsPolicy,
            `${describeFlow(flow)} is research use of genomic data ${quotedList(genomic)} under consent '${consent.name}', which lacks \`recontact\`: nobody may tell the participant about an incidental finding. Add \`recontact\` to consent '${consent.name}'.`,
            { node: flow });
    }

    /** `downstream-consent-violation`: one finding per onward flow, naming each restricted data item and its path. */
    checkDownstream(pathway: Pathway, accept: ValidationAcceptor): void {
        const flows = (pathway.elements ?? []).filter((e): e is Flow => e.$type === 'Flow');
        const byFlow = new Map<Flow, DownstreamViolation[]>();
        for (const violation of findDownstreamViolations(flows)) {
            const list = byFlow.get(violation.flow) ?? [];
            list.push(violation);
            byFlow.set(violation.flow, list);
        }
        for (const [flow, violations] of byFlow) {
            const sender = flow.from.ref!.name;
            const reasons = violations.map(v =>
                `'${v.data.name}' reached '${sender}' under consent '${v.consent.name}', which carries ${v.restrictions.join(', ')}, through ${chainPath(v)}`);
            report(accept, RuleId.downstreamConsentViolation,
                `${describeFlow(flow)} is commercial use (${commercialReason(flow)}), but ${joinWords(reasons)}: restrictions travel with the data, whatever consent this flow cites. Remove the flow, or change its purpose and recipient so that it is not commercial use.`,
                { node: flow });
        }
    }
}

/** "Flow of 'a', 'b' from 'x' to 'y'", with names as written (they may not resolve). */
function describeFlow(flow: Flow): string {
    const data = quotedList((flow.data ?? []).map(d => d.$refText));
    return `Flow of ${data} from '${flow.from?.$refText ?? '?'}' to '${flow.to?.$refText ?? '?'}'`;
}

function researchReason(flow: Flow): string {
    const reasons: string[] = [];
    if (flow.purpose === 'research') reasons.push('purpose research');
    if (flow.to?.ref?.role === 'researcher') reasons.push(`'${flow.to.ref.name}' is a researcher`);
    return reasons.join(', and ');
}

function commercialReason(flow: Flow): string {
    const reasons: string[] = [];
    if (flow.purpose === 'commercial') reasons.push('purpose commercial');
    if (monetizes(flow.to?.ref)) reasons.push(`'${flow.to.ref!.name}' monetizes data`);
    return reasons.join(', and ');
}

/** "lab → pulmonologist → registry": the actors along the chain of flows. */
function chainPath(violation: DownstreamViolation): string {
    const actors = [violation.chain[0].from.ref!.name, ...violation.chain.map(f => f.to.ref!.name)];
    return actors.join(' → ');
}

function quotedList(names: readonly string[]): string {
    return joinWords(names.map(n => `'${n}'`));
}

function joinWords(items: readonly string[], conjunction = 'and'): string {
    if (items.length <= 1) return items.join('');
    return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}
