#!/usr/bin/env node
/**
 * Rewrites the rule reference in the repository's README (between
 * `<!-- rules:start -->` and `<!-- rules:end -->`) from the rule registry,
 * through `pmpath rules --format markdown`. Run after changing `rules.ts`
 * (`npm run docs:rules`); a test fails while the README is out of date.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const readme = fileURLToPath(new URL('../../../README.md', import.meta.url));
const bin = fileURLToPath(new URL('../bin/pmpath.js', import.meta.url));
const table = execFileSync(process.execPath, [bin, 'rules', '--format', 'markdown'], { encoding: 'utf8' }).trim();
const text = fs.readFileSync(readme, 'utf8');
const start = text.indexOf('<!-- rules:start -->');
const end = text.indexOf('<!-- rules:end -->');
if (start < 0 || end < start) {
    console.error('README.md needs the markers <!-- rules:start --> and <!-- rules:end -->.');
    process.exit(2);
}
fs.writeFileSync(readme, `${text.slice(0, start)}<!-- rules:start -->\n${table}\n${text.slice(end)}`);
console.log('README.md: rule reference updated from the rule registry.');
