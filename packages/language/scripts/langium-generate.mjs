#!/usr/bin/env node
/**
 * Runs `langium generate` on Node 20: loads the `Object.groupBy` polyfill
 * (src/polyfill.ts, transpiled in memory by esbuild since `out/` does not
 * exist before the grammar is generated) and then langium-cli itself.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const source = readFileSync(fileURLToPath(new URL('../src/polyfill.ts', import.meta.url)), 'utf8');
const { code } = transformSync(source, { loader: 'ts', format: 'esm' });
await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);

const cli = fileURLToPath(new URL('../bin/langium.js', import.meta.resolve('langium-cli')));
process.argv = [process.argv[0], cli, 'generate', ...process.argv.slice(2)];
await import(cli);
