/**
 * The server must survive anything typed into the editor: a provider that
 * throws on some half-typed input answers that one request with an empty
 * result (and logs the error) instead of an error response or a crash.
 */
import { isOperationCancelled } from 'langium';

/**
 * Replaces the named methods of `target` with versions that return
 * `fallback()` when the original throws or rejects. Cancellation still
 * propagates, so Langium can answer cancelled requests as such.
 */
export function guardMethods<T extends object>(target: T, fallbacks: { [K in keyof T]?: () => unknown }): T {
    for (const [name, fallback] of Object.entries(fallbacks) as Array<[string, () => unknown]>) {
        const original = (target as Record<string, unknown>)[name];
        if (typeof original !== 'function') {
            continue;
        }
        const onError = (error: unknown): unknown => {
            if (isOperationCancelled(error)) {
                throw error;
            }
            console.error(`pmpath: ${target.constructor.name}.${name} failed; answering with an empty result.`, error);
            return fallback();
        };
        (target as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]): unknown {
            try {
                const result = (original as (...a: unknown[]) => unknown).apply(target, args);
                if (result instanceof Promise) {
                    return result.catch(onError);
                }
                return result;
            } catch (error) {
                return onError(error);
            }
        };
    }
    return target;
}
