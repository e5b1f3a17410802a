/**
 * Diagram benchmark (issue #3), run by `npm run bench` through
 * `runDiagramBench()`: layout + SVG for generated pathways of 50, 200, 500 and
 * 1000 states (about two labelled transitions each), in-process (wasm
 * Graphviz, warm) and whole-process (`pmpath diagram --format svg`, Node
 * start-up included), side by side with native `dot -Tsvg` on the same DOT.
 * Runs against BUILT output (`npm run build` first). Returns rows
 * `[measurement, value, target, met?]`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generatePathway as generateDiagramPathway } from '../../packages/diagram/test/generate-pathway.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const cliBin = path.join(root, 'packages/cli/bin/pmpath.js');

/** A pathway with `n` states and about two labelled transitions per state (shared with the unit tests). */
export { generateDiagramPathway };

const ms = value => `${Math.round(value)} ms`;
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function timeProcess(command, args, options = {}) {
    const start = performance.now();
    const result = spawnSync(command, args, { encoding: 'utf8', timeout: 300_000, maxBuffer: 256 * 1024 * 1024, ...options });
    const elapsed = performance.now() - start;
    return { elapsed, ok: result.status === 0, stderr: result.stderr ?? String(result.error ?? '') };
}

export async function runDiagramBench(options = {}) {
    const rows = [];
    const languageOut = path.join(root, 'packages/language/out/index.js');
    const diagramOut = path.join(root, 'packages/diagram/out/index.js');
    if (!fs.existsSync(languageOut) || !fs.existsSync(diagramOut)) {
        return [['diagram benchmark', 'not measured: run npm run build first', '']];
    }
    const { lintFiles } = await import(pathToFileURL(languageOut).href);
    const { buildStatesModel, renderDot, renderSvg, graphvizVersion } = await import(pathToFileURL(diagramOut).href);
    const hasDot = spawnSync('dot', ['-V']).status === 0;
    const hasCli = fs.existsSync(cliBin) && fs.existsSync(path.join(root, 'packages/cli/out/main.js'));
    const tmp = fs.mkdtempSync(path.join(options.tmp ?? os.tmpdir(), 'pmpath-diagram-bench-'));
    const sizes = options.quick ? [50, 200] : [50, 200, 400, 500, 1000];
    rows.push(['layout engine', `wasm Graphviz ${await graphvizVersion()} (@hpcc-js/wasm-graphviz)`, '']);
    try {
        for (const n of sizes) {
            const file = path.join(tmp, `generated-${n}.pmpath`);
            fs.writeFileSync(file, generateDiagramPathway(n));
            const run = await lintFiles([file]);
            const model = buildStatesModel(run.files[0].document.parseResult.value.body, run.files[0].diagnostics);
            const dot = renderDot(model);
            const dotFile = path.join(tmp, `generated-${n}.dot`);
            fs.writeFileSync(dotFile, dot);
            const label = `${n} states, ${model.transitions.length} transitions`;

            const times = [];
            for (let i = 0; i < (n >= 500 ? 1 : 3); i++) {
                const start = performance.now();
                await renderSvg(model);
                times.push(performance.now() - start);
            }
            const inProcess = median(times);
            rows.push([`${label}: layout + SVG in-process (wasm, median)`, ms(inProcess), n === 200 ? '≤ 500 ms' : '', n === 200 ? inProcess <= 500 : undefined]);

            let native;
            if (hasDot) {
                native = timeProcess('dot', ['-Tsvg', '-o', path.join(tmp, `native-${n}.svg`), dotFile]);
                rows.push([`${label}: native dot -Tsvg (whole process, Graphviz from the OS)`, native.ok ? ms(native.elapsed) : `failed: ${native.stderr.split('\n')[0]}`, '']);
            } else {
                rows.push([`${label}: native dot -Tsvg`, 'not measured: dot is not installed', '']);
            }
            if (hasCli) {
                const whole = timeProcess(process.execPath, [cliBin, 'diagram', file, '--format', 'svg', '--output', path.join(tmp, `cli-${n}.svg`)]);
                const compare = n === 400 && native?.ok;
                rows.push([`${label}: pmpath diagram --format svg (whole process)`, whole.ok ? ms(whole.elapsed) : `failed: ${whole.stderr.split('\n')[0]}`,
                    compare ? `≤ native dot (${ms(native.elapsed)})` : '', compare && whole.ok ? whole.elapsed <= native.elapsed : undefined]);
            }
        }
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
    return rows;
}

// Standalone: `node test/bench/diagram-bench.mjs [--quick]` prints the rows.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    for (const row of await runDiagramBench({ quick: process.argv.includes('--quick') })) console.log(row.map(c => c ?? '').join(' | '));
}
