/**
 * Helpers for tests that spawn an executable (the CLI of this repository, or
 * the one installed from the packed tarball) and for temporary folders.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'vitest';

export const CLI_ROOT = path.resolve(import.meta.dirname, '..');
export const REPO_ROOT = path.resolve(CLI_ROOT, '../..');
/** The repository's `pmpath` executable (it runs the bundle in `dist/`). */
export const BIN = path.join(CLI_ROOT, 'bin/pmpath.js');

export interface RunResult {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

export interface RunOptions {
    readonly cwd?: string;
    readonly env?: Record<string, string | undefined>;
    readonly input?: string;
    readonly timeout?: number;
}

/** Environment without the colour switches a test runner may set. */
export function plainEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of ['CI', 'FORCE_COLOR', 'NO_COLOR', 'TERM']) delete env[name];
    for (const [name, value] of Object.entries(extra)) {
        if (value === undefined) delete env[name];
        else env[name] = value;
    }
    return env;
}

/** Runs a command asynchronously (concurrent tests overlap their start-ups) and collects its output. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, [...args], {
            cwd: options.cwd ?? REPO_ROOT,
            env: plainEnv(options.env),
            stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
            timeout: options.timeout ?? 120_000,
        });
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
        child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
        child.on('error', reject);
        child.on('close', status => resolve({
            status,
            stdout: Buffer.concat(stdout).toString('utf8'),
            stderr: Buffer.concat(stderr).toString('utf8'),
        }));
        if (options.input !== undefined) child.stdin!.end(options.input);
    });
}

export interface PmpathOptions extends RunOptions {
    /** Options for Node.js itself, before the script (e.g. `--max-old-space-size=512`). */
    readonly nodeArgs?: readonly string[];
}

/** Runs this repository's `pmpath`. */
export function pmpath(args: readonly string[], options: PmpathOptions = {}): Promise<RunResult> {
    return run(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], options);
}

/** Temporary folders created by `tempTree`, removed by `removeTempTrees`. */
const trees: string[] = [];

/** A fresh temporary folder holding the given files (names may contain folders). */
export function tempTree(files: Record<string, string | Uint8Array>, prefix = 'pmpath-test-'): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    trees.push(root);
    for (const [name, content] of Object.entries(files)) {
        const file = path.join(root, name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
    }
    return root;
}

export function removeTempTrees(): void {
    for (const root of trees.splice(0)) fs.rmSync(root, { recursive: true, force: true });
}

/** Exactly one line on stderr, `pmpath: …`, no stack trace, exit code 2. */
export function oneLineError(result: RunResult): string | undefined {
    const lines = result.stderr.trimEnd().split('\n');
    if (result.status !== 2 || lines.length !== 1 || !lines[0].startsWith('pmpath: ')) return undefined;
    return lines[0];
}

/**
 * Asserts `oneLineError` (exit 2, exactly one line `pmpath: …` on stderr), no
 * stack trace, and that the line contains every fragment; returns the line.
 */
export function expectOneLineError(result: RunResult, ...fragments: string[]): string {
    const line = oneLineError(result);
    if (line === undefined) expect.unreachable(`expected exit 2 and one line \`pmpath: …\` on stderr; got exit ${result.status}\n${result.stdout}${result.stderr}`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    for (const fragment of fragments) expect(line).toContain(fragment);
    return line;
}
