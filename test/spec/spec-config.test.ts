/**
 * SPEC §5: the nearest `.pmpathrc.json` wins (no merging), `--config FILE`
 * overrides the search, values error|warning|info|off, and bad entries are
 * errors (exit-2 situations for the CLI).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintFiles, type LintDiagnostic } from '@pmpath/language';

const roots: string[] = [];
afterAll(() => { for (const r of roots) fs.rmSync(r, { recursive: true, force: true }); });

function tree(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pmpath-spec-config-'));
    roots.push(root);
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
        fs.writeFileSync(path.join(root, name), text);
    }
    return root;
}

/** Two findings by default: unused-declaration (warning) and cutoff-without-source (warning). */
const FLAWED = `pathway P {
  actor doc: clinician
  actor idle: family
  data bm: biomarker
  cutoff High: bm > 1
  initial state A: healthy
  final state B: sick
  A -> B when High by doc
  flow bm from doc to doc for care
}
`;

async function lint(root: string, file: string, configFile?: string): Promise<Array<[string, string]>> {
    const run = await lintFiles([path.join(root, file)], configFile ? { configFile: path.join(root, configFile) } : {});
    return run.files[0].diagnostics.map((d: LintDiagnostic) => [d.rule, d.severity] as [string, string]).sort();
}

describe('.pmpathrc.json', () => {
    it('without any configuration, default severities apply', async () => {
        const root = tree({ 'p.pmpath': FLAWED });
        expect(await lint(root, 'p.pmpath')).toEqual([['cutoff-without-source', 'warning'], ['unused-declaration', 'warning']]);
    });

    it('sets severities: "off" removes a rule, "error" raises one', async () => {
        const root = tree({ '.pmpathrc.json': JSON.stringify({ rules: { 'cutoff-without-source': 'off', 'unused-declaration': 'error' } }), 'p.pmpath': FLAWED });
        expect(await lint(root, 'p.pmpath')).toEqual([['unused-declaration', 'error']]);
    });

    it('"info" is a valid severity', async () => {
        const root = tree({ '.pmpathrc.json': JSON.stringify({ rules: { 'unused-declaration': 'info' } }), 'p.pmpath': FLAWED });
        expect(await lint(root, 'p.pmpath')).toEqual([['cutoff-without-source', 'warning'], ['unused-declaration', 'info']]);
    });

    it('"warning" can lower an error rule', async () => {
        const root = tree({ '.pmpathrc.json': JSON.stringify({ rules: { 'dead-end-state': 'warning' } }), 'p.pmpath': 'pathway P {\n  initial state A: healthy\n}\n' });
        expect(await lint(root, 'p.pmpath')).toEqual([['dead-end-state', 'warning']]);
    });

    it('is searched from the file folder upward: a parent folder config applies', async () => {
        const root = tree({ '.pmpathrc.json': JSON.stringify({ rules: { 'unused-declaration': 'off' } }), 'a/b/p.pmpath': FLAWED });
        expect(await lint(root, 'a/b/p.pmpath')).toEqual([['cutoff-without-source', 'warning']]);
    });

    it('the nearest file wins and nothing is merged from farther files', async () => {
        const root = tree({
            '.pmpathrc.json': JSON.stringify({ rules: { 'unused-declaration': 'off', 'cutoff-without-source': 'off' } }),
            'a/.pmpathrc.json': JSON.stringify({ rules: { 'unused-declaration': 'error' } }),
            'a/b/p.pmpath': FLAWED,
        });
        expect(await lint(root, 'a/b/p.pmpath')).toEqual([['cutoff-without-source', 'warning'], ['unused-declaration', 'error']]);
    });

    it('an empty nearest config resets to defaults (no merging)', async () => {
        const root = tree({
            '.pmpathrc.json': JSON.stringify({ rules: { 'unused-declaration': 'off' } }),
            'a/.pmpathrc.json': '{}',
            'a/p.pmpath': FLAWED,
        });
        expect(await lint(root, 'a/p.pmpath')).toEqual([['cutoff-without-source', 'warning'], ['unused-declaration', 'warning']]);
    });

    it('files in different folders get their own nearest config', async () => {
        const root = tree({
            'x/.pmpathrc.json': JSON.stringify({ rules: { 'unused-declaration': 'off' } }),
            'y/.pmpathrc.json': JSON.stringify({ rules: { 'cutoff-without-source': 'off' } }),
            'x/p.pmpath': FLAWED,
            'y/p.pmpath': FLAWED,
        });
        const run = await lintFiles([path.join(root, 'x/p.pmpath'), path.join(root, 'y/p.pmpath')]);
        expect(run.files.map(f => f.diagnostics.map(d => d.rule))).toEqual([['cutoff-without-source'], ['unused-declaration']]);
    });

    it('an explicit config file overrides the search for every file', async () => {
        const root = tree({
            'a/.pmpathrc.json': JSON.stringify({ rules: { 'unused-declaration': 'error' } }),
            'custom.json': JSON.stringify({ rules: { 'cutoff-without-source': 'error' } }),
            'a/p.pmpath': FLAWED,
        });
        expect(await lint(root, 'a/p.pmpath', 'custom.json')).toEqual([['cutoff-without-source', 'error'], ['unused-declaration', 'warning']]);
    });

    it.each([
        ['an unknown rule id', { rules: { 'no-such-rule': 'off' } }],
        ['an unknown value', { rules: { 'unused-declaration': 'loud' } }],
        ['an entry for syntax', { rules: { syntax: 'off' } }],
        ['an entry for unresolved-reference', { rules: { 'unresolved-reference': 'warning' } }],
    ])('%s is a configuration error', async (_what, config) => {
        const root = tree({ '.pmpathrc.json': JSON.stringify(config), 'p.pmpath': FLAWED });
        await expect(lintFiles([path.join(root, 'p.pmpath')])).rejects.toThrow();
    });

    it('malformed JSON is a configuration error', async () => {
        const root = tree({ '.pmpathrc.json': '{ "rules": ', 'p.pmpath': FLAWED });
        await expect(lintFiles([path.join(root, 'p.pmpath')])).rejects.toThrow();
    });

    it('configured severities apply across files (library findings follow the library folder config)', async () => {
        const root = tree({
            'lib/.pmpathrc.json': JSON.stringify({ rules: { 'unused-declaration': 'off' } }),
            'lib/l.pmpath': 'library L {\n  actor idle: family\n}\n',
        });
        expect(await lint(root, 'lib/l.pmpath')).toEqual([]);
    });
});
