/**
 * A minimal LSP client over stdio, doing what Neovim, Helix and Emacs
 * (eglot) do: start the server as a child process, frame JSON-RPC messages
 * with `Content-Length` headers, answer the server's own requests
 * (`workspace/configuration`, `client/registerCapability`, progress), and
 * collect `textDocument/publishDiagnostics` notifications.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

interface Message {
    jsonrpc: '2.0';
    id?: number | string;
    method?: string;
    params?: unknown;
    result?: unknown;
    error?: { code: number; message: string };
}

export interface PublishedDiagnostics {
    uri: string;
    version?: number;
    diagnostics: Array<{ code?: string | number; message: string; severity?: number; range: { start: { line: number; character: number } } }>;
}

export class StdioLspClient {
    private readonly child: ChildProcessWithoutNullStreams;
    private buffer = Buffer.alloc(0);
    private nextId = 1;
    private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
    private readonly waiters: Array<{ test: (message: Message) => boolean; resolve: (message: Message) => void; reject: (error: Error) => void }> = [];
    /** Every notification received, in order. */
    readonly notifications: Message[] = [];
    /** What the server wrote to stderr (it must never write anything but protocol messages to stdout). */
    stderr = '';
    readonly exited: Promise<number | null>;

    constructor(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
        this.child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
        this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
        this.child.stderr.on('data', (chunk: Buffer) => { this.stderr += chunk.toString('utf8'); });
        this.exited = new Promise(resolve => this.child.on('exit', code => {
            // A server that dies must fail the test at once, not leave it waiting.
            const error = new Error(`the language server exited (code ${code}) ${this.stderr ? `with stderr: ${this.stderr}` : 'without writing to stderr'}`);
            for (const pending of this.pending.values()) pending.reject(error);
            for (const waiter of this.waiters.splice(0)) waiter.reject(error);
            this.pending.clear();
            resolve(code);
        }));
    }

    request<T = unknown>(method: string, params: unknown): Promise<T> {
        const id = this.nextId++;
        return new Promise<T>((resolve, reject) => {
            this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
            this.send({ jsonrpc: '2.0', id, method, params });
        });
    }

    notify(method: string, params: unknown): void {
        this.send({ jsonrpc: '2.0', method, params });
    }

    /** The first notification (already received or coming) that passes `test`. */
    waitForNotification(method: string, test: (params: unknown) => boolean = () => true): Promise<Message> {
        const matches = (m: Message) => m.method === method && test(m.params);
        const seen = this.notifications.find(matches);
        if (seen) return Promise.resolve(seen);
        return new Promise((resolve, reject) => this.waiters.push({ test: matches, resolve, reject }));
    }

    /** Diagnostics published for a document, waiting for a non-empty set when `nonEmpty`. */
    async diagnosticsFor(uri: string, nonEmpty = true): Promise<PublishedDiagnostics> {
        const message = await this.waitForNotification('textDocument/publishDiagnostics',
            params => (params as PublishedDiagnostics).uri === uri && (!nonEmpty || (params as PublishedDiagnostics).diagnostics.length > 0));
        return message.params as PublishedDiagnostics;
    }

    kill(): void {
        this.child.kill();
    }

    private send(message: Message): void {
        const body = Buffer.from(JSON.stringify(message), 'utf8');
        this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
        this.child.stdin.write(body);
    }

    private receive(chunk: Buffer): void {
        this.buffer = Buffer.concat([this.buffer, chunk]);
        for (;;) {
            const headerEnd = this.buffer.indexOf('\r\n\r\n');
            if (headerEnd < 0) return;
            const header = this.buffer.subarray(0, headerEnd).toString('ascii');
            const length = /Content-Length: (\d+)/i.exec(header);
            if (!length) throw new Error(`the server wrote something that is not an LSP message to stdout: ${JSON.stringify(header.slice(0, 200))}`);
            const start = headerEnd + 4;
            const end = start + Number(length[1]);
            if (this.buffer.length < end) return;
            const message = JSON.parse(this.buffer.subarray(start, end).toString('utf8')) as Message;
            this.buffer = this.buffer.subarray(end);
            this.dispatch(message);
        }
    }

    private dispatch(message: Message): void {
        if (message.method !== undefined && message.id !== undefined) {
            // A request from the server: answer as an editor with no settings would.
            const result = message.method === 'workspace/configuration'
                ? ((message.params as { items?: unknown[] }).items ?? []).map(() => null)
                : null;
            this.send({ jsonrpc: '2.0', id: message.id, result });
            return;
        }
        if (message.method !== undefined) {
            this.notifications.push(message);
            for (const waiter of [...this.waiters]) {
                if (waiter.test(message)) {
                    this.waiters.splice(this.waiters.indexOf(waiter), 1);
                    waiter.resolve(message);
                }
            }
            return;
        }
        const pending = this.pending.get(Number(message.id));
        if (!pending) return;
        this.pending.delete(Number(message.id));
        if (message.error) pending.reject(new Error(`${message.error.code}: ${message.error.message}`));
        else pending.resolve(message.result);
    }
}
