#!/usr/bin/env node
// The `pmpath` executable. It prefers the esbuild bundle (dist/pmpath.mjs,
// made by `npm run build`), which starts several times faster than loading
// hundreds of ES modules; it falls back to the tsc output in out/ when the
// bundle is missing or older than any compiled file it was built from.
import { readFileSync, statSync } from 'node:fs';

function bundleIsFresh() {
    try {
        const dist = new URL('../dist/', import.meta.url);
        const built = statSync(new URL('pmpath.mjs', dist)).mtimeMs;
        const inputs = JSON.parse(readFileSync(new URL('inputs.json', dist), 'utf8'));
        return inputs.every(input => statSync(new URL(input, dist)).mtimeMs <= built);
    } catch {
        return false;
    }
}

const { main } = await import(bundleIsFresh() ? '../dist/pmpath.mjs' : '../out/main.js');
process.exitCode = await main(process.argv.slice(2));
