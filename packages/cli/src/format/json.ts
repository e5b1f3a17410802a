/**
 * `pmpath check --format json` (SPEC §6): a stable, versioned document for
 * scripts.
 */
import type { CheckReport } from './report-model.js';

/** The JSON report text, ending with a newline. */
export function formatJson(report: CheckReport): string {
    const document = {
        version: 1,
        files: report.files.map(file => ({
            path: file.path,
            diagnostics: file.diagnostics.map(d => ({
                rule: d.rule,
                severity: d.severity,
                message: d.message,
                line: d.line,
                column: d.column,
                endLine: d.endLine,
                endColumn: d.endColumn,
            })),
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
