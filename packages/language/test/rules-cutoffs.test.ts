import { describe, expect, it } from 'vitest';
import {
    describeRange, findGaps, intersectRanges, RuleId, type LintDiagnostic, type NumericRange
} from '@pmpath/language';
import { createTestWorkspace, only } from './test-services.js';

const ws = createTestWorkspace();

const CUTOFF_RULES: readonly string[] = [
    RuleId.cutoffUnitMismatch, RuleId.cutoffTypeMismatch, RuleId.cutoffWithoutSource,
    RuleId.ambiguousCutoffs, RuleId.uncoveredRange,
];

/** A clean pathway: none of the cutoff rules may fire on it. */
const FULL = `pathway CleanCF {
  title "Newborn screening for cystic fibrosis"
  actor pulmonologist: clinician "Paediatric pulmonologist" { genomics-trained }
  actor lab: laboratory "State screening laboratory"
  actor parents: family
  data irt: biomarker "Immunoreactive trypsinogen" unit "ng/mL"
  data sweatCl: biomarker "Sweat chloride" unit "mmol/L"
  data cftr: genomic "CFTR variant panel"
  cutoff IrtHigh: irt >= 60 "ng/mL" source "State protocol 2023"
  cutoff SweatNormal: sweatCl < 30 "mmol/L" source "CFF diagnostic consensus 2017"
  cutoff SweatIntermediate: sweatCl in [30, 60) "mmol/L" source "CFF diagnostic consensus 2017"
  cutoff SweatPositive: sweatCl >= 60 "mmol/L" source "CFF diagnostic consensus 2017"
  cutoff TwoPathogenic: cftr is pathogenic, likely-pathogenic source "CFTR2"
  cutoff NoPathogenic: cftr is benign, likely-benign source "CFTR2"
  initial state Newborn: healthy "Screened newborn"
  state ScreenPositive: hybrid patient-in-waiting {
    monitor irt every 2 weeks by pulmonologist review after 2 months
    disclose irt to parents by pulmonologist with counselling
  }
  state CFSPID: hybrid patient-in-waiting {
    monitor sweatCl, cftr every 6 months by pulmonologist review after 1 year until SweatPositive
    disclose cftr to parents by pulmonologist with counselling
  }
  final state CF: sick
  final state Cleared: healthy
  Newborn -> ScreenPositive when IrtHigh by lab, pulmonologist
  Newborn -> Cleared when not IrtHigh by lab
  ScreenPositive -> CF when SweatPositive by pulmonologist
  ScreenPositive -> CFSPID when SweatIntermediate by pulmonologist
  ScreenPositive -> Cleared when (SweatNormal) by pulmonologist
  CFSPID -> CF when TwoPathogenic by pulmonologist
  CFSPID -> Cleared when NoPathogenic by pulmonologist
  flow irt, sweatCl from lab to pulmonologist for care
  flow cftr from lab to pulmonologist for care
}
`;

/**
 * A pathway with state `S` (not monitoring `v`) and targets `A`, `B`, `C`;
 * `v` is a biomarker in "mg/dL", `g` genomic. `body` adds cutoffs and transitions.
 */
function pathway(body: string, options: { monitorV?: boolean } = {}): string {
    const monitor = options.monitorV ? '{\n    monitor v every 1 month by doc review after 1 year\n  }' : '';
    return `pathway P {
  actor doc: clinician
  data v: biomarker unit "mg/dL"
  data w: biomarker unit "mg/dL"
  data g: genomic
  initial state S: healthy ${monitor}
  final state A: sick
  final state B: healthy
  final state C: healthy
${body.split('\n').map(l => (l.trim() ? `  ${l.trim()}` : '')).join('\n')}
}
`;
}

/** 1-based number of the first line of `text` containing `snippet`. */
function lineOf(text: string, snippet: string): number {
    const index = text.split('\n').findIndex(l => l.includes(snippet));
    if (index < 0) throw new Error(`snippet not found: ${snippet}`);
    return index + 1;
}

/** The range of a whole (trimmed) line: where a finding on a one-line element goes. */
function lineRange(text: string, snippet: string): Pick<LintDiagnostic, 'line' | 'column' | 'endLine' | 'endColumn'> {
    const line = lineOf(text, snippet);
    const content = text.split('\n')[line - 1];
    const column = content.length - content.trimStart().length + 1;
    const trimmedEnd = content.replace(/\s*(\/\/.*)?$/, '').length;
    return { line, column, endLine: line, endColumn: trimmedEnd + 1 };
}

function noLanguageErrors(d: readonly LintDiagnostic[]): void {
    expect(d.filter(x => x.rule === RuleId.syntax || x.rule === RuleId.unresolvedReference)).toEqual([]);
}

describe('the full pathway', () => {
    it('parses cleanly and triggers none of the cutoff rules', async () => {
        const d = await ws.validate(FULL);
        noLanguageErrors(d);
        expect(d.filter(x => CUTOFF_RULES.includes(x.rule))).toEqual([]);
    });
});

describe('cutoff-unit-mismatch', () => {
    it('reports a numeric cutoff in another unit than its data, on the cutoff declaration', async () => {
        const text = pathway('cutoff High: v >= 200 "mmol/L" source "s"\nS -> A when High by doc');
        const d = await ws.validate(text);
        noLanguageErrors(d);
        const found = only(d, RuleId.cutoffUnitMismatch);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ severity: 'error', ...lineRange(text, 'cutoff High') });
        expect(found[0].message).toContain("Cutoff 'High'");
        expect(found[0].message).toContain('"mg/dL"');
    });

    it('counts a unit missing on either side as a difference, for intervals too', async () => {
        const text = `pathway P {
  data v: biomarker unit "mg/dL"
  data n: clinical
  cutoff NoUnit: v < 100 source "s"
  cutoff DataHasNone: n in [1, 2] "kg" source "s"
  cutoff Interval: v in [1, 2) "g/L" source "s"
  cutoff BothNone: n > 3 source "s"
  cutoff Same: v in (1, 2] "mg/dL" source "s"
}
`;
        const found = only(await ws.validate(text), RuleId.cutoffUnitMismatch);
        expect(found.map(f => f.line)).toEqual([4, 5, 6]);
        expect(found[0].message).toContain('gives no unit');
        expect(found[1].message).toContain("data 'n' declares no unit");
    });

    it('stays quiet on matching units and on variant-class cutoffs', async () => {
        const text = pathway('cutoff High: v >= 200 "mg/dL" source "s"\ncutoff Path: g is pathogenic source "s"\nS -> A when High by doc\nS -> B when Path by doc');
        expect(only(await ws.validate(text), RuleId.cutoffUnitMismatch)).toEqual([]);
    });
});

describe('cutoff-type-mismatch', () => {
    it('reports a numeric comparison on genomic data', async () => {
        const text = pathway('cutoff Many: g >= 2 source "s"\nS -> A when Many by doc');
        const found = only(await ws.validate(text), RuleId.cutoffTypeMismatch);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ severity: 'error', ...lineRange(text, 'cutoff Many') });
        expect(found[0].message).toContain('variant class');
    });

    it('reports a variant class on non-genomic data, and an interval on genomic data', async () => {
        const text = pathway('cutoff Odd: v is pathogenic source "s"\ncutoff Span: g in [1, 2] source "s"\nS -> A when Odd by doc\nS -> B when Span by doc');
        const found = only(await ws.validate(text), RuleId.cutoffTypeMismatch);
        expect(found.map(f => f.line)).toEqual([lineOf(text, 'cutoff Odd'), lineOf(text, 'cutoff Span')]);
        expect(found[0].message).toContain('biomarker data, which takes a number, not a variant class');
    });

    it('reports a metabolizer phenotype on genomic data, a variant class and a number on pharmacogenomic data', async () => {
        const text = pathway('data pgx: pharmacogenomic "CYP2C19 phenotype"\ncutoff Pm: g is poor-metabolizer source "s"\ncutoff Vc: pgx is pathogenic source "s"\ncutoff Num: pgx >= 1 source "s"\nS -> A when Pm by doc\nS -> B when Vc by doc\nS -> C when Num by doc\nflow pgx from doc to doc for care');
        const found = only(await ws.validate(text), RuleId.cutoffTypeMismatch);
        expect(found.map(f => f.line)).toEqual([lineOf(text, 'cutoff Pm'), lineOf(text, 'cutoff Vc'), lineOf(text, 'cutoff Num')]);
        expect(found[0].message).toContain('genomic data, which takes a variant class');
        expect(found[1].message).toContain('pharmacogenomic data, which takes a metabolizer phenotype');
    });

    it('stays quiet on phenotypes for pharmacogenomic data and numbers for genomic scores', async () => {
        const text = pathway('data pgx: pharmacogenomic\ndata prs: genomic-score\ncutoff Pm: pgx is poor-metabolizer, intermediate-metabolizer source "s"\ncutoff High: prs >= 1.5 source "s"\nS -> A when Pm by doc\nS -> B when High by doc\nflow pgx, prs from doc to doc for care');
        expect(only(await ws.validate(text), RuleId.cutoffTypeMismatch)).toEqual([]);
    });

    it('stays quiet on numbers for biomarkers and classes for genomic data', async () => {
        const text = pathway('cutoff High: v >= 200 "mg/dL" source "s"\ncutoff Path: g is pathogenic, likely-pathogenic source "s"\nS -> A when High by doc\nS -> B when Path by doc');
        expect(only(await ws.validate(text), RuleId.cutoffTypeMismatch)).toEqual([]);
    });

    it('does not fire on a cutoff whose data is unresolved', async () => {
        const d = await ws.validate(pathway('cutoff X: missing is pathogenic\nS -> A when X by doc'));
        expect(only(d, RuleId.unresolvedReference)).toHaveLength(1);
        expect(only(d, RuleId.cutoffTypeMismatch)).toEqual([]);
        expect(only(d, RuleId.cutoffUnitMismatch)).toEqual([]);
    });
});

describe('cutoff-without-source', () => {
    it('reports a cutoff without source as a warning on the declaration', async () => {
        const text = pathway('cutoff High: v >= 200 "mg/dL"\nS -> A when High by doc');
        const found = only(await ws.validate(text), RuleId.cutoffWithoutSource);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ severity: 'warning', ...lineRange(text, 'cutoff High') });
        expect(found[0].message).toContain("Cutoff 'High' has no source");
    });

    it('reports a blank source and stays quiet on a real one', async () => {
        const text = pathway('cutoff Blank: v >= 200 "mg/dL" source "  "\ncutoff Ok: v < 100 "mg/dL" source "ADA 2024"\nS -> A when Blank by doc\nS -> B when Ok by doc');
        const found = only(await ws.validate(text), RuleId.cutoffWithoutSource);
        expect(found.map(f => f.line)).toEqual([lineOf(text, 'cutoff Blank')]);
        expect(found[0].message).toContain('empty source');
    });

    it('follows the configured severity and a suppression comment with a reason', async () => {
        const text = pathway('cutoff High: v >= 200 "mg/dL"\nS -> A when High by doc');
        const configured = only(await ws.validate(text, { config: { rules: { 'cutoff-without-source': 'error' } } }), RuleId.cutoffWithoutSource);
        expect(configured).toMatchObject([{ severity: 'error', line: lineOf(text, 'cutoff High') }]);
        expect(only(await ws.validate(text, { config: { rules: { 'cutoff-without-source': 'off' } } }), RuleId.cutoffWithoutSource)).toEqual([]);

        const suppressed = pathway('// pmpath-disable-next-line cutoff-without-source -- threshold agreed locally, paper in press\ncutoff High: v >= 200 "mg/dL"\nS -> A when High by doc');
        const d = await ws.validate(suppressed);
        expect(only(d, RuleId.cutoffWithoutSource)).toEqual([]);
        expect(only(d, RuleId.suppressionWithoutReason)).toEqual([]);
    });
});

describe('ambiguous-cutoffs', () => {
    const ambiguous = async (cutoffs: string, transitions: string) =>
        only(await ws.validate(pathway(`${cutoffs}\n${transitions}`)), RuleId.ambiguousCutoffs);

    it('reports `<= 30` and `>= 30` (they share 30) on the later transition', async () => {
        const text = pathway('cutoff Low: v <= 30 "mg/dL" source "s"\ncutoff High: v >= 30 "mg/dL" source "s"\nS -> A when Low by doc\nS -> B when High by doc');
        const d = await ws.validate(text);
        noLanguageErrors(d);
        const found = only(d, RuleId.ambiguousCutoffs);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ severity: 'error', ...lineRange(text, 'S -> B when High') });
        expect(found[0].message).toContain('the value 30');
        expect(found[0].message).toContain("'Low' and 'High'");
    });

    it('stays quiet on `< 30` and `>= 30`', async () => {
        expect(await ambiguous('cutoff Low: v < 30 "mg/dL" source "s"\ncutoff High: v >= 30 "mg/dL" source "s"', 'S -> A when Low by doc\nS -> B when High by doc')).toEqual([]);
    });

    it('treats `= 30` as the point 30 and minds open and closed interval ends', async () => {
        expect(await ambiguous('cutoff Eq: v = 30 "mg/dL" source "s"\ncutoff Mid: v in [30, 60) "mg/dL" source "s"', 'S -> A when Eq by doc\nS -> B when Mid by doc')).toHaveLength(1);
        expect(await ambiguous('cutoff Eq: v = 30 "mg/dL" source "s"\ncutoff Mid: v in (30, 60) "mg/dL" source "s"', 'S -> A when Eq by doc\nS -> B when Mid by doc')).toEqual([]);
        expect(await ambiguous('cutoff Mid: v in [30, 60) "mg/dL" source "s"\ncutoff High: v >= 60 "mg/dL" source "s"', 'S -> A when Mid by doc\nS -> B when High by doc')).toEqual([]);
        const overlap = await ambiguous('cutoff X: v in [10, 20] "mg/dL" source "s"\ncutoff Y: v in (15, 40) "mg/dL" source "s"', 'S -> A when X by doc\nS -> B when Y by doc');
        expect(overlap).toHaveLength(1);
        expect(overlap[0].message).toContain('values from 15 to 20 (15 excluded, 20 included)');
    });

    it('reports shared variant classes and stays quiet on distinct ones', async () => {
        const text = pathway('cutoff P: g is pathogenic, likely-pathogenic source "s"\ncutoff U: g is likely-pathogenic, uncertain source "s"\nS -> A when P by doc\nS -> B when U by doc');
        const found = only(await ws.validate(text), RuleId.ambiguousCutoffs);
        expect(found).toMatchObject([{ line: lineOf(text, 'S -> B when U') }]);
        expect(found[0].message).toContain('likely-pathogenic');
        expect(await ambiguous('cutoff P: g is pathogenic source "s"\ncutoff B: g is benign, likely-benign source "s"', 'S -> A when P by doc\nS -> B when B by doc')).toEqual([]);
    });

    it('does not report transitions to the same state', async () => {
        expect(await ambiguous('cutoff Low: v <= 30 "mg/dL" source "s"\ncutoff High: v >= 30 "mg/dL" source "s"', 'S -> A when Low by doc\nS -> A when High by doc')).toEqual([]);
    });

    it('counts a parenthesised cutoff as a single cutoff, but not `not X`, `and` or another data item', async () => {
        const cutoffs = 'cutoff Low: v <= 30 "mg/dL" source "s"\ncutoff High: v >= 20 "mg/dL" source "s"\ncutoff W: w >= 0 "mg/dL" source "s"';
        expect(await ambiguous(cutoffs, 'S -> A when ((Low)) by doc\nS -> B when (High) by doc')).toHaveLength(1);
        expect(await ambiguous(cutoffs, 'S -> A when not Low by doc\nS -> B when High by doc')).toEqual([]);
        expect(await ambiguous(cutoffs, 'S -> A when Low and W by doc\nS -> B when High by doc')).toEqual([]);
        expect(await ambiguous(cutoffs, 'S -> A when W by doc\nS -> B when High by doc')).toEqual([]);
    });

    it('reports one finding per overlapping pair, each on the later transition', async () => {
        const text = pathway('cutoff X: v >= 10 "mg/dL" source "s"\ncutoff Y: v >= 20 "mg/dL" source "s"\ncutoff Z: v >= 30 "mg/dL" source "s"\nS -> A when X by doc\nS -> B when Y by doc\nS -> C when Z by doc');
        const found = only(await ws.validate(text), RuleId.ambiguousCutoffs);
        expect(found.map(f => f.line)).toEqual([lineOf(text, 'when Y'), lineOf(text, 'when Z'), lineOf(text, 'when Z')]);
    });

    it('does not fire because of an unresolved cutoff or target state', async () => {
        const d = await ws.validate(pathway('cutoff Low: v <= 30 "mg/dL" source "s"\nS -> A when Low by doc\nS -> B when Nope by doc\nS -> Nowhere when Low by doc'));
        expect(only(d, RuleId.unresolvedReference)).toHaveLength(2);
        expect(only(d, RuleId.ambiguousCutoffs)).toEqual([]);
    });
});

describe('uncovered-range', () => {
    it('reports `< 100` and `> 100`, which miss 100, as a warning on the state name', async () => {
        const text = pathway('cutoff Low: v < 100 "mg/dL" source "s"\ncutoff High: v > 100 "mg/dL" source "s"\nS -> A when Low by doc\nS -> B when High by doc');
        const d = await ws.validate(text);
        noLanguageErrors(d);
        const found = only(d, RuleId.uncoveredRange);
        expect(found).toHaveLength(1);
        const line = lineOf(text, 'initial state S');
        const column = text.split('\n')[line - 1].indexOf(' S:') + 2;
        expect(found[0]).toMatchObject({ severity: 'warning', line, column, endLine: line, endColumn: column + 1 });
        expect(found[0].message).toContain('the value 100');
        expect(found[0].message).toContain("state 'S'");
    });

    it('names the gap with its open and closed ends, even when the targets are the same', async () => {
        const found = only(await ws.validate(pathway('cutoff Low: v < 30 "mg/dL" source "s"\ncutoff High: v >= 60 "mg/dL" source "s"\nS -> A when Low by doc\nS -> A when High by doc')), RuleId.uncoveredRange);
        expect(found).toHaveLength(1);
        expect(found[0].message).toContain('values from 30 to 60 (30 included, 60 excluded)');
    });

    it('finds gaps between intervals with open ends and lists every gap in one finding', async () => {
        const found = only(await ws.validate(pathway('cutoff X: v in [0, 10) "mg/dL" source "s"\ncutoff Y: v in (10, 20] "mg/dL" source "s"\ncutoff Z: v in (25, 30] "mg/dL" source "s"\nS -> A when X by doc\nS -> B when Y by doc\nS -> C when Z by doc')), RuleId.uncoveredRange);
        expect(found).toHaveLength(1);
        expect(found[0].message).toContain('the value 10 and values from 20 to 25 (20 excluded, 25 included)');
    });

    it('stays quiet when a third transition fills the gap', async () => {
        const text = pathway('cutoff Low: v < 30 "mg/dL" source "s"\ncutoff Mid: v in [30, 60) "mg/dL" source "s"\ncutoff High: v >= 60 "mg/dL" source "s"\nS -> A when Low by doc\nS -> B when High by doc\nS -> C when Mid by doc');
        expect(only(await ws.validate(text), RuleId.uncoveredRange)).toEqual([]);
    });

    it('stays quiet when the state monitors the data', async () => {
        const text = pathway('cutoff Low: v < 30 "mg/dL" source "s"\ncutoff High: v >= 60 "mg/dL" source "s"\nS -> A when Low by doc\nS -> B when High by doc', { monitorV: true });
        const d = await ws.validate(text);
        noLanguageErrors(d);
        expect(only(d, RuleId.uncoveredRange)).toEqual([]);
    });

    it('ignores values outside the span of the bounds, single transitions and class cutoffs', async () => {
        expect(only(await ws.validate(pathway('cutoff X: v >= 30 "mg/dL" source "s"\ncutoff Y: v >= 60 "mg/dL" source "s"\nS -> A when X by doc\nS -> B when Y by doc')), RuleId.uncoveredRange)).toEqual([]);
        expect(only(await ws.validate(pathway('cutoff X: v >= 30 "mg/dL" source "s"\nS -> A when X by doc')), RuleId.uncoveredRange)).toEqual([]);
        expect(only(await ws.validate(pathway('cutoff P: g is pathogenic source "s"\ncutoff B: g is benign source "s"\nS -> A when P by doc\nS -> B when B by doc')), RuleId.uncoveredRange)).toEqual([]);
    });
});

describe('cutoffs across files', () => {
    it('checks cutoffs declared in an imported library, reporting each finding in its own file', async () => {
        const result = await ws.validateFiles({
            'lib/labs.pmpath': `library Labs {
  data ldl: biomarker "LDL cholesterol" unit "mmol/L"
  cutoff LdlHigh: ldl >= 4.9 "mg/dL" source "ESC 2019"
  cutoff LdlNormal: ldl <= 4.9 "mmol/L" source "ESC 2019"
}
`,
            'main.pmpath': `import "lib/labs.pmpath"
pathway P {
  actor doc: clinician
  initial state S: healthy
  final state A: sick
  final state B: healthy
  S -> A when LdlHigh by doc
  S -> B when LdlNormal by doc
}
`,
        });
        noLanguageErrors(result['main.pmpath']);
        noLanguageErrors(result['lib/labs.pmpath']);
        expect(only(result['lib/labs.pmpath'], RuleId.cutoffUnitMismatch)).toMatchObject([{ line: 3, column: 3 }]);
        expect(only(result['main.pmpath'], RuleId.ambiguousCutoffs)).toMatchObject([{ line: 8, column: 3 }]);
        expect(only(result['main.pmpath'], RuleId.ambiguousCutoffs)[0].message).toContain('the value 4.9');
    });
});

describe('range arithmetic', () => {
    const r = (low: number, lowClosed: boolean, high: number, highClosed: boolean): NumericRange => ({ low, lowClosed, high, highClosed });

    it('intersects ranges, minding which end is closed at equal values', () => {
        expect(intersectRanges(r(-Infinity, false, 30, true), r(30, true, Infinity, false))).toEqual(r(30, true, 30, true));
        expect(intersectRanges(r(-Infinity, false, 30, false), r(30, true, Infinity, false))).toBeUndefined();
        expect(intersectRanges(r(0, true, 10, true), r(0, false, 10, true))).toEqual(r(0, false, 10, true));
    });

    it('sweeps gaps in any input order, with unbounded ends', () => {
        const gaps = findGaps([r(60, true, Infinity, false), r(-Infinity, false, 30, false), r(-Infinity, false, 10, true)]);
        expect(gaps).toEqual([r(30, true, 60, false)]);
        expect(findGaps([r(-Infinity, false, 100, false), r(100, false, Infinity, false)])).toEqual([r(100, true, 100, true)]);
        expect(findGaps([r(0, true, 50, true), r(10, true, 20, true), r(50, false, 60, true)])).toEqual([]);
    });

    it('describes ranges in words', () => {
        expect(describeRange(r(30, true, 60, false))).toBe('values from 30 to 60 (30 included, 60 excluded)');
        expect(describeRange(r(100, true, 100, true))).toBe('the value 100');
        expect(describeRange(r(-Infinity, false, 5, true))).toBe('values up to and including 5');
    });

    it('handles many transitions out of one state without pairwise blow-up in the gap search', async () => {
        const cutoffs: string[] = [];
        const transitions: string[] = [];
        for (let i = 0; i < 400; i++) {
            cutoffs.push(`cutoff K${i}: v in [${i * 10}, ${i * 10 + 5}] "mg/dL" source "s"`);
            transitions.push(`S -> ${i % 2 === 0 ? 'A' : 'B'} when K${i} by doc`);
        }
        const found = only(await ws.validate(pathway([...cutoffs, ...transitions].join('\n'))), RuleId.uncoveredRange);
        expect(found).toHaveLength(1);
        expect(found[0].message).toContain('values from 5 to 10 (both excluded)');
    });
});
