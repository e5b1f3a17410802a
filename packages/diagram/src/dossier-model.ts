/**
 * The ethics-review dossier as plain data: one section per file of the
 * pathway set, with metadata, both diagram models, hybrid statuses and their
 * plans, the consent matrix, cutoffs and all findings. The HTML and Markdown
 * renderers only format this model.
 */
import {
    consentCoveredData, consentHasClause, consentPurposes, duoTerm, formatDuration, isCommercialUse, isResearchUse,
    type Consent, type Cutoff, type LintDiagnostic, type Pathway, type PmpathFile, type SuppressedLintDiagnostic,
} from '@pmpath/language';
import { buildTestedScenarios, isSuiteInput, type TestedScenarios } from './dossier-tests.js';
import { buildFlowsModel, buildStatesModel, describeComparison, describeDisclose, describeMonitor, type FlowsModel, type StatesModel } from './model.js';

/** One input file of the dossier: its display path, parsed AST (if it parsed at all) and findings. */
export interface DossierInput {
    /** Path shown to the reader, usually relative to the working directory. */
    readonly path: string;
    readonly file?: PmpathFile;
    readonly findings: readonly LintDiagnostic[];
    /** Findings silenced by suppression comments, with their reasons (shown for the audit, never counted). */
    readonly suppressed?: readonly SuppressedLintDiagnostic[];
}

export interface DuoEntry {
    readonly code: string;
    readonly curie?: string;
    readonly meaning?: string;
    readonly argument?: string;
    readonly obsolete: boolean;
}

export interface ConsentEntry {
    readonly name: string;
    readonly by?: string;
    readonly permits: readonly string[];
    readonly duo: readonly DuoEntry[];
    readonly covers: readonly string[];
    readonly withdrawable: boolean;
    readonly recontact: boolean;
    readonly expires?: string;
}

export interface FlowRow {
    readonly data: readonly string[];
    readonly from: string;
    readonly to: string;
    readonly purpose: string;
    readonly researchUse: boolean;
    readonly commercialUse: boolean;
    /** The consent the flow relies on, resolved (possibly from an imported library). */
    readonly consent?: ConsentEntry;
    /** The consent name as written, when it does not resolve. */
    readonly consentName?: string;
    readonly waiver?: string;
    /** 1-based line of the flow. */
    readonly line: number;
    readonly violation: boolean;
}

export interface HybridRow {
    readonly state: string;
    readonly label?: string;
    readonly hybridKind?: string;
    readonly final: boolean;
    readonly monitoring: readonly string[];
    readonly disclosures: readonly string[];
}

export interface CutoffRow {
    readonly name: string;
    readonly data: string;
    readonly dataUnit?: string;
    readonly comparison: string;
    readonly unit?: string;
    readonly source?: string;
}

export interface FindingRow extends LintDiagnostic {
    readonly path: string;
}

/** A suppressed finding with the reason its suppression comment gives. */
export interface SuppressedRow extends FindingRow {
    readonly reason: string;
}

export interface DossierSection {
    readonly path: string;
    readonly kind: 'pathway' | 'library' | 'unparsed';
    readonly name: string;
    readonly metadata: Readonly<Partial<Record<'title' | 'version' | 'owner' | 'description', string>>>;
    readonly imports: readonly string[];
    readonly states?: StatesModel;
    readonly flows?: FlowsModel;
    readonly hybrids: readonly HybridRow[];
    readonly flowRows: readonly FlowRow[];
    readonly consents: readonly ConsentEntry[];
    readonly cutoffs: readonly CutoffRow[];
    readonly findings: readonly FindingRow[];
    /** What suppression comments silenced in this file, and why. */
    readonly suppressed: readonly SuppressedRow[];
}

export interface Dossier {
    /** One per pathway or library file (test suites are in `tests`). */
    readonly sections: readonly DossierSection[];
    /** The "Tested scenarios" section: present when test suites (`.pmtest`) were given. */
    readonly tests?: TestedScenarios;
    readonly totals: { readonly files: number; readonly errors: number; readonly warnings: number; readonly infos: number };
}

/** Builds the dossier for a pathway set. Pure: the same inputs give the same model. */
export function buildDossier(inputs: readonly DossierInput[]): Dossier {
    const sections = inputs.filter(input => !isSuiteInput(input)).map(buildSection);
    const tests = inputs.some(isSuiteInput) ? buildTestedScenarios(inputs) : undefined;
    const all = [...sections.flatMap(s => s.findings), ...(tests?.suites.flatMap(s => s.findings) ?? [])];
    return {
        sections,
        ...(tests ? { tests } : {}),
        totals: {
            files: inputs.length,
            errors: all.filter(f => f.severity === 'error').length,
            warnings: all.filter(f => f.severity === 'warning').length,
            infos: all.filter(f => f.severity === 'info').length,
        },
    };
}

function buildSection(input: DossierInput): DossierSection {
    const findings: FindingRow[] = input.findings.map(f => ({ ...f, path: input.path }));
    const suppressed: SuppressedRow[] = (input.suppressed ?? []).map(f => ({ ...f, path: input.path }));
    const body = input.file?.body;
    if (!body || body.$type === 'TestSuite' || !body.name) {
        return { path: input.path, kind: 'unparsed', name: input.path, metadata: {}, imports: [], hybrids: [], flowRows: [], consents: [], cutoffs: [], findings, suppressed };
    }
    const metadata: Partial<Record<'title' | 'version' | 'owner' | 'description', string>> = {};
    for (const entry of body.metadata) metadata[entry.key] ??= entry.value;
    const cutoffs = body.elements.filter((e): e is Cutoff => e.$type === 'Cutoff').map(cutoffRow);
    const consents = body.elements.filter((e): e is Consent => e.$type === 'Consent').map(consentEntry);
    const common = {
        path: input.path, name: body.name, metadata, imports: input.file?.imports.map(i => i.path) ?? [], cutoffs, consents, findings, suppressed,
    };
    if (body.$type === 'Library') {
        return { ...common, kind: 'library', hybrids: [], flowRows: [] };
    }
    const pathway: Pathway = body;
    const states = buildStatesModel(pathway, input.findings);
    const flows = buildFlowsModel(pathway, input.findings);
    const hybrids: HybridRow[] = states.states.filter(s => s.kind === 'hybrid').map(s => ({
        state: s.name, label: s.label, hybridKind: s.hybridKind, final: s.final, monitoring: s.monitoring, disclosures: s.disclosures,
    }));
    let flowIndex = 0;
    const flowRows: FlowRow[] = [];
    for (const element of pathway.elements) {
        if (element.$type !== 'Flow' || !element.from?.$refText || !element.to?.$refText) continue;
        const edge = flows.flows[flowIndex++];
        const consent = element.consent?.ref;
        flowRows.push({
            data: element.data.map(d => d.$refText),
            from: element.from.$refText,
            to: element.to.$refText,
            purpose: element.purpose,
            researchUse: isResearchUse(element),
            commercialUse: isCommercialUse(element),
            consent: consent ? consentEntry(consent) : undefined,
            consentName: element.consent?.$refText,
            waiver: element.waiver,
            line: (element.$cstNode?.range.start.line ?? 0) + 1,
            violation: edge?.violation ?? false,
        });
    }
    return { ...common, kind: 'pathway', states, flows, hybrids, flowRows };
}

function cutoffRow(cutoff: Cutoff): CutoffRow {
    const comparison = cutoff.comparison;
    return {
        name: cutoff.name,
        data: cutoff.data?.$refText ?? '?',
        dataUnit: cutoff.data?.ref?.unit,
        comparison: describeComparison(comparison, false),
        unit: comparison && comparison.$type !== 'ClassComparison' ? comparison.unit : undefined,
        source: cutoff.source,
    };
}

/** A consent's terms, with DUO codes bound to their CURIEs and meanings. */
export function consentEntry(consent: Consent): ConsentEntry {
    const duo: DuoEntry[] = [];
    let expires: string | undefined;
    for (const clause of consent.clauses) {
        if (clause.$type === 'DuoClause') {
            for (const term of clause.terms) {
                const info = duoTerm(term.code);
                duo.push({ code: term.code, curie: info?.curie, meaning: info?.label, argument: term.argument, obsolete: info?.obsolete ?? false });
            }
        } else if (clause.$type === 'ExpiresClause') {
            expires = formatDuration(clause.duration);
        }
    }
    return {
        name: consent.name,
        by: consent.by?.$refText,
        permits: [...consentPurposes(consent)],
        duo,
        covers: [...consentCoveredData(consent)],
        withdrawable: consentHasClause(consent, 'WithdrawableClause'),
        recontact: consentHasClause(consent, 'RecontactClause'),
        expires,
    };
}

/** `HMB (DUO:0000006, health or medical or biomedical research)`, `DS "cystic fibrosis" (DUO:0000007, …)`. */
export function describeDuo(entry: DuoEntry): string {
    const argument = entry.argument !== undefined ? ` "${entry.argument}"` : '';
    const details = [entry.curie, entry.meaning].filter(Boolean).join(', ');
    return `${entry.code}${argument}${details ? ` (${details})` : ''}`;
}

/** The monitoring/disclosure helpers are re-exported for callers that format clauses directly. */
export { describeDisclose, describeMonitor };
