/**
 * The Testing view's side of the language server (request names in
 * ../messages.ts): the structure of test suites (pathway, scenarios, ranges)
 * and test runs with the simulator of `@pmpath/language`, exactly as
 * `pmpath test` runs them — a suite whose file, pathway or the pathway's
 * imports have error-severity findings is not run, and those findings are
 * the answer — so the editor and the CLI always agree. The diagram preview
 * uses `scenarioPathOverlay` to draw a scenario's path.
 *
 * Runs wait for pending builds and then simulate in slices of a few
 * milliseconds, yielding to the event loop between slices, so diagnostics
 * keep flowing during a long run. A scenario whose suite, pathway or imports
 * change during the run is reported `skipped` (a run never mixes two
 * versions of a file).
 */
import * as path from 'node:path';
import { AstUtils, DocumentState, GrammarUtils, URI, type AstNode, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { CancellationTokenSource, LSPErrorCodes, type CancellationToken, type Connection, type Diagnostic } from 'vscode-languageserver';
import {
    CoverageCollector, importTargets, isPmpathFile, runScenario,
    type Pathway, type PathwayCoverage, type Scenario, type ScenarioResult, type TestSuite, type Transition
} from '@pmpath/language';
import { coverageOverlay, scenarioOverlay, type RunOverlay } from '@pmpath/diagram';
import {
    RunTestsRequest, TestSuitesRequest,
    type BlockingFindingInfo, type DiagramOverlay, type LspRange, type PathwayCoverageInfo, type RunTestsParams, type RunTestsResult,
    type ScenarioRunInfo, type SuiteRunInfo, type TestSuiteInfo, type TestSuitesParams, type TestSuitesResult
} from '../messages.js';

/** How long a request waits for pending rebuilds of the files it reads. */
const BUILD_WAIT_MS = 10_000;
/** Simulation time between two yields to the event loop (diagnostics, other requests). */
const SLICE_MS = 15;

/** Registers the test requests on a connection. */
export function registerTestRequests(connection: Connection, shared: LangiumSharedServices): void {
    connection.onRequest(TestSuitesRequest, async (params: TestSuitesParams, token): Promise<TestSuitesResult> => {
        try {
            return await describeSuites(shared, params, token);
        } catch (error) {
            connection.console.error(`pmpath: the test suites could not be read: ${describe(error)}`);
            return { suites: [], none: [] };
        }
    });
    connection.onRequest(RunTestsRequest, async (params: RunTestsParams, token): Promise<RunTestsResult> => {
        try {
            return await runTests(shared, params, token);
        } catch (error) {
            // Never leave the Testing view spinning: every suite gets the reason.
            const reason = `The test run failed in the language server: ${describe(error)}`;
            connection.console.error(`pmpath: ${reason}`);
            return {
                suites: (params?.suites ?? []).map(s => ({ uri: s.uri, pathway: '', blocked: [], error: reason, scenarios: [], missing: [] })),
                coverage: [],
            };
        }
    });
}

// ------------------------------------------------------------------ waiting for builds

function parseUris(uris: unknown): URI[] {
    const parsed: URI[] = [];
    for (const text of Array.isArray(uris) ? uris : []) {
        if (typeof text !== 'string') continue;
        try {
            parsed.push(URI.parse(text));
        } catch {
            // Not a URI: nothing to describe.
        }
    }
    return parsed;
}

/**
 * Loads files the server does not know yet: a suite found on disk outside
 * what the workspace manager indexed (a dot-folder, `out/`), or created a
 * moment ago, and the files it imports and those import, as `pmpath test`
 * reads them. The same update a file-watcher event makes.
 */
async function loadUnknown(shared: LangiumSharedServices, uris: readonly URI[], token: CancellationToken): Promise<void> {
    await shared.workspace.WorkspaceManager.ready;
    const documents = shared.workspace.LangiumDocuments;
    const visited = new Set<string>();
    let next = [...uris];
    // A few rounds: the suite, its pathway, the pathway's libraries.
    for (let round = 0; round < 8 && next.length > 0; round++) {
        next = next.filter(uri => !visited.has(uri.toString()));
        next.forEach(uri => visited.add(uri.toString()));
        const candidates = next.filter(uri => uri.scheme === 'file' && !documents.hasDocument(uri));
        // Only files that exist: an import being typed must not restart the build on every keystroke.
        const unknown = (await Promise.all(candidates.map(async uri => {
            try {
                return (await shared.workspace.FileSystemProvider.stat(uri)).isFile ? uri : undefined;
            } catch {
                return undefined;
            }
        }))).filter(uri => uri !== undefined);
        if (unknown.length > 0) {
            await shared.workspace.WorkspaceLock.write(t => shared.workspace.DocumentBuilder.update(unknown, [], t));
            // Another edit may have cancelled that update; its own build parses the new files: wait for that.
            if (await whenBuilt(shared, unknown, DocumentState.Parsed, token, Date.now() + BUILD_WAIT_MS)) return;
        }
        next = next.flatMap(uri => {
            const document = documents.getDocument(uri);
            return document && document.state >= DocumentState.Parsed ? importTargets(document).map(t => t.uri) : [];
        });
    }
}

/**
 * Waits until the documents are built to `state` (an edit a moment ago is
 * rebuilt first). Files loaded with the workspace are linked but never
 * validated until something triggers a workspace build; the builder then
 * says so (it is past the phase, the document is not), and this asks for
 * that build: the same update an edit makes. Polls as well, because a build
 * that skips a document's validation never signals it. Returns why it gave
 * up, if it did.
 */
async function whenBuilt(shared: LangiumSharedServices, uris: readonly URI[], state: DocumentState, token: CancellationToken, deadline: number): Promise<string | undefined> {
    const builder = shared.workspace.DocumentBuilder;
    const documents = shared.workspace.LangiumDocuments;
    let nudged = false;
    for (;;) {
        const pending = uris.map(uri => documents.getDocument(uri)).find(d => d !== undefined && d.state < state);
        if (!pending) return undefined;
        if (token.isCancellationRequested) return 'The request was cancelled.';
        if (Date.now() > deadline) return 'The files are still being rebuilt; run the tests again in a moment.';
        const wait = new CancellationTokenSource();
        const cancelWait = token.onCancellationRequested(() => wait.cancel());
        const outcome = await Promise.race([
            builder.waitUntil(state, pending.uri, wait.token).then(() => 'reached' as const, (error: unknown) =>
                // Langium's own copy of the protocol package makes the error: compare its code, not its class.
                (error as { code?: unknown } | undefined)?.code === LSPErrorCodes.RequestFailed ? 'skipped' as const : 'other' as const),
            new Promise<'later'>(resolve => setTimeout(() => resolve('later'), 200)),
        ]);
        wait.cancel();
        wait.dispose();
        cancelWait.dispose();
        if (outcome === 'skipped' && !nudged) {
            nudged = true;
            // Never past the deadline: the write waits for the operation before it, and a build can fail.
            const build = shared.workspace.WorkspaceLock.write(t => builder.update([], [], t)).catch(() => undefined);
            await Promise.race([build, new Promise(resolve => setTimeout(resolve, Math.max(0, deadline - Date.now())))]);
        }
    }
}

// ------------------------------------------------------------------ structure

async function describeSuites(shared: LangiumSharedServices, params: TestSuitesParams, token: CancellationToken): Promise<TestSuitesResult> {
    const uris = parseUris(params?.uris);
    await loadUnknown(shared, uris, token);
    // Names and ranges need a parse; the pathway's file needs linking.
    await whenBuilt(shared, uris, DocumentState.Linked, token, Date.now() + BUILD_WAIT_MS);
    const documents = shared.workspace.LangiumDocuments;
    const suites: TestSuiteInfo[] = [];
    const none: string[] = [];
    for (const uri of uris) {
        const document = documents.getDocument(uri);
        const suite = document ? suiteOf(document) : undefined;
        if (!suite?.$cstNode) {
            none.push(uri.toString());
            continue;
        }
        const pathway = suite.pathway?.ref;
        suites.push({
            uri: uri.toString(),
            pathway: suite.pathway?.$refText ?? '',
            pathwayUri: pathway ? documentOf(pathway).uri.toString() : undefined,
            range: suite.$cstNode.range,
            scenarios: suite.scenarios.filter(s => s.$cstNode).map(s => ({ name: s.name ?? '', range: s.$cstNode!.range })),
        });
    }
    return { suites, none };
}

function suiteOf(document: LangiumDocument): TestSuite | undefined {
    const root = document.parseResult.value;
    return isPmpathFile(root) && root.body?.$type === 'TestSuite' ? root.body : undefined;
}

function documentOf(node: AstNode): LangiumDocument {
    return AstUtils.getDocument(node);
}

// ------------------------------------------------------------------ running

/** A suite ready to run, or the reason it is not. */
interface PreparedSuite {
    readonly uri: string;
    readonly result: SuiteRunInfo;
    readonly suite?: TestSuite;
    readonly pathway?: Pathway;
    readonly wanted?: ReadonlySet<string>;
    /** The documents the run reads, with the parse it started from. */
    readonly reads: ReadonlyArray<{ document: LangiumDocument; root: unknown }>;
}

async function runTests(shared: LangiumSharedServices, params: RunTestsParams, token: CancellationToken): Promise<RunTestsResult> {
    const requests = (params?.suites ?? []).filter(s => typeof s?.uri === 'string');
    await loadUnknown(shared, parseUris(requests.map(s => s.uri)), token);
    const locate = locator(shared, params.root);
    // One deadline for the whole request; each suite waits only for the files it reads.
    const deadline = Date.now() + BUILD_WAIT_MS;
    const prepared: PreparedSuite[] = [];
    for (const request of requests) {
        prepared.push(await prepareSuite(shared, request.uri, request.scenarios, token, deadline));
    }

    const coverage = params.coverage ? new CoverageCollector() : undefined;
    let sliceStart = performance.now();
    for (const entry of prepared) {
        const { suite, pathway, result } = entry;
        if (!suite || !pathway) continue;
        coverage?.include(pathway);
        for (const scenario of suite.scenarios) {
            if (entry.wanted && !entry.wanted.has(scenario.name ?? '')) continue;
            if (!result.interrupted && performance.now() - sliceStart > SLICE_MS) {
                await new Promise(resolve => setImmediate(resolve));
                sliceStart = performance.now();
                if (token.isCancellationRequested) {
                    result.interrupted = 'The run was cancelled.';
                } else if (!entry.reads.every(r => r.document.parseResult.value === r.root && r.document.state >= DocumentState.Validated)) {
                    result.interrupted = 'The suite, its pathway or a file the pathway imports changed during the run; run it again.';
                }
            }
            if (result.interrupted) {
                result.scenarios.push({ name: scenario.name ?? '', range: rangeOf(scenario), status: 'skipped', path: [], failure: null, notes: [], durationMs: 0 });
                continue;
            }
            const start = performance.now();
            const outcome = runScenario(scenario, { coverage, locate });
            result.scenarios.push(scenarioInfo(outcome, performance.now() - start));
        }
    }
    return {
        suites: prepared.map(p => p.result),
        coverage: coverage ? coverage.summaries().map(coverageInfo) : [],
    };
}

/**
 * Finds the suite, waits for its pathway and the pathway's imports to be
 * validated, and applies `pmpath test`'s rule: error findings in any of them
 * keep the suite from running.
 */
async function prepareSuite(shared: LangiumSharedServices, uriText: string, names: unknown, token: CancellationToken, deadline: number): Promise<PreparedSuite> {
    const documents = shared.workspace.LangiumDocuments;
    const wanted = Array.isArray(names) ? new Set(names.filter((n): n is string => typeof n === 'string')) : undefined;
    const result: SuiteRunInfo = { uri: uriText, pathway: '', blocked: [], scenarios: [], missing: [] };
    let uri: URI;
    try {
        uri = URI.parse(uriText);
    } catch {
        return { uri: uriText, result: { ...result, error: `"${uriText}" is not a valid document URI.` }, reads: [] };
    }
    if (!documents.getDocument(uri)) {
        return { uri: uriText, result: { ...result, error: `${basename(uri)} is not known to the pmpath language server (is it a .pmtest file that exists?).` }, reads: [] };
    }
    const waited = await whenBuilt(shared, [uri], DocumentState.Validated, token, deadline);
    if (waited) return { uri: uriText, result: { ...result, error: waited }, reads: [] };
    const document = documents.getDocument(uri);
    if (!document) return { uri: uriText, result: { ...result, error: `${basename(uri)} was deleted.` }, reads: [] };
    const suite = suiteOf(document);
    const root = document.parseResult.value;
    const body = isPmpathFile(root) ? root.body : undefined;
    result.pathway = suite?.pathway?.$refText ?? (body && body.$type !== 'TestSuite' ? body.name ?? '' : '');
    const pathway = suite?.pathway?.ref;
    const pathwayDocument = pathway ? documentOf(pathway) : undefined;
    result.pathwayUri = pathwayDocument?.uri.toString();
    if (wanted && suite) {
        const present = new Set(suite.scenarios.map(s => s.name ?? ''));
        result.missing = [...wanted].filter(name => !present.has(name));
    }

    // Everything the simulation reads: the suite, its pathway and the files the pathway imports.
    const reads = [document];
    if (pathwayDocument) {
        reads.push(pathwayDocument, ...importTargets(pathwayDocument).map(t => documents.getDocument(t.uri)).filter(d => d !== undefined));
    }
    const unique = [...new Set(reads)];
    const waitedForImports = await whenBuilt(shared, unique.map(d => d.uri), DocumentState.Validated, token, deadline);
    if (waitedForImports) return { uri: uriText, result: { ...result, error: waitedForImports }, reads: [] };
    for (const read of unique) {
        // In file order, as `pmpath test` prints them.
        const errors = (read.diagnostics ?? []).filter(d => d.severity === 1)
            .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
        for (const diagnostic of errors) result.blocked.push(blockingFinding(read.uri.toString(), diagnostic));
    }
    if (result.blocked.length === 0 && (!suite || !pathway)) {
        // Cannot happen (a file without a suite or pathway has a `syntax` or
        // `unresolved-reference` error), but a suite must never run half-linked.
        result.blocked.push({
            uri: uriText, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            rule: 'syntax', message: 'This file holds no test suite (`tests for PATHWAY { … }`).',
        });
    }
    if (result.blocked.length > 0 || !suite || !pathway) return { uri: uriText, result, reads: [] };
    return { uri: uriText, result, suite, pathway, wanted, reads: unique.map(d => ({ document: d, root: d.parseResult.value })) };
}

function blockingFinding(uri: string, diagnostic: Diagnostic): BlockingFindingInfo {
    const message = diagnostic.message as string | { value: string };
    return { uri, range: diagnostic.range, rule: String(diagnostic.code ?? ''), message: typeof message === 'string' ? message : message.value };
}

function scenarioInfo(result: ScenarioResult, durationMs: number): ScenarioRunInfo {
    const failure = result.failure;
    return {
        name: result.name,
        range: rangeOf(result.node),
        status: result.status,
        ...shortPath(result.path),
        failure: failure && {
            kind: failure.kind,
            message: failure.message,
            line: failure.line,
            column: failure.column,
            range: rangeOf(failure.node),
            expected: failure.expected,
            actual: failure.actual,
            transitions: failure.transitions.map(t => ({ from: t.from, to: t.to, uri: t.uri, line: t.line, range: rangeOf(t.node) })),
        },
        notes: [...result.notes],
        endDate: result.endDate,
        durationMs,
    };
}

/** States kept at each end of a long path in a response (the run itself keeps all). */
const PATH_ENDS = 100;

function shortPath(path: readonly string[]): { path: string[]; pathOmitted?: number } {
    if (path.length <= 2 * PATH_ENDS) return { path: [...path] };
    return { path: [...path.slice(0, PATH_ENDS), ...path.slice(-PATH_ENDS)], pathOmitted: path.length - 2 * PATH_ENDS };
}

/**
 * How messages name a transition's file: relative to the root folder as
 * `pmpath test` run there prints it (`examples/x.pmpath:40`); the file name
 * for files outside it or without a path.
 */
function locator(shared: LangiumSharedServices, root: unknown): (uri: string, line: number) => string {
    const roots: string[] = [];
    if (typeof root === 'string') roots.push(root);
    for (const folder of shared.workspace.WorkspaceManager.workspaceFolders ?? []) roots.push(folder.uri);
    const folders = roots.flatMap(r => {
        try {
            const parsed = URI.parse(r);
            return parsed.scheme === 'file' ? [parsed.fsPath] : [];
        } catch {
            return [];
        }
    });
    return (uriText, line) => {
        let shown: string | undefined;
        try {
            const uri = URI.parse(uriText);
            if (uri.scheme === 'file') {
                const folder = folders.find(f => !path.relative(f, uri.fsPath).startsWith('..')) ?? folders[0];
                if (folder) shown = (path.relative(folder, uri.fsPath) || path.basename(uri.fsPath)).split(path.sep).join('/');
            }
            shown ??= basename(uri);
        } catch {
            shown = uriText;
        }
        return `${shown}:${line}`;
    };
}

function rangeOf(node: AstNode | undefined): LspRange {
    return node?.$cstNode?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function basename(uri: URI): string {
    return decodeURIComponent(uri.path.slice(uri.path.lastIndexOf('/') + 1)) || uri.toString();
}

// ------------------------------------------------------------------ coverage

/** Index of each transition among those between the same two states, in document order (as the diagram counts). */
function pairIndexes(pathway: Pathway): Map<Transition, number> {
    const seen = new Map<string, number>();
    const indexes = new Map<Transition, number>();
    for (const element of pathway.elements) {
        if (element.$type !== 'Transition') continue;
        const key = `${element.source?.$refText ?? ''}\u0000${element.target?.$refText ?? ''}`;
        const index = seen.get(key) ?? 0;
        seen.set(key, index + 1);
        indexes.set(element, index);
    }
    return indexes;
}

function coverageInfo(coverage: PathwayCoverage): PathwayCoverageInfo {
    const indexes = pairIndexes(coverage.pathway);
    const guards = new Map<Transition, PathwayCoverageInfo['transitions']['items'][number]['guard']>();
    for (const reference of coverage.guards.references) {
        const list = guards.get(reference.transition) ?? [];
        list.push({ cutoff: reference.reference.cutoff?.$refText ?? '', range: rangeOf(reference.reference), seenTrue: reference.seenTrue, seenFalse: reference.seenFalse });
        guards.set(reference.transition, list);
    }
    return {
        pathway: coverage.name,
        uri: coverage.uri,
        transitions: {
            taken: coverage.transitions.taken,
            total: coverage.transitions.total,
            items: coverage.transitions.hits.map(({ transition, count }) => ({
                from: transition.from,
                to: transition.to,
                index: indexes.get(transition.node) ?? 0,
                range: rangeOf(transition.node),
                count,
                guard: guards.get(transition.node) ?? [],
            })),
        },
        states: {
            entered: coverage.states.entered,
            total: coverage.states.total,
            items: coverage.states.hits.map(({ state, count }) => ({
                name: state.name,
                range: (state.$cstNode && GrammarUtils.findNodeForProperty(state.$cstNode, 'name')?.range) ?? rangeOf(state),
                count,
            })),
        },
        guards: { outcomesSeen: coverage.guards.outcomesSeen, outcomesTotal: coverage.guards.outcomesTotal },
    };
}

// ------------------------------------------------------------------ the diagram's overlay

/**
 * The overlay the diagram of `pathway` draws for a request: a scenario's path
 * (run now, under `pmpath test`'s rule, so it follows edits) or a run's
 * coverage. Returns why it cannot be drawn instead, in words for the preview.
 */
export async function diagramOverlay(shared: LangiumSharedServices, pathway: Pathway, request: DiagramOverlay, token: CancellationToken): Promise<{ overlay: RunOverlay } | { error: string }> {
    if (request?.kind === 'coverage') {
        const coverage = request.coverage;
        if (!coverage || coverage.uri !== documentOf(pathway).uri.toString()) {
            return { error: `The last coverage run did not test ${pathway.name}.` };
        }
        return {
            overlay: coverageOverlay({
                what: typeof request.what === 'string' ? request.what : undefined,
                states: (coverage.states?.items ?? []).map(s => ({ name: s.name, count: s.count })),
                transitions: (coverage.transitions?.items ?? []).map(t => ({ source: t.from, target: t.to, index: t.index, count: t.count })),
            }),
        };
    }
    if (request?.kind !== 'scenario' || typeof request.suiteUri !== 'string' || typeof request.scenario !== 'string') {
        return { error: 'Unknown overlay.' };
    }
    await loadUnknown(shared, parseUris([request.suiteUri]), token);
    const prepared = await prepareSuite(shared, request.suiteUri, [request.scenario], token, Date.now() + BUILD_WAIT_MS);
    const label = `Scenario "${request.scenario}"`;
    if (prepared.result.error) return { error: `${label}: ${prepared.result.error}` };
    if (prepared.result.blocked.length > 0) {
        const first = prepared.result.blocked[0];
        const count = prepared.result.blocked.length;
        return { error: `${label} is not run: ${count} error finding${count === 1 ? '' : 's'} in the suite or its pathway (first: ${first.rule} at ${basename(URI.parse(first.uri))}:${first.range.start.line + 1}: ${first.message})` };
    }
    if (!prepared.pathway || documentOf(prepared.pathway).uri.toString() !== documentOf(pathway).uri.toString()) {
        return { error: `${label} tests pathway ${prepared.result.pathway || '?'}, not ${pathway.name}.` };
    }
    const scenario: Scenario | undefined = prepared.suite?.scenarios.find(s => s.name === request.scenario);
    if (!scenario) return { error: `${label} is no longer in ${basename(URI.parse(request.suiteUri))}.` };
    const result = runScenario(scenario, { locate: locator(shared, undefined) });
    const indexes = pairIndexes(pathway);
    return {
        overlay: scenarioOverlay({
            name: result.name,
            status: result.status,
            path: result.path,
            taken: result.taken.map(t => ({ source: t.source?.$refText ?? '', target: t.target?.$refText ?? '', index: indexes.get(t) ?? 0 })),
            failure: result.failure ? { line: result.failure.line, message: result.failure.message } : undefined,
        }),
    };
}

function describe(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
