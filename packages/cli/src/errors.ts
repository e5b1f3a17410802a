/**
 * Exit codes and the one-line error messages of the `pmpath` CLI (SPEC §6).
 * Every failure ends as exactly one line on stderr; a stack trace is only
 * printed with `--debug`.
 */

/** The process exit codes of every `pmpath` command. */
export const ExitCode = {
    /** No lint errors and warnings within `--max-warnings`. */
    ok: 0,
    /** Lint errors, or more warnings than `--max-warnings` allows. */
    lintFailure: 1,
    /** Usage error, unreadable input, bad configuration or internal failure. */
    usage: 2,
} as const;

export type ExitCodeValue = typeof ExitCode[keyof typeof ExitCode];

/**
 * An expected failure with a message for the user (bad option value, missing
 * path, bad configuration). Commands throw it; `main` prints `pmpath: <message>`
 * and exits with `exitCode` (2 unless stated otherwise).
 */
export class CliError extends Error {
    constructor(message: string, readonly exitCode: ExitCodeValue = ExitCode.usage) {
        super(message);
        this.name = 'CliError';
    }

    /**
     * Also recognises a `CliError` from another copy of this module (the
     * bundled CLI loads the diagram commands from `out/`), by its brand.
     */
    static override [Symbol.hasInstance](value: unknown): boolean {
        return typeof value === 'object' && value !== null && (value as { [CLI_ERROR_BRAND]?: unknown })[CLI_ERROR_BRAND] === true;
    }
}

const CLI_ERROR_BRAND = Symbol.for('pmpath.cli-error');
Object.defineProperty(CliError.prototype, CLI_ERROR_BRAND, { value: true });

/** Collapses a possibly multi-line message to one line, so stderr stays greppable. */
export function oneLine(message: string): string {
    return message.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/**
 * The stderr text for an error: `pmpath: <message>` for expected failures,
 * `pmpath: internal error: <message>` for anything else, plus the stack with
 * `debug`.
 */
export function describeError(error: unknown, debug: boolean): string {
    const expected = error instanceof CliError;
    const message = error instanceof Error ? error.message : String(error);
    const line = `pmpath: ${expected ? '' : 'internal error: '}${oneLine(message) || 'unknown failure'}`;
    if (debug && error instanceof Error && error.stack) {
        return `${line}\n${error.stack}`;
    }
    return line;
}
