/**
 * `pmpath check --format json` (SPEC §6): a stable, versioned document for
 * scripts. A file with findings that suppression comments silenced also
 * lists them under `suppressed`, each with its `reason` (SPEC §4); the key is
 * left out when there are none, so the document keeps the shape of SPEC §6.
 */
import type { LintDiagnostic } from '@pmpath/language';
import type { CheckReport } from './report-model.js';

function diagnosticJson(d: LintDiagnostic) {
    return {
        rule: d.rule,
        severity: d.severity,
        message: d.message,
        line: d.line,
        column: d.column,
        endLine: d.endLine,
        endColumn: d.endColumn,
    };
}

/** The JSON report text, ending with a newline. */
export function formatJson(report: CheckReport): string {
    const document = {
        version: 1,
        files: report.files.map(file => ({
            path: file.path,
            diagnostics: file.diagnostics.map(diagnosticJson),
            ...(file.suppressed.length === 0 ? {} : { suppressed: file.suppressed.map(d => ({ ...diagnosticJson(d), reason: d.reason })) }),
        })),
        summary: {
            files: report.summary.files,
            errors: report.summary.errors,
            warnings: report.summary.warnings,
            infos: report.summary.infos,
        },
    };
    return `${JSON.stringify(document, null, 2)}\n`;
}
