/**
 * `pmpath check --format stylish` (the default): findings grouped by file, one
 * aligned row per finding, and a summary line. Colours are decided by the
 * caller (`useColor`), so the same text can go to a terminal or a file.
 */
import pc from 'picocolors';
import type { Severity } from '@pmpath/language';
import type { CheckReport, CheckSummary } from './report-model.js';

export interface StylishOptions {
    /** Emit ANSI colours (only when writing to a terminal). */
    readonly color: boolean;
}

/** The stylish report text, ending with a newline. */
export function formatStylish(report: CheckReport, options: StylishOptions): string {
    const c = pc.createColors(options.color);
    const severityColor: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.blue };
    const out: string[] = [];
    for (const file of report.files) {
        if (file.diagnostics.length === 0) continue;
        out.push(c.underline(printable(file.path)));
        const rows = file.diagnostics.map(d => ({
            position: `${d.line}:${d.column}`,
            severity: d.severity,
            message: printable(d.message),
            rule: printable(d.rule),
        }));
        const positionWidth = Math.max(...rows.map(r => r.position.length));
        const severityWidth = Math.max(...rows.map(r => r.severity.length));
        const messageWidth = Math.max(...rows.map(r => r.message.length));
        for (const row of rows) {
            // Pad before colouring: ANSI codes must not count towards the width.
            out.push(`  ${c.dim(row.position.padEnd(positionWidth))}  `
                + `${severityColor[row.severity](row.severity.padEnd(severityWidth))}  `
                + `${row.message.padEnd(messageWidth)}  ${c.dim(row.rule)}`);
        }
        out.push('');
    }
    out.push(summaryLine(report.summary, c));
    return `${out.join('\n')}\n`;
}

function summaryLine(summary: CheckSummary, c: ReturnType<typeof pc.createColors>): string {
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
