import { describe, expect, it } from 'vitest';
import { RuleId, type Guard } from '@pmpath/language';
import { buildFlowsModel, buildStatesModel, guardText, MAX_GUARD_TEXT } from '../src/model.js';
import { parsePathway } from './helpers.js';

const BASE = `
  actor doc: clinician "Doctor" { genomics-trained }
  actor lab: laboratory
  data v: biomarker "Value" unit "mg/dL"
  cutoff Hi: v >= 10 "mg/dL" source "S"
  cutoff Lo: v < 10 "mg/dL" source "S"
  flow v from lab to doc for care
`;

describe('states model', () => {
    it('lists every state with kind, markers and monitoring plan, and every transition with guard, comparison, after and gatekeepers', async () => {
        const { pathway, diagnostics } = await parsePathway(`pathway P {
  title "T"
  ${BASE}
  initial state A: healthy "Start"
  state W: hybrid carrier {
    monitor v every 6 months by doc review after 1 year until Hi
    disclose v to doc by doc with counselling
  }
  final state Z: sick
  A -> W when Hi by lab, doc
  W -> Z when (Hi and not Lo) or Hi after 2 years by doc
}`);
        const model = buildStatesModel(pathway, diagnostics);
        expect(model).toMatchObject({ view: 'states', pathway: 'P', title: 'T' });
        expect(model.states.map(s => [s.name, s.kind, s.initial, s.final])).toEqual([['A', 'healthy', true, false], ['W', 'hybrid', false, false], ['Z', 'sick', false, true]]);
        expect(model.states[1].hybridKind).toBe('carrier');
        expect(model.states[1].monitoring).toEqual(['v every 6 months by doc, review after 1 year, until Hi']);
        expect(model.states[1].disclosures).toEqual(['v to doc by doc, with counselling']);
        expect(model.transitions[0]).toMatchObject({ source: 'A', target: 'W', guard: 'Hi', comparison: 'v >= 10 mg/dL', gatekeepers: ['lab', 'doc'] });
        expect(model.transitions[1]).toMatchObject({ guard: '(Hi and not Lo) or Hi', after: '2 years', comparison: undefined });
    });

    it('attaches findings to the flagged state and transition by position', async () => {
        const { pathway, diagnostics } = await parsePathway(`pathway P {
  ${BASE}
  initial state A: healthy
  state Stuck: healthy
  final state Z: sick
  state Lonely: healthy
  A -> Stuck when Hi by doc
  A -> Z when Lo by lab
  Lonely -> Z by doc
}`);
        const model = buildStatesModel(pathway, diagnostics);
        const rules = (name: string) => model.states.find(s => s.name === name)!.findings.map(f => f.rule);
        expect(rules('Stuck')).toContain(RuleId.deadEndState);
        expect(rules('Lonely')).toContain(RuleId.unreachableState);
        expect(rules('A')).toEqual([]);
        const sickEdge = model.transitions.find(t => t.source === 'A' && t.target === 'Z')!;
        expect(sickEdge.findings.map(f => f.rule)).toContain(RuleId.sickRoleGatekeeper);
        expect(model.transitions.find(t => t.target === 'Stuck')!.findings).toEqual([]);
    });

    it('names a cycle without exit as therapeutic-odyssey on one of its states', async () => {
        const { pathway, diagnostics } = await parsePathway(`pathway P {
  ${BASE}
  initial state A: healthy
  state B: healthy
  state C: healthy
  final state Z: healthy
  A -> B when Hi by doc
  A -> Z when Lo by doc
  B -> C by doc
  C -> B by doc
}`);
        const model = buildStatesModel(pathway, diagnostics);
        expect(model.states.flatMap(s => s.findings.map(f => f.rule))).toContain(RuleId.therapeuticOdyssey);
    });

    it('prints a 100k-deep left-nested guard without recursion and shortens it', () => {
        // Built directly: the guard printer must cope whatever depth the parser lets through.
        const leaf = (name: string) => ({ $type: 'CutoffGuard', cutoff: { $refText: name } });
        let guard: object = leaf('Hi');
        for (let i = 0; i < 100_000; i++) guard = { $type: i % 2 ? 'AndGuard' : 'OrGuard', left: guard, right: leaf('Lo') };
        const text = guardText(guard as Guard);
        expect(text.length).toBeLessThanOrEqual(MAX_GUARD_TEXT);
        expect(text.startsWith('Hi or Lo and Lo or Lo')).toBe(true);
        expect(text.endsWith('…')).toBe(true);
        expect(guardText({ $type: 'NotGuard', operand: { $type: 'GroupGuard', inner: leaf('Hi') } } as unknown as Guard)).toBe('not (Hi)');
    });
});

describe('flows model', () => {
    it('classifies actors and flows: fiduciary, monetizing, research and commercial use, consent or waiver', async () => {
        const { pathway, diagnostics } = await parsePathway(`pathway P {
  actor doc: clinician
  actor reg: researcher "Registry"
  actor app: platform { monetizes }
  actor fam: family
  data v: biomarker unit "mg/dL"
  consent C by fam { permits care, commercial covers v withdrawable }
  initial state A: healthy
  final state Z: healthy
  A -> Z by doc
  flow v from fam to doc for care
  flow v from doc to reg for quality waiver "IRB 12"
  flow v from fam to app for care under C
}`);
        const model = buildFlowsModel(pathway, diagnostics);
        expect(model.actors.map(a => [a.name, a.fiduciary, a.monetizes])).toEqual([['doc', true, false], ['reg', false, false], ['app', false, true], ['fam', false, false]]);
        expect(model.flows.map(f => f.use)).toEqual(['care', 'research', 'commercial']);
        expect(model.flows[1]).toMatchObject({ waiver: 'IRB 12', consent: undefined, violation: false });
        expect(model.flows[2]).toMatchObject({ consent: 'C', violation: false });
    });

    it('marks flows flagged by consent rules as violations', async () => {
        const { pathway, diagnostics } = await parsePathway(`pathway P {
  actor doc: clinician
  actor reg: researcher
  data v: biomarker unit "mg/dL"
  initial state A: healthy
  final state Z: healthy
  A -> Z by doc
  flow v from doc to reg for research
}`);
        const flow = buildFlowsModel(pathway, diagnostics).flows[0];
        expect(flow.violation).toBe(true);
        expect(flow.onViolationPath).toBe(false);
        expect(flow.findings.map(f => f.rule)).toEqual([RuleId.researchUseRequiresConsent]);
    });

    it('draws the whole path of a downstream consent violation, and no path when the finding is absent', async () => {
        const text = `pathway P {
  actor fam: family
  actor lab: laboratory
  actor bank: researcher
  actor pharma: researcher { monetizes }
  actor other: family
  data g: genomic
  consent NP by fam { permits research duo HMB, NPU covers g recontact }
  consent Sale by fam { permits research, commercial duo HMB covers g recontact }
  initial state A: healthy
  final state Z: healthy
  A -> Z by lab
  flow g from fam to lab for research under NP
  flow g from lab to bank for research waiver "Board decision 7"
  flow g from bank to pharma for commercial under Sale
  flow g from other to bank for research under Sale
}`;
        const { pathway, diagnostics } = await parsePathway(text);
        const flows = buildFlowsModel(pathway, diagnostics).flows;
        expect(flows[2].findings.map(f => f.rule)).toContain(RuleId.downstreamConsentViolation);
        expect(flows.map(f => [f.violation, f.onViolationPath])).toEqual([[true, true], [true, true], [true, false], [false, false]]);
        const withoutFindings = buildFlowsModel(pathway, []).flows;
        expect(withoutFindings.some(f => f.violation)).toBe(false);
    });
});
