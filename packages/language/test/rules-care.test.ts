import { describe, expect, it } from 'vitest';
import { MAX_GUARD_OPERATORS, RuleId, type LintDiagnostic } from '@pmpath/language';
import { guardCutoffs } from '../src/analysis/care-gatekeeping.js';
import { createTestWorkspace, only } from './test-services.js';

const ws = createTestWorkspace();

const CARE_RULES: readonly string[] = [
    RuleId.hybridStatusRequiresMonitoring, RuleId.monitoringWithoutReview, RuleId.monitoringByNonFiduciary,
    RuleId.hybridStatusRequiresDisclosure, RuleId.disclosureWithoutCounselling, RuleId.genomicDisclosureTraining,
    RuleId.sickRoleGatekeeper, RuleId.hybridEntryBridging, RuleId.gatekeeperLacksData,
];

function careFindings(diagnostics: readonly LintDiagnostic[]): LintDiagnostic[] {
    return diagnostics.filter(d => CARE_RULES.includes(d.rule));
}

function lines(...text: string[]): string {
    return text.join('\n') + '\n';
}

/** Lines 1–11 declare actors, data and cutoffs; `body` starts on line 12. */
function care(...body: string[]): string {
    return lines(
        'pathway P {',
        '  actor doc: clinician { genomics-trained }',
        '  actor gp: clinician',
        '  actor lab: laboratory',
        '  actor fam: family',
        '  data ldl: biomarker unit "mg/dL"',
        '  data brca: genomic',
        '  data hba1c: biomarker unit "%"',
        '  cutoff High: ldl >= 190 "mg/dL" source "ESC/EAS 2019"',
        '  cutoff Path: brca is pathogenic source "ENIGMA"',
        '  cutoff Diabetic: hba1c >= 6.5 "%" source "ADA 2024"',
        ...body,
        '}',
    );
}

/** The 1-based range of `text` on a line that contains it. */
function at(line: number, lineText: string, text = lineText.trim()) {
    const column = lineText.indexOf(text) + 1;
    return { line, column, endLine: line, endColumn: column + text.length };
}

/** A BRCA cascade-testing pathway that satisfies every care and state rule. */
const FULL_PATHWAY = lines(
    'pathway BrcaCascadeTesting {',
    '  title "Cascade testing of relatives of a BRCA1/2 carrier"',
    '  version "1.0.0"',
    '',
    '  actor geneticist: clinician "Clinical geneticist" { genomics-trained }',
    '  actor gp: clinician "General practitioner"',
    '  actor lab: laboratory "Genetics laboratory"',
    '  actor relative: family "Tested relative"',
    '',
    '  data brca: genomic "BRCA1/2 variant panel"',
    '  data birads: imaging "Breast MRI BI-RADS category" unit "{category}"',
    '',
    '  cutoff Pathogenic: brca is pathogenic, likely-pathogenic source "ENIGMA classification"',
    '  cutoff NotPathogenic: brca is uncertain, likely-benign, benign source "ENIGMA classification"',
    '  cutoff Suspicious: birads >= 4 "{category}" source "ACR BI-RADS Atlas, 5th edition"',
    '',
    '  initial state Relative: healthy "Untested relative"',
    '  state Carrier: hybrid carrier "BRCA carrier under surveillance" {',
    '    monitor birads every 1 year by gp review after 5 years until Suspicious',
    '    disclose brca to relative by geneticist with counselling',
    '  }',
    '  final state Cancer: sick "Breast cancer: enters the oncology pathway"',
    '  final state NotCarrier: healthy "No pathogenic variant"',
    '',
    '  Relative -> Carrier when Pathogenic by lab, geneticist',
    '  Relative -> NotCarrier when NotPathogenic by geneticist',
    '  Carrier -> Cancer when Suspicious by gp',
    '',
    '  flow brca from lab to geneticist for care',
    '  flow birads from lab to gp for care',
    '}',
);

describe('care rules on a correct pathway', () => {
    it('stay quiet on the full BRCA cascade-testing pathway', async () => {
        const d = await ws.validate(FULL_PATHWAY);
        expect(only(d, RuleId.syntax)).toEqual([]);
        expect(only(d, RuleId.unresolvedReference)).toEqual([]);
        expect(careFindings(d)).toEqual([]);
    });
});

describe('hybrid-status-requires-monitoring', () => {
    it('reports a hybrid state without a monitor plan, on its name', async () => {
        const d = await ws.validate(care(
            '  state H: hybrid carrier {',
            '    disclose brca to fam by doc with counselling',
            '  }',
        ));
        expect(only(d, RuleId.hybridStatusRequiresMonitoring)).toMatchObject([
            { severity: 'error', ...at(12, '  state H: hybrid carrier {', 'H') },
        ]);
        expect(only(d, RuleId.hybridStatusRequiresMonitoring)[0].message).toContain("State 'H' is a hybrid status without a monitoring plan");
    });

    it('applies to final hybrid states too, together with the disclosure rule', async () => {
        const d = await ws.validate(care('  final state H: hybrid at-risk "At risk"'));
        expect(only(d, RuleId.hybridStatusRequiresMonitoring)).toMatchObject([{ line: 12, column: 15 }]);
        expect(only(d, RuleId.hybridStatusRequiresDisclosure)).toMatchObject([{ line: 12, column: 15 }]);
    });

    it('stays quiet on hybrid states with a plan and on healthy or sick states without one', async () => {
        const d = await ws.validate(care(
            '  state H: hybrid subclinical {',
            '    monitor ldl every 6 months by gp review after 1 year',
            '    disclose ldl to fam by gp',
            '  }',
            '  state S: sick',
            '  state W: healthy',
        ));
        expect(careFindings(d)).toEqual([]);
    });
});

describe('monitoring-without-review', () => {
    it('reports a monitor plan with neither review nor until, on the clause', async () => {
        const clause = '    monitor ldl every 1 year by gp';
        const d = await ws.validate(care('  state H: hybrid at-risk {', clause, '    disclose ldl to fam by gp', '  }'));
        expect(only(d, RuleId.monitoringWithoutReview)).toMatchObject([{ severity: 'warning', ...at(13, clause) }]);
        expect(only(d, RuleId.monitoringWithoutReview)[0].message).toContain("monitoring plan of state 'H' has neither");
    });

    it('stays quiet with `review after` or with `until`', async () => {
        const d = await ws.validate(care(
            '  state H: hybrid at-risk {',
            '    monitor ldl every 1 year by gp review after 2 years',
            '    monitor hba1c every 1 year by gp until Diabetic',
            '    disclose ldl to fam by gp',
            '  }',
        ));
        expect(only(d, RuleId.monitoringWithoutReview)).toEqual([]);
    });
});

describe('monitoring-by-non-fiduciary', () => {
    it('reports a monitor plan run by a non-clinician, on the clause', async () => {
        const clause = '    monitor ldl every 1 year by lab review after 1 year';
        const d = await ws.validate(care('  state H: hybrid at-risk {', clause, '    disclose ldl to fam by gp', '  }'));
        expect(only(d, RuleId.monitoringByNonFiduciary)).toMatchObject([{ severity: 'warning', ...at(13, clause) }]);
        expect(only(d, RuleId.monitoringByNonFiduciary)[0].message).toContain("'lab', a laboratory, not a clinician");
    });

    it('stays quiet for a clinician and for an unresolved actor', async () => {
        const d = await ws.validate(care(
            '  state H: hybrid at-risk {',
            '    monitor ldl every 1 year by gp review after 1 year',
            '    monitor hba1c every 1 year by nurse review after 1 year',
            '    disclose ldl to fam by gp',
            '  }',
        ));
        expect(only(d, RuleId.unresolvedReference)).toMatchObject([{ line: 14 }]);
        expect(careFindings(d)).toEqual([]);
    });
});

describe('hybrid-status-requires-disclosure', () => {
    it('reports a hybrid state without a disclose clause, on its name', async () => {
        const d = await ws.validate(care(
            '  state Waiting: hybrid patient-in-waiting {',
            '    monitor ldl every 1 year by gp review after 1 year',
            '  }',
        ));
        expect(only(d, RuleId.hybridStatusRequiresDisclosure)).toMatchObject([
            { severity: 'warning', ...at(12, '  state Waiting: hybrid patient-in-waiting {', 'Waiting') },
        ]);
        expect(careFindings(d)).toHaveLength(1);
    });
});

describe('disclosure-without-counselling', () => {
    it('reports a disclosure of genomic data without counselling, on the clause', async () => {
        const clause = '    disclose ldl, brca to fam by doc';
        const d = await ws.validate(care(
            '  state H: hybrid carrier {',
            '    monitor ldl every 1 year by gp review after 1 year',
            clause,
            '  }',
        ));
        expect(only(d, RuleId.disclosureWithoutCounselling)).toMatchObject([{ severity: 'warning', ...at(14, clause) }]);
        expect(only(d, RuleId.disclosureWithoutCounselling)[0].message).toContain("genomic data 'brca' in state 'H'");
    });

    it('stays quiet with counselling, and for non-genomic data without it', async () => {
        const d = await ws.validate(care(
            '  state H: hybrid carrier {',
            '    monitor ldl every 1 year by gp review after 1 year',
            '    disclose brca to fam by doc with counselling',
            '    disclose ldl to fam by gp',
            '  }',
        ));
        expect(careFindings(d)).toEqual([]);
    });
});

describe('genomic-disclosure-training', () => {
    it('reports a genomic disclosure by an actor that is not genomics-trained, on the clause', async () => {
        const clause = '    disclose brca to fam by gp with counselling';
        const d = await ws.validate(care(
            '  state H: hybrid carrier {',
            '    monitor ldl every 1 year by gp review after 1 year',
            clause,
            '  }',
        ));
        expect(only(d, RuleId.genomicDisclosureTraining)).toMatchObject([{ severity: 'warning', ...at(14, clause) }]);
        expect(only(d, RuleId.genomicDisclosureTraining)[0].message).toContain("'gp' discloses genomic data 'brca'");
    });

    it('stays quiet for a genomics-trained actor, an unresolved actor or unresolved data', async () => {
        const d = await ws.validate(care(
            '  state H: hybrid carrier {',
            '    monitor ldl every 1 year by gp review after 1 year',
            '    disclose brca to fam by doc with counselling',
            '    disclose brca to fam by counsellor with counselling',
            '    disclose exome to fam by gp',
            '  }',
        ));
        expect(only(d, RuleId.unresolvedReference).map(x => x.line)).toEqual([15, 16]);
        expect(careFindings(d)).toEqual([]);
    });
});

describe('the disclosure rules on genomic scores and pharmacogenomic data', () => {
    /** `care()` with a polygenic score and a CYP2C19 phenotype declared on lines 12 and 13. */
    const withScores = (...body: string[]) => care('  data prs: genomic-score "Polygenic risk score"', '  data cyp: pharmacogenomic "CYP2C19 phenotype"', ...body);

    it('count both as genomic data for disclosure-without-counselling and genomic-disclosure-training (SPEC §2.1)', async () => {
        const d = await ws.validate(withScores(
            '  state H: hybrid at-risk {',
            '    monitor ldl every 1 year by gp review after 1 year',
            '    disclose prs to fam by gp',
            '    disclose cyp to fam by gp',
            '  }',
        ));
        expect(only(d, RuleId.disclosureWithoutCounselling).map(x => x.line)).toEqual([16, 17]);
        expect(only(d, RuleId.genomicDisclosureTraining).map(x => x.line)).toEqual([16, 17]);
        expect(only(d, RuleId.disclosureWithoutCounselling)[0].message).toContain("'prs'");
    });

    it('stay quiet for them when a genomics-trained actor discloses with counselling', async () => {
        const d = await ws.validate(withScores(
            '  state H: hybrid at-risk {',
            '    monitor ldl every 1 year by gp review after 1 year',
            '    disclose prs, cyp to fam by doc with counselling',
            '  }',
        ));
        expect(careFindings(d)).toEqual([]);
    });
});

describe('sick-role-gatekeeper', () => {
    it('reports a transition into a sick state without a clinician, on the transition', async () => {
        const transition = '  A -> S when High by lab';
        const d = await ws.validate(care(
            '  initial state A: healthy',
            '  final state S: sick',
            transition,
            '  flow ldl from lab to gp for care',
        ));
        expect(only(d, RuleId.sickRoleGatekeeper)).toMatchObject([{ severity: 'error', ...at(14, transition) }]);
        expect(only(d, RuleId.sickRoleGatekeeper)[0].message).toContain("Transition 'A -> S' confers the sick role of state 'S', but none of its gatekeepers ('lab')");
    });

    it('stays quiet with a clinician among the gatekeepers, or an unresolved gatekeeper', async () => {
        const d = await ws.validate(care(
            '  initial state A: healthy',
            '  final state S: sick',
            '  A -> S when High by lab, gp',
            '  A -> S when High by lab, oncologist',
            '  flow ldl from lab to gp for care',
        ));
        expect(only(d, RuleId.unresolvedReference)).toMatchObject([{ line: 15 }]);
        expect(careFindings(d)).toEqual([]);
    });

    it('can be suppressed with a reason, and other care rules can be switched off', async () => {
        const d = await ws.validate(care(
            '  initial state A: healthy',
            '  state H: hybrid at-risk',
            '  final state S: sick',
            '  // pmpath-disable-next-line sick-role-gatekeeper -- the lab result alone confers the diagnosis here',
            '  A -> S when High by lab',
            '  A -> H when High by lab',
            '  H -> S by lab',
            '  flow ldl from lab to gp for care',
        ), { config: { rules: { 'hybrid-entry-bridging': 'off', 'hybrid-status-requires-monitoring': 'warning' } } });
        expect(only(d, RuleId.sickRoleGatekeeper)).toMatchObject([{ line: 18 }]);
        expect(only(d, RuleId.hybridEntryBridging)).toEqual([]);
        expect(only(d, RuleId.hybridStatusRequiresMonitoring)).toMatchObject([{ severity: 'warning', line: 13 }]);
    });
});

describe('hybrid-entry-bridging', () => {
    it('reports a transition into a hybrid state without a clinician, on the transition', async () => {
        const transition = '  A -> H when High by lab';
        const d = await ws.validate(care(
            '  initial state A: healthy',
            '  state H: hybrid at-risk {',
            '    monitor ldl every 1 year by gp review after 1 year',
            '    disclose ldl to fam by gp',
            '  }',
            '  final state W: healthy',
            transition,
            '  H -> W after 1 year by gp',
            '  flow ldl from lab to gp for care',
        ));
        expect(only(d, RuleId.hybridEntryBridging)).toMatchObject([{ severity: 'warning', ...at(18, transition) }]);
        expect(only(d, RuleId.hybridEntryBridging)[0].message).toContain("into the hybrid status 'H'");
        expect(only(d, RuleId.sickRoleGatekeeper)).toEqual([]);
    });

    it('stays quiet with a clinician among the gatekeepers and for healthy targets', async () => {
        const d = await ws.validate(care(
            '  initial state A: healthy',
            '  state H: hybrid at-risk {',
            '    monitor ldl every 1 year by gp review after 1 year',
            '    disclose ldl to fam by gp',
            '  }',
            '  final state W: healthy',
            '  A -> H when High by lab, gp',
            '  H -> W after 1 year by lab',
            '  flow ldl from lab to gp for care',
        ));
        expect(careFindings(d)).toEqual([]);
    });
});

describe('gatekeeper-lacks-data', () => {
    it('reports one finding per data item the gatekeepers never see, under not, and, or and parentheses', async () => {
        const transition = '  A -> S when not (High and (Path or Diabetic)) by gp';
        const d = await ws.validate(care(
            '  initial state A: healthy',
            '  final state S: sick',
            transition,
            '  flow ldl from lab to gp for care',
        ));
        const found = only(d, RuleId.gatekeeperLacksData);
        expect(found).toMatchObject([
            { severity: 'warning', ...at(14, transition) },
            { severity: 'warning', ...at(14, transition) },
        ]);
        expect(found[0].message).toContain("cutoff 'Path' on data 'brca', but none of its gatekeepers ('gp') sends or receives 'brca'");
        expect(found[1].message).toContain("cutoff 'Diabetic' on data 'hba1c'");
    });

    it('reports several cutoffs on the same data once, naming them all', async () => {
        const d = await ws.validate(care(
            '  cutoff VeryHigh: ldl >= 250 "mg/dL" source "ESC/EAS 2019"',
            '  initial state A: healthy',
            '  final state S: sick',
            '  A -> S when High or VeryHigh or High by gp',
        ));
        const found = only(d, RuleId.gatekeeperLacksData);
        expect(found).toMatchObject([{ line: 15 }]);
        expect(found[0].message).toContain("cutoffs 'High' and 'VeryHigh' on data 'ldl'");
    });

    it('stays quiet when a gatekeeper sends or receives the data', async () => {
        const d = await ws.validate(care(
            '  initial state A: healthy',
            '  final state S: sick',
            '  final state T: sick',
            '  A -> S when High and Path by lab, doc',
            '  A -> T when Diabetic by gp',
            '  flow ldl from lab to fam for care',
            '  flow brca from fam to doc for care',
            '  flow hba1c from gp to lab for care',
        ));
        expect(careFindings(d)).toEqual([]);
    });

    it('stays quiet on unresolved cutoffs and unresolved gatekeepers', async () => {
        const d = await ws.validate(care(
            '  initial state A: healthy',
            '  final state S: sick',
            '  A -> S when Missing or High by gp, ghost',
            '  A -> S when not Missing by gp',
        ));
        expect(only(d, RuleId.unresolvedReference).map(x => x.line)).toEqual([14, 14, 15]);
        expect(careFindings(d)).toEqual([]);
    });

    it('stays quiet when a flow with an unresolved end or data item might reach the gatekeeper', async () => {
        const d = await ws.validate(care(
            '  initial state A: healthy',
            '  final state S: sick',
            '  final state T: sick',
            '  A -> S when High by gp',
            '  A -> T when Diabetic by doc',
            '  flow ldl from lab to gpp for care',
            '  flow hba1c_typo from lab to doc for care',
        ));
        expect(only(d, RuleId.unresolvedReference).map(x => x.line)).toEqual([17, 18]);
        expect(only(d, RuleId.gatekeeperLacksData)).toEqual([]);
    });

    it('handles a long left-nested chain of `and`s in a pathway', async () => {
        // The lexer rejects guards of more than MAX_GUARD_OPERATORS operators;
        // stay just below that limit.
        const guard = Array.from({ length: MAX_GUARD_OPERATORS + 1 }, (_, i) => (i % 2 === 0 ? 'High' : 'Diabetic')).join(' and ');
        const d = await ws.validate(care(
            '  initial state A: healthy',
            '  final state S: sick',
            `  A -> S when ${guard} by gp`,
            '  flow ldl from lab to gp for care',
        ));
        expect(only(d, RuleId.syntax)).toEqual([]);
        const found = only(d, RuleId.gatekeeperLacksData);
        expect(found).toHaveLength(1);
        expect(found[0].message).toContain("data 'hba1c'");
    });

    it('collects the cutoffs of a guard 100,000 levels deep without recursion', () => {
        const depth = 100_000;
        const leaf = (name: string) => ({ $type: 'CutoffGuard', cutoff: { $refText: name } });
        // ((((c0 and c1) and c2) ... ) under `not` and parentheses every few levels.
        let guard: Record<string, unknown> = leaf('c0');
        for (let i = 1; i < depth; i++) {
            guard = { $type: 'AndGuard', left: guard, right: leaf(`c${i}`) };
            if (i % 3 === 0) guard = { $type: 'NotGuard', operand: guard };
            if (i % 5 === 0) guard = { $type: 'GroupGuard', inner: guard };
            if (i % 7 === 0) guard = { $type: 'OrGuard', left: guard, right: leaf(`d${i}`) };
        }
        const found = guardCutoffs(guard as unknown as Parameters<typeof guardCutoffs>[0]);
        expect(found).toHaveLength(depth + Math.floor((depth - 1) / 7));
        expect(found[0].cutoff.$refText).toBe('c0');
        expect(found[1].cutoff.$refText).toBe('c1');
    });

    it('lists every cutoff of a guard in source order, iteratively', async () => {
        const docs = await ws.build({ 'g.pmpath': care('  initial state A: healthy', '  final state S: sick', '  A -> S when (High or not Path) and Diabetic by gp') });
        const root = docs['g.pmpath'].parseResult.value as unknown as { body: { elements: Array<{ $type: string; guard?: never }> } };
        const transition = root.body.elements.find(e => e.$type === 'Transition');
        expect(guardCutoffs(transition?.guard).map(g => g.cutoff.$refText)).toEqual(['High', 'Path', 'Diabetic']);
        expect(guardCutoffs(undefined)).toEqual([]);
    });
});

describe('care rules across files', () => {
    it('use actors and data imported from a library', async () => {
        const result = await ws.validateFiles({
            'lib/shared.pmpath': lines(
                'library Shared {',
                '  actor lab: laboratory',
                '  actor gp: clinician',
                '  data ldl: biomarker unit "mg/dL"',
                '  cutoff High: ldl >= 190 "mg/dL" source "ESC/EAS 2019"',
                '}',
            ),
            'main.pmpath': lines(
                'import "./lib/shared.pmpath"',
                'pathway P {',
                '  initial state A: healthy',
                '  final state S: sick',
                '  final state T: sick',
                '  A -> S when High by lab',
                '  A -> T when High by gp',
                '  flow ldl from lab to lab for quality',
                '}',
            ),
        });
        expect(only(result['main.pmpath'], RuleId.unresolvedReference)).toEqual([]);
        expect(careFindings(result['main.pmpath'])).toMatchObject([
            { rule: RuleId.sickRoleGatekeeper, line: 6 },
            { rule: RuleId.gatekeeperLacksData, line: 7 },
        ]);
        expect(careFindings(result['lib/shared.pmpath'])).toEqual([]);
    });

    it('leave states and transitions misplaced in a library to the syntax rule', async () => {
        const d = await ws.validate(lines(
            'library L {',
            '  actor lab: laboratory',
            '  data brca: genomic',
            '  state H: hybrid carrier {',
            '    monitor brca every 1 year by lab',
            '    disclose brca to lab by lab',
            '  }',
            '  final state S: sick',
            '  H -> S by lab',
            '}',
        ));
        expect(only(d, RuleId.syntax).length).toBeGreaterThan(0);
        expect(careFindings(d)).toEqual([]);
    });
});
