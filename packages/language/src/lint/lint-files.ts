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
import { assertUsableConfig, ConfigError, loadOverrideConfig } from '../config/pmpath-config.js';
import { createPmpathServices, type PmpathServices } from '../pmpath-module.js';
import { isPmpathFile } from '../generated/ast.js';
import { RuleId, type Severity } from '../rules.js';
import { importTargets } from '../scoping/pmpath-scope.js';
import { messageText, SYNTAX_CHECKS } from '../validation/pmpath-document-validator.js';
import { suppressedDiagnosticsOf } from '../validation/suppression.js';
import { decodeSource, findImporterCandidates, LintInputError, readAll, type LoadedText } from './source-files.js';

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
    /**
     * Files loaded as context (linked, not validated, their imports not
     * followed): the importers a cached run knows a re-checked file has.
     */
    readonly contextFiles?: readonly string[];
    /**
     * Look for the importers of requested libraries in the surrounding folders
     * (default true). A cached run has already found them and passes them as
     * `contextFiles`.
     */
    readonly scanForImporters?: boolean;
    /**
     * Report only what makes a file unusable — `syntax` and
     * `unresolved-reference` — and skip every other rule (and the search for
     * a library's importers, which only `unused-declaration` needs). For
     * commands that read pathways rather than judge them (`export fhir`).
     */
    readonly blockingOnly?: boolean;
}

/** What a file is and what it imports, as its last parse found (for the cache). */
export interface SourceDescription {
    /** Absolute path. */
    readonly filePath: string;
    /** Absolute paths of its import targets, in source order. */
    readonly imports: readonly string[];
    readonly kind: SourceKind;
}

export type SourceKind = 'pathway' | 'library' | 'suite' | 'none';

export interface LintRun {
    /** One result per requested file (and, with `includeImports`, per imported file), sorted by path. */
    readonly files: FileLintResult[];
    readonly services: PmpathServices;
    /** Every file of the workspace (requested and context), with its imports. */
    readonly sources: readonly SourceDescription[];
}

export { ConfigError };
export { decodeSource, findRepositoryRoot, importerSearchRoot, LintInputError, readSourceFile, type LoadedText } from './source-files.js';

/**
 * Lints the given files (absolute or relative paths to `.pmpath` files) in one
 * workspace. Throws `LintInputError` or `ConfigError` for unusable input.
 */
export async function lintFiles(files: readonly string[], options: LintOptions = {}): Promise<LintRun> {
    const services = createPmpathServices(NodeFileSystem, { batch: true }).Pmpath;
    const configProvider = services.config.ConfigProvider;
    if (options.configFile) {
        configProvider.override = loadOverrideConfig(options.configFile);
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
            assertUsableConfig(configProvider, filePath);
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
        .filter(document => sourceKind(document) === 'library');
    if (requestedLibraries.length > 0 && options.scanForImporters !== false && !options.blockingOnly) {
        loadImporterCandidates(requestedLibraries, documents, documentFactory);
    }
    for (const file of options.contextFiles ?? []) {
        const uri = URI.file(path.resolve(file));
        if (documents.hasDocument(uri)) continue;
        let text: string;
        try {
            text = decodeSource(fs.readFileSync(uri.fsPath)).text;
        } catch {
            continue;
        }
        documents.addDocument(documentFactory.fromString(text, uri));
    }

    // Context files (imports, importers) are linked but not validated: only the
    // requested files' findings are reported.
    const builder = services.shared.workspace.DocumentBuilder;
    await builder.build(documents.all.toArray(), { validation: false });
    const validation = options.blockingOnly ? { categories: ['built-in', SYNTAX_CHECKS] } : true;
    await builder.build([...requested.keys()].map(key => documents.getDocument(URI.parse(key))!), { validation });

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
    const sources = documents.all.toArray().map(document => ({
        filePath: document.uri.fsPath,
        imports: importTargets(document).map(target => target.uri.fsPath),
        kind: sourceKind(document),
    }));
    return { files: results, services, sources };
}

/**
 * What each text is and imports, from a parse alone (no linking): what the
 * cache needs to know about files it has not seen with this content.
 */
export function describeSources(files: ReadonlyArray<{ filePath: string; text: string }>): SourceDescription[] {
    if (files.length === 0) return [];
    const factory = createPmpathServices(NodeFileSystem, { batch: true }).shared.workspace.LangiumDocumentFactory;
    return files.map(({ filePath, text }) => {
        const document = factory.fromString(text, URI.file(path.resolve(filePath)));
        return { filePath: document.uri.fsPath, imports: importTargets(document).map(target => target.uri.fsPath), kind: sourceKind(document) };
    });
}

/** Whether a parsed document holds a pathway, a library or a test suite. */
export function sourceKind(document: LangiumDocument): SourceKind {
    const root = document.parseResult.value;
    const body = isPmpathFile(root) ? root.body : undefined;
    return body?.$type === 'Pathway' ? 'pathway' : body?.$type === 'Library' ? 'library' : body?.$type === 'TestSuite' ? 'suite' : 'none';
}

/**
 * Loads the `.pmpath` files that may import the given libraries (see
 * `findImporterCandidates`) as context documents.
 */
function loadImporterCandidates(libraries: LangiumDocument[], documents: LangiumDocuments, factory: LangiumDocumentFactory): void {
    const candidates = findImporterCandidates(libraries.map(library => library.uri.fsPath), file => documents.hasDocument(URI.file(file)));
    for (const { filePath, text } of candidates) {
        documents.addDocument(factory.fromString(text, URI.file(filePath)));
    }
}

function byPosition(a: LintDiagnostic, b: LintDiagnostic): number {
    return a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn;
}

/** The findings that suppression comments silenced in a validated document, as plain diagnostics with their reasons. */
export function suppressedLintDiagnostics(document: LangiumDocument): SuppressedLintDiagnostic[] {
    return suppressedDiagnosticsOf(document).map(s => ({ ...toLintDiagnostic(s.diagnostic), reason: s.reason }));
}

const SEVERITY_NAMES: Record<number, Severity> = {
    [DiagnosticSeverity.Error]: 'error',
    [DiagnosticSeverity.Warning]: 'warning',
    [DiagnosticSeverity.Information]: 'info',
    [DiagnosticSeverity.Hint]: 'info',
};

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
