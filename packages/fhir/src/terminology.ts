/**
 * Code systems and codes the exporter uses. Codes from outside pmpath are
 * cited where they come from; pmpath's own vocabulary (roles, categories,
 * state kinds, …) goes into the exported `CodeSystem` (see `codeSystemConcepts`).
 */
import { DUO_TERMS, ROLE_DESCRIPTIONS } from '@pmpath/language';

export const LOINC = 'http://loinc.org';
export const SNOMED_CT = 'http://snomed.info/sct';
export const UCUM = 'http://unitsofmeasure.org';
/** GA4GH Data Use Ontology, as the NIH NCPI FHIR IG codes it (the CURIE as code). */
export const DUO_SYSTEM = 'http://purl.obolibrary.org/obo/duo.owl';
/** HL7 v3 ActReason, whose PurposeOfUse codes FHIR R4 binds `Consent.provision.purpose` to. */
export const ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
export const CONSENT_SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope';
export const PLAN_DEFINITION_TYPE = 'http://terminology.hl7.org/CodeSystem/plan-definition-type';
export const LIBRARY_TYPE = 'http://terminology.hl7.org/CodeSystem/library-type';
/** CPG 2.0.0 common processes (`monitor-and-follow-up-of-patient`, `provide-counseling`). */
export const CPG_COMMON_PROCESS = 'http://hl7.org/fhir/uv/cpg/CodeSystem/cpg-common-process-cs';

export const CPG_PROFILES = {
    pathway: 'http://hl7.org/fhir/uv/cpg/StructureDefinition/cpg-pathwaydefinition',
    strategy: 'http://hl7.org/fhir/uv/cpg/StructureDefinition/cpg-strategydefinition',
    recommendation: 'http://hl7.org/fhir/uv/cpg/StructureDefinition/cpg-recommendationdefinition',
    library: 'http://hl7.org/fhir/uv/cpg/StructureDefinition/cpg-computablelibrary',
} as const;
/** CPG's extension linking a strategy or recommendation to the pathway it belongs to. */
export const CPG_PART_OF = 'http://hl7.org/fhir/uv/cpg/StructureDefinition/cpg-partOf';
/** FHIR's cross-version extension carrying R5's `PlanDefinition.action.participant.type` (which has `organization`) in R4. */
export const R5_PARTICIPANT_TYPE = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-PlanDefinition.action.participant.type';

export interface Coding { readonly system: string; readonly code: string; readonly display?: string }

/** pmpath purposes as PurposeOfUse (SPEC §8). */
export const PURPOSE_OF_USE: Readonly<Record<string, Coding>> = {
    'care': { system: ACT_REASON, code: 'TREAT', display: 'treatment' },
    'research': { system: ACT_REASON, code: 'HRESCH', display: 'healthcare research' },
    'quality': { system: ACT_REASON, code: 'HQUALIMP', display: 'health quality improvement' },
    'billing': { system: ACT_REASON, code: 'HPAYMT', display: 'healthcare payment' },
    'commercial': { system: ACT_REASON, code: 'HMARKT', display: 'healthcare marketing' },
    'public-health': { system: ACT_REASON, code: 'PUBHLTH', display: 'public health' },
};

/** LOINC 53037-8 "Genetic variation clinical significance" and its answers (LOINC answer list LL4034-6). */
export const VARIANT_CLASS_OBSERVATION: Coding = { system: LOINC, code: '53037-8', display: 'Genetic variation clinical significance [Imp]' };
export const VARIANT_CLASS_ANSWERS: Readonly<Record<string, Coding>> = {
    'pathogenic': { system: LOINC, code: 'LA6668-3', display: 'Pathogenic' },
    'likely-pathogenic': { system: LOINC, code: 'LA26332-9', display: 'Likely pathogenic' },
    'uncertain': { system: LOINC, code: 'LA26333-7', display: 'Uncertain significance' },
    'likely-benign': { system: LOINC, code: 'LA26334-5', display: 'Likely benign' },
    'benign': { system: LOINC, code: 'LA6675-8', display: 'Benign' },
};

/**
 * CPIC metabolizer phenotypes as the LOINC answers that the HL7 Genomics
 * Reporting IG uses for LOINC 53040-2 "Genetic variation's effect on drug
 * metabolism" (its value set genetic-therapeutic-implications-vs), so that
 * a pharmacogenomic result coded by a lab following that IG matches.
 */
export const METABOLIZER_OBSERVATION: Coding = { system: LOINC, code: '53040-2', display: "Genetic variation's effect on drug metabolism" };
export const METABOLIZER_ANSWERS: Readonly<Record<string, Coding>> = {
    'poor-metabolizer': { system: LOINC, code: 'LA9657-3', display: 'Poor metabolizer' },
    'intermediate-metabolizer': { system: LOINC, code: 'LA10317-8', display: 'Intermediate metabolizer' },
    'normal-metabolizer': { system: LOINC, code: 'LA25391-6', display: 'Normal metabolizer' },
    'rapid-metabolizer': { system: LOINC, code: 'LA25390-8', display: 'Rapid metabolizer' },
    'ultrarapid-metabolizer': { system: LOINC, code: 'LA10315-2', display: 'Ultrarapid metabolizer' },
};

export function classAnswer(name: string): Coding | undefined {
    return VARIANT_CLASS_ANSWERS[name] ?? METABOLIZER_ANSWERS[name];
}

/** pmpath durations as UCUM time units (`mo` is 30.4375 days and `a` 365.25 days in UCUM). */
export const DURATION_UCUM: Readonly<Record<string, { code: string; unit: string; timing: string }>> = {
    day: { code: 'd', unit: 'day', timing: 'd' },
    week: { code: 'wk', unit: 'week', timing: 'wk' },
    month: { code: 'mo', unit: 'month', timing: 'mo' },
    year: { code: 'a', unit: 'year', timing: 'a' },
};

/** The R4 participant type of an actor role (R4 has only patient, practitioner, related-person and device). */
export function participantType(role: string | undefined): { type: 'patient' | 'practitioner' | 'related-person' | 'device'; organization: boolean } {
    switch (role) {
        case 'patient': return { type: 'patient', organization: false };
        case 'family': return { type: 'related-person', organization: false };
        // A software platform is a FHIR Device (software counts as a device).
        case 'platform': return { type: 'device', organization: false };
        case 'clinician':
        case 'researcher':
        case 'administrator': return { type: 'practitioner', organization: false };
        // Laboratories, payers, regulators and advocacy groups are organisations,
        // which R4 cannot type: `practitioner` plus R5's `organization` in the
        // cross-version extension.
        default: return { type: 'practitioner', organization: true };
    }
}

export interface Concept { readonly code: string; readonly display: string; readonly definition?: string; readonly concept?: readonly Concept[] }

const group = (code: string, display: string, definition: string, children: readonly Concept[]): Concept => ({ code, display, definition, concept: children });

const CATEGORY_DISPLAYS: Readonly<Record<string, string>> = {
    'genomic': 'genomic data, classified by variant class',
    'biomarker': 'biomarker measurement',
    'clinical': 'clinical finding',
    'imaging': 'imaging result',
    'family-history': 'family history',
    'environmental': 'environmental exposure',
    'lifestyle': 'lifestyle data',
    'self-tracked': 'self-tracked data',
    'passive': 'passive monitoring data',
    'genomic-score': 'score derived from a genotype',
    'pharmacogenomic': 'metabolizer phenotype',
};

/** The concepts of pmpath's own CodeSystem: the words pmpath codes itself, grouped by what they describe. */
export function codeSystemConcepts(): Concept[] {
    return [
        group('actor-role', 'actor role', 'The role of an actor in a pathway (SPEC §2.1); only clinicians are fiduciary.',
            Object.entries(ROLE_DESCRIPTIONS).map(([code, definition]) => ({ code, display: code, definition }))),
        group('actor-trait', 'actor trait', 'A trait of an actor.', [
            { code: 'genomics-trained', display: 'genomics-trained', definition: 'trained to disclose genomic results' },
            { code: 'monetizes', display: 'monetizes', definition: 'monetizes data: flows to this actor are commercial use' },
        ]),
        group('data-category', 'data category', 'What kind of data a data item holds.',
            Object.entries(CATEGORY_DISPLAYS).map(([code, display]) => ({ code, display }))),
        group('state-kind', 'state kind', 'Where a state lies between healthy and sick.', [
            { code: 'healthy', display: 'healthy' },
            { code: 'sick', display: 'sick', definition: 'the sick role, conferred by a clinician' },
            { code: 'hybrid', display: 'hybrid status', definition: 'a status between healthy and sick that needs monitoring and disclosure' },
        ]),
        group('hybrid-kind', 'hybrid kind', 'The kind of a hybrid status.', [
            { code: 'patient-in-waiting', display: 'patient-in-waiting', definition: 'an abnormal screen with uncertain onset' },
            { code: 'carrier', display: 'carrier', definition: 'carries a variant without being affected' },
            { code: 'subclinical', display: 'subclinical', definition: 'affected without symptoms' },
            { code: 'at-risk', display: 'at risk', definition: 'at increased risk' },
        ]),
        group('state-modifier', 'state modifier', 'Whether a state starts or ends the pathway.', [
            { code: 'initial', display: 'initial', definition: 'the pathway starts here' },
            { code: 'final', display: 'final', definition: 'the pathway ends here' },
        ]),
    ];
}

/** Every DUO term pmpath knows, for lookups by code. */
export const DUO_BY_CODE = new Map(DUO_TERMS.map(t => [t.code as string, t]));
