/**
 * `pmpath test --generate` (SPEC §7): the generated suite parses and lints
 * clean, every scenario passes the real simulator, and together they take
 * every transition that some sequence of observations and waits can take;
 * the others are listed with a reason. Checked on every example pathway and
 * on synthetic pathways built to trip a generator up.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { URI } from 'langium';
import {
    CoverageCollector, generateSuite, isPmpathFile, lintFiles, runSuite, type GeneratedSuite, type Pathway,
    type PathwayCoverage, type SuiteResult, type TestSuite
} from '@pmpath/language';
import { createTestWorkspace } from './test-services.js';

const ws = createTestWorkspace();

/** A pathway `P` with a clinician `doc`, numeric data `v` and `w` ("mg/dL"), genomic `g`, pharmacogenomic `m`, then `body`. */
function pathway(body: string): string {
    return `pathway P {
  actor doc: clinician
  data v: biomarker unit "mg/dL"
  data w: biomarker unit "mg/dL"
  data g: genomic
  data m: pharmacogenomic
${body.split('\n').map(l => (l.trim() ? `  ${l.trim()}` : '')).join('\n')}
}
`;
}

interface Checked {
    readonly generated: GeneratedSuite;
    readonly result: SuiteResult;
    readonly coverage: PathwayCoverage;
    readonly text: string;
}

/**
 * Generates a suite for `p.pmpath` (with any other files), then parses it as
 * `generated.pmtest` next to the pathway, lints it and runs it.
 */
async function generateAndRun(pathwayText: string, others: Record<string, string> = {}): Promise<Checked> {
    const files = { 'p.pmpath': pathwayText, ...others };
    const docs = await ws.build(files);
    const root = docs['p.pmpath'].parseResult.value;
    if (!isPmpathFile(root) || root.body?.$type !== 'Pathway') throw new Error('not a pathway');
    const generated = generateSuite(root.body as Pathway);
    // Deterministic: a second run gives the same text.
    expect(generateSuite(root.body as Pathway).text).toBe(generated.text);
    const built = await ws.build({ ...files, 'generated.pmtest': generated.text });
    const findings = (built['generated.pmtest'].diagnostics ?? []).map(d => `${d.range.start.line + 1}: ${String(d.code)} ${d.message}`);
    expect(findings, generated.text).toEqual([]);
    const suiteRoot = built['generated.pmtest'].parseResult.value;
    if (!isPmpathFile(suiteRoot) || suiteRoot.body?.$type !== 'TestSuite') throw new Error('not a suite');
    const collector = new CoverageCollector();
    const rebuilt = built['p.pmpath'].parseResult.value;
    if (isPmpathFile(rebuilt)) collector.include(rebuilt.body as Pathway);
    const result = runSuite(suiteRoot.body as TestSuite, { coverage: collector });
    const failures = result.scenarios.filter(s => s.status !== 'passed').map(s => `${s.name}: ${s.failure?.message}`);
    expect(failures, generated.text).toEqual([]);
    const [coverage] = collector.summaries();
    const total = generated.transitions.length;
    if (total > 0) {
        // Full coverage of the takeable transitions, and exactly the untakeable ones left.
        expect(coverage.transitions.taken, generated.text).toBe(total - generated.untakeable.length);
        expect(coverage.transitions.notTaken.map(t => t.line)).toEqual(generated.untakeable.map(u => u.transition.line));
    }
    for (const s of result.scenarios) {
        const steps = s.node.steps;
        expect(steps[steps.length - 1].$type).toBe('ExpectPath');
    }
    return { generated, result, coverage, text: generated.text };
}

/** 1-based line of the first line of `text` containing `snippet`. */
function lineOf(text: string, snippet: string): number {
    return text.split('\n').findIndex(l => l.includes(snippet)) + 1;
}

function untakeable(checked: Checked): Record<string, string> {
    return Object.fromEntries(checked.generated.untakeable.map(u => [`${u.transition.from}->${u.transition.to}`, u.reason]));
}

/** The observed values of every scenario, as written: `v = 200 "mg/dL"`. */
function observations(checked: Checked): string[] {
    return [...checked.text.matchAll(/^ {4}observe (.*?)(?: {2}\/\/.*)?$/gm)].map(m => m[1]);
}

describe('generated scenarios on the example pathways', () => {
    const examples = path.resolve(import.meta.dirname, '../../../examples');
    const pathways = fs.readdirSync(examples).filter(f => f.endsWith('.pmpath')).sort();
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmpath-generate-'));
    afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

    it.each(pathways)('%s: the suite lints clean, passes and takes every takeable transition', async (file) => {
        const lint = await lintFiles([path.join(examples, file)]);
        const body = lint.files[0].document?.parseResult.value;
        if (!isPmpathFile(body) || body.body?.$type !== 'Pathway') throw new Error('not a pathway');
        const generated = generateSuite(body.body as Pathway, { outputFolder: URI.file(path.join(outDir, 'tests')) });
        expect(generated.importPath).toMatch(/^\.\.\/.*\.pmpath$/);
        const suiteFile = path.join(outDir, 'tests', file.replace(/\.pmpath$/, '.pmtest'));
        fs.mkdirSync(path.dirname(suiteFile), { recursive: true });
        fs.writeFileSync(suiteFile, generated.text);
        const run = await lintFiles([suiteFile]);
        expect(run.files[0].diagnostics, generated.text).toEqual([]);
        const suite = run.files[0].document!.parseResult.value;
        if (!isPmpathFile(suite) || suite.body?.$type !== 'TestSuite') throw new Error('not a suite');
        const collector = new CoverageCollector();
        const result = runSuite(suite.body as TestSuite, { coverage: collector });
        expect(result.scenarios.filter(s => s.status !== 'passed').map(s => s.failure?.message)).toEqual([]);
        expect(result.scenarios.length).toBeGreaterThan(0);
        const [coverage] = collector.summaries();
        expect(coverage.transitions.taken).toBe(coverage.transitions.total - generated.untakeable.length);
        // Whatever a pathway's shape, what is left over is explained, never a defect or a search limit.
        expect(generated.searchLimitReached).toBe(false);
        for (const u of generated.untakeable) expect(u.reason).not.toMatch(/defect|search limit/);
    });

    it('writes the CF suite a reviewer can follow: bounds, units, waits to the due date, comments', async () => {
        const lint = await lintFiles([path.join(examples, 'cf-newborn-screening.pmpath')]);
        const body = lint.files[0].document!.parseResult.value;
        if (!isPmpathFile(body) || body.body?.$type !== 'Pathway') throw new Error('not a pathway');
        const { text } = generateSuite(body.body as Pathway);
        expect(text).toContain('import "./cf-newborn-screening.pmpath"');
        expect(text).toContain('observe irt = 60 "ng/mL"  // at a bound: IrtHigh holds');
        expect(text).toContain('observe irt = 59 "ng/mL"  // IrtHigh does not hold');
        // The closed lower end of [30, 60) is observed exactly.
        expect(text).toMatch(/observe sweatCl = 30 "mmol\/L" {2}\/\/ at a bound: SweatIntermediate holds/);
        expect(text).toContain('wait 6 years  // CFSPID -> Cleared falls due on 2031-01-01');
        expect(text).toContain('scenario "Newborn to Cleared: irt 60 ng/mL, then sweatCl 30 mmol/L, then 6 years in CFSPID" {');
        expect(text).toContain('expect path Newborn -> ScreenPositive -> CFSPID -> Cleared');
    });
});

const HIGH_LOW = `
cutoff High: v >= 200 "mg/dL" source "s"
cutoff Low: v < 200 "mg/dL" source "s"
`;

describe('values at and around the bounds', () => {
    it('observes the closed end of an interval and the value just outside the open end', async () => {
        const checked = await generateAndRun(pathway(`cutoff Mid: v in (30, 60] "mg/dL" source "s"
initial state A: healthy
final state B: healthy
final state C: healthy
A -> B when Mid by doc
A -> C when not Mid by doc`));
        expect(checked.generated.untakeable).toEqual([]);
        // 60 is in (30, 60]; 30 is not: both bounds show the open/closed ends.
        expect(observations(checked).sort()).toEqual(['v = 30 "mg/dL"', 'v = 60 "mg/dL"']);
        expect(checked.text).toContain('observe v = 30 "mg/dL"  // at a bound: Mid does not hold');
    });

    it('handles negative and decimal bounds without float noise', async () => {
        const checked = await generateAndRun(pathway(`cutoff Neg: v in [-2.5, 0) "mg/dL" source "s"
cutoff VeryNeg: v < -10.25 "mg/dL" source "s"
cutoff Pos: v >= 0 "mg/dL" source "s"
initial state A: healthy
final state B: healthy
final state C: healthy
final state D: healthy
A -> B when Neg by doc
A -> C when VeryNeg by doc
A -> D when Pos by doc`));
        expect(checked.generated.untakeable).toEqual([]);
        const values = observations(checked);
        expect(values).toContain('v = -2.5 "mg/dL"');
        expect(values).toContain('v = -10.26 "mg/dL"');
        expect(values).toContain('v = 0 "mg/dL"');
        for (const v of values) expect(v).toMatch(/^v = -?\d+(\.\d{1,3})? "mg\/dL"$/);
    });

    it('picks a value between two bounds that lie close together', async () => {
        const checked = await generateAndRun(pathway(`cutoff A1: v > 1 "mg/dL" source "s"
cutoff A2: v < 1.1 "mg/dL" source "s"
initial state A: healthy
final state B: healthy
A -> B when A1 and A2 by doc`));
        expect(checked.generated.untakeable).toEqual([]);
        expect(observations(checked)).toEqual(['v = 1.01 "mg/dL"']);
    });

    it('tests `=` with the exact value and its neighbours, and data without a unit without one', async () => {
        const checked = await generateAndRun(`pathway P {
  actor doc: clinician
  data score: clinical
  cutoff Zero: score = 0 source "s"
  initial state A: healthy
  final state B: healthy
  final state C: healthy
  A -> B when Zero by doc
  A -> C when not Zero by doc
}
`);
        expect(checked.generated.untakeable).toEqual([]);
        expect(observations(checked).sort()).toEqual(['score = -1', 'score = 0']);
    });

    it('observes a class in the set and one outside it, for genomic and pharmacogenomic data', async () => {
        const checked = await generateAndRun(pathway(`cutoff Path: g is pathogenic, likely-pathogenic source "s"
cutoff Benign: g is benign source "s"
cutoff Poor: m is poor-metabolizer source "s"
initial state A: healthy
state H: hybrid carrier { monitor v every 1 year by doc review after 1 year }
final state S: sick
final state C: healthy
final state X: healthy
A -> H when Path by doc
A -> C when Benign by doc
H -> S when Poor by doc
H -> X when not Poor by doc`));
        expect(checked.generated.untakeable).toEqual([]);
        expect(observations(checked)).toEqual(expect.arrayContaining(['g is pathogenic', 'g is benign', 'm is poor-metabolizer', 'm is intermediate-metabolizer']));
    });

    it('combines several data items in one guard, with `or` and `not`', async () => {
        const checked = await generateAndRun(pathway(`${HIGH_LOW}
cutoff WHigh: w > 5.5 "mg/dL" source "s"
initial state A: healthy
final state B: healthy
final state C: healthy
final state D: healthy
A -> B when High and WHigh by doc
A -> C when Low or (High and not WHigh) by doc
A -> D when not (High or Low) by doc`));
        // `not (High or Low)` is never true: High or Low holds for every value of v.
        expect(untakeable(checked)).toEqual({ 'A->D': expect.stringMatching(/^its guard `not \(High or Low\)` is never true, whatever is observed$/) });
        expect(observations(checked)).toEqual(expect.arrayContaining(['w = 5.6 "mg/dL"']));
    });
});

describe('transitions that no data can take', () => {
    it('lists `when A and not A` with its reason, in the suite\'s comments', async () => {
        const p = pathway(`${HIGH_LOW}
initial state A: healthy
final state B: healthy
final state C: healthy
A -> B when High and not High by doc
A -> C when Low by doc`);
        const checked = await generateAndRun(p);
        expect(untakeable(checked)).toEqual({ 'A->B': 'its guard `High and not High` is never true, whatever is observed' });
        expect(checked.text).toContain(`// - A -> B (line ${lineOf(p, 'A -> B')}): its guard \`High and not High\` is never true, whatever is observed\n`);
    });

    it('explains a guard that contradicts the only way into its state', async () => {
        const p = pathway(`${HIGH_LOW}
initial state A: healthy
state M: hybrid at-risk { monitor v every 1 month by doc review after 1 year }
final state S: sick
final state C: healthy
A -> M when High by doc
M -> S when High by doc
M -> C when Low by doc
A -> C when Low by doc`);
        const checked = await generateAndRun(p);
        expect(untakeable(checked)).toEqual({ 'M->C': `the person never stays in M: every way in leads on at once, by M -> S (line ${lineOf(p, 'M -> S')})` });
    });

    it('explains a state nobody reaches', async () => {
        const checked = await generateAndRun(pathway(`${HIGH_LOW}
initial state A: healthy
state Orphan: healthy
final state B: healthy
A -> B when High by doc
Orphan -> B when Low by doc`));
        expect(untakeable(checked)).toEqual({ 'Orphan->B': 'no sequence of observations and waits brings the person to Orphan' });
    });

    it('never writes values that make two exits enabled at once, and explains an exit that is always ambiguous', async () => {
        const p = pathway(`${HIGH_LOW}
cutoff AlsoHigh: v > 150 "mg/dL" source "s"
initial state A: healthy
final state B: sick
final state C: healthy
A -> B when High by doc
A -> C when AlsoHigh by doc`);
        const checked = await generateAndRun(p);
        expect(untakeable(checked)).toEqual({ 'A->B': `whenever it is enabled, so is A -> C (line ${lineOf(p, 'A -> C')}): the run fails as ambiguous` });
        expect(observations(checked)).toEqual(['v = 151 "mg/dL"']);
    });

    it('avoids values that loop forever, and says so', async () => {
        const p = pathway(`${HIGH_LOW}
initial state A: healthy
state B: healthy
final state F: healthy
A -> B when High by doc
B -> A when High by doc
B -> F when Low by doc`);
        const checked = await generateAndRun(p);
        const reasons = untakeable(checked);
        expect(reasons['A->B']).toBe(`every run that takes it then fails: it does not settle, looping through A -> B (line ${lineOf(p, 'A -> B')}), B -> A (line ${lineOf(p, 'B -> A')})`);
        expect(Object.keys(reasons).sort()).toEqual(['A->B', 'B->A', 'B->F']);
    });

    it('explains a timer that never falls due while its guard holds', async () => {
        const p = pathway(`${HIGH_LOW}
initial state A: healthy
final state B: sick
final state C: healthy
A -> B when High after 1 year by doc
A -> C after 6 months by doc`);
        const checked = await generateAndRun(p);
        expect(untakeable(checked)).toEqual({
            'A->B': `the person never stays in A until its \`after 1 year\` falls due while its guard holds; A -> C (after 6 months, line ${lineOf(p, 'A -> C')}) falls due no later`,
        });
    });

    it('lists every transition when the pathway has no initial state, and still writes a valid suite', async () => {
        const checked = await generateAndRun(pathway(`${HIGH_LOW}
state A: healthy
final state B: healthy
A -> B when High by doc`));
        expect(untakeable(checked)).toEqual({ 'A->B': 'the pathway has no initial state, so no scenario can start' });
        expect(checked.result.scenarios).toEqual([]);
    });

    it('explains a pathway whose every run fails at the start', async () => {
        const p = pathway(`initial state A: healthy
final state B: healthy
final state C: healthy
A -> B by doc
A -> C by doc`);
        const checked = await generateAndRun(p);
        const reason = `every scenario fails at the start: ambiguous in A between A -> B (line ${lineOf(p, 'A -> B')}), A -> C (line ${lineOf(p, 'A -> C')})`;
        expect(untakeable(checked)).toEqual({ 'A->B': reason, 'A->C': reason });
        expect(checked.result.scenarios).toEqual([]);
    });

    it('explains data a suite cannot name (declared in a file the pathway does not import)', async () => {
        const checked = await generateAndRun(`import "./l1.pmpath"
pathway P {
  actor doc: clinician
  initial state A: healthy
  final state B: healthy
  A -> B when Far by doc
}
`, {
            'l1.pmpath': `import "./l2.pmpath"\nlibrary L1 {\n  cutoff Far: far >= 1 "mg/dL" source "s"\n}\n`,
            'l2.pmpath': `library L2 {\n  data far: biomarker unit "mg/dL"\n}\n`,
        });
        expect(untakeable(checked)['A->B']).toBe('its guard `Far` is never true, whatever is observed (Far reads far is declared in l2.pmpath, which the pathway does not import, so a suite cannot name it)');
    });
});

describe('time and cycles', () => {
    it('waits until each `after` falls due, counted from the entry into the state', async () => {
        const checked = await generateAndRun(pathway(`${HIGH_LOW}
initial state A: healthy
state M: hybrid at-risk { monitor v every 1 month by doc review after 1 year }
final state S: sick
final state C: healthy
A -> M when High by doc
M -> S when High after 3 months by doc
M -> C when Low after 1 year by doc`));
        expect(checked.generated.untakeable).toEqual([]);
        expect(checked.text).toContain('wait 3 months  // M -> S falls due on 2025-04-01');
        // M -> C: Low from the start of M, then the person must stay a year; the 3-month timer passes first.
        expect(checked.text).toMatch(/wait 1 year {2}\/\/ M -> C falls due on 2026-01-01/);
    });

    it('takes a timer after an earlier timer of the same state has passed, with a wait that lands on its date', async () => {
        const checked = await generateAndRun(pathway(`${HIGH_LOW}
initial state A: healthy
final state B: sick
final state C: healthy
A -> B when High after 1 month by doc
A -> C when Low after 45 days by doc`));
        expect(checked.generated.untakeable).toEqual([]);
        expect(checked.generated.scenarios.length).toBe(2);
    });

    it('goes round cycles of timers and guards and still terminates', async () => {
        const checked = await generateAndRun(pathway(`${HIGH_LOW}
initial state Well: healthy
state Recall: hybrid at-risk { monitor v every 1 month by doc review after 2 months }
state Watch: hybrid at-risk { monitor v every 1 week by doc review after 1 month }
final state Sick: sick
Well -> Recall after 1 year by doc
Recall -> Well when Low by doc
Recall -> Watch when High by doc
Watch -> Recall after 4 weeks by doc
Watch -> Sick when High after 1 month by doc
Recall -> Recall after 1 month by doc`));
        // Watch -> Recall falls due (4 weeks) before Watch -> Sick (1 month) except when they coincide
        // (from a 1st of February): the generator finds whichever the calendar allows.
        expect(checked.coverage.transitions.total).toBe(6);
        expect(checked.coverage.transitions.taken).toBe(6 - checked.generated.untakeable.length);
        expect(checked.generated.untakeable.map(u => u.transition.to)).not.toContain('Watch');
        expect(checked.text).toMatch(/scenario "Well to Recall: .*" \{/);
    });

    it('covers a daily recall cycle and its exit', async () => {
        const checked = await generateAndRun(pathway(`${HIGH_LOW}
initial state A: healthy
state B: healthy
final state F: sick
A -> B after 1 day by doc
B -> A after 1 day by doc
B -> F when High by doc`));
        expect(checked.generated.untakeable).toEqual([]);
    });

    it('takes the cascade at the start when the initial state leaves without a guard', async () => {
        const checked = await generateAndRun(pathway(`initial state A: healthy
state B: healthy
final state C: healthy
A -> B by doc
B -> C after 2 weeks by doc`));
        expect(checked.generated.untakeable).toEqual([]);
        expect(checked.text).toContain('wait 2 weeks  // B -> C falls due on 2025-01-15');
        expect(checked.text).toContain('expect path A -> B -> C');
    });
});

describe('the suite text', () => {
    it('escapes quotes and backslashes in units and names the scenarios uniquely', async () => {
        const checked = await generateAndRun(`pathway P {
  actor doc: clinician
  data v: biomarker unit "a\\"b\\\\c"
  cutoff High: v >= 1 "a\\"b\\\\c" source "s"
  actor lab: laboratory
  initial state A: healthy
  final state B: healthy
  A -> B when High by doc
  A -> B when not High by lab
}
`);
        expect(checked.text).toContain('observe v = 1 "a\\"b\\\\c"');
        const names = checked.result.scenarios.map(s => s.name);
        expect(new Set(names).size).toBe(names.length);
    });

    it('writes the import relative to the folder the suite goes to', async () => {
        const docs = await ws.build({ 'p.pmpath': pathway(`initial state A: healthy\nfinal state B: healthy\nA -> B by doc`) });
        const body = docs['p.pmpath'].parseResult.value;
        if (!isPmpathFile(body)) throw new Error('not a file');
        const folder = URI.parse(docs['p.pmpath'].uri.toString().replace(/p\.pmpath$/, 'tests/unit'));
        const generated = generateSuite(body.body as Pathway, { outputFolder: folder });
        expect(generated.importPath).toBe('../../p.pmpath');
        expect(generated.text).toContain('import "../../p.pmpath"');
    });

    it('writes a valid, empty suite for a pathway without transitions', async () => {
        const checked = await generateAndRun(pathway('initial state A: healthy'));
        expect(checked.text).toContain('The pathway has no transitions');
        expect(checked.result.scenarios).toEqual([]);
    });
});

describe('the size of the search', () => {
    /** Stages S0 → S1 → … each reading its own data item with three bands, and an exit to F from each. */
    function stages(n: number): string {
        const lines = ['final state F: healthy'];
        for (let i = 0; i < n; i++) {
            lines.push(`data d${i}: biomarker unit "mg/dL"`, `cutoff Lo${i}: d${i} < 10 "mg/dL" source "s"`, `cutoff Hi${i}: d${i} > 20 "mg/dL" source "s"`);
            lines.push(`${i === 0 ? 'initial ' : ''}state S${i}: healthy`);
            lines.push(`S${i} -> ${i + 1 < n ? `S${i + 1}` : 'F'} when Hi${i} by doc`, `S${i} -> F when Lo${i} by doc`);
        }
        return pathway(lines.join('\n'));
    }

    it('does not multiply configurations by values no state ahead can read', async () => {
        const docs = await ws.build({ 'p.pmpath': stages(12) });
        const root = docs['p.pmpath'].parseResult.value;
        if (!isPmpathFile(root)) throw new Error('not parsed');
        // 4^12 value combinations if every value counted; a few hundred configurations suffice.
        const generated = generateSuite(root.body as Pathway, { maxConfigurations: 500 });
        expect(generated.searchLimitReached).toBe(false);
        expect(generated.untakeable).toEqual([]);
        expect(generated.taken).toHaveLength(24);
    });

    it('stops at the configuration limit, writes what it found and says what it did not reach', async () => {
        const docs = await ws.build({ 'p.pmpath': stages(6) });
        const root = docs['p.pmpath'].parseResult.value;
        if (!isPmpathFile(root)) throw new Error('not parsed');
        const generated = generateSuite(root.body as Pathway, { maxConfigurations: 3 });
        expect(generated.searchLimitReached).toBe(true);
        expect(generated.untakeable.length).toBeGreaterThan(0);
        for (const u of generated.untakeable) expect(u.reason).toBe('not found within the search limit of 3 configurations');
        expect(generated.text).toContain('// The search stopped after 3 configurations; transitions it did not reach are listed below.');
        const built = await ws.build({ 'p.pmpath': stages(6), 'generated.pmtest': generated.text });
        const suite = built['generated.pmtest'].parseResult.value;
        if (!isPmpathFile(suite)) throw new Error('not parsed');
        expect(runSuite(suite.body as TestSuite).scenarios.every(r => r.status === 'passed')).toBe(true);
    });
});

describe('the 60-state synthetic pathway', () => {
    it('covers every takeable transition and explains the rest', async () => {
        const { generatePathway } = await import('../../diagram/test/generate-pathway.mjs');
        const checked = await generateAndRun(generatePathway(60) as string);
        expect(checked.generated.searchLimitReached).toBe(false);
        expect(checked.coverage.transitions.total).toBe(118);
        // Every `Up` transition is taken in one cascade; `Down` exits only from states where the person can rest.
        for (const u of checked.generated.untakeable) {
            expect(u.reason).toMatch(/^the person never stays in S\d+: every way in leads on at once|^no sequence of observations and waits brings the person to S\d+$/);
        }
        expect(checked.generated.taken.length).toBeGreaterThan(59);
    });
});

/** mulberry32: a small seeded PRNG, so the random pathways are the same on every run. */
function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

describe('random pathways', () => {
    /** A random pathway: numeric and genomic cutoffs, guards with not/and/or, timers in days, weeks and months, cycles. */
    function randomPathway(rnd: () => number): string {
        const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
        const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
        const cutoffs: string[] = [];
        const names: string[] = [];
        for (const d of ['v', 'w']) {
            for (let i = 0; i < int(1, 3); i++) {
                const name = `C${d}${i}`;
                const bound = () => (rnd() < 0.3 ? (int(-50, 50) / 10).toFixed(1) : String(int(-5, 5)));
                if (rnd() < 0.3) {
                    const [a, b] = [Number(bound()), Number(bound())].sort((x, y) => x - y);
                    if (a === b) continue;
                    cutoffs.push(`cutoff ${name}: ${d} in ${pick(['[', '('])}${a}, ${b}${pick([']', ')'])} "mg/dL" source "s"`);
                } else {
                    cutoffs.push(`cutoff ${name}: ${d} ${pick(['>=', '>', '<=', '<', '='])} ${bound()} "mg/dL" source "s"`);
                }
                names.push(name);
            }
        }
        cutoffs.push('cutoff Cg: g is pathogenic, likely-pathogenic source "s"');
        names.push('Cg');
        const guard = (depth: number): string => {
            const r = rnd();
            if (depth === 0 || r < 0.45) return pick(names);
            if (r < 0.6) return `not ${guard(depth - 1)}`;
            return `(${guard(depth - 1)} ${pick(['and', 'or'])} ${guard(depth - 1)})`;
        };
        const n = int(3, 6);
        const states = Array.from({ length: n }, (_, i) => `${i === 0 ? 'initial ' : i === n - 1 ? 'final ' : ''}state S${i}: healthy`);
        const transitions: string[] = [];
        for (let i = 0; i < int(n, 2 * n + 2); i++) {
            const from = i < 2 ? 0 : int(0, n - 2);
            const to = int(0, n - 1);
            const when = rnd() < 0.8 ? ` when ${guard(2)}` : '';
            const after = rnd() < 0.4 || !when ? ` after ${int(1, 3)} ${pick(['days', 'weeks', 'months'])}` : '';
            transitions.push(`S${from} -> S${to}${when}${after} by doc`);
        }
        return pathway([...cutoffs, ...states, ...transitions].join('\n'));
    }

    /** Random scenarios, run by the simulator: the transitions their passing runs take. */
    async function randomlyTaken(text: string, rnd: () => number, count: number): Promise<Set<number>> {
        const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
        const scenarios: string[] = [];
        for (let s = 0; s < count; s++) {
            const steps: string[] = [];
            for (let i = 0; i < 1 + Math.floor(rnd() * 6); i++) {
                const r = rnd();
                if (r < 0.3) steps.push(`observe v = ${(Math.round((rnd() * 14 - 7) * 10) / 10)} "mg/dL"`);
                else if (r < 0.55) steps.push(`observe w = ${(Math.round((rnd() * 14 - 7) * 10) / 10)} "mg/dL"`);
                else if (r < 0.7) steps.push(`observe g is ${pick(['pathogenic', 'likely-pathogenic', 'uncertain', 'benign'])}`);
                else if (r < 0.9) steps.push(`wait ${1 + Math.floor(rnd() * 40)} days`);
                else steps.push(`wait ${1 + Math.floor(rnd() * 3)} months`);
            }
            scenarios.push(`  scenario "r${s}" {\n    ${steps.join('\n    ')}\n  }`);
        }
        const docs = await ws.build({ 'p.pmpath': text, 'r.pmtest': `import "./p.pmpath"\ntests for P {\n  start "2025-01-01"\n${scenarios.join('\n')}\n}\n` });
        const root = docs['r.pmtest'].parseResult.value;
        const pathwayRoot = docs['p.pmpath'].parseResult.value;
        if (!isPmpathFile(root) || !isPmpathFile(pathwayRoot)) throw new Error('not parsed');
        const transitions = (pathwayRoot.body as Pathway).elements.filter(e => e.$type === 'Transition');
        const taken = new Set<number>();
        for (const result of runSuite(root.body as TestSuite).scenarios) {
            if (result.status === 'passed') for (const t of result.taken) taken.add(transitions.indexOf(t as never));
        }
        return taken;
    }

    it('generates passing suites with full takeable coverage, and never calls a transition untakeable that a random run takes', async () => {
        // 40 seeds here; 1,000 were run once while building the generator, without a contradiction.
        for (let seed = 1; seed <= 40; seed++) {
            const rnd = prng(seed);
            const text = randomPathway(rnd);
            const checked = await generateAndRun(text);
            const random = await randomlyTaken(text, rnd, 60);
            const claimed = new Set(checked.generated.untakeable.map(u => checked.generated.transitions.indexOf(u.transition)));
            const contradicted = [...random].filter(t => claimed.has(t));
            expect(contradicted.map(t => `seed ${seed}: ${checked.generated.transitions[t].from} -> ${checked.generated.transitions[t].to}: ${checked.generated.untakeable.find(u => u.transition === checked.generated.transitions[t])?.reason}`), text).toEqual([]);
        }
    });
});
