/**
 * Langium's validation registry, with checks called synchronously. Langium
 * wraps every check in an `async` function, so each check of each node costs
 * a promise and a turn of the microtask queue even though pmpath's checks are
 * all synchronous; across a 1,000-file workspace that was about a third of
 * validation. Errors a check throws are still reported on the node, as in
 * Langium; a check that returns a promise is still awaited.
 */
import { isOperationCancelled, ValidationRegistry, type AstNode, type MaybePromise, type ValidationAcceptor, type ValidationCheck } from 'langium';

export class PmpathValidationRegistry extends ValidationRegistry {
    protected override wrapValidationException(check: ValidationCheck, thisObj: unknown): ValidationCheck {
        return (node, accept, cancelToken) => {
            try {
                const result = check.call(thisObj, node, accept, cancelToken) as MaybePromise<void>;
                if (result instanceof Promise) {
                    return result.catch(error => reportCheckError(error, accept, node));
                }
            } catch (error) {
                reportCheckError(error, accept, node);
            }
            return undefined;
        };
    }
}

function reportCheckError(error: unknown, accept: ValidationAcceptor, node: AstNode): void {
    if (isOperationCancelled(error)) {
        throw error;
    }
    console.error('An error occurred during validation:', error);
    const details = error instanceof Error ? error.message : String(error);
    accept('error', `An error occurred during validation: ${details}`, { node });
}
