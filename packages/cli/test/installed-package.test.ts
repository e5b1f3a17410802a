/**
 * The `pmpath` package as a user outside this repository gets it: `npm pack`
 * of packages/cli, installed from the tarball into an empty temporary folder
 * (outside the repository, with an empty npm cache and `--offline`: the
 * bundle carries every dependency, so no registry is needed), then every
 * command the installed CLI lists is run on a copy of the examples, and the
 * installed language server is driven over stdio the way Neovim, Helix and
 * Emacs drive it — by a small LSP client, and by a headless Neovim.
 *
 * To cover a new command, add its runs to COMMAND_RUNS: a test fails while a
 * command of `pmpath --help` has none.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ROOT, REPO_ROOT, run, type RunResult } from './helpers.js';
import { StdioLspClient } from './lsp-client.js';

/** Packing, installing and starting processes on a loaded 2-core machine: generous budgets, no speed assertions. */
const TIMEOUT = 300_000;
/** The install must stay small; the README states the measured size. */
const MAX_TARBALL_BYTES = 2_000_000;
const MAX_INSTALLED_BYTES = 4_000_000;

let scratch = '';
let project = '';
let tarball = '';
let tarballBytes = 0;
let installedBytes = 0;
let topLevelHelp = '';
const bin = (name: string) => path.join(project, 'node_modules', '.bin', name);

/** The environment of a user's shell: no npm variables from `npm test`, no NODE_PATH into this repository. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) {
        if (!/^npm_/i.test(name) && name !== 'NODE_PATH' && !['CI', 'FORCE_COLOR', 'NO_COLOR', 'TERM'].includes(name)) env[name] = value;
    }
    return { ...env, ...extra };
}

function sh(command: string, args: string[], cwd: string): string {
    const result = spawnSync(command, args, { cwd, env: userEnv(), encoding: 'utf8', timeout: TIMEOUT });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
}

function folderBytes(folder: string): number {
    let total = 0;
    for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
    }
    return total;
}

/** Runs the installed `pmpath` from the project folder, as `npx pmpath` would. */
function installed(args: readonly string[]): Promise<RunResult> {
    return run(bin('pmpath'), args, { cwd: project, env: userEnv() });
}

beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pmpath-installed-'));
    project = path.join(scratch, 'project');
    fs.mkdirSync(project);
    const manifest = JSON.parse(fs.readFileSync(path.join(CLI_ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    // Anything declared would have to come from a registry; the bundle must carry it instead.
    expect(manifest.dependencies ?? {}, 'packages/cli declares runtime dependencies: bundle them into dist/ (make them devDependencies)').toEqual({});

    const packed = JSON.parse(sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], CLI_ROOT)) as Array<{ filename: string; size: number }>;
    tarball = path.join(scratch, packed[0].filename);
    tarballBytes = packed[0].size;
    fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "pathways-of-a-hospital", "private": true }\n');
    fs.writeFileSync(path.join(project, 'README.md'), '# Pathways of a hospital\n');
    sh('npm', ['install', '--offline', '--no-audit', '--no-fund', '--cache', path.join(scratch, 'empty-npm-cache'), tarball], project);
    installedBytes = folderBytes(path.join(project, 'node_modules', 'pmpath'));
    fs.cpSync(path.join(REPO_ROOT, 'examples'), path.join(project, 'pathways'), { recursive: true });
    topLevelHelp = spawnSync(bin('pmpath'), ['--help'], { cwd: project, env: userEnv(), encoding: 'utf8' }).stdout;
    console.log(`pmpath package: tarball ${(tarballBytes / 1e6).toFixed(2)} MB, installed ${(installedBytes / 1e6).toFixed(2)} MB (node_modules/pmpath)`);
}, TIMEOUT);

afterAll(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

describe('the packed pmpath package', { timeout: TIMEOUT }, () => {
    it('installs from the tarball alone (offline, empty cache), small, with both executables', () => {
        expect(fs.realpathSync(path.join(project, 'node_modules', 'pmpath'))).toContain(project);
        expect(fs.readdirSync(path.join(project, 'node_modules')).filter(name => !name.startsWith('.'))).toEqual(['pmpath']);
        expect(fs.existsSync(bin('pmpath'))).toBe(true);
        expect(fs.existsSync(bin('pmpath-language-server'))).toBe(true);
        expect(tarballBytes).toBeLessThan(MAX_TARBALL_BYTES);
        expect(installedBytes).toBeLessThan(MAX_INSTALLED_BYTES);
    });

    it('ships the bundle, a README, the licence and third-party notices, and nothing of the monorepo', () => {
        const root = path.join(project, 'node_modules', 'pmpath');
        const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).sort();
        for (const expected of ['LICENSE', 'README.md', 'package.json', 'bin/pmpath.js', 'bin/pmpath-language-server.js', 'dist/main.js', 'dist/THIRD-PARTY-NOTICES.txt']) {
            expect(files).toContain(expected);
        }
        expect(files.filter(file => /^(src|test|out|scripts)\b|\.map$|\.ts$|tsbuildinfo/.test(file))).toEqual([]);
        for (const file of files.filter(f => f.startsWith('bin/'))) {
            expect(fs.readFileSync(path.join(root, file), 'utf8'), file).not.toMatch(/\.\.\/\.\.\/|tsbuildinfo|\bout\//);
        }
        expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toContain('npm i -D pmpath');
        expect(fs.readFileSync(path.join(root, 'dist/THIRD-PARTY-NOTICES.txt'), 'utf8')).toMatch(/^langium \d/m);
    });

    it('prints its version', async () => {
        const result = await installed(['--version']);
        expect(result.stdout.trim()).toBe((JSON.parse(fs.readFileSync(path.join(CLI_ROOT, 'package.json'), 'utf8')) as { version: string }).version);
        expect(result.status).toBe(0);
    });
});

interface CommandRun {
    readonly args: readonly string[];
    readonly status: number;
    /** Further checks on the result (and the project folder). */
    readonly expect?: (result: RunResult) => void;
}

const json = (text: string) => JSON.parse(text) as Record<string, unknown> & { files?: Array<{ path: string; diagnostics: unknown[] }> };

/**
 * What each command does on the copy of the examples (`pathways/`). Keyed by
 * the command as typed (`export fhir` for a subcommand). `test` and
 * `export fhir` are filled in from SPEC §7 and §8 and run once the commands
 * exist.
 */
const COMMAND_RUNS: Record<string, readonly CommandRun[]> = {
    check: [
        { args: ['check', 'pathways/cf-newborn-screening.pmpath', 'pathways/brca-carriers.pmpath', 'pathways/shared'], status: 0, expect: r => expect(r.stdout).toContain('No problems found') },
        { args: ['check', 'pathways'], status: 1, expect: r => expect(r.stdout).toMatch(/✖ \d+ problems/) },
        { args: ['check', '--format', 'json', 'pathways/flawed'], status: 1, expect: r => expect(json(r.stdout).files!.length).toBeGreaterThan(10) },
        { args: ['check', '--format', 'sarif', '--output', 'out/pmpath.sarif', 'pathways'], status: 1, expect: r => expect(r.stderr).toContain('Report written to out/pmpath.sarif') },
        { args: ['check', 'README.md'], status: 2, expect: r => expect(r.stderr).toBe('pmpath: README.md is not a .pmpath file\n') },
    ],
    rules: [
        { args: ['rules'], status: 0, expect: r => expect(r.stdout).toContain('unused-suppression') },
        { args: ['rules', '--format', 'json'], status: 0, expect: r => expect((json(r.stdout).rules as unknown[]).length).toBeGreaterThan(30) },
    ],
    diagram: [
        { args: ['diagram', 'pathways/cf-newborn-screening.pmpath'], status: 0, expect: r => expect(r.stdout).toMatch(/^<svg[\s\S]*<\/svg>\s*$/) },
        { args: ['diagram', 'pathways/cf-newborn-screening.pmpath', '--view', 'flows', '--format', 'mermaid'], status: 0, expect: r => expect(r.stdout).toContain('flowchart') },
        { args: ['diagram', 'pathways/cf-newborn-screening.pmpath', '--format', 'dot'], status: 0, expect: r => expect(r.stdout).toMatch(/^digraph /m) },
    ],
    report: [
        { args: ['report', 'pathways/cf-newborn-screening.pmpath', '--output', 'out/dossier.html'], status: 0, expect: () => expect(fs.readFileSync(path.join(project, 'out/dossier.html'), 'utf8')).toContain('Suppressed findings') },
        { args: ['report', 'pathways/flawed/suppressions.pmpath', '--format', 'md'], status: 0, expect: r => expect(r.stdout).toContain('register eligibility rule agreed by the steering committee') },
    ],
    lsp: [
        // Driven over stdio below; here only that it documents itself.
        { args: ['lsp', '--help'], status: 0, expect: r => expect(r.stdout).toContain('--stdio') },
    ],
    test: [
        { args: ['test', 'pathways/tests'], status: 0, expect: r => expect(r.stdout).toMatch(/\d+ scenarios?: \d+ passed, 0 failed/) },
        { args: ['test', 'pathways/tests', '--format', 'junit'], status: 0, expect: r => expect(r.stdout).toContain('<testsuites') },
        // examples/flawed holds suites that fail on purpose.
        { args: ['test', 'pathways'], status: 1, expect: r => expect(r.stdout).toMatch(/\d+ scenarios: \d+ passed, [1-9]\d* failed/) },
        { args: ['test', '--generate', 'pathways/cf-newborn-screening.pmpath', '--output', 'pathways/tests/generated.pmtest'], status: 0,
            expect: () => expect(fs.readFileSync(path.join(project, 'pathways/tests/generated.pmtest'), 'utf8')).toContain('tests for') },
    ],
    'export fhir': [
        { args: ['export', 'fhir', 'pathways/cf-newborn-screening.pmpath', '--output', 'out/fhir'], status: 0, expect: () => expect(fs.readdirSync(path.join(project, 'out/fhir')).some(f => /^PlanDefinition-.*\.json$/.test(f))).toBe(true) },
        { args: ['export', 'fhir', 'pathways/cf-newborn-screening.pmpath', '--bundle'], status: 0, expect: r => expect(json(r.stdout)).toMatchObject({ resourceType: 'Bundle', type: 'collection' }) },
    ],
};

/** The commands of `pmpath --help` (and of `pmpath COMMAND --help` for commands with subcommands). */
function listedCommands(help: string, prefix = ''): string[] {
    const section = /\nCommands:\n([\s\S]*)$/.exec(help)?.[1] ?? '';
    const names = [...section.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map(m => m[1]).filter(name => name !== 'help');
    return names.flatMap(name => {
        const sub = spawnSync(bin('pmpath'), [...prefix.split(' ').filter(Boolean), name, '--help'], { cwd: project, env: userEnv(), encoding: 'utf8' }).stdout;
        return /\nCommands:\n/.test(sub) ? listedCommands(sub, `${prefix}${name} `) : [`${prefix}${name}`];
    });
}

let commandsOfHelp: string[] | undefined;
/** The installed CLI's commands, read from its help once. */
const installedCommands = (): string[] => (commandsOfHelp ??= listedCommands(topLevelHelp));

describe('every command of the installed CLI, on a copy of the examples', { timeout: TIMEOUT }, () => {
    it('has runs here for every command it lists', () => {
        const commands = installedCommands();
        expect(commands).toEqual(expect.arrayContaining(['check', 'rules', 'diagram', 'report', 'lsp']));
        expect(commands.filter(command => !(command in COMMAND_RUNS)), 'commands without runs in COMMAND_RUNS').toEqual([]);
    });

    it.for(Object.entries(COMMAND_RUNS).flatMap(([command, runs]) => runs.map(r => [command, r.args.join(' '), r] as const)))('%s: pmpath %s', async ([command, , commandRun], context) => {
        if (!installedCommands().includes(command)) {
            // Another branch adds this command; it runs here once merged.
            context.skip();
        }
        const result = await installed(commandRun.args);
        expect(result.status, `${result.stdout.slice(0, 2000)}\n${result.stderr}`).toBe(commandRun.status);
        if (commandRun.status !== 2) expect(result.stderr).not.toMatch(/\n\s+at /);
        commandRun.expect?.(result);
    });
});

/** A pathway with findings, a hover target and lines to reformat. */
const LSP_DEMO = `pathway Demo {
actor doc: clinician "GP"
  actor lab:   laboratory
  data ldl: biomarker "LDL cholesterol" unit "mg/dL"
  cutoff High: ldl >= 190 "mg/dL"
  initial state Well: healthy
  final state Ill: sick
  Well -> Ill when High by doc
  flow ldl from lab to doc for care
}
`;
/** Line 8 (0-based 7): the `High` in the transition's guard. */
const HOVER = { line: 7, character: LSP_DEMO.split('\n')[7].indexOf('High') + 1 };

describe('the installed language server over stdio', { timeout: TIMEOUT }, () => {
    it.each([
        ['pmpath lsp (Neovim: cmd = { "pmpath", "lsp" })', 'pmpath', ['lsp']],
        ['pmpath-language-server --stdio (Helix, eglot)', 'pmpath-language-server', ['--stdio']],
    ])('%s: initialize, didOpen, publishDiagnostics, hover, completion, formatting, shutdown', async (_name, executable, args) => {
        const file = path.join(project, 'pathways', `lsp-demo-${executable}.pmpath`);
        fs.writeFileSync(file, LSP_DEMO);
        const uri = pathToFileURL(file).href;
        const client = new StdioLspClient(bin(executable), args, { cwd: project, env: userEnv() });
        try {
            const init = await client.request<{ capabilities: Record<string, unknown>; serverInfo?: { name: string } }>('initialize', {
                processId: process.pid,
                rootUri: pathToFileURL(project).href,
                workspaceFolders: [{ uri: pathToFileURL(project).href, name: 'project' }],
                capabilities: {
                    textDocument: {
                        hover: { contentFormat: ['markdown', 'plaintext'] },
                        completion: { completionItem: { snippetSupport: false } },
                        publishDiagnostics: { relatedInformation: true },
                        formatting: {},
                    },
                    workspace: { configuration: true, workspaceFolders: true },
                },
            });
            for (const capability of ['hoverProvider', 'completionProvider', 'documentFormattingProvider', 'definitionProvider', 'codeActionProvider']) {
                expect(init.capabilities[capability], capability).toBeTruthy();
            }
            client.notify('initialized', {});
            client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'pmpath', version: 1, text: LSP_DEMO } });

            const published = await client.diagnosticsFor(uri);
            expect(published.diagnostics.map(d => [d.code, d.range.start.line + 1])).toContainEqual(['cutoff-without-source', 5]);

            const hover = await client.request<{ contents: { value?: string } | string }>('textDocument/hover', { textDocument: { uri }, position: HOVER });
            const hoverText = typeof hover.contents === 'string' ? hover.contents : hover.contents.value ?? '';
            expect(hoverText).toContain('ldl');

            const completion = await client.request<{ items: Array<{ label: string }> } | Array<{ label: string }>>('textDocument/completion', {
                textDocument: { uri }, position: { line: 9, character: 0 },
            });
            const labels = (Array.isArray(completion) ? completion : completion.items).map(item => item.label);
            expect(labels).toEqual(expect.arrayContaining(['actor', 'data', 'flow']));

            const edits = await client.request<Array<{ newText: string }>>('textDocument/formatting', {
                textDocument: { uri }, options: { tabSize: 2, insertSpaces: true },
            });
            expect(edits.length).toBeGreaterThan(0);

            await client.request('shutdown', null);
            client.notify('exit', null);
            expect(await client.exited).toBe(0);
        } finally {
            client.kill();
        }
    });
});

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const hasNeovim = nvim.status === 0;

interface NeovimResult {
    started: boolean; diagnosed: boolean; error?: string; hover?: string; completion: string[]; formatting_edits: number;
    filetype?: string; root_dir?: string; commentstring?: string;
    diagnostics: Array<{ line: number; code: string; message: string }>;
}

/** Runs tests/fixtures/nvim-lsp.lua in a headless Neovim on a copy of LSP_DEMO. */
function runNeovim(name: string, env: Record<string, string>): NeovimResult {
    const file = path.join(project, 'pathways', `${name}.pmpath`);
    fs.writeFileSync(file, LSP_DEMO);
    const out = path.join(scratch, `${name}.json`);
    const home = path.join(scratch, `${name}-home`);
    const result = spawnSync('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${path.join(CLI_ROOT, 'test/fixtures/nvim-lsp.lua')}`], {
        cwd: project,
        encoding: 'utf8',
        // Below the test's own budget, so a stuck Neovim fails with its output.
        timeout: TIMEOUT - 30_000,
        env: userEnv({
            PMPATH_FILE: file, PMPATH_ROOT: project, PMPATH_OUT: out,
            PMPATH_HOVER_LINE: String(HOVER.line), PMPATH_HOVER_CHARACTER: String(HOVER.character),
            XDG_CONFIG_HOME: home, XDG_DATA_HOME: home, XDG_STATE_HOME: home, XDG_CACHE_HOME: home,
            ...env,
        }),
    });
    expect(fs.existsSync(out), `nvim wrote no result (exit ${result.status}): ${result.stdout}${result.stderr}`).toBe(true);
    return JSON.parse(fs.readFileSync(out, 'utf8')) as NeovimResult;
}

function expectLanguageFeatures(seen: NeovimResult): void {
    expect(seen.error).toBeUndefined();
    expect(seen.started).toBe(true);
    expect(seen.diagnosed).toBe(true);
    expect(seen.diagnostics).toContainEqual(expect.objectContaining({ line: 5, code: 'cutoff-without-source' }));
    expect(seen.hover).toContain('ldl');
    expect(seen.completion.length).toBeGreaterThan(0);
    expect(seen.formatting_edits).toBeGreaterThan(0);
}

describe('Neovim (headless) with the installed language server', { timeout: TIMEOUT }, () => {
    it.skipIf(!hasNeovim)('shows the findings, hovers, completes and formats through vim.lsp', () => {
        expectLanguageFeatures(runNeovim('nvim-client', { PMPATH_LSP_CMD: bin('pmpath') }));
    });

    it.skipIf(!hasNeovim)('does the same with the README configuration, started by opening a .pmpath file', () => {
        const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
        const lua = /\nNeovim 0\.8 or newer[^\n]*\n\n```lua\n([\s\S]*?)```/.exec(readme)?.[1];
        expect(lua, 'the Neovim configuration in the README').toBeDefined();
        const config = path.join(scratch, 'init.lua');
        // Debian's Neovim is 0.7: the shim provides the 0.8 functions the configuration uses.
        fs.writeFileSync(config, `${fs.readFileSync(path.join(CLI_ROOT, 'test/fixtures/nvim-0.7-shim.lua'), 'utf8')}\n${lua}`);
        fs.writeFileSync(path.join(project, '.pmpathrc.json'), '{ "rules": {} }\n');
        try {
            const seen = runNeovim('nvim-readme', { PMPATH_CONFIG: config, PATH: `${path.dirname(bin('pmpath'))}${path.delimiter}${process.env.PATH ?? ''}` });
            expect(seen.filetype).toBe('pmpath');
            expect(seen.root_dir).toBe(project);
            expect(seen.commentstring).toBe('// %s');
            expectLanguageFeatures(seen);
        } finally {
            fs.rmSync(path.join(project, '.pmpathrc.json'), { force: true });
        }
    });
});

const hasEglot = spawnSync('emacs', ['--batch', '--eval', '(require (quote eglot))'], { encoding: 'utf8' }).status === 0;

describe('Emacs (batch) with eglot and the README configuration', { timeout: TIMEOUT }, () => {
    it.skipIf(!hasEglot)('opens a .pmpath file in pmpath-mode, connects, shows the findings and formats', () => {
        const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
        const elisp = /```elisp\n([\s\S]*?)```/.exec(readme)?.[1];
        expect(elisp, 'the Emacs configuration in the README').toBeDefined();
        const config = path.join(scratch, 'pmpath-init.el');
        fs.writeFileSync(config, elisp!);
        const file = path.join(project, 'pathways', 'emacs-demo.pmpath');
        fs.writeFileSync(file, LSP_DEMO);
        const result = spawnSync('emacs', ['--batch', '-l', path.join(CLI_ROOT, 'test/fixtures/eglot-check.el')], {
            cwd: project,
            encoding: 'utf8',
            timeout: TIMEOUT - 30_000,
            env: userEnv({
                PMPATH_CONFIG: config, PMPATH_FILE: file, HOME: path.join(scratch, 'emacs-home'),
                PATH: `${path.dirname(bin('pmpath'))}${path.delimiter}${process.env.PATH ?? ''}`,
            }),
        });
        const seen = `${result.stdout}\n${result.stderr}`;
        expect(result.stdout, seen).toContain('mode=pmpath-mode');
        expect(result.stdout, seen).toContain('managed=yes');
        expect(result.stdout, seen).toMatch(/^diagnostic=5 .*cutoff-without-source/m);
        expect(result.stdout, seen).toContain('formatted=yes');
    });
});
