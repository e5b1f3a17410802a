/**
 * The bundled language server (dist/server.cjs) over stdio, under the timing
 * an editor produces: files opened while the workspace is still being built
 * and while rebuilds run, requests sent at the same moments, and fast bursts
 * of keystrokes. Every opened file gets the diagnostics of its current text,
 * no request answers with an error ("Request … failed" in VS Code), the final
 * text of every burst gets its diagnostics, and Langium never warns about
 * resolving references of a half-built document.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import {
    createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection, type PublishDiagnosticsParams
} from 'vscode-languageserver-protocol/node';
// @ts-expect-error: a plain JavaScript module shared with the benchmarks.
import { generateLibrary, generatePathway, mulberry32, writeWorkspace } from '../../../test/bench/generate.mjs';

const extensionDir = path.resolve(import.meta.dirname, '..');
const repoRoot = path.resolve(extensionDir, '..', '..');
const serverBundle = process.env.PMPATH_TEST_SERVER ?? path.join(extensionDir, 'dist', 'server.cjs');

interface Server {
    readonly connection: ProtocolConnection;
    readonly child: ChildProcess;
    readonly root: string;
    /** Every publishDiagnostics, in order. */
    readonly publishes: PublishDiagnosticsParams[];
    /** Everything the server logged (stderr and window/logMessage). */
    readonly log: string[];
    /** Responses that were errors, by request. */
    readonly failures: string[];
    request<R>(method: string, params: object): Promise<R | undefined>;
    open(file: string, text?: string): Promise<string>;
    change(uri: string, text: string): Promise<number>;
    /** Resolves with the publish for `uri` at `version` (or later), failing after `timeoutMs`. */
    diagnosticsFor(uri: string, version: number, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
}

const started: Server[] = [];

async function startServer(root: string): Promise<Server> {
    if (!existsSync(serverBundle)) throw new Error(`${serverBundle} is missing: run \`npm run build -w packages/extension\` first.`);
    const child = spawn(process.execPath, [serverBundle, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const log: string[] = [];
    child.stderr!.on('data', chunk => log.push(String(chunk)));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const publishes: PublishDiagnosticsParams[] = [];
    const listeners = new Set<() => void>();
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
        publishes.push(params);
        listeners.forEach(l => l());
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => log.push(params.message));
    connection.onNotification('window/showMessage', (params: { message: string }) => log.push(`showMessage: ${params.message}`));
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    connection.onRequest(() => null);
    connection.onNotification(() => undefined);
    connection.listen();
    const versions = new Map<string, number>();
    /** How many publishes had arrived when each version of a document was sent. */
    const sentAt = new Map<string, number>();
    const failures: string[] = [];
    const server: Server = {
        connection, child, root, publishes, log, failures,
        async request<R>(method: string, params: object) {
            try {
                return await connection.sendRequest<R>(method, params);
            } catch (error) {
                failures.push(`${method}: ${(error as Error).message}`);
                return undefined;
            }
        },
        async open(file, text = readFileSync(file, 'utf8')) {
            const uri = pathToFileURL(file).toString();
            versions.set(uri, 1);
            sentAt.set(`${uri}#1`, publishes.length);
            await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'pmpath', version: 1, text } });
            return uri;
        },
        async change(uri, text) {
            const version = (versions.get(uri) ?? 1) + 1;
            versions.set(uri, version);
            sentAt.set(`${uri}#${version}`, publishes.length);
            await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
            return version;
        },
        diagnosticsFor(uri, version, timeoutMs = 60_000) {
            return new Promise((resolve, reject) => {
                // A server that sends no version: any publish after that version was sent.
                const after = sentAt.get(`${uri}#${version}`) ?? 0;
                const find = () => publishes.find((p, i) => p.uri === uri && (p.version === undefined ? i >= after : p.version >= version));
                const found = find();
                if (found) return resolve(found);
                const timer = setTimeout(() => {
                    listeners.delete(listener);
                    reject(new Error(`no diagnostics for ${path.basename(uri)} version ${version} within ${timeoutMs} ms (log: ${log.join(' ').slice(-500)})`));
                }, timeoutMs);
                const listener = () => {
                    const match = find();
                    if (match) {
                        clearTimeout(timer);
                        listeners.delete(listener);
                        resolve(match);
                    }
                };
                listeners.add(listener);
            });
        },
    };
    started.push(server);
    const rootUri = pathToFileURL(root).toString();
    await connection.sendRequest('initialize', {
        processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'races' }],
        capabilities: { textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { didSave: true } }, workspace: { workspaceFolders: true, configuration: true } },
    });
    await connection.sendNotification('initialized', {});
    return server;
}

afterEach(async () => {
    for (const server of started.splice(0)) {
        try {
            await Promise.race([server.connection.sendRequest('shutdown'), new Promise(r => setTimeout(r, 3000))]);
            await server.connection.sendNotification('exit');
        } catch { /* already gone */ }
        setTimeout(() => server.child.kill(), 2000).unref();
        server.connection.dispose();
        rmSync(server.root, { recursive: true, force: true });
    }
});

/** A workspace big enough that building it takes a while: pathways importing shared libraries. */
function bigWorkspace(files: number): string {
    const root = mkdtempSync(path.join(tmpdir(), 'pmpath-races-'));
    writeWorkspace(root, { seed: 11, files, linesPerFile: 100 });
    return root;
}

/** Requests an editor sends when a file is opened. */
async function openingRequests(server: Server, uri: string): Promise<void> {
    const textDocument = { uri };
    await Promise.all([
        server.request('textDocument/documentSymbol', { textDocument }),
        server.request('textDocument/foldingRange', { textDocument }),
        server.request('textDocument/semanticTokens/full', { textDocument }),
        server.request('textDocument/hover', { textDocument, position: { line: 5, character: 10 } }),
        server.request('textDocument/codeAction', { textDocument, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, context: { diagnostics: [] } }),
    ]);
}

function expectCleanLog(server: Server): void {
    const text = server.log.join('\n');
    expect(text).not.toMatch(/Attempted reference resolution/);
    expect(text).not.toMatch(/requiring \w+, but workspace state/);
    expect(text).not.toMatch(/showMessage/);
    expect(server.failures).toEqual([]);
}

describe('the bundled server under editor timing', { timeout: 240_000 }, () => {
    test('a file opened at any moment of the initial workspace build gets its diagnostics, and its requests answer', async () => {
        const root = bigWorkspace(300);
        const server = await startServer(root);
        const opened: Array<{ uri: string; text: string }> = [];
        // Open files (existing ones, and one written after the server started) at
        // several moments of the build, each followed at once by the usual requests.
        const holdout = path.join(root, 'holdout.pmpath');
        writeFileSync(holdout, generatePathway(mulberry32(99), 'Holdout', 200));
        const moments = [0, 20, 60, 150, 300, 600, 1200];
        const candidates = [holdout, ...moments.slice(1).map((_, i) => path.join(root, `pathway${String(i * 37).padStart(4, '0')}.pmpath`))];
        const requests: Array<Promise<void>> = [];
        for (const [i, delay] of moments.entries()) {
            await new Promise(r => setTimeout(r, i === 0 ? 0 : delay - moments[i - 1]));
            const file = candidates[i];
            const text = readFileSync(file, 'utf8');
            const uri = await server.open(file, text);
            opened.push({ uri, text });
            requests.push(openingRequests(server, uri));
            // VS Code sends the `pmpath` settings around the same time; applying them
            // reloads the configuration and revalidates the workspace.
            if (i % 2 === 0) await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { pmpath: { configFile: '' } } });
        }
        await Promise.all(requests);
        for (const { uri } of opened) {
            const published = await server.diagnosticsFor(uri, 1);
            expect(Array.isArray(published.diagnostics)).toBe(true);
        }
        // The holdout was built with the workspace: its names resolve against nothing missing.
        const holdoutDiagnostics = await server.diagnosticsFor(opened[0].uri, 1);
        expect(holdoutDiagnostics.diagnostics.filter(d => d.code === 'syntax')).toEqual([]);
        expectCleanLog(server);
    });

    test('files opened and requests sent while a shared library keeps changing get their diagnostics and answers', async () => {
        const root = bigWorkspace(200);
        const server = await startServer(root);
        const library = path.join(root, 'shared', 'lib0.pmpath');
        const libraryUri = await server.open(library);
        await server.diagnosticsFor(libraryUri, 1, 120_000);
        const random = mulberry32(5);
        const opened: string[] = [];
        let libraryVersion = 1;
        for (let round = 0; round < 8; round++) {
            // Each library edit relinks and revalidates every file that imports it.
            const { text } = generateLibrary(mulberry32(round), 'SharedLib0', 3 + (round % 2));
            libraryVersion = await server.change(libraryUri, text);
            await new Promise(r => setTimeout(r, Math.floor(random() * 40)));
            const file = path.join(root, `pathway${String(round * 3).padStart(4, '0')}.pmpath`);
            const uri = await server.open(file);
            opened.push(uri);
            // A settings change right after the open (as VS Code may send one) revalidates everything.
            if (round % 2 === 1) await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { pmpath: { configFile: '' } } });
            void openingRequests(server, uri);
            void openingRequests(server, libraryUri);
        }
        await server.diagnosticsFor(libraryUri, libraryVersion);
        for (const uri of opened) await server.diagnosticsFor(uri, 1);
        // Let the requests still in flight settle before reading the log.
        await openingRequests(server, libraryUri);
        expectCleanLog(server);
    });

    test('the final text of every burst of keystrokes 0-10 ms apart gets its diagnostics', async () => {
        const root = mkdtempSync(path.join(tmpdir(), 'pmpath-burst-'));
        for (const name of ['cf-newborn-screening.pmpath', 'brca-carriers.pmpath']) {
            writeFileSync(path.join(root, name), readFileSync(path.join(repoRoot, 'examples', name), 'utf8').replace(/import "[^"]*"\n/g, ''));
        }
        const server = await startServer(root);
        const file = path.join(root, 'cf-newborn-screening.pmpath');
        const original = readFileSync(file, 'utf8');
        const uri = await server.open(file, original);
        const baseline = await server.diagnosticsFor(uri, 1, 120_000);
        const lines = original.split('\n');
        const random = mulberry32(17);
        let keystrokes = 0;
        for (let burst = 0; burst < 12; burst++) {
            // Retype a line character by character (a broken text at almost every keystroke).
            const target = lines.findIndex((l, i) => i > lines.length / 3 + burst && /^\s+\S/.test(l));
            const line = lines[target];
            let version = 0;
            for (let i = 0; i <= line.length; i++) {
                const text = [...lines.slice(0, target), line.slice(0, i), ...lines.slice(target + 1)].join('\n');
                version = await server.change(uri, text);
                keystrokes++;
                await new Promise(r => setTimeout(r, Math.floor(random() * 11)));
            }
            const final = await server.diagnosticsFor(uri, version, 30_000);
            expect(final.version).toBe(version);
            expect(final.diagnostics.map(d => [d.code, d.range.start.line, d.message])).toEqual(baseline.diagnostics.map(d => [d.code, d.range.start.line, d.message]));
            // Some requests in between, as an editor sends them.
            await openingRequests(server, uri);
        }
        expect(keystrokes).toBeGreaterThan(300);
        expectCleanLog(server);
    });
});
