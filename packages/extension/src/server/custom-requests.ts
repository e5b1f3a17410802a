/**
 * pmpath's custom LSP requests and notifications (names in ../messages.ts):
 * diagrams and dossiers rendered from the server's already-built documents,
 * a locator that maps diagram elements back to source ranges, a
 * notification after every build so that open previews refresh, and the
 * Testing view's requests (test-requests.ts).
 */
import { DocumentState, GrammarUtils, URI, type AstNode, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { CancellationToken, Connection } from 'vscode-languageserver';
import type { DocumentReadiness } from '@pmpath/language/lsp';
import { isActor, isFlow, isPathway, isPmpathFile, isState, isTransition, toLintDiagnostic, type Pathway, type LintDiagnostic } from '@pmpath/language';
import {
    DiagramChangedNotification, DiagramRequest, ExportFhirRequest, LocateRequest, ReportRequest,
    type DiagramChangedParams, type DiagramParams, type DiagramResult, type ExportFhirParams, type ExportFhirResult, type LocateParams, type LocateResult,
    type LspRange, type ReportParams, type ReportResult
} from '../messages.js';
import { exportDocumentAsFhir } from './export-fhir.js';
import { LayoutCancelled } from './layout-service.js';
import { renderDiagram, renderDossier } from './render.js';
import { diagramOverlay, registerTestRequests } from './test-requests.js';

/** Registers the custom handlers on a connection; call before `startLanguageServer`. */
export function registerCustomRequests(connection: Connection, shared: LangiumSharedServices, readiness: DocumentReadiness): void {
    const builder = shared.workspace.DocumentBuilder;

    builder.onBuildPhase(DocumentState.Validated, documents => {
        const params: DiagramChangedParams = { uris: documents.map(d => d.uri.toString()) };
        if (params.uris.length > 0) {
            void connection.sendNotification(DiagramChangedNotification, params);
        }
    });

    connection.onRequest(DiagramRequest, async (params: DiagramParams, token): Promise<DiagramResult> => {
        const built = await builtPathway(shared, readiness, params.uri, token);
        if ('error' in built) return { error: built.error };
        const view = params.view === 'flows' ? 'flows' : 'states';
        // A test run drawn over the states view; the flows view has no states to mark.
        let overlay: Awaited<ReturnType<typeof diagramOverlay>> | undefined;
        if (params.overlay) {
            overlay = view === 'states'
                ? await diagramOverlay(shared, built.pathway, params.overlay, token).catch((error: unknown) => ({ error: `The test run could not be drawn: ${describe(error)}` }))
                : { error: 'Scenario paths and coverage are drawn on the states view.' };
        }
        const drawn = overlay && 'overlay' in overlay ? overlay.overlay : undefined;
        const overlayInfo = { overlay: drawn?.caption, overlayError: overlay && 'error' in overlay ? overlay.error : undefined };
        try {
            // Layout runs in a worker; a newer request for this document and view supersedes this one.
            const onFullLayout = params.full ? undefined
                : () => void connection.sendNotification(DiagramChangedNotification, { uris: [params.uri] } satisfies DiagramChangedParams);
            const key = `${params.uri}|${view}${params.full ? '|export' : ''}`;
            const rendered = await renderDiagram(built.pathway, built.findings, view, params.direction === 'LR' ? 'LR' : 'TB', key, token, onFullLayout, drawn);
            return { svg: rendered.svg, draft: rendered.draft || undefined, cached: rendered.cached || undefined, ...overlayInfo };
        } catch (error) {
            if (error instanceof LayoutCancelled) return { superseded: true, error: error.message };
            return { error: `The ${view} diagram of ${built.pathway.name} could not be drawn: ${describe(error)}` };
        }
    });

    connection.onRequest(ReportRequest, async (params: ReportParams, token): Promise<ReportResult> => {
        const built = await builtPathway(shared, readiness, params.uri, token);
        if ('error' in built) return { error: built.error };
        try {
            return { content: await renderDossier(built.document, built.findings, params.format === 'md' ? 'md' : 'html') };
        } catch (error) {
            return { error: `The dossier of ${built.pathway.name} could not be written: ${describe(error)}` };
        }
    });

    connection.onRequest(ExportFhirRequest, async (params: ExportFhirParams, token): Promise<ExportFhirResult> => {
        const built = await builtPathway(shared, readiness, params.uri, token);
        if ('error' in built) return { error: built.error };
        try {
            return exportDocumentAsFhir(built.document, shared.workspace.LangiumDocuments, params);
        } catch (error) {
            return { error: `${built.pathway.name} could not be exported as FHIR: ${describe(error)}` };
        }
    });

    registerTestRequests(connection, shared);

    connection.onRequest(LocateRequest, async (params: LocateParams, token): Promise<LocateResult> => {
        const built = await builtPathway(shared, readiness, params.uri, token);
        if ('error' in built) return {};
        return { range: locate(built.pathway, params) };
    });
}

type Built = { document: LangiumDocument; pathway: Pathway; findings: LintDiagnostic[] } | { error: string };

/**
 * Waits until the document has been validated (through the server's
 * `DocumentReadiness`, which rebuilds a document an interrupted build left
 * behind and gives up after a deadline, so a request can never hang), then
 * returns its pathway and findings.
 */
async function builtPathway(shared: LangiumSharedServices, readiness: DocumentReadiness, uriString: string, token: CancellationToken): Promise<Built> {
    let uri: URI;
    try {
        uri = URI.parse(uriString);
    } catch {
        return { error: `"${uriString}" is not a valid document URI.` };
    }
    const documents = shared.workspace.LangiumDocuments;
    if (!documents.hasDocument(uri) && !shared.workspace.TextDocuments?.get(uri.toString())) {
        return { error: `${uri.path.split('/').pop() ?? uriString} is not open in the pmpath language server; open it in the editor first.` };
    }
    const ready = await readiness.whenReady(uri, DocumentState.Validated, token);
    if (token.isCancellationRequested) return { error: 'The request was cancelled.' };
    if (!ready) return { error: 'The document is still being rebuilt; try again in a moment.' };
    const document = documents.getDocument(uri);
    const root = document?.parseResult.value;
    if (!document || !isPmpathFile(root) || !root.body) {
        return { error: 'The file does not contain a pathway yet.' };
    }
    if (root.body.$type === 'TestSuite') {
        return { error: 'This file is a test suite: open the pathway it tests to see its diagram.' };
    }
    if (!isPathway(root.body)) {
        return { error: `${root.body.name || 'This file'} is a library: libraries hold shared declarations and have no diagram. Open a pathway that imports it.` };
    }
    const findings = (document.diagnostics ?? []).map(toLintDiagnostic);
    return { document, pathway: root.body, findings };
}

/** Maps a diagram element (a node or an edge, named as the diagram names it) to its source range. */
export function locate(pathway: Pathway, params: LocateParams): LspRange | undefined {
    const elements = pathway.elements ?? [];
    let node: AstNode | undefined;
    if (params.kind === 'node') {
        node = params.view === 'flows'
            ? elements.filter(isActor).find(a => a.name === params.name)
            : elements.filter(isState).find(s => s.name === params.name);
        const nameNode = node?.$cstNode ? GrammarUtils.findNodeForProperty(node.$cstNode, 'name') : undefined;
        if (nameNode) return nameNode.range;
    } else {
        const edges = params.view === 'flows'
            ? elements.filter(isFlow).filter(f => f.from?.$refText === params.source && f.to?.$refText === params.target)
            : elements.filter(isTransition).filter(t => t.source?.$refText === params.source && t.target?.$refText === params.target);
        node = edges[Math.max(0, Math.min(params.index ?? 0, edges.length - 1))];
    }
    return node?.$cstNode?.range;
}

function describe(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
