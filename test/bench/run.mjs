#!/usr/bin/env node
/**
 * `npm run bench` — pmpath's speed benchmarks, printed side by side in one run:
 *
 *  1. Language core (issue #2): bare Langium lex+parse of a 10k-line file (the
 *     floor) against the full check of the same file through the path
 *     `lintFiles` uses (parse, index, scope, link, validate), in-process and
 *     warm; and whole-process `pmpath check --format json` throughput on a
 *     workspace of 1000 files of ~100 lines, Node start-up included.
 *  2. Diagrams (issues #3 and #9): the rows of `test/bench/diagram-bench.mjs`, when
 *     the diagram layer provides it.
 *  3. Editor (issue #4): over a real LSP connection to the bundled server,
 *     `didChange` → `publishDiagnostics` latency after one-token edits in 2k
 *     and 10k-line documents of a 200-file workspace, with and without
 *     unresolved references in other files; completion latency at 10k lines.
 *  4. FHIR export (issue #8): `pmpath export fhir --bundle` against
 *     `pmpath check --format json` on the same 1000-file workspace, whole
 *     process, runs interleaved (target ≤ 1.5×).
 *  5. Pathway tests (issue #7): whole-process `pmpath test` on ~1,000
 *     scenarios of ~20 steps against the example pathways, side by side with
 *     `pmpath check` on the same files; and, in-process, a `wait 100 years`
 *     through a daily timer cycle (36,525 transitions).
 *  6. Generated scenarios (issue #7): `pmpath test --generate` on the 60-state
 *     synthetic pathway, whole process, next to `pmpath check` of the same file
 *     (`test/bench/generate-bench.mjs`).
 *
 * Runs against BUILT output (`npm run build` first). Sources are synthetic and
 * generated from a fixed seed, so runs are comparable. Speed is reported here,
 * never asserted in timed tests. `--quick` runs a smaller, faster subset;
 * `--only core|diagram|editor|tests|fhir|generate` (repeatable) selects sections.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { countLines, generatePathway, generateRepeatedFlows, mulberry32, writeWorkspace } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.flatMap((a, i) => (a === '--only' ? [args[i + 1]] : a.startsWith('--only=') ? [a.slice(7)] : []));
const runs = (section) => only.length === 0 || only.includes(section);
const SEED = 20240611;

const languageOut = path.join(root, 'packages/language/out/index.js');
const cliBin = path.join(root, 'packages/cli/bin/pmpath.js');
const cliOut = path.join(root, 'packages/cli/out');
const bundledServer = path.join(root, 'packages/extension/dist/server.cjs');
const fallbackServer = path.join(here, 'lsp-server.mjs');
const lspOut = path.join(root, 'packages/language/out/lsp/index.js');

if (!fs.existsSync(languageOut)) {
    console.error('pmpath bench: packages/language/out is missing; run `npm run build` first.');
    process.exit(2);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pmpath-bench-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

/** The table every section appends to: [section, measurement, value, target, verdict]. */
const rows = [];
const add = (section, what, value, target = '', ok = undefined) =>
    rows.push([section, what, value, target, ok === undefined ? '' : ok ? 'ok' : 'MISSED']);

const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const percentile = (xs, p) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const ms = (x) => `${x >= 100 ? x.toFixed(0) : x.toFixed(1)} ms`;
const fmtInt = (x) => Math.round(x).toLocaleString('en-US');
const log = (...xs) => console.error('[bench]', ...xs);

/**
 * CPU seconds (user + system) consumed by this process's reaped children, from
 * /proc/self/stat (Linux only; undefined elsewhere). The machine may be shared,
 * so CPU time is printed next to wall time: it is far less sensitive to load.
 */
function childCpuMs() {
    try {
        const stat = fs.readFileSync('/proc/self/stat', 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // Fields after the command: state(3) … cutime(16) cstime(17), 1-based from pid.
        return (Number(fields[13]) + Number(fields[14])) * 10;
    } catch {
        return undefined;
    }
}

/** CPU milliseconds (user + system) of this process so far. */
function ownCpuMs() {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
}

/** Wall-clock milliseconds of `fn`; pushes its CPU milliseconds to `cpu` when given. */
async function timeIt(fn, cpu) {
    const cpuStart = ownCpuMs();
    const start = performance.now();
    await fn();
    const wall = performance.now() - start;
    cpu?.push(ownCpuMs() - cpuStart);
    return wall;
}

// --------------------------------------------------------------------------- 1. language core

async function benchCore() {
    const language = await import(pathToFileURL(languageOut).href);
    const { createPmpathServices, lintFiles } = language;
    const { EmptyFileSystem } = await import('langium');

    const bigText = generatePathway(mulberry32(SEED), 'LargePathway', 10_000);
    const bigLines = countLines(bigText);
    const bigFile = path.join(tmp, 'large', 'large.pmpath');
    fs.mkdirSync(path.dirname(bigFile), { recursive: true });
    fs.writeFileSync(bigFile, bigText);

    const { Pmpath } = createPmpathServices(EmptyFileSystem);
    const parser = Pmpath.parser.LangiumParser;
    const warm = quick ? 2 : 3;
    const n = quick ? 3 : 7;
    log(`core: parsing a ${fmtInt(bigLines)}-line file (${warm} warm-up + ${n} runs)`);
    for (let i = 0; i < warm; i++) parser.parse(bigText);
    const parseTimes = [];
    const parseCpu = [];
    for (let i = 0; i < n; i++) parseTimes.push(await timeIt(() => parser.parse(bigText), parseCpu));

    log('core: full check of the same file through lintFiles');
    let diagnostics = 0;
    for (let i = 0; i < warm; i++) {
        const run = await lintFiles([bigFile]);
        diagnostics = run.files[0].diagnostics.length;
    }
    const checkTimes = [];
    const checkCpu = [];
    for (let i = 0; i < n; i++) checkTimes.push(await timeIt(() => lintFiles([bigFile]), checkCpu));

    const parseMs = median(parseTimes);
    const checkMs = median(checkTimes);
    const ratio = checkMs / parseMs;
    add('core', `lex+parse floor, ${fmtInt(bigLines)}-line file (median of ${n})`,
        `${ms(parseMs)} (${fmtInt(bigLines / parseMs * 1000)} lines/s; CPU ${ms(median(parseCpu))})`);
    add('core', `full check (lintFiles, warm), same file, ${diagnostics} findings`, `${ms(checkMs)} (CPU ${ms(median(checkCpu))})`);
    add('core', 'full check / parse floor', `${ratio.toFixed(2)}× (CPU ${(median(checkCpu) / median(parseCpu)).toFixed(2)}×)`, '≤ 2×', ratio <= 2);

    // Whole-process throughput of the CLI on 1000 files.
    const files = quick ? 300 : 1000;
    const ws = writeWorkspace(path.join(tmp, 'workspace'), { seed: SEED + 1, files, linesPerFile: 100 });
    // Where the whole-process time goes: the same files in-process, warm.
    const texts = ws.paths.map((file) => fs.readFileSync(file, 'utf8'));
    const floorCpu = [];
    const floorMs = await timeIt(() => { for (const text of texts) parser.parse(text); }, floorCpu);
    const lintCpu = [];
    const lintMs = await timeIt(() => lintFiles(ws.paths), lintCpu);
    add('core', `in-process, same ${files} files: lex+parse floor (warm)`,
        `${ms(floorMs)} (${fmtInt(ws.lines / floorMs * 1000)} lines/s; CPU ${ms(floorCpu[0])})`);
    add('core', `in-process, same ${files} files: lintFiles (warm)`,
        `${ms(lintMs)} (${fmtInt(ws.lines / lintMs * 1000)} lines/s; CPU ${ms(lintCpu[0])})`);

    if (!fs.existsSync(cliBin) || !fs.existsSync(cliOut)) {
        add('core', `pmpath check, ${files} files`, 'not measured: packages/cli is not built (run `npm run build`)');
        return;
    }
    const procRuns = 3;
    log(`core: node packages/cli/bin/pmpath.js check <${files} files, ${fmtInt(ws.lines)} lines> --format json (${procRuns} runs)`);
    const wall = [];
    const cpu = [];
    for (let i = 0; i < procRuns; i++) {
        const cpuBefore = childCpuMs();
        const start = performance.now();
        const result = spawnSync(process.execPath, [cliBin, 'check', path.join(tmp, 'workspace'), '--format', 'json'], {
            cwd: tmp, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
        });
        const elapsed = performance.now() - start;
        if (result.status !== 0 && result.status !== 1) {
            add('core', `pmpath check, ${files} files`, `failed (exit ${result.status}): ${(result.stderr || '').trim().split('\n')[0]}`);
            return;
        }
        try {
            const report = JSON.parse(result.stdout);
            if (report.summary?.files !== files) {
                add('core', `pmpath check, ${files} files`, `unexpected JSON: summary.files = ${report.summary?.files}`);
                return;
            }
        } catch {
            add('core', `pmpath check, ${files} files`, 'failed: stdout is not JSON');
            return;
        }
        wall.push(elapsed);
        const cpuAfter = childCpuMs();
        if (cpuBefore !== undefined && cpuAfter !== undefined) cpu.push(cpuAfter - cpuBefore);
    }
    const wallMs = median(wall);
    const throughput = ws.lines / wallMs * 1000;
    const cpuNote = cpu.length ? ` (CPU ${ms(median(cpu))})` : '';
    add('core', `pmpath check --format json, ${files} files / ${fmtInt(ws.lines)} lines (median of ${procRuns})`, `${ms(wallMs)}${cpuNote}`);
    add('core', 'whole-process throughput (Node start-up included)', `${fmtInt(throughput)} lines/s`, '≥ 100,000 lines/s', throughput >= 100_000);
    const startup = [];
    for (let i = 0; i < procRuns; i++) {
        const start = performance.now();
        spawnSync(process.execPath, [cliBin, '--version'], { encoding: 'utf8' });
        startup.push(performance.now() - start);
    }
    add('core', 'pmpath --version (start-up alone)', ms(median(startup)));

    // --cache: the same workspace, unchanged, checked again with the cache warm.
    const cacheDir = path.join(tmp, 'cache') + path.sep;
    const cacheArgs = ['check', path.join(tmp, 'workspace'), '--format', 'json', '--cache-location', cacheDir];
    const first = spawnSync(process.execPath, [cliBin, ...cacheArgs], { cwd: tmp, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const cold = spawnSync(process.execPath, [cliBin, 'check', path.join(tmp, 'workspace'), '--format', 'json'], { cwd: tmp, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const cachedWall = [];
    let identical = first.stdout === cold.stdout;
    for (let i = 0; i < procRuns; i++) {
        const start = performance.now();
        const result = spawnSync(process.execPath, [cliBin, ...cacheArgs], { cwd: tmp, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
        cachedWall.push(performance.now() - start);
        identical &&= result.stdout === cold.stdout;
    }
    const cachedMs = median(cachedWall);
    add('core', `pmpath check --cache, same ${files} files unchanged (median of ${procRuns})`,
        `${ms(cachedMs)}, ${(wallMs / cachedMs).toFixed(1)}× faster than cold; output ${identical ? 'identical' : 'DIFFERENT'}`, '≥ 10× faster', wallMs / cachedMs >= 10 && identical);

    // --concurrency is not offered: what two workers could at best do is what
    // two whole processes do on the two halves of the workspace, side by side.
    const halves = [path.join(tmp, 'half-a'), path.join(tmp, 'half-b')];
    const pathways = fs.readdirSync(path.join(tmp, 'workspace')).filter((f) => f.endsWith('.pmpath')).sort();
    halves.forEach((half, h) => {
        fs.cpSync(path.join(tmp, 'workspace', 'shared'), path.join(half, 'shared'), { recursive: true });
        for (const f of pathways.slice(h * (pathways.length >> 1), h ? pathways.length : pathways.length >> 1)) fs.copyFileSync(path.join(tmp, 'workspace', f), path.join(half, f));
    });
    const runCli = (args) => new Promise((resolve) => {
        const child = spawn(process.execPath, [cliBin, ...args], { cwd: tmp, stdio: 'ignore' });
        child.on('exit', resolve);
    });
    const one = [];
    const two = [];
    for (let i = 0; i < procRuns; i++) {
        let start = performance.now();
        await runCli(['check', path.join(tmp, 'workspace'), '--format', 'json']);
        one.push(performance.now() - start);
        start = performance.now();
        await Promise.all(halves.map((half) => runCli(['check', half, '--format', 'json'])));
        two.push(performance.now() - start);
    }
    add('core', `--concurrency: not offered; 2 processes on the halves, in parallel (median of ${procRuns})`,
        `${ms(median(two))} vs ${ms(median(one))} for one process (${(median(one) / median(two)).toFixed(2)}× speed-up on ${os.cpus().length} CPUs)`);

    await benchScaling();
}

/**
 * Linear, bounded cost (issue 11): whole-process CPU time and peak RSS of
 * `pmpath check` on one file of N and of 10×N lines, for the generated
 * pathway and for the repeated-flow pathway, side by side.
 */
async function benchScaling() {
    const small = quick ? 5_000 : 20_000;
    const large = small * 10;
    const preload = path.join(here, 'measure-child.cjs');
    const measure = (file) => {
        const usage = path.join(tmp, 'usage.json');
        fs.rmSync(usage, { force: true });
        const result = spawnSync(process.execPath, ['--require', preload, cliBin, 'check', file, '--format', 'json'], {
            cwd: tmp, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, PMPATH_BENCH_USAGE: usage },
        });
        if (result.status !== 0 && result.status !== 1) throw new Error(`pmpath check ${path.basename(file)} exited with ${result.status}`);
        return JSON.parse(fs.readFileSync(usage, 'utf8'));
    };
    for (const [label, make] of [
        ['generated pathway', (lines) => generatePathway(mulberry32(SEED + 7), 'Scaling', lines)],
        ['repeated flows', (lines) => generateRepeatedFlows(lines)],
    ]) {
        const files = [small, large].map((lines) => {
            const file = path.join(tmp, 'scaling', `${label.replace(/ /g, '-')}-${lines}.pmpath`);
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, make(lines));
            return file;
        });
        log(`core: scaling, ${label}: ${fmtInt(small)} vs ${fmtInt(large)} lines (3 interleaved runs each)`);
        const runsOf = [[], []];
        for (let i = 0; i < 3; i++) files.forEach((file, k) => runsOf[k].push(measure(file)));
        const [cpuSmall, cpuLarge] = runsOf.map((r) => median(r.map((u) => u.cpuMs)));
        const rssLarge = median(runsOf[1].map((u) => u.maxRssKb)) / 1024;
        const ratio = cpuLarge / cpuSmall;
        add('core', `scaling, ${label}: CPU ${fmtInt(small)} → ${fmtInt(large)} lines (whole process, median of 3)`,
            `${ms(cpuSmall)} → ${ms(cpuLarge)} (${ratio.toFixed(1)}×)`, '≤ 12×', ratio <= 12);
        add('core', `  peak RSS at ${fmtInt(large)} lines (${fmtInt(small)}: ${fmtInt(median(runsOf[0].map((u) => u.maxRssKb)) / 1024)} MB)`,
            `${fmtInt(rssLarge)} MB`, '≤ 1,024 MB', rssLarge <= 1024);
    }
}

// --------------------------------------------------------------------------- 4. FHIR export

async function benchFhir() {
    if (!fs.existsSync(cliBin) || !fs.existsSync(cliOut)) {
        add('fhir', 'pmpath export fhir', 'not measured: packages/cli is not built (run `npm run build`)');
        return;
    }
    const files = quick ? 300 : 1000;
    const dir = path.join(tmp, 'fhir-workspace');
    const ws = writeWorkspace(dir, { seed: SEED + 1, files, linesPerFile: 100 });
    const runsEach = 3;
    const check = [];
    const exported = [];
    let resources = 0;
    log(`fhir: pmpath check vs pmpath export fhir --bundle on ${files} files (${runsEach} runs each, interleaved)`);
    for (let i = 0; i < runsEach; i++) {
        let start = performance.now();
        const checked = spawnSync(process.execPath, [cliBin, 'check', dir, '--format', 'json'], { cwd: tmp, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
        check.push(performance.now() - start);
        if (checked.status !== 0 && checked.status !== 1) {
            add('fhir', `pmpath check, ${files} files`, `failed (exit ${checked.status})`);
            return;
        }
        const output = path.join(tmp, 'fhir-bundle.json');
        start = performance.now();
        const result = spawnSync(process.execPath, [cliBin, 'export', 'fhir', dir, '--bundle', '--output', output], { cwd: tmp, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
        exported.push(performance.now() - start);
        if (result.status !== 0) {
            add('fhir', `pmpath export fhir, ${files} files`, `failed (exit ${result.status}): ${(result.stderr || '').trim().split('\n').find(l => !l.includes('warning')) ?? ''}`);
            return;
        }
        resources = JSON.parse(fs.readFileSync(output, 'utf8')).entry.length;
    }
    const checkMs = median(check);
    const exportMs = median(exported);
    add('fhir', `pmpath check --format json, ${files} files / ${fmtInt(ws.lines)} lines (median of ${runsEach})`, ms(checkMs));
    add('fhir', `pmpath export fhir --bundle, same files, ${fmtInt(resources)} resources (median of ${runsEach})`, ms(exportMs));
    const ratio = exportMs / checkMs;
    add('fhir', 'export / check (whole process, same run)', `${ratio.toFixed(2)}×`, '≤ 1.5×', ratio <= 1.5);
}

// --------------------------------------------------------------------------- 2. diagrams

async function benchDiagrams() {
    const file = path.join(here, 'diagram-bench.mjs');
    if (!fs.existsSync(file)) {
        add('diagram', 'diagram benchmark', 'not measured: test/bench/diagram-bench.mjs is missing');
        return;
    }
    log('diagram: running test/bench/diagram-bench.mjs');
    const { runDiagramBench } = await import(pathToFileURL(file).href);
    if (typeof runDiagramBench !== 'function') {
        add('diagram', 'diagram benchmark', 'not measured: diagram-bench.mjs does not export runDiagramBench()');
        return;
    }
    const result = await runDiagramBench({ quick, tmp });
    for (const row of Array.isArray(result) ? result : []) {
        if (Array.isArray(row)) {
            add('diagram', String(row[0] ?? ''), String(row[1] ?? ''), String(row[2] ?? ''), typeof row[3] === 'boolean' ? row[3] : undefined);
        } else if (row && typeof row === 'object') {
            const { name, label, what, measurement, value, result: res, target, ok, met } = row;
            add('diagram', String(name ?? label ?? what ?? measurement ?? ''), String(value ?? res ?? ''), String(target ?? ''),
                typeof ok === 'boolean' ? ok : typeof met === 'boolean' ? met : undefined);
        }
    }
}

// --------------------------------------------------------------------------- 3. editor

async function loadProtocol() {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    return require('vscode-languageserver-protocol/node');
}

/** A minimal LSP client over stdio: requests, notifications and a diagnostics waiter. */
class LspClient {
    constructor(protocol, serverArgs) {
        // PMPATH_BENCH_SERVER_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
        const nodeOptions = (process.env.PMPATH_BENCH_SERVER_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
        this.child = spawn(process.execPath, [...nodeOptions, ...serverArgs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
        this.stderr = '';
        this.child.stderr.on('data', (d) => { this.stderr += d; });
        this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
        this.connection = protocol.createProtocolConnection(
            new protocol.StreamMessageReader(this.child.stdout),
            new protocol.StreamMessageWriter(this.child.stdin));
        this.waiters = new Map();
        /** Every URI the server has published diagnostics for (the workspace build reaches each file once). */
        this.published = new Set();
        this.connection.onNotification('textDocument/publishDiagnostics', (params) => {
            this.published.add(params.uri);
            const list = this.waiters.get(params.uri);
            if (list && list.length > 0) list.shift()(params);
        });
        // Answer whatever the server asks (configuration, capability registration, progress).
        this.connection.onRequest('workspace/configuration', (params) => params.items.map(() => null));
        this.connection.onRequest((_method) => null);
        this.connection.onNotification((_method) => undefined);
        this.connection.listen();
    }

    /** Resolves with the next `publishDiagnostics` for `uri`. */
    nextDiagnostics(uri, timeoutMs = 120_000) {
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
            const list = this.waiters.get(uri) ?? [];
            list.push((params) => { clearTimeout(timer); resolve(params); });
            this.waiters.set(uri, list);
        });
    }

    /** Resolves once diagnostics were published for `count` distinct files (or after `timeoutMs`). */
    async publishedFor(count, timeoutMs = 300_000) {
        const deadline = Date.now() + timeoutMs;
        while (this.published.size < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        return this.published.size >= count;
    }

    request(method, params) { return this.connection.sendRequest(method, params); }
    notify(method, params) { return this.connection.sendNotification(method, params); }

    async close() {
        try {
            await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
            await this.notify('exit', null);
        } catch { /* the server may already be gone */ }
        const timer = setTimeout(() => this.child.kill(), 3000);
        await this.exited;
        clearTimeout(timer);
        this.connection.dispose();
    }
}

/**
 * One editor scenario: a 200-file workspace plus one open document of
 * `docLines` lines; `edits` one-token edits, each timed from `didChange` to the
 * `publishDiagnostics` for the edited document.
 */
async function editScenario(protocol, serverArgs, { docLines, unresolvedElsewhere, edits, completions = 0 }) {
    const dir = path.join(tmp, `editor-${docLines}-${unresolvedElsewhere ? 'unresolved' : 'clean'}`);
    writeWorkspace(dir, { seed: SEED + 2, files: 199, linesPerFile: 100, unresolvedFiles: unresolvedElsewhere ? 60 : 0 });
    const docText = generatePathway(mulberry32(SEED + 3), 'EditedPathway', docLines);
    const docPath = path.join(dir, 'edited.pmpath');
    fs.writeFileSync(docPath, docText);
    const uri = pathToFileURL(docPath).href;

    const client = new LspClient(protocol, serverArgs);
    try {
        await client.request('initialize', {
            processId: process.pid,
            rootUri: pathToFileURL(dir).href,
            workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }],
            capabilities: {
                textDocument: {
                    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
                    completion: { completionItem: { snippetSupport: true } },
                    synchronization: { didSave: true },
                },
                workspace: { configuration: true, workspaceFolders: true },
            },
        });
        await client.notify('initialized', {});
        const first = client.nextDiagnostics(uri, 300_000);
        await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'pmpath', version: 1, text: docText } });
        const initial = await first;
        // Time edits once the workspace build is over (every file has its diagnostics):
        // edits while the server still validates 199 other files measure that build.
        await client.publishedFor(200);

        // The edit: change one digit of the last cutoff's lower bound back and forth.
        const lines = docText.split('\n');
        let editLine = -1;
        for (let i = lines.length - 1; i >= 0; i--) if (/^\s*cutoff Low\d+: \w+ < \d+/.test(lines[i])) { editLine = i; break; }
        const col = lines[editLine].indexOf('< ') + 2;
        const original = lines[editLine][col];
        const replacement = original === '9' ? '8' : String(Number(original) + 1);
        const latencies = [];
        // Three untimed edits first, so that the timed ones run on warmed-up code.
        const warmUp = 3;
        for (let e = -warmUp; e < edits; e++) {
            const text = (e + warmUp) % 2 === 0 ? replacement : original;
            const next = client.nextDiagnostics(uri);
            const start = performance.now();
            await client.notify('textDocument/didChange', {
                textDocument: { uri, version: e + warmUp + 2 },
                contentChanges: [{ range: { start: { line: editLine, character: col }, end: { line: editLine, character: col + 1 } }, text }],
            });
            await next;
            if (e >= 0) latencies.push(performance.now() - start);
            if (process.env.PMPATH_BENCH_TRACE) console.error(`[bench] edit ${e}: ${(performance.now() - start).toFixed(1)} ms`);
        }

        const completionTimes = [];
        if (completions > 0) {
            // Complete the gatekeeper of a transition in the middle of the document.
            const mid = lines.findIndex((l, i) => i > lines.length / 2 && /^\s*Risk\d+ -> Sick\d+ .* by \w+/.test(l));
            const character = lines[mid].lastIndexOf(' by ') + 5;
            for (let c = 0; c < completions + 3; c++) {
                const start = performance.now();
                const result = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: mid, character } });
                const elapsed = performance.now() - start;
                const items = Array.isArray(result) ? result : result?.items ?? [];
                if (c === 0 && items.length === 0) throw new Error('completion returned no items');
                if (c >= 3) completionTimes.push(elapsed);
            }
        }
        return { latencies, completionTimes, initialFindings: initial.diagnostics.length };
    } catch (error) {
        const stderr = client.stderr.trim().split('\n').slice(-3).join(' | ');
        throw new Error(`${error.message}${stderr ? ` (server stderr: ${stderr})` : ''}`);
    } finally {
        await client.close();
    }
}

async function benchEditor() {
    let serverArgs;
    let serverName;
    if (process.env.PMPATH_BENCH_SERVER) {
        // Another build's server, for A/B runs (for example an older checkout's dist/server.cjs).
        serverArgs = [path.resolve(process.env.PMPATH_BENCH_SERVER)];
        serverName = process.env.PMPATH_BENCH_SERVER;
    } else if (fs.existsSync(bundledServer)) {
        serverArgs = [bundledServer];
        serverName = 'packages/extension/dist/server.cjs';
    } else if (fs.existsSync(lspOut)) {
        serverArgs = [fallbackServer];
        serverName = '@pmpath/language/lsp (extension bundle not built)';
    } else {
        add('editor', 'editor latency', 'not measured: neither packages/extension/dist/server.cjs nor @pmpath/language/lsp is built');
        return;
    }
    const protocol = await loadProtocol();
    // 60 edits per document (40 at 10k lines): an edit takes tens of milliseconds,
    // and with fewer a p95 is one outlier (a garbage collection) away from another.
    const editsFor = (docLines) => (quick ? 10 : docLines > 5000 ? 40 : 60);
    const p95 = {};
    log(`editor: server ${serverName}`);
    const docSizes = (process.env.PMPATH_BENCH_DOC_LINES ?? '2000,10000').split(',').map(Number);
    for (const docLines of docSizes) {
        for (const unresolvedElsewhere of [false, true]) {
            const label = `${docLines / 1000}k lines, ${unresolvedElsewhere ? 'unresolved refs in 60 other files' : 'clean workspace'}`;
            const edits = editsFor(docLines);
            log(`editor: ${label}: ${edits} edits`);
            try {
                const completions = docLines === 10_000 && !unresolvedElsewhere ? (quick ? 10 : 30) : 0;
                const r = await editScenario(protocol, serverArgs, { docLines, unresolvedElsewhere, edits, completions });
                const p50 = percentile(r.latencies, 50);
                const p95v = percentile(r.latencies, 95);
                p95[`${docLines}-${unresolvedElsewhere}`] = p95v;
                const target = docLines === 2000 ? 100 : 250;
                add('editor', `edit → diagnostics, ${label} (200 files, ${edits} edits)`, `p50 ${ms(p50)}, p95 ${ms(p95v)}`, `p95 ≤ ${target} ms`, p95v <= target);
                if (unresolvedElsewhere) {
                    const clean = p95[`${docLines}-false`];
                    if (clean !== undefined) {
                        const slow = p95v / clean;
                        add('editor', `  slowdown from unresolved refs elsewhere, ${docLines / 1000}k`, `${slow.toFixed(2)}×`, '≤ 1.2×', slow <= 1.2);
                    }
                }
                if (r.completionTimes.length > 0) {
                    const c95 = percentile(r.completionTimes, 95);
                    add('editor', `completion, ${docLines / 1000}k-line document (${r.completionTimes.length} requests)`,
                        `p50 ${ms(percentile(r.completionTimes, 50))}, p95 ${ms(c95)}`, 'p95 ≤ 50 ms', c95 <= 50);
                }
            } catch (error) {
                add('editor', `edit → diagnostics, ${label}`, `failed: ${error.message}`);
            }
        }
    }
}

// --------------------------------------------------------------------------- generated scenarios

async function benchGenerate() {
    log('generate: pmpath test --generate on the 60-state synthetic pathway');
    const { runGenerateBench } = await import(pathToFileURL(path.join(here, 'generate-bench.mjs')).href);
    for (const [what, value, target, ok] of await runGenerateBench({ quick, tmp })) add('generate', what, value, target, ok);
}

// --------------------------------------------------------------------------- 5. pathway tests

/**
 * A copy of the example pathways with suites of `scenarios` scenarios of
 * about `steps` steps: every scenario of the example suites, repeated under
 * new names and padded with leading one-day waits (no example pathway has a
 * timer on its initial state, so they still pass).
 */
function writeTestWorkspace(dir, scenarios, steps) {
    const examples = path.join(root, 'examples');
    fs.mkdirSync(path.join(dir, 'tests'), { recursive: true });
    fs.cpSync(path.join(examples, 'shared'), path.join(dir, 'shared'), { recursive: true });
    const pathways = fs.readdirSync(examples).filter((f) => f.endsWith('.pmpath'));
    for (const file of pathways) fs.copyFileSync(path.join(examples, file), path.join(dir, file));
    const suites = fs.readdirSync(path.join(examples, 'tests')).filter((f) => f.endsWith('.pmtest'));
    const perSuite = Math.ceil(scenarios / suites.length);
    let written = 0;
    let stepCount = 0;
    for (const file of suites) {
        const text = fs.readFileSync(path.join(examples, 'tests', file), 'utf8');
        const header = text.slice(0, text.indexOf('  scenario '));
        const bodies = [...text.matchAll(/^ {2}scenario "([^"]*)"([^{]*)\{\n([\s\S]*?)^ {2}\}\n/gm)];
        const out = [header];
        for (let i = 0; i < perSuite; i++) {
            const [, name, from, body] = bodies[i % bodies.length];
            const own = body.split('\n').filter((l) => /^\s*(observe|wait|expect)\b/.test(l)).length;
            const padding = '    wait 1 day\n'.repeat(Math.max(0, steps - own));
            out.push(`  scenario "${name} #${i}"${from}{\n${padding}${body}  }\n\n`);
            stepCount += Math.max(steps, own);
            written++;
        }
        out.push('}\n');
        fs.writeFileSync(path.join(dir, 'tests', file), out.join(''));
    }
    return { scenarios: written, steps: stepCount, suites: suites.length, pathways: pathways.length };
}

/** Median wall and CPU time of `runs` runs of the built CLI; the last run's result. */
function timeCli(args, cwd, runs) {
    const wall = [];
    const cpu = [];
    let result;
    for (let i = 0; i < runs; i++) {
        const cpuBefore = childCpuMs();
        const start = performance.now();
        result = spawnSync(process.execPath, [cliBin, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
        wall.push(performance.now() - start);
        const cpuAfter = childCpuMs();
        if (cpuBefore !== undefined && cpuAfter !== undefined) cpu.push(cpuAfter - cpuBefore);
    }
    return { wallMs: median(wall), cpuMs: cpu.length ? median(cpu) : undefined, result };
}

async function benchTests() {
    if (!fs.existsSync(cliBin) || !fs.existsSync(cliOut) || !fs.existsSync(path.join(root, 'examples', 'tests'))) {
        add('tests', 'pmpath test', 'not measured: packages/cli is not built or examples/tests is missing');
    } else {
        const dir = path.join(tmp, 'pmtest-workspace');
        const ws = writeTestWorkspace(dir, quick ? 300 : 1000, 20);
        const runs = 3;
        log(`tests: pmpath test on ${ws.scenarios} scenarios (${fmtInt(ws.steps)} steps) vs pmpath check on the same files (${runs} runs each, interleaved)`);
        const files = ['.'];
        const checkTimes = [];
        const testTimes = [];
        let testResult;
        let checkResult;
        // Interleave the two commands so that machine load affects both alike.
        for (let i = 0; i < runs; i++) {
            const c = timeCli(['check', ...files, '--format', 'json'], dir, 1);
            const t = timeCli(['test', 'tests', '--format', 'json'], dir, 1);
            checkTimes.push(c);
            testTimes.push(t);
            checkResult = c.result;
            testResult = t.result;
        }
        let summary = '';
        try {
            const report = JSON.parse(testResult.stdout);
            summary = `${report.summary.passed} passed, ${report.summary.failed} failed`;
            if (report.summary.scenarios !== ws.scenarios) summary += ` (expected ${ws.scenarios} scenarios!)`;
        } catch {
            summary = `failed (exit ${testResult.status}): ${(testResult.stderr || '').trim().split('\n')[0]}`;
        }
        if (checkResult.status !== 0) summary += `; check exit ${checkResult.status}`;
        const checkMs = median(checkTimes.map((x) => x.wallMs));
        const testMs = median(testTimes.map((x) => x.wallMs));
        const cpuOf = (xs) => (xs.every((x) => x.cpuMs !== undefined) ? ` (CPU ${ms(median(xs.map((x) => x.cpuMs)))})` : '');
        add('tests', `pmpath check, ${ws.pathways} example pathways + library + ${ws.suites} suites (median of ${runs})`, `${ms(checkMs)}${cpuOf(checkTimes)}`);
        add('tests', `pmpath test, ${ws.scenarios} scenarios / ${fmtInt(ws.steps)} steps, same files (median of ${runs})`, `${ms(testMs)}${cpuOf(testTimes)}; ${summary}`);
        const ratio = testMs / checkMs;
        add('tests', 'pmpath test / pmpath check (whole process)', `${ratio.toFixed(2)}×`, '≤ 2×', ratio <= 2);
    }

    // In-process: a hundred years of a daily recall cycle.
    const language = await import(pathToFileURL(languageOut).href);
    const { createPmpathServices, runSuite } = language;
    const { EmptyFileSystem, URI } = await import('langium');
    const { shared } = createPmpathServices(EmptyFileSystem);
    const pathway = `pathway DailyCycle {
  actor doc: clinician
  data v: biomarker unit "mg/dL"
  cutoff High: v >= 100 "mg/dL" source "s"
  initial state Monitored: hybrid at-risk { monitor v every 1 day by doc review after 1 year disclose v to doc by doc }
  state Recalled: hybrid at-risk { monitor v every 1 day by doc review after 1 year disclose v to doc by doc }
  final state Treated: sick
  Monitored -> Recalled after 1 day by doc
  Recalled -> Monitored after 1 day by doc
  Monitored -> Treated when High by doc
  Recalled -> Treated when High by doc
}
`;
    const suite = `import "./cycle.pmpath"
tests for DailyCycle {
  start "2000-01-01"
  scenario "a century of daily recalls" {
    wait 100 years
    expect state Recalled
    observe v = 150 "mg/dL"
    expect state Treated
  }
}
`;
    const docs = ['cycle.pmpath', 'cycle.pmtest'].map((name, i) => {
        const doc = shared.workspace.LangiumDocumentFactory.fromString(i === 0 ? pathway : suite, URI.parse(`file:///bench/${name}`));
        shared.workspace.LangiumDocuments.addDocument(doc);
        return doc;
    });
    await shared.workspace.DocumentBuilder.build(docs, { validation: false });
    const suiteNode = docs[1].parseResult.value.body;
    const warm = quick ? 2 : 3;
    const n = quick ? 5 : 11;
    let result;
    for (let i = 0; i < warm; i++) result = runSuite(suiteNode);
    const times = [];
    const cpu = [];
    for (let i = 0; i < n; i++) times.push(await timeIt(() => { result = runSuite(suiteNode); }, cpu));
    const scenario = result.scenarios[0];
    const outcome = `${scenario.status}, ${fmtInt(scenario.path.length - 1)} transitions`;
    const wall = median(times);
    add('tests', `wait 100 years through a daily timer cycle, in-process (median of ${n})`, `${ms(wall)} (CPU ${ms(median(cpu))}); ${outcome}`, '≤ 200 ms', wall <= 200);
}

// --------------------------------------------------------------------------- report

function printTable() {
    const header = ['section', 'measurement', 'result', 'target', ''];
    const all = [header, ...rows];
    const widths = header.map((_, c) => Math.max(...all.map((r) => String(r[c]).length)));
    const line = (r) => r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ').trimEnd();
    console.log('');
    const load = os.loadavg()[0];
    console.log(`pmpath benchmarks${quick ? ' (--quick)' : ''} — node ${process.version}, ${os.cpus().length} CPUs, seed ${SEED}, load average ${load.toFixed(1)}`);
    if (load > os.cpus().length * 0.75) {
        console.log('warning: the machine was busy during this run; wall-clock numbers are inflated (CPU times are shown where available).');
    }
    console.log(line(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const r of rows) console.log(line(r));
}

const sections = [
    ['core', benchCore],
    ['diagram', benchDiagrams],
    ['editor', benchEditor],
    ['tests', benchTests],
    ['fhir', benchFhir],
    ['generate', benchGenerate],
];
const started = performance.now();
for (const [name, fn] of sections) {
    if (!runs(name)) continue;
    try {
        await fn();
    } catch (error) {
        add(name, `${name} benchmark`, `failed: ${error instanceof Error ? error.message : String(error)}`);
    }
}
printTable();
console.log(`(total ${((performance.now() - started) / 1000).toFixed(0)} s)`);
