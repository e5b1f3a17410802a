/**
 * The custom protocol between the pmpath language client and server. Both
 * sides import these names and types from here, so they cannot drift apart.
 * This module must stay free of `vscode` and of Node-only imports: it is
 * bundled into the client, the server and the tests.
 */

/** Which diagram of a pathway to show. */
export type DiagramView = 'states' | 'flows';

/** Layout direction of a diagram: top to bottom or left to right. */
export type DiagramDirection = 'TB' | 'LR';

/** Parameters of {@link DiagramRequest}. */
export interface DiagramParams {
    /** The document's URI as the client knows it (`TextDocument.uri.toString()`). */
    uri: string;
    view: DiagramView;
    direction?: DiagramDirection;
    /** Wait for the full layout, never answer with a draft (export). */
    full?: boolean;
}

/** What {@link DiagramRequest} returns. */
export interface DiagramResult {
    /** A self-contained SVG document, or `undefined` when the file is not a pathway. */
    svg?: string;
    /** Why no diagram could be drawn (a library, an unparsable file, a renderer failure). */
    error?: string;
    /**
     * A quick draft layout of a big pathway: the server sends
     * `pmpath/diagramChanged` for the document when the full layout is ready,
     * and the next request gets it.
     */
    draft?: boolean;
    /** The layout came from the server's cache (same DOT text as before). */
    cached?: boolean;
    /** A newer request for the same diagram arrived first; show nothing for this one. */
    superseded?: boolean;
}

/** Renders the diagram of an open document from the server's already-built AST. */
export const DiagramRequest = 'pmpath/diagram';

/** Parameters of {@link DiagramChangedNotification}: the documents whose build just finished. */
export interface DiagramChangedParams {
    uris: string[];
}

/** Sent by the server after every build that validated at least one document. */
export const DiagramChangedNotification = 'pmpath/diagramChanged';

/**
 * Parameters of {@link LocateRequest}: an element picked in the diagram,
 * named the way the diagram names it. A node is a state (states view) or an
 * actor (flows view); an edge is the first transition (states view) or flow
 * (flows view) from `source` to `target`, or the `index`-th one of them when
 * several connect the same pair.
 */
export interface LocateParams {
    uri: string;
    view: DiagramView;
    kind: 'node' | 'edge';
    /** The node's name (a state or an actor). */
    name?: string;
    source?: string;
    target?: string;
    /** 0-based, among the edges between `source` and `target` in document order. */
    index?: number;
}

/** A 0-based LSP range (as in `vscode-languageserver-types`). */
export interface LspRange {
    start: { line: number; character: number };
    end: { line: number; character: number };
}

/** What {@link LocateRequest} returns: the range to reveal, or nothing. */
export interface LocateResult {
    range?: LspRange;
}

/** Maps a diagram element to its source range, for click-to-reveal. */
export const LocateRequest = 'pmpath/locate';

/** Parameters of {@link ReportRequest}. */
export interface ReportParams {
    uri: string;
    format: 'html' | 'md';
}

/** What {@link ReportRequest} returns. */
export interface ReportResult {
    content?: string;
    error?: string;
}

/** Renders the ethics-review dossier for one document. */
export const ReportRequest = 'pmpath/report';

/** Parameters of {@link ExportFhirRequest}. */
export interface ExportFhirParams {
    uri: string;
    /** `folder`: one file per resource; `bundle`: one collection Bundle. */
    form: 'folder' | 'bundle';
    /** Base of the canonical URLs (default `http://example.org/fhir`). */
    canonical?: string;
}

/** One file of a FHIR export: its name and JSON text. */
export interface ExportedFile {
    name: string;
    content: string;
}

/** What {@link ExportFhirRequest} returns. */
export interface ExportFhirResult {
    /** The files to write: `RESOURCETYPE-ID.json` files, or one Bundle. */
    files?: ExportedFile[];
    /** Data items without a code and similar notes. */
    warnings?: string[];
    error?: string;
}

/** Exports the pathway of one document (with its imports) as FHIR R4 resources, as `pmpath export fhir` does. */
export const ExportFhirRequest = 'pmpath/exportFhir';
