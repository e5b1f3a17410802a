/**
 * Diagram layout never blocks the language server: the bundled server runs
 * Graphviz in a worker thread. The worker's test gate
 * (`PMPATH_TEST_LAYOUT_GATE`) holds a layout in flight for as long as a test
 * needs, so these tests do not depend on how fast the machine is: while a
 * layout waits, diagnostics, completion and hover must answer; a newer
 * request for the same diagram supersedes the stale one; layouts are cached
 * by DOT text; a big pathway is shown first as a draft, then in full.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CompletionRequest, HoverRequest, type CompletionItem, type CompletionList, type Hover, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { DiagramChangedNotification, DiagramRequest, type DiagramChangedParams, type DiagramResult } from '../src/messages.js';
import { syntheticPathway } from '../../diagram/test/synthetic-pathways.mjs';
import { startServer, workspaceWithExamples, type LanguageServer } from './server-helpers.js';

let workspace: string;
let gate: string;
let lsp: LanguageServer;
const changed: string[] = [];

/** Resolves when `condition` holds, checking every 20 ms (a generous deadline only guards against a hang). */
async function until<T>(what: string, condition: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = condition();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; server stderr: ${lsp.stderr}`);
        await new Promise(resolve => setTimeout(resolve, 20));
    }
}

/**
 * Checks for diagnostics published after this call every 20 ms, like `until`. The test of the big
 * pathway relies on this: by the time a document's diagnostics are seen, the pmpath/diagramChanged
 * the same build sends just after them has arrived too.
 */
function nextDiagnostics(uri: string): () => Promise<PublishDiagnosticsParams> {
    const seen = lsp.published.length;
    return () => until(`diagnostics for ${uri}`, () => lsp.published.slice(seen).find(p => p.uri === uri));
}

async function open(file: string, text = readFileSync(file, 'utf8')): Promise<string> {
    const uri = pathToFileURL(file).toString();
    const diagnostics = nextDiagnostics(uri);
    await lsp.didOpen(uri, text);
    await diagnostics();
    return uri;
}

async function replace(uri: string, text: string): Promise<void> {
    const diagnostics = nextDiagnostics(uri);
    await lsp.change(uri, [{ text }]);
    await diagnostics();
}

const closeGate = () => { rmSync(gate, { force: true }); rmSync(`${gate}.waiting`, { force: true }); };
const openGate = () => writeFileSync(gate, '');
/** Resolves once the worker has a layout in hand and is held at the gate. */
const layoutInFlight = () => until('a layout waiting at the gate', () => existsSync(`${gate}.waiting`));

/** Tracks whether a request has answered yet. */
function track<T>(promise: Promise<T>): { promise: Promise<T>; done: () => boolean } {
    let settled = false;
    promise.then(() => { settled = true; }, () => { settled = true; });
    return { promise, done: () => settled };
}

beforeAll(async () => {
    workspace = workspaceWithExamples('pmpath-layout-');
    writeFileSync(path.join(workspace, 'big.pmpath'), syntheticPathway({ seed: 7, states: 60, actors: 12 }));
    gate = path.join(workspace, 'layout-gate');
    lsp = await startServer({
        workspace, name: 'layout', env: { ...process.env, PMPATH_TEST_LAYOUT_GATE: gate },
        capabilities: { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, completion: { completionItem: { snippetSupport: true } } } },
        setup: connection => connection.onNotification(DiagramChangedNotification, (params: DiagramChangedParams) => { changed.push(...params.uris); }),
    });
});

afterAll(async () => {
    if (gate) openGate();
    await lsp?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
});

describe('diagram layout in the bundled language server', () => {
    test('answers diagnostics, completion and hover while a layout is in flight', async () => {
        closeGate();
        const file = path.join(workspace, 'examples', 'cf-newborn-screening.pmpath');
        const uri = await open(file);
        const text = readFileSync(file, 'utf8');
        const lines = text.split('\n');
        const diagram = track(lsp.connection.sendRequest<DiagramResult>(DiagramRequest, { uri, view: 'states', direction: 'LR' }));
        await layoutInFlight();

        // Hover on a cutoff name in a transition, completion after `by `, and an edit elsewhere.
        const line = lines.findIndex(l => l.includes('Newborn -> ScreenPositive when IrtHigh'));
        const hover = await lsp.connection.sendRequest<Hover | null>(HoverRequest.method, { textDocument: { uri }, position: { line, character: lines[line].indexOf('IrtHigh') + 2 } });
        expect(JSON.stringify(hover?.contents ?? '')).toContain('IrtHigh');
        const completion = await lsp.connection.sendRequest<CompletionList | CompletionItem[] | null>(CompletionRequest.method, {
            textDocument: { uri }, position: { line, character: lines[line].indexOf(' by ') + 4 },
        });
        const items = Array.isArray(completion) ? completion : completion?.items ?? [];
        expect(items.map(i => i.label)).toContain('pulmonologist');
        const other = await open(path.join(workspace, 'examples', 'prediabetes-wearables.pmpath'));
        await replace(other, readFileSync(path.join(workspace, 'examples', 'prediabetes-wearables.pmpath'), 'utf8').replace('HbA1c measured', 'HbA1c measured twice'));
        expect(diagram.done(), 'the diagram answered before its layout was released').toBe(false);

        openGate();
        const result = await diagram.promise;
        expect(result.error).toBeUndefined();
        expect(result.svg).toContain('ScreenPositive');
        expect(lsp.exitCode).toBeUndefined();
    });

    test('drops a layout that a newer edit made stale, and serves an unchanged diagram from the cache', async () => {
        closeGate();
        const file = path.join(workspace, 'examples', 'cf-newborn-screening.pmpath');
        const uri = pathToFileURL(file).toString();
        const text = readFileSync(file, 'utf8');
        const stale = track(lsp.connection.sendRequest<DiagramResult>(DiagramRequest, { uri, view: 'flows', direction: 'LR' }));
        await layoutInFlight();
        await replace(uri, text.replace('"Symptom-tracking app for families"', '"Renamed tracker app"'));
        const fresh = track(lsp.connection.sendRequest<DiagramResult>(DiagramRequest, { uri, view: 'flows', direction: 'LR' }));
        // The stale request answers at once, while the gate is still closed: its layout was stopped.
        const superseded = await stale.promise;
        expect(superseded.superseded).toBe(true);
        expect(superseded.svg).toBeUndefined();
        expect(fresh.done()).toBe(false);
        openGate();
        const result = await fresh.promise;
        expect(result.svg).toContain('Renamed tracker app');
        expect(result.cached).toBeUndefined();
        // Same document, same view: the same DOT text, from the cache.
        const again = await lsp.connection.sendRequest<DiagramResult>(DiagramRequest, { uri, view: 'flows', direction: 'LR' });
        expect(again.cached).toBe(true);
        expect(again.svg).toBe(result.svg);
        await replace(uri, text);
    });

    test('shows a big pathway first as a draft layout, then notifies and serves the full layout', async () => {
        openGate();
        const uri = await open(path.join(workspace, 'big.pmpath'));
        const request = () => lsp.connection.sendRequest<DiagramResult>(DiagramRequest, { uri, view: 'states', direction: 'LR' });
        const draft = await request();
        expect(draft.draft).toBe(true);
        expect(draft.svg).toContain('Screened0');
        // The draft places labels after layout (xlabels), without label nodes.
        expect(draft.svg).not.toContain('edgelabel');
        // The build that validated the file also sends pmpath/diagramChanged, and on a loaded
        // machine it may arrive after the draft: ask again after each notification until the
        // full layout is served (a few rounds at most), rather than trusting the first one.
        let seen = changed.length;
        let full = draft;
        for (let round = 0; round < 10 && full.draft; round++) {
            await until('pmpath/diagramChanged for the full layout', () => changed.slice(seen).includes(uri));
            seen = changed.length;
            full = await request();
        }
        expect(full.draft).toBeUndefined();
        expect(full.cached).toBe(true);
        expect(full.svg).toContain('class="node edgelabel"');
        // An export never gets a draft.
        const exported = await lsp.connection.sendRequest<DiagramResult>(DiagramRequest, { uri, view: 'flows', direction: 'TB', full: true });
        expect(exported.draft).toBeUndefined();
        expect(exported.svg).toContain('edgelabel');
    });
});
