/**
 * Rules: hybrid-status-requires-monitoring, monitoring-without-review, monitoring-by-non-fiduciary, hybrid-status-requires-disclosure, disclosure-without-counselling, genomic-disclosure-training, sick-role-gatekeeper, hybrid-entry-bridging, gatekeeper-lacks-data.
 * TODO(owner of this file): implement; see SPEC §3–4.
 */
import type { ValidationChecks } from 'langium';
import type { PmpathAstType } from '../generated/ast.js';
import type { PmpathServices } from '../pmpath-module.js';
import type { CheckProvider } from './pmpath-validator.js';

export class CareChecks implements CheckProvider {
    constructor(protected readonly services: PmpathServices) { }

    checks(): ValidationChecks<PmpathAstType> {
        return {};
    }
}
