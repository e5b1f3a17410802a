/**
 * SPEC §4 cutoff rules: cutoff-unit-mismatch, cutoff-type-mismatch,
 * cutoff-without-source, ambiguous-cutoffs (later transition of the pair),
 * uncovered-range (on the state).
 */
import { describe, expect, it } from 'vitest';
import { at, check, columnOf, lineOf, ofRule } from './spec-helpers.js';

function cut(body: string): string {
    return `pathway Cut {
  actor doc: clinician { genomics-trained }
  data bm: biomarker unit "mg/dL"
  data plain: clinical
  data gen: genomic
  flow bm, plain, gen from doc to doc for care
  initial state S: healthy
  final state A: healthy
  final state B: sick
  final state C: sick
  S -> A after 7 years by doc
  S -> B after 8 years by doc
  S -> C after 9 years by doc
${body}
}
`;
}

describe('cutoff-unit-mismatch', () => {
    it('a numeric cutoff whose unit differs from its data unit is an error on the cutoff', async () => {
        const text = cut('  cutoff K: bm > 5 "mmol/L" source "s"\n  S -> A when K by doc');
        const diags = ofRule(await check(text), 'cutoff-unit-mismatch');
        expect(diags.map(d => [d.severity, d.line])).toEqual([['error', lineOf(text, 'cutoff K')]]);
        expect(at(await check(text))).toHaveLength(1);
    });

    it('a matching unit is fine', async () => {
        expect(await check(cut('  cutoff K: bm > 5 "mg/dL" source "s"\n  S -> A when K by doc'))).toEqual([]);
    });

    it('a unit missing on the cutoff while the data has one counts as a difference', async () => {
        const text = cut('  cutoff K: bm > 5 source "s"\n  S -> A when K by doc');
        expect(at(await check(text))).toEqual([`cutoff-unit-mismatch@${lineOf(text, 'cutoff K')}`]);
    });

    it('a unit on the cutoff while the data has none counts as a difference', async () => {
        const text = cut('  cutoff K: plain > 5 "%" source "s"\n  S -> A when K by doc');
        expect(at(await check(text))).toEqual([`cutoff-unit-mismatch@${lineOf(text, 'cutoff K')}`]);
    });

    it('no unit on either side is fine', async () => {
        expect(await check(cut('  cutoff K: plain > 5 source "s"\n  S -> A when K by doc'))).toEqual([]);
    });

    it('interval cutoffs are numeric and their unit is compared too', async () => {
        const text = cut('  cutoff K: bm in [1, 5) "g/L" source "s"\n  cutoff K2: bm in [5, 9] "mg/dL" source "s"\n  S -> A when K by doc\n  S -> B when K2 by doc');
        expect(at(await check(text))).toEqual([`cutoff-unit-mismatch@${lineOf(text, 'cutoff K:')}`]);
    });

    it('units are compared exactly (UCUM is case-sensitive)', async () => {
        const text = cut('  cutoff K: bm > 5 "mg/dl" source "s"\n  S -> A when K by doc');
        expect(at(await check(text))).toEqual([`cutoff-unit-mismatch@${lineOf(text, 'cutoff K')}`]);
    });
});

describe('cutoff-type-mismatch', () => {
    it('a numeric comparison on genomic data is an error on the cutoff', async () => {
        const text = cut('  cutoff K: gen > 1 source "s"\n  S -> A when K by doc');
        const diags = ofRule(await check(text), 'cutoff-type-mismatch');
        expect(diags.map(d => [d.severity, d.line])).toEqual([['error', lineOf(text, 'cutoff K')]]);
    });

    it('an interval on genomic data is a type mismatch', async () => {
        const text = cut('  cutoff K: gen in [1, 2] source "s"\n  S -> A when K by doc');
        expect(at(await check(text), 'cutoff-type-mismatch')).toEqual([`cutoff-type-mismatch@${lineOf(text, 'cutoff K')}`]);
    });

    it('`is CLASS` on non-genomic data is an error on the cutoff', async () => {
        const text = cut('  cutoff K: bm is pathogenic source "s"\n  S -> A when K by doc');
        expect(at(await check(text))).toEqual([`cutoff-type-mismatch@${lineOf(text, 'cutoff K')}`]);
    });

    it('`is CLASS` on genomic data is fine', async () => {
        expect(await check(cut('  cutoff K: gen is pathogenic, likely-pathogenic source "s"\n  S -> B when K by doc'))).toEqual([]);
    });

    it('a cutoff on unresolved data reports only unresolved-reference', async () => {
        const text = cut('  cutoff K: ghost > 1 "x" source "s"\n  S -> A when K by doc');
        expect(at(await check(text))).toEqual([`unresolved-reference@${lineOf(text, 'ghost')}`]);
    });
});

describe('cutoff-without-source', () => {
    it('a cutoff without source is a warning on the cutoff', async () => {
        const text = cut('  cutoff K: bm > 5 "mg/dL"\n  S -> A when K by doc');
        const diags = ofRule(await check(text), 'cutoff-without-source');
        expect(diags.map(d => [d.severity, d.line, d.column])).toEqual([['warning', lineOf(text, 'cutoff K'), columnOf(text, 'cutoff K')]]);
    });

    it('applies to class cutoffs too', async () => {
        const text = cut('  cutoff K: gen is benign\n  S -> A when K by doc');
        expect(at(await check(text))).toEqual([`cutoff-without-source@${lineOf(text, 'cutoff K')}`]);
    });

    it('applies to library cutoffs', async () => {
        const text = 'library L {\n  data d: clinical\n  cutoff K: d > 1\n}\n';
        expect(at(await check(text), 'cutoff-without-source')).toEqual(['cutoff-without-source@3']);
    });
});

/** Two or three guarded transitions out of S, each guard a single cutoff. */
function pair(c1: string, c2: string, t2 = 'B', extra = ''): string {
    return cut(`  cutoff K1: ${c1} source "s"\n  cutoff K2: ${c2} source "s"\n  S -> A when K1 by doc\n  S -> ${t2} when K2 by doc\n${extra}`);
}

describe('ambiguous-cutoffs', () => {
    it.each([
        ['bm > 5 "mg/dL"', 'bm > 7 "mg/dL"'],
        ['bm <= 30 "mg/dL"', 'bm >= 30 "mg/dL"'],
        ['bm = 30 "mg/dL"', 'bm >= 30 "mg/dL"'],
        ['bm in [10, 20] "mg/dL"', 'bm in [20, 30] "mg/dL"'],
        ['bm in [10, 20] "mg/dL"', 'bm >= 20 "mg/dL"'],
        ['bm < 15 "mg/dL"', 'bm in (10, 20) "mg/dL"'],
        ['bm = 3 "mg/dL"', 'bm = 3 "mg/dL"'],
        ['bm in [-5, 0] "mg/dL"', 'bm <= -2.5 "mg/dL"'],
    ])('`%s` and `%s` can both hold: error on the later transition', async (c1, c2) => {
        const text = pair(c1, c2);
        const diags = ofRule(await check(text), 'ambiguous-cutoffs');
        expect(diags.map(d => [d.severity, d.line, d.column])).toEqual([['error', lineOf(text, 'S -> B when'), columnOf(text, 'S -> B when')]]);
    });

    it.each([
        ['bm < 30 "mg/dL"', 'bm >= 30 "mg/dL"'],
        ['bm <= 30 "mg/dL"', 'bm > 30 "mg/dL"'],
        ['bm in [10, 20) "mg/dL"', 'bm in [20, 30] "mg/dL"'],
        ['bm in [10, 20] "mg/dL"', 'bm in (20, 30] "mg/dL"'],
        ['bm = 3 "mg/dL"', 'bm = 4 "mg/dL"'],
        ['bm < 30 "mg/dL"', 'bm in [30, 60) "mg/dL"'],
    ])('`%s` and `%s` are disjoint', async (c1, c2) => {
        expect(ofRule(await check(pair(c1, c2)), 'ambiguous-cutoffs')).toEqual([]);
    });

    it('shared variant classes are ambiguous', async () => {
        const text = pair('gen is pathogenic, likely-pathogenic', 'gen is likely-pathogenic, uncertain');
        expect(at(await check(text))).toEqual([`ambiguous-cutoffs@${lineOf(text, 'S -> B when')}`]);
    });

    it('disjoint variant classes are fine', async () => {
        expect(await check(pair('gen is pathogenic, likely-pathogenic', 'gen is benign, likely-benign'))).toEqual([]);
    });

    it('overlapping guards to the same target are not ambiguous', async () => {
        expect(ofRule(await check(pair('bm > 5 "mg/dL"', 'bm > 7 "mg/dL"', 'A')), 'ambiguous-cutoffs')).toEqual([]);
    });

    it('cutoffs on different data are not compared', async () => {
        expect(ofRule(await check(pair('bm > 5 "mg/dL"', 'plain > 7')), 'ambiguous-cutoffs')).toEqual([]);
    });

    it('the same cutoff on two transitions to different states is ambiguous', async () => {
        const text = cut('  cutoff K: bm > 5 "mg/dL" source "s"\n  S -> A when K by doc\n  S -> B when K by doc');
        expect(at(await check(text))).toEqual([`ambiguous-cutoffs@${lineOf(text, 'S -> B when')}`]);
    });

    it('guards that are not a single cutoff are not compared', async () => {
        const text = cut('  cutoff K1: bm > 5 "mg/dL" source "s"\n  cutoff K2: bm > 7 "mg/dL" source "s"\n  cutoff K3: plain > 1 source "s"\n  S -> A when K1 and K3 by doc\n  S -> B when K2 by doc\n  S -> C when not K1 by doc');
        expect(ofRule(await check(text), 'ambiguous-cutoffs')).toEqual([]);
    });

    it('transitions out of different states are not compared', async () => {
        const text = cut('  state M: healthy\n  cutoff K1: bm > 5 "mg/dL" source "s"\n  cutoff K2: bm > 7 "mg/dL" source "s"\n  S -> M when K1 by doc\n  M -> B when K2 by doc\n  S -> A when K2 by doc\n  M -> A after 1 year by doc');
        // S: K1 -> M and K2 -> A overlap; M has K2 only.
        expect(at(await check(text), 'ambiguous-cutoffs')).toEqual([`ambiguous-cutoffs@${lineOf(text, 'S -> A when K2')}`]);
    });

    it('numbers are compared as written, whatever their units', async () => {
        const text = cut('  data u: clinical unit "g/L"\n  flow u from doc to doc for care\n  cutoff K1: u > 5 "g/L" source "s"\n  cutoff K2: u > 7 "mg/dL" source "s"\n  S -> A when K1 by doc\n  S -> B when K2 by doc');
        expect(at(await check(text))).toEqual([`ambiguous-cutoffs@${lineOf(text, 'S -> B when')}`, `cutoff-unit-mismatch@${lineOf(text, 'cutoff K2')}`].sort());
    });

    it('with three overlapping transitions, each pair is reported on its later transition', async () => {
        const text = cut('  cutoff K1: bm > 5 "mg/dL" source "s"\n  cutoff K2: bm > 7 "mg/dL" source "s"\n  cutoff K3: bm > 9 "mg/dL" source "s"\n  S -> A when K1 by doc\n  S -> B when K2 by doc\n  S -> C when K3 by doc');
        const lines = new Set(ofRule(await check(text), 'ambiguous-cutoffs').map(d => d.line));
        expect([...lines].sort()).toEqual([lineOf(text, 'S -> B when'), lineOf(text, 'S -> C when')]);
        expect(lines.has(lineOf(text, 'S -> A when'))).toBe(false);
    });
});

describe('uncovered-range', () => {
    it('`< 100` and `> 100` miss 100: a warning on the state name', async () => {
        const text = pair('bm < 100 "mg/dL"', 'bm > 100 "mg/dL"');
        const diags = ofRule(await check(text), 'uncovered-range');
        expect(diags.map(d => [d.severity, d.line, d.column])).toEqual([['warning', lineOf(text, 'initial state S'), columnOf(text, 'S: healthy')]]);
        expect(at(await check(text))).toHaveLength(1);
    });

    it.each([
        ['bm < 30 "mg/dL"', 'bm > 60 "mg/dL"'],
        ['bm = 5 "mg/dL"', 'bm = 7 "mg/dL"'],
        ['bm in [1, 2] "mg/dL"', 'bm in [3, 4] "mg/dL"'],
        ['bm in [1, 2) "mg/dL"', 'bm in (2, 3] "mg/dL"'],
        ['bm <= 10 "mg/dL"', 'bm in (10.5, 20] "mg/dL"'],
    ])('`%s` and `%s` leave a gap', async (c1, c2) => {
        const text = pair(c1, c2);
        expect(at(await check(text), 'uncovered-range')).toEqual([`uncovered-range@${lineOf(text, 'initial state S')}`]);
    });

    it.each([
        ['bm < 100 "mg/dL"', 'bm >= 100 "mg/dL"'],
        ['bm <= 100 "mg/dL"', 'bm > 100 "mg/dL"'],
        ['bm in [1, 2) "mg/dL"', 'bm in [2, 3] "mg/dL"'],
        ['bm > 10 "mg/dL"', 'bm > 20 "mg/dL"'],
        ['bm < 10 "mg/dL"', 'bm < 20 "mg/dL"'],
    ])('`%s` and `%s` leave no gap inside their span', async (c1, c2) => {
        expect(ofRule(await check(pair(c1, c2, 'A')), 'uncovered-range')).toEqual([]);
    });

    it('the targets may be the same', async () => {
        const text = pair('bm < 100 "mg/dL"', 'bm > 100 "mg/dL"', 'A');
        expect(at(await check(text))).toEqual([`uncovered-range@${lineOf(text, 'initial state S')}`]);
    });

    it('three guards that tile the line leave no gap (the SPEC sweat chloride ladder)', async () => {
        const text = cut('  cutoff K1: bm < 30 "mg/dL" source "s"\n  cutoff K2: bm in [30, 60) "mg/dL" source "s"\n  cutoff K3: bm >= 60 "mg/dL" source "s"\n  S -> A when K1 by doc\n  S -> B when K2 by doc\n  S -> C when K3 by doc');
        expect(await check(text)).toEqual([]);
    });

    it('a gap covered by a third guard is no gap', async () => {
        const text = cut('  cutoff K1: bm < 30 "mg/dL" source "s"\n  cutoff K2: bm > 60 "mg/dL" source "s"\n  cutoff K3: bm in [30, 60] "mg/dL" source "s"\n  S -> A when K1 by doc\n  S -> B when K2 by doc\n  S -> C when K3 by doc');
        expect(await check(text)).toEqual([]);
    });

    it('a gap is not reported when the state monitors the data', async () => {
        const text = cut('  cutoff K1: bm < 30 "mg/dL" source "s"\n  cutoff K2: bm > 60 "mg/dL" source "s"\n  state W: healthy {\n    monitor bm every 1 month by doc review after 1 year\n  }\n  S -> W by doc\n  W -> A when K1 by doc\n  W -> B when K2 by doc');
        expect(ofRule(await check(text), 'uncovered-range')).toEqual([]);
    });

    it('monitoring other data does not help', async () => {
        const text = cut('  cutoff K1: bm < 30 "mg/dL" source "s"\n  cutoff K2: bm > 60 "mg/dL" source "s"\n  state W: healthy {\n    monitor plain every 1 month by doc review after 1 year\n  }\n  S -> W by doc\n  W -> A when K1 by doc\n  W -> B when K2 by doc');
        expect(at(await check(text), 'uncovered-range')).toEqual([`uncovered-range@${lineOf(text, 'state W')}`]);
    });

    it('`< 10`, `= 10` and `> 10` tile the line', async () => {
        const text = cut('  cutoff K1: bm < 10 "mg/dL" source "s"\n  cutoff K2: bm = 10 "mg/dL" source "s"\n  cutoff K3: bm > 10 "mg/dL" source "s"\n  S -> A when K1 by doc\n  S -> B when K2 by doc\n  S -> C when K3 by doc');
        expect(await check(text)).toEqual([]);
    });

    it('a hybrid state that monitors the data with `until` is watched', async () => {
        const text = cut('  actor fam: family\n  flow bm from doc to fam for care\n  cutoff K1: bm < 30 "mg/dL" source "s"\n  cutoff K2: bm > 60 "mg/dL" source "s"\n  state W: hybrid {\n    monitor bm every 1 month by doc until K2\n    disclose bm to fam by doc\n  }\n  S -> W by doc\n  W -> A when K1 by doc\n  W -> B when K2 by doc');
        expect(await check(text)).toEqual([]);
    });

    it('a single guarded transition is never a gap', async () => {
        expect(ofRule(await check(cut('  cutoff K1: bm < 30 "mg/dL" source "s"\n  S -> A when K1 by doc\n  S -> B after 1 year by doc')), 'uncovered-range')).toEqual([]);
    });

    it('class cutoffs are not numeric and never leave a gap', async () => {
        expect(await check(pair('gen is pathogenic', 'gen is benign'))).toEqual([]);
    });

    it('guards that are not a single cutoff are ignored', async () => {
        const text = cut('  cutoff K1: bm < 30 "mg/dL" source "s"\n  cutoff K2: bm > 60 "mg/dL" source "s"\n  S -> A when not K1 by doc\n  S -> B when K2 by doc');
        expect(ofRule(await check(text), 'uncovered-range')).toEqual([]);
    });

    it('is reported once per state even with several gaps', async () => {
        const text = cut('  cutoff K1: bm < 10 "mg/dL" source "s"\n  cutoff K2: bm in (20, 30) "mg/dL" source "s"\n  cutoff K3: bm > 40 "mg/dL" source "s"\n  S -> A when K1 by doc\n  S -> B when K2 by doc\n  S -> C when K3 by doc');
        expect(at(await check(text))).toEqual([`uncovered-range@${lineOf(text, 'initial state S')}`]);
    });
});
