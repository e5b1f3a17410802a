/**
 * Graphviz layouts for the language server, run in one worker thread
 * (`layout-worker.ts`) so the server's own thread stays free for diagnostics,
 * completion and hover.
 *
 * - Cached by DOT text (least recently used first out): an edit that does not
 *   change the diagram, or switching back to a view, costs no layout.
 * - One job at a time, in order. A job carries a key (document, view and
 *   layout kind); a newer job with the same key supersedes the older one: a
 *   queued job is dropped, a running one is stopped by terminating the worker
 *   (a wasm layout cannot be interrupted otherwise), which is restarted for
 *   the next job. An LSP cancellation does the same.
 */
import { Worker } from 'node:worker_threads';

/** Why a layout did not finish: a newer request for the same diagram, or the client cancelled. */
export class LayoutCancelled extends Error {
    constructor(readonly reason: 'superseded' | 'cancelled') {
        super(reason === 'superseded' ? 'A newer edit superseded this layout.' : 'The layout was cancelled.');
    }
}

/** The part of an LSP cancellation token the service needs. */
export interface CancellationLike {
    readonly isCancellationRequested: boolean;
    onCancellationRequested(listener: () => void): { dispose(): void } | unknown;
}

interface Job {
    readonly id: number;
    readonly dot: string;
    readonly key: string;
    readonly resolve: (svg: string) => void;
    readonly reject: (error: Error) => void;
}

export interface LayoutStats {
    /** Layouts the worker finished. */
    readonly layouts: number;
    readonly cacheHits: number;
    /** Jobs dropped or stopped because a newer one superseded them or the client cancelled. */
    readonly cancelled: number;
    /** Workers started (the first, plus one after each stopped layout). */
    readonly workers: number;
}

export class LayoutService {
    private worker: Worker | undefined;
    private running: Job | undefined;
    private readonly queue: Job[] = [];
    private readonly cache = new Map<string, string>();
    private nextId = 1;
    private stats = { layouts: 0, cacheHits: 0, cancelled: 0, workers: 0 };

    /** `workerFile`: the bundled worker script; `cacheSize`: how many layouts to keep. */
    constructor(private readonly workerFile: string, private readonly cacheSize = 24) {}

    /** The cached layout of this DOT text, if any (and marks it recently used). */
    cached(dot: string): string | undefined {
        const svg = this.cache.get(dot);
        if (svg !== undefined) {
            this.cache.delete(dot);
            this.cache.set(dot, svg);
            this.stats.cacheHits++;
        }
        return svg;
    }

    /**
     * Lays `dot` out in the worker (or answers from the cache). Rejects with
     * `LayoutCancelled` when a newer job with the same `key` arrives first or
     * `token` is cancelled.
     */
    layout(dot: string, key: string, token?: CancellationLike): Promise<string> {
        this.supersede(key);
        const hit = this.cached(dot);
        if (hit !== undefined) return Promise.resolve(hit);
        return new Promise<string>((resolve, reject) => {
            const job: Job = { id: this.nextId++, dot, key, resolve, reject };
            if (token?.isCancellationRequested) {
                this.stats.cancelled++;
                reject(new LayoutCancelled('cancelled'));
                return;
            }
            token?.onCancellationRequested(() => this.cancel(job, 'cancelled'));
            this.queue.push(job);
            this.pump();
        });
    }

    getStats(): LayoutStats {
        return { ...this.stats };
    }

    dispose(): void {
        for (const job of this.queue.splice(0)) job.reject(new LayoutCancelled('cancelled'));
        this.running?.reject(new LayoutCancelled('cancelled'));
        this.running = undefined;
        void this.worker?.terminate();
        this.worker = undefined;
    }

    private supersede(key: string): void {
        for (const job of this.queue.filter(j => j.key === key)) this.cancel(job, 'superseded');
        if (this.running?.key === key) this.cancel(this.running, 'superseded');
    }

    private cancel(job: Job, reason: 'superseded' | 'cancelled'): void {
        const queued = this.queue.indexOf(job);
        if (queued >= 0) {
            this.queue.splice(queued, 1);
        } else if (this.running === job) {
            // A running wasm layout cannot be interrupted: stop the worker; the next job starts a new one.
            this.running = undefined;
            void this.worker?.terminate();
            this.worker = undefined;
        } else {
            return; // already finished
        }
        this.stats.cancelled++;
        job.reject(new LayoutCancelled(reason));
        this.pump();
    }

    private pump(): void {
        if (this.running || this.queue.length === 0) return;
        const job = this.queue.shift()!;
        this.running = job;
        this.ensureWorker().postMessage({ id: job.id, dot: job.dot });
    }

    private ensureWorker(): Worker {
        if (this.worker) return this.worker;
        const worker = new Worker(this.workerFile);
        this.stats.workers++;
        worker.on('message', (message: { id: number; svg?: string; error?: string }) => {
            const job = this.running;
            if (worker !== this.worker || !job || job.id !== message.id) return;
            this.running = undefined;
            if (message.svg !== undefined) {
                this.stats.layouts++;
                this.cache.set(job.dot, message.svg);
                while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
                job.resolve(message.svg);
            } else {
                job.reject(new Error(message.error ?? 'Graphviz failed without a message.'));
            }
            this.pump();
        });
        const fail = (error: Error) => {
            if (worker !== this.worker) return; // a worker we stopped on purpose
            this.worker = undefined;
            const job = this.running;
            this.running = undefined;
            job?.reject(error);
            this.pump();
        };
        worker.on('error', fail);
        worker.on('exit', code => fail(new Error(`The layout worker stopped (exit code ${code}).`)));
        // Never keep the server process alive just for the worker.
        worker.unref();
        this.worker = worker;
        return worker;
    }
}
