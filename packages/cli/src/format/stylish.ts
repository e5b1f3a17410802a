/**
 * `pmpath check --format stylish` (the default): findings grouped by file and
 * a summary line, never wider than the terminal (or `DEFAULT_WIDTH` columns
 * when the output is not a terminal). When every finding fits on one line,
 * rows are aligned in columns; otherwise each finding is a line with its
 * position, severity and rule id, and the message wrapped beneath it.
 * Colours are decided by the caller (`color`), so the same text can go to a
 * terminal or a file.
 */
import pc from 'picocolors';
import type { LintDiagnostic, Severity, SuppressedLintDiagnostic } from '@pmpath/language';
import type { CheckReport, CheckSummary } from './report-model.js';

/** The width of stylish output that does not go to a terminal (a CI log, a file, a pipe). */
export const DEFAULT_WIDTH = 100;
/** Narrower terminals are treated as this wide: wrapping into a sliver helps nobody. */
const MIN_WIDTH = 40;
/** The indent of a wrapped message, under its finding's position. */
const MESSAGE_INDENT = '    ';

export interface StylishOptions {
    /** Emit ANSI colours (only when writing to a terminal). */
    readonly color: boolean;
    /** Maximum line width in columns (default `DEFAULT_WIDTH`). File paths are never broken. */
    readonly width?: number;
    /** List the findings that suppression comments silenced, with their reasons. */
    readonly showSuppressed?: boolean;
}

type Colors = ReturnType<typeof pc.createColors>;

interface Row {
    readonly position: string;
    readonly label: string;
    readonly severity: Severity | 'suppressed';
    readonly message: string;
    readonly rule: string;
    readonly reason?: string;
}

/** The stylish report text, ending with a newline. */
export function formatStylish(report: CheckReport, options: StylishOptions): string {
    const c = pc.createColors(options.color);
    const width = Math.max(MIN_WIDTH, Math.floor(options.width ?? DEFAULT_WIDTH));
    const files = report.files.map(file => ({
        path: file.path,
        rows: [
            ...file.diagnostics.map(d => toRow(d)),
            ...(options.showSuppressed ? file.suppressed.map(d => toRow(d, d)) : []),
        ],
    })).filter(file => file.rows.length > 0);
    const all = files.flatMap(file => file.rows);
    const positionWidth = Math.max(0, ...all.map(r => r.position.length));
    const labelWidth = Math.max(0, ...all.map(r => r.label.length));
    const messageWidth = Math.max(0, ...all.map(r => r.message.length));
    const ruleWidth = Math.max(0, ...all.map(r => r.rule.length));
    // One aligned line per finding when the widest row fits; else wrap every message.
    const aligned = 2 + positionWidth + 2 + labelWidth + 2 + messageWidth + 2 + ruleWidth <= width
        && all.every(r => r.reason === undefined || MESSAGE_INDENT.length + 'reason: '.length + r.reason.length <= width);

    const out: string[] = [];
    for (const file of files) {
        out.push(c.underline(printable(file.path)));
        for (const row of file.rows) {
            // Pad before colouring: ANSI codes must not count towards the width.
            const head = `  ${c.dim(row.position.padEnd(positionWidth))}  ${paint(c, row.severity, row.label.padEnd(labelWidth))}  `;
            if (aligned) {
                out.push(`${head}${row.message.padEnd(messageWidth)}  ${c.dim(row.rule)}`);
            } else {
                out.push(`${head}${c.dim(row.rule)}`);
                for (const line of wrap(row.message, width - MESSAGE_INDENT.length)) out.push(`${MESSAGE_INDENT}${line}`);
            }
            if (row.reason !== undefined) {
                const reason = wrap(`reason: ${row.reason}`, width - MESSAGE_INDENT.length);
                for (const line of reason) out.push(`${MESSAGE_INDENT}${c.dim(line)}`);
            }
        }
        out.push('');
    }
    out.push(summaryLine(report.summary, c));
    const suppressed = report.files.reduce((n, file) => n + file.suppressed.length, 0);
    if (suppressed > 0) {
        out.push(c.dim(options.showSuppressed
            ? `${plural(suppressed, 'suppressed finding')} listed with ${suppressed === 1 ? 'its reason' : 'their reasons'} (not counted).`
            : `${plural(suppressed, 'finding')} suppressed in the source (not counted; --show-suppressed lists them with their reasons).`));
    }
    return `${out.join('\n')}\n`;
}

function toRow(d: LintDiagnostic, suppressed?: SuppressedLintDiagnostic): Row {
    return {
        position: `${d.line}:${d.column}`,
        label: suppressed ? `suppressed ${d.severity}` : d.severity,
        severity: suppressed ? 'suppressed' : d.severity,
        message: printable(d.message),
        rule: printable(d.rule),
        ...(suppressed ? { reason: printable(suppressed.reason) } : {}),
    };
}

function paint(c: Colors, severity: Row['severity'], text: string): string {
    switch (severity) {
        case 'error': return c.red(text);
        case 'warning': return c.yellow(text);
        case 'info': return c.blue(text);
        case 'suppressed': return c.dim(text);
    }
}

/**
 * Breaks text into lines of at most `width` characters at spaces; a word
 * longer than a line (a long path or URL) is split where it must be.
 */
export function wrap(text: string, width: number): string[] {
    const limit = Math.max(1, width);
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/ +/).filter(Boolean)) {
        let rest = word;
        if (line && line.length + 1 + rest.length <= limit) {
            line += ` ${rest}`;
            continue;
        }
        if (line) lines.push(line);
        while (rest.length > limit) {
            lines.push(rest.slice(0, limit));
            rest = rest.slice(limit);
        }
        line = rest;
    }
    if (line || lines.length === 0) lines.push(line);
    return lines;
}

/** The one-line summary of a check (also printed on stderr when the report goes to a file). */
export function summaryLine(summary: CheckSummary, c: Colors = pc.createColors(false)): string {
    const problems = summary.errors + summary.warnings + summary.infos;
    if (problems === 0) {
        return c.green(`✔ No problems found in ${plural(summary.files, 'file')}.`);
    }
    const parts = [plural(summary.errors, 'error'), plural(summary.warnings, 'warning')];
    if (summary.infos > 0) {
        parts.push(plural(summary.infos, 'info'));
    }
    const text = `✖ ${plural(problems, 'problem')} (${parts.join(', ')}) in ${plural(summary.files, 'file')} checked`;
    return summary.errors > 0 ? c.bold(c.red(text)) : summary.warnings > 0 ? c.bold(c.yellow(text)) : c.bold(text);
}

function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Makes text safe for a terminal: control characters (which could move the
 * cursor or inject escape sequences) and bidirectional overrides (which could
 * reorder what the reader sees) from pathway labels are shown as escapes.
 */
export function printable(text: string): string {
    return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ch => {
        if (ch === '\t') return ' ';
        const code = ch.charCodeAt(0);
        return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    });
}

/**
 * Whether stdout gets colours: `NO_COLOR`/`--no-color` switch them off,
 * `FORCE_COLOR`/`--color` on, otherwise only a terminal (not a pipe, a file
 * or a `dumb` terminal) gets them. Unlike picocolors' own default, a `CI`
 * variable alone does not turn them on, so piped output stays plain.
 */
export function stdoutSupportsColor(
    env: NodeJS.ProcessEnv = process.env,
    argv: readonly string[] = process.argv,
    isTTY: boolean = process.stdout.isTTY === true
): boolean {
    if (argv.includes('--no-color') || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) {
        return false;
    }
    if (argv.includes('--color') || (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false')) {
        return true;
    }
    return isTTY && env.TERM !== 'dumb';
}
