/**
 * Starts the BUNDLED language server (dist/server.cjs) as a child process and
 * speaks LSP to it over stdio through vscode-languageserver-protocol, as VS Code
 * does: initialize/initialized, documents opened and changed with versions,
 * diagnostics waited for per document, shutdown/exit. Shared by the server
 * tests that keep one server for a whole file (server-races.test.ts starts many
 * servers and answers the server's own requests, so it has its own client).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    createProtocolConnection, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification,
    InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader,
    StreamMessageWriter, type ClientCapabilities, type InitializeResult, type ProtocolConnection, type PublishDiagnosticsParams,
    type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const extensionDir = path.resolve(import.meta.dirname, '..');
export const repoRoot = path.resolve(extensionDir, '..', '..');
export const serverBundle = path.join(extensionDir, 'dist', 'server.cjs');

/** A new temporary folder holding a copy of the repository's examples. */
export function workspaceWithExamples(prefix: string): string {
    const workspace = mkdtempSync(path.join(tmpdir(), prefix));
    cpSync(path.join(repoRoot, 'examples'), path.join(workspace, 'examples'), { recursive: true });
    return workspace;
}

export interface ServerOptions {
    /** The server's working folder and only workspace folder. */
    workspace: string;
    /** The workspace folder's name. */
    name: string;
    capabilities: ClientCapabilities;
    env?: NodeJS.ProcessEnv;
    /** How long `nextDiagnostics` and `open` wait for a publish (30 s unless given). */
    diagnosticsTimeoutMs?: number;
    /** Registers more handlers on the connection before it listens, so no early notification is missed. */
    setup?: (connection: ProtocolConnection) => void;
}

export interface LanguageServer {
    readonly child: ChildProcess;
    readonly connection: ProtocolConnection;
    /** The server's answer to `initialize`. */
    readonly initialized: InitializeResult;
    /** Everything the server wrote to stderr so far. */
    readonly stderr: string;
    /** undefined while the server runs. */
    readonly exitCode: number | null | undefined;
    /** Every publishDiagnostics, in order. */
    readonly published: readonly PublishDiagnosticsParams[];
    /** Resolves with the first diagnostics for `uri` published after this call. */
    nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams>;
    /** Opens a document at version 1 and resolves with its first diagnostics. */
    open(uri: string, text: string, languageId?: 'pmpath' | 'pmtest'): Promise<PublishDiagnosticsParams>;
    /** Opens a document at version 1; does not wait for its diagnostics. */
    didOpen(uri: string, text: string, languageId?: 'pmpath' | 'pmtest'): Promise<void>;
    isOpen(uri: string): boolean;
    /** Sends the next version of a document; does not wait for its diagnostics. */
    change(uri: string, contentChanges: TextDocumentContentChangeEvent[]): Promise<void>;
    /** shutdown (given 5 s) and exit, up to 5 s for the process to end, then a kill if it is still there. */
    stop(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<LanguageServer> {
    if (!existsSync(serverBundle)) throw new Error(`${serverBundle} is missing: run \`npm run build -w packages/extension\` first.`);
    const child = spawn(process.execPath, [serverBundle, '--stdio'], { cwd: options.workspace, stdio: ['pipe', 'pipe', 'pipe'], env: options.env });
    let stderr = '';
    let exitCode: number | null | undefined;
    child.stderr!.on('data', chunk => { stderr += String(chunk); });
    child.on('exit', code => { exitCode = code; });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const published: PublishDiagnosticsParams[] = [];
    const waiters: Array<{ uri: string; resolve: (p: PublishDiagnosticsParams) => void }> = [];
    connection.onNotification(PublishDiagnosticsNotification.type, params => {
        published.push(params);
        for (let i = waiters.length - 1; i >= 0; i--) {
            if (waiters[i].uri === params.uri) waiters.splice(i, 1)[0].resolve(params);
        }
    });
    options.setup?.(connection);
    connection.listen();

    const versions = new Map<string, number>();
    const timeoutMs = options.diagnosticsTimeoutMs ?? 30_000;
    const nextDiagnostics = (uri: string) => new Promise<PublishDiagnosticsParams>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; server stderr: ${stderr}`)), timeoutMs);
        waiters.push({ uri, resolve: p => { clearTimeout(timer); resolve(p); } });
    });

    async function stop(): Promise<void> {
        if (exitCode === undefined) {
            await Promise.race([connection.sendRequest(ShutdownRequest.type), new Promise(resolve => setTimeout(resolve, 5000))]);
            await connection.sendNotification(ExitNotification.type);
            await new Promise<void>(resolve => {
                if (exitCode !== undefined) resolve();
                else child.once('exit', () => resolve());
                setTimeout(resolve, 5000);
            });
            connection.dispose();
        }
        if (exitCode === undefined) child.kill();
    }

    const rootUri = pathToFileURL(options.workspace).toString();
    async function didOpen(uri: string, text: string, languageId: 'pmpath' | 'pmtest' = 'pmpath'): Promise<void> {
        versions.set(uri, 1);
        await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    }

    let initialized: InitializeResult;
    try {
        initialized = await connection.sendRequest(InitializeRequest.type, {
            processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: options.name }], capabilities: options.capabilities,
        });
        await connection.sendNotification(InitializedNotification.type, {});
    } catch (error) {
        await stop();
        throw error;
    }

    return {
        child, connection, initialized, published, nextDiagnostics, didOpen, stop,
        get stderr() { return stderr; },
        get exitCode() { return exitCode; },
        async open(uri, text, languageId) {
            const diagnostics = nextDiagnostics(uri);
            await didOpen(uri, text, languageId);
            return diagnostics;
        },
        isOpen: uri => versions.has(uri),
        async change(uri, contentChanges) {
            const version = (versions.get(uri) ?? 1) + 1;
            versions.set(uri, version);
            await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
        },
    };
}
