/**
 * The simulator against every sentence of SPEC §7's semantics. Each case is
 * built so that the usual mistake (Date month overflow, unknown treated as
 * false, timers skipped inside a long wait, one transition per instant, `from`
 * ignored, timers counted from the wrong entry) gives a different outcome.
 */
import { describe, expect, it } from 'vitest';
import {
    CoverageCollector, isPmpathFile, runSuite, type ScenarioResult, type SuiteResult, type TestSuite
} from '@pmpath/language';
import { createTestWorkspace, type TestWorkspace } from './test-services.js';

const ws: TestWorkspace = createTestWorkspace();

/** A pathway `P` with a clinician `doc`, numeric data `v` ("mg/dL") and `w`, genomic `g`, then `body`. */
function pathway(body: string): string {
    return `pathway P {
  actor doc: clinician
  data v: biomarker unit "mg/dL"
  data w: biomarker unit "mg/dL"
  data g: genomic
${body.split('\n').map(l => (l.trim() ? `  ${l.trim()}` : '')).join('\n')}
}
`;
}

function suite(body: string, start?: string): string {
    return `import "./p.pmpath"

tests for P {
${start ? `  start "${start}"\n` : ''}${body}
}
`;
}

/** Builds the pathway with the suites (`s0.pmtest`, `s1.pmtest`, …) and runs every suite. */
async function simulateAll(pathwayText: string, suiteTexts: string[], options: { filter?: string; coverage?: CoverageCollector } = {}): Promise<SuiteResult[]> {
    const files: Record<string, string> = { 'p.pmpath': pathwayText };
    suiteTexts.forEach((text, i) => { files[`s${i}.pmtest`] = text; });
    const docs = await ws.build(files);
    const errors = Object.values(docs).flatMap(d => d.diagnostics ?? [])
        .filter(d => d.severity === 1 && ['syntax', 'unresolved-reference'].includes(String(d.code)));
    expect(errors.map(e => e.message)).toEqual([]);
    return suiteTexts.map((_, i) => {
        const root = docs[`s${i}.pmtest`].parseResult.value;
        if (!isPmpathFile(root) || root.body?.$type !== 'TestSuite') throw new Error('not a suite');
        return runSuite(root.body as TestSuite, options);
    });
}

async function simulate(pathwayText: string, suiteText: string, options: { filter?: string; coverage?: CoverageCollector } = {}): Promise<SuiteResult> {
    return (await simulateAll(pathwayText, [suiteText], options))[0];
}

/** 1-based line of the first line of `text` containing `snippet`. */
function lineOf(text: string, snippet: string): number {
    return text.split('\n').findIndex(l => l.includes(snippet)) + 1;
}

async function one(pathwayText: string, scenarioBody: string, start?: string): Promise<ScenarioResult> {
    const steps = scenarioBody.split('\n').map(line => `    ${line}`).join('\n');
    const result = await simulate(pathwayText, suite(`  scenario "s" {\n${steps}\n  }`, start));
    return result.scenarios[0];
}

const HIGH_LOW = `
cutoff High: v >= 200 "mg/dL" source "s"
cutoff Low: v < 200 "mg/dL" source "s"
`;

describe('clock', () => {
    it('starts on the suite\'s start date, or on 2000-01-01 without one', async () => {
        const p = pathway(`initial state A: healthy\nfinal state B: healthy\nA -> B after 1 week by doc`);
        expect((await one(p, 'wait 1 day')).endDate).toBe('2000-01-02');
        expect((await one(p, 'wait 1 day', '2025-06-30')).endDate).toBe('2025-07-01');
        const result = await simulate(p, suite('  scenario "s" { wait 1 day }'));
        expect(result.start).toBe('2000-01-01');
    });

    it('moves by calendar months, clamping to the end of a shorter month', async () => {
        const p = pathway(`initial state A: healthy\nfinal state B: healthy\nA -> B after 10 years by doc`);
        expect((await one(p, 'wait 1 month', '2025-01-31')).endDate).toBe('2025-02-28');
        expect((await one(p, 'wait 1 year', '2024-02-29')).endDate).toBe('2025-02-28');
        // Each wait adds to the clock as it is: 01-31 → 02-28 → 03-28.
        expect((await one(p, 'wait 1 month\nwait 1 month', '2025-01-31')).endDate).toBe('2025-03-28');
        expect((await one(p, 'wait 2 weeks\nwait 3 days', '2025-12-25')).endDate).toBe('2026-01-11');
    });

    it('lets an `after` of one month fall due on the last day of February, not in March', async () => {
        const p = pathway(`initial state A: healthy\nfinal state B: healthy\nA -> B after 1 month by doc`);
        const r = await one(p, 'wait 28 days\nexpect state B', '2025-01-31');
        expect(r.failure).toBeNull();
        const early = await one(p, 'wait 27 days\nexpect state A', '2025-01-31');
        expect(early.failure).toBeNull();
    });
});

describe('start state', () => {
    const p = pathway(`${HIGH_LOW}
initial state A: healthy
state M: hybrid at-risk { monitor v every 1 month by doc review after 1 year }
final state S: sick
A -> M when High by doc
M -> S when High by doc`);

    it('starts in the initial state, which is the first state of the path', async () => {
        const r = await one(p, 'expect path A');
        expect(r).toMatchObject({ status: 'passed', path: ['A'] });
    });

    it('starts in the `from` state, entered at the start instant', async () => {
        const result = await simulate(p, suite('  scenario "from M" from M {\n    expect path M\n    observe v = 250 "mg/dL"\n    expect path M -> S\n  }'));
        expect(result.scenarios[0]).toMatchObject({ status: 'passed', path: ['M', 'S'] });
    });

    it('runs to completion at the start: a transition without guard or timer is taken at once', async () => {
        const q = pathway(`initial state A: healthy\nfinal state B: healthy\nA -> B by doc`);
        expect(await one(q, 'expect path A -> B')).toMatchObject({ status: 'passed', path: ['A', 'B'] });
    });
});

describe('values and three-valued guards', () => {
    it('treats a cutoff on data with no value as unknown: `not High` is not true before v is observed', async () => {
        const p = pathway(`${HIGH_LOW}\ninitial state A: healthy\nfinal state B: healthy\nA -> B when not High by doc`);
        expect((await one(p, 'expect state A')).status).toBe('passed');
        expect((await one(p, 'observe v = 100 "mg/dL"\nexpect state B')).status).toBe('passed');
    });

    it('`and` is false when either side is false, even if the other is unknown', async () => {
        const p = pathway(`${HIGH_LOW}\ncutoff WHigh: w >= 1 "mg/dL" source "s"\ninitial state A: healthy\nfinal state B: healthy\nA -> B when not (High and WHigh) by doc`);
        // v low makes High false; w unknown: `High and WHigh` is false, its negation true.
        expect((await one(p, 'observe v = 100 "mg/dL"\nexpect state B')).status).toBe('passed');
        // v high, w unknown: `High and WHigh` unknown, negation unknown: stays.
        expect((await one(p, 'observe v = 300 "mg/dL"\nexpect state A')).status).toBe('passed');
    });

    it('`or` is true when either side is true, even if the other is unknown; else unknown when one is', async () => {
        const p = pathway(`${HIGH_LOW}\ncutoff WHigh: w >= 1 "mg/dL" source "s"\ninitial state A: healthy\nfinal state B: healthy\nA -> B when High or WHigh by doc\nA -> A2 when not (High or WHigh) by doc\nfinal state A2: healthy`);
        expect((await one(p, 'observe v = 300 "mg/dL"\nexpect state B')).status).toBe('passed');
        // v low, w unknown: `High or WHigh` unknown; its negation unknown too.
        expect((await one(p, 'observe v = 100 "mg/dL"\nexpect state A')).status).toBe('passed');
        expect((await one(p, 'observe v = 100 "mg/dL"\nobserve w = 0 "mg/dL"\nexpect state A2')).status).toBe('passed');
    });

    it('keeps the most recent value of each data item', async () => {
        const p = pathway(`${HIGH_LOW}\ninitial state A: healthy\nstate H: hybrid at-risk { monitor v every 1 month by doc review after 1 year }\nfinal state S: sick\nA -> H when High by doc\nH -> S when High after 1 month by doc`);
        const r = await one(p, 'observe v = 300 "mg/dL"\nobserve v = 100 "mg/dL"\nwait 2 months\nexpect state H');
        expect(r.status).toBe('passed');
    });

    it('applies open and closed interval ends exactly', async () => {
        const p = pathway(`cutoff Mid: v in (30, 60] "mg/dL" source "s"\ninitial state A: healthy\nfinal state B: healthy\nA -> B when Mid by doc`);
        expect((await one(p, 'observe v = 30 "mg/dL"\nexpect state A')).status).toBe('passed');
        expect((await one(p, 'observe v = 30.01 "mg/dL"\nexpect state B')).status).toBe('passed');
        expect((await one(p, 'observe v = 60 "mg/dL"\nexpect state B')).status).toBe('passed');
        expect((await one(p, 'observe v = 60.5 "mg/dL"\nexpect state A')).status).toBe('passed');
        const q = pathway(`cutoff Neg: v in [-2.5, 0) "mg/dL" source "s"\ninitial state A: healthy\nfinal state B: healthy\nA -> B when Neg by doc`);
        expect((await one(q, 'observe v = -2.5 "mg/dL"\nexpect state B')).status).toBe('passed');
        expect((await one(q, 'observe v = 0 "mg/dL"\nexpect state A')).status).toBe('passed');
    });

    it('compares `=` and strict bounds exactly', async () => {
        const p = pathway(`cutoff Zero: v = 0 "mg/dL" source "s"\ncutoff Over: w > 10 "mg/dL" source "s"\ninitial state A: healthy\nfinal state B: healthy\nfinal state C: healthy\nA -> B when Zero by doc\nA -> C when Over by doc`);
        expect((await one(p, 'observe v = 0 "mg/dL"\nexpect state B')).status).toBe('passed');
        expect((await one(p, 'observe w = 10 "mg/dL"\nexpect state A')).status).toBe('passed');
        expect((await one(p, 'observe w = 10.5 "mg/dL"\nexpect state C')).status).toBe('passed');
    });

    it('holds a class cutoff when the observed class is one of its classes', async () => {
        const p = pathway(`cutoff Path: g is pathogenic, likely-pathogenic source "s"\ninitial state A: healthy\nfinal state B: sick\nfinal state C: healthy\nA -> B when Path by doc\nA -> C when not Path by doc`);
        expect((await one(p, 'observe g is likely-pathogenic\nexpect state B')).status).toBe('passed');
        expect((await one(p, 'observe g is uncertain\nexpect state C')).status).toBe('passed');
    });
});

describe('run to completion', () => {
    it('takes a chain of transitions at one instant', async () => {
        const p = pathway(`${HIGH_LOW}\ninitial state A: healthy\nstate B: hybrid at-risk { monitor v every 1 month by doc review after 1 year }\nfinal state C: sick\nA -> B when High by doc\nB -> C when High by doc`);
        const r = await one(p, 'observe v = 250 "mg/dL"\nexpect path A -> B -> C');
        expect(r).toMatchObject({ status: 'passed', path: ['A', 'B', 'C'] });
        expect(r.taken).toHaveLength(2);
    });

    it('fails as ambiguous when two transitions are enabled, naming both with file and line, and stops there', async () => {
        const p = pathway(`${HIGH_LOW}\ncutoff AlsoHigh: v > 150 "mg/dL" source "s"\ninitial state A: healthy\nfinal state B: sick\nfinal state C: healthy\nA -> B when High by doc\nA -> C when AlsoHigh by doc`);
        const r = await one(p, 'observe v = 250 "mg/dL"\nexpect state B');
        expect(r.status).toBe('failed');
        // The observation (line 5 of the suite) made both enabled.
        expect(r.failure).toMatchObject({ kind: 'ambiguous', line: 5, column: 5 });
        const [ab, ac] = [lineOf(p, 'A -> B'), lineOf(p, 'A -> C')];
        expect(r.failure!.transitions.map(t => `${t.from}->${t.to}:${t.line}`)).toEqual([`A->B:${ab}`, `A->C:${ac}`]);
        expect(r.failure!.message).toBe(`ambiguous: 2 transitions are enabled in state A on 2000-01-01: A -> B (p.pmpath:${ab}), A -> C (p.pmpath:${ac})`);
        expect(r.path).toEqual(['A']);
    });

    it('counts two enabled transitions to the same target as ambiguous', async () => {
        const p = pathway(`${HIGH_LOW}\nactor lab: laboratory\ninitial state A: healthy\nfinal state B: sick\nA -> B when High by doc\nA -> B when High by lab`);
        const r = await one(p, 'observe v = 300 "mg/dL"');
        expect(r.failure?.kind).toBe('ambiguous');
    });

    it('allows 1,000 transitions at one instant and fails as "does not settle" at the 1,001st', async () => {
        const chain = (n: number) => {
            const lines = ['initial state S0: healthy'];
            for (let i = 1; i < n; i++) lines.push(`state S${i}: healthy`);
            lines.push(`final state S${n}: healthy`);
            for (let i = 0; i < n; i++) lines.push(`S${i} -> S${i + 1} by doc`);
            return pathway(lines.join('\n'));
        };
        const ok = await one(chain(1000), `expect state S1000`);
        expect(ok.status).toBe('passed');
        expect(ok.path).toHaveLength(1001);
        const tooMany = await one(chain(1001), `expect state S1001`);
        expect(tooMany.failure?.kind).toBe('does-not-settle');
        expect(tooMany.failure?.message).toMatch(/^does not settle: more than 1,000 transitions on 2000-01-01/);
    });

    it('fails as "does not settle" on a cycle of unguarded transitions, naming the cycle', async () => {
        const p = pathway(`${HIGH_LOW}\ninitial state A: healthy\nstate B: healthy\nfinal state F: healthy\nA -> B when High by doc\nB -> A when High by doc\nB -> F when Low by doc`);
        const r = await one(p, 'observe v = 300 "mg/dL"\nexpect state F');
        expect(r.failure).toMatchObject({ kind: 'does-not-settle', line: 5 });
        expect(r.failure!.transitions.map(t => `${t.from}->${t.to}`).sort()).toEqual(['A->B', 'B->A']);
    });
});

describe('timers inside a wait', () => {
    const p = pathway(`initial state A: healthy\nstate B: healthy\nfinal state C: healthy\nA -> B after 1 month by doc\nB -> C after 1 month by doc`);

    it('stops at every instant an `after` falls due, and counts the next state\'s timers from its entry', async () => {
        const r = await one(p, 'wait 3 months\nexpect path A -> B -> C', '2025-01-31');
        expect(r).toMatchObject({ status: 'passed', endDate: '2025-04-30' });
        // Timers counted from the entry into B (2025-02-28), not from the wait's start: C is due 2025-03-28.
        expect((await one(p, 'wait 55 days\nexpect state B', '2025-01-31')).status).toBe('passed');
        expect((await one(p, 'wait 56 days\nexpect state C', '2025-01-31')).status).toBe('passed');
    });

    it('takes a timer that falls due exactly at the end of the wait', async () => {
        const q = pathway(`initial state A: healthy\nfinal state B: healthy\nA -> B after 2 weeks by doc`);
        expect((await one(q, 'wait 14 days\nexpect state B')).status).toBe('passed');
        expect((await one(q, 'wait 13 days\nexpect state A')).status).toBe('passed');
    });

    it('takes a timed transition at a later observation when its guard was not true when it fell due', async () => {
        const q = pathway(`${HIGH_LOW}\ninitial state A: healthy\nfinal state B: sick\nA -> B when High after 1 year by doc`);
        const r = await one(q, 'observe v = 100 "mg/dL"\nwait 2 years\nexpect state A\nobserve v = 300 "mg/dL"\nexpect state B');
        expect(r.status).toBe('passed');
        const early = await one(q, 'observe v = 300 "mg/dL"\nwait 11 months\nexpect state A\nwait 1 month\nexpect state B');
        expect(early.status).toBe('passed');
    });

    it('goes round a daily recall cycle for a hundred years', async () => {
        const q = pathway(`initial state A: healthy\nstate B: healthy\nfinal state F: healthy\nA -> B after 1 day by doc\nB -> A after 1 day by doc\nA -> F after 200 years by doc`);
        // 36,525 days: an odd number of daily moves from A ends in B.
        const r = await one(q, 'wait 100 years\nexpect state B', '2000-01-01');
        expect(r.failure).toBeNull();
        expect(r.path).toHaveLength(36525 + 1);
        expect(r.endDate).toBe('2100-01-01');
    });

    it('reports an ambiguity found at a timer inside a wait on the wait', async () => {
        const q = pathway(`initial state A: healthy\nfinal state B: healthy\nfinal state C: healthy\nA -> B after 1 month by doc\nA -> C after 4 weeks by doc\n`);
        // 4 weeks (28 days) is due before 1 month from 2025-01-01: C is taken first, nothing is ambiguous.
        expect((await one(q, 'wait 2 months\nexpect state C', '2025-01-01')).status).toBe('passed');
        // From 2025-02-01, 1 month and 4 weeks both fall due on 2025-03-01.
        const r = await one(q, 'wait 2 months', '2025-02-01');
        expect(r.failure).toMatchObject({ kind: 'ambiguous', line: 6 });
        expect(r.failure!.message).toContain('on 2025-03-01');
    });
});

describe('expectations', () => {
    const p = pathway(`${HIGH_LOW}\ninitial state A: healthy\nstate M: hybrid at-risk { monitor v every 1 month by doc review after 1 year }\nfinal state S: sick\nA -> M when High by doc\nM -> S when High after 1 month by doc`);

    it('reports a wrong state with expected and actual, at the expectation, and stops there', async () => {
        const r = await one(p, 'observe v = 300 "mg/dL"\nexpect state S\nwait 2 months\nexpect state S');
        expect(r.status).toBe('failed');
        expect(r.failure).toMatchObject({
            kind: 'expectation', line: 6, column: 5, expected: 'S', actual: 'M',
            message: 'expected state S, but the person is in M',
        });
        expect(r.path).toEqual(['A', 'M']);
        expect(r.endDate).toBe('2000-01-01');
    });

    it('compares the whole path, the start state included', async () => {
        const r = await one(p, 'observe v = 300 "mg/dL"\nexpect path M');
        expect(r.failure?.message).toBe('expected path M, but the path is A -> M');
        expect((await one(p, 'observe v = 300 "mg/dL"\nwait 1 month\nexpect path A -> M -> S')).status).toBe('passed');
    });
});

describe('notes', () => {
    const p = pathway(`${HIGH_LOW}\ninitial state A: healthy\nstate M: hybrid at-risk { monitor v every 1 month by doc review after 1 year }\nfinal state S: sick\nA -> M when High by doc\nM -> S when High and Low by doc`);

    it('notes a scenario that ends in a hybrid state whose review date has passed', async () => {
        const r = await one(p, 'observe v = 300 "mg/dL"\nwait 13 months', '2025-01-31');
        expect(r).toMatchObject({ status: 'passed', notes: ['still in hybrid status M, review was due on 2026-01-31'] });
    });

    it('adds no note before the review date has passed', async () => {
        expect((await one(p, 'observe v = 300 "mg/dL"\nwait 1 year', '2025-01-31')).notes).toEqual([]);
        expect((await one(p, 'observe v = 300 "mg/dL"\nwait 11 months', '2025-01-31')).notes).toEqual([]);
    });

    it('counts the review from the entry into the hybrid state', async () => {
        const r = await one(p, 'wait 6 months\nobserve v = 300 "mg/dL"\nwait 13 months', '2025-01-01');
        expect(r.notes).toEqual(['still in hybrid status M, review was due on 2026-07-01']);
    });
});

describe('suites and coverage', () => {
    const p = pathway(`${HIGH_LOW}
initial state A: healthy
state M: hybrid at-risk { monitor v every 1 month by doc review after 1 year }
final state S: sick
final state C: healthy
A -> M when High by doc
A -> C when Low by doc
M -> S when High after 1 month by doc
M -> C when Low by doc`);

    it('runs scenarios in file order and only those whose name contains the filter', async () => {
        const text = suite('  scenario "high one" { observe v = 300 "mg/dL" }\n  scenario "low" { observe v = 100 "mg/dL" }\n  scenario "high two" { observe v = 300 "mg/dL" }');
        expect((await simulate(p, text)).scenarios.map(s => s.name)).toEqual(['high one', 'low', 'high two']);
        expect((await simulate(p, text, { filter: 'high' })).scenarios.map(s => s.name)).toEqual(['high one', 'high two']);
    });

    it('counts transitions taken, states entered and true/false outcomes of every cutoff reference', async () => {
        const coverage = new CoverageCollector();
        await simulate(p, suite('  scenario "high" { observe v = 300 "mg/dL" }'), { coverage });
        const [summary] = coverage.summaries();
        expect(summary.name).toBe('P');
        expect(summary.transitions).toMatchObject({ taken: 1, total: 4 });
        expect(summary.transitions.notTaken.map(t => `${t.from}->${t.to}:${t.line}`)).toEqual(['A->C:15', 'M->S:16', 'M->C:17']);
        expect(summary.states).toMatchObject({ entered: 2, total: 4, notEntered: ['S', 'C'] });
        // References: High (A->M), Low (A->C), High (M->S), Low (M->C): 8 outcomes.
        // Before the observation every reference was unknown (not counted); with v = 300,
        // A's guards gave High true, Low false; then in M, High true and Low false.
        expect(summary.guards).toMatchObject({ outcomesSeen: 4, outcomesTotal: 8 });
    });

    it('counts how often each transition was taken and each state entered, and which outcomes each guard reference had', async () => {
        const coverage = new CoverageCollector();
        // Two people through A -> M; one of them on to S a month later; the third from M to C.
        await simulate(p, suite([
            '  scenario "high" { observe v = 300 "mg/dL"\n wait 1 month }',
            '  scenario "high, stays" { observe v = 300 "mg/dL" }',
            '  scenario "M low" from M { observe v = 100 "mg/dL" }',
        ].join('\n')), { coverage });
        const [summary] = coverage.summaries();
        expect(summary.transitions.hits.map(h => `${h.transition.from}->${h.transition.to}:${h.count}`)).toEqual(['A->M:2', 'A->C:0', 'M->S:1', 'M->C:1']);
        // Start states count as entered: A twice, M twice by A -> M and once by `from M`.
        expect(summary.states.hits.map(h => `${h.state.name}:${h.count}`)).toEqual(['A:2', 'M:3', 'S:1', 'C:1']);
        expect(summary.guards.references.map(r => `${r.transition.source?.$refText}->${r.transition.target?.$refText} ${r.reference.cutoff?.$refText} ${r.seenTrue ? 'T' : '-'}${r.seenFalse ? 'F' : '-'}`)).toEqual([
            'A->M High T-', 'A->C Low -F', 'M->S High TF', 'M->C Low TF',
        ]);
        expect(summary.guards.outcomesSeen).toBe(summary.guards.references.reduce((n, r) => n + Number(r.seenTrue) + Number(r.seenFalse), 0));
    });

    it('adds the coverage of several suites of one pathway together', async () => {
        const coverage = new CoverageCollector();
        await simulateAll(p, [
            suite('  scenario "high" { observe v = 300 "mg/dL"\n wait 1 month }'),
            suite('  scenario "low" { observe v = 100 "mg/dL" }\n  scenario "M low" from M { observe v = 100 "mg/dL" }'),
        ], { coverage });
        const summaries = coverage.summaries();
        expect(summaries).toHaveLength(1);
        expect(summaries[0].transitions).toMatchObject({ taken: 4, total: 4, notTaken: [] });
        expect(summaries[0].states.entered).toBe(4);
        expect(summaries[0].guards).toMatchObject({ outcomesSeen: 8, outcomesTotal: 8 });
    });
});
