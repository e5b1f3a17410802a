// Bundles the extension client and the language server into CommonJS files
// (dist/extension.cjs, dist/server.cjs) for VS Code's Node extension host, and
// copies the TextMate grammar from the repository's top-level syntaxes/ folder.
//   node esbuild.mjs               development build with sourcemaps
//   node esbuild.mjs --production  minified, no sourcemaps (for the .vsix)
//   node esbuild.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

async function copyGrammars() {
    const from = path.join(here, '..', '..', 'syntaxes');
    const to = path.join(here, 'syntaxes');
    await mkdir(to, { recursive: true });
    for (const file of await readdir(from)) {
        if (file.endsWith('.json')) await copyFile(path.join(from, file), path.join(to, file));
    }
}

/** Reports the build result the way VS Code's problem matchers expect. */
const logPlugin = {
    name: 'pmpath-log',
    setup(build) {
        build.onEnd(result => {
            for (const { text, location } of result.errors) {
                console.error(`✘ [ERROR] ${text}`);
                if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
            }
            if (result.errors.length === 0) console.log(`[esbuild] built ${new Date().toLocaleTimeString()}`);
        });
    },
};

const options = {
    absWorkingDir: here,
    // The layout worker is its own bundle: it loads only wasm Graphviz (no Langium, so no polyfill).
    entryPoints: { extension: 'src/extension.ts', server: 'src/server/main.ts', 'layout-worker': 'src/server/layout-worker.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    // Langium and its dependencies are ESM; in a CJS bundle `import.meta.url`
    // must still point at the bundle file.
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
    mainFields: ['module', 'main'],
    sourcemap: !production,
    sourcesContent: false,
    minify: production,
    logLevel: 'warning',
    plugins: [logPlugin],
};

await copyGrammars();
if (watch) {
    const context = await esbuild.context(options);
    await context.watch();
} else {
    await esbuild.build(options);
}
