/**
 * Expands the PATH arguments of `pmpath check`, `test`, `report` and `export`
 * into the list of files: files are taken as given (for the commands that read
 * pathways, only with a pmpath extension), directories are walked for
 * `*.pmpath` and `*.pmtest` files (`pmpath test`: `*.pmtest` only), skipping
 * `node_modules` and dot-folders, and no PATH means the current directory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { glob } from 'tinyglobby';
import { CliError } from './errors.js';

/** The extension of pathway and library files. */
export const PMPATH_EXTENSION = '.pmpath';
/** The extension of test-suite files (SPEC §7). */
export const PMTEST_EXTENSION = '.pmtest';
/** What `check` and `report` read: pathways, libraries and test suites. */
export const SOURCE_EXTENSIONS: readonly string[] = [PMPATH_EXTENSION, PMTEST_EXTENSION];

/**
 * Throws the one-line usage error for a file the commands cannot read as
 * pmpath (`README.md`, `a.txt`, `X.PMPATH` — extensions are case-sensitive,
 * like the language's keywords), instead of letting the language services
 * fail on an extension they do not know.
 */
export function requireSourceFile(input: string, extensions: readonly string[] = SOURCE_EXTENSIONS): void {
    if (!extensions.some(extension => input.endsWith(extension) && input.length > extension.length)) {
        throw new CliError(`${input} is not a ${PMPATH_EXTENSION} file`);
    }
}

/**
 * Absolute paths of the files, without duplicates, sorted. Throws a
 * `CliError` naming the first PATH that does not exist, and when the PATHs
 * hold no file with one of the `extensions` at all (checking nothing is almost
 * always a mistake in a CI job, so it must not pass silently).
 */
export async function expandPaths(paths: readonly string[], cwd: string = process.cwd(), extensions: readonly string[] = SOURCE_EXTENSIONS): Promise<string[]> {
    const inputs = paths.length > 0 ? paths : ['.'];
    const files = new Set<string>();
    for (const input of inputs) {
        const absolute = path.resolve(cwd, input);
        let stat: fs.Stats;
        try {
            stat = fs.statSync(absolute);
        } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code === 'ENOENT' || code === 'ENOTDIR') {
                throw new CliError(`${input}: no such file or directory`);
            }
            throw new CliError(`${input}: cannot be read (${code ?? String(error)})`);
        }
        if (stat.isDirectory()) {
            for (const file of await walk(absolute, extensions)) {
                files.add(file);
            }
        } else {
            // `pmpath test` names a non-suite file in words of its own.
            if (extensions.includes(PMPATH_EXTENSION)) requireSourceFile(input, extensions);
            files.add(absolute);
        }
    }
    if (files.size === 0) {
        throw new CliError(`no ${extensions.join(' or ')} files found in ${inputs.join(', ')}`);
    }
    return [...files].sort(compareStrings);
}

async function walk(directory: string, extensions: readonly string[]): Promise<string[]> {
    // `dot: false` skips dot-files and dot-folders below `directory` (but not
    // `directory` itself, which the user named).
    const pattern = extensions.length === 1 ? `**/*${extensions[0]}` : `**/*{${extensions.join(',')}}`;
    const found = await glob(pattern, {
        cwd: directory,
        absolute: true,
        dot: false,
        onlyFiles: true,
        ignore: ['**/node_modules/**'],
        expandDirectories: false,
    });
    return found.map(file => path.resolve(file));
}

/** Code-unit order: deterministic across locales, unlike `localeCompare`. */
export function compareStrings(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** A path relative to `cwd` with forward slashes, as shown in every report. */
export function displayPath(filePath: string, cwd: string = process.cwd()): string {
    const relative = path.relative(cwd, filePath) || path.basename(filePath);
    return relative.split(path.sep).join('/');
}

/**
 * A path for a one-line message: relative to `cwd` when inside it (short),
 * absolute otherwise (a chain of `../` is harder to read than the real path).
 */
export function messagePath(filePath: string, cwd: string = process.cwd()): string {
    const absolute = path.resolve(cwd, filePath);
    const relative = path.relative(cwd, absolute);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
        return absolute;
    }
    return relative.split(path.sep).join('/');
}
