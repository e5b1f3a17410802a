/**
 * SPEC §6: the `pmpath` binary's stable interface — `check` output formats,
 * sorting, exit codes and flags, `rules`, `diagram`, `report`, help and
 * version. Spawns the built CLI (`npm run build` first; CI builds through
 * `npm ci`). If the build output is missing, the CLI package is compiled.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'packages/cli/bin/pmpath.js');

beforeAll(() => {
    if (!fs.existsSync(path.join(REPO, 'packages/cli/out/main.js'))) {
        spawnSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-b', 'packages/cli'], { cwd: REPO, stdio: 'inherit' });
    }
});

interface Run { status: number | null; stdout: string; stderr: string }

/** Runs the built CLI asynchronously, so that the concurrent tests overlap their process start-ups. */
function pmpath(args: string[], cwd: string): Promise<Run> {
    const env = { ...process.env };
    for (const v of ['CI', 'FORCE_COLOR', 'NO_COLOR']) delete env[v];
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (c: Buffer) => out.push(c));
        child.stderr.on('data', (c: Buffer) => err.push(c));
        child.on('error', reject);
        child.on('close', status => resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    });
}

const roots: string[] = [];
afterAll(() => { for (const r of roots) fs.rmSync(r, { recursive: true, force: true }); });

function tree(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pmpath-spec-cli-'));
    roots.push(root);
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
        fs.writeFileSync(path.join(root, name), text);
    }
    return root;
}

function expectOneLineError(r: Run): void {
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
}

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
/** One warning (unused-declaration, line 3). */
const WARN = CLEAN.replace('  data bm', '  actor idle: family\n  data bm');
/** Errors at lines 3 and 9 (commercial use; dead end on the state), a warning at line 2. */
const ERRS = `pathway Errs {
  actor idle: family
  actor app: platform { monetizes }
  actor doc: clinician
  data bm: biomarker
  initial state A: healthy
  final state B: sick
  A -> B by doc
  state Stuck: healthy
  flow bm from doc to app for care
}
`;

interface Json {
    version: number;
    files: Array<{ path: string; diagnostics: Array<Record<string, unknown>> }>;
    summary: { files: number; errors: number; warnings: number; infos: number };
}

describe.concurrent('pmpath check --format json', () => {
    it('has the documented shape, 1-based positions, files sorted by path, diagnostics by line and column', async () => {
        const root = tree({ 'z.pmpath': ERRS, 'a/b.pmpath': WARN, 'm.pmpath': CLEAN });
        const r = await pmpath(['check', '--format', 'json', '.'], root);
        expect(r.status).toBe(1);
        const json = JSON.parse(r.stdout) as Json;
        expect(json.version).toBe(1);
        expect(json.files.map(f => f.path)).toEqual(['a/b.pmpath', 'm.pmpath', 'z.pmpath']);
        const z = json.files[2].diagnostics;
        for (const d of z) {
            expect(Object.keys(d).sort()).toEqual(['column', 'endColumn', 'endLine', 'line', 'message', 'rule', 'severity']);
        }
        const positions = z.map(d => [d.line as number, d.column as number]);
        expect(positions).toEqual([...positions].sort((p, q) => p[0] - q[0] || p[1] - q[1]));
        // dead-end-state and unreachable-state share a position (the state name), so their order is free.
        expect(z.map(d => `${d.rule as string}@${d.line as number}`).sort()).toEqual([
            'commercial-use-requires-consent@10', 'dead-end-state@9', 'unreachable-state@9', 'unused-declaration@2',
        ]);
        expect(z.map(d => d.line)).toEqual([2, 9, 9, 10]);
        const flow = z.find(d => d.rule === 'commercial-use-requires-consent')!;
        expect([flow.severity, flow.column]).toEqual(['error', 3]);
        expect(json.summary).toEqual({ files: 3, errors: 2, warnings: 3, infos: 0 });
    });

    it('a clean run exits 0 with an empty diagnostics list per file', async () => {
        const root = tree({ 'm.pmpath': CLEAN });
        const r = await pmpath(['check', '--format', 'json', 'm.pmpath'], root);
        expect(r.status).toBe(0);
        expect(JSON.parse(r.stdout)).toEqual({ version: 1, files: [{ path: 'm.pmpath', diagnostics: [] }], summary: { files: 1, errors: 0, warnings: 0, infos: 0 } });
    });

    it('counts infos configured through .pmpathrc.json', async () => {
        const root = tree({ '.pmpathrc.json': '{ "rules": { "unused-declaration": "info" } }', 'w.pmpath': WARN });
        const r = await pmpath(['check', '--format', 'json'], root);
        expect(r.status).toBe(0);
        const json = JSON.parse(r.stdout) as Json;
        expect(json.files[0].diagnostics.map(d => d.severity)).toEqual(['info']);
        expect(json.summary).toEqual({ files: 1, errors: 0, warnings: 0, infos: 1 });
    });
});

describe.concurrent('pmpath check: inputs and exit codes', () => {
    it('no PATH means the current directory; node_modules and dot-folders are skipped', async () => {
        const root = tree({ 'ok.pmpath': CLEAN, 'node_modules/x/bad.pmpath': ERRS, '.hidden/bad.pmpath': ERRS, 'sub/deep/ok2.pmpath': CLEAN, 'notes.txt': 'x' });
        const r = await pmpath(['check', '--format', 'json'], root);
        expect(r.status).toBe(0);
        expect((JSON.parse(r.stdout) as Json).files.map(f => f.path)).toEqual(['ok.pmpath', 'sub/deep/ok2.pmpath']);
    });

    it('exits 1 on lint errors', async () => {
        expect((await pmpath(['check', 'z.pmpath'], tree({ 'z.pmpath': ERRS }))).status).toBe(1);
    });

    it('warnings alone exit 0 without --max-warnings', async () => {
        expect((await pmpath(['check', 'w.pmpath'], tree({ 'w.pmpath': WARN }))).status).toBe(0);
    });

    it('--max-warnings N: more warnings than allowed exit 1, within the limit exit 0', async () => {
        const root = tree({ 'w.pmpath': WARN });
        expect((await pmpath(['check', '--max-warnings', '0', 'w.pmpath'], root)).status).toBe(1);
        expect((await pmpath(['check', '--max-warnings', '1', 'w.pmpath'], root)).status).toBe(0);
    });

    it('--quiet reports errors only', async () => {
        const r = await pmpath(['check', '--quiet', '--format', 'json', 'z.pmpath'], tree({ 'z.pmpath': ERRS }));
        expect(r.status).toBe(1);
        const json = JSON.parse(r.stdout) as Json;
        expect(json.files[0].diagnostics.map(d => d.severity)).toEqual(['error', 'error']);
    });

    it('--output FILE writes the report to the file', async () => {
        const root = tree({ 'm.pmpath': CLEAN });
        const r = await pmpath(['check', '--format', 'json', '--output', 'out/report.json', 'm.pmpath'], root);
        expect(r.status).toBe(0);
        expect((JSON.parse(fs.readFileSync(path.join(root, 'out/report.json'), 'utf8')) as Json).version).toBe(1);
    });

    it('--config FILE overrides the nearest .pmpathrc.json', async () => {
        const root = tree({ '.pmpathrc.json': '{ "rules": { "unused-declaration": "error" } }', 'quiet.json': '{ "rules": { "unused-declaration": "off" } }', 'w.pmpath': WARN });
        expect((await pmpath(['check', 'w.pmpath'], root)).status).toBe(1);
        const r = await pmpath(['check', '--config', 'quiet.json', '--format', 'json', 'w.pmpath'], root);
        expect(r.status).toBe(0);
        expect((JSON.parse(r.stdout) as Json).summary.warnings).toBe(0);
    });

    it.each([
        ['a missing input', ['check', 'missing.pmpath'], {}],
        ['an unknown format', ['check', '--format', 'xml', 'm.pmpath'], {}],
        ['an unknown option', ['check', '--frobnicate', 'm.pmpath'], {}],
        ['a non-numeric --max-warnings', ['check', '--max-warnings', 'many', 'm.pmpath'], {}],
        ['a bad config value', ['check', 'm.pmpath'], { '.pmpathrc.json': '{ "rules": { "unused-declaration": "loud" } }' }],
        ['an unknown rule in the config', ['check', 'm.pmpath'], { '.pmpathrc.json': '{ "rules": { "no-such-rule": "off" } }' }],
        ['a config entry for syntax', ['check', 'm.pmpath'], { '.pmpathrc.json': '{ "rules": { "syntax": "off" } }' }],
        ['a config entry for unresolved-reference', ['check', 'm.pmpath'], { '.pmpathrc.json': '{ "rules": { "unresolved-reference": "off" } }' }],
        ['a missing --config file', ['check', '--config', 'nope.json', 'm.pmpath'], {}],
        ['an unknown command', ['frobnicate'], {}],
    ])('%s exits 2 with a one-line message on stderr', async (_what, args, extra) => {
        expectOneLineError(await pmpath(args as string[], tree({ 'm.pmpath': CLEAN, ...(extra as Record<string, string>) })));
    });

    it('stylish output names the rule and the position', async () => {
        const r = await pmpath(['check', 'z.pmpath'], tree({ 'z.pmpath': ERRS }));
        expect(r.stdout).toContain('commercial-use-requires-consent');
        expect(r.stdout).toMatch(/10:3/);
    });
});

describe.concurrent('pmpath check --format sarif', () => {
    it('writes one SARIF 2.1.0 run with every rule and 1-based regions and relative URIs', async () => {
        const root = tree({ 'z.pmpath': ERRS });
        const r = await pmpath(['check', '--format', 'sarif', '.'], root);
        expect(r.status).toBe(1);
        const sarif = JSON.parse(r.stdout);
        expect(sarif.version).toBe('2.1.0');
        expect(sarif.runs).toHaveLength(1);
        const run = sarif.runs[0];
        expect(run.tool.driver.name).toBe('pmpath');
        const ids = run.tool.driver.rules.map((x: { id: string }) => x.id);
        for (const id of ['syntax', 'unresolved-reference', 'therapeutic-odyssey', 'downstream-consent-violation', 'obsolete-duo-term']) expect(ids).toContain(id);
        for (const rule of run.tool.driver.rules) {
            expect(rule.shortDescription.text.length).toBeGreaterThan(0);
            expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
        }
        const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'commercial-use-requires-consent');
        expect(result.level).toBe('error');
        expect(result.message.text.length).toBeGreaterThan(0);
        const loc = result.locations[0].physicalLocation;
        expect(loc.artifactLocation.uri).toBe('z.pmpath');
        expect([loc.region.startLine, loc.region.startColumn]).toEqual([10, 3]);
    });
});

describe.concurrent('pmpath rules', () => {
    const ALL = ['syntax', 'unresolved-reference', 'duplicate-name', 'import-not-found', 'initial-state', 'unreachable-state', 'dead-end-state', 'therapeutic-odyssey', 'final-state-exit', 'hybrid-status-requires-monitoring', 'monitoring-without-review', 'monitoring-by-non-fiduciary', 'hybrid-status-requires-disclosure', 'disclosure-without-counselling', 'genomic-disclosure-training', 'sick-role-gatekeeper', 'hybrid-entry-bridging', 'gatekeeper-lacks-data', 'cutoff-unit-mismatch', 'cutoff-type-mismatch', 'cutoff-without-source', 'ambiguous-cutoffs', 'uncovered-range', 'research-use-requires-consent', 'commercial-use-requires-consent', 'consent-scope-mismatch', 'downstream-consent-violation', 'passive-data-requires-consent', 'incidental-findings-policy', 'unused-declaration', 'suppression-without-reason', 'suppression-unknown-rule', 'obsolete-duo-term'];
    const WARNINGS = new Set(['unreachable-state', 'therapeutic-odyssey', 'monitoring-without-review', 'monitoring-by-non-fiduciary', 'hybrid-status-requires-disclosure', 'disclosure-without-counselling', 'genomic-disclosure-training', 'hybrid-entry-bridging', 'gatekeeper-lacks-data', 'cutoff-without-source', 'uncovered-range', 'passive-data-requires-consent', 'incidental-findings-policy', 'unused-declaration', 'suppression-without-reason', 'suppression-unknown-rule', 'obsolete-duo-term']);

    it('lists every SPEC rule id in the text output', async () => {
        const r = await pmpath(['rules'], REPO);
        expect(r.status).toBe(0);
        for (const id of ALL) expect(r.stdout).toContain(id);
    });

    it('--format json gives every SPEC rule with its default severity and a description', async () => {
        const r = await pmpath(['rules', '--format', 'json'], REPO);
        expect(r.status).toBe(0);
        const parsed = JSON.parse(r.stdout);
        const list: Array<Record<string, unknown>> = Array.isArray(parsed) ? parsed : parsed.rules;
        const byId = new Map(list.map(x => [x.id as string, x]));
        for (const id of ALL) {
            const entry = byId.get(id);
            expect(entry, id).toBeDefined();
            const severity = entry!.defaultSeverity ?? entry!.severity;
            expect(severity, id).toBe(WARNINGS.has(id) ? 'warning' : 'error');
            expect(String(entry!.description).length, id).toBeGreaterThan(0);
        }
    });
});

describe.concurrent('help and version', () => {
    it('--version prints a version and exits 0', async () => {
        const r = await pmpath(['--version'], REPO);
        expect(r.status).toBe(0);
        expect(r.stdout.trim()).toMatch(/\d+\.\d+\.\d+/);
    });

    it.each([[['--help']], [['check', '--help']], [['diagram', '--help']], [['report', '--help']], [['rules', '--help']]])('%j exits 0 with usage', async args => {
        const r = await pmpath(args, REPO);
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(/usage/i);
    });

    it('check --help names every documented option', async () => {
        const r = await pmpath(['check', '--help'], REPO);
        for (const opt of ['--format', '--output', '--max-warnings', '--quiet', '--config']) expect(r.stdout).toContain(opt);
    });
});

const HOSTILE = `pathway Hostile {
  title "<script>alert('t')</script>"
  actor doc: clinician "<img src=x onerror=alert(1)> & \\"Dr\\" ]]> --> \`x\` | [y] {z}"
  data bm: biomarker "<b>bold</b> & \\"quoted\\"" unit "%"
  cutoff High: bm > 6 "%" source "<a href='javascript:alert(1)'>src</a>"
  initial state A: healthy "<script>alert(2)</script>"
  final state B: sick "A & B; C -> D \\"E\\" <F>"
  actor idle: family "<i>idle</i>"
  A -> B when High by doc
  flow bm from doc to doc for care
}
`;

describe.concurrent('pmpath diagram', () => {
    it.each(['svg', 'mermaid', 'dot'])('renders the state diagram as %s and exits 0', async format => {
        const root = tree({ 'h.pmpath': HOSTILE });
        const r = await pmpath(['diagram', 'h.pmpath', '--format', format], root);
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout.length).toBeGreaterThan(20);
    });

    it('svg output escapes labels: no markup from the pathway survives', async () => {
        for (const view of ['states', 'flows']) {
            const r = await pmpath(['diagram', 'h.pmpath', '--format', 'svg', '--view', view], tree({ 'h.pmpath': HOSTILE }));
            expect(r.status).toBe(0);
            expect(r.stdout).toMatch(/<svg/);
            expect(r.stdout).not.toContain('<script');
            expect(r.stdout).not.toContain('<img');
            expect(r.stdout).not.toContain('<b>');
        }
    });

    it('dot output keeps labels inside quoted, escaped strings', async () => {
        const r = await pmpath(['diagram', 'h.pmpath', '--format', 'dot'], tree({ 'h.pmpath': HOSTILE }));
        expect(r.stdout).toMatch(/digraph/);
        // A raw `"Dr"` would end the DOT string early.
        expect(r.stdout).not.toMatch(/[^\\]"Dr/);
        expect(r.stdout).not.toContain('<script>');
    });

    it('mermaid output does not let a label break out with raw quotes or markup', async () => {
        const r = await pmpath(['diagram', 'h.pmpath', '--format', 'mermaid'], tree({ 'h.pmpath': HOSTILE }));
        expect(r.stdout).not.toContain('<script>');
        expect(r.stdout).not.toContain('"E"');
    });

    it('--view flows renders the data-flow diagram', async () => {
        const r = await pmpath(['diagram', 'h.pmpath', '--view', 'flows', '--format', 'mermaid'], tree({ 'h.pmpath': HOSTILE }));
        expect(r.status).toBe(0);
        expect(r.stdout).toContain('doc');
    });

    it('--output FILE writes the diagram to the file', async () => {
        const root = tree({ 'h.pmpath': HOSTILE });
        expect((await pmpath(['diagram', 'h.pmpath', '--format', 'dot', '--output', 'd.dot'], root)).status).toBe(0);
        expect(fs.readFileSync(path.join(root, 'd.dot'), 'utf8')).toMatch(/digraph/);
    });

    it('a missing file exits 2 with a one-line message', async () => {
        expectOneLineError(await pmpath(['diagram', 'missing.pmpath'], tree({})));
    });
});

describe.concurrent('pmpath report', () => {
    it('writes an HTML dossier that escapes labels and lists findings', async () => {
        const text = HOSTILE.replace('  flow bm from doc to doc for care', '  flow bm from doc to doc for care\n  actor r: researcher\n  flow bm from doc to r for research waiver "EC <2024>"');
        const r = await pmpath(['report', 'h.pmpath', '--format', 'html'], tree({ 'h.pmpath': text }));
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/<html/i);
        expect(r.stdout).not.toContain('<script>alert');
        expect(r.stdout).not.toContain('<img src=x');
        expect(r.stdout).toContain('EC &lt;2024&gt;');
        expect(r.stdout).toContain('unused-declaration');
        expect(r.stdout).not.toContain('<i>idle');
    });

    it('writes a Markdown dossier with the findings, sources and DUO CURIEs', async () => {
        const text = `pathway R {
  actor doc: clinician { genomics-trained }
  actor reg: researcher
  data g: genomic
  cutoff Path: g is pathogenic source "ClinVar 2024"
  consent K { permits research duo HMB, NPU covers g }
  initial state A: healthy
  final state B: sick
  A -> B when Path by doc
  flow g from doc to reg for research under K
}
`;
        const r = await pmpath(['report', 'r.pmpath', '--format', 'md'], tree({ 'r.pmpath': text }));
        expect(r.status, r.stderr).toBe(0);
        // Markdown may backslash-escape punctuation; compare the rendered text.
        const md = r.stdout.replace(/\\([\\`*_{}\[\]()#+\-.!:|<>~])/g, '$1');
        expect(md).toContain('ClinVar 2024');
        expect(md).toContain('DUO:0000006');
        expect(md).toContain('DUO:0000045');
        expect(md).toContain('incidental-findings-policy');
    });
});

describe.concurrent('pmpath report on the SPEC example', () => {
    const example = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/spec-example.txt'), 'utf8').replace(/^import .*\n/, '');

    it('the HTML dossier holds both diagrams, the hybrid plans, every flow with consent and DUO terms, cutoff sources and all findings', async () => {
        const r = await pmpath(['report', 'cf.pmpath', '--format', 'html'], tree({ 'cf.pmpath': example }));
        expect(r.status, r.stderr).toBe(0);
        const html = r.stdout;
        expect(html.match(/<svg/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
        for (const s of ['ScreenPositive', 'CFSPID', 'every 2 weeks', 'review after 2 months', 'until SweatPositive', 'counselling',
            'RegistryConsent', 'DUO:0000006', 'DUO:0000045', 'State protocol 2023', 'CFF diagnostic consensus 2017', 'CFTR2',
            'commercial-use-requires-consent', 'passive-data-requires-consent']) {
            expect(html, s).toContain(s);
        }
    });

    it('the Markdown dossier carries both diagrams as mermaid blocks', async () => {
        const r = await pmpath(['report', 'cf.pmpath', '--format', 'md'], tree({ 'cf.pmpath': example }));
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout.match(/```mermaid/g)).toHaveLength(2);
    });

    it('check on the SPEC example exits 1 with the two flagged flows as errors', async () => {
        const r = await pmpath(['check', '--format', 'json', 'cf.pmpath'], tree({ 'cf.pmpath': example }));
        expect(r.status).toBe(1);
        const json = JSON.parse(r.stdout) as Json;
        expect(json.summary).toEqual({ files: 1, errors: 2, warnings: 1, infos: 0 });
        const lines = example.split('\n');
        const diary = lines.findIndex(l => l.includes('flow diary')) + 1;
        const location = lines.findIndex(l => l.includes('flow location')) + 1;
        expect(json.files[0].diagnostics.map(d => `${d.rule as string}@${d.line as number}:${d.column as number}`).sort()).toEqual([
            `commercial-use-requires-consent@${diary}:3`, `commercial-use-requires-consent@${location}:3`, `passive-data-requires-consent@${location}:3`,
        ].sort());
    });
});

describe.concurrent('pmpath rules text output', () => {
    it('prints each rule on one line with its default severity', async () => {
        const r = await pmpath(['rules'], REPO);
        const line = (id: string) => r.stdout.split('\n').find(l => l.split(/\s+/)[0] === id) ?? '';
        expect(line('dead-end-state')).toMatch(/\berror\b/);
        expect(line('therapeutic-odyssey')).toMatch(/\bwarning\b/);
        expect(line('obsolete-duo-term')).toMatch(/\bwarning\b/);
    });
});

describe.concurrent('pmpath check across files', () => {
    it('a folder with a library and the pathway that uses all of it is clean', async () => {
        const lib = 'library Shared {\n  actor genetic: clinician { genomics-trained }\n  actor lab: laboratory\n  data ldl: biomarker unit "mg/dL"\n  cutoff LdlHigh: ldl >= 190 "mg/dL" source "ESC 2019"\n  consent Biobank { permits research duo HMB covers ldl recontact }\n}\n';
        const main = 'import "./lib/shared.pmpath"\npathway Uses {\n  initial state A: healthy\n  final state B: sick\n  A -> B when LdlHigh by genetic\n  flow ldl from lab to genetic for care\n  flow ldl from genetic to lab for research under Biobank\n}\n';
        const r = await pmpath(['check', '--format', 'json'], tree({ 'lib/shared.pmpath': lib, 'main.pmpath': main }));
        expect(r.status).toBe(0);
        expect((JSON.parse(r.stdout) as Json).files).toEqual([{ path: 'lib/shared.pmpath', diagnostics: [] }, { path: 'main.pmpath', diagnostics: [] }]);
    });

    it('a name from a file that is not imported is unresolved-reference (exit 1)', async () => {
        const lib = 'library Shared {\n  actor genetic: clinician\n}\n';
        const main = 'pathway Uses {\n  initial state A: healthy\n  final state B: sick\n  A -> B by genetic\n}\n';
        const r = await pmpath(['check', '--format', 'json'], tree({ 'lib/shared.pmpath': lib, 'main.pmpath': main }));
        expect(r.status).toBe(1);
        const files = (JSON.parse(r.stdout) as Json).files;
        expect(files[1].diagnostics.map(d => `${d.rule as string}@${d.line as number}`)).toEqual(['unresolved-reference@4']);
        expect(files[0].diagnostics.map(d => d.rule)).toEqual(['unused-declaration']);
    });
});
