/**
 * Runs once before the unit suite: the tests that spawn the CLI run its
 * bundle (`packages/cli/dist`, what the published package ships), so the
 * bundle must not be older than the TypeScript it is built from. When it is
 * (sources edited since the last `npm run build`), compile (`tsc -b`) and
 * re-bundle here, once, instead of in every test file that spawns `pmpath`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bundle = path.join(root, 'packages/cli/dist/main.js');
const SOURCES = ['packages/language/src', 'packages/diagram/src', 'packages/fhir/src', 'packages/cli/src'];

function newestSource(): number {
    let newest = 0;
    for (const folder of SOURCES) {
        for (const entry of fs.readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })) {
            if (entry.isFile() && (entry.name.endsWith('.ts') || entry.name.endsWith('.langium'))) {
                newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
            }
        }
    }
    return newest;
}

function run(args: string[]): void {
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) {
        throw new Error(`test setup: \`node ${args.join(' ')}\` failed; run \`npm run build\` to see why.\n${result.stdout}${result.stderr}`);
    }
}

export default function setup(): void {
    const built = fs.existsSync(bundle) ? fs.statSync(bundle).mtimeMs : -1;
    if (built >= newestSource()) return;
    const started = Date.now();
    run([path.join(root, 'node_modules/typescript/bin/tsc'), '-b']);
    run([path.join(root, 'packages/cli/scripts/bundle.mjs')]);
    console.log(`test setup: the CLI bundle was older than its sources; compiled and re-bundled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
