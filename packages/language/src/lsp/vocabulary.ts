/**
 * What each fixed word of the language means, for completion details and
 * hovers. Roles and DUO terms come from `domain.ts`; the rest is described
 * here in the words of SPEC §2–§3.
 */
import { duoTerm, ROLE_DESCRIPTIONS } from '../domain.js';

export const CATEGORY_DESCRIPTIONS: Readonly<Record<string, string>> = {
    'genomic': 'genomic data — classified by variant class (`is pathogenic, …`)',
    'biomarker': 'a biomarker measurement, compared with numbers',
    'clinical': 'clinical findings',
    'imaging': 'imaging results',
    'family-history': 'family history',
    'environmental': 'environmental exposure data',
    'lifestyle': 'lifestyle data',
    'self-tracked': 'data the person tracks themselves (apps, diaries)',
    'passive': 'passive monitoring data (geolocation, sleep, activity) — flows need consent',
    'genomic-score': 'a number derived from a genotype (a polygenic risk score, an activity score) — genomic data, compared with numbers',
    'pharmacogenomic': 'a metabolizer phenotype (CPIC: `is poor-metabolizer`, …) — genomic data',
};

export const PURPOSE_DESCRIPTIONS: Readonly<Record<string, string>> = {
    'care': 'clinical care of the person',
    'research': 'research use — needs consent or a waiver',
    'quality': 'quality assurance',
    'billing': 'billing and reimbursement',
    'commercial': 'commercial use — needs a consent that permits it',
    'public-health': 'public-health surveillance',
};

export const HYBRID_KIND_DESCRIPTIONS: Readonly<Record<string, string>> = {
    'patient-in-waiting': 'an abnormal screen with uncertain onset',
    'carrier': 'carries a variant without being affected',
    'subclinical': 'affected without symptoms',
    'at-risk': 'at increased risk',
};

export const STATE_KIND_DESCRIPTIONS: Readonly<Record<string, string>> = {
    healthy: 'healthy',
    sick: 'sick — conferring the sick role is a clinician\'s act',
    hybrid: 'a hybrid status between healthy and sick — needs monitoring and disclosure',
};

export const TRAIT_DESCRIPTIONS: Readonly<Record<string, string>> = {
    'genomics-trained': 'trained to disclose genomic results (genomic literacy)',
    'monetizes': 'monetizes data — flows to this actor are commercial use',
};

export const VARIANT_CLASS_DESCRIPTIONS: Readonly<Record<string, string>> = {
    'pathogenic': 'ACMG/AMP class 5: pathogenic',
    'likely-pathogenic': 'ACMG/AMP class 4: likely pathogenic',
    'uncertain': 'ACMG/AMP class 3: variant of uncertain significance',
    'likely-benign': 'ACMG/AMP class 2: likely benign',
    'benign': 'ACMG/AMP class 1: benign',
};

export const CODE_SYSTEM_DESCRIPTIONS: Readonly<Record<string, string>> = {
    'loinc': 'LOINC (http://loinc.org), for laboratory and clinical observations: `code loinc "2077-6"`; the last digit is a mod-10 check digit',
    'snomed': 'SNOMED CT (http://snomed.info/sct): `code snomed "190905008"`; 6 to 18 digits, the last a Verhoeff check digit',
};

/** What a fixed word means (role, category, DUO term, purpose, …), as a short detail and plain-text documentation. */
export function describeWord(word: string): { detail: string; documentation: string } | undefined {
    const duo = duoTerm(word);
    if (duo) {
        const argument = duo.argument === 'required' ? ' — takes a string argument' : duo.argument === 'optional' ? ' — takes an optional string argument' : '';
        return { detail: `${duo.curie} (DUO ${duo.kind})`, documentation: `${duo.curie}: ${duo.label}${argument}${duo.obsolete ? '. Obsolete: it grants no permission.' : ''}` };
    }
    const tables: Array<[Readonly<Record<string, string>>, string]> = [
        [ROLE_DESCRIPTIONS, 'actor role'],
        [CATEGORY_DESCRIPTIONS, 'data category'],
        [PURPOSE_DESCRIPTIONS, 'purpose'],
        [HYBRID_KIND_DESCRIPTIONS, 'hybrid kind'],
        [STATE_KIND_DESCRIPTIONS, 'state kind'],
        [TRAIT_DESCRIPTIONS, 'actor trait'],
        [VARIANT_CLASS_DESCRIPTIONS, 'variant class'],
        [CODE_SYSTEM_DESCRIPTIONS, 'code system'],
    ];
    for (const [table, detail] of tables) {
        if (Object.hasOwn(table, word)) {
            return { detail, documentation: table[word] };
        }
    }
    return undefined;
}
