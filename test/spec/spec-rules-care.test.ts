/**
 * SPEC §4 care rules: hybrid statuses, monitoring, disclosure, gatekeeping,
 * placed on the state name, the `monitor`/`disclose` clause or the transition.
 */
import { describe, expect, it } from 'vitest';
import { at, check, columnOf, lineOf, ofRule } from './spec-helpers.js';

/**
 * A clean pathway with a clinician `doc` (genomics-trained), a laboratory,
 * a family, biomarker `bm`, genomic `gen`, and a hybrid state `H` that
 * `extraStates` can replace.
 */
function care(opts: { h?: string; extra?: string; enterH?: string } = {}): string {
    const h = opts.h ?? `  state H: hybrid at-risk "At risk" {
    monitor bm every 3 months by doc review after 1 year
    disclose gen to fam by doc with counselling
  }`;
    return `pathway Care {
  actor doc: clinician { genomics-trained }
  actor gp: clinician
  actor lab: laboratory { genomics-trained }
  actor fam: family
  data bm: biomarker unit "%"
  data gen: genomic
  cutoff High: bm > 6 "%" source "s"
  flow bm, gen from lab to doc for care
  flow gen from doc to fam for care
  flow bm from lab to gp for care
  initial state Start: healthy
${h}
  final state Sick: sick
  final state Well: healthy
  ${opts.enterH ?? 'Start -> H by doc'}
  H -> Sick when High by doc
  H -> Well after 2 years by doc
${opts.extra ?? ''}
}
`;
}

describe('backdrop', () => {
    it('the care backdrop has no findings', async () => {
        expect(await check(care())).toEqual([]);
    });
});

describe('hybrid-status-requires-monitoring', () => {
    it('a hybrid state without a monitor plan is an error on the state name', async () => {
        const text = care({ h: '  state H: hybrid carrier {\n    disclose gen to fam by doc with counselling\n  }' });
        const diags = ofRule(await check(text), 'hybrid-status-requires-monitoring');
        expect(diags.map(d => [d.severity, d.line, d.column])).toEqual([['error', lineOf(text, 'state H'), columnOf(text, 'H: hybrid')]]);
    });

    it('a hybrid state with no clause block at all gets both hybrid findings', async () => {
        const text = care({ h: '  state H: hybrid' });
        expect(at(await check(text))).toEqual([`hybrid-status-requires-disclosure@${lineOf(text, 'state H')}`, `hybrid-status-requires-monitoring@${lineOf(text, 'state H')}`]);
    });

    it('applies to final hybrid states too', async () => {
        const text = care({ extra: '  final state Carrier: hybrid carrier\n  Start -> Carrier by doc' });
        expect(at(await check(text))).toEqual([`hybrid-status-requires-disclosure@${lineOf(text, 'state Carrier')}`, `hybrid-status-requires-monitoring@${lineOf(text, 'state Carrier')}`]);
    });

    it('does not apply to healthy or sick states', async () => {
        expect(await check(care({ extra: '  state Mid: healthy\n  Start -> Mid by doc\n  Mid -> Well by doc' }))).toEqual([]);
    });
});

describe('monitoring-without-review', () => {
    it('a monitor plan with neither `review after` nor `until` is a warning on the monitor clause', async () => {
        const text = care({ h: '  state H: hybrid {\n    monitor bm every 3 months by doc\n    disclose gen to fam by doc with counselling\n  }' });
        const diags = ofRule(await check(text), 'monitoring-without-review');
        expect(diags.map(d => [d.severity, d.line, d.column])).toEqual([['warning', lineOf(text, 'monitor bm'), columnOf(text, 'monitor bm')]]);
    });

    it('`until GUARD` alone is enough', async () => {
        expect(await check(care({ h: '  state H: hybrid {\n    monitor bm every 3 months by doc until High\n    disclose gen to fam by doc with counselling\n  }' }))).toEqual([]);
    });

    it('each monitor plan of a state is checked', async () => {
        const text = care({ h: '  state H: hybrid {\n    monitor bm every 3 months by doc review after 1 year\n    monitor gen every 1 year by doc\n    disclose gen to fam by doc with counselling\n  }' });
        expect(at(await check(text))).toEqual([`monitoring-without-review@${lineOf(text, 'monitor gen')}`]);
    });

    it('applies to monitor plans of non-hybrid states too', async () => {
        const text = care({ extra: '  state Mid: healthy {\n    monitor bm every 1 year by doc\n  }\n  Start -> Mid by doc\n  Mid -> Well by doc' });
        expect(at(await check(text))).toEqual([`monitoring-without-review@${lineOf(text, 'monitor bm every 1 year')}`]);
    });
});

describe('monitoring-by-non-fiduciary', () => {
    it.each(['lab', 'fam'])('a monitor plan run by %s (not a clinician) is a warning on the monitor clause', async actor => {
        const text = care({ h: `  state H: hybrid {\n    monitor bm every 3 months by ${actor} review after 1 year\n    disclose gen to fam by doc with counselling\n  }` });
        const diags = ofRule(await check(text), 'monitoring-by-non-fiduciary');
        expect(diags.map(d => [d.severity, d.line, d.column])).toEqual([['warning', lineOf(text, 'monitor bm'), columnOf(text, 'monitor bm')]]);
    });

    it('any clinician is fiduciary, trained or not', async () => {
        expect(await check(care({ h: '  state H: hybrid {\n    monitor bm every 3 months by gp review after 1 year\n    disclose gen to fam by doc with counselling\n  }' }))).toEqual([]);
    });

    it('an unresolved monitoring actor is only unresolved-reference', async () => {
        const text = care({ h: '  state H: hybrid {\n    monitor bm every 3 months by ghost review after 1 year\n    disclose gen to fam by doc with counselling\n  }' });
        expect(at(await check(text))).toEqual([`unresolved-reference@${lineOf(text, 'ghost')}`]);
    });
});

describe('hybrid-status-requires-disclosure', () => {
    it('a hybrid state without a disclose clause is a warning on the state name', async () => {
        const text = care({ h: '  state H: hybrid subclinical {\n    monitor bm every 3 months by doc review after 1 year\n  }' });
        const diags = ofRule(await check(text), 'hybrid-status-requires-disclosure');
        expect(diags.map(d => [d.severity, d.line, d.column])).toEqual([['warning', lineOf(text, 'state H'), columnOf(text, 'H: hybrid')]]);
        expect(diags).toHaveLength(1);
    });
});

describe('disclosure-without-counselling', () => {
    it('a disclose of genomic data without counselling is a warning on the disclose clause', async () => {
        const text = care({ h: '  state H: hybrid {\n    monitor bm every 3 months by doc review after 1 year\n    disclose gen to fam by doc\n  }' });
        const diags = ofRule(await check(text), 'disclosure-without-counselling');
        expect(diags.map(d => [d.severity, d.line, d.column])).toEqual([['warning', lineOf(text, 'disclose gen'), columnOf(text, 'disclose gen')]]);
    });

    it('a disclose mixing genomic and other data needs counselling', async () => {
        const text = care({ h: '  state H: hybrid {\n    monitor bm every 3 months by doc review after 1 year\n    disclose bm, gen to fam by doc\n  }' });
        expect(at(await check(text))).toEqual([`disclosure-without-counselling@${lineOf(text, 'disclose bm, gen')}`]);
    });

    it('a disclose of non-genomic data needs no counselling', async () => {
        expect(await check(care({ h: '  state H: hybrid {\n    monitor bm every 3 months by doc review after 1 year\n    disclose bm to fam by doc\n  }' }))).toEqual([]);
    });

    it('a disclose without a data list needs no counselling', async () => {
        expect(await check(care({ h: '  state H: hybrid {\n    monitor bm every 3 months by doc review after 1 year\n    disclose to fam by doc\n  }' }))).toEqual([]);
    });
});

describe('genomic-disclosure-training', () => {
    it('a disclose of genomic data by an actor that is not genomics-trained is a warning on the disclose clause', async () => {
        const text = care({ h: '  state H: hybrid {\n    monitor bm every 3 months by doc review after 1 year\n    disclose gen to fam by gp with counselling\n  }' });
        const diags = ofRule(await check(text), 'genomic-disclosure-training');
        expect(diags.map(d => [d.severity, d.line, d.column])).toEqual([['warning', lineOf(text, 'disclose gen'), columnOf(text, 'disclose gen')]]);
        expect(at(await check(text))).toEqual([`genomic-disclosure-training@${lineOf(text, 'disclose gen')}`]);
    });

    it('a genomics-trained non-clinician may disclose genomic data', async () => {
        expect(await check(care({ h: '  state H: hybrid {\n    monitor bm every 3 months by doc review after 1 year\n    disclose gen to fam by lab with counselling\n  }' }))).toEqual([]);
    });

    it('an untrained actor disclosing genomic data without counselling gets both findings', async () => {
        const text = care({ h: '  state H: hybrid {\n    monitor bm every 3 months by doc review after 1 year\n    disclose gen to fam by gp\n  }' });
        expect(at(await check(text))).toEqual([`disclosure-without-counselling@${lineOf(text, 'disclose gen')}`, `genomic-disclosure-training@${lineOf(text, 'disclose gen')}`]);
    });

    it('disclosure rules apply in non-hybrid states too', async () => {
        const text = care({ extra: '  state Mid: healthy {\n    disclose gen to fam by gp\n  }\n  Start -> Mid by doc\n  Mid -> Well by doc' });
        expect(at(await check(text))).toEqual([`disclosure-without-counselling@${lineOf(text, 'disclose gen to fam by gp')}`, `genomic-disclosure-training@${lineOf(text, 'disclose gen to fam by gp')}`]);
    });

    it('an unresolved disclosing actor is only unresolved-reference', async () => {
        const text = care({ h: '  state H: hybrid {\n    monitor bm every 3 months by doc review after 1 year\n    disclose gen to fam by ghost with counselling\n  }' });
        expect(at(await check(text))).toEqual([`unresolved-reference@${lineOf(text, 'ghost')}`]);
    });
});

describe('sick-role-gatekeeper', () => {
    it('a transition into a sick state with no clinician among its by actors is an error on the transition', async () => {
        const text = care({ extra: '  Start -> Sick after 1 year by lab, fam' });
        const diags = ofRule(await check(text), 'sick-role-gatekeeper');
        expect(diags.map(d => [d.severity, d.line, d.column])).toEqual([['error', lineOf(text, 'Start -> Sick'), columnOf(text, 'Start -> Sick')]]);
    });

    it('one clinician among several by actors is enough', async () => {
        expect(await check(care({ extra: '  Start -> Sick after 1 year by lab, gp' }))).toEqual([]);
    });

    it('applies to non-final sick states too', async () => {
        const text = care({ extra: '  state Ill: sick\n  Start -> Ill after 1 year by lab\n  Ill -> Sick by doc' });
        expect(at(await check(text))).toEqual([`sick-role-gatekeeper@${lineOf(text, 'Start -> Ill')}`]);
    });

    it('an unresolved by actor does not trigger the rule', async () => {
        const text = care({ extra: '  Start -> Sick after 1 year by ghost' });
        expect(at(await check(text))).toEqual([`unresolved-reference@${lineOf(text, 'by ghost')}`]);
    });

    it('an unresolved by actor next to a non-clinician does not trigger the rule (it might be the clinician)', async () => {
        const text = care({ extra: '  Start -> Sick after 1 year by lab, ghost' });
        expect(at(await check(text))).toEqual([`unresolved-reference@${lineOf(text, 'by lab, ghost')}`]);
    });

    it('a transition into an unresolved target state does not trigger the rule', async () => {
        const text = care({ extra: '  Start -> Nowhere by lab' });
        expect(at(await check(text))).toEqual([`unresolved-reference@${lineOf(text, 'Nowhere')}`]);
    });
});

describe('hybrid-entry-bridging', () => {
    it('a transition into a hybrid state with no clinician among its by actors is a warning on the transition', async () => {
        const text = care({ enterH: 'Start -> H by lab' });
        const diags = ofRule(await check(text), 'hybrid-entry-bridging');
        expect(diags.map(d => [d.severity, d.line, d.column])).toEqual([['warning', lineOf(text, 'Start -> H'), columnOf(text, 'Start -> H')]]);
        expect(at(await check(text))).toHaveLength(1);
    });

    it('applies to a transition into a final hybrid state', async () => {
        const text = care({ extra: '  final state Carrier: hybrid carrier {\n    monitor bm every 1 year by doc review after 5 years\n    disclose gen to fam by doc with counselling\n  }\n  Start -> Carrier by lab' });
        expect(at(await check(text))).toEqual([`hybrid-entry-bridging@${lineOf(text, 'Start -> Carrier')}`]);
    });

    it('a clinician among the by actors bridges the entry', async () => {
        expect(await check(care({ enterH: 'Start -> H by lab, doc' }))).toEqual([]);
    });

    it('an unresolved by actor does not trigger the rule', async () => {
        const text = care({ enterH: 'Start -> H by ghost' });
        expect(at(await check(text))).toEqual([`unresolved-reference@${lineOf(text, 'by ghost')}`]);
    });

    it('entering a healthy state needs no clinician', async () => {
        expect(await check(care({ extra: '  Start -> Well after 1 year by fam' }))).toEqual([]);
    });
});

describe('gatekeeper-lacks-data', () => {
    /** `adm` neither sends nor receives bm; `lab` sends it; `doc` receives it. */
    const gk = (transition: string, extra = '') => care({ extra: `  actor adm: administrator\n  data other: clinical\n  flow other from adm to doc for quality\n  cutoff Low: bm < 4 "%" source "s"\n  cutoff Odd: other > 1 source "s"\n  state Mid: healthy\n  Mid -> Well by doc\n  Start -> Well when Low or Odd or High by doc\n${extra}\n  ${transition}` });

    it('a guard cutoff on data no by actor sends or receives is a warning on the transition', async () => {
        const text = gk('Start -> Mid when High by adm');
        const diags = ofRule(await check(text), 'gatekeeper-lacks-data');
        expect(diags.map(d => [d.severity, d.line, d.column])).toEqual([['warning', lineOf(text, 'Start -> Mid'), columnOf(text, 'Start -> Mid')]]);
    });

    it('a sender of the data is fine', async () => {
        expect(ofRule(await check(gk('Start -> Mid when High by lab')), 'gatekeeper-lacks-data')).toEqual([]);
    });

    it('a receiver of the data is fine', async () => {
        expect(ofRule(await check(gk('Start -> Mid when High by doc')), 'gatekeeper-lacks-data')).toEqual([]);
    });

    it('one by actor with the data is enough', async () => {
        expect(ofRule(await check(gk('Start -> Mid when High by adm, lab')), 'gatekeeper-lacks-data')).toEqual([]);
    });

    it.each(['not High', 'Odd and High', 'High or Odd', 'Odd or (Odd and not High)', '(((High)))'])('looks at every cutoff in the guard: `%s`', async guard => {
        const text = gk(`Start -> Mid when ${guard} by adm`);
        expect(at(await check(text), 'gatekeeper-lacks-data')).toEqual([`gatekeeper-lacks-data@${lineOf(text, 'Start -> Mid')}`]);
    });

    it('a guard whose every cutoff is on data the gatekeeper handles is fine', async () => {
        expect(ofRule(await check(gk('Start -> Mid when Odd and not Odd by adm')), 'gatekeeper-lacks-data')).toEqual([]);
    });

    it('a transition without a guard is never reported', async () => {
        expect(ofRule(await check(gk('Start -> Mid after 1 year by adm')), 'gatekeeper-lacks-data')).toEqual([]);
    });

    it('an unresolved cutoff in the guard is only unresolved-reference', async () => {
        const text = gk('Start -> Mid when Missing by adm');
        expect(at(await check(text))).toEqual([`unresolved-reference@${lineOf(text, 'Missing')}`]);
    });

    it('an unresolved gatekeeper does not trigger the rule', async () => {
        const text = gk('Start -> Mid when High by ghost');
        expect(at(await check(text))).toEqual([`unresolved-reference@${lineOf(text, 'by ghost')}`]);
    });

    it('the SPEC example pattern `when not IrtHigh by lab` is fine when lab sends the data', async () => {
        expect(ofRule(await check(gk('Start -> Mid when not High by lab')), 'gatekeeper-lacks-data')).toEqual([]);
    });
});
