/**
 * The layout worker (bundled as dist/layout-worker.cjs): runs wasm Graphviz
 * off the language server's main thread, so a long layout never delays
 * diagnostics, completion or hover. It loads nothing but Graphviz — no
 * Langium, so no polyfill is needed — and lays out one DOT text per message:
 * `{ id, dot }` in, `{ id, svg }` or `{ id, error }` out. The server
 * terminates it to cancel a layout that a newer edit made stale.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { Graphviz } from '@hpcc-js/wasm-graphviz';

interface LayoutRequest { readonly id: number; readonly dot: string }

/**
 * Test hook: with `PMPATH_TEST_LAYOUT_GATE=FILE` every layout first creates
 * `FILE.waiting`, then waits until FILE exists, so a test can hold a layout
 * "in flight" for as long as it needs without depending on how fast the
 * machine is.
 */
const gate = process.env.PMPATH_TEST_LAYOUT_GATE;

function waitForGate(): void {
    if (!gate) return;
    writeFileSync(`${gate}.waiting`, '');
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    while (!existsSync(gate)) Atomics.wait(sleeper, 0, 0, 20);
}

let graphviz: Promise<Graphviz> | undefined;

parentPort?.on('message', async (request: LayoutRequest) => {
    try {
        graphviz ??= Graphviz.load();
        const gv = await graphviz;
        waitForGate();
        parentPort!.postMessage({ id: request.id, svg: gv.dot(request.dot, 'svg') });
    } catch (error) {
        parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
    }
});
