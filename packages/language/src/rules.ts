/**
 * The one place that lists pmpath's rules. The validator, the configuration
 * loader, `pmpath rules`, SARIF output and the README's rule table are all
 * generated from this table; never repeat a rule id or description elsewhere.
 */

export type Severity = 'error' | 'warning' | 'info';
export type ConfiguredSeverity = Severity | 'off';

export interface RuleInfo {
    /** Stable kebab-case id, used as the LSP diagnostic `code` and in configuration. */
    readonly id: string;
    readonly defaultSeverity: Severity;
    /** One line, shown by `pmpath rules` and in SARIF `shortDescription`. */
    readonly description: string;
    /** Longer documentation: why the rule exists and how to fix a finding. */
    readonly documentation: string;
    /** `false` for `syntax` and `unresolved-reference`: they can be neither configured nor suppressed. */
    readonly configurable: boolean;
    /** The SPEC section group, used to order `pmpath rules` and the README table. */
    readonly category: 'language' | 'states' | 'monitoring' | 'gatekeeping' | 'cutoffs' | 'consent' | 'tests' | 'hygiene';
}

/** Base of the per-rule documentation links (`codeDescription` in LSP, `helpUri` in SARIF). */
export const RULE_DOCS_BASE = 'https://github.com/pmpath/pmpath/blob/main/README.md';

export function ruleDocsUrl(id: string): string {
    return `${RULE_DOCS_BASE}#${id}`;
}

const rule = (
    id: string,
    defaultSeverity: Severity,
    category: RuleInfo['category'],
    description: string,
    documentation: string,
    configurable = true
): RuleInfo => ({ id, defaultSeverity, category, description, documentation, configurable });

export const RULES: readonly RuleInfo[] = [
    rule('syntax', 'error', 'language',
        'Parse errors and constraints of the language the grammar cannot express.',
        'The file does not follow the pmpath language: a token is missing or unexpected, a metadata line is given twice, a duration is zero, a DUO term has an argument it does not take, a library holds states, transitions or flows, a test suite sits in a `.pmpath` file (or a pathway in a `.pmtest` file), or a suite\'s `start` is not a real `YYYY-MM-DD` date. Fix the text at the reported position.',
        false),
    rule('unresolved-reference', 'error', 'language',
        'A name that is not declared or not imported.',
        'Every actor, data item, cutoff, consent and state must be declared in the file or in a file it imports directly (imports are not transitive). Declare the name, fix its spelling, or add an `import` of the library that declares it. A test suite names its pathway among the pathways of the files it imports, and every other name in it resolves as inside that pathway.',
        false),
    rule('duplicate-name', 'error', 'language',
        'Two declarations of the same name in scope.',
        'Actors, data, cutoffs, consents and states share one namespace per file, together with the names its imports bring in. Rename one of the declarations, or remove the local copy of an imported name.'),
    rule('import-not-found', 'error', 'language',
        'An `import` whose file does not exist or is not a `.pmpath` file.',
        'Imports are resolved relative to the importing file. Fix the path, or add the missing library file.'),
    rule('initial-state', 'error', 'states',
        'A pathway without exactly one `initial` state.',
        'Every pathway starts somewhere: mark exactly one state `initial`. Reported on the pathway name when there is none, and on every `initial` state after the first when there are several.'),
    rule('unreachable-state', 'warning', 'states',
        'A state that no path from the initial state reaches.',
        'Nobody can ever be in a state that no transition leads to. Add a transition into it or remove it.'),
    rule('dead-end-state', 'error', 'states',
        'A non-final state without outgoing transitions.',
        'A person who reaches a non-final state with no way out is left in limbo. Add an outgoing transition, or mark the state `final` if the pathway really ends there.'),
    rule('therapeutic-odyssey', 'warning', 'states',
        'A cycle of non-final states from which no final state is reachable.',
        'People caught in a loop of non-final states with no exit go through a "therapeutic odyssey". Add a transition from the cycle to a final state (for example a discharge after a review period).'),
    rule('final-state-exit', 'error', 'states',
        'A final state with outgoing transitions.',
        'A final state closes the pathway. Remove its outgoing transitions, or drop `final` if people move on from it.'),
    rule('hybrid-status-requires-monitoring', 'error', 'monitoring',
        'A hybrid state without a `monitor` plan.',
        'People in a hybrid status (patient-in-waiting, carrier, subclinical, at-risk) need a monitoring plan, or they are left in limbo. Add `monitor DATA every DURATION by CLINICIAN review after DURATION`.'),
    rule('monitoring-without-review', 'warning', 'monitoring',
        'A `monitor` plan with neither `review after` nor `until`.',
        'Monitoring without a review date or an exit condition never ends. Add `review after DURATION` or `until GUARD`.'),
    rule('monitoring-by-non-fiduciary', 'warning', 'monitoring',
        'A `monitor` plan whose responsible actor is not a clinician.',
        'Only a clinician owes the person a duty of care. Make a clinician responsible for the monitoring plan.'),
    rule('hybrid-status-requires-disclosure', 'warning', 'monitoring',
        'A hybrid state without a `disclose` clause.',
        'People in a hybrid status must be told about their results by someone who can mediate them. Add `disclose DATA to ACTOR by CLINICIAN with counselling`.'),
    rule('disclosure-without-counselling', 'warning', 'monitoring',
        'A `disclose` of genomic data without `with counselling`.',
        'Genomic results shift uncertainty onto patients and families; disclose them with counselling. Add `with counselling`.'),
    rule('genomic-disclosure-training', 'warning', 'monitoring',
        'A `disclose` of genomic data by an actor that is not `genomics-trained`.',
        'Genomic results must be disclosed by someone with genomic literacy. Let a `genomics-trained` actor disclose them, or add the trait to the discloser.'),
    rule('sick-role-gatekeeper', 'error', 'gatekeeping',
        'A transition into a `sick` state with no clinician among its `by` actors.',
        'Conferring the sick role stays a clinician\'s act, not a laboratory\'s, payer\'s or platform\'s. Add a clinician to the transition\'s `by` actors.'),
    rule('hybrid-entry-bridging', 'warning', 'gatekeeping',
        'A transition into a hybrid state with no clinician among its `by` actors.',
        'A clinician bridges an abnormal result and the person\'s situation. Add a clinician to the transition\'s `by` actors.'),
    rule('gatekeeper-lacks-data', 'warning', 'gatekeeping',
        'A transition guarded by a cutoff on data D where no `by` actor sends or receives D in any flow.',
        'A gatekeeper who never sees the data cannot apply the cutoff. Add a flow of the data to one of the `by` actors, or let an actor who has the data authorize the transition.'),
    rule('cutoff-unit-mismatch', 'error', 'cutoffs',
        'A numeric cutoff whose unit differs from its data\'s unit.',
        'A threshold in the wrong unit moves people into the wrong state. Write the cutoff in the unit declared on its data (a unit missing on one side counts as a difference).'),
    rule('cutoff-type-mismatch', 'error', 'cutoffs',
        'A numeric comparison on `genomic` or `pharmacogenomic` data, a variant class on data that is not `genomic`, or a metabolizer phenotype on data that is not `pharmacogenomic`.',
        '`genomic` data is classified by variant class (`is pathogenic, likely-pathogenic`), `pharmacogenomic` data by CPIC metabolizer phenotype (`is poor-metabolizer`); every other category, `genomic-score` included, is compared with numbers. Use the comparison that fits the data\'s category.'),
    rule('cutoff-without-source', 'warning', 'cutoffs',
        'A cutoff without `source` provenance.',
        'Cutoffs decide who is sick; reviewers need to know where they come from. Add `source "guideline or study"`.'),
    rule('ambiguous-cutoffs', 'error', 'cutoffs',
        'Two transitions out of one state to different states whose single-cutoff guards on the same data can both hold.',
        'When one value satisfies two guards, the pathway does not say where the person goes. Make the ranges disjoint (mind shared boundary values such as `<= 30` and `>= 30`) or the variant classes distinct.'),
    rule('uncovered-range', 'warning', 'cutoffs',
        'Transitions out of one state whose numeric cutoffs on the same data leave a gap, in a state that does not monitor the data.',
        'A person whose value falls in the gap stays in a state nobody watches. Close the gap between the ranges, or `monitor` the data in that state.'),
    rule('research-use-requires-consent', 'error', 'consent',
        'A flow with research use that is neither `under` a consent nor carries a `waiver`.',
        'Research use of a person\'s data needs their consent or a documented waiver by an ethics board. Add `under CONSENT` or `waiver "decision reference"`.'),
    rule('commercial-use-requires-consent', 'error', 'consent',
        'A flow with commercial use that is not `under` a consent covering commercial use.',
        'Platforms that monetize data need explicit consent. Put the flow `under` a consent that `permits commercial` and carries none of NPU, NCU or NPUNCU.'),
    rule('consent-scope-mismatch', 'error', 'consent',
        'A flow `under` a consent that does not cover its data items, its stated purpose, or its research use.',
        'Consent terms must cover the data and the purpose of every flow that relies on them. Add the missing data to `covers` or the purpose to `permits`, or use another consent.'),
    rule('downstream-consent-violation', 'error', 'consent',
        'A flow with commercial use of data that reached its sender under a consent carrying NPU, NCU or NPUNCU.',
        'Restrictions travel with the data: data received under a not-for-profit or non-commercial consent may not be passed on for commercial use, whatever consent the onward flow cites. Remove the onward flow or change its purpose and recipient.'),
    rule('passive-data-requires-consent', 'warning', 'consent',
        'A flow of `passive` data that is not `under` a consent.',
        'Passive monitoring data (geolocation, sleep, activity) is collected without the person acting; it needs explicit consent. Put the flow `under` a consent that covers the data.'),
    rule('incidental-findings-policy', 'warning', 'consent',
        'A flow of genomic data with research use under a consent without `recontact`.',
        'Research on genomic data uncovers incidental findings; without `recontact` nobody may tell the participant. Add `recontact` to the consent.'),
    rule('test-observation-mismatch', 'error', 'tests',
        'In a test suite: an observation whose unit differs from its data\'s unit, a number for `genomic` or `pharmacogenomic` data, or a class the data\'s category does not take.',
        'A synthetic person\'s values must be what the pathway\'s data holds, or the simulation compares numbers in the wrong unit or classes that never match. Observe numbers in the unit declared on the data (a unit missing on one side counts as a difference), variant classes for `genomic` data and metabolizer phenotypes for `pharmacogenomic` data.'),
    rule('unused-declaration', 'warning', 'hygiene',
        'An actor, data item, cutoff or consent that nothing references.',
        'Unused declarations make a pathway harder to review. Remove the declaration or reference it. References from test suites (`.pmtest`) do not count: data that only a test observes plays no part in the pathway.'),
    rule('suppression-without-reason', 'warning', 'hygiene',
        'A `pmpath-disable-next-line` comment without a `-- reason`.',
        'Every suppression must be auditable. Add `-- reason` to the comment; without a reason it suppresses nothing.'),
    rule('suppression-unknown-rule', 'warning', 'hygiene',
        'A `pmpath-disable-next-line` comment naming a rule id that does not exist or cannot be suppressed.',
        'Check the rule id against `pmpath rules`; `syntax` and `unresolved-reference` cannot be suppressed.'),
    rule('unused-suppression', 'warning', 'hygiene',
        'A `pmpath-disable-next-line` comment with a reason whose rules report nothing on its next line.',
        'A stale suppression hides nothing and misleads the audit: readers believe a finding was reviewed and accepted where there is none. Remove the comment, or move it to the line above the finding it is meant for. A comment without a reason, or naming only unknown rules, is reported by `suppression-without-reason` or `suppression-unknown-rule` instead.'),
    rule('obsolete-duo-term', 'warning', 'consent',
        'A DUO term that the ontology made obsolete (GRU-CC, RU).',
        'GRU-CC (DUO:0000005) and RU (DUO:0000014) are obsolete in the GA4GH Data Use Ontology and grant no permission. Use GRU with CC, or HMB/GRU instead.'),
    rule('invalid-code', 'error', 'hygiene',
        'A `code` on a data item that cannot be right: a LOINC code without the correct mod-10 check digit, or a SNOMED CT identifier that is not 6–18 digits with a correct Verhoeff check digit.',
        'A data item\'s `code` travels into the FHIR export (ObservationDefinitions, CQL retrieves, dataRequirements), where a mistyped code silently matches nothing or the wrong observation. Both code systems build a check digit into every code, so the check works offline: a LOINC code is `DIGITS-CHECKDIGIT` whose last digit is the Luhn (mod-10) check digit of the digits before the hyphen (`2077-6`), a SNOMED CT identifier is 6 to 18 digits whose last digit is a Verhoeff check digit (`190905008`). Copy the code again from LOINC or the SNOMED CT browser; the message gives the check digit the code would need.'),
];

const RULES_BY_ID = new Map(RULES.map(r => [r.id, r]));

/** The rule with this id, or `undefined`. */
export function findRule(id: string): RuleInfo | undefined {
    return RULES_BY_ID.get(id);
}

/** The rule ids as constants, so code actions and tests never spell an id by hand. */
export const RuleId = {
    syntax: 'syntax',
    unresolvedReference: 'unresolved-reference',
    duplicateName: 'duplicate-name',
    importNotFound: 'import-not-found',
    initialState: 'initial-state',
    unreachableState: 'unreachable-state',
    deadEndState: 'dead-end-state',
    therapeuticOdyssey: 'therapeutic-odyssey',
    finalStateExit: 'final-state-exit',
    hybridStatusRequiresMonitoring: 'hybrid-status-requires-monitoring',
    monitoringWithoutReview: 'monitoring-without-review',
    monitoringByNonFiduciary: 'monitoring-by-non-fiduciary',
    hybridStatusRequiresDisclosure: 'hybrid-status-requires-disclosure',
    disclosureWithoutCounselling: 'disclosure-without-counselling',
    genomicDisclosureTraining: 'genomic-disclosure-training',
    sickRoleGatekeeper: 'sick-role-gatekeeper',
    hybridEntryBridging: 'hybrid-entry-bridging',
    gatekeeperLacksData: 'gatekeeper-lacks-data',
    cutoffUnitMismatch: 'cutoff-unit-mismatch',
    cutoffTypeMismatch: 'cutoff-type-mismatch',
    cutoffWithoutSource: 'cutoff-without-source',
    ambiguousCutoffs: 'ambiguous-cutoffs',
    uncoveredRange: 'uncovered-range',
    researchUseRequiresConsent: 'research-use-requires-consent',
    commercialUseRequiresConsent: 'commercial-use-requires-consent',
    consentScopeMismatch: 'consent-scope-mismatch',
    downstreamConsentViolation: 'downstream-consent-violation',
    passiveDataRequiresConsent: 'passive-data-requires-consent',
    incidentalFindingsPolicy: 'incidental-findings-policy',
    unusedDeclaration: 'unused-declaration',
    suppressionWithoutReason: 'suppression-without-reason',
    suppressionUnknownRule: 'suppression-unknown-rule',
    unusedSuppression: 'unused-suppression',
    obsoleteDuoTerm: 'obsolete-duo-term',
    invalidCode: 'invalid-code',
    testObservationMismatch: 'test-observation-mismatch',
} as const;

export type RuleIdValue = typeof RuleId[keyof typeof RuleId];
