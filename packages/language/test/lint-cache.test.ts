/**
 * `pmpath check --cache` (lintFilesCached): a cached run reports exactly what
 * a cold run reports, and re-checks exactly the files whose inputs changed —
 * the file itself, what it imports (transitively), what imports it, and the
 * configuration that applies to it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as engine from '@pmpath/language';
import { lintFiles, type FileLintResult } from '@pmpath/language';
import { lintFilesCached, resolveCacheLocation } from '@pmpath/language/lint-cache';

let dir: string;
let cacheFile: string;

const LIBRARY = `library Shared {
  actor genetics: clinician "Clinical geneticist" { genomics-trained }
  data panel: genomic "Gene panel"
  cutoff Pathogenic: panel is pathogenic source "ACMG/AMP 2015"
}
`;

function pathway(name: string, imports: string[], uses: string): string {
    return `${imports.map(i => `import "${i}"`).join('\n')}

pathway ${name} {
  actor gp: clinician "GP"
  initial state Start: healthy
  final state Done: sick
  ${uses}
}
`;
}

const FILES: Record<string, string> = {
    'shared/lib.pmpath': LIBRARY,
    'a.pmpath': pathway('A', ['./shared/lib.pmpath'], 'Start -> Done when Pathogenic by genetics'),
    'b.pmpath': pathway('B', ['./shared/lib.pmpath'], 'Start -> Done by gp'),
    'c.pmpath': pathway('C', [], 'Start -> Done by gp'),
    'unrelated.pmpath': pathway('Unrelated', [], 'Start -> Done by nobody'),
};

function write(name: string, text: string): void {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
}

function requested(): string[] {
    return Object.keys(FILES).map(name => path.join(dir, name)).sort();
}

const rel = (files: readonly string[]) => files.map(f => path.relative(dir, f)).sort();

/** Results without the parsed documents (or, from the cache, the texts that stand in for them). */
function plain(files: ReadonlyArray<FileLintResult & { text?: string }>): unknown {
    return files.map(({ document: _document, text: _text, ...rest }) => JSON.parse(JSON.stringify(rest)));
}

async function cached(files = requested(), options: { configFile?: string; engine?: string } = {}) {
    return lintFilesCached(files, { cacheFile, configFile: options.configFile, engine: options.engine ?? 'test-engine' }, async () => engine);
}

async function cold(files = requested(), configFile?: string) {
    return plain((await lintFiles(files, { configFile })).files);
}

beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmpath-cache-'));
    cacheFile = path.join(dir, '.pmpathcache');
    for (const [name, text] of Object.entries(FILES)) write(name, text);
});

afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
});

describe('a cached check', () => {
    it('checks everything the first time, nothing the second, and reports what a cold run reports both times', async () => {
        const first = await cached();
        expect(rel(first.checked)).toEqual(rel(requested()));
        expect(plain(first.files)).toEqual(await cold());
        expect(fs.existsSync(cacheFile)).toBe(true);

        const second = await cached();
        expect(second.checked).toEqual([]);
        expect(rel(second.reused)).toEqual(rel(requested()));
        expect(plain(second.files)).toEqual(await cold());
        // The findings are real ones: the cache does not hide them.
        expect(second.files.flatMap(f => f.diagnostics.map(d => d.rule))).toContain('unresolved-reference');
        // Results from the cache carry the text they were checked from (SARIF fingerprints hash it).
        expect(second.files.every(f => f.text === fs.readFileSync(f.filePath, 'utf8'))).toBe(true);
    });

    it('re-checks a changed library and exactly its importers', async () => {
        await cached();
        write('shared/lib.pmpath', LIBRARY.replace('data panel', 'data unusedExtra: clinical\n  data panel'));
        const run = await cached();
        expect(rel(run.checked)).toEqual(['a.pmpath', 'b.pmpath', 'shared/lib.pmpath']);
        expect(plain(run.files)).toEqual(await cold());
        expect(run.files.find(f => f.filePath.endsWith('lib.pmpath'))!.diagnostics.map(d => d.message).join(' ')).toContain('unusedExtra');
    });

    it('re-checks a changed pathway and the library it imports (whose unused declarations depend on it), nothing else', async () => {
        await cached();
        write('b.pmpath', pathway('B', ['./shared/lib.pmpath'], 'Start -> Done when Pathogenic by gp'));
        const run = await cached();
        expect(rel(run.checked)).toEqual(['b.pmpath', 'shared/lib.pmpath']);
        expect(plain(run.files)).toEqual(await cold());
    });

    it('re-checks only a changed file that nothing imports and that imports nothing', async () => {
        await cached();
        write('c.pmpath', pathway('C', [], 'Start -> Done by someone'));
        const run = await cached();
        expect(rel(run.checked)).toEqual(['c.pmpath']);
        expect(plain(run.files)).toEqual(await cold());
    });

    it('re-checks a file whose import target disappears or becomes a folder', async () => {
        await cached();
        fs.rmSync(path.join(dir, 'shared/lib.pmpath'));
        const files = requested().filter(f => !f.endsWith('lib.pmpath'));
        const gone = await cached(files);
        expect(rel(gone.checked)).toEqual(['a.pmpath', 'b.pmpath']);
        expect(plain(gone.files)).toEqual(await cold(files));
        expect(gone.files[0].diagnostics.map(d => d.rule)).toContain('import-not-found');

        fs.mkdirSync(path.join(dir, 'shared/lib.pmpath'));
        const folder = await cached(files);
        expect(rel(folder.checked)).toEqual(['a.pmpath', 'b.pmpath']);
        expect(plain(folder.files)).toEqual(await cold(files));
    });

    it('re-checks the files a changed configuration applies to, with the new severities', async () => {
        await cached();
        write('shared/.pmpathrc.json', '{ "rules": { "unused-declaration": "error" } }');
        const run = await cached();
        expect(rel(run.checked)).toEqual(['shared/lib.pmpath']);
        expect(plain(run.files)).toEqual(await cold());

        const configFile = path.join(dir, 'strict.json');
        fs.writeFileSync(configFile, '{ "rules": { "cutoff-without-source": "off" } }');
        const overridden = await cached(requested(), { configFile });
        expect(rel(overridden.checked)).toEqual(rel(requested()));
        expect(plain(overridden.files)).toEqual(await cold(requested(), configFile));
        expect((await cached(requested(), { configFile })).checked).toEqual([]);
    });

    it('checks everything again for another pmpath, and ignores a cache file it cannot read', async () => {
        await cached();
        expect(rel((await cached(requested(), { engine: 'another-engine' })).checked)).toEqual(rel(requested()));
        fs.writeFileSync(cacheFile, '{ not json');
        const run = await cached();
        expect(rel(run.checked)).toEqual(rel(requested()));
        expect(plain(run.files)).toEqual(await cold());
    });

    it('fails like a cold run on an unreadable file and on a bad configuration, and caches nothing for them', async () => {
        await expect(cached([...requested(), path.join(dir, 'missing.pmpath')])).rejects.toMatchObject({ name: 'LintInputError', reason: 'no such file' });
        write('.pmpathrc.json', '{ "rules": { "no-such-rule": "off" } }');
        await expect(cached()).rejects.toMatchObject({ name: 'ConfigError' });
        await expect(lintFiles(requested())).rejects.toMatchObject({ name: 'ConfigError' });
    });
});

describe('the cache location', () => {
    it('is .pmpathcache in the working directory by default, inside a folder when given one, else the file given', () => {
        expect(resolveCacheLocation(undefined, dir)).toBe(path.join(dir, '.pmpathcache'));
        expect(resolveCacheLocation('shared', dir)).toBe(path.join(dir, 'shared', '.pmpathcache'));
        expect(resolveCacheLocation('new-folder/', dir)).toBe(path.join(dir, 'new-folder', '.pmpathcache'));
        expect(resolveCacheLocation('ci/pmpath.cache', dir)).toBe(path.join(dir, 'ci', 'pmpath.cache'));
    });
});
