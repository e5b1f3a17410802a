/**
 * Langium's workspace lock, counting the writes (builds) that are queued or
 * running, so that the server can tell when it is idle: a request waiting for
 * a document that no build will reach, or an open document whose diagnostics
 * were never published, is then taken care of instead of waiting forever.
 */
import { DefaultWorkspaceLock, Disposable, type Cancellation, type MaybePromise } from 'langium';

export class PmpathWorkspaceLock extends DefaultWorkspaceLock {
    private pendingWrites = 0;
    private readonly idleListeners = new Set<() => void>();

    override write(action: (token: Cancellation.CancellationToken) => MaybePromise<void>): Promise<void> {
        this.pendingWrites++;
        return super.write(async token => {
            try {
                await action(token);
            } finally {
                this.pendingWrites--;
                if (this.pendingWrites === 0) {
                    // After the lock has finished its bookkeeping for this write.
                    setTimeout(() => this.fireIdle(), 0);
                }
            }
        });
    }

    /** No build is queued or running. */
    get idle(): boolean {
        return this.pendingWrites === 0;
    }

    /** Called each time the last queued build has finished (completed or cancelled). */
    onIdle(listener: () => void): Disposable {
        this.idleListeners.add(listener);
        return Disposable.create(() => this.idleListeners.delete(listener));
    }

    private fireIdle(): void {
        if (!this.idle) return;
        for (const listener of [...this.idleListeners]) {
            try {
                listener();
            } catch (error) {
                console.error('pmpath: an idle listener failed', error);
            }
        }
    }
}
