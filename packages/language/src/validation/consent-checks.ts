/**
 * Rules: research-use-requires-consent, commercial-use-requires-consent, consent-scope-mismatch, downstream-consent-violation, passive-data-requires-consent, incidental-findings-policy.
 * TODO(owner of this file): implement; see SPEC §3–4.
 */
import type { ValidationChecks } from 'langium';
import type { PmpathAstType } from '../generated/ast.js';
import type { PmpathServices } from '../pmpath-module.js';
import type { CheckProvider } from './pmpath-validator.js';

export class ConsentChecks implements CheckProvider {
    constructor(protected readonly services: PmpathServices) { }

    checks(): ValidationChecks<PmpathAstType> {
        return {};
    }
}
