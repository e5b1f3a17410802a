/**
 * The CLI as a first-time user meets it (issue 10): wrong file kinds, a
 * library checked from its own folder, output that fits the terminal, a CI
 * log that is never empty, ESLint habits, auditable suppressions, SARIF that
 * code scanning can place, no references to a SPEC the user does not have,
 * and a README whose synopsis matches `--help`. Spawns the built CLI.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RULES } from '@pmpath/language';
import { BIN, oneLineError, pmpath, removeTempTrees, REPO_ROOT, run, tempTree } from './helpers.js';

afterAll(removeTempTrees);

/** Spawning tests on a loaded 2-core machine: generous budgets, never speed assertions. */
const TIMEOUT = 240_000;

const CLEAN = `pathway Clean {
  actor doc: clinician
  data bm: biomarker unit "%"
  cutoff High: bm > 6 "%" source "s"
  initial state A: healthy
  final state B: sick
  A -> B when High by doc
  flow bm from doc to doc for care
}
`;
/** CLEAN with a suppressed unused actor (reason given) and an unsuppressed one. */
const SUPPRESSED = CLEAN.replace('  data bm', '  // pmpath-disable-next-line unused-declaration -- kept for the 2027 revision\n  actor idle: family\n  actor spare: payer\n  data bm');

describe.concurrent('inputs that are not pmpath files', { timeout: TIMEOUT }, () => {
    const root = tempTree({ 'a.txt': 'x', 'README.md': '# x', 'X.PMPATH': CLEAN, 'ok.pmpath': CLEAN });
    it.each([
        ['check', 'a.txt'], ['check', 'README.md'], ['check', 'X.PMPATH'],
        ['diagram', 'a.txt'], ['diagram', 'README.md'], ['diagram', 'X.PMPATH'],
        ['report', 'a.txt'], ['report', 'README.md'], ['report', 'X.PMPATH'],
    ])('%s %s says it is not a .pmpath file (exit 2), never a service-registry error', async (command, file) => {
        const result = await pmpath([command, file], { cwd: root });
        expect(oneLineError(result), result.stderr).toBe(`pmpath: ${file} is not a .pmpath file`);
        expect(result.stderr).not.toContain('service registry');
    });

    it('still reads .pmpath files, and .pmtest suites where they are input (check, report)', async () => {
        const suite = tempTree({ 'p.pmpath': CLEAN, 'p.pmtest': 'import "./p.pmpath"\ntests for Clean {\n}\n' });
        for (const command of ['check', 'report']) {
            const result = await pmpath([command, 'p.pmtest', '--output', `${command}.out`], { cwd: suite });
            expect(result.stderr).not.toContain('is not a .pmpath file');
            expect(fs.existsSync(path.join(suite, `${command}.out`))).toBe(true);
        }
        expect(oneLineError(await pmpath(['diagram', 'p.pmtest'], { cwd: suite }))).toContain('is a test suite');
    });
});

describe.concurrent('a library checked from its own folder', { timeout: TIMEOUT }, () => {
    const library = 'library Shared {\n  actor genetic: clinician { genomics-trained }\n  actor lab: laboratory\n}\n';
    const importer = 'import "../../shared/lib.pmpath"\npathway Uses {\n  initial state A: healthy\n  final state B: sick\n  A -> B by genetic, lab\n}\n';

    it('finds the importers anywhere in the repository (up to the folder with .git), so nothing is falsely unused', async () => {
        const root = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'shared/lib.pmpath': library, 'pathways/cf/uses.pmpath': importer });
        const result = await pmpath(['check', '--format', 'json', 'lib.pmpath'], { cwd: path.join(root, 'shared') });
        expect(result.stderr).toBe('');
        expect(JSON.parse(result.stdout).files).toEqual([{ path: 'lib.pmpath', diagnostics: [] }]);
        expect(result.status).toBe(0);
    });

    it('still reports declarations that no file of the repository uses', async () => {
        const root = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'shared/lib.pmpath': library.replace('{\n', '{\n  actor spare: family\n'), 'pathways/cf/uses.pmpath': importer });
        const result = await pmpath(['check', '--format', 'json', 'lib.pmpath'], { cwd: path.join(root, 'shared') });
        expect(JSON.parse(result.stdout).files[0].diagnostics.map((d: { rule: string; line: number }) => `${d.rule}@${d.line}`)).toEqual(['unused-declaration@2']);
    });
});

describe.concurrent('stylish output', { timeout: TIMEOUT }, () => {
    it('is no wider than 100 columns when not a terminal, wrapping long messages under their position', async () => {
        const result = await pmpath(['check', 'examples'], { cwd: REPO_ROOT });
        expect(result.status).toBe(1);
        const lines = result.stdout.split('\n');
        const widest = lines.reduce((a, b) => (b.length > a.length ? b : a), '');
        expect(widest.length, widest).toBeLessThanOrEqual(100);
        // Position lines carry severity and rule; the message lines follow, indented.
        expect(lines.some(line => /^ {2}\d+:\d+ +(error|warning) +[a-z-]+$/.test(line))).toBe(true);
        expect(lines.some(line => /^ {4}\S/.test(line))).toBe(true);
    });

    const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
    it.skipIf(!hasScript)('is no wider than a terminal of 60 columns (run in a pseudo-terminal by `script`)', async () => {
        const command = `stty cols 60; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} check examples/flawed`;
        const result = await run('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: REPO_ROOT });
        const lines = result.stdout.replace(/\u001b\[[0-9;]*m/g, '').split(/\r?\n/);
        expect(result.stdout, 'a terminal gets colours').toMatch(/\u001b\[/);
        const findings = lines.filter(line => line.startsWith(' '));
        expect(findings.length).toBeGreaterThan(50);
        // File paths are never broken; every finding line fits.
        expect(findings.filter(line => line.length > 60)).toEqual([]);
    });

    it('lists suppressed findings with their reasons when asked (--show-suppressed), without counting them', async () => {
        const root = tempTree({ 's.pmpath': SUPPRESSED });
        const plain = await pmpath(['check', 's.pmpath'], { cwd: root });
        expect(plain.stdout).not.toContain('kept for the 2027 revision');
        expect(plain.stdout).toContain('1 finding suppressed in the source');
        const shown = await pmpath(['check', '--show-suppressed', 's.pmpath'], { cwd: root });
        expect(shown.stdout).toContain('suppressed warning');
        expect(shown.stdout).toContain('reason: kept for the 2027 revision');
        expect(shown.stdout).toContain('✖ 1 problem (0 errors, 1 warning)');
        expect(shown.status).toBe(plain.status);
    });
});

describe.concurrent('--output, --max-warnings and .pmpathrc.json habits', { timeout: TIMEOUT }, () => {
    it.each([['stylish'], ['json'], ['sarif']])('prints the one-line summary on stderr when the %s report goes to a file', async format => {
        const root = tempTree({ 's.pmpath': SUPPRESSED });
        const result = await pmpath(['check', '--format', format, '--output', 'out/report', 's.pmpath'], { cwd: root });
        expect(result.stdout).toBe('');
        expect(result.stderr.trimEnd().split('\n')).toEqual(['✖ 1 problem (0 errors, 1 warning) in 1 file checked Report written to out/report.']);
    });

    it('adds the warning limit to the stderr summary when it is exceeded', async () => {
        const root = tempTree({ 's.pmpath': SUPPRESSED });
        const result = await pmpath(['check', '--max-warnings', '0', '--output', 'r.txt', 's.pmpath'], { cwd: root });
        expect(result.status).toBe(1);
        expect(result.stderr).toContain('too many warnings (maximum: 0)');
    });

    it('takes --max-warnings -1 as no limit and "warn" as "warning"', async () => {
        const root = tempTree({ '.pmpathrc.json': '{ "rules": { "unused-declaration": "warn" } }', 's.pmpath': SUPPRESSED });
        const result = await pmpath(['check', '--format', 'json', '--max-warnings', '-1', 's.pmpath'], { cwd: root });
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        expect(JSON.parse(result.stdout).summary).toEqual({ files: 1, errors: 0, warnings: 1, infos: 0 });
    });
});

describe.concurrent('suppressed findings in json and sarif', { timeout: TIMEOUT }, () => {
    it('json lists them per file under `suppressed`, the finding plus its reason', async () => {
        const root = tempTree({ 's.pmpath': SUPPRESSED, 'clean.pmpath': CLEAN });
        const result = await pmpath(['check', '--format', 'json'], { cwd: root });
        const json = JSON.parse(result.stdout);
        const file = json.files.find((f: { path: string }) => f.path === 's.pmpath');
        expect(file.suppressed).toEqual([{
            rule: 'unused-declaration', severity: 'warning', message: expect.stringContaining("'idle'"),
            line: 4, column: 3, endLine: 4, endColumn: 21, reason: 'kept for the 2027 revision',
        }]);
        expect(file.diagnostics.map((d: { line: number }) => d.line)).toEqual([5]);
        expect(json.files.find((f: { path: string }) => f.path === 'clean.pmpath')).toEqual({ path: 'clean.pmpath', diagnostics: [] });
    });

    it('sarif carries them as results with an inSource suppression justified by the reason', async () => {
        const root = tempTree({ 's.pmpath': SUPPRESSED });
        const log = JSON.parse((await pmpath(['check', '--format', 'sarif'], { cwd: root })).stdout);
        const suppressed = log.runs[0].results.filter((r: { suppressions?: unknown }) => r.suppressions);
        expect(suppressed).toHaveLength(1);
        expect(suppressed[0]).toMatchObject({ ruleId: 'unused-declaration', suppressions: [{ kind: 'inSource', justification: 'kept for the 2027 revision' }] });
    });
});

describe.concurrent('sarif locations for code scanning', { timeout: TIMEOUT }, () => {
    const uris = (stdout: string): string[] => JSON.parse(stdout).runs[0].artifacts.map((a: { location: { uri: string } }) => a.location.uri);

    it('are relative to the repository root when run from a subfolder', async () => {
        const root = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'pathways/cf/a.pmpath': CLEAN });
        const result = await pmpath(['check', '--format', 'sarif', 'a.pmpath'], { cwd: path.join(root, 'pathways/cf') });
        expect(uris(result.stdout)).toEqual(['pathways/cf/a.pmpath']);
        expect(result.stdout).not.toContain(root);
    });

    it('are relative to the repository of a path outside the working directory, never `../…`', async () => {
        const elsewhere = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'examples/flawed/c.pmpath': CLEAN });
        const here = tempTree({});
        const result = await pmpath(['check', '--format', 'sarif', path.join(elsewhere, 'examples')], { cwd: here });
        expect(uris(result.stdout)).toEqual(['examples/flawed/c.pmpath']);
        expect(result.stdout).not.toContain(elsewhere);
    });

    it('are relative to --base DIR when given, and a file outside it is a usage error', async () => {
        const root = tempTree({ '.git/HEAD': 'x', 'a/b/c.pmpath': CLEAN, 'other/d.pmpath': CLEAN });
        const result = await pmpath(['check', '--format', 'sarif', '--base', 'a', 'a/b/c.pmpath'], { cwd: root });
        expect(uris(result.stdout)).toEqual(['b/c.pmpath']);
        const outside = await pmpath(['check', '--format', 'sarif', '--base', 'a', 'other/d.pmpath'], { cwd: root });
        expect(oneLineError(outside)).toBe('pmpath: other/d.pmpath is outside --base a; SARIF locations must lie inside it');
    });
});

describe.concurrent('user-facing text never cites SPEC sections', { timeout: TIMEOUT }, () => {
    const SPEC_CITATION = /SPEC\s*§|§\s*\d/;

    it('in rule descriptions and documentation', () => {
        for (const rule of RULES) {
            expect(`${rule.description} ${rule.documentation}`, rule.id).not.toMatch(SPEC_CITATION);
        }
    });

    it('in --help of every command', async () => {
        const top = await pmpath(['--help']);
        const commands = [...top.stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map(m => m[1]).filter(c => c !== 'help');
        expect(commands.length).toBeGreaterThanOrEqual(5);
        for (const args of [['--help'], ...commands.map(c => [c, '--help'])]) {
            expect((await pmpath(args)).stdout, args.join(' ')).not.toMatch(SPEC_CITATION);
        }
    });

    it('in the findings, the JSON, SARIF and dossier of every example', async () => {
        for (const format of ['json', 'sarif']) {
            expect((await pmpath(['check', '--format', format, 'examples'])).stdout).not.toMatch(SPEC_CITATION);
        }
        const dossier = await pmpath(['report', '--format', 'md', 'examples/flawed']);
        expect(dossier.status).toBe(0);
        expect(dossier.stdout).not.toMatch(SPEC_CITATION);
    });

    it('in the READMEs users read', () => {
        for (const readme of ['README.md', 'packages/cli/README.md', 'packages/extension/README.md', 'packages/extension/CHANGELOG.md', 'examples/README.md']) {
            expect(fs.readFileSync(path.join(REPO_ROOT, readme), 'utf8'), readme).not.toMatch(SPEC_CITATION);
        }
    });
});

describe.concurrent('the README', { timeout: TIMEOUT }, () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    /** The `pmpath …` lines of the code block in the README's "CLI" section. */
    const synopsis = (): string[] => {
        const section = readme.slice(readme.indexOf('\n## CLI\n'));
        const block = /```\n([\s\S]*?)```/.exec(section)![1];
        return block.split('\n').filter(line => line.startsWith('pmpath '));
    };

    /** A command's long options (with their choices) and subcommands, from its --help. */
    async function helpOf(args: string[]): Promise<{ options: Map<string, string[]>; commands: string[] }> {
        const text = (await pmpath([...args, '--help'])).stdout;
        const section = (name: string) => new RegExp(`\\n${name}:\\n([\\s\\S]*?)(?:\\n\\S|$)`).exec(text)?.[1] ?? '';
        // An entry starts at a line with two spaces of indent; deeper lines continue its description.
        const entries = (body: string) => body.split(/\n(?= {2}\S)/).map(entry => entry.replace(/\s+/g, ' ').trim()).filter(Boolean);
        const options = new Map<string, string[]>();
        for (const entry of entries(section('Options'))) {
            const option = /^(?:-\w, )?(--[a-z-]+)/.exec(entry)?.[1];
            if (!option || option === '--help') continue;
            const choices = /\(choices: ([^)]*?)(?:, default|\))/.exec(entry);
            options.set(option, choices ? [...choices[1].matchAll(/"([^"]+)"/g)].map(c => c[1]) : []);
        }
        const commands = entries(section('Commands')).map(entry => entry.split(' ')[0]).filter(c => c !== 'help');
        return { options, commands };
    }

    it('has a synopsis line for every command, with every option and choice that --help shows, and nothing else', async () => {
        const lines = synopsis();
        const top = await helpOf([]);
        expect(top.commands.length).toBeGreaterThanOrEqual(5);
        const checked: string[] = [];
        const visit = async (args: string[]): Promise<void> => {
            const help = await helpOf(args);
            if (help.commands.length > 0) {
                for (const sub of help.commands) await visit([...args, sub]);
                return;
            }
            // A command may have several lines (`pmpath test …` and `pmpath test --generate …`).
            const line = lines.filter(l => l.startsWith(`pmpath ${args.join(' ')} `) || l === `pmpath ${args.join(' ')}`).join('\n');
            expect(line, `README synopsis line for pmpath ${args.join(' ')}`).not.toBe('');
            for (const [option, choices] of help.options) {
                expect(line, option).toContain(option);
                if (choices.length > 0) expect(line).toContain(choices.join('|'));
            }
            for (const written of line.matchAll(/--[a-z-]+/g)) {
                expect([...help.options.keys()], `${written[0]} in the README synopsis of ${args.join(' ')}`).toContain(written[0]);
            }
            checked.push(args.join(' '));
        };
        for (const command of top.commands) await visit([command]);
        expect(checked).toEqual(expect.arrayContaining(['check', 'diagram', 'report', 'rules', 'lsp', 'test', 'export fhir']));
        const global = lines.find(l => l.startsWith('pmpath --version'))!;
        for (const option of ['--version', '--help', '--debug', '--color', '--no-color']) expect(global).toContain(option);
    });

    it('is what the npm package README repeats: the same synopsis and editor configurations', () => {
        const packageReadme = fs.readFileSync(path.join(REPO_ROOT, 'packages/cli/README.md'), 'utf8');
        const blocks = (text: string, language: string) => [...text.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map(m => m[1]);
        expect(blocks(packageReadme, '').find(b => b.startsWith('pmpath check')), 'copy the CLI synopsis of README.md into packages/cli/README.md')
            .toBe(blocks(readme, '').find(b => b.startsWith('pmpath check')));
        for (const language of ['lua', 'toml', 'elisp']) {
            expect(blocks(packageReadme, language), language).toEqual(blocks(readme, language));
        }
        expect(packageReadme).toContain('npm i -D pmpath');
    });

    const hasTomllib = spawnSync('python3', ['-c', 'import tomllib'], { encoding: 'utf8' }).status === 0;
    it.skipIf(!hasTomllib)('has a Helix configuration that is valid TOML and wires the server to both file kinds', () => {
        const toml = /```toml\n([\s\S]*?)```/.exec(readme)?.[1];
        expect(toml).toBeDefined();
        const parsed = spawnSync('python3', ['-c', 'import json, sys, tomllib; print(json.dumps(tomllib.loads(sys.stdin.read())))'], { input: toml, encoding: 'utf8' });
        expect(parsed.status, parsed.stderr).toBe(0);
        const config = JSON.parse(parsed.stdout) as { 'language-server': Record<string, { command: string; args?: string[] }>; language: Array<Record<string, unknown>> };
        expect(config['language-server'].pmpath).toEqual({ command: 'pmpath-language-server', args: ['--stdio'] });
        expect(config.language).toEqual([expect.objectContaining({
            name: 'pmpath', 'file-types': ['pmpath', 'pmtest'], 'language-servers': ['pmpath'], 'comment-token': '//',
        })]);
    });

    it('lists every reserved keyword of the grammar, and nothing else, in its keyword section', () => {
        const grammar = fs.readFileSync(path.join(REPO_ROOT, 'packages/language/src/pmpath.langium'), 'utf8')
            .replace(/\/\/.*$/gm, '');
        const keywords = new Set([...grammar.matchAll(/'([a-z][a-z-]*)'/g)].map(m => m[1]));
        expect(keywords.size).toBeGreaterThan(100);
        for (const expected of ['tests', 'scenario', 'start', 'observe', 'wait', 'expect', 'path', 'code', 'loinc', 'snomed', 'genomic-score', 'pharmacogenomic', 'poor-metabolizer', 'ultrarapid-metabolizer']) {
            expect(keywords, expected).toContain(expected);
        }
        const start = readme.indexOf('<!-- keywords:start -->');
        const end = readme.indexOf('<!-- keywords:end -->');
        expect(start, 'README keyword section markers').toBeGreaterThan(0);
        const listed = new Set([...readme.slice(start, end).matchAll(/`([a-z][a-z-]*)`/g)].map(m => m[1]));
        expect([...keywords].filter(k => !listed.has(k)).sort(), 'keywords missing from the README').toEqual([]);
        expect([...listed].filter(k => !keywords.has(k)).sort(), 'README words that are not keywords').toEqual([]);
    });
});
