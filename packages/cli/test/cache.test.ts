/**
 * `pmpath check --cache` / `--cache-location` through the BUILT binary: a
 * cached run prints byte for byte what a cold run prints, with the same exit
 * code, in every format, before and after files change.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pmpath, removeTempTrees, REPO_ROOT, tempTree } from './helpers.js';

/** A copy of the examples (clean and flawed pathways, a shared library). */
function examplesCopy(): string {
    const root = tempTree({}, 'pmpath-cli-cache-');
    fs.cpSync(path.join(REPO_ROOT, 'examples'), path.join(root, 'examples'), { recursive: true });
    return root;
}

afterAll(removeTempTrees);

describe('pmpath check --cache', { timeout: 240_000 }, () => {
    it('prints what a cold run prints, in every format, on the first and the second run', async () => {
        const root = examplesCopy();
        for (const format of ['json', 'stylish', 'sarif']) {
            const coldRun = await pmpath(['check', 'examples', '--format', format], { cwd: root });
            expect([0, 1]).toContain(coldRun.status);
            for (let round = 0; round < 2; round++) {
                const cachedRun = await pmpath(['check', 'examples', '--format', format, '--cache'], { cwd: root });
                expect(cachedRun.stderr).toBe('');
                expect(cachedRun.status).toBe(coldRun.status);
                expect(cachedRun.stdout).toBe(coldRun.stdout);
            }
        }
        expect(fs.existsSync(path.join(root, '.pmpathcache'))).toBe(true);
    });

    it('follows a change to a shared library into the pathways that import it', async () => {
        const root = examplesCopy();
        const args = ['check', 'examples', '--format', 'json', '--cache-location', 'ci-cache/'];
        await pmpath(args, { cwd: root });
        expect(fs.existsSync(path.join(root, 'ci-cache', '.pmpathcache'))).toBe(true);
        const library = path.join(root, 'examples', 'shared', 'genomics-services.pmpath');
        const text = fs.readFileSync(library, 'utf8');
        // Rename a declaration the importing pathways use: they now have unresolved references.
        const [, name] = /actor (\w+):/.exec(text)!;
        fs.writeFileSync(library, text.replace(new RegExp(`\\b${name}\\b`, 'g'), `${name}Renamed`));
        const cachedRun = await pmpath(args, { cwd: root });
        const coldRun = await pmpath(['check', 'examples', '--format', 'json'], { cwd: root });
        expect(cachedRun.stdout).toBe(coldRun.stdout);
        expect(cachedRun.status).toBe(coldRun.status);
        expect(cachedRun.stdout).toContain(`${name}Renamed`);
    });

    it('exits with 2 and one line for a bad configuration, cached or not', async () => {
        const root = examplesCopy();
        await pmpath(['check', 'examples', '--cache'], { cwd: root });
        fs.writeFileSync(path.join(root, 'examples', '.pmpathrc.json'), '{ "rules": { "no-such-rule": "off" } }');
        const cachedRun = await pmpath(['check', 'examples', '--cache'], { cwd: root });
        const coldRun = await pmpath(['check', 'examples'], { cwd: root });
        expect(cachedRun.status).toBe(2);
        expect(cachedRun.stderr).toBe(coldRun.stderr);
        expect(cachedRun.stderr.trim().split('\n')).toHaveLength(1);
    });
});
