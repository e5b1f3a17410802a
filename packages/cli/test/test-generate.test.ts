/**
 * `pmpath test --generate PATHWAY.pmpath [--output FILE]` end to end: the
 * built CLI writes a suite that lints clean and passes the simulator, with
 * its import relative to where it is written, one summary line, and the exit
 * codes (1 for syntax errors and unresolved names, 2 for unusable input).
 * Spawns `node packages/cli/bin/pmpath.js`: run `npm run build` first.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CoverageCollector, isPmpathFile, lintFiles, runSuite, type TestSuite } from '@pmpath/language';

const BIN = path.resolve(import.meta.dirname, '../bin/pmpath.js');
const EXAMPLES = path.resolve(import.meta.dirname, '../../../examples');
const SPAWN_TEST_TIMEOUT = 240_000;

interface RunResult {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

function pmpath(args: readonly string[], cwd: string): Promise<RunResult> {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of ['CI', 'FORCE_COLOR', 'NO_COLOR', 'TERM']) delete env[name];
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
        child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
        child.on('error', reject);
        child.on('close', status => resolve({ status, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }));
    });
}

const roots: string[] = [];
afterAll(() => { for (const root of roots) fs.rmSync(root, { recursive: true, force: true }); });

function workspace(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pmpath-generate-cli-'));
    roots.push(root);
    for (const [name, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
        fs.writeFileSync(path.join(root, name), content);
    }
    return root;
}

/** Lints a suite on disk (with its pathway) and runs it: findings, failures and transition coverage. */
async function runOnDisk(suiteFile: string): Promise<{ findings: string[]; failures: string[]; taken: number; total: number }> {
    const lint = await lintFiles([suiteFile]);
    const file = lint.files[0];
    const root = file.document!.parseResult.value;
    if (!isPmpathFile(root) || root.body?.$type !== 'TestSuite') throw new Error('not a suite');
    const coverage = new CoverageCollector();
    const result = runSuite(root.body as TestSuite, { coverage });
    const [summary] = coverage.summaries();
    return {
        findings: file.diagnostics.map(d => `${d.line}: ${d.rule} ${d.message}`),
        failures: result.scenarios.filter(s => s.status !== 'passed').map(s => `${s.name}: ${s.failure?.message}`),
        taken: summary?.transitions.taken ?? 0,
        total: summary?.transitions.total ?? 0,
    };
}

const ERROR_ONLY = `pathway E {
  actor doc: clinician
  initial state A: healthy
  state Stuck: healthy
  A -> Stuck by doc
}
`;

describe.concurrent('pmpath test --generate', { timeout: SPAWN_TEST_TIMEOUT }, () => {
    it('writes a suite to --output that lints clean and takes every transition, with its import relative to the suite', async () => {
        const root = workspace({ 'pathways/cf.pmpath': fs.readFileSync(path.join(EXAMPLES, 'cf-newborn-screening.pmpath'), 'utf8') });
        const result = await pmpath(['test', '--generate', 'pathways/cf.pmpath', '--output', 'tests/generated/cf.pmtest'], root);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stderr).toBe('');
        expect(result.stdout).toBe('pmpath: wrote 5 scenarios for CysticFibrosisNewbornScreening to tests/generated/cf.pmtest: 7 of 7 transitions taken\n');
        const suiteFile = path.join(root, 'tests/generated/cf.pmtest');
        expect(fs.readFileSync(suiteFile, 'utf8')).toContain('import "../../pathways/cf.pmpath"\n');
        expect(await runOnDisk(suiteFile)).toEqual({ findings: [], failures: [], taken: 7, total: 7 });
        const check = await pmpath(['check', 'tests/generated/cf.pmtest'], root);
        expect(check.status, check.stdout).toBe(0);
    });

    it('writes the suite to stdout with the summary on stderr, importing relative to the working directory', async () => {
        // Without the two-week wait for the repeat test (as the example was first
        // written), the first HbA1c in the diabetes range confirms itself at once,
        // so two exits of AwaitingConfirmation cannot be taken.
        const pathway = fs.readFileSync(path.join(EXAMPLES, 'prediabetes-wearables.pmpath'), 'utf8').replace('when HbA1cDiabetesRange after 2 weeks by gp', 'when HbA1cDiabetesRange by gp');
        expect(pathway).not.toContain('after 2 weeks');
        const root = workspace({ 'p/prediabetes.pmpath': pathway });
        const result = await pmpath(['test', '--generate', 'p/prediabetes.pmpath'], root);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stdout).toMatch(/^\/\/ Scenarios generated by `pmpath test --generate`/);
        expect(result.stdout).toContain('import "./p/prediabetes.pmpath"\n');
        expect(result.stderr.trimEnd().split('\n')).toEqual([
            'pmpath: wrote 4 scenarios for PrediabetesDigitalPrevention to stdout: 6 of 8 transitions taken; 2 cannot be taken by any observations and waits (the suite\'s comments say why)',
        ]);
        fs.writeFileSync(path.join(root, 'generated.pmtest'), result.stdout);
        expect(await runOnDisk(path.join(root, 'generated.pmtest'))).toEqual({ findings: [], failures: [], taken: 6, total: 8 });
    });

    it('exits 1 with the findings on stderr for a pathway with syntax errors, writing nothing', async () => {
        const root = workspace({ 'bad.pmpath': 'pathway Bad {\n  state A healthy\n}\n' });
        const result = await pmpath(['test', '--generate', 'bad.pmpath', '--output', 'out.pmtest'], root);
        expect(result.status).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(/^bad\.pmpath\n {2}2:\d+ +error +.*syntax$/m);
        expect(result.stderr).toContain('pmpath: bad.pmpath: fix the syntax errors and unresolved names before generating scenarios');
        expect(fs.existsSync(path.join(root, 'out.pmtest'))).toBe(false);
    });

    it('exits 1 for unresolved names', async () => {
        const root = workspace({ 'u.pmpath': 'pathway U {\n  actor doc: clinician\n  initial state A: healthy\n  A -> Nowhere by doc\n}\n' });
        const result = await pmpath(['test', '--generate', 'u.pmpath'], root);
        expect(result.status).toBe(1);
        expect(result.stdout).toBe('');
        // Stylish findings: position, severity and rule on one line, the message wrapped beneath.
        expect(result.stderr).toMatch(/4:8 +error +unresolved-reference\n {4}Unknown state 'Nowhere'/);
    });

    it('still generates for a pathway with other errors, and warns that pmpath test will not run the suite yet', async () => {
        const root = workspace({ 'e.pmpath': ERROR_ONLY });
        const result = await pmpath(['test', '--generate', 'e.pmpath', '--output', 'e.pmtest'], root);
        expect(result.status).toBe(0);
        expect(result.stderr).toBe('pmpath: warning: e.pmpath has 1 error finding (run pmpath check); pmpath test will not run the generated suite until they are fixed\n');
        expect(fs.readFileSync(path.join(root, 'e.pmtest'), 'utf8')).toContain('expect path A -> Stuck');
    });

    it('exits 2 with one line for a missing file, a library, a suite, or a .pmpath output', async () => {
        const root = workspace({
            'lib.pmpath': 'library L {\n  actor doc: clinician\n}\n',
            'e.pmpath': ERROR_ONLY,
            's.pmtest': 'import "./e.pmpath"\ntests for E {\n}\n',
        });
        const cases: Array<[string[], string]> = [
            [['test', '--generate', 'missing.pmpath'], 'pmpath: missing.pmpath: no such file'],
            [['test', '--generate', 'lib.pmpath'], 'pmpath: lib.pmpath: is library L; scenarios are generated for a pathway'],
            [['test', '--generate', 's.pmtest'], 'pmpath: s.pmtest: is a test suite; scenarios are generated for a pathway'],
            [['test', '--generate', 'e.pmpath', '--output', 'x.pmpath'], 'pmpath: x.pmpath: a test suite must be written to a .pmtest file'],
            [['test', '--generate', 'e.pmpath', 'extra.pmtest'], 'pmpath: --generate takes one pathway and no suites to run'],
        ];
        for (const [args, message] of cases) {
            const result = await pmpath(args, root);
            expect(result.status, args.join(' ')).toBe(2);
            expect(result.stdout).toBe('');
            const lines = result.stderr.trimEnd().split('\n');
            expect(lines, result.stderr).toHaveLength(1);
            expect(lines[0]).toContain(message);
        }
    });
});
