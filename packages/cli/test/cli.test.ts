/**
 * End-to-end tests of the `pmpath` binary (`check`, `rules`, help, version,
 * exit codes). They spawn the BUILT CLI, `node packages/cli/bin/pmpath.js`:
 * run `npm run build` first (`.ci/run` does, through `npm ci`'s prepare
 * script). If `packages/cli/out` is missing or older than its sources, the
 * CLI package alone is recompiled in `beforeAll`.
 *
 * Every test writes small pathways into its own temporary folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES, RuleId } from '@pmpath/language';
import { CLI_ROOT, expectOneLineError, pmpath, removeTempTrees, REPO_ROOT, type RunResult, tempTree } from './helpers.js';

const PACKAGE_VERSION = (JSON.parse(fs.readFileSync(path.join(CLI_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const ANSI = /\u001b\[/;
/** Tests spawn up to five processes; a loaded CI machine can take seconds for each. */
const SPAWN_TEST_TIMEOUT = 240_000;

/** A fresh folder holding the given files (names may contain folders). */
const workspace = (files: Record<string, string | Uint8Array>): string => tempTree(files, 'pmpath-cli-');

interface JsonReport {
    version: number;
    files: Array<{ path: string; diagnostics: Array<{ rule: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number }> }>;
    summary: { files: number; errors: number; warnings: number; infos: number };
}

async function checkJson(args: readonly string[], cwd: string): Promise<{ result: RunResult; report: JsonReport }> {
    const result = await pmpath(['check', '--format', 'json', ...args], { cwd });
    expect(result.stderr).toBe('');
    return { result, report: JSON.parse(result.stdout) as JsonReport };
}

// ---- pathways -------------------------------------------------------------

/** A pathway that every rule accepts. */
const CLEAN = `pathway Clean {
  title "Lipid screening"
  actor doc: clinician "Lipid clinic physician" { genomics-trained }
  actor lab: laboratory "Hospital laboratory"
  data ldl: biomarker "LDL cholesterol" unit "mmol/L"
  cutoff High: ldl >= 5 "mmol/L" source "NICE CG71"
  cutoff Normal: ldl < 5 "mmol/L" source "NICE CG71"
  initial state Start: healthy "Screened adult"
  final state Treated: sick "Familial hypercholesterolaemia care"
  final state Fine: healthy "Not affected"
  Start -> Treated when High by doc
  Start -> Fine when Normal by doc
  flow ldl from lab to doc for care
}
`;

/** CLEAN with two unused actors: two `unused-declaration` warnings, no error. */
const TWO_WARNINGS = CLEAN.replace('  data ldl', '  actor spareA: family "Relatives"\n  actor spareB: family "More relatives"\n  data ldl');

/** CLEAN with a duplicated actor: one `duplicate-name` error. */
const ONE_ERROR = CLEAN.replace('  actor lab:', '  actor doc: clinician "Second physician"\n  actor lab:');

/** A library and a pathway that imports it. */
const LIBRARY = `library Shared {
  actor doc: clinician "Lipid clinic physician" { genomics-trained }
  actor lab: laboratory "Hospital laboratory"
}
`;
const IMPORTING = `import "./lib/shared.pmpath"

${CLEAN.replace(/ {2}actor doc[^\n]*\n/, '').replace(/ {2}actor lab[^\n]*\n/, '')}`;

beforeAll(async () => {
    // The pathways above must stay clean as rules land; fail loudly here rather than in every test.
    const { report } = await checkJson(['clean.pmpath'], workspace({ 'clean.pmpath': CLEAN }));
    expect(report.files[0].diagnostics, 'the CLEAN fixture pathway must have no findings').toEqual([]);
});

afterAll(removeTempTrees);

// ---- program ----------------------------------------------------------------

describe.concurrent('pmpath program', { timeout: SPAWN_TEST_TIMEOUT }, () => {
    it('prints the package version with --version and -V', async () => {
        for (const flag of ['--version', '-V']) {
            const result = await pmpath([flag]);
            expect(result.status).toBe(0);
            expect(result.stdout.trim()).toBe(PACKAGE_VERSION);
        }
    });

    it.each([
        [[], 'Usage: pmpath'],
        [['check'], 'Usage: pmpath check'],
        [['rules'], 'Usage: pmpath rules'],
        [['diagram'], 'Usage: pmpath diagram'],
        [['report'], 'Usage: pmpath report'],
    ])('shows help with --help for %j', async (command, usage) => {
        const result = await pmpath([...command, '--help']);
        expect(result.status).toBe(0);
        expect(result.stdout).toContain(usage);
        expect(result.stderr).toBe('');
    });

    it('lists every command in the top-level help', async () => {
        const result = await pmpath(['--help']);
        for (const command of ['check', 'rules', 'diagram', 'report']) {
            expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
        }
    });

    it('documents every check option in `check --help`', async () => {
        const result = await pmpath(['check', '--help']);
        for (const option of ['--format', '--output', '--max-warnings', '--quiet', '--config']) {
            expect(result.stdout).toContain(option);
        }
    });

    it('shows help through the `help` command', async () => {
        const result = await pmpath(['help', 'check']);
        expect(result.status).toBe(0);
        expect(result.stdout).toContain('Usage: pmpath check');
    });

    it('exits 2 with one line for an unknown command, suggesting the closest one', async () => {
        expectOneLineError(await pmpath(['chek']), "unknown command 'chek'", 'check');
    });

    it('exits 2 with one line for an unknown option', async () => {
        expectOneLineError(await pmpath(['check', '--frobnicate']), '--frobnicate');
    });

    it.each([['diagram'], ['report']])('exits 2 with one line for an unknown option of %s', async command => {
        expectOneLineError(await pmpath([command, '--frobnicate']), '--frobnicate');
    });

    it('prints a stack trace only with --debug', async () => {
        const root = workspace({ 'clean.pmpath': CLEAN });
        expectOneLineError(await pmpath(['check', 'missing.pmpath'], { cwd: root }), 'missing.pmpath');
        const debug = await pmpath(['--debug', 'check', 'missing.pmpath'], { cwd: root });
        expect(debug.status).toBe(2);
        expect(debug.stderr.split('\n')[0]).toBe('pmpath: missing.pmpath: no such file or directory');
        expect(debug.stderr).toMatch(/\n\s+at /);
    });

    it('exits 2 when no command is given', async () => {
        expect((await pmpath([])).status).toBe(2);
    });
});

// ---- check: exit codes -----------------------------------------------------

describe.concurrent('pmpath check exit codes', { timeout: SPAWN_TEST_TIMEOUT }, () => {
    it('exits 0 with a clean message when there are no findings', async () => {
        const root = workspace({ 'clean.pmpath': CLEAN });
        const result = await pmpath(['check'], { cwd: root });
        expect(result.status).toBe(0);
        expect(result.stdout).toContain('No problems found in 1 file.');
        expect(result.stderr).toBe('');
    });

    it('checks the current directory when no PATH is given', async () => {
        const root = workspace({ 'a.pmpath': CLEAN, 'nested/b.pmpath': ONE_ERROR });
        const { result, report } = await checkJson([], root);
        expect(result.status).toBe(1);
        expect(report.files.map(f => f.path)).toEqual(['a.pmpath', 'nested/b.pmpath']);
    });

    it('exits 1 on a lint error', async () => {
        const root = workspace({ 'bad.pmpath': ONE_ERROR });
        const { result, report } = await checkJson(['bad.pmpath'], root);
        expect(result.status).toBe(1);
        expect(report.files[0].diagnostics.map(d => d.rule)).toEqual([RuleId.duplicateName]);
    });

    it('exits 0 on warnings without --max-warnings', async () => {
        const root = workspace({ 'warn.pmpath': TWO_WARNINGS });
        const { result, report } = await checkJson(['warn.pmpath'], root);
        expect(result.status).toBe(0);
        expect(report.summary).toEqual({ files: 1, errors: 0, warnings: 2, infos: 0 });
    });

    it('exits 1 when the warnings exceed --max-warnings, and 0 when they do not', async () => {
        const root = workspace({ 'warn.pmpath': TWO_WARNINGS });
        expect((await pmpath(['check', '--max-warnings', '1', 'warn.pmpath'], { cwd: root })).status).toBe(1);
        expect((await pmpath(['check', '--max-warnings', '0', 'warn.pmpath'], { cwd: root })).status).toBe(1);
        expect((await pmpath(['check', '--max-warnings', '2', 'warn.pmpath'], { cwd: root })).status).toBe(0);
        expect((await pmpath(['check', '--max-warnings=10', 'warn.pmpath'], { cwd: root })).status).toBe(0);
    });

    it('says in the stylish report that there were too many warnings', async () => {
        const root = workspace({ 'warn.pmpath': TWO_WARNINGS });
        const result = await pmpath(['check', '--max-warnings', '1', 'warn.pmpath'], { cwd: root });
        expect(result.stdout).toContain('too many warnings (maximum: 1)');
    });

    it('takes --max-warnings -1 as no limit, as ESLint does', async () => {
        const root = workspace({ 'warn.pmpath': TWO_WARNINGS });
        expect((await pmpath(['check', '--max-warnings', '-1', 'warn.pmpath'], { cwd: root })).status).toBe(0);
        expect((await pmpath(['check', '--max-warnings=-1', '--max-warnings', '1', 'warn.pmpath'], { cwd: root })).status).toBe(1);
    });

    it.each([['abc'], ['-2'], ['1.5'], ['']])('exits 2 for --max-warnings %j', async value => {
        const root = workspace({ 'warn.pmpath': TWO_WARNINGS });
        expectOneLineError(await pmpath(['check', `--max-warnings=${value}`, 'warn.pmpath'], { cwd: root }), '--max-warnings');
    });

    it('exits 2 for an unknown --format, naming the allowed ones', async () => {
        const root = workspace({ 'clean.pmpath': CLEAN });
        expectOneLineError(await pmpath(['check', '--format', 'xml', 'clean.pmpath'], { cwd: root }), 'xml', 'stylish, json, sarif');
    });

    it('exits 2 naming a PATH that does not exist', async () => {
        const root = workspace({ 'clean.pmpath': CLEAN });
        expectOneLineError(await pmpath(['check', 'clean.pmpath', 'missing/nowhere.pmpath'], { cwd: root }), 'missing/nowhere.pmpath');
    });

    it('exits 2 for a dangling symbolic link (an unreadable input)', async () => {
        const root = workspace({ 'clean.pmpath': CLEAN });
        fs.symlinkSync(path.join(root, 'gone.pmpath'), path.join(root, 'link.pmpath'));
        expectOneLineError(await pmpath(['check', 'link.pmpath'], { cwd: root }), 'link.pmpath');
    });

    // Root reads files whatever their mode, so the permission case can only run unprivileged.
    it.skipIf(process.getuid?.() === 0)('exits 2 naming a file it may not read', async () => {
        const root = workspace({ 'secret.pmpath': CLEAN });
        fs.chmodSync(path.join(root, 'secret.pmpath'), 0o000);
        expectOneLineError(await pmpath(['check', 'secret.pmpath'], { cwd: root }), 'secret.pmpath', 'permission denied');
    });

    it('exits 2 when the PATHs hold no .pmpath or .pmtest file', async () => {
        const root = workspace({ 'notes.txt': 'nothing to lint' });
        expectOneLineError(await pmpath(['check'], { cwd: root }), 'no .pmpath or .pmtest files');
    });

    it('reports empty, binary, non-UTF-8, deeply nested and malformed files as `syntax` and exits 1 without crashing', async () => {
        const inputs: Record<string, string | Uint8Array> = {
            'empty.pmpath': '',
            'comments-only.pmpath': '  \n// nothing here\n/* still nothing */\n',
            'binary.pmpath': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff, 0xfe, 0x00]),
            'utf16.pmpath': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CLEAN, 'utf16le')]),
            'latin1.pmpath': Buffer.from([0x70, 0x61, 0x74, 0xc3, 0x28, 0x0a]),
            'nested.pmpath': CLEAN.replace('when High by', `when ${'('.repeat(5000)}High${')'.repeat(5000)} by`),
            'braces.pmpath': 'pathway P {{{{ }',
        };
        const { result, report } = await checkJson([], workspace(inputs));
        expect(result.status).toBe(1);
        expect(report.files.map(f => f.path)).toEqual(Object.keys(inputs).sort());
        for (const file of report.files) {
            expect(file.diagnostics.some(d => d.rule === RuleId.syntax && d.severity === 'error'), file.path).toBe(true);
        }
    });

    it('survives a guard of 20000 `and`s', async () => {
        const chain = Array.from({ length: 20_000 }, () => 'High').join(' and ');
        const root = workspace({ 'long.pmpath': CLEAN.replace('when High by', `when ${chain} by`) });
        const result = await pmpath(['check', '--format', 'json', 'long.pmpath'], { cwd: root });
        expect(result.stderr).toBe('');
        expect([0, 1]).toContain(result.status);
        expect((JSON.parse(result.stdout) as JsonReport).files).toHaveLength(1);
    });
});

// ---- check: configuration ------------------------------------------------------

describe.concurrent('pmpath check configuration', { timeout: SPAWN_TEST_TIMEOUT }, () => {
    it.each([
        ['invalid JSON', '{ "rules": { ', 'not valid JSON'],
        ['an unknown rule id', JSON.stringify({ rules: { 'no-such-rule': 'off' } }), 'no-such-rule'],
        ['an unknown severity', JSON.stringify({ rules: { [RuleId.unusedDeclaration]: 'fatal' } }), 'fatal'],
        ['an entry for syntax', JSON.stringify({ rules: { [RuleId.syntax]: 'off' } }), RuleId.syntax],
        ['an entry for unresolved-reference', JSON.stringify({ rules: { [RuleId.unresolvedReference]: 'warning' } }), RuleId.unresolvedReference],
    ])('exits 2 for a .pmpathrc.json with %s, naming the file and the problem', async (_name, config, problem) => {
        const root = workspace({ '.pmpathrc.json': config, 'clean.pmpath': CLEAN });
        expectOneLineError(await pmpath(['check'], { cwd: root }), '.pmpathrc.json', problem);
    });

    it('exits 2 for a --config FILE that does not exist', async () => {
        const root = workspace({ 'clean.pmpath': CLEAN });
        expectOneLineError(await pmpath(['check', '--config', 'nope.json'], { cwd: root }), 'nope.json');
    });

    it('exits 2 for a bad --config FILE', async () => {
        const root = workspace({ 'clean.pmpath': CLEAN, 'custom.json': '[1, 2]' });
        expectOneLineError(await pmpath(['check', '--config', 'custom.json'], { cwd: root }), 'custom.json');
    });

    it('applies the nearest .pmpathrc.json, without merging it with configurations further up', async () => {
        const root = workspace({
            '.pmpathrc.json': JSON.stringify({ rules: { [RuleId.unusedDeclaration]: 'off' } }),
            'top.pmpath': TWO_WARNINGS,
            'team/.pmpathrc.json': JSON.stringify({ rules: { [RuleId.cutoffWithoutSource]: 'off' } }),
            'team/nested/deep.pmpath': TWO_WARNINGS,
        });
        const { report } = await checkJson([], root);
        const byPath = Object.fromEntries(report.files.map(f => [f.path, f.diagnostics]));
        expect(byPath['top.pmpath']).toEqual([]);
        // The team configuration wins in its folder and says nothing about unused declarations.
        expect(byPath['team/nested/deep.pmpath'].map(d => `${d.rule}:${d.severity}`))
            .toEqual([`${RuleId.unusedDeclaration}:warning`, `${RuleId.unusedDeclaration}:warning`]);
    });

    it('uses --config FILE for every file instead of the nearest configuration', async () => {
        const root = workspace({
            '.pmpathrc.json': '{ this is not even JSON',
            'a.pmpath': TWO_WARNINGS,
            'sub/.pmpathrc.json': JSON.stringify({ rules: { [RuleId.unusedDeclaration]: 'off' } }),
            'sub/b.pmpath': TWO_WARNINGS,
            'ci/strict.json': JSON.stringify({ rules: { [RuleId.unusedDeclaration]: 'error' } }),
        });
        const { result, report } = await checkJson(['--config', 'ci/strict.json'], root);
        expect(result.status).toBe(1);
        expect(report.summary).toEqual({ files: 2, errors: 4, warnings: 0, infos: 0 });
    });

    it('turns a rule off, and downgrades one to info, from the configuration', async () => {
        const root = workspace({
            'off/.pmpathrc.json': JSON.stringify({ rules: { [RuleId.duplicateName]: 'off' } }),
            'off/a.pmpath': ONE_ERROR,
            'info/.pmpathrc.json': JSON.stringify({ rules: { [RuleId.duplicateName]: 'info' } }),
            'info/b.pmpath': ONE_ERROR,
        });
        const { result, report } = await checkJson([], root);
        expect(result.status).toBe(0);
        expect(report.summary).toEqual({ files: 2, errors: 0, warnings: 0, infos: 1 });
        expect(report.files[0].diagnostics.map(d => d.severity)).toEqual(['info']);
    });
});

// ---- check: files and imports --------------------------------------------

describe.concurrent('pmpath check files', { timeout: SPAWN_TEST_TIMEOUT }, () => {
    it('walks directories for *.pmpath, skipping node_modules and dot-folders', async () => {
        const root = workspace({
            'pathways/a.pmpath': CLEAN,
            'pathways/notes.md': '# not a pathway',
            'pathways/node_modules/dep/x.pmpath': ONE_ERROR,
            'node_modules/y.pmpath': ONE_ERROR,
            '.git/z.pmpath': ONE_ERROR,
            'pathways/.drafts/w.pmpath': ONE_ERROR,
        });
        const { result, report } = await checkJson(['.'], root);
        expect(result.status).toBe(0);
        expect(report.files.map(f => f.path)).toEqual(['pathways/a.pmpath']);
    });

    it('checks a file inside a dot-folder when it is named explicitly', async () => {
        const root = workspace({ '.drafts/w.pmpath': ONE_ERROR });
        const { result, report } = await checkJson(['.drafts/w.pmpath'], root);
        expect(result.status).toBe(1);
        expect(report.files.map(f => f.path)).toEqual(['.drafts/w.pmpath']);
    });

    it('checks a file named twice once', async () => {
        const root = workspace({ 'a.pmpath': ONE_ERROR });
        const { report } = await checkJson(['a.pmpath', './a.pmpath', '.'], root);
        expect(report.summary.files).toBe(1);
        expect(report.summary.errors).toBe(1);
    });

    it('resolves imports when checking a directory, and counts library declarations as used', async () => {
        const root = workspace({ 'main.pmpath': IMPORTING, 'lib/shared.pmpath': LIBRARY });
        const { result, report } = await checkJson([], root);
        expect(report.files).toEqual([
            { path: 'lib/shared.pmpath', diagnostics: [] },
            { path: 'main.pmpath', diagnostics: [] },
        ]);
        expect(result.status).toBe(0);
    });

    it('loads an imported library without reporting it when only the pathway is checked', async () => {
        const root = workspace({ 'main.pmpath': IMPORTING, 'lib/shared.pmpath': LIBRARY.replace('{\n', '{\n  actor spare: family\n') });
        const { result, report } = await checkJson(['main.pmpath'], root);
        expect(report.files).toEqual([{ path: 'main.pmpath', diagnostics: [] }]);
        expect(result.status).toBe(0);
    });

    it('reports names that are not imported as unresolved', async () => {
        const root = workspace({ 'main.pmpath': IMPORTING.replace(/^import[^\n]*\n/, ''), 'lib/shared.pmpath': LIBRARY });
        const { result, report } = await checkJson(['main.pmpath'], root);
        expect(result.status).toBe(1);
        expect(report.files[0].diagnostics.some(d => d.rule === RuleId.unresolvedReference)).toBe(true);
    });

    it('reports an import of a missing file', async () => {
        const root = workspace({ 'main.pmpath': IMPORTING });
        const { report } = await checkJson(['main.pmpath'], root);
        expect(report.files[0].diagnostics.map(d => d.rule)).toContain(RuleId.importNotFound);
    });
});

// ---- check: output formats --------------------------------------------------

describe.concurrent('pmpath check --format json', { timeout: SPAWN_TEST_TIMEOUT }, () => {
    it('has the documented shape, sorted files with relative forward-slash paths, sorted diagnostics and summary counts', async () => {
        const root = workspace({
            'z.pmpath': TWO_WARNINGS,
            'a/b/bad.pmpath': ONE_ERROR,
            'a/clean.pmpath': CLEAN,
        });
        const { result, report } = await checkJson(['z.pmpath', 'a'], root);
        expect(result.status).toBe(1);
        expect(Object.keys(report)).toEqual(['version', 'files', 'summary']);
        expect(report.version).toBe(1);
        expect(report.files.map(f => f.path)).toEqual(['a/b/bad.pmpath', 'a/clean.pmpath', 'z.pmpath']);
        expect(report.files[1].diagnostics).toEqual([]);
        for (const file of report.files) {
            expect(Object.keys(file)).toEqual(['path', 'diagnostics']);
            for (const d of file.diagnostics) {
                expect(Object.keys(d)).toEqual(['rule', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn']);
                expect(d.line).toBeGreaterThanOrEqual(1);
                expect(d.column).toBeGreaterThanOrEqual(1);
            }
            const positions = file.diagnostics.map(d => [d.line, d.column]);
            expect(positions).toEqual([...positions].sort((p, q) => p[0] - q[0] || p[1] - q[1]));
        }
        expect(report.summary).toEqual({ files: 3, errors: 1, warnings: 2, infos: 0 });
        const warnings = report.files[2].diagnostics;
        expect(warnings.map(d => d.line)).toEqual([5, 6]);
        expect(warnings[0]).toMatchObject({ rule: RuleId.unusedDeclaration, severity: 'warning', column: 3 });
        expect(warnings[0].message).toContain('spareA');
    });

    it('hides warnings from the files and the counts with --quiet', async () => {
        const root = workspace({ 'warn.pmpath': TWO_WARNINGS, 'bad.pmpath': ONE_ERROR });
        const { result, report } = await checkJson(['--quiet'], root);
        expect(result.status).toBe(1);
        expect(report.summary).toEqual({ files: 2, errors: 1, warnings: 0, infos: 0 });
        expect(report.files.find(f => f.path === 'warn.pmpath')?.diagnostics).toEqual([]);
    });

    it('does not count hidden warnings against --max-warnings with --quiet', async () => {
        const root = workspace({ 'warn.pmpath': TWO_WARNINGS });
        expect((await pmpath(['check', '--quiet', '--max-warnings', '0'], { cwd: root })).status).toBe(0);
    });

    it('uses paths relative to the working directory when checking files elsewhere', async () => {
        const root = workspace({ 'project/p/a.pmpath': CLEAN });
        const { report } = await checkJson(['p'], path.join(root, 'project'));
        expect(report.files[0].path).toBe('p/a.pmpath');
        const { report: fromAbove } = await checkJson([path.join(root, 'project/p/a.pmpath')], root);
        expect(fromAbove.files[0].path).toBe('project/p/a.pmpath');
    });
});

describe.concurrent('pmpath check --format stylish', { timeout: SPAWN_TEST_TIMEOUT }, () => {
    it('groups findings under a relative path header, wraps messages under their position, and ends with a summary, without colours off a terminal', async () => {
        const root = workspace({ 'pw/warn.pmpath': TWO_WARNINGS, 'pw/bad.pmpath': ONE_ERROR, 'pw/clean.pmpath': CLEAN });
        const result = await pmpath(['check'], { cwd: root });
        expect(result.status).toBe(1);
        expect(result.stdout).not.toMatch(ANSI);
        const lines = result.stdout.split('\n');
        const badHeader = lines.indexOf('pw/bad.pmpath');
        const warnHeader = lines.indexOf('pw/warn.pmpath');
        expect(badHeader).toBeGreaterThanOrEqual(0);
        expect(warnHeader).toBeGreaterThan(badHeader);
        expect(lines).not.toContain('pw/clean.pmpath');
        // Not a terminal: at most 100 columns, so every message is wrapped beneath its position line.
        expect(Math.max(...lines.map(line => line.length))).toBeLessThanOrEqual(100);
        expect(lines[badHeader + 1]).toMatch(new RegExp(`^ {2}\\d+:\\d+ +error +${RuleId.duplicateName}$`));
        expect(lines[badHeader + 2]).toMatch(/^ {4}\S.*duplicate|^ {4}\S/i);
        const warningRows = lines.slice(warnHeader + 1).filter(line => /^ {2}\d/.test(line));
        expect(warningRows).toHaveLength(2);
        for (const row of warningRows) expect(row).toMatch(new RegExp(`^ {2}\\d+:\\d+ +warning +${RuleId.unusedDeclaration}$`));
        expect(result.stdout).toContain('✖ 3 problems (1 error, 2 warnings)');
    });

    it('colours the output when FORCE_COLOR is set, and not when NO_COLOR is', async () => {
        const root = workspace({ 'bad.pmpath': ONE_ERROR });
        expect((await pmpath(['check'], { cwd: root, env: { FORCE_COLOR: '1' } })).stdout).toMatch(ANSI);
        expect((await pmpath(['check'], { cwd: root, env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toMatch(ANSI);
        expect((await pmpath(['check', '--no-color'], { cwd: root, env: { FORCE_COLOR: '1' } })).stdout).not.toMatch(ANSI);
    });

    it('shows control characters from labels as escapes', async () => {
        const root = workspace({ 'x.pmpath': TWO_WARNINGS.replace('"Relatives"', '"Rel\u001b[2Jatives"') });
        const result = await pmpath(['check', '--max-warnings', '5', 'x.pmpath'], { cwd: root, env: { FORCE_COLOR: '0' } });
        expect(result.stdout).not.toContain('\u001b[2J');
    });
});

describe.concurrent('pmpath check --format sarif', { timeout: SPAWN_TEST_TIMEOUT }, () => {
    const schema = JSON.parse(fs.readFileSync(path.join(CLI_ROOT, 'test/fixtures/sarif-schema-2.1.0.json'), 'utf8')) as object;
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);

    it('validates against the SARIF 2.1.0 schema and carries what GitHub code scanning needs', async () => {
        const root = workspace({ 'src/warn.pmpath': TWO_WARNINGS, 'src/my pathways/bad.pmpath': ONE_ERROR, 'clean.pmpath': CLEAN });
        const result = await pmpath(['check', '--format', 'sarif'], { cwd: root });
        expect(result.status).toBe(1);
        expect(result.stderr).toBe('');
        const log = JSON.parse(result.stdout) as any;
        expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);

        expect(log.version).toBe('2.1.0');
        expect(log.runs).toHaveLength(1);
        const run = log.runs[0];
        const driver = run.tool.driver;
        expect(driver.name).toBe('pmpath');
        expect(driver.version).toBe(PACKAGE_VERSION);
        expect(driver.informationUri).toMatch(/^https:\/\//);
        expect(driver.rules.map((r: any) => r.id)).toEqual(RULES.map(r => r.id));
        for (const [i, rule] of RULES.entries()) {
            const descriptor = driver.rules[i];
            expect(descriptor.shortDescription.markdown).toBe(rule.description);
            expect(descriptor.fullDescription.markdown).toBe(rule.documentation);
            expect(descriptor.fullDescription.text).toBe(rule.documentation.replace(/`/g, ''));
            expect(descriptor.help.markdown).toContain(rule.documentation);
            expect(descriptor.helpUri).toContain(rule.id);
            expect(descriptor.defaultConfiguration.level).toBe(rule.defaultSeverity === 'info' ? 'note' : rule.defaultSeverity);
        }
        // No absolute path anywhere: %SRCROOT% is described, not located.
        expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBeUndefined();
        expect(result.stdout).not.toContain(root);
        expect(run.artifacts.map((a: any) => a.location.uri)).toEqual(['clean.pmpath', 'src/my%20pathways/bad.pmpath', 'src/warn.pmpath']);

        expect(run.results).toHaveLength(3);
        for (const r of run.results) {
            expect(driver.rules[r.ruleIndex].id).toBe(r.ruleId);
            expect(['error', 'warning', 'note']).toContain(r.level);
            expect(r.message.text.length).toBeGreaterThan(0);
            const location = r.locations[0].physicalLocation;
            expect(location.artifactLocation.uriBaseId).toBe('%SRCROOT%');
            expect(run.artifacts[location.artifactLocation.index].location.uri).toBe(location.artifactLocation.uri);
            expect(location.region.startLine).toBeGreaterThanOrEqual(1);
            expect(location.region.startColumn).toBeGreaterThanOrEqual(1);
        }
        const error = run.results.find((r: any) => r.level === 'error');
        expect(error).toMatchObject({ ruleId: RuleId.duplicateName });
        expect(error.locations[0].physicalLocation.artifactLocation.uri).toBe('src/my%20pathways/bad.pmpath');
    });

    it('validates for a clean run and for findings at the very start of a file', async () => {
        const clean = await pmpath(['check', '--format', 'sarif'], { cwd: workspace({ 'clean.pmpath': CLEAN }) });
        expect(clean.status).toBe(0);
        expect(validate(JSON.parse(clean.stdout)), ajv.errorsText(validate.errors)).toBe(true);
        const empty = await pmpath(['check', '--format', 'sarif'], { cwd: workspace({ 'empty.pmpath': '' }) });
        expect(empty.status).toBe(1);
        expect(validate(JSON.parse(empty.stdout)), ajv.errorsText(validate.errors)).toBe(true);
    });
});

describe.concurrent('pmpath check --output', { timeout: SPAWN_TEST_TIMEOUT }, () => {
    it.each([['stylish'], ['json'], ['sarif']])('writes the %s report to a file in new folders, keeping the exit code', async format => {
        const root = workspace({ 'bad.pmpath': ONE_ERROR });
        const result = await pmpath(['check', '--format', format, '--output', 'reports/deep/out.txt'], { cwd: root, env: { FORCE_COLOR: '1' } });
        expect(result.status).toBe(1);
        expect(result.stdout).toBe('');
        const written = fs.readFileSync(path.join(root, 'reports/deep/out.txt'), 'utf8');
        expect(written).toContain(RuleId.duplicateName);
        // A file never gets terminal colours.
        expect(written).not.toMatch(ANSI);
    });

    it('exits 2 when the report cannot be written', async () => {
        const root = workspace({ 'clean.pmpath': CLEAN, 'taken': 'a file, not a folder' });
        expectOneLineError(await pmpath(['check', '--output', 'taken/out.json'], { cwd: root }), 'taken/out.json');
    });
});

// ---- rules ------------------------------------------------------------------

describe.concurrent('pmpath rules', { timeout: SPAWN_TEST_TIMEOUT }, () => {
    it('lists every rule with its default severity and description as text', async () => {
        const result = await pmpath(['rules']);
        expect(result.status).toBe(0);
        for (const rule of RULES) {
            expect(result.stdout).toMatch(new RegExp(`^${rule.id} +${rule.defaultSeverity} +${escapeRegExp(rule.description)}$`, 'm'));
        }
    });

    it('lists every rule as JSON', async () => {
        const result = await pmpath(['rules', '--format', 'json']);
        expect(result.status).toBe(0);
        const json = JSON.parse(result.stdout) as { version: number; rules: Array<Record<string, unknown>> };
        expect(json.version).toBe(1);
        expect(json.rules).toHaveLength(RULES.length);
        for (const rule of RULES) {
            expect(json.rules.find(r => r.id === rule.id)).toMatchObject({
                id: rule.id,
                defaultSeverity: rule.defaultSeverity,
                description: rule.description,
                configurable: rule.configurable,
                documentation: rule.documentation,
                helpUri: expect.stringContaining(rule.id),
            });
        }
    });

    it('lists every rule as a Markdown table linked to a documentation section per rule', async () => {
        const result = await pmpath(['rules', '--format', 'markdown']);
        expect(result.status).toBe(0);
        const rows = result.stdout.trimEnd().split('\n').filter(line => line.startsWith('|'));
        expect(rows[0]).toMatch(/^\| Rule \| Default \| Description \|$/);
        expect(rows).toHaveLength(RULES.length + 2);
        for (const rule of RULES) {
            expect(result.stdout).toContain(`| [\`${rule.id}\`](#${rule.id}) | ${rule.defaultSeverity}`);
            // The heading gives GitHub the #rule-id anchor that the docs links point to.
            expect(result.stdout).toContain(`### \`${rule.id}\`\n\nDefault: ${rule.defaultSeverity}`);
            expect(result.stdout).toContain(rule.documentation);
        }
    });

    it('exits 2 for an unknown format', async () => {
        expectOneLineError(await pmpath(['rules', '--format', 'yaml']), 'yaml');
    });

    it('matches the rule table in the README', async () => {
        const readmePath = path.join(REPO_ROOT, 'README.md');
        const readme = fs.existsSync(readmePath) ? fs.readFileSync(readmePath, 'utf8') : '';
        const start = readme.indexOf('<!-- rules:start -->');
        const end = readme.indexOf('<!-- rules:end -->');
        if (start < 0 || end < start) {
            throw new Error('README.md needs the markers <!-- rules:start --> and <!-- rules:end --> around the rule table.');
        }
        const table = readme.slice(start + '<!-- rules:start -->'.length, end).trim();
        const generated = (await pmpath(['rules', '--format', 'markdown'])).stdout.trim();
        expect(table, 'README rule table is out of date: paste the output of `pmpath rules --format markdown` between the markers').toBe(generated);
    });
});

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
