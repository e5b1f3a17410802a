/**
 * Diagram benchmark, run by `npm run bench` through `runDiagramBench()`.
 * Runs against BUILT output (`npm run build` first). Returns rows
 * `[measurement, value, target, met?]`.
 *
 *  1. Whole process, side by side in this run: `pmpath diagram` (Node
 *     start-up, parse, lint, wasm Graphviz, SVG) against native `dot -Tsvg`
 *     on the DOT that `pmpath diagram --format dot` writes for the same
 *     pathway, interleaved runs, medians, wall and CPU time. Pathways: the
 *     60-state member of the holdout-style synthetic set
 *     (`packages/diagram/test/synthetic-pathways.mjs`, seed 7, 12 actors), its
 *     layout-heavy variant with a cross link from almost every state
 *     (`crossLinks`, many long edges: where layout time dominates), and the
 *     ladder-shaped generated pathways of issue #3 (50 … 1000 states).
 *  2. In-process wasm layout (warm) of the same DOT, for the layout's share.
 *  3. The editor preview: the bundled language server over stdio, a 30-state
 *     synthetic pathway, an edit that changes a state's label, timed from
 *     `didChange` to the new SVG in hand the way the preview panel gets it
 *     (wait for `pmpath/diagramChanged`, request `pmpath/diagram`, follow a
 *     draft to the full layout). p50/p95 over 30 edits.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generatePathway as generateDiagramPathway } from '../../packages/diagram/test/generate-pathway.mjs';
import { syntheticPathway } from '../../packages/diagram/test/synthetic-pathways.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const cliBin = path.join(root, 'packages/cli/bin/pmpath.js');
const serverBundle = path.join(root, 'packages/extension/dist/server.cjs');

/** A pathway with `n` states and about two labelled transitions per state (shared with the unit tests). */
export { generateDiagramPathway };

const ms = value => `${Math.round(value)} ms`;
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values, p) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

/** CPU milliseconds (user + system) of this process's reaped children, from /proc (Linux); undefined elsewhere. */
function childCpuMs() {
    try {
        const stat = fs.readFileSync('/proc/self/stat', 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(fields[13]) + Number(fields[14])) * 10;
    } catch {
        return undefined;
    }
}

function timeProcess(command, args, options = {}) {
    const cpuBefore = childCpuMs();
    const start = performance.now();
    const result = spawnSync(command, args, { encoding: 'utf8', timeout: 300_000, maxBuffer: 256 * 1024 * 1024, ...options });
    const elapsed = performance.now() - start;
    const cpuAfter = childCpuMs();
    return { elapsed, cpu: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined, ok: result.status === 0, stderr: result.stderr ?? String(result.error ?? '') };
}

/**
 * `pmpath diagram FILE` against `dot -Tsvg` on the DOT pmpath writes for FILE,
 * `runs` times each, interleaved (so a change in machine load hits both).
 */
function compareWholeProcess(file, dotFile, outDir, runs) {
    const pmpath = [];
    const native = [];
    for (let i = 0; i < runs; i++) {
        const a = timeProcess('dot', ['-Tsvg', '-o', path.join(outDir, 'native.svg'), dotFile]);
        const b = timeProcess(process.execPath, [cliBin, 'diagram', file, '--format', 'svg', '--output', path.join(outDir, 'pmpath.svg')]);
        if (!a.ok) return { error: `dot failed: ${a.stderr.split('\n')[0]}` };
        if (!b.ok) return { error: `pmpath failed: ${b.stderr.split('\n')[0]}` };
        native.push(a);
        pmpath.push(b);
    }
    const wall = xs => median(xs.map(x => x.elapsed));
    const cpu = xs => (xs.every(x => x.cpu !== undefined) ? median(xs.map(x => x.cpu)) : undefined);
    return { pmpath: { wall: wall(pmpath), cpu: cpu(pmpath) }, native: { wall: wall(native), cpu: cpu(native) } };
}

const withCpu = t => `${ms(t.wall)}${t.cpu !== undefined ? ` (CPU ${ms(t.cpu)})` : ''}`;

export async function runDiagramBench(options = {}) {
    const rows = [];
    const languageOut = path.join(root, 'packages/language/out/index.js');
    const diagramOut = path.join(root, 'packages/diagram/out/index.js');
    if (!fs.existsSync(languageOut) || !fs.existsSync(diagramOut)) {
        return [['diagram benchmark', 'not measured: run npm run build first', '']];
    }
    await import(pathToFileURL(path.join(root, 'packages/language/out/polyfill.js')).href);
    const { lintFiles } = await import(pathToFileURL(languageOut).href);
    const { buildStatesModel, renderDot, renderSvg, graphvizVersion } = await import(pathToFileURL(diagramOut).href);
    const dotVersion = spawnSync('dot', ['-V'], { encoding: 'utf8' });
    const hasDot = dotVersion.status === 0;
    const hasCli = fs.existsSync(cliBin) && fs.existsSync(path.join(root, 'packages/cli/out/main.js'));
    const tmp = fs.mkdtempSync(path.join(options.tmp ?? os.tmpdir(), 'pmpath-diagram-bench-'));
    const runs = options.quick ? 3 : 5;
    rows.push(['layout engines', `wasm Graphviz ${await graphvizVersion()} (@hpcc-js/wasm-graphviz) in pmpath; native ${hasDot ? dotVersion.stderr.trim().replace(/^dot - /, '') : 'dot not installed'}`, '']);
    try {
        // 1 and 2: the 60-state synthetic pathways, whole process and in-process.
        const pathways = [
            ['60-state synthetic pathway (holdout-style, seed 7, 12 actors)', syntheticPathway({ seed: 7, states: 60, actors: 12 })],
            ['60-state synthetic pathway, layout-heavy (cross links)', syntheticPathway({ seed: 7, states: 60, actors: 12, crossLinks: true })],
        ];
        for (const [label, text] of pathways) {
            const file = path.join(tmp, `${label.replace(/\W+/g, '-')}.pmpath`);
            fs.writeFileSync(file, text);
            const run = await lintFiles([file]);
            const model = buildStatesModel(run.files[0].document.parseResult.value.body, run.files[0].diagnostics);
            const dotFile = file.replace(/\.pmpath$/, '.dot');
            fs.writeFileSync(dotFile, renderDot(model));
            const warm = [];
            for (let i = 0; i < runs; i++) {
                const start = performance.now();
                await renderSvg(model);
                warm.push(performance.now() - start);
            }
            rows.push([`${label}: ${model.transitions.length} transitions; layout + SVG in-process (wasm, median of ${runs}, first run ${ms(warm[0])})`, ms(median(warm)), '']);
            if (!hasDot || !hasCli) {
                rows.push([`${label}: whole process`, `not measured: ${hasDot ? 'packages/cli is not built' : 'dot is not installed'}`, '']);
                continue;
            }
            const compared = compareWholeProcess(file, dotFile, tmp, runs);
            if (compared.error) {
                rows.push([`${label}: whole process`, `failed: ${compared.error}`, '']);
                continue;
            }
            rows.push([`${label}: native dot -Tsvg on the same DOT (median of ${runs})`, withCpu(compared.native), '']);
            rows.push([`${label}: pmpath diagram --format svg, whole process (median of ${runs}, interleaved)`, withCpu(compared.pmpath), '']);
            const ratio = compared.pmpath.wall / compared.native.wall;
            const cpuRatio = compared.pmpath.cpu !== undefined && compared.native.cpu ? ` (CPU ${(compared.pmpath.cpu / compared.native.cpu).toFixed(2)}×)` : '';
            rows.push([`${label}: pmpath / native dot`, `${ratio.toFixed(2)}×${cpuRatio}`, '≤ 1.0×', ratio <= 1]);
        }

        // 3: the editor preview.
        rows.push(...await previewBench(tmp, options.quick ? 10 : 30));

        // Issue #3's ladder-shaped pathways, for continuity.
        const sizes = options.quick ? [50, 200] : [50, 200, 500, 1000];
        for (const n of sizes) {
            const file = path.join(tmp, `generated-${n}.pmpath`);
            fs.writeFileSync(file, generateDiagramPathway(n));
            const run = await lintFiles([file]);
            const model = buildStatesModel(run.files[0].document.parseResult.value.body, run.files[0].diagnostics);
            const dotFile = path.join(tmp, `generated-${n}.dot`);
            fs.writeFileSync(dotFile, renderDot(model));
            const label = `ladder, ${n} states, ${model.transitions.length} transitions`;
            const times = [];
            for (let i = 0; i < (n >= 500 ? 1 : 3); i++) {
                const start = performance.now();
                await renderSvg(model);
                times.push(performance.now() - start);
            }
            const inProcess = median(times);
            rows.push([`${label}: layout + SVG in-process (wasm, median)`, ms(inProcess), n === 200 ? '≤ 500 ms' : '', n === 200 ? inProcess <= 500 : undefined]);
            if (hasDot && hasCli) {
                const compared = compareWholeProcess(file, dotFile, tmp, 1);
                if (!compared.error) rows.push([`${label}: pmpath diagram whole process / native dot -Tsvg`, `${ms(compared.pmpath.wall)} / ${ms(compared.native.wall)}`, '']);
            }
        }
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
    return rows;
}

/** Edit → new SVG in the preview, over LSP with the bundled server. */
async function previewBench(tmp, edits) {
    const label = 'preview, 30-state synthetic pathway: edit → new SVG (bundled server, worker layout)';
    if (!fs.existsSync(serverBundle)) return [[label, 'not measured: packages/extension/dist/server.cjs is not built', '']];
    const require = createRequire(import.meta.url);
    const protocol = require('vscode-languageserver-protocol/node');
    const dir = path.join(tmp, 'preview');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'preview.pmpath');
    const text = syntheticPathway({ seed: 5, states: 30, actors: 6 });
    fs.writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    const child = spawn(process.execPath, [serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', d => { stderr += d; });
    const connection = protocol.createProtocolConnection(new protocol.StreamMessageReader(child.stdout), new protocol.StreamMessageWriter(child.stdin));
    const changed = [];
    connection.onNotification('pmpath/diagramChanged', params => { if (params.uris.includes(uri)) changed.push(performance.now()); });
    connection.onNotification(() => undefined);
    connection.onRequest(() => null);
    connection.listen();
    const waitChanged = async (after, timeoutMs = 60_000) => {
        const deadline = Date.now() + timeoutMs;
        while (!changed.some(t => t > after)) {
            if (Date.now() > deadline) throw new Error(`no pmpath/diagramChanged within ${timeoutMs} ms (${stderr.trim().split('\n').pop() ?? ''})`);
            await new Promise(resolve => setTimeout(resolve, 1));
        }
    };
    /** What the preview panel does: request, and follow a draft to the full layout. */
    const fullSvg = async () => {
        for (;;) {
            const asked = performance.now();
            const result = await connection.sendRequest('pmpath/diagram', { uri, view: 'states', direction: 'LR' });
            if (result.svg && !result.draft) return result.svg;
            if (!result.draft) throw new Error(result.error ?? 'no diagram');
            await waitChanged(asked);
        }
    };
    try {
        await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
        await connection.sendNotification('initialized', {});
        const opened = performance.now();
        await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'pmpath', version: 1, text } });
        await waitChanged(opened);
        await fullSvg(); // worker start-up and the first (cold) layout
        const lines = text.split('\n');
        const line = lines.findIndex(l => /^ {2}(initial |final )?state \w+: \w+( [a-z-]+)? "/.test(l));
        const quote = lines[line].indexOf('"');
        const latencies = [];
        for (let e = 0; e < edits; e++) {
            // A new label every time: the DOT changes, so no edit is answered from the cache.
            const replacement = `Edited label ${e + 1} `;
            const start = performance.now();
            await connection.sendNotification('textDocument/didChange', {
                textDocument: { uri, version: e + 2 },
                contentChanges: [{ range: { start: { line, character: quote + 1 }, end: { line, character: quote + 1 + (e === 0 ? 0 : `Edited label ${e} `.length) } }, text: replacement }],
            });
            await waitChanged(start);
            const svg = await fullSvg();
            latencies.push(performance.now() - start);
            if (!svg.includes(`Edited label ${e + 1}`)) throw new Error(`edit ${e + 1} is not in the diagram`);
        }
        const p95 = percentile(latencies, 95);
        return [[`${label} (${edits} edits)`, `p50 ${ms(percentile(latencies, 50))}, p95 ${ms(p95)}`, 'p95 ≤ 150 ms', p95 <= 150]];
    } catch (error) {
        return [[label, `failed: ${error instanceof Error ? error.message : String(error)}`, '']];
    } finally {
        try {
            await Promise.race([connection.sendRequest('shutdown', null), new Promise(resolve => setTimeout(resolve, 2000))]);
            await connection.sendNotification('exit', null);
        } catch { /* already gone */ }
        setTimeout(() => child.kill(), 2000).unref();
        connection.dispose();
    }
}

// Standalone: `node test/bench/diagram-bench.mjs [--quick]` prints the rows.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    for (const row of await runDiagramBench({ quick: process.argv.includes('--quick') })) console.log(row.map(c => c ?? '').join(' | '));
    process.exit(0);
}
