/**
 * End-to-end tests of `pmpath test` (SPEC §7): every format, every exit code,
 * the findings that keep a suite from running, and suites far larger than
 * anyone writes by hand. They spawn the BUILT CLI (its bundle; the vitest
 * global setup, test/global-setup.ts, rebuilds it when sources are newer).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineError, pmpath as runPmpath, type PmpathOptions, removeTempTrees, type RunResult, tempTree } from './helpers.js';

const ANSI = /\u001b\[/;
const SPAWN_TEST_TIMEOUT = 240_000;

/** The shared runner, with the longer spawn timeout the large suites below need. */
const pmpath = (args: readonly string[], options: PmpathOptions = {}): Promise<RunResult> => runPmpath(args, { timeout: 200_000, ...options });

const workspace = (files: Record<string, string>): string => tempTree(files, 'pmpath-test-cmd-');

// ---- fixtures -----------------------------------------------------------------

/** A pathway every rule accepts, where two guards on different data can hold at once (an ambiguity only a run finds). */
const LIPIDS = `pathway Lipids {
  title "Lipid clinic"
  actor doc: clinician "Lipid clinic physician" { genomics-trained }
  actor lab: laboratory "Hospital laboratory"
  actor person: patient "Patient"
  data ldl: biomarker "LDL cholesterol" unit "mmol/L"
  data tg: biomarker "Triglycerides" unit "mmol/L"
  cutoff HighLdl: ldl >= 4.9 "mmol/L" source "Simon Broome"
  cutoff NormalLdl: ldl < 4.9 "mmol/L" source "Simon Broome"
  cutoff HighTg: tg >= 10 "mmol/L" source "ESC/EAS 2019"
  initial state Screened: healthy "Screened adult"
  state Raised: hybrid at-risk "Raised LDL" {
    monitor ldl every 6 months by doc review after 1 year
    disclose ldl to person by doc with counselling
  }
  final state Treated: sick "On lipid-lowering therapy"
  final state Combined: sick "Combined hyperlipidaemia"
  final state Fine: healthy "Discharged"
  Screened -> Raised when HighLdl by doc
  Screened -> Fine when NormalLdl by doc
  Screened -> Combined when HighLdl and HighTg by doc
  Raised -> Treated when HighLdl after 2 years by doc
  Raised -> Fine when NormalLdl by doc
  flow ldl, tg from lab to doc for care
}
`;

const PASSING = `import "./lipids.pmpath"

tests for Lipids {
  start "2025-01-01"

  scenario "raised LDL is treated after two years" {
    observe ldl = 5.2 "mmol/L"
    expect state Raised
    wait 1 year
    expect state Raised
    wait 1 year
    expect path Screened -> Raised -> Treated
  }

  scenario "normal LDL is discharged" {
    observe ldl = 3.1 "mmol/L"
    expect path Screened -> Fine
  }

  scenario "still raised after the review date" {
    observe ldl = 5.5 "mmol/L"
    wait 18 months
    expect state Raised
  }
}
`;

const FAILING = `import "./lipids.pmpath"

tests for Lipids {
  start "2025-01-01"

  scenario "expects the wrong state" {
    observe ldl = 5.2 "mmol/L"
    expect state Fine
    expect state Raised
  }

  scenario "both lipids high at once" {
    observe tg = 12 "mmol/L"
    observe ldl = 6 "mmol/L"
    expect state Combined
  }
}
`;

const BROKEN_PATHWAY = LIPIDS.replace('pathway Lipids {', 'pathway Broken {').replace('Raised -> Treated when HighLdl after 2 years by doc', 'Raised -> Treated when HighLdl after 2 years by lab');
const SUITE_OF_BROKEN = `import "./broken.pmpath"

tests for Broken {
  scenario "never runs" {
    observe ldl = 5 "mmol/L"
  }
}
`;

beforeAll(async () => {
    const check = await pmpath(['check', '--format', 'json', '.'], { cwd: workspace({ 'lipids.pmpath': LIPIDS, 'pass.pmtest': PASSING, 'fail.pmtest': FAILING }) });
    expect(check.status, `the fixtures must have no findings:\n${check.stdout}${check.stderr}`).toBe(0);
    expect(JSON.parse(check.stdout).summary).toMatchObject({ files: 3, errors: 0, warnings: 0 });
});

afterAll(removeTempTrees);

interface JsonTestReport {
    version: number;
    suites: Array<{
        path: string; pathway: string; pathwayPath: string | null;
        scenarios: Array<{ name: string; line: number; status: string; path: string[]; failure: { line: number; column: number; message: string } | null; notes: string[] }>;
        findings?: Array<{ path: string; rule: string; severity: string; message: string; line: number; column: number }>;
    }>;
    coverage: Array<{
        pathway: string; path: string;
        transitions: { taken: number; total: number; notTaken: Array<{ line: number; from: string; to: string }> };
        states: { entered: number; total: number; notEntered: string[] };
        guards: { outcomesSeen: number; outcomesTotal: number };
    }>;
    summary: { suites: number; scenarios: number; passed: number; failed: number };
}

async function testJson(args: readonly string[], cwd: string): Promise<{ result: RunResult; report: JsonTestReport }> {
    const result = await pmpath(['test', '--format', 'json', ...args], { cwd });
    expect(result.stderr).toBe('');
    return { result, report: JSON.parse(result.stdout) as JsonTestReport };
}

// ---- exit codes -------------------------------------------------------------------

describe.concurrent('pmpath test exit codes', { timeout: SPAWN_TEST_TIMEOUT }, () => {
    it('exits 0 when every scenario passes, running the suites of the current directory without PATH', async () => {
        const cwd = workspace({ 'lipids.pmpath': LIPIDS, 'tests/pass.pmtest': PASSING.replace('./lipids', '../lipids') });
        const result = await pmpath(['test'], { cwd });
        expect(result.status, result.stdout + result.stderr).toBe(0);
        expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('3 scenarios: 3 passed, 0 failed');
    });

    it('exits 1 when a scenario fails', async () => {
        const result = await pmpath(['test', '.'], { cwd: workspace({ 'lipids.pmpath': LIPIDS, 'pass.pmtest': PASSING, 'fail.pmtest': FAILING }) });
        expect(result.status).toBe(1);
        expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('5 scenarios: 3 passed, 2 failed');
    });

    it('exits 1 when transition coverage is below --min-coverage, and 0 when it is met', async () => {
        const cwd = workspace({ 'lipids.pmpath': LIPIDS, 'pass.pmtest': PASSING });
        // PASSING takes 3 of the 5 transitions (60%).
        const below = await pmpath(['test', '--min-coverage', '61'], { cwd });
        expect(below.status).toBe(1);
        expect(below.stdout).toContain('✗ transition coverage of Lipids is 60%, below the minimum of 61%');
        expect(below.stdout.trimEnd().split('\n').at(-1)).toBe('3 scenarios: 3 passed, 0 failed');
        expect((await pmpath(['test', '--min-coverage', '60'], { cwd })).status).toBe(0);
        expect((await pmpath(['test', '--min-coverage', '0'], { cwd })).status).toBe(0);
    });

    it('exits 2 with one line when no .pmtest file is found, even next to pathways', async () => {
        expectOneLineError(await pmpath(['test'], { cwd: workspace({ 'lipids.pmpath': LIPIDS }) }), 'no .pmtest files found in .');
    });

    it('exits 2 for a PATH that does not exist, and for an unreadable suite', async () => {
        const cwd = workspace({ 'lipids.pmpath': LIPIDS });
        expectOneLineError(await pmpath(['test', 'missing.pmtest'], { cwd }), 'missing.pmtest: no such file or directory');
        fs.symlinkSync(path.join(cwd, 'nowhere.pmtest'), path.join(cwd, 'dangling.pmtest'));
        expectOneLineError(await pmpath(['test', 'dangling.pmtest'], { cwd }), 'dangling.pmtest');
        fs.mkdirSync(path.join(cwd, 'dir.pmtest'));
        const dir = await pmpath(['test', 'dir.pmtest'], { cwd });
        expectOneLineError(dir, 'no .pmtest files found');
    });

    it('exits 2 for a pathway named as a suite, a bad --min-coverage, --format or --config', async () => {
        const cwd = workspace({ 'lipids.pmpath': LIPIDS, 'pass.pmtest': PASSING, 'bad.json': '{ "rules": { "no-such-rule": "off" } }' });
        expectOneLineError(await pmpath(['test', 'lipids.pmpath'], { cwd }), 'lipids.pmpath: not a .pmtest file');
        expectOneLineError(await pmpath(['test', '--min-coverage', '101'], { cwd }), '--min-coverage');
        expectOneLineError(await pmpath(['test', '--min-coverage', 'all'], { cwd }), 'percentage');
        expectOneLineError(await pmpath(['test', '--format', 'tap'], { cwd }), 'stylish, json, junit');
        expectOneLineError(await pmpath(['test', '--config', 'bad.json'], { cwd }), 'bad.json', 'no-such-rule');
        expectOneLineError(await pmpath(['test', '--config', 'none.json'], { cwd }), 'none.json');
    });

    it('warns when --filter matches no scenario, runs nothing and exits 0 (1 with a coverage minimum)', async () => {
        const cwd = workspace({ 'lipids.pmpath': LIPIDS, 'pass.pmtest': PASSING });
        const none = await pmpath(['test', '--filter', 'nobody'], { cwd });
        expect(none.status).toBe(0);
        expect(none.stderr).toContain('warning: no scenario name contains "nobody" in 1 suite; nothing was run');
        expect(none.stdout).toContain('0 scenarios: 0 passed, 0 failed');
        expect((await pmpath(['test', '--filter', 'nobody', '--min-coverage', '50'], { cwd })).status).toBe(1);
    });

    it('documents the options and exit codes in `test --help`', async () => {
        const help = await pmpath(['test', '--help']);
        expect(help.status).toBe(0);
        for (const option of ['--format', '--output', '--min-coverage', '--filter', '--config', 'Exit codes']) expect(help.stdout).toContain(option);
        expect((await pmpath(['--help'])).stdout).toMatch(/\n\s+test \[options\] \[paths\.\.\.\]/);
    });
});

// ---- suites that must not run ------------------------------------------------------

describe.concurrent('suites with error findings', { timeout: SPAWN_TEST_TIMEOUT }, () => {
    const cases: Array<[string, Record<string, string>, string, string]> = [
        ['imports a missing file', { 's.pmtest': PASSING.replace('./lipids.pmpath', './nope.pmpath') }, 'import-not-found', 's.pmtest:1:1'],
        ['names a pathway that is not imported', { 'other.pmpath': BROKEN_PATHWAY, 's.pmtest': PASSING.replace('./lipids.pmpath', './other.pmpath') }, 'unresolved-reference', "Unknown pathway 'Lipids'"],
        ['starts on 30 February', { 's.pmtest': PASSING.replace('2025-01-01', '2025-02-30') }, 'syntax', 'February 2025 has 28 days'],
        ['observes a value in the wrong unit', { 's.pmtest': PASSING.replace('ldl = 3.1 "mmol/L"', 'ldl = 120 "mg/dL"') }, 'test-observation-mismatch', '"mg/dL"'],
        ['tests a pathway with an error finding', { 'broken.pmpath': BROKEN_PATHWAY, 's.pmtest': SUITE_OF_BROKEN }, 'sick-role-gatekeeper', 'broken.pmpath:22:3'],
    ];
    it.each(cases)('exits 1 and prints the findings, running no scenario, when a suite %s', async (_name, files, rule, fragment) => {
        const cwd = workspace({ 'lipids.pmpath': LIPIDS, ...files });
        const result = await pmpath(['test', 's.pmtest'], { cwd });
        expect(result.status, result.stdout + result.stderr).toBe(1);
        expect(result.stderr).toBe('');
        expect(result.stdout).toContain('✗ not run:');
        expect(result.stdout).toContain(rule);
        expect(result.stdout).toContain(fragment);
        expect(result.stdout).not.toContain('✓');
        expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('0 scenarios: 0 passed, 0 failed');
        const { report } = await testJson(['s.pmtest'], cwd);
        expect(report.suites[0].scenarios).toEqual([]);
        expect(report.suites[0].findings!.map(f => f.rule)).toContain(rule);
        expect(report.summary).toEqual({ suites: 1, scenarios: 0, passed: 0, failed: 0 });
        expect(report.coverage).toEqual([]);
    });

    it('still runs the other suites, and runs a suite whose finding the configuration turns into a warning', async () => {
        const cwd = workspace({
            'lipids.pmpath': LIPIDS, 'pass.pmtest': PASSING, 'broken.pmpath': BROKEN_PATHWAY, 'broken.pmtest': SUITE_OF_BROKEN,
            'mismatch.pmtest': PASSING.replace('ldl = 3.1 "mmol/L"', 'ldl = 3.1').replace(/scenario "/g, 'scenario "unitless '),
            'warn.json': '{ "rules": { "test-observation-mismatch": "warning", "sick-role-gatekeeper": "off" } }',
        });
        const strict = await testJson(['.'], cwd);
        expect(strict.result.status).toBe(1);
        expect(strict.report.suites.map(s => [s.path, s.scenarios.length, (s.findings ?? []).map(f => f.rule)])).toEqual([
            ['broken.pmtest', 0, ['sick-role-gatekeeper']],
            ['mismatch.pmtest', 0, ['test-observation-mismatch']],
            ['pass.pmtest', 3, []],
        ]);
        const relaxed = await testJson(['.', '--config', 'warn.json'], cwd);
        expect(relaxed.result.status).toBe(0);
        expect(relaxed.report.summary).toEqual({ suites: 3, scenarios: 7, passed: 7, failed: 0 });
    });
});

// ---- stylish ----------------------------------------------------------------------------

describe.concurrent('pmpath test --format stylish', { timeout: SPAWN_TEST_TIMEOUT }, () => {
    it('shows per suite its path and pathway, ✓/✗ per scenario, failures with file:LINE:COLUMN, expected, actual, the path so far and notes', async () => {
        const cwd = workspace({ 'lipids.pmpath': LIPIDS, 'tests/fail.pmtest': FAILING.replace('./lipids', '../lipids'), 'tests/pass.pmtest': PASSING.replace('./lipids', '../lipids') });
        const result = await pmpath(['test', 'tests'], { cwd });
        expect(result.status).toBe(1);
        expect(result.stdout).not.toMatch(ANSI);
        const text = result.stdout;
        expect(text).toContain([
            'tests/fail.pmtest — Lipids (lipids.pmpath)',
            '  ✗ expects the wrong state',
            '      tests/fail.pmtest:8:5  expected state Fine, but the person is in Raised',
            '      expected     Fine',
            '      actual       Raised',
            '      path so far  Screened -> Raised',
            '  ✗ both lipids high at once',
            '      tests/fail.pmtest:14:5  ambiguous: 2 transitions are enabled in state Screened on 2025-01-01: Screened -> Raised (lipids.pmpath:19), Screened -> Combined (lipids.pmpath:21)',
            '      transition   Screened -> Raised (lipids.pmpath:19)',
            '      transition   Screened -> Combined (lipids.pmpath:21)',
            '      path so far  Screened',
            '',
            'tests/pass.pmtest — Lipids (lipids.pmpath)',
            '  ✓ raised LDL is treated after two years',
            '  ✓ normal LDL is discharged',
            '  ✓ still raised after the review date',
            '      note: still in hybrid status Raised, review was due on 2026-01-01',
            '',
            'Coverage',
        ].join('\n'));
        expect(text).toContain('  Lipids (lipids.pmpath): transitions 3/5 (60%), states 4/5, guard outcomes ');
        expect(text).toContain('not taken: Screened -> Combined (lipids.pmpath:21), Raised -> Fine (lipids.pmpath:23)');
        expect(text.trimEnd().split('\n').at(-1)).toBe('5 scenarios: 3 passed, 2 failed');
    });

    it('colours the output with --color or FORCE_COLOR, never with --no-color or NO_COLOR, and not into --output', async () => {
        const cwd = workspace({ 'lipids.pmpath': LIPIDS, 'pass.pmtest': PASSING });
        expect((await pmpath(['test', '--color'], { cwd })).stdout).toMatch(ANSI);
        expect((await pmpath(['test'], { cwd, env: { FORCE_COLOR: '1' } })).stdout).toMatch(ANSI);
        expect((await pmpath(['test', '--no-color'], { cwd, env: { FORCE_COLOR: '1' } })).stdout).not.toMatch(ANSI);
        expect((await pmpath(['test', '--color'], { cwd, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ANSI);
        const written = await pmpath(['test', '--color', '--output', 'out/report.txt'], { cwd });
        expect(written.stdout).toBe('');
        expect(fs.readFileSync(path.join(cwd, 'out/report.txt'), 'utf8')).not.toMatch(ANSI);
    });

    it('shows control characters from scenario names as escapes', async () => {
        const cwd = workspace({ 'lipids.pmpath': LIPIDS, 's.pmtest': PASSING.replace('"normal LDL is discharged"', '"normal \u001b[31mLDL\u0007"') });
        const result = await pmpath(['test'], { cwd });
        expect(result.stdout).toContain('✓ normal \\x1b[31mLDL\\x07');
        expect(result.stdout).not.toMatch(ANSI);
    });

    it('runs only the scenarios whose name contains --filter, and counts coverage from those', async () => {
        const cwd = workspace({ 'lipids.pmpath': LIPIDS, 'pass.pmtest': PASSING, 'fail.pmtest': FAILING });
        const result = await pmpath(['test', '--filter', 'LDL'], { cwd });
        expect(result.status).toBe(0);
        expect(result.stdout).not.toContain('fail.pmtest');
        expect(result.stdout).toContain('✓ normal LDL is discharged');
        expect(result.stdout).not.toContain('still raised');
        expect(result.stdout).toContain('transitions 3/5');
        expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('2 scenarios: 2 passed, 0 failed');
    });
});

// ---- json ----------------------------------------------------------------------------------

describe.concurrent('pmpath test --format json', { timeout: SPAWN_TEST_TIMEOUT }, () => {
    it('has exactly the documented shape: suites sorted by path, scenarios in file order, coverage and summary', async () => {
        const cwd = workspace({ 'pathways/lipids.pmpath': LIPIDS, 'tests/b-pass.pmtest': PASSING.replace('./lipids', '../pathways/lipids'), 'tests/a-fail.pmtest': FAILING.replace('./lipids', '../pathways/lipids') });
        const { result, report } = await testJson(['tests/b-pass.pmtest', 'tests'], cwd);
        expect(result.status).toBe(1);
        expect(report).toEqual({
            version: 1,
            suites: [
                {
                    path: 'tests/a-fail.pmtest', pathway: 'Lipids', pathwayPath: 'pathways/lipids.pmpath',
                    scenarios: [
                        { name: 'expects the wrong state', line: 6, status: 'failed', path: ['Screened', 'Raised'],
                            failure: { line: 8, column: 5, message: 'expected state Fine, but the person is in Raised' }, notes: [] },
                        { name: 'both lipids high at once', line: 12, status: 'failed', path: ['Screened'],
                            failure: { line: 14, column: 5, message: 'ambiguous: 2 transitions are enabled in state Screened on 2025-01-01: Screened -> Raised (pathways/lipids.pmpath:19), Screened -> Combined (pathways/lipids.pmpath:21)' }, notes: [] },
                    ],
                },
                {
                    path: 'tests/b-pass.pmtest', pathway: 'Lipids', pathwayPath: 'pathways/lipids.pmpath',
                    scenarios: [
                        { name: 'raised LDL is treated after two years', line: 6, status: 'passed', path: ['Screened', 'Raised', 'Treated'], failure: null, notes: [] },
                        { name: 'normal LDL is discharged', line: 15, status: 'passed', path: ['Screened', 'Fine'], failure: null, notes: [] },
                        { name: 'still raised after the review date', line: 20, status: 'passed', path: ['Screened', 'Raised'], failure: null,
                            notes: ['still in hybrid status Raised, review was due on 2026-01-01'] },
                    ],
                },
            ],
            coverage: [{
                pathway: 'Lipids', path: 'pathways/lipids.pmpath',
                transitions: { taken: 3, total: 5, notTaken: [{ line: 21, from: 'Screened', to: 'Combined' }, { line: 23, from: 'Raised', to: 'Fine' }] },
                states: { entered: 4, total: 5, notEntered: ['Combined'] },
                guards: { outcomesSeen: 9, outcomesTotal: 12 },
            }],
            summary: { suites: 2, scenarios: 5, passed: 3, failed: 2 },
        });
    });

    it('uses paths relative to the working directory when the suites are elsewhere', async () => {
        const cwd = workspace({ 'project/lipids.pmpath': LIPIDS, 'project/pass.pmtest': PASSING, 'elsewhere/.keep': '' });
        const { report } = await testJson(['../project'], path.join(cwd, 'elsewhere'));
        expect(report.suites[0]).toMatchObject({ path: '../project/pass.pmtest', pathwayPath: '../project/lipids.pmpath' });
        expect(report.coverage[0].path).toBe('../project/lipids.pmpath');
    });

    it('writes to --output and creates its folders', async () => {
        const cwd = workspace({ 'lipids.pmpath': LIPIDS, 'pass.pmtest': PASSING });
        const result = await pmpath(['test', '--format', 'json', '--output', 'reports/tests.json'], { cwd });
        expect(result.status).toBe(0);
        expect(result.stdout).toBe('');
        expect(JSON.parse(fs.readFileSync(path.join(cwd, 'reports/tests.json'), 'utf8')).summary).toEqual({ suites: 1, scenarios: 3, passed: 3, failed: 0 });
    });
});

// ---- junit ------------------------------------------------------------------------------

describe.concurrent('pmpath test --format junit', { timeout: SPAWN_TEST_TIMEOUT }, () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: name => ['testsuite', 'testcase', 'property'].includes(name), parseAttributeValue: false, trimValues: false });

    type Case = { classname: string; name: string; file: string; line: string; time: string; failure?: { message: string; type: string; '#text': string }; error?: { message: string; '#text': string }; 'system-out': string };
    type Suite = { name: string; file: string; tests: string; failures: string; errors: string; testcase: Case[] };

    async function junit(cwd: string, args: string[] = []): Promise<{ result: RunResult; suites: { testsuite: Suite[]; tests: string; failures: string; errors: string } }> {
        const result = await pmpath(['test', '--format', 'junit', ...args], { cwd });
        expect(XMLValidator.validate(result.stdout)).toBe(true);
        return { result, suites: parser.parse(result.stdout).testsuites };
    }

    it('has one testsuite per suite and one testcase per scenario, with file, line, failure message, path and notes', async () => {
        const cwd = workspace({ 'lipids.pmpath': LIPIDS, 'pass.pmtest': PASSING, 'fail.pmtest': FAILING });
        const { result, suites } = await junit(cwd);
        expect(result.status).toBe(1);
        expect(result.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
        expect(suites).toMatchObject({ tests: '5', failures: '2', errors: '0' });
        expect(suites.testsuite.map(s => [s.name, s.file, s.tests, s.failures])).toEqual([['Lipids', 'fail.pmtest', '2', '2'], ['Lipids', 'pass.pmtest', '3', '0']]);
        const [wrong, ambiguous] = suites.testsuite[0].testcase;
        expect(wrong).toMatchObject({ classname: 'Lipids', name: 'expects the wrong state', file: 'fail.pmtest', line: '6' });
        expect(wrong.time).toMatch(/^\d+\.\d{3}$/);
        expect(wrong.failure).toMatchObject({ message: 'expected state Fine, but the person is in Raised', type: 'expectation' });
        expect(wrong.failure!['#text']).toContain('fail.pmtest:8:5: expected state Fine, but the person is in Raised\nexpected: Fine\nactual: Raised\npath so far: Screened -> Raised');
        expect(ambiguous.failure!.type).toBe('ambiguous');
        expect(ambiguous.failure!['#text']).toContain('transition: Screened -> Combined (lipids.pmpath:21)');
        const still = suites.testsuite[1].testcase[2];
        expect(still.failure).toBeUndefined();
        expect(still['system-out']).toBe('path: Screened -> Raised\nnote: still in hybrid status Raised, review was due on 2026-01-01\nended: 2026-07-01');
    });

    it('keeps classname + name unique when two suites of one pathway share scenario names', async () => {
        const cwd = workspace({ 'lipids.pmpath': LIPIDS, 'a.pmtest': PASSING, 'b.pmtest': PASSING });
        const { suites } = await junit(cwd);
        const keys = suites.testsuite.flatMap(s => s.testcase.map(c => `${c.classname}|${c.name}`));
        expect(new Set(keys).size).toBe(6);
        expect(keys).toContain('Lipids|normal LDL is discharged');
        expect(keys).toContain('Lipids|normal LDL is discharged (b.pmtest:15)');
    });

    it('escapes markup, quotes and control characters in names and messages', async () => {
        const nasty = 'a <b>&amp; "quoted" \'single\' ]]> \u0001 café';
        const cwd = workspace({ 'lipids.pmpath': LIPIDS, 's.pmtest': FAILING.replace('expects the wrong state', nasty.replace(/"/g, '\\"')) });
        const { result, suites } = await junit(cwd);
        expect(result.stdout).not.toContain('\u0001');
        const testcase = suites.testsuite[0].testcase[0];
        expect(testcase.name).toBe('a <b>&amp; "quoted" \'single\' ]]> \\x01 café');
        expect(testcase.failure!.message).toBe('expected state Fine, but the person is in Raised');
    });

    it('reports a suite that did not run as an error with its findings', async () => {
        const cwd = workspace({ 'lipids.pmpath': LIPIDS, 'broken.pmpath': BROKEN_PATHWAY, 'broken.pmtest': SUITE_OF_BROKEN });
        const { result, suites } = await junit(cwd);
        expect(result.status).toBe(1);
        expect(suites).toMatchObject({ tests: '1', failures: '0', errors: '1' });
        const testcase = suites.testsuite[0].testcase[0];
        expect(testcase).toMatchObject({ classname: 'Broken', file: 'broken.pmtest' });
        expect(testcase.error!.message).toBe('not run: 1 error finding in broken.pmpath');
        expect(testcase.error!['#text']).toContain('broken.pmpath:22:3:');
        expect(testcase.error!['#text']).toContain('(sick-role-gatekeeper)');
    });
});

// ---- pmpath check on suites, and large suites ----------------------------------------------

describe.concurrent('suites in pmpath check', { timeout: SPAWN_TEST_TIMEOUT }, () => {
    it('walks *.pmtest in directories and reports their findings', async () => {
        const cwd = workspace({ 'lipids.pmpath': LIPIDS, 'tests/s.pmtest': PASSING.replace('./lipids', '../lipids').replace('"2025-01-01"', '"2025-13-01"'), 'node_modules/x.pmtest': 'garbage', '.hidden/y.pmtest': 'garbage' });
        const result = await pmpath(['check', '--format', 'json'], { cwd });
        expect(result.status).toBe(1);
        const report = JSON.parse(result.stdout) as { files: Array<{ path: string; diagnostics: Array<{ rule: string; line: number }> }> };
        expect(report.files.map(f => [f.path, f.diagnostics.map(d => `${d.rule}:${d.line}`)])).toEqual([
            ['lipids.pmpath', []],
            ['tests/s.pmtest', ['syntax:4']],
        ]);
    });
});

describe('large suites', { timeout: SPAWN_TEST_TIMEOUT }, () => {
    const LOOP = `pathway Loop {
  actor doc: clinician
  data v: biomarker unit "mg/dL"
  cutoff High: v >= 100 "mg/dL" source "s"
  initial state A: healthy
  state B: healthy
  final state C: sick
  A -> B after 1 day by doc
  B -> A after 1 day by doc
  A -> C when High by doc
}
`;

    it('runs a suite of 100,000 scenarios and a scenario of 100,000 steps within a 512 MB heap', async () => {
        const scenarios = Array.from({ length: 100_000 }, (_, i) => `  scenario "s${i}" { wait ${1 + (i % 5)} days }\n`).join('');
        const steps = Array.from({ length: 100_000 }, (_, i) => (i % 2 === 0 ? '    wait 1 day\n' : `    observe v = ${i % 90} "mg/dL"\n`)).join('');
        const cwd = workspace({
            'loop.pmpath': LOOP,
            'many.pmtest': `import "./loop.pmpath"\ntests for Loop {\n  start "2025-01-01"\n${scenarios}}\n`,
            'long.pmtest': `import "./loop.pmpath"\ntests for Loop {\n  scenario "long" {\n${steps}    expect state A\n  }\n}\n`,
        });
        const result = await pmpath(['test', '--format', 'json', '--output', 'report.json'], { cwd, nodeArgs: ['--max-old-space-size=512'] });
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        const report = JSON.parse(fs.readFileSync(path.join(cwd, 'report.json'), 'utf8')) as JsonTestReport;
        expect(report.summary).toEqual({ suites: 2, scenarios: 100_001, passed: 100_001, failed: 0 });
        const long = report.suites.find(s => s.path === 'long.pmtest')!.scenarios[0];
        // 50,000 one-day waits, each moving A -> B or B -> A: back in A, with 50,000 states entered after the start.
        expect(long.path.length).toBe(50_001);
    });
});
