/**
 * `pmpath check --cache` / `--cache-location` through the BUILT binary: a
 * cached run prints byte for byte what a cold run prints, with the same exit
 * code, in every format, before and after files change.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI_ROOT = path.resolve(import.meta.dirname, '..');
const REPO_ROOT = path.resolve(CLI_ROOT, '../..');
const BIN = path.join(CLI_ROOT, 'bin/pmpath.js');
const roots: string[] = [];

function pmpath(args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of ['CI', 'FORCE_COLOR', 'NO_COLOR', 'TERM']) delete env[name];
    const result = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 120_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A copy of the examples (clean and flawed pathways, a shared library). */
function examplesCopy(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pmpath-cli-cache-'));
    roots.push(root);
    fs.cpSync(path.join(REPO_ROOT, 'examples'), path.join(root, 'examples'), { recursive: true });
    return root;
}

afterAll(() => {
    for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

describe('pmpath check --cache', { timeout: 240_000 }, () => {
    it('prints what a cold run prints, in every format, on the first and the second run', () => {
        const root = examplesCopy();
        for (const format of ['json', 'stylish', 'sarif']) {
            const coldRun = pmpath(['check', 'examples', '--format', format], root);
            expect([0, 1]).toContain(coldRun.status);
            for (let round = 0; round < 2; round++) {
                const cachedRun = pmpath(['check', 'examples', '--format', format, '--cache'], root);
                expect(cachedRun.stderr).toBe('');
                expect(cachedRun.status).toBe(coldRun.status);
                expect(cachedRun.stdout).toBe(coldRun.stdout);
            }
        }
        expect(fs.existsSync(path.join(root, '.pmpathcache'))).toBe(true);
    });

    it('follows a change to a shared library into the pathways that import it', () => {
        const root = examplesCopy();
        const args = ['check', 'examples', '--format', 'json', '--cache-location', 'ci-cache/'];
        pmpath(args, root);
        expect(fs.existsSync(path.join(root, 'ci-cache', '.pmpathcache'))).toBe(true);
        const library = path.join(root, 'examples', 'shared', 'genomics-services.pmpath');
        const text = fs.readFileSync(library, 'utf8');
        // Rename a declaration the importing pathways use: they now have unresolved references.
        const [, name] = /actor (\w+):/.exec(text)!;
        fs.writeFileSync(library, text.replace(new RegExp(`\\b${name}\\b`, 'g'), `${name}Renamed`));
        const cachedRun = pmpath(args, root);
        const coldRun = pmpath(['check', 'examples', '--format', 'json'], root);
        expect(cachedRun.stdout).toBe(coldRun.stdout);
        expect(cachedRun.status).toBe(coldRun.status);
        expect(cachedRun.stdout).toContain(`${name}Renamed`);
    });

    it('exits with 2 and one line for a bad configuration, cached or not', () => {
        const root = examplesCopy();
        pmpath(['check', 'examples', '--cache'], root);
        fs.writeFileSync(path.join(root, 'examples', '.pmpathrc.json'), '{ "rules": { "no-such-rule": "off" } }');
        const cachedRun = pmpath(['check', 'examples', '--cache'], root);
        const coldRun = pmpath(['check', 'examples'], root);
        expect(cachedRun.status).toBe(2);
        expect(cachedRun.stderr).toBe(coldRun.stderr);
        expect(cachedRun.stderr.trim().split('\n')).toHaveLength(1);
    });
});
