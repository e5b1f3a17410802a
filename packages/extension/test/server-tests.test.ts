/**
 * The Testing view's requests of the BUNDLED language server (dist/server.cjs),
 * spoken to over stdio like an editor would: `pmpath/testSuites` lists suites
 * and scenarios with their ranges, `pmpath/runTests` runs them with the
 * results `pmpath test` prints for the same files (run side by side with the
 * CLI bundle), blocks suites with error findings the same way, waits for an
 * edit sent just before, and returns coverage with every transition and
 * state; `pmpath/diagram` draws a scenario's path and a run's coverage.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import {
    DiagramRequest, RunTestsRequest, TestSuitesRequest,
    type DiagramParams, type DiagramResult, type RunTestsParams, type RunTestsResult, type TestSuitesResult
} from '../src/messages.js';
import { repoRoot, startServer, workspaceWithExamples, type LanguageServer } from './server-helpers.js';

const cliBin = path.join(repoRoot, 'packages', 'cli', 'bin', 'pmpath.js');

let workspace: string;
let lsp: LanguageServer;

function uriOf(relative: string): string {
    return pathToFileURL(path.join(workspace, ...relative.split('/'))).toString();
}

function open(relative: string, languageId: 'pmpath' | 'pmtest'): Promise<PublishDiagnosticsParams> {
    return lsp.open(uriOf(relative), readFileSync(path.join(workspace, relative), 'utf8'), languageId);
}

/** Replaces the whole text of an open document; does not wait for its diagnostics. */
function replaceAll(uri: string, text: string): Promise<void> {
    return lsp.change(uri, [{ text }]);
}

function run(params: RunTestsParams): Promise<RunTestsResult> {
    return lsp.connection.sendRequest<RunTestsResult>(RunTestsRequest, params);
}

/** 0-based line of the first line of a workspace file containing `snippet`. */
function lineIn(relative: string, snippet: string): number {
    const line = readFileSync(path.join(workspace, relative), 'utf8').split('\n').findIndex(l => l.includes(snippet));
    if (line < 0) throw new Error(`${relative} has no line with ${snippet}`);
    return line;
}

function suiteFiles(): string[] {
    const found: string[] = [];
    for (const dir of ['examples/tests', 'examples/flawed']) {
        for (const entry of readdirSync(path.join(workspace, dir))) if (entry.endsWith('.pmtest')) found.push(`${dir}/${entry}`);
    }
    return found.sort();
}

interface CliReport {
    suites: Array<{
        path: string; pathway: string; pathwayPath: string | null;
        scenarios: Array<{ name: string; line: number; status: string; path: string[]; failure: { line: number; column: number; message: string } | null; notes: string[] }>;
        findings?: Array<{ path: string; rule: string; line: number; column: number; message: string }>;
    }>;
    coverage: Array<{
        pathway: string; path: string;
        transitions: { taken: number; total: number; notTaken: Array<{ line: number; from: string; to: string }> };
        states: { entered: number; total: number; notEntered: string[] };
        guards: { outcomesSeen: number; outcomesTotal: number };
    }>;
}

/** `pmpath test --format json` on the same files, from the workspace folder. */
function cliReport(files: string[]): CliReport {
    const result = spawnSync(process.execPath, [cliBin, 'test', ...files, '--format', 'json'], { cwd: workspace, encoding: 'utf8' });
    expect(result.status === 0 || result.status === 1, result.stderr).toBe(true);
    return JSON.parse(result.stdout) as CliReport;
}

/** Days from 2000-01-01 to 2030-01-01, the end of a 30-year wait from the default start. */
const daysIn30Years = 10_958;

/**
 * A pathway whose person moves every day (A -> B -> A …) and a suite of 200
 * scenarios that each `STEPS`: a run long enough to interleave with other work.
 */
function writeCycle(name: string, steps: string): { suite: string; text: string } {
    mkdirSync(path.join(workspace, 'cycle'), { recursive: true });
    writeFileSync(path.join(workspace, 'cycle', `${name}.pmpath`), [
        `pathway Cycle${name} {`, '  actor doc: clinician', '  actor lab: laboratory', '  data v: biomarker unit "mg/dL"',
        '  flow v from lab to doc for care', '  initial state A: healthy', '  state B: healthy',
        '  A -> B after 1 day by doc', '  B -> A after 1 day by doc', '}', '',
    ].join('\n'));
    const scenarios = Array.from({ length: 200 }, (_, i) => `  scenario "person ${i}" {\n    ${steps}\n  }`).join('\n');
    const text = `import "./${name}.pmpath"\n\ntests for Cycle${name} {\n${scenarios}\n}\n`;
    const suite = `cycle/${name}.pmtest`;
    writeFileSync(path.join(workspace, suite), text);
    return { suite, text };
}

beforeAll(async () => {
    if (!existsSync(cliBin)) throw new Error(`${cliBin} is missing: run \`npm run build\` first.`);
    workspace = workspaceWithExamples('pmpath-server-tests-');
    lsp = await startServer({ workspace, name: 'examples', diagnosticsTimeoutMs: 30_000, capabilities: { workspace: { workspaceFolders: true } } });
});

afterAll(async () => {
    await lsp?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
});

describe('the Testing view\'s requests of the bundled language server', () => {
    // First: no document has been opened yet, so the workspace's files are
    // linked but not validated; the run must still see their findings.
    test('runs suites of files never opened in the editor, with the results, findings and coverage `pmpath test` reports', async () => {
        const files = suiteFiles();
        expect(files.length).toBeGreaterThanOrEqual(8);
        const result = await run({ suites: files.map(f => ({ uri: uriOf(f) })), coverage: true, root: pathToFileURL(workspace).toString() });
        const cli = cliReport(files);
        expect(result.suites.map(s => s.uri)).toEqual(files.map(uriOf));
        for (const [i, file] of files.entries()) {
            const mine = result.suites[i];
            const theirs = cli.suites.find(s => s.path === file)!;
            expect(theirs, file).toBeDefined();
            expect(mine.error, file).toBeUndefined();
            expect(mine.pathway).toBe(theirs.pathway);
            expect(mine.pathwayUri).toBe(theirs.pathwayPath ? uriOf(theirs.pathwayPath) : undefined);
            // The same findings keep the same suites from running.
            expect(mine.blocked.map(f => `${f.uri} ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.rule} ${f.message}`), file)
                .toEqual((theirs.findings ?? []).map(f => `${uriOf(f.path)} ${f.line}:${f.column} ${f.rule} ${f.message}`));
            expect(mine.scenarios.map(s => ({
                name: s.name, line: s.range.start.line + 1, status: s.status, path: s.path, notes: s.notes,
                failure: s.failure && { line: s.failure.line, column: s.failure.column, message: s.failure.message },
            })), file).toEqual(theirs.scenarios.map(s => ({ name: s.name, line: s.line, status: s.status, path: s.path, notes: s.notes, failure: s.failure })));
        }
        // Something failed, something passed, and a suite was blocked: the comparison is not vacuous.
        const statuses = result.suites.flatMap(s => s.scenarios.map(x => x.status));
        expect(statuses.filter(s => s === 'passed').length).toBeGreaterThan(30);
        expect(statuses).toContain('failed');
        expect(result.suites.find(s => s.uri.endsWith('suite-findings.pmtest'))!.blocked.length).toBeGreaterThanOrEqual(6);

        expect(result.coverage.map(c => c.pathway).sort()).toEqual(cli.coverage.map(c => c.pathway).sort());
        for (const theirs of cli.coverage) {
            const mine = result.coverage.find(c => c.pathway === theirs.pathway)!;
            expect(mine.uri).toBe(uriOf(theirs.path));
            expect({ taken: mine.transitions.taken, total: mine.transitions.total }).toEqual({ taken: theirs.transitions.taken, total: theirs.transitions.total });
            expect(mine.transitions.items.filter(t => t.count === 0).map(t => ({ line: t.range.start.line + 1, from: t.from, to: t.to }))).toEqual(theirs.transitions.notTaken);
            expect({ entered: mine.states.entered, total: mine.states.total }).toEqual({ entered: theirs.states.entered, total: theirs.states.total });
            expect(mine.states.items.filter(s => s.count === 0).map(s => s.name)).toEqual(theirs.states.notEntered);
            expect(mine.guards).toEqual(theirs.guards);
            expect(mine.transitions.items.flatMap(t => t.guard).reduce((n, g) => n + Number(g.seenTrue) + Number(g.seenFalse), 0)).toBe(theirs.guards.outcomesSeen);
        }
        expect(lsp.exitCode).toBeUndefined();
    });

    test('lists the suites with their pathway and every scenario\'s range, and says which files hold none', async () => {
        const files = suiteFiles();
        const pathwayFile = 'examples/cf-newborn-screening.pmpath';
        const result = await lsp.connection.sendRequest<TestSuitesResult>(TestSuitesRequest, { uris: [...files.map(uriOf), uriOf(pathwayFile), uriOf('examples/tests/gone.pmtest')] });
        expect(result.suites.map(s => s.uri)).toEqual(files.map(uriOf));
        expect(result.none).toEqual([uriOf(pathwayFile), uriOf('examples/tests/gone.pmtest')]);
        const cf = result.suites.find(s => s.uri.endsWith('tests/cf-newborn-screening.pmtest'))!;
        expect(cf.pathway).toBe('CysticFibrosisNewbornScreening');
        expect(cf.pathwayUri).toBe(uriOf(pathwayFile));
        expect(cf.range.start.line).toBe(lineIn('examples/tests/cf-newborn-screening.pmtest', 'tests for CysticFibrosisNewbornScreening'));
        const text = readFileSync(path.join(workspace, 'examples/tests/cf-newborn-screening.pmtest'), 'utf8').split('\n');
        const scenarioLines = text.flatMap((l, i) => (l.trimStart().startsWith('scenario "') ? [i] : []));
        expect(cf.scenarios.map(s => s.range.start.line)).toEqual(scenarioLines);
        expect(cf.scenarios.map(s => s.name)).toEqual(scenarioLines.map(i => /scenario "([^"]*)"/.exec(text[i])![1]));
        // Each range is the whole block, from `scenario` to its closing brace.
        for (const s of cf.scenarios) expect(text[s.range.end.line].trim().startsWith('}')).toBe(true);
    });

    test('lists and runs a suite the server did not know, written to disk after it started', async () => {
        const relative = 'extra/.hidden/late.pmtest';
        mkdirSync(path.join(workspace, 'extra', '.hidden'), { recursive: true });
        writeFileSync(path.join(workspace, relative), [
            'import "../../examples/cf-newborn-screening.pmpath"', '',
            'tests for CysticFibrosisNewbornScreening {',
            '  scenario "late but fine" {', '    observe irt = 88 "ng/mL"', '    expect state ScreenPositive', '  }',
            '}', '',
        ].join('\n'));
        const listed = await lsp.connection.sendRequest<TestSuitesResult>(TestSuitesRequest, { uris: [uriOf(relative)] });
        expect(listed.suites.map(s => s.scenarios.map(x => x.name))).toEqual([['late but fine']]);
        const result = await run({ suites: [{ uri: uriOf(relative) }] });
        expect(result.suites[0].scenarios.map(s => s.status)).toEqual(['passed']);
    });

    test('runs only the scenarios asked for, and names those the suite no longer has', async () => {
        const uri = uriOf('examples/tests/cf-newborn-screening.pmtest');
        const result = await run({ suites: [{ uri, scenarios: ['IRT exactly at the cutoff counts as positive', 'renamed meanwhile'] }] });
        expect(result.suites[0].scenarios.map(s => [s.name, s.status])).toEqual([['IRT exactly at the cutoff counts as positive', 'passed']]);
        expect(result.suites[0].missing).toEqual(['renamed meanwhile']);
        expect(result.coverage).toEqual([]);
    });

    test('reports a failed expectation at its step with expected and actual, and an ambiguity with every enabled transition\'s place', async () => {
        const suite = 'examples/flawed/polygenic-ambiguity.pmtest';
        const pathway = 'examples/polygenic-risk-cad.pmpath';
        const result = await run({ suites: [{ uri: uriOf(suite) }] });
        const [ambiguous, wrong] = result.suites[0].scenarios;
        expect(ambiguous.status).toBe('failed');
        expect(ambiguous.failure!.kind).toBe('ambiguous');
        expect(ambiguous.failure!.range.start.line + 1).toBe(31);
        expect(ambiguous.failure!.transitions.map(t => [t.from, t.to, t.uri, t.range.start.line])).toEqual([
            ['HighPolygenicRisk', 'StatinPrevention', uriOf(pathway), lineIn(pathway, 'HighPolygenicRisk -> StatinPrevention')],
            ['HighPolygenicRisk', 'StandardPrevention', uriOf(pathway), lineIn(pathway, 'HighPolygenicRisk -> StandardPrevention')],
        ]);
        // Without a root the server names files relative to its workspace folder, like the CLI run there.
        expect(ambiguous.failure!.message).toContain(`(examples/polygenic-risk-cad.pmpath:${lineIn(pathway, 'HighPolygenicRisk -> StatinPrevention') + 1})`);
        expect(wrong.failure).toMatchObject({ kind: 'expectation', line: 39, expected: 'StatinPrevention', actual: 'StandardPrevention' });
        expect(wrong.failure!.range.start.line).toBe(38);
    });

    test('waits for an edit sent just before the run, in the suite and in the pathway', async () => {
        const suite = 'examples/tests/cf-newborn-screening.pmtest';
        const uri = uriOf(suite);
        await open(suite, 'pmtest');
        const text = readFileSync(path.join(workspace, suite), 'utf8');
        // The run request follows the edit at once: it must see the edited suite.
        await replaceAll(uri, text.replace('observe irt = 60 "ng/mL"', 'observe irt = 59.9 "ng/mL"'));
        const edited = await run({ suites: [{ uri, scenarios: ['IRT exactly at the cutoff counts as positive'] }] });
        expect(edited.suites[0].scenarios[0]).toMatchObject({ status: 'failed', failure: { message: 'expected state ScreenPositive, but the person is in Cleared' } });
        await replaceAll(uri, text);

        const pathwayFile = 'examples/cf-newborn-screening.pmpath';
        const pathwayUri = uriOf(pathwayFile);
        await open(pathwayFile, 'pmpath');
        const pathwayText = readFileSync(path.join(workspace, pathwayFile), 'utf8');
        expect(pathwayText).toContain('cutoff IrtHigh: irt >= 60 "ng/mL"');
        await replaceAll(pathwayUri, pathwayText.replace('cutoff IrtHigh: irt >= 60 "ng/mL"', 'cutoff IrtHigh: irt > 60 "ng/mL"'));
        const moved = await run({ suites: [{ uri, scenarios: ['IRT exactly at the cutoff counts as positive'] }] });
        expect(moved.suites[0].scenarios[0].status).toBe('failed');
        // An error in the pathway blocks the suite, as in `pmpath test`.
        await replaceAll(pathwayUri, pathwayText.replace('cutoff IrtHigh: irt >= 60 "ng/mL"', 'cutoff IrtHigh: irt >= 60 "mg/mL"'));
        const blocked = await run({ suites: [{ uri }] });
        expect(blocked.suites[0].scenarios).toEqual([]);
        expect(blocked.suites[0].blocked.map(f => [f.uri, f.rule])).toContainEqual([pathwayUri, 'cutoff-unit-mismatch']);
        await replaceAll(pathwayUri, pathwayText);
        const back = await run({ suites: [{ uri }] });
        expect(back.suites[0].scenarios.every(s => s.status === 'passed')).toBe(true);
        expect(lsp.exitCode).toBeUndefined();
    });

    test('answers for a file that is not a suite, a garbled suite and a bad URI without failing', async () => {
        const result = await run({ suites: [{ uri: uriOf('examples/cf-newborn-screening.pmpath') }, { uri: 'not a uri' }, { uri: uriOf('examples/tests/nothing-here.pmtest') }] });
        expect(result.suites[0].blocked.length + (result.suites[0].error ? 1 : 0)).toBeGreaterThan(0);
        expect(result.suites[0].scenarios).toEqual([]);
        expect(result.suites[1].error ?? result.suites[1].blocked[0]?.message).toBeTruthy();
        expect(result.suites[2].error).toMatch(/not known/);
        const untitled = 'untitled:Untitled-3';
        await lsp.open(untitled, 'tests for { scenario "x" { expect', 'pmtest');
        const garbled = await run({ suites: [{ uri: untitled }], coverage: true });
        expect(garbled.suites[0].blocked.map(f => f.rule)).toContain('syntax');
        expect(garbled.coverage).toEqual([]);
        expect((await lsp.connection.sendRequest<TestSuitesResult>(TestSuitesRequest, { uris: [untitled] })).suites.length).toBeLessThanOrEqual(1);
        expect(lsp.exitCode).toBeUndefined();
    });

    test('draws a scenario\'s path and a run\'s coverage over the states diagram, and says why when it cannot', async () => {
        const pathwayFile = 'examples/cf-newborn-screening.pmpath';
        const uri = uriOf(pathwayFile);
        await open(pathwayFile, 'pmpath').catch(() => undefined);
        const suiteUri = uriOf('examples/tests/cf-newborn-screening.pmtest');
        const diagram = (params: Partial<DiagramParams>) => lsp.connection.sendRequest<DiagramResult>(DiagramRequest, { uri, view: 'states', direction: 'TB', full: true, ...params });

        const plain = await diagram({});
        expect(plain.svg).toBeDefined();
        expect(plain.svg).not.toContain('▶');

        const path = await diagram({ overlay: { kind: 'scenario', suiteUri, scenario: 'positive screen, normal sweat test: not affected' } });
        expect(path.overlayError).toBeUndefined();
        expect(path.overlay).toBe('Path of scenario "positive screen, normal sweat test: not affected" (passed): 3 states entered, numbered in order');
        expect(path.svg).toContain('▶ step 1');
        expect(path.svg).toContain('▶ step 2 → 3');
        expect(path.svg).toContain('entered by the scenario');
        expect(path.svg).toContain('Path of scenario &quot;positive screen');

        const result = await run({ suites: [{ uri: suiteUri }], coverage: true });
        const coverage = await diagram({ overlay: { kind: 'coverage', coverage: result.coverage[0], what: '8 scenarios' } });
        expect(coverage.overlay).toMatch(/^Coverage of the last test run \(8 scenarios\): 7 of 7 transitions taken/);
        expect(coverage.svg).toContain('entered in the run');
        expect(coverage.svg).toMatch(/▶ taken \d+×/);

        const blocked = await diagram({ overlay: { kind: 'scenario', suiteUri: uriOf('examples/flawed/suite-findings.pmtest'), scenario: 'classic CF' } });
        expect(blocked.svg).toBeDefined();
        expect(blocked.svg).not.toContain('▶');
        expect(blocked.overlayError).toMatch(/is not run: \d+ error findings/);
        const other = await diagram({ overlay: { kind: 'scenario', suiteUri: uriOf('examples/tests/brca-carriers.pmtest'), scenario: 'x' } });
        expect(other.overlayError).toMatch(/tests pathway BrcaCascadeAndSurveillance, not CysticFibrosisNewbornScreening/);
        const gone = await diagram({ overlay: { kind: 'scenario', suiteUri, scenario: 'no such scenario' } });
        expect(gone.overlayError).toMatch(/no longer in cf-newborn-screening.pmtest/);
        const flows = await diagram({ view: 'flows', overlay: { kind: 'scenario', suiteUri, scenario: 'positive screen, normal sweat test: not affected' } });
        expect(flows.svg).toBeDefined();
        expect(flows.overlayError).toMatch(/states view/);
    });

    test('answers other requests and publishes diagnostics while a long run goes on, and shortens long paths', async () => {
        const { suite } = writeCycle('busy', 'wait 30 years');
        const other = 'examples/prediabetes-wearables.pmpath';
        await open(other, 'pmpath');
        const order: string[] = [];
        // A run of 200 people through a daily cycle for 30 years (over two million transitions) …
        const long = run({ suites: [{ uri: uriOf(suite) }] }).then(r => { order.push('run'); return r; });
        // … sent first, so without yielding between slices it would block both of these until it ends.
        const listed = lsp.connection.sendRequest<TestSuitesResult>(TestSuitesRequest, { uris: [uriOf(suite)] }).then(r => { order.push('suites'); return r; });
        const published = lsp.nextDiagnostics(uriOf(other)).then(p => { order.push('diagnostics'); return p; });
        await replaceAll(uriOf(other), readFileSync(path.join(workspace, other), 'utf8') + '\n// edited during the run\n');
        const [result, suites] = await Promise.all([long, listed, published]);
        expect(order.indexOf('suites')).toBeLessThan(order.indexOf('run'));
        expect(order.indexOf('diagnostics')).toBeLessThan(order.indexOf('run'));
        expect(suites.suites[0].scenarios).toHaveLength(200);
        const scenarios = result.suites[0].scenarios;
        expect(scenarios.map(s => s.status)).toEqual(Array(200).fill('passed'));
        // 30 years of daily moves: the response keeps the first and last 100 states and counts the rest.
        expect(scenarios[0].path).toHaveLength(200);
        expect(scenarios[0].path.slice(0, 3)).toEqual(['A', 'B', 'A']);
        expect(scenarios[0].path.length + scenarios[0].pathOmitted!).toBe(daysIn30Years + 1);
        expect(lsp.exitCode).toBeUndefined();
    });

    test('never mixes two versions of a suite: an edit that arrives during a run stops the rest of it', async () => {
        const { suite, text } = writeCycle('edited', 'wait 30 years');
        await open(suite, 'pmtest');
        // A first run loads the pathway; the second starts at once, with nothing left to wait for.
        expect((await run({ suites: [{ uri: uriOf(suite) }] })).suites[0].scenarios.every(s => s.status === 'passed')).toBe(true);
        const long = run({ suites: [{ uri: uriOf(suite) }] });
        // The edited suite fails every scenario. The server reads this edit between two slices of the
        // run, after the first scenario at least: the rest must be skipped, never run on the new text.
        await replaceAll(uriOf(suite), text.replaceAll('wait 30 years', 'wait 30 years\n    expect path A'));
        const result = (await long).suites[0];
        const count = (status: string) => result.scenarios.filter(s => s.status === status).length;
        expect(count('failed')).toBe(0);
        expect(count('passed')).toBeGreaterThan(0);
        expect(count('skipped')).toBeGreaterThan(0);
        expect(count('passed') + count('skipped')).toBe(200);
        expect(result.interrupted).toMatch(/changed during the run; run it again/);
        const firstSkipped = result.scenarios.findIndex(s => s.status === 'skipped');
        expect(result.scenarios.slice(firstSkipped).every(s => s.status === 'skipped')).toBe(true);
        const again = (await run({ suites: [{ uri: uriOf(suite) }] })).suites[0];
        expect(again.scenarios.map(s => s.status)).toEqual(Array(200).fill('failed'));
    });

    test('keeps a scenario name with markup as text in the diagram', async () => {
        const relative = 'examples/tests/markup.pmtest';
        writeFileSync(path.join(workspace, relative), [
            'import "../cf-newborn-screening.pmpath"', '',
            'tests for CysticFibrosisNewbornScreening {',
            '  scenario "<script>alert(1)</script> & <b>bold</b>" {', '    observe irt = 41 "ng/mL"', '  }',
            '}', '',
        ].join('\n'));
        const result = await lsp.connection.sendRequest<DiagramResult>(DiagramRequest, {
            uri: uriOf('examples/cf-newborn-screening.pmpath'), view: 'states', full: true,
            overlay: { kind: 'scenario', suiteUri: uriOf(relative), scenario: '<script>alert(1)</script> & <b>bold</b>' },
        });
        expect(result.overlayError).toBeUndefined();
        expect(result.svg).not.toContain('<script');
        expect(result.svg).not.toContain('<b>');
        expect(result.svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
        expect(lsp.exitCode).toBeUndefined();
    });
});
