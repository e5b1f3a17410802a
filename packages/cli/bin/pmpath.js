#!/usr/bin/env node
// The `pmpath` executable. Runs the esbuild bundle (`dist/`, fast start-up)
// when it is at least as new as the compiled output it was made from, else the
// compiled modules (`out/`). Build both with `npm run build` at the root.
import { statSync } from 'node:fs';

const mtime = url => {
    try {
        return statSync(url).mtimeMs;
    } catch {
        return -1;
    }
};
const bundle = new URL('../dist/main.js', import.meta.url);
// A `tsc -b` rewrites the build info of every package it recompiles.
const compiled = Math.max(
    mtime(new URL('../out/main.js', import.meta.url)),
    mtime(new URL('../tsconfig.tsbuildinfo', import.meta.url)),
    mtime(new URL('../../language/tsconfig.tsbuildinfo', import.meta.url)),
);
const { main } = await import(mtime(bundle) >= compiled ? '../dist/main.js' : '../out/main.js');

process.exitCode = await main(process.argv.slice(2));
