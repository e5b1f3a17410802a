/**
 * SPEC §3 consent semantics and the §4 consent rules, reported on the flow.
 */
import { describe, expect, it } from 'vitest';
import { at, check, columnOf, lineOf, ofRule } from './spec-helpers.js';

/**
 * A clean pathway backdrop with: clinician `doc`, laboratory `lab`,
 * researcher `reg`, family `fam`, platform `app` (monetizes), platform `plain`;
 * data `bm` (biomarker), `gen` (genomic), `loc` (passive). `body` adds
 * consents and flows.
 */
function consent(body: string): string {
    return `pathway Cons {
  actor doc: clinician { genomics-trained }
  actor lab: laboratory
  actor reg: researcher
  actor fam: family
  actor app: platform { monetizes }
  actor plain: platform
  data bm: biomarker
  data gen: genomic
  data loc: passive
  flow bm, gen from fam to doc for care
  flow loc from fam to doc for care under Track
  consent Track by fam { permits care covers loc }
  flow bm from doc to lab for care
  flow bm from doc to plain for care
  flow bm from doc to reg for care waiver "EC-1"
  flow bm from doc to app for commercial under Market
  consent Market by fam { permits commercial covers bm }
  initial state S: healthy
  final state F: healthy
  S -> F by doc
${body}
}
`;
}

/** The single flow line of `body` that contains `needle`. */
async function findingsOn(body: string, needle: string): Promise<{ text: string; line: number; rules: string[] }> {
    const text = consent(body);
    const line = lineOf(text, needle);
    return { text, line, rules: (await check(text)).filter(d => d.line === line).map(d => d.rule).sort() };
}

describe('backdrop', () => {
    it('the consent backdrop has no findings', async () => {
        expect(await check(consent(''))).toEqual([]);
    });
});

describe('research-use-requires-consent', () => {
    it('a research flow without consent or waiver is an error on the flow', async () => {
        const text = consent('  flow bm from doc to lab for research');
        const diags = ofRule(await check(text), 'research-use-requires-consent');
        expect(diags.map(d => [d.severity, d.line, d.column])).toEqual([['error', lineOf(text, 'to lab for research'), columnOf(text, 'flow bm from doc to lab for research')]]);
        expect(at(await check(text))).toHaveLength(1);
    });

    it.each(['care', 'quality', 'billing', 'public-health'])('a flow to a researcher for %s is research use', async p => {
        expect((await findingsOn(`  flow bm from lab to reg for ${p}`, `lab to reg for ${p}`)).rules).toEqual(['research-use-requires-consent']);
    });

    it('a waiver satisfies the rule', async () => {
        expect(await check(consent('  flow bm from doc to lab for research waiver "EC-2024-7"'))).toEqual([]);
    });

    it('a covering consent satisfies the rule', async () => {
        expect(await check(consent('  consent R { permits research covers bm }\n  flow bm from doc to lab for research under R'))).toEqual([]);
    });

    it('a flow under a consent that does not cover it is consent-scope-mismatch, not research-use-requires-consent', async () => {
        expect((await findingsOn('  consent R { permits research }\n  flow bm from doc to lab for research under R', 'under R')).rules).toEqual(['consent-scope-mismatch']);
    });

    it('a flow of research use under an unresolved consent reports only unresolved-reference', async () => {
        expect((await findingsOn('  flow bm from doc to lab for research under Ghost', 'under Ghost')).rules).toEqual(['unresolved-reference']);
    });
});

describe('commercial-use-requires-consent', () => {
    it('a commercial flow without consent is an error on the flow', async () => {
        const text = consent('  flow bm from doc to plain for commercial');
        const diags = ofRule(await check(text), 'commercial-use-requires-consent');
        expect(diags.map(d => [d.severity, d.line, d.column])).toEqual([['error', lineOf(text, 'plain for commercial'), columnOf(text, 'flow bm from doc to plain for commercial')]]);
    });

    it.each(['care', 'quality', 'billing'])('a flow to a monetizing actor for %s is commercial use', async p => {
        expect((await findingsOn(`  flow bm from doc to app for ${p}`, `app for ${p}`)).rules).toEqual(['commercial-use-requires-consent']);
    });

    it('a flow to a researcher for commercial without consent is both research and commercial use', async () => {
        expect((await findingsOn('  flow bm from fam to reg for commercial', 'fam to reg for commercial')).rules).toEqual(['commercial-use-requires-consent', 'research-use-requires-consent']);
    });

    it('a waiver does not satisfy commercial use', async () => {
        expect((await findingsOn('  flow bm from doc to plain for commercial waiver "EC-9"', 'waiver "EC-9"')).rules).toEqual(['commercial-use-requires-consent']);
    });

    it('a consent that does not permit commercial use does not satisfy it', async () => {
        const r = await findingsOn('  consent R { permits research covers bm }\n  flow bm from doc to plain for commercial under R', 'under R');
        expect(r.rules).toContain('commercial-use-requires-consent');
    });

    it.each(['NPU', 'NCU', 'NPUNCU'])('a consent permitting commercial use but carrying %s does not satisfy it', async term => {
        const r = await findingsOn(`  consent R { permits commercial\n duo ${term}\n covers bm }\n  flow bm from doc to plain for commercial under R`, 'under R');
        expect(r.rules).toEqual(['commercial-use-requires-consent']);
    });

    it('a consent permitting commercial use that does not cover the data is consent-scope-mismatch only', async () => {
        const r = await findingsOn('  consent R { permits commercial covers gen }\n  flow bm from doc to plain for commercial under R', 'under R');
        expect(r.rules).toEqual(['consent-scope-mismatch']);
    });

    it('a consent permitting commercial and care, covering the data, satisfies a care flow to a monetizing actor', async () => {
        expect(await check(consent('  consent R { permits care, commercial covers bm }\n  flow bm from doc to app for care under R'))).toEqual([]);
    });

    it('a monetizing recipient under a consent without `permits commercial` is commercial-use-requires-consent', async () => {
        const r = await findingsOn('  consent R { permits care covers bm }\n  flow bm from doc to app for care under R', 'under R');
        expect(r.rules).toEqual(['commercial-use-requires-consent']);
    });

    it('SPEC example: parents to a monetizing tracker for care, without consent', async () => {
        expect((await findingsOn('  flow bm from fam to app for care', 'fam to app for care')).rules).toEqual(['commercial-use-requires-consent']);
    });
});

describe('consent-scope-mismatch', () => {
    it('a consent without `covers` covers nothing', async () => {
        const text = consent('  consent R { permits research }\n  flow bm from doc to lab for research under R');
        const diags = ofRule(await check(text), 'consent-scope-mismatch');
        expect(diags.map(d => [d.severity, d.line, d.column])).toEqual([['error', lineOf(text, 'under R'), columnOf(text, 'flow bm from doc to lab for research under R')]]);
    });

    it('every data item of the flow must be covered', async () => {
        expect((await findingsOn('  consent R { permits research covers bm }\n  flow bm, gen from doc to lab for research under R\n', 'under R')).rules).toEqual(['consent-scope-mismatch', 'incidental-findings-policy']);
    });

    it('the stated purpose must be permitted', async () => {
        expect((await findingsOn('  consent R { permits research covers bm }\n  flow bm from doc to lab for quality under R', 'under R')).rules).toEqual(['consent-scope-mismatch']);
    });

    it('a `care` flow under a consent needs `permits care`', async () => {
        expect((await findingsOn('  consent R { permits research covers bm }\n  flow bm from doc to lab for care under R', 'under R')).rules).toEqual(['consent-scope-mismatch']);
    });

    it('a `care` flow under a consent that permits care is fine', async () => {
        expect(await check(consent('  consent R { permits care covers bm }\n  flow bm from doc to lab for care under R'))).toEqual([]);
    });

    it('research use through a researcher recipient must be permitted', async () => {
        expect((await findingsOn('  consent R { permits care covers bm }\n  flow bm from doc to reg for care under R', 'under R')).rules).toEqual(['consent-scope-mismatch']);
    });

    it.each(['NRES', 'GRU', 'HMB', 'DS "cystic fibrosis"', 'POA'])('a DUO permission (%s) counts as `permits research`', async term => {
        expect(await check(consent(`  consent R { duo ${term}\n covers bm }\n  flow bm from doc to lab for research under R`))).toEqual([]);
    });

    it('a DUO permission also covers the research use of a care flow to a researcher', async () => {
        expect(await check(consent('  consent R { permits care\n duo HMB\n covers bm }\n  flow bm from doc to reg for care under R'))).toEqual([]);
    });

    it('a DUO permission does not permit a non-research purpose', async () => {
        expect((await findingsOn('  consent R { duo GRU\n covers bm }\n  flow bm from doc to lab for quality under R', 'under R')).rules).toEqual(['consent-scope-mismatch']);
    });

    it.each(['NPU', 'IRB', 'PUB', 'GS "EU"'])('a DUO modifier alone (%s) does not permit research', async term => {
        expect((await findingsOn(`  consent R { duo ${term}\n covers bm }\n  flow bm from doc to lab for research under R`, 'under R')).rules).toEqual(['consent-scope-mismatch']);
    });

    it.each(['GRU-CC', 'RU'])('obsolete term %s grants no permission', async term => {
        const text = consent(`  consent R { duo ${term}\n covers bm }\n  flow bm from doc to lab for research under R`);
        const diags = await check(text);
        expect(at(diags, 'consent-scope-mismatch')).toEqual([`consent-scope-mismatch@${lineOf(text, 'under R')}`]);
        expect(ofRule(diags, 'obsolete-duo-term')).toHaveLength(1);
    });

    it('a purpose `commercial` flow under a research consent is left to commercial-use-requires-consent', async () => {
        const r = await findingsOn('  consent R { permits research covers bm }\n  flow bm from doc to plain for commercial under R', 'under R');
        expect(r.rules).toEqual(['commercial-use-requires-consent']);
    });

    it('a consent covering the data and permitting several purposes covers each of them', async () => {
        expect(await check(consent('  consent R { permits research, quality covers bm, gen }\n  flow bm from doc to lab for quality under R\n  flow bm from doc to lab for research under R'))).toEqual([]);
    });
});

describe('downstream-consent-violation', () => {
    it.each(['NPU', 'NCU', 'NPUNCU'])('commercial use of data that reached the sender under a %s consent is an error on the onward flow', async term => {
        const text = consent(`  consent R by fam { permits research, commercial\n duo HMB, ${term}\n covers bm }\n  flow bm from doc to reg for research under R\n  flow bm from reg to plain for commercial under Market`);
        const diags = ofRule(await check(text), 'downstream-consent-violation');
        expect(diags.map(d => [d.severity, d.line, d.column])).toEqual([['error', lineOf(text, 'reg to plain'), columnOf(text, 'flow bm from reg to plain')]]);
        expect(at(await check(text))).toEqual([`downstream-consent-violation@${lineOf(text, 'reg to plain')}`]);
    });

    it('the restriction travels through earlier flows of the same data item', async () => {
        const text = consent('  actor hub: administrator\n  consent R by fam { permits research duo NPU covers bm }\n  flow bm from fam to reg for research under R\n  flow bm from reg to hub for quality waiver "EC-3"\n  flow bm from hub to plain for commercial under Market');
        expect(at(await check(text), 'downstream-consent-violation')).toEqual([`downstream-consent-violation@${lineOf(text, 'hub to plain')}`]);
    });

    it('commercial use by a monetizing recipient counts', async () => {
        const text = consent('  consent R by fam { permits research duo NPU covers bm }\n  flow bm from fam to reg for research under R\n  consent M2 { permits care, commercial covers bm }\n  flow bm from reg to app for care under M2');
        expect(at(await check(text), 'downstream-consent-violation')).toEqual([`downstream-consent-violation@${lineOf(text, 'reg to app')}`]);
    });

    it('a commercial onward flow under the restricted consent itself gets both consent findings', async () => {
        const text = consent('  consent R by fam { permits research, commercial duo NPU covers bm }\n  flow bm from fam to reg for research under R\n  flow bm from reg to plain for commercial under R');
        expect(at(await check(text))).toEqual([`commercial-use-requires-consent@${lineOf(text, 'reg to plain')}`, `downstream-consent-violation@${lineOf(text, 'reg to plain')}`]);
    });

    it('a flow to a researcher for commercial under a research consent is commercial-use only (research use is covered)', async () => {
        const text = consent('  consent R by fam { permits research covers bm }\n  flow bm from fam to reg for commercial under R');
        expect(at(await check(text))).toEqual([`commercial-use-requires-consent@${lineOf(text, 'fam to reg for commercial')}`]);
    });

    it('a consent without `permits` permits no care flow', async () => {
        expect((await findingsOn('  consent R { covers bm }\n  flow bm from doc to lab for care under R', 'under R')).rules).toEqual(['consent-scope-mismatch']);
    });

    it('a restriction on another data item does not travel', async () => {
        const text = consent('  consent R by fam { permits research duo NPU covers gen }\n  flow gen from fam to reg for research under R\n  flow bm from reg to plain for commercial under Market');
        expect(ofRule(await check(text), 'downstream-consent-violation')).toEqual([]);
    });

    it('a restriction received by another actor does not apply to this sender', async () => {
        const text = consent('  consent R by fam { permits research duo NPU covers bm }\n  flow bm from fam to reg for research under R\n  flow bm from doc to plain for commercial under Market');
        expect(ofRule(await check(text), 'downstream-consent-violation')).toEqual([]);
    });

    it('a non-commercial onward flow is fine', async () => {
        const text = consent('  consent R by fam { permits research duo NPU covers bm }\n  flow bm from fam to reg for research under R\n  flow bm from reg to lab for research under R');
        expect(ofRule(await check(text), 'downstream-consent-violation')).toEqual([]);
    });

    it('a consent without NPU/NCU/NPUNCU puts no restriction on the data', async () => {
        const text = consent('  consent R by fam { permits research duo HMB covers bm }\n  flow bm from fam to reg for research under R\n  flow bm from reg to plain for commercial under Market');
        expect(ofRule(await check(text), 'downstream-consent-violation')).toEqual([]);
    });

    it('a chain that loops back does not hang and still reports', async () => {
        const text = consent('  consent R by fam { permits research duo NCU covers bm }\n  flow bm from fam to reg for research under R\n  flow bm from reg to lab for quality waiver "x"\n  flow bm from lab to reg for quality waiver "y"\n  flow bm from lab to plain for commercial under Market');
        expect(at(await check(text), 'downstream-consent-violation')).toEqual([`downstream-consent-violation@${lineOf(text, 'lab to plain')}`]);
    });
});

describe('passive-data-requires-consent', () => {
    it('a flow of passive data that is not under a consent is a warning on the flow', async () => {
        const text = consent('  flow loc from fam to lab for care');
        const diags = ofRule(await check(text), 'passive-data-requires-consent');
        expect(diags.map(d => [d.severity, d.line, d.column])).toEqual([['warning', lineOf(text, 'loc from fam to lab'), columnOf(text, 'flow loc from fam to lab')]]);
    });

    it('a waiver is not a consent', async () => {
        expect((await findingsOn('  flow loc from fam to lab for care waiver "EC"', 'loc from fam to lab')).rules).toEqual(['passive-data-requires-consent']);
    });

    it('a passive item among others triggers it', async () => {
        expect((await findingsOn('  flow bm, loc from fam to lab for care', 'bm, loc from fam to lab')).rules).toEqual(['passive-data-requires-consent']);
    });

    it('under a covering consent it is fine', async () => {
        expect(await check(consent('  consent P by fam { permits care covers loc }\n  flow loc from fam to lab for care under P'))).toEqual([]);
    });
});

describe('incidental-findings-policy', () => {
    it('genomic data with research use under a consent without `recontact` is a warning on the flow', async () => {
        const text = consent('  consent R { permits research covers gen }\n  flow gen from doc to lab for research under R');
        const diags = ofRule(await check(text), 'incidental-findings-policy');
        expect(diags.map(d => [d.severity, d.line, d.column])).toEqual([['warning', lineOf(text, 'under R'), columnOf(text, 'flow gen from doc')]]);
        expect(at(await check(text))).toHaveLength(1);
    });

    it('research use through a researcher recipient counts', async () => {
        expect((await findingsOn('  consent R { permits care, research covers gen }\n  flow gen from doc to reg for care under R', 'under R')).rules).toEqual(['incidental-findings-policy']);
    });

    it('`recontact` satisfies it', async () => {
        expect(await check(consent('  consent R { permits research covers gen recontact }\n  flow gen from doc to lab for research under R'))).toEqual([]);
    });

    it('non-genomic research data needs no recontact', async () => {
        expect(await check(consent('  consent R { permits research covers bm }\n  flow bm from doc to lab for research under R'))).toEqual([]);
    });

    it('genomic data for care needs no recontact', async () => {
        expect(await check(consent('  consent R { permits care covers gen }\n  flow gen from doc to lab for care under R'))).toEqual([]);
    });
});
