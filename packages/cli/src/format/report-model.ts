/**
 * The result of `pmpath check` as the formatters see it: files with paths
 * relative to the working directory, already filtered by `--quiet`, sorted by
 * path, diagnostics sorted by line and column, and the summary counts.
 * Suppressed findings ride along per file (with their reasons) but are never
 * counted: they are there for the audit.
 */
import type { LintDiagnostic, SuppressedLintDiagnostic } from '@pmpath/language';
import { compareStrings } from '../files.js';

export interface CheckedFile {
    /** Relative to the working directory, forward slashes. */
    readonly path: string;
    /** Sorted by line, then column. */
    readonly diagnostics: readonly LintDiagnostic[];
    /** Findings silenced by suppression comments, with their reasons; sorted like `diagnostics`, not counted. */
    readonly suppressed: readonly SuppressedLintDiagnostic[];
    /** The file's text, when known (SARIF fingerprints hash the offending text). */
    readonly text?: string;
}

export interface CheckSummary {
    readonly files: number;
    readonly errors: number;
    readonly warnings: number;
    readonly infos: number;
}

export interface CheckReport {
    /** Sorted by path. */
    readonly files: readonly CheckedFile[];
    readonly summary: CheckSummary;
}

/**
 * Builds the report from per-file diagnostics. With `quiet`, warnings and
 * infos are dropped from the files and from the counts (errors only).
 */
export function buildCheckReport(
    files: ReadonlyArray<{ readonly path: string; readonly diagnostics: readonly LintDiagnostic[]; readonly suppressed?: readonly SuppressedLintDiagnostic[]; readonly text?: string }>,
    options: { readonly quiet?: boolean } = {}
): CheckReport {
    let errors = 0;
    let warnings = 0;
    let infos = 0;
    const checked: CheckedFile[] = files.map(file => {
        const diagnostics = file.diagnostics
            .filter(d => !options.quiet || d.severity === 'error')
            .slice()
            .sort(compareDiagnostics);
        for (const d of diagnostics) {
            if (d.severity === 'error') errors++;
            else if (d.severity === 'warning') warnings++;
            else infos++;
        }
        const suppressed = (file.suppressed ?? [])
            .filter(d => !options.quiet || d.severity === 'error')
            .slice()
            .sort(compareDiagnostics);
        return { path: file.path, diagnostics, suppressed, ...(file.text === undefined ? {} : { text: file.text }) };
    });
    checked.sort((a, b) => compareStrings(a.path, b.path));
    return { files: checked, summary: { files: checked.length, errors, warnings, infos } };
}

/** Line, then column, then end position, then rule id: a total order so output is stable. */
export function compareDiagnostics(a: LintDiagnostic, b: LintDiagnostic): number {
    return a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn
        || compareStrings(a.rule, b.rule) || compareStrings(a.message, b.message);
}
