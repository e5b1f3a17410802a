/**
 * The `.vsix` as a Marketplace user sees it: an icon, categories and
 * keywords, a CHANGELOG and licence, and a README whose image and links
 * resolve inside the package (the package script keeps relative links as
 * written, so what is checked here is what ships). `vsce ls` lists exactly
 * the files `vsce package` puts into the `.vsix`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const extension = path.resolve(import.meta.dirname, '..');
const root = path.resolve(extension, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(extension, 'package.json'), 'utf8')) as {
    icon?: string; categories?: string[]; keywords?: string[]; repository?: { url: string; directory?: string };
    scripts: Record<string, string>; galleryBanner?: { color: string };
};

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 8).toString('hex'), `${file} is a PNG`).toBe('89504e470d0a1a0a');
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the .vsix for the Marketplace', { timeout: 120_000 }, () => {
    const listed = spawnSync(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: extension, encoding: 'utf8' });
    const files = listed.stdout.split('\n').map(line => line.trim()).filter(Boolean);

    it('is built by `npm run package` at the repository root, keeping the README\'s relative links', () => {
        const rootScripts = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
        expect(rootScripts.package).toMatch(/npm run package -w packages\/extension/);
        expect(manifest.scripts.package).toContain('vsce package');
        expect(manifest.scripts.package).toContain('--no-rewrite-relative-links');
    });

    it('has an icon (a PNG of at least 128×128), categories, keywords and its repository folder', () => {
        expect(manifest.icon).toBe('images/icon.png');
        const size = pngSize(path.join(extension, manifest.icon!));
        expect(size.width).toBeGreaterThanOrEqual(128);
        expect(size.height).toBe(size.width);
        expect(manifest.categories).toEqual(expect.arrayContaining(['Programming Languages', 'Linters']));
        expect(manifest.keywords!.length).toBeGreaterThanOrEqual(5);
        expect(manifest.keywords!.length).toBeLessThanOrEqual(30);
        expect(manifest.repository).toMatchObject({ url: expect.stringMatching(/^https:\/\/github\.com\//), directory: 'packages/extension' });
    });

    it('ships the bundles, README, CHANGELOG, licence, icon and the README\'s screenshot, and no sources or maps', () => {
        expect(listed.status, listed.stderr).toBe(0);
        for (const file of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'images/icon.png', 'images/editor.png', 'dist/extension.cjs', 'dist/server.cjs', 'syntaxes/pmpath.tmLanguage.json']) {
            expect(files).toContain(file);
        }
        expect(files.filter(file => /\.(ts|map)$|^src\/|^test\/|^scripts\/|\.svg$/.test(file) && !file.startsWith('media/'))).toEqual([]);
    });

    it('has a README whose images and relative links resolve to files inside the package', () => {
        const readme = fs.readFileSync(path.join(extension, 'README.md'), 'utf8');
        const targets = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map(m => m[1]);
        expect(targets.length).toBeGreaterThan(2);
        const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map(m => m[1]);
        expect(images).toContain('images/editor.png');
        // vsce stores README.md, CHANGELOG.md and LICENSE under other names
        // (readme.md, changelog.md, LICENSE.txt): a relative link to them would break.
        const renamed = new Set(['README.md', 'CHANGELOG.md', 'LICENSE']);
        for (const target of targets) {
            if (/^https:\/\//.test(target) || target.startsWith('#')) continue;
            expect(target, 'only https links or files inside the package').not.toMatch(/^\w+:|^\.\.\//);
            const file = path.posix.normalize(target.split('#')[0]);
            expect(renamed.has(file), `${target}: vsce renames this file in the .vsix; link to it with an https URL`).toBe(false);
            expect(files, `${target} is inside the .vsix`).toContain(file);
        }
    });

    it('has a CHANGELOG entry for the current version', () => {
        const version = (JSON.parse(fs.readFileSync(path.join(extension, 'package.json'), 'utf8')) as { version: string }).version;
        expect(fs.readFileSync(path.join(extension, 'CHANGELOG.md'), 'utf8')).toContain(`## ${version}`);
    });
});
