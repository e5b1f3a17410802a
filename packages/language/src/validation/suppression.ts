/**
 * `// pmpath-disable-next-line RULE[, RULE] -- reason` comments (SPEC §4).
 * The reason is mandatory: a comment without one suppresses nothing.
 */
import type { LangiumDocument } from 'langium';
import type { Diagnostic, Range } from 'vscode-languageserver-types';

export const SUPPRESSION_DIRECTIVE = 'pmpath-disable-next-line';

export interface SuppressionComment {
    /** 0-based line of the comment; it silences diagnostics starting on `line + 1`. */
    readonly line: number;
    /** The whole comment. */
    readonly range: Range;
    /** Rule ids as written; empty means every suppressible rule. */
    readonly rules: readonly string[];
    /** Each rule id's range inside the comment, parallel to `rules`. */
    readonly ruleRanges: readonly Range[];
    /** The text after `--`, trimmed; undefined when there is no `--` or nothing after it. */
    readonly reason: string | undefined;
}

/** A finding that a suppression comment silenced, kept for the audit (SARIF, JSON, the dossier). */
export interface SuppressedDiagnostic {
    /** The finding as it would have been reported (configured severity included). */
    readonly diagnostic: Diagnostic;
    /** The comment's reason (the text after `--`). */
    readonly reason: string;
    /** Where the suppression comment is. */
    readonly comment: Range;
}

const SUPPRESSED = Symbol.for('pmpath.suppressedDiagnostics');

/**
 * The findings that suppression comments silenced in a document at its last
 * validation (empty before the first one). The validator publishes only the
 * unsuppressed findings; these are kept beside them so nothing is silenced
 * without a trace.
 */
export function suppressedDiagnosticsOf(document: LangiumDocument): readonly SuppressedDiagnostic[] {
    return (document as { [SUPPRESSED]?: readonly SuppressedDiagnostic[] })[SUPPRESSED] ?? [];
}

/** Records a document's suppressed findings (the validator calls this on every validation). */
export function setSuppressedDiagnostics(document: LangiumDocument, suppressed: readonly SuppressedDiagnostic[]): void {
    (document as { [SUPPRESSED]?: readonly SuppressedDiagnostic[] })[SUPPRESSED] = suppressed;
}

const DIRECTIVE_PATTERN = new RegExp(`^(\\s*)${SUPPRESSION_DIRECTIVE}(?=\\s|$|\\*/)`);

/**
 * Finds suppression comments with a small scanner that knows strings and
 * comments, so `"// pmpath-disable-next-line"` inside a label is not one.
 *
 * Lines are counted the way the editor and the lexer count them: `\r\n`,
 * a lone `\r` and `\n` each end a line, and a `//` comment ends at the first
 * `\r` or `\n` (a file with old Mac line ends must suppress like any other).
 */
export function findSuppressions(text: string): SuppressionComment[] {
    const result: SuppressionComment[] = [];
    let line = 0;
    let lineStart = 0;
    let i = 0;
    const n = text.length;
    while (i < n) {
        const ch = text.charCodeAt(i);
        if (ch === 10 /* \n */ || ch === 13 /* \r */) {
            i += ch === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
            line++;
            lineStart = i;
        } else if (ch === 34 /* " */) {
            i++;
            while (i < n) {
                const c = text.charCodeAt(i);
                if (c === 92 /* \ */ && i + 1 < n && !isLineBreak(text.charCodeAt(i + 1))) {
                    i += 2;
                } else if (c === 34 || isLineBreak(c)) {
                    if (c === 34) i++;
                    break;
                } else {
                    i++;
                }
            }
        } else if (ch === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
            let end = i + 2;
            while (end < n && !isLineBreak(text.charCodeAt(end))) end++;
            const body = text.slice(i + 2, end);
            const comment = parseDirective(body, line, i - lineStart, i + 2 - lineStart);
            if (comment) result.push(comment);
            i = end;
        } else if (ch === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
            let end = text.indexOf('*/', i + 2);
            end = end < 0 ? n : end + 2;
            const body = text.slice(i + 2, end - 2);
            if (!/[\r\n]/.test(body)) {
                const comment = parseDirective(body, line, i - lineStart, i + 2 - lineStart, end - i);
                if (comment) result.push(comment);
            }
            for (let k = i; k < end; k++) {
                const c = text.charCodeAt(k);
                if (c === 10 || (c === 13 && text.charCodeAt(k + 1) !== 10)) {
                    line++;
                    lineStart = k + 1;
                }
            }
            i = end;
        } else {
            i++;
        }
    }
    return result;
}

function isLineBreak(code: number): boolean {
    return code === 10 || code === 13;
}

function parseDirective(body: string, line: number, commentStart: number, bodyStart: number, commentLength?: number): SuppressionComment | undefined {
    const match = DIRECTIVE_PATTERN.exec(body);
    if (!match) {
        return undefined;
    }
    const afterDirective = match[0].length;
    const dashes = body.indexOf('--', afterDirective);
    const rulesText = dashes < 0 ? body.slice(afterDirective) : body.slice(afterDirective, dashes);
    const reasonText = dashes < 0 ? undefined : body.slice(dashes + 2).trim();
    const rules: string[] = [];
    const ruleRanges: Range[] = [];
    const idPattern = /[^\s,]+/g;
    let m: RegExpExecArray | null;
    while ((m = idPattern.exec(rulesText)) !== null) {
        const start = bodyStart + afterDirective + m.index;
        rules.push(m[0]);
        ruleRanges.push({ start: { line, character: start }, end: { line, character: start + m[0].length } });
    }
    const length = commentLength ?? (bodyStart - commentStart + body.length);
    return {
        line,
        range: { start: { line, character: commentStart }, end: { line, character: commentStart + length } },
        rules,
        ruleRanges,
        reason: reasonText ? reasonText : undefined,
    };
}
