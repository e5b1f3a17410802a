// Bundles the pmpath CLI into dist/pmpath.mjs (plus lazily loaded chunks for
// the rendering commands), so that start-up loads one file instead of several
// hundred ES modules from node_modules: on a 2-core machine module resolution
// and loading were most of `pmpath check`'s fixed cost. bin/pmpath.js prefers
// the bundle and falls back to the tsc output in out/ when it is absent.
//   node scripts/bundle.mjs        (run by `npm run build`, after tsc)
import * as esbuild from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.resolve(here, '..');
const outdir = path.join(cli, 'dist');

rmSync(outdir, { recursive: true, force: true });
let result;
try {
    result = await esbuild.build({
        absWorkingDir: cli,
        // Bundle the compiled output (tsc has already type-checked it).
        entryPoints: { pmpath: 'out/main.js' },
        outdir,
        outExtension: { '.js': '.mjs' },
        bundle: true,
        // Chunks keep the diagram renderers (layout engines, WebAssembly) out of
        // the start-up path of `check` and `rules`.
        splitting: true,
        // Chunks sit next to the entry, one folder below package.json like out/*.js,
        // so `new URL('../package.json', import.meta.url)` still finds the manifest.
        chunkNames: '[name]-[hash]',
        format: 'esm',
        platform: 'node',
        target: 'node20',
        // Some dependencies (vscode-languageserver-types, vscode-jsonrpc) are
        // CommonJS and call require(); give the ES module bundle one.
        banner: { js: "import { createRequire as __pmpathCreateRequire } from 'node:module'; const require = __pmpathCreateRequire(import.meta.url);" },
        mainFields: ['module', 'main'],
        sourcemap: 'linked',
        legalComments: 'none',
        logLevel: 'warning',
        metafile: true,
    });
} catch {
    // esbuild has already printed the errors; bin/pmpath.js falls back to out/.
    process.exit(1);
}

// The first-party compiled files the bundle was built from. bin/pmpath.js
// uses the bundle only while none of them is newer, so a `tsc -b` without a
// re-bundle never runs stale code.
const inputs = Object.keys(result.metafile.inputs)
    .filter(input => !input.includes('node_modules/'))
    .map(input => path.relative(outdir, path.resolve(cli, input)).split(path.sep).join('/'));
writeFileSync(path.join(outdir, 'inputs.json'), JSON.stringify(inputs, null, 1) + '\n');
