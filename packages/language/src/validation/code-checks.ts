/**
 * Rule `invalid-code` (SPEC §4): the `code` of a data item must be a LOINC
 * code with the correct mod-10 check digit or a SNOMED CT identifier with
 * the correct Verhoeff check digit. The arithmetic lives in
 * `terminology/codes.ts`, shared with the FHIR exporter.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { Data, PmpathAstType } from '../generated/ast.js';
import { checkCode, CODE_SYSTEM_LABELS } from '../terminology/codes.js';
import { RuleId } from '../rules.js';
import type { CheckProvider } from './pmpath-validator.js';
import { report } from './report.js';

export class CodeChecks implements CheckProvider {
    checks(): ValidationChecks<PmpathAstType> {
        return { Data: this.checkCode };
    }

    /** `invalid-code`, reported on the code string itself. */
    checkCode(data: Data, accept: ValidationAcceptor): void {
        if (!data.codeSystem || data.code === undefined) return;
        const problem = checkCode(data.codeSystem, data.code);
        if (!problem) return;
        const system = CODE_SYSTEM_LABELS[data.codeSystem];
        const fix = problem.corrected
            ? `Copy the code again from ${system} (with this check digit it would read "${problem.corrected}", which may still be a different concept).`
            : `Copy the code again from ${system}, or remove the \`code\` clause.`;
        report(accept, RuleId.invalidCode,
            `Data '${data.name}' has the ${system} code "${data.code}", which ${problem.reason}. ${fix}`,
            { node: data, property: 'code' });
    }
}
