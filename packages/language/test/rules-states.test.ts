import { describe, expect, it } from 'vitest';
import { analyzeStateIndices, RuleId, stronglyConnectedComponents, type LintDiagnostic } from '@pmpath/language';
import { createTestWorkspace, only } from './test-services.js';

const ws = createTestWorkspace();

const STATE_RULES = [
    RuleId.initialState, RuleId.unreachableState, RuleId.deadEndState, RuleId.therapeuticOdyssey, RuleId.finalStateExit,
];

/** A file from lines, so that line numbers in assertions are easy to read off. */
function lines(...text: string[]): string {
    return text.join('\n') + '\n';
}

/** A pathway `P` whose line 2 declares the clinician `doc`; `body` starts on line 3. */
function pathway(...body: string[]): string {
    return lines('pathway P {', '  actor doc: clinician', ...body, '}');
}

function stateFindings(diagnostics: readonly LintDiagnostic[]): LintDiagnostic[] {
    return diagnostics.filter(d => (STATE_RULES as readonly string[]).includes(d.rule));
}

/** The SPEC §2 example, made fully correct: none of the state or care rules may fire on it. */
const FULL_PATHWAY = lines(
    'pathway CysticFibrosisNewbornScreening {',
    '  title "Newborn screening for cystic fibrosis"',
    '  version "2.1.0"',
    '  owner "Regional newborn screening programme"',
    '',
    '  actor pulmonologist: clinician "Paediatric pulmonologist" { genomics-trained }',
    '  actor lab: laboratory "State screening laboratory"',
    '  actor parents: family',
    '  actor registry: researcher "National CF registry"',
    '  actor tracker: platform "Symptom-tracking app" { monetizes }',
    '',
    '  data irt: biomarker "Immunoreactive trypsinogen" unit "ng/mL"',
    '  data sweatCl: biomarker "Sweat chloride" unit "mmol/L"',
    '  data cftr: genomic "CFTR variant panel"',
    '  data diary: self-tracked "Daily symptom diary"',
    '  data location: passive "Phone geolocation"',
    '',
    '  cutoff IrtHigh: irt >= 60 "ng/mL" source "State protocol 2023"',
    '  cutoff SweatNormal: sweatCl < 30 "mmol/L" source "CFF diagnostic consensus 2017"',
    '  cutoff SweatIntermediate: sweatCl in [30, 60) "mmol/L" source "CFF diagnostic consensus 2017"',
    '  cutoff SweatPositive: sweatCl >= 60 "mmol/L" source "CFF diagnostic consensus 2017"',
    '  cutoff TwoPathogenic: cftr is pathogenic, likely-pathogenic source "CFTR2"',
    '',
    '  consent RegistryConsent by parents {',
    '    permits research',
    '    duo HMB, NPU',
    '    covers cftr, sweatCl',
    '    withdrawable',
    '    recontact',
    '  }',
    '  consent TrackerConsent by parents {',
    '    permits care, commercial',
    '    covers diary, location',
    '    withdrawable',
    '    expires after 1 year',
    '  }',
    '',
    '  initial state Newborn: healthy "Screened newborn"',
    '  state ScreenPositive: hybrid patient-in-waiting "Screen positive, awaiting sweat test" {',
    '    monitor sweatCl every 2 weeks by pulmonologist review after 2 months',
    '    disclose irt to parents by pulmonologist with counselling',
    '  }',
    '  state CFSPID: hybrid patient-in-waiting "CF screen positive, inconclusive diagnosis" {',
    '    monitor sweatCl, cftr every 6 months by pulmonologist review after 1 year until SweatPositive',
    '    disclose cftr to parents by pulmonologist with counselling',
    '  }',
    '  final state CF: sick "Cystic fibrosis: enters CF care pathway"',
    '  final state Cleared: healthy "Not affected"',
    '',
    '  Newborn -> ScreenPositive when IrtHigh by lab, pulmonologist',
    '  Newborn -> Cleared when not IrtHigh by lab',
    '  ScreenPositive -> CF when SweatPositive by pulmonologist',
    '  ScreenPositive -> CFSPID when SweatIntermediate by pulmonologist',
    '  ScreenPositive -> Cleared when SweatNormal by pulmonologist',
    '  CFSPID -> CF when SweatPositive or TwoPathogenic by pulmonologist',
    '  CFSPID -> Cleared after 6 years by pulmonologist',
    '',
    '  flow irt, sweatCl from lab to pulmonologist for care',
    '  flow cftr from lab to pulmonologist for care',
    '  flow cftr, sweatCl from pulmonologist to registry for research under RegistryConsent',
    '  flow diary from parents to tracker for care under TrackerConsent',
    '  flow location from parents to tracker for commercial under TrackerConsent',
    '}',
);

describe('state-graph rules on a correct pathway', () => {
    it('stays quiet on the full cystic-fibrosis pathway', async () => {
        const d = await ws.validate(FULL_PATHWAY);
        expect(only(d, RuleId.syntax)).toEqual([]);
        expect(only(d, RuleId.unresolvedReference)).toEqual([]);
        expect(stateFindings(d)).toEqual([]);
    });
});

describe('initial-state', () => {
    it('reports a pathway without an initial state on the pathway name', async () => {
        const d = await ws.validate(pathway(
            '  state A: healthy',
            '  final state B: healthy',
            '  A -> B by doc',
        ));
        expect(only(d, RuleId.initialState)).toMatchObject([
            { severity: 'error', line: 1, column: 9, endLine: 1, endColumn: 10 },
        ]);
        expect(only(d, RuleId.initialState)[0].message).toContain("Pathway 'P' has no initial state");
    });

    it('reports every initial state after the first, on its name', async () => {
        const d = await ws.validate(pathway(
            '  initial state A: healthy',
            '  initial state B: healthy',
            '  initial state C: healthy',
            '  final state D: healthy',
            '  A -> D by doc',
            '  B -> D by doc',
            '  C -> D by doc',
        ));
        expect(only(d, RuleId.initialState)).toMatchObject([
            { severity: 'error', line: 4, column: 17, endLine: 4, endColumn: 18 },
            { severity: 'error', line: 5, column: 17, endLine: 5, endColumn: 18 },
        ]);
        expect(only(d, RuleId.initialState)[0].message).toContain("already starts at 'A'");
    });

    it('stays quiet with exactly one initial state, and in libraries', async () => {
        const d = await ws.validate(pathway(
            '  initial state A: healthy',
            '  final state B: healthy',
            '  A -> B by doc',
        ));
        expect(stateFindings(d)).toEqual([]);
        const lib = await ws.validate(lines('library L {', '  actor doc: clinician', '}'));
        expect(only(lib, RuleId.initialState)).toEqual([]);
    });
});

describe('unreachable-state', () => {
    it('reports a state that no path from the initial state reaches, on its name', async () => {
        const d = await ws.validate(pathway(
            '  initial state A: healthy',
            '  state X: healthy',
            '  final state F: healthy',
            '  A -> F by doc',
            '  X -> F by doc',
        ));
        expect(only(d, RuleId.unreachableState)).toMatchObject([
            { severity: 'warning', line: 4, column: 9, endLine: 4, endColumn: 10 },
        ]);
        expect(only(d, RuleId.unreachableState)[0].message).toContain("State 'X' is unreachable");
    });

    it('searches from every initial state, even when there are several', async () => {
        const d = await ws.validate(pathway(
            '  initial state A: healthy',
            '  initial state B: healthy',
            '  state X: healthy',
            '  final state F: healthy',
            '  A -> F by doc',
            '  B -> X by doc',
            '  X -> F by doc',
        ));
        expect(only(d, RuleId.unreachableState)).toEqual([]);
        expect(only(d, RuleId.initialState)).toHaveLength(1);
    });

    it('is not reported when the pathway has no initial state', async () => {
        const d = await ws.validate(pathway(
            '  state A: healthy',
            '  state X: healthy',
            '  final state F: healthy',
            '  A -> F by doc',
            '  X -> F by doc',
        ));
        expect(only(d, RuleId.unreachableState)).toEqual([]);
        expect(only(d, RuleId.initialState)).toHaveLength(1);
    });
});

describe('dead-end-state', () => {
    it('reports a non-final state without outgoing transitions, on its name', async () => {
        const d = await ws.validate(pathway(
            '  initial state A: healthy',
            '  state D: sick',
            '  final state F: healthy',
            '  A -> D by doc',
            '  A -> F by doc',
        ));
        expect(only(d, RuleId.deadEndState)).toMatchObject([
            { severity: 'error', line: 4, column: 9, endLine: 4, endColumn: 10 },
        ]);
        expect(only(d, RuleId.deadEndState)[0].message).toContain("State 'D' is a dead end");
    });

    it('does not report final states, which end the pathway', async () => {
        const d = await ws.validate(pathway(
            '  initial state A: healthy',
            '  final state F: healthy',
            '  A -> F by doc',
        ));
        expect(only(d, RuleId.deadEndState)).toEqual([]);
    });

    it('follows the configured severity', async () => {
        const d = await ws.validate(pathway(
            '  initial state A: healthy',
            '  state D: healthy',
            '  final state F: healthy',
            '  A -> D by doc',
            '  A -> F by doc',
        ), { config: { rules: { 'dead-end-state': 'warning' } } });
        expect(only(d, RuleId.deadEndState)).toMatchObject([{ severity: 'warning', line: 4 }]);
    });

    it('is silenced by a suppression comment with a reason', async () => {
        const d = await ws.validate(pathway(
            '  initial state A: healthy',
            '  // pmpath-disable-next-line dead-end-state -- follow-up is handled by the oncology pathway',
            '  state D: healthy',
            '  final state F: healthy',
            '  A -> D by doc',
            '  A -> F by doc',
        ));
        expect(only(d, RuleId.deadEndState)).toEqual([]);
        expect(only(d, RuleId.suppressionWithoutReason)).toEqual([]);
    });
});

describe('therapeutic-odyssey', () => {
    it('reports two separate cycles without an exit once each, on their first state', async () => {
        const d = await ws.validate(pathway(
            '  initial state A: healthy',
            '  state B: sick',
            '  state C: sick',
            '  state D: sick',
            '  state E: sick',
            '  final state F: healthy',
            '  A -> B by doc',
            '  B -> C by doc',
            '  C -> B by doc',
            '  A -> D by doc',
            '  D -> E by doc',
            '  E -> D by doc',
            '  A -> F by doc',
        ));
        expect(only(d, RuleId.therapeuticOdyssey)).toMatchObject([
            { severity: 'warning', line: 4, column: 9, endLine: 4, endColumn: 10 },
            { severity: 'warning', line: 6, column: 9, endLine: 6, endColumn: 10 },
        ]);
        expect(only(d, RuleId.therapeuticOdyssey)[0].message).toContain("States 'B' and 'C' form a cycle");
        expect(only(d, RuleId.deadEndState)).toEqual([]);
    });

    it('reports a group that only leads into another such group as its own finding', async () => {
        const d = await ws.validate(pathway(
            '  initial state A: healthy',
            '  state B: sick',
            '  state C: sick',
            '  state D: sick',
            '  state E: sick',
            '  final state F: healthy',
            '  A -> B by doc',
            '  A -> F by doc',
            '  B -> C by doc',
            '  C -> B by doc',
            '  C -> D by doc',
            '  D -> E by doc',
            '  E -> D by doc',
        ));
        expect(only(d, RuleId.therapeuticOdyssey).map(x => x.line)).toEqual([4, 6]);
    });

    it('reports a state that only transitions to itself', async () => {
        const d = await ws.validate(pathway(
            '  initial state A: healthy',
            '  state S: sick',
            '  final state F: healthy',
            '  A -> S by doc',
            '  A -> F by doc',
            '  S -> S after 1 year by doc',
        ));
        expect(only(d, RuleId.therapeuticOdyssey)).toMatchObject([{ severity: 'warning', line: 4, column: 9 }]);
        expect(only(d, RuleId.therapeuticOdyssey)[0].message).toContain("State 'S' only leads back to itself");
    });

    it('does not report states that merely lead into a cycle', async () => {
        const d = await ws.validate(pathway(
            '  initial state A: healthy',
            '  state G: healthy',
            '  state H: healthy',
            '  state B: sick',
            '  state C: sick',
            '  final state F: healthy',
            '  A -> G by doc',
            '  A -> F by doc',
            '  G -> H by doc',
            '  H -> B by doc',
            '  B -> C by doc',
            '  C -> B by doc',
        ));
        expect(only(d, RuleId.therapeuticOdyssey).map(x => x.line)).toEqual([6]);
    });

    it('stays quiet on a cycle with an exit to a final state', async () => {
        const d = await ws.validate(pathway(
            '  initial state A: healthy',
            '  state B: sick',
            '  state C: sick',
            '  final state F: healthy',
            '  A -> B by doc',
            '  B -> C by doc',
            '  C -> B by doc',
            '  C -> F after 2 years by doc',
        ));
        expect(stateFindings(d)).toEqual([]);
    });
});

describe('final-state-exit', () => {
    it('reports a final state with outgoing transitions, on its name', async () => {
        const d = await ws.validate(pathway(
            '  initial state A: healthy',
            '  final state F: healthy',
            '  A -> F by doc',
            '  F -> A by doc',
        ));
        expect(only(d, RuleId.finalStateExit)).toMatchObject([
            { severity: 'error', line: 4, column: 15, endLine: 4, endColumn: 16 },
        ]);
        expect(only(d, RuleId.finalStateExit)[0].message).toContain("Final state 'F' has outgoing transitions (to 'A')");
        // The cycle A <-> F contains a final state, so it is not an odyssey.
        expect(only(d, RuleId.therapeuticOdyssey)).toEqual([]);
    });

    it('stays quiet when final states have no outgoing transitions', async () => {
        const d = await ws.validate(pathway(
            '  initial state A: healthy',
            '  final state F: healthy',
            '  final state G: sick',
            '  A -> F by doc',
            '  A -> G by doc',
        ));
        expect(only(d, RuleId.finalStateExit)).toEqual([]);
    });
});

describe('unresolved references', () => {
    it('never makes a state rule fire', async () => {
        const d = await ws.validate(pathway(
            '  initial state A: healthy',
            '  state B: sick',
            '  state C: sick',
            '  state X: healthy',
            '  final state F: healthy',
            '  A -> B by doc',
            '  A -> F by doc',
            '  B -> C by doc',
            '  C -> B by doc',
            '  C -> Missing by doc',
            '  Unknown -> X by doc',
            '  X -> F by doc',
        ));
        expect(only(d, RuleId.unresolvedReference).map(x => x.line)).toEqual([12, 13]);
        // C -> Missing still leaves C (no dead end) and may reach a final state (no odyssey);
        // Unknown -> X may bring people into X (not unreachable).
        expect(stateFindings(d)).toEqual([]);
    });

    it('counts a transition to an unresolved state as an exit of a final state', async () => {
        const d = await ws.validate(pathway(
            '  initial state A: healthy',
            '  final state F: healthy',
            '  A -> F by doc',
            '  F -> Nowhere by doc',
        ));
        expect(only(d, RuleId.finalStateExit)).toMatchObject([{ line: 4 }]);
    });
});

describe('duplicate states', () => {
    it('leaves a later duplicate state to duplicate-name', async () => {
        const d = await ws.validate(pathway(
            '  initial state A: healthy',
            '  final state F: healthy',
            '  state A: sick',
            '  A -> F by doc',
        ));
        expect(only(d, RuleId.duplicateName)).toMatchObject([{ line: 5 }]);
        expect(stateFindings(d)).toEqual([]);
    });
});

describe('libraries', () => {
    it('analyses a pathway whose gatekeepers come from an imported library', async () => {
        const result = await ws.validateFiles({
            'lib/actors.pmpath': lines('library Actors {', '  actor doc: clinician', '}'),
            'main.pmpath': lines(
                'import "./lib/actors.pmpath"',
                'pathway P {',
                '  initial state A: healthy',
                '  state D: healthy',
                '  final state F: healthy',
                '  A -> D by doc',
                '  A -> F by doc',
                '}',
            ),
        });
        expect(result['lib/actors.pmpath']).toEqual([]);
        expect(only(result['main.pmpath'], RuleId.unresolvedReference)).toEqual([]);
        expect(stateFindings(result['main.pmpath'])).toMatchObject([{ rule: RuleId.deadEndState, line: 4 }]);
    });
});

describe('large pathways', () => {
    const N = 5000;

    function chain(closing: string): string {
        const body: string[] = ['  initial state S0: healthy'];
        for (let i = 1; i < N - 1; i++) body.push(`  state S${i}: healthy`);
        body.push(`  state S${N - 1}: healthy`);
        for (let i = 0; i < N - 1; i++) body.push(`  S${i} -> S${i + 1} by doc`);
        body.push(closing);
        return pathway(...body);
    }

    it(`reports a ${N}-state cycle once, without overflowing the stack`, async () => {
        const d = await ws.validate(chain(`  S${N - 1} -> S0 by doc`));
        expect(only(d, RuleId.syntax)).toEqual([]);
        expect(only(d, RuleId.therapeuticOdyssey)).toMatchObject([{ line: 3, column: 17 }]);
        expect(only(d, RuleId.therapeuticOdyssey)[0].message).toContain('and 4995 more');
        expect(stateFindings(d)).toHaveLength(1);
    });

    it(`reports only the dead end at the end of a ${N}-state chain`, async () => {
        const d = await ws.validate(chain(''));
        expect(stateFindings(d)).toMatchObject([{ rule: RuleId.deadEndState, line: N + 2 }]);
    });

    it('analyses 200,000 states in a single cycle without recursion', () => {
        const n = 200_000;
        const edges: Array<[number, number]> = [];
        for (let i = 0; i < n; i++) edges.push([i, (i + 1) % n]);
        const result = analyzeStateIndices({ stateCount: n, edges, isInitial: i => i === 0, isFinal: () => false });
        expect(result.odysseys).toHaveLength(1);
        expect(result.odysseys[0]).toHaveLength(n);
        expect(result.unreachable).toEqual([]);
        expect(result.deadEnds).toEqual([]);
    });
});

describe('analyzeStateIndices', () => {
    it('finds strongly connected components', () => {
        const component = stronglyConnectedComponents(6, [[0, 1], [1, 2], [2, 0], [2, 3], [3, 4], [4, 3], [5, 5]]);
        expect(component[0]).toBe(component[1]);
        expect(component[1]).toBe(component[2]);
        expect(component[3]).toBe(component[4]);
        expect(new Set(component).size).toBe(3);
    });

    it('treats escaping transitions as exits and unknown sources as entries', () => {
        // 0 initial -> 1 <-> 2, 2 escapes; 3 entered from unknown -> 4 final.
        const result = analyzeStateIndices({
            stateCount: 5,
            edges: [[0, 1], [1, 2], [2, 1], [3, 4]],
            isInitial: i => i === 0,
            isFinal: i => i === 4,
            escapes: new Set([2]),
            enteredFromUnknown: new Set([3]),
        });
        expect(result).toMatchObject({ initial: [0], unreachable: [], deadEnds: [], finalExits: [], odysseys: [] });
        expect(result.canReachFinal).toEqual([true, true, true, true, true]);
    });

    it('reports every finding of a small graph', () => {
        // 0 initial -> 1 (dead end); 0 -> 2 <-> 3 (odyssey); 5 final -> 0; 4 unreachable -> 5.
        const result = analyzeStateIndices({
            stateCount: 6,
            edges: [[0, 1], [0, 2], [2, 3], [3, 2], [5, 0], [4, 5]],
            isInitial: i => i === 0,
            isFinal: i => i === 5,
        });
        expect(result).toMatchObject({ initial: [0], unreachable: [4, 5], deadEnds: [1], finalExits: [5], odysseys: [[2, 3]] });
    });
});
