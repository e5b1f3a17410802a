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
// A reader that goes away early (`pmpath check | head`) is not a failure worth a stack trace.
process.stdout.on('error', error => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw error;
});

const { main } = await import(mtime(bundle) >= compiled ? '../dist/main.js' : '../out/main.js');

process.exitCode = await main(process.argv.slice(2));
