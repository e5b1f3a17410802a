/**
 * The graph models behind every diagram: plain data built from a pathway's AST
 * and the lint findings of its file. Renderers (DOT, SVG, Mermaid, reports)
 * only read these models, so every format shows the same facts.
 */
import type { AstNode } from 'langium';
import {
    findDownstreamViolations, formatDuration, isCommercialUse, isFiduciary, isGenomicsTrained, isResearchUse, monetizes,
    type Actor, type Comparison, type Cutoff, type Flow, type Guard, type LintDiagnostic, type MonitorClause,
    type DiscloseClause, type Pathway, type State, type Transition,
} from '@pmpath/language';
import { RuleId, type Severity } from '@pmpath/language';
import type { RunOverlay } from './run-overlay.js';

/** A lint finding attached to a diagram element. */
export interface Finding {
    readonly rule: string;
    readonly severity: Severity;
    readonly message: string;
    /** 1-based line of the finding in its file. */
    readonly line: number;
    readonly column: number;
    /**
     * Set when the finding belongs to a cutoff the element uses rather than to
     * the element itself (a transition whose guard uses a cutoff with a unit
     * or type error): the cutoff's name.
     */
    readonly viaCutoff?: string;
}

export type StateKind = 'healthy' | 'sick' | 'hybrid';

export interface StateNode {
    /** The state's name (an identifier, unique within a well-formed pathway). */
    readonly name: string;
    readonly label?: string;
    readonly kind: StateKind;
    readonly hybridKind?: string;
    readonly initial: boolean;
    readonly final: boolean;
    /** One line per `monitor` plan: cadence, responsible actor, review and exit. */
    readonly monitoring: readonly string[];
    /** One line per `disclose` clause. */
    readonly disclosures: readonly string[];
    /** Findings whose position lies inside the state declaration. */
    readonly findings: readonly Finding[];
}

export interface TransitionEdge {
    readonly source: string;
    readonly target: string;
    /** The guard as written (cutoff names with `not`/`and`/`or`); only a pathological guard of thousands of terms is shortened (`guardShortened`). */
    readonly guard?: string;
    /** True when `guard` exceeded `MAX_GUARD_TEXT` and ends with `…`. */
    readonly guardShortened?: boolean;
    /** The cutoff comparison when the guard is a single cutoff (`sweatCl >= 60 mmol/L`). */
    readonly comparison?: string;
    readonly after?: string;
    readonly gatekeepers: readonly string[];
    /** The transition's own findings, then those of cutoffs its guard uses (`viaCutoff`). */
    readonly findings: readonly Finding[];
    /** 1-based line of the transition in its file (0 when unknown). */
    readonly line: number;
}

export interface StatesModel {
    readonly view: 'states';
    readonly pathway: string;
    readonly title?: string;
    readonly states: readonly StateNode[];
    readonly transitions: readonly TransitionEdge[];
    /** A test run drawn over the diagram (the editor preview): a scenario's path or a run's coverage. */
    readonly run?: RunOverlay;
}

/** Either view's model. */
export type DiagramModel = StatesModel | FlowsModel;

export interface ActorNode {
    readonly name: string;
    readonly label?: string;
    readonly role: string;
    readonly fiduciary: boolean;
    readonly monetizes: boolean;
    readonly genomicsTrained: boolean;
    readonly findings: readonly Finding[];
}

export type FlowUse = 'care' | 'research' | 'commercial' | 'other';

export interface FlowEdge {
    readonly from: string;
    readonly to: string;
    readonly data: readonly string[];
    readonly purpose: string;
    /** Commercial wins over research, research over care: the strongest use decides the line style. */
    readonly use: FlowUse;
    readonly consent?: string;
    readonly waiver?: string;
    /** Findings of consent rules whose position lies inside this flow. */
    readonly findings: readonly Finding[];
    /** True when a consent rule flags the flow, or the flow carries data on the path of a downstream violation. */
    readonly violation: boolean;
    /** True when the flow is an earlier leg of a downstream-consent violation (it is not flagged itself). */
    readonly onViolationPath: boolean;
}

export interface FlowsModel {
    readonly view: 'flows';
    readonly pathway: string;
    readonly title?: string;
    readonly actors: readonly ActorNode[];
    readonly flows: readonly FlowEdge[];
}

/** The rules whose findings mark a flow as a consent violation. */
const CONSENT_RULES: ReadonlySet<string> = new Set([
    RuleId.researchUseRequiresConsent, RuleId.commercialUseRequiresConsent, RuleId.consentScopeMismatch,
    RuleId.downstreamConsentViolation, RuleId.passiveDataRequiresConsent, RuleId.incidentalFindingsPolicy,
]);

/**
 * Longest guard text kept in the model. Real guards are far shorter; a
 * pathological 100k-term guard must not become a megabyte of label, title and
 * table text, so it is shortened, marked with `…` and flagged `guardShortened`
 * (the dossier says so next to it). Diagrams wrap what is kept and shorten
 * further only with the full text in the element's `<title>`.
 */
export const MAX_GUARD_TEXT = 2000;

/** Cutoff rules whose findings also mark every transition whose guard uses the cutoff. */
const CUTOFF_ERROR_RULES: ReadonlySet<string> = new Set([RuleId.cutoffUnitMismatch, RuleId.cutoffTypeMismatch]);

/** The pathway's `title` metadata, if any. */
export function pathwayTitle(pathway: Pathway): string | undefined {
    return pathway.metadata.find(m => m.key === 'title')?.value;
}

/** Builds the states view model: every state with its kind and plans, every transition with guard and gatekeepers. */
export function buildStatesModel(pathway: Pathway, findings: readonly LintDiagnostic[]): StatesModel {
    const locate = findingLocator(findings);
    const cutoffFindings = new Map<AstNode, Finding[]>();
    for (const element of pathway.elements) {
        if (element.$type === 'Cutoff') {
            const own = locate(element).filter(f => CUTOFF_ERROR_RULES.has(f.rule));
            if (own.length > 0) cutoffFindings.set(element, own.map(f => ({ ...f, viaCutoff: element.name })));
        }
    }
    const states: StateNode[] = [];
    const transitions: TransitionEdge[] = [];
    for (const element of pathway.elements) {
        if (element.$type === 'State') {
            states.push(stateNode(element, locate(element)));
        } else if (element.$type === 'Transition') {
            const inherited = element.guard && cutoffFindings.size > 0
                ? guardCutoffs(element.guard).flatMap(cutoff => cutoffFindings.get(cutoff) ?? [])
                : [];
            const edge = transitionEdge(element, [...locate(element), ...inherited]);
            if (edge) transitions.push(edge);
        }
    }
    return { view: 'states', pathway: pathway.name, title: pathwayTitle(pathway), states, transitions };
}

function stateNode(state: State, findings: Finding[]): StateNode {
    const monitoring: string[] = [];
    const disclosures: string[] = [];
    for (const clause of state.clauses) {
        if (clause.$type === 'MonitorClause') monitoring.push(describeMonitor(clause));
        else disclosures.push(describeDisclose(clause));
    }
    return {
        name: state.name,
        label: state.label,
        kind: state.kind,
        hybridKind: state.hybridKind,
        initial: state.modifier === 'initial',
        final: state.modifier === 'final',
        monitoring,
        disclosures,
        findings,
    };
}

/** `sweatCl every 2 weeks by pulmonologist, review after 2 months, until SweatPositive`. */
export function describeMonitor(clause: MonitorClause): string {
    let text = `${clause.data.map(d => d.$refText).join(', ')} every ${formatDuration(clause.every)} by ${clause.by?.$refText ?? '?'}`;
    if (clause.review) text += `, review after ${formatDuration(clause.review)}`;
    if (clause.until) text += `, until ${guardText(clause.until)}`;
    return text;
}

/** `cftr to parents by pulmonologist, with counselling`. */
export function describeDisclose(clause: DiscloseClause): string {
    const what = clause.data.length > 0 ? clause.data.map(d => d.$refText).join(', ') : 'results';
    return `${what} to ${clause.recipients.map(r => r.$refText).join(', ')} by ${clause.by?.$refText ?? '?'}`
        + (clause.counselling ? ', with counselling' : ', without counselling');
}

function transitionEdge(transition: Transition, findings: Finding[]): TransitionEdge | undefined {
    const source = transition.source?.$refText;
    const target = transition.target?.$refText;
    if (!source || !target) return undefined; // a parse error left the transition incomplete
    const single = transition.guard ? singleCutoff(transition.guard) : undefined;
    const guard = transition.guard ? guardText(transition.guard) : undefined;
    return {
        source,
        target,
        guard,
        guardShortened: guard !== undefined && guard.length > MAX_GUARD_TEXT - 1 && guard.endsWith('…') ? true : undefined,
        comparison: single ? describeCutoff(single) : undefined,
        after: transition.after ? formatDuration(transition.after) : undefined,
        gatekeepers: transition.gatekeepers.map(g => g.$refText),
        findings,
        line: (transition.$cstNode?.range.start.line ?? -1) + 1,
    };
}

/** The distinct cutoffs a guard uses, in order of appearance; iterative for deep nesting. */
export function guardCutoffs(guard: Guard): Cutoff[] {
    const found: Cutoff[] = [];
    const seen = new Set<Cutoff>();
    const stack: Array<Guard | undefined> = [guard];
    while (stack.length > 0) {
        const item = stack.pop();
        switch (item?.$type) {
            case 'CutoffGuard': {
                const cutoff = item.cutoff?.ref;
                if (cutoff && !seen.has(cutoff)) { seen.add(cutoff); found.push(cutoff); }
                break;
            }
            case 'NotGuard': stack.push(item.operand); break;
            case 'GroupGuard': stack.push(item.inner); break;
            case 'AndGuard': case 'OrGuard': stack.push(item.right, item.left); break;
        }
    }
    return found;
}

/** The cutoff of a guard that is one cutoff, possibly in parentheses; iterative for deep nesting. */
function singleCutoff(guard: Guard): Cutoff | undefined {
    let current: Guard | undefined = guard;
    while (current?.$type === 'GroupGuard') current = current.inner;
    return current?.$type === 'CutoffGuard' ? current.cutoff?.ref : undefined;
}

/**
 * The guard as written, with `not`, `and`, `or` and parentheses. Uses an
 * explicit stack (guards may be nested 100k deep) and stops once the text
 * exceeds `max` characters.
 */
export function guardText(guard: Guard, max = MAX_GUARD_TEXT): string {
    const stack: Array<Guard | string | undefined> = [guard];
    let out = '';
    while (stack.length > 0) {
        if (out.length > max) {
            return out.slice(0, max - 1) + '…';
        }
        const item = stack.pop();
        if (item === undefined) {
            out += '?';
        } else if (typeof item === 'string') {
            out += item;
        } else {
            switch (item.$type) {
                case 'CutoffGuard': out += item.cutoff?.$refText ?? '?'; break;
                case 'NotGuard': out += 'not '; stack.push(item.operand); break;
                case 'GroupGuard': stack.push(')', item.inner, '('); break;
                case 'AndGuard': stack.push(item.right, ' and ', item.left); break;
                case 'OrGuard': stack.push(item.right, ' or ', item.left); break;
            }
        }
    }
    return out;
}

/** `sweatCl >= 60 mmol/L`, `sweatCl in [30, 60) mmol/L`, `cftr is pathogenic, likely-pathogenic`. */
export function describeCutoff(cutoff: Cutoff): string {
    return `${cutoff.data?.$refText ?? '?'} ${describeComparison(cutoff.comparison)}`;
}

/** A comparison as written; `withUnit: false` leaves the unit out (for tables with a unit column). */
export function describeComparison(comparison: Comparison | undefined, withUnit = true): string {
    if (!comparison) return '?';
    const unit = withUnit && comparison.$type !== 'ClassComparison' && comparison.unit ? ` ${comparison.unit}` : '';
    switch (comparison.$type) {
        case 'NumericComparison':
            return `${comparison.op} ${comparison.value}${unit}`;
        case 'IntervalComparison':
            return `in ${comparison.lowerBracket}${comparison.low}, ${comparison.high}${comparison.upperBracket}${unit}`;
        case 'ClassComparison':
            return `is ${comparison.classes.join(', ')}`;
    }
}

/** Builds the flows view model: actors taking part in flows (and the pathway's own actors) and every flow. */
export function buildFlowsModel(pathway: Pathway, findings: readonly LintDiagnostic[]): FlowsModel {
    const locate = findingLocator(findings);
    const actors = new Map<string, ActorNode>();
    const addActor = (actor: Actor | undefined, name: string | undefined) => {
        if (!name || actors.has(name)) return;
        actors.set(name, {
            name,
            label: actor?.label,
            role: actor?.role ?? 'unknown',
            fiduciary: isFiduciary(actor),
            monetizes: monetizes(actor),
            genomicsTrained: isGenomicsTrained(actor),
            findings: actor && actor.$container === pathway ? locate(actor) : [],
        });
    };
    for (const element of pathway.elements) {
        if (element.$type === 'Actor') addActor(element, element.name);
    }
    const flowNodes = pathway.elements.filter((e): e is Flow => e.$type === 'Flow' && !!e.from?.$refText && !!e.to?.$refText);
    for (const flow of flowNodes) {
        addActor(flow.from.ref, flow.from.$refText);
        addActor(flow.to.ref, flow.to.$refText);
    }
    const flowFindings = flowNodes.map(flow => locate(flow).filter(f => CONSENT_RULES.has(f.rule)));
    const onPath = downstreamViolationPaths(flowNodes, flowNodes.map((_, i) => flowFindings[i].some(f => f.rule === RuleId.downstreamConsentViolation)));
    const flows: FlowEdge[] = flowNodes.map((flow, i) => ({
        from: flow.from.$refText,
        to: flow.to.$refText,
        data: flow.data.map(d => d.$refText),
        purpose: flow.purpose,
        use: isCommercialUse(flow) ? 'commercial' : isResearchUse(flow) ? 'research' : flow.purpose === 'care' ? 'care' : 'other',
        consent: flow.consent?.$refText,
        waiver: flow.waiver,
        findings: flowFindings[i],
        violation: flowFindings[i].length > 0 || onPath[i],
        onViolationPath: onPath[i] && flowFindings[i].length === 0,
    }));
    return { view: 'flows', pathway: pathway.name, title: pathwayTitle(pathway), actors: [...actors.values()], flows };
}

/**
 * For each flow flagged `downstream-consent-violation`, marks the earlier
 * flows through which the restricted data reached its sender (the chain of
 * the language's consent-flow analysis), so the diagram shows the whole path
 * the restriction travelled. Returns one flag per flow.
 */
export function downstreamViolationPaths(flows: readonly Flow[], flagged: readonly boolean[]): boolean[] {
    const index = new Map(flows.map((flow, i) => [flow, i]));
    const onPath = flows.map(() => false);
    for (const violation of findDownstreamViolations(flows)) {
        const at = index.get(violation.flow);
        // A suppressed or disabled finding draws no path: the diagram follows the configured rules.
        if (at === undefined || !flagged[at]) continue;
        for (const earlier of violation.chain) {
            const i = index.get(earlier);
            if (i !== undefined) onPath[i] = true;
        }
    }
    return onPath;
}

/**
 * Returns a function that lists the findings positioned inside an AST node
 * (by its CST range). Findings are plain 1-based diagnostics from `lintFiles`.
 */
export function findingLocator(findings: readonly LintDiagnostic[]): (node: AstNode) => Finding[] {
    return node => {
        const range = node.$cstNode?.range;
        if (!range) return [];
        const startLine = range.start.line + 1, startColumn = range.start.character + 1;
        const endLine = range.end.line + 1, endColumn = range.end.character + 1;
        return findings
            .filter(f => (f.line > startLine || (f.line === startLine && f.column >= startColumn))
                && (f.line < endLine || (f.line === endLine && f.column < endColumn)))
            .map(f => ({ rule: f.rule, severity: f.severity, message: f.message, line: f.line, column: f.column }));
    };
}

/** Whether any finding is an error or warning (info findings do not highlight). */
export function isFlagged(findings: readonly Finding[]): boolean {
    return findings.some(f => f.severity === 'error' || f.severity === 'warning');
}
