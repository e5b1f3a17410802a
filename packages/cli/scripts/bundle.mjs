#!/usr/bin/env node
/**
 * Bundles the compiled CLI (`out/`, produced by the root `tsc -b`) into
 * `dist/` with esbuild. `dist/` is what the published `pmpath` package ships:
 * every runtime dependency (Langium, Chevrotain, the language server library,
 * commander, the WebAssembly Graphviz, …) is inside it, so installing the
 * package fetches nothing else and `pmpath` starts by reading a few files
 * instead of resolving hundreds of modules (about 0.25 s instead of 0.7 s).
 *
 * Commands are split into chunks loaded only when they run: `diagram` and
 * `report` (with `@pmpath/diagram` and Graphviz, whose WebAssembly module is
 * inline), `lsp` (the language server features). The code is minified to
 * keep the install small; source maps are written beside it for development
 * (`external`: no `sourceMappingURL` comment, and not published).
 *
 * Bundling copies third-party code, so their licences must travel with it:
 * `dist/THIRD-PARTY-NOTICES.txt` lists every bundled package with its version,
 * licence and licence text, from esbuild's metafile.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'out');
const distDir = path.join(root, 'dist');
const entry = path.join(outDir, 'main.js');

if (!fs.existsSync(entry)) {
    console.error('pmpath bundle: packages/cli/out/main.js is missing; run `tsc -b` at the repository root first.');
    process.exit(2);
}

// Build into a fresh folder, then swap it in, so that a CLI started meanwhile
// never loads a half-written bundle.
const staging = fs.mkdtempSync(path.join(root, '.dist-'));
try {
    const result = await build({
        absWorkingDir: root,
        entryPoints: { main: entry },
        outdir: staging,
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        minify: true,
        // Class and function names stay readable in `--debug` stack traces.
        keepNames: true,
        sourcemap: 'external',
        legalComments: 'none',
        metafile: true,
        logLevel: 'warning',
        // Some bundled CommonJS dependencies call `require`; give ESM chunks one.
        banner: { js: "import { createRequire as __pmpathCreateRequire } from 'node:module'; const require = __pmpathCreateRequire(import.meta.url);" },
    });
    fs.writeFileSync(path.join(staging, 'THIRD-PARTY-NOTICES.txt'), thirdPartyNotices(result.metafile));
    fs.rmSync(distDir, { recursive: true, force: true });
    fs.renameSync(staging, distDir);
} finally {
    fs.rmSync(staging, { recursive: true, force: true });
}

/** The licence notices of every npm package that ended up in the bundle. */
function thirdPartyNotices(metafile) {
    const packages = new Map();
    for (const input of Object.keys(metafile.inputs)) {
        const match = /^(.*node_modules[\\/])((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(input);
        if (!match) continue;
        const directory = path.resolve(root, match[1] + match[2]);
        if (packages.has(directory)) continue;
        const manifest = JSON.parse(fs.readFileSync(path.join(directory, 'package.json'), 'utf8'));
        // Workspace packages of this repository are pmpath itself (MIT, see LICENSE).
        if (!fs.realpathSync(directory).includes(`${path.sep}node_modules${path.sep}`)) continue;
        const licenceFile = fs.readdirSync(directory).find(name => /^(licen[sc]e|copying)(\.|$)/i.test(name));
        packages.set(directory, {
            name: manifest.name,
            version: manifest.version,
            license: typeof manifest.license === 'string' ? manifest.license : manifest.license?.type ?? 'see the package',
            text: licenceFile ? fs.readFileSync(path.join(directory, licenceFile), 'utf8').trim() : undefined,
        });
    }
    const sorted = [...packages.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const sections = sorted.map(p => [
        `${p.name} ${p.version} (${p.license})`,
        '-'.repeat(72),
        p.text ?? `The package ships no licence file; its package.json declares ${p.license}.`,
    ].join('\n'));
    return [
        'pmpath bundles the following third-party packages into dist/. Their licences follow.',
        '',
        ...sections.flatMap(section => [section, '', '']),
    ].join('\n').trimEnd() + '\n';
}
