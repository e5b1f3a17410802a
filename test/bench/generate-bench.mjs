/**
 * Scenario-generation benchmark (issue #7), run by `npm run bench` through
 * `runGenerateBench()`: `pmpath test --generate` on the 60-state synthetic
 * pathway (`packages/diagram/test/generate-pathway.mjs`), whole process with
 * Node start-up, side by side with `pmpath check` on the same file; and the
 * generator alone, in-process and warm. Runs against BUILT output. Returns
 * rows `[measurement, value, target, met?]`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generatePathway } from '../../packages/diagram/test/generate-pathway.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const cliBin = path.join(root, 'packages/cli/bin/pmpath.js');
const languageOut = path.join(root, 'packages/language/out/index.js');

const ms = value => `${value >= 100 ? Math.round(value) : value.toFixed(1)} ms`;
const median = values => {
    const s = [...values].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function timeProcess(args, cwd) {
    const start = performance.now();
    const result = spawnSync(process.execPath, [cliBin, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
    return { elapsed: performance.now() - start, status: result.status, stderr: result.stderr ?? '' };
}

export async function runGenerateBench({ quick = false, tmp }) {
    if (!fs.existsSync(languageOut) || !fs.existsSync(cliBin)) {
        return [['generate benchmark', 'not measured: run npm run build first', '']];
    }
    const dir = path.join(tmp, 'generate');
    fs.mkdirSync(dir, { recursive: true });
    const states = 60;
    const file = path.join(dir, `generated-${states}.pmpath`);
    fs.writeFileSync(file, generatePathway(states));
    const runs = quick ? 3 : 7;
    const rows = [];

    const generate = [];
    const check = [];
    let summary = '';
    for (let i = 0; i < runs; i++) {
        // Interleaved, so both see the same machine load.
        const g = timeProcess(['test', '--generate', file, '--output', path.join(dir, 'out', 'generated.pmtest')], dir);
        if (g.status !== 0) return [[`pmpath test --generate, ${states} states`, `failed (exit ${g.status}): ${g.stderr.trim()}`, '']];
        generate.push(g.elapsed);
        summary = g.stderr.trim() || summary;
        check.push(timeProcess(['check', file, '--format', 'json'], dir).elapsed);
    }
    const g = median(generate);
    const c = median(check);
    const written = fs.readFileSync(path.join(dir, 'out', 'generated.pmtest'), 'utf8');
    const scenarios = (written.match(/^ {2}scenario /gm) ?? []).length;
    rows.push([`pmpath test --generate, ${states}-state synthetic pathway, whole process (median of ${runs}; ${scenarios} scenarios)`, ms(g), '≤ 2 s', g <= 2000]);
    rows.push([`  pmpath check on the same file, whole process (for comparison)`, `${ms(c)} (generate ${(g / c).toFixed(2)}× check)`, '']);

    // The generator alone: search, cover, simulator check, text.
    const language = await import(pathToFileURL(languageOut).href);
    const lint = await language.lintFiles([file]);
    const pathway = lint.files[0].document.parseResult.value.body;
    const folder = pathToFileURL(path.join(dir, 'out')).href;
    for (let i = 0; i < 3; i++) language.generateSuite(pathway, { outputFolder: folder });
    const inProcess = [];
    for (let i = 0; i < runs; i++) {
        const start = performance.now();
        language.generateSuite(pathway, { outputFolder: folder });
        inProcess.push(performance.now() - start);
    }
    rows.push([`  generateSuite alone, in-process, warm (median of ${runs})`, ms(median(inProcess)), '']);
    return rows;
}
