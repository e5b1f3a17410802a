/**
 * The states an interrupted build can leave behind, set up on purpose: a
 * document reset by a build that was then cancelled (and that no other build
 * includes), and a document validated but never published. Requests on such
 * a document wait and answer; the idle check rebuilds it and publishes the
 * diagnostics of its current version.
 */
import { Cancellation, DocumentState, EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { describe, expect, it } from 'vitest';
import type { Connection, DocumentSymbol, PublishDiagnosticsParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseConfig } from '@pmpath/language';
import { createPmpathLspServices } from '@pmpath/language/lsp';
import { DocumentReadiness, documentRequestHandler, PublishGuard } from '../src/lsp/pmpath-request-handlers.js';
import { PmpathWorkspaceLock } from '../src/lsp/pmpath-workspace-lock.js';

const TEXT = 'pathway P {\n  actor gp: clinician\n  initial state A: healthy\n  final state B: sick\n  A -> B by gp\n  A -> B by nobody\n}\n';

async function setUp() {
    const { shared, Pmpath } = createPmpathLspServices(EmptyFileSystem);
    Pmpath.config.ConfigProvider.override = parseConfig('{}');
    // As in a started server: the (empty) workspace folder has been loaded.
    await shared.workspace.WorkspaceManager.initialized({});
    await shared.workspace.WorkspaceManager.ready;
    const published: PublishDiagnosticsParams[] = [];
    const connection = { sendDiagnostics: async (params: PublishDiagnosticsParams) => { published.push(params); } } as unknown as Connection;
    const readiness = new DocumentReadiness(shared);
    const guard = new PublishGuard(connection, shared, readiness);
    const uri = URI.parse('file:///races/p.pmpath');
    const textDocuments = shared.workspace.TextDocuments!;
    textDocuments.set(TextDocument.create(uri.toString(), 'pmpath', 1, TEXT));
    // Workspace start-up: the document is loaded and built like any other.
    const document = shared.workspace.LangiumDocumentFactory.fromTextDocument(textDocuments.get(uri.toString())!);
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.WorkspaceLock.write(token => shared.workspace.DocumentBuilder.build([document], { validation: true }, token));
    const lock = shared.workspace.WorkspaceLock as PmpathWorkspaceLock;
    return { shared, Pmpath, published, readiness, guard, uri, document, textDocuments, lock };
}

/** Waits for the lock to fall idle and its idle listeners to run. */
async function settle(lock: PmpathWorkspaceLock): Promise<void> {
    for (let i = 0; i < 200 && !lock.idle; i++) await new Promise(r => setTimeout(r, 10));
    await new Promise(r => setTimeout(r, 30));
}

describe('after an interrupted build', () => {
    it('a request on a document a cancelled build left unparsed waits, gets it rebuilt, and answers', async () => {
        const { shared, readiness, uri, document, textDocuments } = await setUp();
        textDocuments.set(TextDocument.create(uri.toString(), 'pmpath', 2, TEXT.replace('state B', 'state Done').replace(/-> B/g, '-> Done')));
        // What an update cancelled right after its resets leaves: the document
        // changed, and no build queued that includes it.
        shared.workspace.DocumentBuilder.resetToState(document, DocumentState.Changed);
        const symbols = documentRequestHandler(shared, readiness, DocumentState.Parsed,
            (services, doc, params, token) => services.lsp.DocumentSymbolProvider!.getSymbols(doc, params, token), () => []);
        const result = await symbols({ textDocument: { uri: uri.toString() } }, Cancellation.CancellationToken.None) as DocumentSymbol[];
        const states = result[0].children!.find(s => s.name === 'States')!;
        expect(states.children!.map(s => s.name)).toEqual(['A', 'Done']);
    });

    it('the idle check rebuilds an open document left behind and publishes its current version', async () => {
        const { shared, published, uri, document, textDocuments, lock } = await setUp();
        textDocuments.set(TextDocument.create(uri.toString(), 'pmpath', 7, TEXT.replace('by nobody', 'by gp')));
        shared.workspace.DocumentBuilder.resetToState(document, DocumentState.Changed);
        published.length = 0;
        // Any build ending (here a cancelled one) makes the server idle.
        await lock.write(async () => undefined);
        await settle(lock);
        const last = published.filter(p => p.uri === uri.toString()).at(-1);
        expect(last?.version).toBe(7);
        expect(last?.diagnostics.map(d => d.code)).not.toContain('unresolved-reference');
        expect((document as LangiumDocument).state).toBe(DocumentState.Validated);
    });

    it('the idle check publishes diagnostics that were built but never sent', async () => {
        const { published, uri, document, lock } = await setUp();
        expect(document.state).toBe(DocumentState.Validated);
        published.length = 0;
        await lock.write(async () => undefined);
        await settle(lock);
        const sent = published.filter(p => p.uri === uri.toString());
        expect(sent).toHaveLength(1);
        expect(sent[0].version).toBe(1);
        expect(sent[0].diagnostics.map(d => d.code)).toContain('unresolved-reference');
        // Once sent, the next idle moment sends nothing again.
        await lock.write(async () => undefined);
        await settle(lock);
        expect(published.filter(p => p.uri === uri.toString())).toHaveLength(1);
    });

    it('a request on a document that is not in the workspace answers empty at once', { timeout: 20_000 }, async () => {
        const { shared, readiness } = await setUp();
        const hover = documentRequestHandler(shared, readiness, DocumentState.Linked,
            (services, doc, params, token) => services.lsp.HoverProvider!.getHoverContent(doc, params, token), () => null);
        const result = await hover({ textDocument: { uri: 'file:///races/elsewhere.pmpath' }, position: { line: 0, character: 0 } } as never, Cancellation.CancellationToken.None);
        expect(result).toBeNull();
    });
});
