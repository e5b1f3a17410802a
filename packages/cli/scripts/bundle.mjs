#!/usr/bin/env node
/**
 * Bundles the compiled CLI (`out/`, produced by the root `tsc -b`) into
 * `dist/` with esbuild, so `pmpath check` starts by reading a few files
 * instead of resolving hundreds of modules (Langium, Chevrotain, lodash-es):
 * start-up drops from about 0.7 s to about 0.25 s, which matters for CI jobs
 * and pre-commit hooks that run `pmpath check` often.
 *
 * The `diagram` and `report` commands are NOT bundled: they stay in `out/`
 * (with `@pmpath/diagram` and its WebAssembly/worker dependencies resolved from
 * node_modules at run time), and the bundle imports them from there when those
 * commands run. `bin/pmpath.js` falls back to `out/main.js` when the bundle is
 * missing or older than the compiled output.
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

/** Keeps the rendering commands in `out/`: the bundle imports them by a path relative to `dist/`. */
const renderingCommandsStayInOut = {
    name: 'rendering-commands-stay-in-out',
    setup(pluginBuild) {
        pluginBuild.onResolve({ filter: /^\.\/commands\/(diagram|report)\.js$/ }, args => ({
            path: `../out/commands/${path.basename(args.path)}`,
            external: true,
        }));
    },
};

fs.rmSync(distDir, { recursive: true, force: true });
await build({
    entryPoints: { main: entry },
    outdir: distDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
    // Some bundled CommonJS dependencies call `require`; give ESM chunks one.
    banner: { js: "import { createRequire as __pmpathCreateRequire } from 'node:module'; const require = __pmpathCreateRequire(import.meta.url);" },
    plugins: [renderingCommandsStayInOut],
});
