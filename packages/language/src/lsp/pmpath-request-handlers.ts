/**
 * Requests and diagnostics that survive builds.
 *
 * Langium answers a request on a document that is being rebuilt — or that
 * was opened while the workspace was still being built — with "Document state
 * of … is Changed, requiring Parsed, but workspace state is already Linked",
 * which VS Code shows as "Request textDocument/documentSymbol failed.". And a
 * provider that starts after a build has been interrupted can resolve
 * references of a half-built document ("Attempted reference resolution before
 * document reached ComputedScopes state"). Here each request waits until its
 * document has reached the state it needs, checks that state again once it
 * runs (a new build may have started in between) and waits again if needed;
 * it answers empty, never with an error, when there is nothing to wait for.
 *
 * Diagnostics are published with the editor version they were computed for,
 * and whenever the server falls idle every open document is checked: one
 * whose last build was interrupted is rebuilt, one whose diagnostics were
 * built but not sent (a build cancelled between validating and publishing)
 * gets them now. So the final text of a burst of keystrokes always gets its
 * diagnostics, whatever happened to the builds in between.
 */
import {
    Disposable, DocumentState, isOperationCancelled, ReadPriority, URI,
    type Cancellation, type LangiumDocument, type MaybePromise
} from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { LSPErrorCodes, ResponseError, type Connection, type PublishDiagnosticsParams, type SemanticTokens } from 'vscode-languageserver';
import { builtVersion } from '../workspace/built-versions.js';
import type { PmpathLspServices } from './pmpath-lsp-module.js';
import { PmpathWorkspaceLock } from './pmpath-workspace-lock.js';

/** How long a request waits for its document before answering empty. */
const REQUEST_WAIT_MS = 30_000;
/** How many times a request re-checks after a build overtook it. */
const MAX_ATTEMPTS = 5;
/** Rebuilds the idle check asks for one document version before giving up on it. */
const MAX_REBUILDS_PER_VERSION = 2;

/** Waits for documents to reach a build state, making sure some build will get them there. */
export class DocumentReadiness {
    /** The workspace's files are loaded (before that, a file may simply not be known yet). */
    private workspaceLoaded = false;

    constructor(private readonly shared: LangiumSharedServices) {
        void shared.workspace.WorkspaceManager.ready.then(() => { this.workspaceLoaded = true; }, () => undefined);
    }

    private get lock(): PmpathWorkspaceLock | undefined {
        const lock = this.shared.workspace.WorkspaceLock;
        return lock instanceof PmpathWorkspaceLock ? lock : undefined;
    }

    /**
     * The document once it has reached `state`; undefined when the request is
     * cancelled, the document is unknown to the workspace, or it takes longer
     * than `REQUEST_WAIT_MS`.
     */
    async whenReady(uri: URI, state: DocumentState, token: Cancellation.CancellationToken, workspaceWide = false): Promise<LangiumDocument | undefined> {
        const deadline = Date.now() + REQUEST_WAIT_MS;
        const documents = this.shared.workspace.LangiumDocuments;
        const builder = this.shared.workspace.DocumentBuilder;
        let rebuilds = 0;
        for (;;) {
            if (token.isCancellationRequested || Date.now() > deadline) return undefined;
            const document = documents.getDocument(uri);
            if (document && document.state >= state) {
                if (workspaceWide) {
                    // Find-references and rename read every document's references.
                    await raceWithDeadline(builder.waitUntil(state, token).catch(() => undefined), token, deadline);
                }
                return document;
            }
            if (!document && !this.shared.workspace.TextDocuments?.get(uri.toString())) {
                if (this.workspaceLoaded) return undefined;
                // The server is starting: the workspace's files are being loaded.
                await raceWithDeadline(this.shared.workspace.WorkspaceManager.ready, token, deadline);
                this.workspaceLoaded = true;
                continue;
            }
            if (this.lock?.idle && rebuilds < MAX_REBUILDS_PER_VERSION) {
                // Nothing is building it (an interrupted build left it behind): build it.
                rebuilds++;
                void this.rebuild([uri]);
            }
            await this.progress(uri, state, token, 250);
        }
    }

    /** Schedules a rebuild of these documents (and of every other unfinished one). */
    rebuild(uris: URI[]): Promise<void> {
        return this.shared.workspace.WorkspaceLock.write(token => this.shared.workspace.DocumentBuilder.update(uris, [], token))
            .catch(error => console.error('pmpath: a rebuild failed', error));
    }

    /** Resolves at the next sign of progress for this document, or after `ms`. */
    private progress(uri: URI, state: DocumentState, token: Cancellation.CancellationToken, ms: number): Promise<void> {
        const builder = this.shared.workspace.DocumentBuilder;
        return new Promise(resolve => {
            const disposables: Disposable[] = [];
            const done = () => {
                disposables.forEach(d => d.dispose());
                clearTimeout(timer);
                resolve();
            };
            const timer = setTimeout(done, ms);
            disposables.push(builder.onDocumentPhase(state, document => {
                if (document.uri.toString() === uri.toString()) done();
            }));
            disposables.push(builder.onBuildPhase(DocumentState.Validated, () => done()));
            disposables.push(token.onCancellationRequested(done));
            const lock = this.lock;
            if (lock) disposables.push(lock.onIdle(done));
        });
    }
}

async function raceWithDeadline<T>(promise: Promise<T>, token: Cancellation.CancellationToken, deadline: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let subscription: Disposable | undefined;
    await Promise.race([
        promise.then(() => undefined, () => undefined),
        new Promise<void>(resolve => {
            timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
            subscription = token.onCancellationRequested(() => resolve());
        }),
    ]);
    clearTimeout(timer);
    subscription?.dispose();
}

const RETRY = Symbol('retry');

type ServiceCall<P, R> = (services: PmpathLspServices, document: LangiumDocument, params: P, token: Cancellation.CancellationToken) => MaybePromise<R | undefined | null>;

/**
 * A request handler that waits for its document to reach `state`, re-checks
 * it under the workspace lock, and never answers with an error.
 */
export function documentRequestHandler<P extends { textDocument: { uri: string } }, R>(
    shared: LangiumSharedServices, readiness: DocumentReadiness, state: DocumentState, call: ServiceCall<P, R>,
    empty: () => R | null, workspaceWide = false
): (params: P, token: Cancellation.CancellationToken) => Promise<R | null | ResponseError<void>> {
    const cancelled = () => new ResponseError<void>(LSPErrorCodes.RequestCancelled, 'The request has been cancelled.');
    return async (params, token) => {
        let uri: URI;
        try {
            uri = URI.parse(params.textDocument.uri);
        } catch {
            return empty();
        }
        if (!shared.ServiceRegistry.hasServices(uri)) return empty();
        const services = shared.ServiceRegistry.getServices(uri) as PmpathLspServices;
        try {
            for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                const document = await readiness.whenReady(uri, state, token, workspaceWide);
                if (token.isCancellationRequested) return cancelled();
                if (!document) return empty();
                const result = await shared.workspace.WorkspaceLock.read(async () => {
                    // A build may have started between the wait and now.
                    const current = shared.workspace.LangiumDocuments.getDocument(uri);
                    if (current !== document || current.state < state) return RETRY;
                    return (await call(services, current, params, token)) ?? null;
                }, ReadPriority.Immediate);
                if (result !== RETRY) return result as R | null;
            }
            return empty();
        } catch (error) {
            if (isOperationCancelled(error)) return cancelled();
            console.error(`pmpath: a request on ${params.textDocument.uri} failed; answering with an empty result.`, error);
            return empty();
        }
    };
}

/** Replaces Langium's handlers for the requests pmpath answers with ones that survive builds. */
export function registerRobustRequestHandlers(connection: Connection, shared: LangiumSharedServices, readiness: DocumentReadiness): void {
    const handler = <P extends { textDocument: { uri: string } }, R>(state: DocumentState, call: ServiceCall<P, R>, empty: () => R | null, workspaceWide = false) =>
        documentRequestHandler(shared, readiness, state, call, empty, workspaceWide);
    const noTokens = (): SemanticTokens => ({ data: [] });
    connection.onDocumentSymbol(handler(DocumentState.Parsed, (s, d, p, t) => s.lsp.DocumentSymbolProvider?.getSymbols(d, p, t), () => []));
    connection.onFoldingRanges(handler(DocumentState.Parsed, (s, d, p, t) => s.lsp.FoldingRangeProvider?.getFoldingRanges(d, p, t), () => []));
    connection.onDocumentFormatting(handler(DocumentState.Parsed, (s, d, p, t) => s.lsp.Formatter?.formatDocument(d, p, t), () => []));
    connection.onDocumentRangeFormatting(handler(DocumentState.Parsed, (s, d, p, t) => s.lsp.Formatter?.formatDocumentRange(d, p, t), () => []));
    connection.onDocumentOnTypeFormatting(handler(DocumentState.Parsed, (s, d, p, t) => s.lsp.Formatter?.formatDocumentOnType(d, p, t), () => []));
    connection.onHover(handler(DocumentState.Linked, (s, d, p, t) => s.lsp.HoverProvider?.getHoverContent(d, p, t), () => null));
    connection.onCompletion(handler(DocumentState.Linked, (s, d, p, t) => s.lsp.CompletionProvider?.getCompletion(d, p, t), () => null));
    connection.onDefinition(handler(DocumentState.Linked, (s, d, p, t) => s.lsp.DefinitionProvider?.getDefinition(d, p, t), () => null));
    connection.onCodeAction(handler(DocumentState.Validated, (s, d, p, t) => s.lsp.CodeActionProvider?.getCodeActions(d, p, t), () => []));
    connection.onReferences(handler(DocumentState.IndexedReferences, (s, d, p, t) => s.lsp.ReferencesProvider?.findReferences(d, p, t), () => [], true));
    connection.onDocumentHighlight(handler(DocumentState.IndexedReferences, (s, d, p, t) => s.lsp.DocumentHighlightProvider?.getDocumentHighlight(d, p, t), () => [], true));
    connection.onRenameRequest(handler(DocumentState.IndexedReferences, (s, d, p, t) => s.lsp.RenameProvider?.rename(d, p, t), () => null, true));
    connection.onPrepareRename(handler(DocumentState.IndexedReferences, (s, d, p, t) => s.lsp.RenameProvider?.prepareRename(d, p, t), () => null, true));
    connection.languages.semanticTokens.on(handler(DocumentState.Linked, (s, d, p, t) => s.lsp.SemanticTokenProvider?.semanticHighlight(d, p, t), noTokens));
    connection.languages.semanticTokens.onDelta(handler(DocumentState.Linked, (s, d, p, t) => s.lsp.SemanticTokenProvider?.semanticHighlightDelta(d, p, t), noTokens));
    connection.languages.semanticTokens.onRange(handler(DocumentState.Linked, (s, d, p, t) => s.lsp.SemanticTokenProvider?.semanticHighlightRange(d, p, t), noTokens));
}

/**
 * Publishes diagnostics with their version, and makes sure every open
 * document ends up with the diagnostics of its current text.
 */
export class PublishGuard {
    /** The version each document's diagnostics were last published for. */
    private readonly published = new Map<string, number>();
    /** Rebuilds asked for per document version, to give up on a document whose build keeps failing. */
    private readonly rebuilds = new Map<string, { version: number; count: number }>();

    constructor(private readonly connection: Connection, private readonly shared: LangiumSharedServices, private readonly readiness: DocumentReadiness) {
        const send = connection.sendDiagnostics.bind(connection);
        connection.sendDiagnostics = (params: PublishDiagnosticsParams) => {
            const document = this.shared.workspace.LangiumDocuments.getDocument(URI.parse(params.uri));
            const version = params.version ?? (document ? builtVersion(document) : undefined);
            if (version !== undefined) this.published.set(params.uri, version);
            return send(version === undefined ? params : { ...params, version });
        };
        const lock = shared.workspace.WorkspaceLock;
        if (lock instanceof PmpathWorkspaceLock) {
            lock.onIdle(() => this.check());
        }
        shared.workspace.TextDocuments?.onDidClose(event => {
            this.published.delete(event.document.uri);
            this.rebuilds.delete(event.document.uri);
        });
    }

    /** Publishes what was built but not sent, and rebuilds what a cancelled build left behind. */
    check(): void {
        const stale: URI[] = [];
        for (const textDocument of this.shared.workspace.TextDocuments?.all() ?? []) {
            const uri = URI.parse(textDocument.uri);
            if (!this.shared.ServiceRegistry.hasServices(uri)) continue;
            const document = this.shared.workspace.LangiumDocuments.getDocument(uri);
            if (!document || document.state < DocumentState.Validated || builtVersion(document) !== textDocument.version) {
                const attempts = this.rebuilds.get(textDocument.uri);
                const count = attempts?.version === textDocument.version ? attempts.count : 0;
                if (count < MAX_REBUILDS_PER_VERSION) {
                    this.rebuilds.set(textDocument.uri, { version: textDocument.version, count: count + 1 });
                    stale.push(uri);
                }
                continue;
            }
            if (this.published.get(textDocument.uri) !== textDocument.version && document.diagnostics) {
                void this.connection.sendDiagnostics({ uri: textDocument.uri, version: textDocument.version, diagnostics: document.diagnostics });
            }
        }
        if (stale.length > 0) {
            void this.readiness.rebuild(stale);
        }
    }
}
