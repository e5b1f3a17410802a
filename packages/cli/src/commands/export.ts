/**
 * `pmpath export fhir FILE… [--output DIR] [--bundle] [--canonical URL]`
 * (SPEC §8): lints the files (with everything they import), refuses files
 * with `syntax` or `unresolved-reference` errors (exit 1, findings on
 * stderr, nothing written), exports the rest with `@pmpath/fhir` and writes
 * a folder of `RESOURCETYPE-ID.json` files (default `fhir/`) or, with
 * `--bundle`, one `collection` Bundle (to `--output FILE` or stdout).
 *
 * The folder is written atomically: every file goes into a fresh temporary
 * folder next to the target first, so an export that fails half-way (disk
 * full, permissions) leaves the target as it was.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { ConfigError, LintInputError, lintFiles, type FileLintResult, type LintDiagnostic } from '@pmpath/language';
import {
    bundleChunks, collectExportUnits, DEFAULT_CANONICAL, exportFhir, FhirExportError, isValidCanonical, resourceFileName, serializeResource,
    type FhirResource
} from '@pmpath/fhir';
import { CliError, ExitCode, oneLine } from '../errors.js';
import { expandPaths, messagePath } from '../files.js';

export interface ExportFhirOptions {
    readonly output?: string;
    readonly bundle?: boolean;
    readonly canonical?: string;
    readonly config?: string;
}

/** The rules whose errors make a file impossible to export (SPEC §8). */
const BLOCKING_RULES: ReadonlySet<string> = new Set(['syntax', 'unresolved-reference']);

/** Exports the pathways of `paths` as FHIR R4; returns the exit code. Throws `CliError` for unusable input or output. */
export async function runExportFhir(paths: readonly string[], options: ExportFhirOptions, cwd: string = process.cwd()): Promise<number> {
    const canonical = options.canonical ?? DEFAULT_CANONICAL;
    if (!isValidCanonical(canonical.replace(/\/+$/, ''))) {
        throw new CliError(`--canonical "${canonical}" is not an absolute http(s) URL (without spaces, '|', '#' or '?')`);
    }
    const files = await expandPaths(paths, cwd);
    let run: Awaited<ReturnType<typeof lintFiles>>;
    try {
        // Only `syntax` and `unresolved-reference` block an export (SPEC §8), in the files or
        // in what they import: the other rules are `pmpath check`'s business and are not run.
        run = await lintFiles(files, { configFile: options.config ? path.resolve(cwd, options.config) : undefined, blockingOnly: true, includeImports: true });
    } catch (error) {
        if (error instanceof LintInputError || error instanceof ConfigError) {
            throw new CliError(`${messagePath(error.filePath, cwd)}: ${error.reason}`);
        }
        throw error;
    }
    const langiumDocuments = run.services.shared.workspace.LangiumDocuments;
    const documents = run.files.map(f => f.document).filter((d): d is NonNullable<FileLintResult['document']> => d !== undefined);

    // A file that does not parse or link cannot be exported faithfully; nor can a pathway whose imports do not.
    const blocking = new Map<string, LintDiagnostic[]>();
    for (const result of run.files) {
        const errors = result.diagnostics.filter(d => d.severity === 'error' && BLOCKING_RULES.has(d.rule));
        if (errors.length > 0) blocking.set(result.filePath, errors);
    }
    // Units are named relative to the folder that holds them all, so the output does not depend on the working directory.
    const root = commonFolder(langiumDocuments.all.map(d => d.uri.fsPath).toArray());
    const shown = new Map<string, string>();
    const units = collectExportUnits(documents, langiumDocuments, d => {
        const name = path.relative(root, d.uri.fsPath).split(path.sep).join('/');
        shown.set(name, messagePath(d.uri.fsPath, cwd));
        return name;
    });
    const requested = new Set(documents.map(d => d.uri.toString()));
    const exportedFiles = new Set<unknown>(units.map(u => u.file));
    for (const document of langiumDocuments.all) {
        if (requested.has(document.uri.toString()) || !exportedFiles.has(document.parseResult.value)) continue;
        const errors = (document.diagnostics ?? []).filter(d => d.severity === 1 && BLOCKING_RULES.has(String(d.code)));
        if (errors.length > 0) {
            blocking.set(document.uri.fsPath, errors.map(d => ({
                rule: String(d.code), severity: 'error' as const, message: typeof d.message === 'string' ? d.message : d.message.value,
                line: d.range.start.line + 1, column: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
            })));
        }
    }
    if (blocking.size > 0) {
        for (const [filePath, errors] of [...blocking].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
            for (const d of errors) {
                process.stderr.write(`${messagePath(filePath, cwd)}:${d.line}:${d.column}: error: ${oneLine(d.message)} [${d.rule}]\n`);
            }
        }
        process.stderr.write(`pmpath: nothing exported: fix the ${[...blocking.values()].flat().length === 1 ? 'error' : 'errors'} above (run pmpath check for every finding)\n`);
        return ExitCode.lintFailure;
    }
    for (const result of run.files) {
        const body = (result.document?.parseResult.value as { body?: { $type: string } } | undefined)?.body;
        if (body?.$type === 'TestSuite') {
            process.stderr.write(`pmpath: warning: ${messagePath(result.filePath, cwd)} is a test suite; it is not exported\n`);
        }
    }

    let exported: ReturnType<typeof exportFhir>;
    try {
        exported = exportFhir(units, { canonical });
    } catch (error) {
        if (error instanceof FhirExportError) throw new CliError(error.message, ExitCode.lintFailure);
        throw error;
    }
    if (!exported.resources.some(r => r.resourceType === 'Library')) {
        throw new CliError(`${paths.join(', ')}: no pathway or library to export`);
    }
    for (const warning of exported.warnings) {
        process.stderr.write(`pmpath: warning: ${shown.get(warning.path) ?? warning.path}: ${oneLine(warning.message)}\n`);
    }

    if (options.bundle) {
        await writeBundle(bundleChunks(exported.resources, exported.canonical), options.output, cwd);
        if (options.output) process.stderr.write(`pmpath: wrote a Bundle of ${exported.resources.length} FHIR R4 resources to ${options.output}\n`);
        return ExitCode.ok;
    }
    const target = options.output ?? 'fhir';
    writeFolder(exported.resources, target, cwd);
    process.stdout.write(`Wrote ${exported.resources.length} FHIR R4 resources to ${target.replace(/\/*$/, '/')}\n`);
    return ExitCode.ok;
}

/**
 * Writes the Bundle's text to `output` (through a temporary file renamed at
 * the end, so a failed write leaves no half-written Bundle) or to stdout,
 * in chunks of about a megabyte.
 */
async function writeBundle(chunks: Iterable<string>, output: string | undefined, cwd: string): Promise<void> {
    const batches = function* (): Generator<string> {
        let batch = '';
        for (const chunk of chunks) {
            batch += chunk;
            if (batch.length >= 1 << 20) {
                yield batch;
                batch = '';
            }
        }
        if (batch) yield batch;
    };
    if (!output) {
        for (const batch of batches()) {
            if (!process.stdout.write(batch)) await new Promise(resolve => process.stdout.once('drain', resolve));
        }
        return;
    }
    const target = path.resolve(cwd, output);
    const temporary = `${target}.pmpath-${process.pid}.tmp`;
    try {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const fd = fs.openSync(temporary, 'w');
        try {
            for (const batch of batches()) fs.writeSync(fd, batch);
        } finally {
            fs.closeSync(fd);
        }
        fs.renameSync(temporary, target);
    } catch (error) {
        fs.rmSync(temporary, { force: true });
        const code = (error as NodeJS.ErrnoException).code;
        throw new CliError(`${output}: cannot write the FHIR Bundle (${code ?? (error instanceof Error ? error.message : String(error))})`);
    }
}

/**
 * Writes one file per resource into `output`, all or nothing: the files go
 * into a temporary folder beside the target and are moved in at the end.
 * Files of earlier exports that this export does not produce are left alone.
 */
export function writeFolder(resources: readonly FhirResource[], output: string, cwd: string): void {
    const target = path.resolve(cwd, output);
    const fail = (error: unknown): never => {
        const code = (error as NodeJS.ErrnoException).code;
        throw new CliError(`${output}: cannot write the FHIR export (${code ?? (error instanceof Error ? error.message : String(error))})`);
    };
    let staging: string | undefined;
    try {
        const existing = fs.statSync(target, { throwIfNoEntry: false });
        if (existing && !existing.isDirectory()) {
            throw new CliError(`${output}: is a file, not a folder; give --output a folder, or add --bundle to write one Bundle file`);
        }
        fs.mkdirSync(path.dirname(target), { recursive: true });
        staging = fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.pmpath-`));
        for (const resource of resources) {
            fs.writeFileSync(path.join(staging, resourceFileName(resource)), serializeResource(resource));
        }
        if (!existing) {
            fs.renameSync(staging, target);
            staging = undefined;
            return;
        }
        fs.accessSync(target, fs.constants.W_OK);
        for (const resource of resources) {
            const name = resourceFileName(resource);
            fs.renameSync(path.join(staging, name), path.join(target, name));
        }
    } catch (error) {
        if (error instanceof CliError) throw error;
        fail(error);
    } finally {
        if (staging) fs.rmSync(staging, { recursive: true, force: true });
    }
}

/** The deepest folder containing every one of the files. */
function commonFolder(files: readonly string[]): string {
    if (files.length === 0) return process.cwd();
    let folder = path.dirname(files[0]);
    while (!files.every(f => f === folder || f.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep))) {
        const parent = path.dirname(folder);
        if (parent === folder) break;
        folder = parent;
    }
    return folder;
}

/** The `export` command with its `fhir` subcommand. */
export function exportCommand(): Command {
    const fhir = new Command('fhir')
        .description('write the pathways (and everything they import) as FHIR R4 resources shaped after the HL7 CPG implementation guide')
        .argument('<paths...>', '.pmpath files, or directories walked for *.pmpath')
        .option('--output <path>', 'the folder to write RESOURCETYPE-ID.json files into (default fhir/); with --bundle, the Bundle file (default stdout)')
        .option('--bundle', 'write one FHIR Bundle of type collection instead of a folder')
        .option('--canonical <url>', `base of every canonical URL (default ${DEFAULT_CANONICAL})`)
        .option('--config <file>', 'use this configuration for the findings instead of the nearest .pmpathrc.json')
        .addHelpText('after', '\nA file with syntax or unresolved-reference errors is not exported; other findings do not block.\nA data item without a code is exported with code.text and named in a warning.\nExit codes: 0 exported; 1 a file has syntax or unresolved-reference errors (nothing written); 2 usage error, unreadable input or unwritable output.')
        .action(async (paths: string[], options: ExportFhirOptions) => {
            process.exitCode = await runExportFhir(paths, options);
        });
    return new Command('export')
        .description('export pathways to other formats: fhir (FHIR R4, HL7 CPG)')
        .addCommand(fhir);
}
