/**
 * The lint engine behind `pmpath check` and `pmpath test`: loads files into
 * one Langium workspace (with the files they import, transitively, so names
 * resolve — a test suite's pathway and that pathway's libraries too), builds
 * and validates them, and returns plain 1-based diagnostics. No LSP machinery.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI, type LangiumDocument, type LangiumDocumentFactory, type LangiumDocuments } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { ConfigError, describeConfigProblems, loadConfigFile } from '../config/pmpath-config.js';
import { createPmpathServices, type PmpathServices } from '../pmpath-module.js';
import { isPmpathFile } from '../generated/ast.js';
import { RuleId, type Severity } from '../rules.js';
import { importTargets } from '../scoping/pmpath-scope.js';
import { messageText } from '../validation/pmpath-document-validator.js';
import { suppressedDiagnosticsOf } from '../validation/suppression.js';

export interface LintDiagnostic {
    readonly rule: string;
    readonly severity: Severity;
    readonly message: string;
    /** 1-based. */
    readonly line: number;
    /** 1-based, in UTF-16 code units like the editor. */
    readonly column: number;
    readonly endLine: number;
    /** 1-based, exclusive. */
    readonly endColumn: number;
}

/** A finding that a suppression comment silenced, with the comment's reason. */
export interface SuppressedLintDiagnostic extends LintDiagnostic {
    /** The reason given after `--` in the suppression comment. */
    readonly reason: string;
}

export interface FileLintResult {
    /** Absolute path of the file. */
    readonly filePath: string;
    readonly uri: string;
    /** Sorted by line, then column. */
    readonly diagnostics: LintDiagnostic[];
    /** Findings silenced by suppression comments, with their reasons; sorted like `diagnostics`. */
    readonly suppressed: SuppressedLintDiagnostic[];
    /** The parsed document (undefined when the file is not text). */
    readonly document?: LangiumDocument;
}

export interface LintOptions {
    /** `--config FILE`: use this configuration for every file instead of searching. */
    readonly configFile?: string;
    /**
     * Also validate and report the files the requested ones import,
     * transitively (`pmpath test` must not run a suite whose pathway has
     * error findings). By default imported files are only loaded for context.
     */
    readonly includeImports?: boolean;
}

export interface LintRun {
    /** One result per requested file (and, with `includeImports`, per imported file), sorted by path. */
    readonly files: FileLintResult[];
    readonly services: PmpathServices;
}

/** An input that cannot be linted at all (missing, unreadable): the CLI exits with code 2. */
export class LintInputError extends Error {
    constructor(readonly filePath: string, readonly reason: string) {
        super(`${filePath}: ${reason}`);
        this.name = 'LintInputError';
    }
}

export { ConfigError };

interface LoadedText {
    readonly text: string;
    /** A `syntax` finding for a file that is not UTF-8 text (binary, UTF-16). */
    readonly encodingProblem?: string;
}

/** Reads a file as UTF-8 text; binary and UTF-16 files become a `syntax` finding, not a crash. */
export function readSourceFile(filePath: string): LoadedText {
    let bytes: Buffer;
    try {
        bytes = fs.readFileSync(filePath);
    } catch (error) {
        throw readError(filePath, error);
    }
    return decodeSource(bytes);
}

function readError(filePath: string, error: unknown): LintInputError {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file'
        : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
        : code === 'EISDIR' ? 'is a directory'
        : `cannot be read (${code ?? String(error)})`;
    return new LintInputError(filePath, reason);
}

/** How many files are read at once: enough to keep libuv's thread pool busy. */
const READ_CONCURRENCY = 16;

/**
 * Reads files concurrently (the CLI lints whole repositories; reading one
 * file at a time leaves the disk and thread pool idle). Results come back in
 * input order; a file that cannot be read yields its `LintInputError`.
 */
async function readAll(filePaths: readonly string[]): Promise<Array<LoadedText | LintInputError>> {
    const results: Array<LoadedText | LintInputError> = new Array(filePaths.length);
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < filePaths.length) {
            const index = next++;
            try {
                results[index] = decodeSource(await fs.promises.readFile(filePaths[index]));
            } catch (error) {
                results[index] = readError(filePaths[index], error);
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, filePaths.length) }, worker));
    return results;
}

export function decodeSource(bytes: Uint8Array): LoadedText {
    if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
        return { text: '', encodingProblem: 'This file is UTF-16 text; pmpath files must be UTF-8. Re-save it as UTF-8.' };
    }
    if (bytes.includes(0)) {
        return { text: '', encodingProblem: 'This file is binary (it contains NUL bytes), not a pmpath text file.' };
    }
    try {
        const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        return { text: text.replace(/^\uFEFF/, '') };
    } catch {
        return { text: '', encodingProblem: 'This file is not valid UTF-8 text; re-save it as UTF-8.' };
    }
}

/**
 * Lints the given files (absolute or relative paths to `.pmpath` files) in one
 * workspace. Throws `LintInputError` or `ConfigError` for unusable input.
 */
export async function lintFiles(files: readonly string[], options: LintOptions = {}): Promise<LintRun> {
    const services = createPmpathServices(NodeFileSystem, { batch: true }).Pmpath;
    const configProvider = services.config.ConfigProvider;
    if (options.configFile) {
        const config = loadConfigFile(options.configFile);
        const problem = describeConfigProblems(config);
        if (problem) {
            throw new ConfigError(options.configFile, problem.slice(problem.indexOf(': ') + 2));
        }
        configProvider.override = config;
    }

    const documentFactory = services.shared.workspace.LangiumDocumentFactory;
    const documents = services.shared.workspace.LangiumDocuments;
    const requested = new Map<string, { filePath: string; encodingProblem?: string }>();
    const queue: LangiumDocument[] = [];

    const unique = new Map<string, { filePath: string; uri: URI }>();
    for (const file of files) {
        const filePath = path.resolve(file);
        const uri = URI.file(filePath);
        if (!unique.has(uri.toString())) unique.set(uri.toString(), { filePath, uri });
    }
    const entries = [...unique.values()];
    const texts = await readAll(entries.map(entry => entry.filePath));
    for (const [index, { filePath, uri }] of entries.entries()) {
        const key = uri.toString();
        const loaded = texts[index];
        if (loaded instanceof LintInputError) throw loaded;
        if (!options.configFile) {
            const problem = describeConfigProblems(configProvider.configForFolder(path.dirname(filePath)));
            if (problem) {
                const at = problem.indexOf(': ');
                throw new ConfigError(problem.slice(0, at), problem.slice(at + 2));
            }
        }
        requested.set(key, { filePath, encodingProblem: loaded.encodingProblem });
        const document = documentFactory.fromString(loaded.text, uri);
        documents.addDocument(document);
        queue.push(document);
    }

    // Load imported files that were not requested, so that their names resolve.
    while (queue.length > 0) {
        const document = queue.pop()!;
        for (const { uri } of importTargets(document)) {
            if (documents.hasDocument(uri) || !uri.path.endsWith('.pmpath')) continue;
            let loaded: LoadedText;
            try {
                const stat = fs.statSync(uri.fsPath);
                if (!stat.isFile()) continue;
                loaded = decodeSource(fs.readFileSync(uri.fsPath));
            } catch {
                continue; // reported as `import-not-found` by the validator
            }
            const imported = documentFactory.fromString(loaded.text, uri);
            documents.addDocument(imported);
            queue.push(imported);
            if (options.includeImports) {
                requested.set(uri.toString(), { filePath: uri.fsPath, encodingProblem: loaded.encodingProblem });
            }
        }
    }

    // A library's `unused-declaration` findings depend on the files that import
    // it; when a library is checked without them, look for its importers in the
    // surrounding folder tree (loaded for context, not reported).
    const requestedLibraries = [...requested.keys()]
        .map(key => documents.getDocument(URI.parse(key))!)
        .filter(document => isPmpathFile(document.parseResult.value) && document.parseResult.value.body?.$type === 'Library');
    if (requestedLibraries.length > 0) {
        loadImporterCandidates(requestedLibraries, documents, documentFactory);
    }

    // Context files (imports, importers) are linked but not validated: only the
    // requested files' findings are reported.
    const builder = services.shared.workspace.DocumentBuilder;
    await builder.build(documents.all.toArray(), { validation: false });
    await builder.build([...requested.keys()].map(key => documents.getDocument(URI.parse(key))!), { validation: true });

    const results: FileLintResult[] = [];
    for (const [key, { filePath, encodingProblem }] of requested) {
        const document = documents.getDocument(URI.parse(key))!;
        const diagnostics = encodingProblem
            ? [{ rule: RuleId.syntax, severity: 'error' as const, message: encodingProblem, line: 1, column: 1, endLine: 1, endColumn: 1 }]
            : (document.diagnostics ?? []).map(toLintDiagnostic);
        const suppressed = encodingProblem ? [] : suppressedLintDiagnostics(document);
        diagnostics.sort(byPosition);
        suppressed.sort(byPosition);
        results.push({ filePath, uri: key, diagnostics, suppressed, document: encodingProblem ? undefined : document });
    }
    results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
    return { files: results, services };
}

/** At most this many context files are scanned when looking for a library's importers. */
const MAX_CONTEXT_FILES = 5000;

/**
 * Loads the `.pmpath` files that may import the given libraries: those in the
 * repository that holds each library (the nearest folder above it with a
 * `.git`), so that checking a library from its own folder still sees the
 * pathways that import it. Outside a repository: under the current directory
 * when it holds the library's parent folder, else under that parent folder.
 * A file is parsed only when its text names one of the libraries' file names.
 */
function loadImporterCandidates(libraries: LangiumDocument[], documents: LangiumDocuments, factory: LangiumDocumentFactory): void {
    const cwd = process.cwd();
    const roots = new Set<string>();
    for (const library of libraries) {
        roots.add(importerSearchRoot(library.uri.fsPath, cwd));
    }
    const names = libraries.map(library => path.basename(library.uri.fsPath));
    let scanned = 0;
    for (const root of roots) {
        const stack = [root];
        while (stack.length > 0 && scanned < MAX_CONTEXT_FILES) {
            const dir = stack.pop()!;
            let entries: fs.Dirent[];
            try {
                entries = fs.readdirSync(dir, { withFileTypes: true });
            } catch {
                continue;
            }
            for (const entry of entries) {
                if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
                const full = path.join(dir, entry.name);
                if (entry.isDirectory()) {
                    stack.push(full);
                } else if (entry.isFile() && entry.name.endsWith('.pmpath')) {
                    scanned++;
                    const uri = URI.file(full);
                    if (documents.hasDocument(uri)) continue;
                    let text: string;
                    try {
                        text = decodeSource(fs.readFileSync(full)).text;
                    } catch {
                        continue;
                    }
                    if (names.some(name => text.includes(name))) {
                        documents.addDocument(factory.fromString(text, uri));
                    }
                }
            }
        }
    }
}

/** Where to look for the files that import a library: see `loadImporterCandidates`. */
export function importerSearchRoot(libraryFile: string, cwd: string = process.cwd()): string {
    const folder = path.dirname(path.resolve(libraryFile));
    const repository = findRepositoryRoot(folder);
    if (repository) return repository;
    const parent = path.dirname(folder);
    return isInside(parent, cwd) ? cwd : parent;
}

/**
 * The nearest folder at or above `start` that holds a `.git` folder or file
 * (a worktree or submodule has a `.git` file), or undefined.
 */
export function findRepositoryRoot(start: string): string | undefined {
    let folder = path.resolve(start);
    for (;;) {
        if (fs.existsSync(path.join(folder, '.git'))) return folder;
        const parent = path.dirname(folder);
        if (parent === folder) return undefined;
        folder = parent;
    }
}

/** Whether `child` is `parent` or lies below it. */
function isInside(child: string, parent: string): boolean {
    const relative = path.relative(parent, child);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

const SEVERITY_NAMES: Record<number, Severity> = {
    [DiagnosticSeverity.Error]: 'error',
    [DiagnosticSeverity.Warning]: 'warning',
    [DiagnosticSeverity.Information]: 'info',
    [DiagnosticSeverity.Hint]: 'info',
};

function byPosition(a: LintDiagnostic, b: LintDiagnostic): number {
    return a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn;
}

/** The findings that suppression comments silenced in a validated document, as plain diagnostics with their reasons. */
export function suppressedLintDiagnostics(document: LangiumDocument): SuppressedLintDiagnostic[] {
    return suppressedDiagnosticsOf(document).map(s => ({ ...toLintDiagnostic(s.diagnostic), reason: s.reason }));
}

/** An LSP diagnostic as a plain 1-based pmpath diagnostic. */
export function toLintDiagnostic(diagnostic: Diagnostic): LintDiagnostic {
    return {
        rule: typeof diagnostic.code === 'string' ? diagnostic.code : RuleId.syntax,
        severity: SEVERITY_NAMES[diagnostic.severity ?? DiagnosticSeverity.Error] ?? 'error',
        message: messageText(diagnostic.message),
        line: diagnostic.range.start.line + 1,
        column: diagnostic.range.start.character + 1,
        endLine: diagnostic.range.end.line + 1,
        endColumn: diagnostic.range.end.character + 1,
    };
}
