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
    /** A test run to draw over the states view: a scenario's path, or the coverage of a run. */
    overlay?: DiagramOverlay;
}

/**
 * What to draw over the states view. The server runs the scenario itself on
 * every render, so the path follows edits to the pathway and the suite;
 * coverage is the last run's, as `RunTestsRequest` returned it.
 */
export type DiagramOverlay =
    | { kind: 'scenario'; suiteUri: string; scenario: string }
    | { kind: 'coverage'; coverage: PathwayCoverageInfo; what?: string };

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
    /** The overlay drawn, in words (the caption line under the drawing). */
    overlay?: string;
    /** Why the requested overlay is not drawn (the suite has errors, the scenario is gone, the flows view). */
    overlayError?: string;
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

// ------------------------------------------------------------------ pathway tests (the Testing view)

/** Parameters of {@link TestSuitesRequest}. */
export interface TestSuitesParams {
    /** The documents to describe: `.pmtest` files found on disk and open editors. */
    uris: string[];
}

/** A scenario as the Testing view lists it. */
export interface TestScenarioInfo {
    name: string;
    /** The whole `scenario "…" { … }` block: the gutter's run button sits on its first line. */
    range: LspRange;
}

/** A test suite as the Testing view lists it. */
export interface TestSuiteInfo {
    uri: string;
    /** The pathway's name as written after `tests for`. */
    pathway: string;
    /** The pathway's file, when the name resolves. */
    pathwayUri?: string;
    /** The `tests for … { … }` block. */
    range: LspRange;
    /** In file order. */
    scenarios: TestScenarioInfo[];
}

/** What {@link TestSuitesRequest} returns. */
export interface TestSuitesResult {
    suites: TestSuiteInfo[];
    /** URIs asked about that hold no suite (a pathway, an empty or unreadable file, a file that is gone). */
    none: string[];
}

/**
 * The structure of test suites: each suite's pathway and its scenarios with
 * names and ranges, from the server's parse (waits for pending builds; loads a
 * file the server does not know yet from disk).
 */
export const TestSuitesRequest = 'pmpath/testSuites';

/** Parameters of {@link RunTestsRequest}. */
export interface RunTestsParams {
    /** The suites to run; `scenarios` names the scenarios to run (all when absent). */
    suites: Array<{ uri: string; scenarios?: string[] }>;
    /** Collect coverage per pathway. */
    coverage?: boolean;
    /** Messages name files relative to this folder URI (the workspace folder), as `pmpath test` run there does. */
    root?: string;
}

/** A place in a file. */
export interface TestLocation {
    uri: string;
    range: LspRange;
}

/** An error finding that kept a suite from running (SPEC §7: the suite, its pathway and the pathway's imports). */
export interface BlockingFindingInfo extends TestLocation {
    rule: string;
    message: string;
}

/** A transition named by a failure (every enabled one for an ambiguity). */
export interface FailureTransitionInfo extends TestLocation {
    from: string;
    to: string;
    /** 1-based. */
    line: number;
}

/** Why a scenario failed. */
export interface ScenarioFailureInfo {
    kind: 'expectation' | 'ambiguous' | 'does-not-settle' | 'cannot-start';
    /** As `pmpath test` prints it. */
    message: string;
    /** 1-based, as `pmpath test` prints them. */
    line: number;
    column: number;
    /** The step (or scenario) that failed, in the suite. */
    range: LspRange;
    expected?: string;
    actual?: string;
    transitions: FailureTransitionInfo[];
}

/** The result of one scenario. */
export interface ScenarioRunInfo {
    name: string;
    range: LspRange;
    /** `skipped`: not run because the run was cancelled or a file it reads changed during the run. */
    status: 'passed' | 'failed' | 'skipped';
    /**
     * States entered, the start state first. A long path (a daily timer cycle
     * over years) keeps its first and last 100 states; `pathOmitted` says how
     * many were left out between them.
     */
    path: string[];
    pathOmitted?: number;
    failure: ScenarioFailureInfo | null;
    notes: string[];
    /** The clock when the scenario ended, `YYYY-MM-DD`. */
    endDate?: string;
    durationMs: number;
}

/** The result of one suite. */
export interface SuiteRunInfo {
    uri: string;
    pathway: string;
    pathwayUri?: string;
    /** Error findings in the suite, its pathway or the pathway's imports: then no scenario ran. */
    blocked: BlockingFindingInfo[];
    /** The suite could not be read at all (not a suite, no such file). */
    error?: string;
    /** Why some scenarios are `skipped`. */
    interrupted?: string;
    /** The requested scenarios in file order (all of them when none were named). */
    scenarios: ScenarioRunInfo[];
    /** Names asked for that the suite does not have (renamed or deleted since the Testing view last looked). */
    missing: string[];
}

/** Coverage of one pathway over every suite of the run (SPEC §7), with every element for the editor to mark. */
export interface PathwayCoverageInfo {
    pathway: string;
    uri: string;
    transitions: {
        taken: number;
        total: number;
        /** Every transition in source order, with how often it was taken. */
        items: Array<{
            from: string;
            to: string;
            /** Among the transitions from `from` to `to`, in document order (0-based): how the diagram names it. */
            index: number;
            range: LspRange;
            count: number;
            /** Every cutoff reference in its guard, and which outcomes were seen (unknown does not count). */
            guard: Array<{ cutoff: string; range: LspRange; seenTrue: boolean; seenFalse: boolean }>;
        }>;
    };
    states: {
        entered: number;
        total: number;
        /** Every state in source order, with how often it was entered; `range` is its name. */
        items: Array<{ name: string; range: LspRange; count: number }>;
    };
    guards: { outcomesSeen: number; outcomesTotal: number };
}

/** What {@link RunTestsRequest} returns. */
export interface RunTestsResult {
    /** In the order asked for. */
    suites: SuiteRunInfo[];
    /** Per pathway of the suites that ran (only with `coverage`). */
    coverage: PathwayCoverageInfo[];
}

/**
 * Runs scenarios in the server with the simulator `pmpath test` uses, under
 * the same rule: a suite whose file, pathway or the pathway's imports have
 * error findings is not run.
 */
export const RunTestsRequest = 'pmpath/runTests';
