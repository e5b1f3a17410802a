/**
 * Domain vocabulary shared by the validator, hovers, completion, diagrams and
 * reports: GA4GH Data Use Ontology terms, role semantics and durations.
 */
import type { Actor, Category, Consent, Data, DuoCode, Duration, Flow, Purpose } from './generated/ast.js';

export interface DuoTermInfo {
    readonly code: DuoCode;
    readonly curie: string;
    readonly label: string;
    readonly kind: 'permission' | 'modifier';
    /** Whether the term takes a string argument (`DS "cystic fibrosis"`, `GS "EU"`). */
    readonly argument: 'required' | 'optional' | 'none';
    readonly obsolete: boolean;
}

const duo = (code: DuoCode, id: string, kind: DuoTermInfo['kind'], label: string,
    argument: DuoTermInfo['argument'] = 'none', obsolete = false): DuoTermInfo =>
    ({ code, curie: `DUO:${id}`, kind, label, argument, obsolete });

export const DUO_TERMS: readonly DuoTermInfo[] = [
    duo('NRES', '0000004', 'permission', 'no restriction'),
    duo('GRU', '0000042', 'permission', 'general research use'),
    duo('HMB', '0000006', 'permission', 'health or medical or biomedical research'),
    duo('DS', '0000007', 'permission', 'disease specific research', 'required'),
    duo('POA', '0000011', 'permission', 'population origins or ancestry research only'),
    duo('NPOA', '0000044', 'modifier', 'population origins or ancestry research prohibited'),
    duo('NMDS', '0000015', 'modifier', 'no general methods research'),
    duo('GSO', '0000016', 'modifier', 'genetic studies only'),
    duo('CC', '0000043', 'modifier', 'clinical care use'),
    duo('RS', '0000012', 'modifier', 'research specific restrictions'),
    duo('IRB', '0000021', 'modifier', 'ethics approval required'),
    duo('PUB', '0000019', 'modifier', 'publication required'),
    duo('COL', '0000020', 'modifier', 'collaboration required'),
    duo('MOR', '0000024', 'modifier', 'publication moratorium', 'optional'),
    duo('RTN', '0000029', 'modifier', 'return to database or resource'),
    duo('TS', '0000025', 'modifier', 'time limit on use', 'optional'),
    duo('US', '0000026', 'modifier', 'user specific restriction', 'optional'),
    duo('PS', '0000027', 'modifier', 'project specific restriction', 'optional'),
    duo('IS', '0000028', 'modifier', 'institution specific restriction', 'optional'),
    duo('GS', '0000022', 'modifier', 'geographical restriction', 'optional'),
    duo('NPU', '0000045', 'modifier', 'not-for-profit organisation use only'),
    duo('NCU', '0000046', 'modifier', 'non-commercial use only'),
    duo('NPUNCU', '0000018', 'modifier', 'not-for-profit, non-commercial use only'),
    duo('GRU-CC', '0000005', 'permission', 'general research use and clinical care (obsolete)', 'none', true),
    duo('RU', '0000014', 'permission', 'research use only (obsolete)', 'none', true),
];

const DUO_BY_CODE = new Map(DUO_TERMS.map(t => [t.code as string, t]));

export function duoTerm(code: string): DuoTermInfo | undefined {
    return DUO_BY_CODE.get(code);
}

/** DUO modifiers that forbid commercial use; they travel with the data downstream. */
export const NON_COMMERCIAL_DUO: ReadonlySet<string> = new Set(['NPU', 'NCU', 'NPUNCU']);

export const ROLE_DESCRIPTIONS: Readonly<Record<string, string>> = {
    clinician: 'a clinician — fiduciary: owes the patient a duty of care',
    patient: 'the patient or participant',
    family: 'a family member or guardian',
    laboratory: 'a laboratory',
    researcher: 'a researcher — flows to this actor are research use',
    platform: 'a data platform',
    payer: 'a payer or insurer',
    administrator: 'an administrator',
    regulator: 'a regulator',
    advocacy: 'a patient-advocacy organisation',
};

/** Only clinicians are fiduciary: they owe the patient a duty of care (SPEC §3). */
export function isFiduciary(actor: Actor | undefined): boolean {
    return actor?.role === 'clinician';
}

export function isGenomicsTrained(actor: Actor | undefined): boolean {
    return actor?.traits.includes('genomics-trained') ?? false;
}

export function monetizes(actor: Actor | undefined): boolean {
    return actor?.traits.includes('monetizes') ?? false;
}

/** Research use: purpose `research`, or a recipient whose role is `researcher`. */
export function isResearchUse(flow: Flow): boolean {
    return flow.purpose === 'research' || flow.to?.ref?.role === 'researcher';
}

/** Commercial use: purpose `commercial`, or a recipient with the trait `monetizes`. */
export function isCommercialUse(flow: Flow): boolean {
    return flow.purpose === 'commercial' || monetizes(flow.to?.ref);
}

/** The purposes a consent permits (its `permits` clauses). */
export function consentPurposes(consent: Consent): Set<Purpose> {
    const purposes = new Set<Purpose>();
    for (const clause of consent.clauses) {
        if (clause.$type === 'PermitsClause') {
            clause.purposes.forEach(p => purposes.add(p));
        }
    }
    return purposes;
}

/** The DUO codes of a consent (every `duo` clause). */
export function consentDuoCodes(consent: Consent): Set<string> {
    const codes = new Set<string>();
    for (const clause of consent.clauses) {
        if (clause.$type === 'DuoClause') {
            clause.terms.forEach(t => codes.add(t.code));
        }
    }
    return codes;
}

/** Whether a consent carries a (non-obsolete) DUO permission term. */
export function hasDuoPermission(consent: Consent): boolean {
    for (const code of consentDuoCodes(consent)) {
        const info = duoTerm(code);
        if (info && info.kind === 'permission' && !info.obsolete) {
            return true;
        }
    }
    return false;
}

export function consentHasClause(consent: Consent, type: 'WithdrawableClause' | 'RecontactClause'): boolean {
    return consent.clauses.some(c => c.$type === type);
}

/** Names of the data items a consent covers, by reference text (a consent without `covers` covers nothing). */
export function consentCoveredData(consent: Consent): Set<string> {
    const data = new Set<string>();
    for (const clause of consent.clauses) {
        if (clause.$type === 'CoversClause') {
            clause.data.forEach(d => data.add(d.$refText));
        }
    }
    return data;
}

/** `2 weeks`, `1 year`: a duration as written, with the unit agreeing in number. */
export function formatDuration(duration: Duration | undefined): string {
    if (!duration) {
        return '';
    }
    const singular = duration.unit.replace(/s$/, '');
    return `${duration.value} ${duration.value === 1 ? singular : singular + 's'}`;
}

/** ACMG/AMP variant classes: the values of `genomic` data. */
export const VARIANT_CLASSES: readonly string[] = ['pathogenic', 'likely-pathogenic', 'uncertain', 'likely-benign', 'benign'];
/** CPIC metabolizer phenotypes: the values of `pharmacogenomic` data. */
export const METABOLIZER_PHENOTYPES: readonly string[] = [
    'poor-metabolizer', 'intermediate-metabolizer', 'normal-metabolizer', 'rapid-metabolizer', 'ultrarapid-metabolizer',
];

/** Categories that count as genomic data for every rule that names genomic data. */
export const GENOMIC_CATEGORIES: ReadonlySet<string> = new Set(['genomic', 'genomic-score', 'pharmacogenomic']);

/** Genomic data: category `genomic`, `genomic-score` or `pharmacogenomic`. */
export function isGenomicData(data: Data | undefined): boolean {
    return data !== undefined && GENOMIC_CATEGORIES.has(data.category);
}

/** What values data of a category holds: numbers, variant classes or metabolizer phenotypes. */
export type ValueKind = 'number' | 'variant-class' | 'metabolizer-phenotype';

export function valueKindOf(category: Category | string): ValueKind {
    return category === 'genomic' ? 'variant-class' : category === 'pharmacogenomic' ? 'metabolizer-phenotype' : 'number';
}

/** Whether a class name is a variant class or a metabolizer phenotype. */
export function classKindOf(name: string): Exclude<ValueKind, 'number'> {
    return METABOLIZER_PHENOTYPES.includes(name) ? 'metabolizer-phenotype' : 'variant-class';
}

export const VALUE_KIND_PHRASES: Readonly<Record<ValueKind, string>> = {
    'number': 'a number',
    'variant-class': 'a variant class (pathogenic, likely-pathogenic, uncertain, likely-benign or benign)',
    'metabolizer-phenotype': 'a metabolizer phenotype (poor-metabolizer, intermediate-metabolizer, normal-metabolizer, rapid-metabolizer or ultrarapid-metabolizer)',
};

/**
 * Why a value of the given kind does not fit data of this category, or
 * undefined when it fits. Shared by `cutoff-type-mismatch` and
 * `test-observation-mismatch` so both judge values alike.
 */
export function valueKindMismatch(data: Data, kind: ValueKind): string | undefined {
    const expected = valueKindOf(data.category);
    if (expected === kind) return undefined;
    return `'${data.name}' is ${data.category} data, which takes ${VALUE_KIND_PHRASES[expected]}, not ${VALUE_KIND_PHRASES[kind].replace(/ \(.*\)$/, '')}`;
}
