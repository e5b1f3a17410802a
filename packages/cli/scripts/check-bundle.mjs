#!/usr/bin/env node
/**
 * `prepublishOnly` of the `pmpath` package: refuses to publish a bundle that
 * is missing or older than the sources it is built from (the published
 * package is `dist/`, not the TypeScript). Run `npm run build` at the
 * repository root first.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packages = path.dirname(cli);
const bundle = path.join(cli, 'dist', 'main.js');
const notices = path.join(cli, 'dist', 'THIRD-PARTY-NOTICES.txt');

let newest = 0;
let newestFile = '';
for (const folder of ['language/src', 'diagram/src', 'cli/src']) {
    for (const entry of fs.readdirSync(path.join(packages, folder), { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const file = path.join(entry.parentPath, entry.name);
        const mtime = fs.statSync(file).mtimeMs;
        if (mtime > newest) [newest, newestFile] = [mtime, file];
    }
}
if (!fs.existsSync(bundle) || !fs.existsSync(notices)) {
    console.error('pmpath: dist/ is incomplete; run `npm run build` at the repository root before publishing.');
    process.exit(1);
}
if (fs.statSync(bundle).mtimeMs < newest) {
    console.error(`pmpath: dist/ is older than ${path.relative(packages, newestFile)}; run \`npm run build\` at the repository root before publishing.`);
    process.exit(1);
}
console.log('pmpath: dist/ is up to date.');
