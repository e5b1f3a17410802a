import { describe, expect, it } from 'vitest';
import { findDownstreamViolations, isPmpathFile, RuleId, type Flow, type LintDiagnostic } from '@pmpath/language';
import { createTestWorkspace, only } from './test-services.js';

const ws = createTestWorkspace();

const CONSENT_RULES: readonly string[] = [
    RuleId.researchUseRequiresConsent, RuleId.commercialUseRequiresConsent, RuleId.consentScopeMismatch,
    RuleId.downstreamConsentViolation, RuleId.passiveDataRequiresConsent, RuleId.incidentalFindingsPolicy,
];

/** A clean pathway: none of the consent rules may fire on it. */
const FULL = `pathway CleanCF {
  title "Newborn screening for cystic fibrosis"
  actor pulmonologist: clinician "Paediatric pulmonologist" { genomics-trained }
  actor lab: laboratory "State screening laboratory"
  actor parents: family
  actor registry: researcher "National CF registry"
  actor tracker: platform "Symptom-tracking app" { monetizes }
  data irt: biomarker "Immunoreactive trypsinogen" unit "ng/mL"
  data sweatCl: biomarker "Sweat chloride" unit "mmol/L"
  data cftr: genomic "CFTR variant panel"
  data diary: self-tracked "Daily symptom diary"
  data location: passive "Phone geolocation"
  cutoff IrtHigh: irt >= 60 "ng/mL" source "State protocol 2023"
  consent RegistryConsent by parents {
    permits research
    duo HMB, NPU
    covers cftr, sweatCl
    withdrawable
    recontact
  }
  consent AppConsent by parents {
    permits care, commercial
    covers diary, location
    withdrawable
    expires after 2 years
  }
  initial state Newborn: healthy
  final state Screened: healthy
  final state Positive: sick
  Newborn -> Positive when IrtHigh by lab, pulmonologist
  Newborn -> Screened when not IrtHigh by lab
  flow irt, sweatCl from lab to pulmonologist for care
  flow cftr from lab to pulmonologist for care
  flow cftr, sweatCl from pulmonologist to registry for research under RegistryConsent
  flow sweatCl from registry to lab for quality waiver "IRB-2023-117"
  flow diary, location from parents to tracker for care under AppConsent
  flow location from parents to tracker for commercial under AppConsent
}
`;

/** A pathway with a standard cast of actors and data; `body` adds consents and flows. */
function pathway(body: string): string {
    return `pathway P {
  actor doc: clinician { genomics-trained }
  actor lab: laboratory
  actor parents: family
  actor registry: researcher
  actor uni: administrator
  actor tracker: platform { monetizes }
  actor broker: payer
  data cftr: genomic
  data sweat: biomarker unit "mmol/L"
  data diary: self-tracked
  data location: passive
${body.split('\n').map(l => (l.trim() ? `  ${l.trim()}` : '')).join('\n')}
}
`;
}

function lineOf(text: string, snippet: string): number {
    const index = text.split('\n').findIndex(l => l.includes(snippet));
    if (index < 0) throw new Error(`snippet not found: ${snippet}`);
    return index + 1;
}

/** The range of a flow written on one line: from its first to its last character. */
function lineRange(text: string, snippet: string): Pick<LintDiagnostic, 'line' | 'column' | 'endLine' | 'endColumn'> {
    const line = lineOf(text, snippet);
    const content = text.split('\n')[line - 1];
    const column = content.length - content.trimStart().length + 1;
    return { line, column, endLine: line, endColumn: content.replace(/\s*(\/\/.*)?$/, '').length + 1 };
}

function noLanguageErrors(d: readonly LintDiagnostic[]): void {
    expect(d.filter(x => x.rule === RuleId.syntax || x.rule === RuleId.unresolvedReference)).toEqual([]);
}

async function rule(text: string, id: string): Promise<LintDiagnostic[]> {
    const d = await ws.validate(text);
    noLanguageErrors(d);
    return only(d, id);
}

describe('the full pathway', () => {
    it('parses cleanly and triggers none of the consent rules', async () => {
        const d = await ws.validate(FULL);
        noLanguageErrors(d);
        expect(d.filter(x => CONSENT_RULES.includes(x.rule))).toEqual([]);
    });
});

describe('research-use-requires-consent', () => {
    it('reports a research flow with neither consent nor waiver, on the flow', async () => {
        const text = pathway('flow sweat from lab to uni for research');
        const found = await rule(text, RuleId.researchUseRequiresConsent);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ severity: 'error', ...lineRange(text, 'flow sweat') });
        expect(found[0].message).toBe("Flow of 'sweat' from 'lab' to 'uni' is research use (purpose research) but is neither under a consent nor covered by a waiver: add `under CONSENT` with a consent that permits research, or `waiver \"ethics board decision\"`.");
    });

    it('counts a flow to a researcher as research use whatever its purpose (here care)', async () => {
        const found = await rule(pathway('flow sweat from lab to registry for care'), RuleId.researchUseRequiresConsent);
        expect(found).toHaveLength(1);
        expect(found[0].message).toContain("'registry' is a researcher");
    });

    it('stays quiet with a waiver, under a consent, or for non-research use', async () => {
        const text = pathway(`consent C by parents {
  permits research
  covers sweat
}
flow sweat from lab to registry for research waiver "IRB-2024-003"
flow sweat from lab to uni for research under C
flow sweat from lab to doc for care`);
        expect(await rule(text, RuleId.researchUseRequiresConsent)).toEqual([]);
    });

    it('does not fire because the recipient is unresolved', async () => {
        const d = await ws.validate(pathway('flow sweat from lab to nobody for care'));
        expect(only(d, RuleId.unresolvedReference)).toHaveLength(1);
        expect(only(d, RuleId.researchUseRequiresConsent)).toEqual([]);
    });
});

describe('commercial-use-requires-consent', () => {
    it('reports commercial use without consent with a message that says how to fix it', async () => {
        const text = pathway('flow location from parents to tracker for commercial');
        const found = await rule(text, RuleId.commercialUseRequiresConsent);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ severity: 'error', ...lineRange(text, 'flow location') });
        expect(found[0].message).toBe("Flow of 'location' from 'parents' to 'tracker' is commercial use (purpose commercial, and 'tracker' monetizes data) but is not under a consent: put it `under` a consent that `permits commercial` without NPU, NCU or NPUNCU.");
    });

    it('counts a monetizing recipient as commercial use whatever the purpose (here care); a waiver does not help', async () => {
        const text = pathway('flow diary from parents to tracker for care\nflow sweat from lab to tracker for care waiver "IRB-1"');
        const found = await rule(text, RuleId.commercialUseRequiresConsent);
        expect(found.map(f => f.line)).toEqual([lineOf(text, 'flow diary'), lineOf(text, 'flow sweat')]);
        expect(found[0].message).toContain("'tracker' monetizes data");
        expect(found[1].message).toContain('a waiver does not cover commercial use');
    });

    it('reports a consent that does not permit commercial use or carries NPU, NCU or NPUNCU', async () => {
        const text = pathway(`consent CareOnly by parents {
  permits care
  covers diary
}
consent NonCommercial by parents {
  permits care, commercial
  duo NCU
  covers diary
}
flow diary from parents to tracker for care under CareOnly
flow diary from parents to broker for commercial under NonCommercial`);
        const found = await rule(text, RuleId.commercialUseRequiresConsent);
        expect(found.map(f => f.line)).toEqual([lineOf(text, 'under CareOnly'), lineOf(text, 'under NonCommercial')]);
        expect(found[0].message).toContain("consent 'CareOnly' does not `permits commercial`");
        expect(found[1].message).toContain('carries NCU, which forbids commercial use');
    });

    it('stays quiet under a consent that permits commercial use without restrictions, and leaves data coverage to consent-scope-mismatch', async () => {
        const text = pathway(`consent App by parents {
  permits care, commercial
  covers diary
}
flow diary, location from parents to tracker for care under App`);
        const d = await ws.validate(text);
        noLanguageErrors(d);
        expect(only(d, RuleId.commercialUseRequiresConsent)).toEqual([]);
        expect(only(d, RuleId.consentScopeMismatch)).toHaveLength(1);
        expect(only(d, RuleId.consentScopeMismatch)[0].message).toContain("does not cover 'location'");
    });

    it('does not fire because the consent is unresolved', async () => {
        const d = await ws.validate(pathway('flow diary from parents to tracker for commercial under Missing'));
        expect(only(d, RuleId.unresolvedReference)).toHaveLength(1);
        expect(d.filter(x => CONSENT_RULES.includes(x.rule))).toEqual([]);
    });
});

describe('consent-scope-mismatch', () => {
    it('reports one finding per flow listing every missing data item and the purpose', async () => {
        const text = pathway(`consent C by parents {
  permits research
  covers cftr
}
flow cftr, sweat, diary from doc to uni for care under C`);
        const found = await rule(text, RuleId.consentScopeMismatch);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ severity: 'error', ...lineRange(text, 'flow cftr, sweat') });
        expect(found[0].message).toBe("Flow of 'cftr', 'sweat' and 'diary' from 'doc' to 'uni' is under consent 'C', which does not cover 'sweat' and 'diary' and does not permit care: add 'sweat' and 'diary' to the `covers` of 'C' and add `permits care` to 'C', or put the flow under a consent that covers it.");
    });

    it('treats a consent without `covers` as covering nothing', async () => {
        const found = await rule(pathway('consent C by parents {\n  permits care\n}\nflow sweat from lab to doc for care under C'), RuleId.consentScopeMismatch);
        expect(found).toHaveLength(1);
        expect(found[0].message).toContain("does not cover 'sweat'");
    });

    it('accepts a DUO permission term for research, but not an obsolete one', async () => {
        const duo = pathway('consent C by parents {\n  duo HMB, IRB\n  covers cftr\n  recontact\n}\nflow cftr from doc to registry for research under C');
        expect(await rule(duo, RuleId.consentScopeMismatch)).toEqual([]);
        const obsolete = pathway('consent C by parents {\n  duo RU\n  covers cftr\n  recontact\n}\nflow cftr from doc to registry for research under C');
        const found = await rule(obsolete, RuleId.consentScopeMismatch);
        expect(found).toHaveLength(1);
        expect(found[0].message).toContain('does not permit research');
    });

    it('requires research permission for research use through a researcher recipient, and `permits care` for care', async () => {
        const text = pathway('consent C by parents {\n  permits care\n  covers sweat\n}\nflow sweat from lab to registry for care under C\nflow sweat from lab to doc for care under C');
        const found = await rule(text, RuleId.consentScopeMismatch);
        expect(found.map(f => f.line)).toEqual([lineOf(text, 'to registry')]);
        expect(found[0].message).toContain("does not permit research, which this flow is because 'registry' is a researcher");
        const careMissing = await rule(pathway('consent C by parents {\n  permits research\n  covers sweat\n}\nflow sweat from lab to doc for care under C'), RuleId.consentScopeMismatch);
        expect(careMissing).toHaveLength(1);
        expect(careMissing[0].message).toContain('does not permit care');
    });

    it('does not check the commercial purpose, but does check the data of a commercial flow', async () => {
        const text = pathway('consent C by parents {\n  permits care\n  covers diary\n}\nflow diary from parents to tracker for commercial under C\nflow location from parents to tracker for commercial under C');
        const found = await rule(text, RuleId.consentScopeMismatch);
        expect(found.map(f => f.line)).toEqual([lineOf(text, 'flow location')]);
        expect(found[0].message).not.toContain('permit commercial');
    });

    it('resolves consents and data declared in an imported library', async () => {
        const result = await ws.validateFiles({
            'shared/consents.pmpath': `library Consents {
  actor parents: family
  data cftr: genomic
  data panel: genomic
  consent Biobank by parents {
    permits research
    covers cftr
    recontact
  }
}
`,
            'main.pmpath': `import "shared/consents.pmpath"
pathway P {
  actor lab: laboratory
  actor registry: researcher
  flow cftr from lab to registry for research under Biobank
  flow cftr, panel from lab to registry for research under Biobank
}
`,
        });
        noLanguageErrors(result['main.pmpath']);
        const found = only(result['main.pmpath'], RuleId.consentScopeMismatch);
        expect(found).toMatchObject([{ line: 6, column: 3 }]);
        expect(found[0].message).toContain("does not cover 'panel'");
        expect(only(result['main.pmpath'], RuleId.researchUseRequiresConsent)).toEqual([]);
        expect(only(result['main.pmpath'], RuleId.incidentalFindingsPolicy)).toEqual([]);
    });
});

describe('downstream-consent-violation', () => {
    it('reports commercial use of data received directly under an NPU consent, whatever consent the onward flow cites', async () => {
        const text = pathway(`consent Registry by parents {
  permits research
  duo HMB, NPU
  covers cftr
  recontact
}
consent Sale by parents {
  permits commercial
  covers cftr
}
flow cftr from doc to registry for research under Registry
flow cftr from registry to tracker for commercial under Sale`);
        const found = await rule(text, RuleId.downstreamConsentViolation);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ severity: 'error', ...lineRange(text, 'under Sale') });
        expect(found[0].message).toContain("'cftr' reached 'registry' under consent 'Registry', which carries NPU, through doc → registry");
        expect(await rule(text, RuleId.commercialUseRequiresConsent)).toEqual([]);
    });

    it('follows a 3-hop chain of flows of the same data item, in any textual order', async () => {
        const text = pathway(`consent Study by parents {
  permits care, research
  duo GRU, NCU
  covers sweat
}
flow sweat from registry to tracker for care
flow sweat from doc to registry for research waiver "IRB-9"
flow sweat from lab to doc for care
flow sweat from parents to lab for care under Study`);
        const found = await rule(text, RuleId.downstreamConsentViolation);
        expect(found.map(f => f.line)).toEqual([lineOf(text, 'to tracker')]);
        expect(found[0].message).toContain('through parents → lab → doc → registry');
        expect(found[0].message).toContain('carries NCU');
    });

    it('returns the chain of earlier flows for each violating flow (for diagrams)', async () => {
        const docs = await ws.build({
            'main.pmpath': pathway(`consent Study by parents {
  permits care
  duo NPUNCU
  covers sweat, diary
}
flow sweat from doc to broker for care
flow sweat, diary from parents to lab for care under Study
flow sweat from lab to doc for care
flow sweat from broker to tracker for commercial
flow diary from lab to tracker for care`),
        });
        const root = docs['main.pmpath'].parseResult.value;
        expect(isPmpathFile(root)).toBe(true);
        const flows = (isPmpathFile(root) ? root.body.elements : []).filter((e): e is Flow => e.$type === 'Flow');
        const violations = findDownstreamViolations(flows);
        const describe = (f: Flow) => `${f.from.$refText}->${f.to.$refText}`;
        expect(violations.map(v => ({ flow: describe(v.flow), data: v.data.name, consent: v.consent.name, restrictions: v.restrictions, chain: v.chain.map(describe) }))).toEqual([
            { flow: 'broker->tracker', data: 'sweat', consent: 'Study', restrictions: ['NPUNCU'], chain: ['parents->lab', 'lab->doc', 'doc->broker'] },
            { flow: 'lab->tracker', data: 'diary', consent: 'Study', restrictions: ['NPUNCU'], chain: ['parents->lab'] },
        ]);
    });

    it('stays quiet for other data items, unrestricted consents, non-commercial onward flows and cycles', async () => {
        const text = pathway(`consent Registry by parents {
  permits research
  duo HMB, NPU
  covers cftr
  recontact
}
consent Open by parents {
  permits care, research, commercial
  covers sweat
}
flow cftr from doc to registry for research under Registry
flow sweat from doc to registry for research under Open
flow sweat from registry to tracker for care under Open
flow cftr from registry to doc for care
flow cftr from doc to registry for research under Registry
flow sweat from doc to lab for care under Open
flow sweat from lab to tracker for commercial under Open`);
        expect(await rule(text, RuleId.downstreamConsentViolation)).toEqual([]);
    });
});

describe('passive-data-requires-consent', () => {
    it('reports a flow of passive data outside a consent, even with a waiver', async () => {
        const text = pathway('flow location from parents to doc for care\nflow location, diary from parents to doc for care waiver "IRB-2"');
        const found = await rule(text, RuleId.passiveDataRequiresConsent);
        expect(found).toHaveLength(2);
        expect(found[0]).toMatchObject({ severity: 'warning', ...lineRange(text, 'flow location from') });
        expect(found[0].message).toContain("carries passive data 'location' but is not under a consent");
        expect(found[1].message).toContain('a waiver does not count');
    });

    it('stays quiet under a consent and for data that is not passive', async () => {
        const text = pathway('consent C by parents {\n  permits care\n  covers location\n}\nflow location from parents to doc for care under C\nflow diary from parents to doc for care');
        expect(await rule(text, RuleId.passiveDataRequiresConsent)).toEqual([]);
    });
});

describe('incidental-findings-policy', () => {
    it('reports genomic research under a consent without recontact, on the flow', async () => {
        const text = pathway('consent C by parents {\n  permits research\n  covers cftr, sweat\n}\nflow cftr, sweat from doc to uni for research under C\nflow cftr from doc to registry for care waiver "IRB-3"');
        const found = await rule(text, RuleId.incidentalFindingsPolicy);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ severity: 'warning', ...lineRange(text, 'flow cftr, sweat') });
        expect(found[0].message).toContain("Add `recontact` to consent 'C'");
    });

    it('counts research use through a researcher recipient', async () => {
        const text = pathway('consent C by parents {\n  permits care, research\n  covers cftr\n}\nflow cftr from doc to registry for care under C');
        expect(await rule(text, RuleId.incidentalFindingsPolicy)).toHaveLength(1);
    });

    it('stays quiet with recontact, for non-genomic data and for care', async () => {
        const text = pathway(`consent R by parents {
  permits care, research
  covers cftr, sweat
  recontact
}
consent N by parents {
  permits care, research
  covers cftr, sweat
}
flow cftr from doc to registry for research under R
flow sweat from doc to registry for research under N
flow cftr from lab to doc for care under N`);
        expect(await rule(text, RuleId.incidentalFindingsPolicy)).toEqual([]);
    });
});

describe('incidental-findings-policy on genomic scores and pharmacogenomic data', () => {
    it('counts genomic-score and pharmacogenomic data as genomic data (SPEC §2.1)', async () => {
        const text = pathway(`consent C by parents {
  permits research
  covers prs, cyp
}
flow prs from doc to uni for research under C
flow cyp from doc to uni for research under C`).replace('  data cftr: genomic', '  data cftr: genomic\n  data prs: genomic-score\n  data cyp: pharmacogenomic');
        const found = await rule(text, RuleId.incidentalFindingsPolicy);
        expect(found.map(f => f.line)).toEqual([lineRange(text, 'flow prs').line, lineRange(text, 'flow cyp').line]);
    });

    it('stays quiet for them under a consent with recontact', async () => {
        const text = pathway(`consent C by parents {
  permits research
  covers prs, cyp
  recontact
}
flow prs, cyp from doc to uni for research under C`).replace('  data cftr: genomic', '  data cftr: genomic\n  data prs: genomic-score\n  data cyp: pharmacogenomic');
        expect(await rule(text, RuleId.incidentalFindingsPolicy)).toEqual([]);
    });
});

describe('configuration and suppression of consent rules', () => {
    it('applies a configured severity', async () => {
        const text = pathway('flow location from parents to doc for care');
        const d = await ws.validate(text, { config: { rules: { 'passive-data-requires-consent': 'error' } } });
        expect(only(d, RuleId.passiveDataRequiresConsent)).toMatchObject([{ severity: 'error', line: lineOf(text, 'flow location') }]);
    });

    it('silences a rule on the next line with a reasoned suppression, and only that rule', async () => {
        const text = pathway('// pmpath-disable-next-line commercial-use-requires-consent -- contract signed outside the pathway, see DPA-12\nflow location from parents to tracker for commercial');
        const d = await ws.validate(text);
        expect(only(d, RuleId.commercialUseRequiresConsent)).toEqual([]);
        expect(only(d, RuleId.passiveDataRequiresConsent)).toHaveLength(1);
        expect(only(d, RuleId.suppressionWithoutReason)).toEqual([]);
    });
});

describe('scale', () => {
    it('propagates a restriction along a 3,000-hop chain of flows written in reverse order', async () => {
        const hops = 3000;
        const lines = ['actor a0: family', 'data d: clinical', 'consent C by a0 {\n  permits care\n  duo NCU\n  covers d\n}'];
        for (let i = 1; i <= hops; i++) lines.push(`actor a${i}: clinician`);
        lines.push('actor sink: platform { monetizes }');
        // Written last hop first, so textual order is the reverse of the data's path.
        lines.push(`flow d from a${hops} to sink for care`);
        for (let i = hops; i >= 2; i--) lines.push(`flow d from a${i - 1} to a${i} for care`);
        lines.push('flow d from a0 to a1 for care under C');
        const docs = await ws.build({ 'main.pmpath': `pathway Long {\n${lines.join('\n')}\n}\n` });
        const document = docs['main.pmpath'];
        expect(only((document.diagnostics ?? []).map(d => ({ rule: String(d.code) }) as LintDiagnostic), RuleId.downstreamConsentViolation)).toHaveLength(1);
        const root = document.parseResult.value;
        const flows = (isPmpathFile(root) ? root.body.elements : []).filter((e): e is Flow => e.$type === 'Flow');
        const violations = findDownstreamViolations(flows);
        expect(violations).toHaveLength(1);
        expect(violations[0].chain).toHaveLength(hops);
        expect(violations[0].chain[0].consent?.$refText).toBe('C');
    });
});
