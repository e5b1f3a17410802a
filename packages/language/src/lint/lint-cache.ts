/**
 * `pmpath check --cache`: per-file results kept between runs (ESLint's
 * `--cache`/`--cache-location`). A file's findings depend on its own text,
 * the configuration that applies to it, the files it imports (transitively:
 * a test suite sees what its pathway imports) and the files that import it
 * directly (a library's `unused-declaration` findings depend on what its
 * importers reference), and on pmpath itself. The cache keys each file's
 * result by all of those — contents hashed, not timestamps — so a cached
 * run prints exactly what a cold run would, and re-checks exactly the files
 * whose key changed, with their importers loaded as context.
 *
 * This module does not load Langium: an unchanged repository is answered
 * from the cache without starting the lint engine at all. Files the cache
 * does not know are described (parsed for their imports) through a callback
 * that loads the engine only when needed.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { assertUsableConfig, loadOverrideConfig, PmpathConfigProvider, type PmpathConfig } from '../config/pmpath-config.js';
import { RULES } from '../rules.js';
import type { FileLintResult, LintRun, SourceDescription, SourceKind } from './lint-files.js';
import { decodeSource, findImporterCandidates, LintInputError, readAll } from './source-files.js';

export { ConfigError } from '../config/pmpath-config.js';
export { findRepositoryRoot, importerSearchRoot, LintInputError } from './source-files.js';

/** Bump when the cache file's layout or the meaning of a key changes. */
const CACHE_FORMAT = 1;

/** The default cache file name, in the current directory (ESLint: `.eslintcache`). */
export const DEFAULT_CACHE_FILE = '.pmpathcache';

/** A file's result as stored: every plain field of `FileLintResult` except its path and document. */
type StoredResult = Omit<FileLintResult, 'filePath' | 'document'>;

interface CacheEntry {
    /** SHA-1 of the file's bytes. */
    readonly hash: string;
    /** What the file imported and was, the last time it was parsed with this hash. */
    readonly imports: readonly string[];
    readonly kind: SourceKind;
    /** The dependency key of `result`. */
    readonly key?: string;
    readonly result?: StoredResult;
}

interface CacheFile {
    readonly format: number;
    readonly engine: string;
    readonly files: Record<string, CacheEntry>;
}

/** A file of the workspace a check would build. */
interface WorkspaceFile {
    readonly filePath: string;
    readonly hash: string;
    readonly text: string;
    /** The file is not UTF-8 text (its result has no text either). */
    readonly encodingProblem?: string;
    imports?: readonly string[];
    kind?: SourceKind;
}

/** What an import target is on disk. */
type TargetState = WorkspaceFile | 'directory' | 'missing';

export interface CacheOptions {
    /** The cache file (`--cache-location`, resolved: see `resolveCacheLocation`). */
    readonly cacheFile: string;
    /** `--config FILE`, when given. */
    readonly configFile?: string;
    /** Identifies the pmpath that computes the results (its version and build). */
    readonly engine: string;
}

/** The outcome of a cached check: the results, and how many files were checked anew. */
export interface CachedLintRun {
    /**
     * One result per requested file, sorted by path. Results from the cache have
     * no `document` but the `text` they were checked from (unless the file is not text).
     */
    readonly files: Array<FileLintResult & { text?: string }>;
    /** The requested files whose key changed, so they were linted again. */
    readonly checked: readonly string[];
    /** The requested files answered from the cache. */
    readonly reused: readonly string[];
}

/** The lint engine, loaded only when some file must be checked or described. */
export interface LintEngine {
    lintFiles(files: readonly string[], options: { configFile?: string; contextFiles?: readonly string[]; scanForImporters?: boolean }): Promise<LintRun>;
    describeSources(files: ReadonlyArray<{ filePath: string; text: string }>): SourceDescription[];
}

/**
 * The cache file for `--cache-location`: a path ending in a separator or
 * naming an existing folder means `.pmpathcache` inside it; no location means
 * `.pmpathcache` in the working directory.
 */
export function resolveCacheLocation(location: string | undefined, cwd: string = process.cwd()): string {
    if (!location) {
        return path.join(cwd, DEFAULT_CACHE_FILE);
    }
    const resolved = path.resolve(cwd, location);
    if (/[\\/]$/.test(location) || isDirectory(resolved)) {
        return path.join(resolved, DEFAULT_CACHE_FILE);
    }
    return resolved;
}

/** The rule registry's ids and severities: part of the engine identity, cheap to compute. */
export function rulesFingerprint(): string {
    return sha1(RULES.map(rule => `${rule.id}:${rule.defaultSeverity}:${rule.configurable}`).join(','));
}

/**
 * Lints `files` with a cache: files whose key is unchanged are answered from
 * the cache, the others are linted (loading the engine through `engine()`),
 * and the cache file is rewritten when anything changed. Throws
 * `LintInputError` and `ConfigError` exactly as `lintFiles` does.
 */
export async function lintFilesCached(files: readonly string[], options: CacheOptions, engine: () => Promise<LintEngine>): Promise<CachedLintRun> {
    const previous = readCache(options.cacheFile, options.engine);
    const next: Record<string, CacheEntry> = { ...previous.files };
    let changed = false;

    // The requested files, in lintFiles' order and with its errors.
    const requested = [...new Set(files.map(file => path.resolve(file)))];
    const texts = await readAll(requested);
    const provider = new PmpathConfigProvider();
    const override = options.configFile ? loadOverrideConfig(options.configFile) : undefined;
    const nodes = new Map<string, WorkspaceFile>();
    for (const [index, filePath] of requested.entries()) {
        const loaded = texts[index];
        if (loaded instanceof LintInputError) throw loaded;
        if (!override) assertUsableConfig(provider, filePath);
        nodes.set(filePath, { filePath, hash: sha1(loaded.bytes), text: loaded.text, encodingProblem: loaded.encodingProblem });
    }

    // What each file imports: from the cache for unchanged files, else parsed.
    let loadedEngine: LintEngine | undefined;
    const getEngine = async () => (loadedEngine ??= await engine());
    const describe = async (unknown: WorkspaceFile[]) => {
        if (unknown.length === 0) return;
        const descriptions = (await getEngine()).describeSources(unknown.map(({ filePath, text }) => ({ filePath, text })));
        descriptions.forEach((description, i) => {
            unknown[i].imports = description.imports;
            unknown[i].kind = description.kind;
        });
    };
    const known = (node: WorkspaceFile): boolean => {
        if (node.imports) return true;
        const entry = previous.files[node.filePath];
        if (entry && entry.hash === node.hash) {
            node.imports = entry.imports;
            node.kind = entry.kind;
            return true;
        }
        return false;
    };

    // The workspace lintFiles would build: the requested files, what they
    // import (transitively, `.pmpath` files only), and the candidate importers
    // of requested libraries (whose own imports it does not follow).
    const targets = new Map<string, TargetState>();
    const targetState = (filePath: string): TargetState => {
        let state = targets.get(filePath) ?? nodes.get(filePath);
        if (state === undefined) {
            state = statTarget(filePath);
            if (typeof state === 'object') nodes.set(filePath, state);
            targets.set(filePath, state);
        }
        return state;
    };
    let frontier = [...requested];
    while (frontier.length > 0) {
        const pending = frontier.map(filePath => nodes.get(filePath)!);
        await describe(pending.filter(node => !known(node)));
        frontier = [];
        for (const node of pending) {
            for (const target of node.imports ?? []) {
                if (!target.endsWith('.pmpath') || nodes.has(target) || targets.has(target)) continue;
                const state = targetState(target);
                if (typeof state === 'object') frontier.push(target);
            }
        }
    }
    const libraries = requested.filter(filePath => nodes.get(filePath)!.kind === 'library');
    if (libraries.length > 0) {
        const candidates = findImporterCandidates(libraries, filePath => nodes.has(filePath))
            .map(({ filePath, text, bytes }) => ({ filePath, text, hash: sha1(bytes) }) as WorkspaceFile);
        candidates.forEach(node => nodes.set(node.filePath, node));
        await describe(candidates.filter(node => !known(node)));
    }

    const importers = importersOf(nodes);
    const configKeys = new Map<string, string>();
    const keyOf = (filePath: string): string => {
        const folder = path.dirname(filePath);
        let configKey = configKeys.get(folder);
        if (configKey === undefined) {
            configKey = describeConfig(override ?? provider.configForFolder(folder));
            configKeys.set(folder, configKey);
        }
        return dependencyKey(filePath, nodes, targetState, importers, configKey, options.engine);
    };

    const fresh = new Map<string, StoredResult>();
    const stale: string[] = [];
    for (const filePath of requested) {
        const entry = previous.files[filePath];
        if (entry?.result && entry.hash === nodes.get(filePath)!.hash && entry.key === keyOf(filePath)) {
            fresh.set(filePath, entry.result);
        } else {
            stale.push(filePath);
        }
    }

    const results: Array<FileLintResult & { text?: string }> = [...fresh].map(([filePath, result]) => {
        const node = nodes.get(filePath)!;
        return { ...result, filePath, uri: result.uri ?? URI.file(filePath).toString(), ...(node.encodingProblem ? {} : { text: node.text }) };
    });
    if (stale.length > 0) {
        // The importers of re-checked files, which lintFiles would otherwise only
        // find for libraries, and only by scanning.
        const staleSet = new Set(stale);
        const context = new Set<string>();
        for (const filePath of stale) {
            for (const importer of importers.get(filePath) ?? []) {
                if (!staleSet.has(importer)) context.add(importer);
            }
        }
        const run = await (await getEngine()).lintFiles(stale, { configFile: options.configFile, contextFiles: [...context], scanForImporters: false });
        for (const source of run.sources) {
            const node = nodes.get(source.filePath);
            if (node) {
                node.imports = source.imports;
                node.kind = source.kind;
            }
        }
        for (const file of run.files) {
            const { filePath, document: _document, ...result } = file;
            results.push({ ...result, filePath });
            const node = nodes.get(filePath)!;
            next[filePath] = { hash: node.hash, imports: node.imports ?? [], kind: node.kind ?? 'none', key: keyOf(filePath), result: plain(result) };
            changed = true;
        }
    }
    // Remember what every other file of the workspace imports, for the next run.
    for (const node of nodes.values()) {
        const entry = next[node.filePath];
        if (node.imports && (!entry || entry.hash !== node.hash)) {
            next[node.filePath] = { hash: node.hash, imports: node.imports, kind: node.kind ?? 'none' };
            changed = true;
        }
    }
    if (changed || previous.engine !== options.engine) {
        writeCache(options.cacheFile, { format: CACHE_FORMAT, engine: options.engine, files: next });
    }
    results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
    return { files: results, checked: stale, reused: [...fresh.keys()] };
}

/** Each file's direct importers within the workspace. */
function importersOf(nodes: ReadonlyMap<string, WorkspaceFile>): Map<string, string[]> {
    const map = new Map<string, string[]>();
    for (const node of nodes.values()) {
        for (const target of new Set(node.imports ?? [])) {
            const list = map.get(target);
            if (list) list.push(node.filePath); else map.set(target, [node.filePath]);
        }
    }
    return map;
}

/**
 * The key of a file's result: pmpath, the configuration, the file's own
 * hash, the state of everything it imports transitively (a missing file or a
 * folder counts too: `import-not-found`), and the hashes of its importers.
 */
function dependencyKey(filePath: string, nodes: ReadonlyMap<string, WorkspaceFile>, targetState: (filePath: string) => TargetState,
    importers: ReadonlyMap<string, readonly string[]>, configKey: string, engine: string): string {
    const parts: string[] = [];
    const seen = new Set<string>([filePath]);
    const stack = [filePath];
    while (stack.length > 0) {
        const node = nodes.get(stack.pop()!);
        for (const target of node?.imports ?? []) {
            if (seen.has(target) || !target.endsWith('.pmpath')) continue;
            seen.add(target);
            const state = targetState(target);
            parts.push(`i ${target} ${typeof state === 'object' ? state.hash : state}`);
            if (typeof state === 'object') stack.push(target);
        }
    }
    for (const importer of importers.get(filePath) ?? []) {
        parts.push(`m ${importer} ${nodes.get(importer)!.hash}`);
    }
    parts.sort();
    return sha1([engine, configKey, nodes.get(filePath)!.hash, ...parts].join('\n'));
}

function describeConfig(config: PmpathConfig): string {
    return JSON.stringify([config.path ?? '', [...config.rules].sort(), config.problems]);
}

function statTarget(filePath: string): TargetState {
    try {
        const stat = fs.statSync(filePath);
        if (stat.isDirectory()) return 'directory';
        if (!stat.isFile()) return 'missing';
        const bytes = fs.readFileSync(filePath);
        return { filePath, hash: sha1(bytes), text: decodeSource(bytes).text };
    } catch {
        return 'missing';
    }
}

function readCache(cacheFile: string, engine: string): CacheFile {
    try {
        const parsed = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as Partial<CacheFile>;
        if (parsed.format === CACHE_FORMAT && parsed.engine === engine && parsed.files && typeof parsed.files === 'object') {
            return parsed as CacheFile;
        }
    } catch {
        // No cache yet, or one that cannot be used: start afresh.
    }
    return { format: CACHE_FORMAT, engine: '', files: {} };
}

/** Writes the cache atomically (a reader never sees half a file); a failure only costs the next run time. */
function writeCache(cacheFile: string, cache: CacheFile): void {
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    try {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
        fs.writeFileSync(temporary, JSON.stringify(cache));
        fs.renameSync(temporary, cacheFile);
    } catch (error) {
        fs.rmSync(temporary, { force: true });
        process.stderr.write(`pmpath: warning: could not write the cache file ${cacheFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
    }
}

/** A result reduced to JSON data (what survives the round trip through the cache file). */
function plain(result: StoredResult): StoredResult {
    return JSON.parse(JSON.stringify(result)) as StoredResult;
}

function sha1(data: string | Uint8Array): string {
    return createHash('sha1').update(data).digest('hex');
}

function isDirectory(p: string): boolean {
    try {
        return fs.statSync(p).isDirectory();
    } catch {
        return false;
    }
}
