/**
 * Rules: initial-state, unreachable-state, dead-end-state, therapeutic-odyssey, final-state-exit.
 * TODO(owner of this file): implement; see SPEC §3–4.
 */
import type { ValidationChecks } from 'langium';
import type { PmpathAstType } from '../generated/ast.js';
import type { PmpathServices } from '../pmpath-module.js';
import type { CheckProvider } from './pmpath-validator.js';

export class StateGraphChecks implements CheckProvider {
    constructor(protected readonly services: PmpathServices) { }

    checks(): ValidationChecks<PmpathAstType> {
        return {};
    }
}
