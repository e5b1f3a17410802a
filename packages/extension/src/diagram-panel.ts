/**
 * The live diagram preview: one webview panel beside the editor that shows
 * the states or flows diagram of the active pathway, refreshes after every
 * server build (`pmpath/diagramChanged`) without losing scroll or zoom, reveals
 * a clicked state, actor, transition or flow in the source, and is restored
 * after a window reload by the `WebviewPanelSerializer`. On the states view
 * it can draw a test run: the path of one scenario (run again by the server
 * on every refresh, so it follows edits) or the last coverage run.
 *
 * Security: the page has a Content-Security-Policy that allows only the
 * extension's own `media/` script and stylesheet (by nonce) and no network at
 * all; the SVG arrives by `postMessage` and the page script strips anything
 * active from it before inserting it (the renderer escapes labels already).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
    DiagramRequest, LocateRequest,
    type DiagramChangedParams, type DiagramDirection, type DiagramOverlay, type DiagramParams, type DiagramResult, type DiagramView,
    type LocateParams, type LocateResult
} from './messages.js';
import type { LastCoverage, ScenarioRef } from './test-controller.js';

/** Where the diagram finds test runs to draw: the Testing view's controller. */
export interface DiagramRunSource {
    /** Scenarios of the suites that test this pathway. */
    scenarios(pathwayUri: string): ScenarioRef[];
    /** The last coverage run of this pathway. */
    lastCoverage(pathwayUri: string): LastCoverage | undefined;
    /** Fires with the pathways whose coverage a run replaced. */
    readonly onDidChangeCoverage: vscode.Event<string[]>;
}

/** The test run the panel draws over the states view. */
type OverlayChoice = { kind: 'scenario'; suiteUri: string; scenario: string } | { kind: 'coverage' };

/** What the panel shows, for tests and for export. */
export interface DiagramSnapshot {
    readonly uri: string;
    readonly view: DiagramView;
    readonly svg?: string;
    readonly error?: string;
    /** The SVG is a quick draft of a big pathway; the full layout replaces it when the server has it. */
    readonly draft?: boolean;
    /** The test run drawn over the states view, in words (the caption under the drawing). */
    readonly overlay?: string;
    /** Why the test run asked for is not drawn. */
    readonly overlayError?: string;
    /** What is asked for: a scenario's path or the last coverage. */
    readonly overlayKind?: 'scenario' | 'coverage';
    /** A coverage run of this pathway exists (the toolbar's Coverage button). */
    readonly coverageAvailable?: boolean;
}

/** State the webview persists (`vscode.setState`) and the serializer gets back. */
interface PersistedState {
    uri?: unknown;
    view?: unknown;
}

/** Messages the page script sends. */
type FromWebview =
    | { type: 'ready' }
    | { type: 'switchView'; view: DiagramView }
    | { type: 'export' }
    | { type: 'pickScenario' }
    | { type: 'toggleCoverage' }
    | { type: 'clearOverlay' }
    | { type: 'reveal'; kind: 'node' | 'edge'; name?: string; source?: string; target?: string; index?: number };

export class DiagramPanelManager implements vscode.WebviewPanelSerializer<PersistedState>, vscode.Disposable {
    static readonly viewType = 'pmpath.diagram';

    private panel: vscode.WebviewPanel | undefined;
    private uri: vscode.Uri | undefined;
    private view: DiagramView;
    private last: DiagramSnapshot | undefined;
    /** The test run drawn over the states view of `uri`; forgotten when the panel follows another pathway. */
    private overlay: OverlayChoice | undefined;
    /** Responses to older requests are dropped: only the newest render is shown. */
    private sequence = 0;
    private readonly disposables: vscode.Disposable[] = [];

    constructor(
        private readonly context: vscode.ExtensionContext, private readonly client: LanguageClient,
        built: vscode.Event<DiagramChangedParams>, private readonly runs: DiagramRunSource,
    ) {
        this.view = vscode.workspace.getConfiguration('pmpath.diagram').get<DiagramView>('defaultView') === 'flows' ? 'flows' : 'states';
        this.disposables.push(
            built(params => {
                if (!this.panel || !this.uri) return;
                // A scenario's path also changes when its suite is edited.
                const suite = this.overlay?.kind === 'scenario' ? this.overlay.suiteUri : undefined;
                if (params.uris.includes(this.uri.toString()) || (suite && params.uris.includes(suite))) void this.refresh();
            }),
            runs.onDidChangeCoverage(uris => {
                if (this.panel && this.uri && uris.includes(this.uri.toString())) void this.refresh();
            }),
            vscode.window.onDidChangeActiveTextEditor(editor => {
                // The preview follows the active pathway, like the Markdown preview.
                if (this.panel && editor?.document.languageId === 'pmpath' && editor.document.uri.toString() !== this.uri?.toString()) {
                    this.uri = editor.document.uri;
                    this.overlay = undefined;
                    void this.refresh();
                }
            }),
            vscode.workspace.onDidChangeConfiguration(event => {
                if (this.panel && event.affectsConfiguration('pmpath.diagram.direction')) void this.refresh();
            }),
        );
    }

    /** Shows the diagram of `uri` (default: the active pathway) beside the editor. */
    async open(uri?: vscode.Uri): Promise<void> {
        const target = uri ?? activePathwayUri();
        if (!target) {
            void vscode.window.showWarningMessage('Open a .pmpath pathway in the editor to show its diagram.');
            return;
        }
        if (target.toString() !== this.uri?.toString()) this.overlay = undefined;
        this.uri = target;
        if (this.panel) {
            this.panel.reveal(vscode.ViewColumn.Beside, true);
        } else {
            const panel = vscode.window.createWebviewPanel(DiagramPanelManager.viewType, 'pmpath diagram',
                { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.webviewOptions());
            this.attach(panel);
        }
        await this.refresh();
    }

    /** Restores the panel after a window reload. */
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PersistedState | undefined): Promise<void> {
        if (this.panel) {
            // Only one preview: a second restored panel would never refresh.
            panel.dispose();
            return;
        }
        panel.webview.options = this.webviewOptions();
        this.attach(panel);
        if (state?.view === 'states' || state?.view === 'flows') this.view = state.view;
        if (typeof state?.uri === 'string') {
            try {
                this.uri = vscode.Uri.parse(state.uri, true);
                // The server only builds documents it knows: opening (not showing) the file makes sure.
                await vscode.workspace.openTextDocument(this.uri);
            } catch {
                this.uri = undefined;
            }
        }
        this.uri ??= activePathwayUri();
        await this.refresh();
    }

    /**
     * Draws the path of a scenario on the states view of the pathway it
     * tests, opening the preview if needed.
     */
    async showScenarioPath(pathwayUri: vscode.Uri, suiteUri: string, scenario: string): Promise<void> {
        // The server builds only documents it knows: opening (not showing) the pathway makes sure.
        await vscode.workspace.openTextDocument(pathwayUri);
        this.view = 'states';
        this.overlay = { kind: 'scenario', suiteUri, scenario };
        await this.show(pathwayUri);
    }

    /** Draws the last coverage run on the states view of a pathway (default: the one shown, else the active one). */
    async showCoverage(pathwayUri?: vscode.Uri): Promise<void> {
        const target = pathwayUri ?? (this.panel ? this.uri : undefined) ?? activePathwayUri();
        if (!target) {
            void vscode.window.showWarningMessage('Open a .pmpath pathway to show its test coverage.');
            return;
        }
        if (!this.runs.lastCoverage(target.toString())) {
            void vscode.window.showInformationMessage(`No coverage of ${basename(target)} yet: run its suites with "Run with Coverage" in the Testing view.`);
            return;
        }
        await vscode.workspace.openTextDocument(target);
        this.view = 'states';
        this.overlay = { kind: 'coverage' };
        await this.show(target);
    }

    /** Lets the user pick a scenario of the suites testing the pathway shown, and draws its path. */
    async pickScenario(): Promise<void> {
        const uri = this.uri ?? activePathwayUri();
        if (!uri) {
            void vscode.window.showWarningMessage('Open a .pmpath pathway to show a scenario\'s path.');
            return;
        }
        const scenarios = this.runs.scenarios(uri.toString());
        if (scenarios.length === 0) {
            void vscode.window.showInformationMessage(`No test suite in the workspace tests ${basename(uri)} (write one in a .pmtest file).`);
            return;
        }
        const picked = await vscode.window.showQuickPick(
            scenarios.map(s => ({ label: s.scenario, description: basename(vscode.Uri.parse(s.suiteUri)), scenario: s })),
            { placeHolder: 'Scenario whose path to show in the diagram', matchOnDescription: true });
        if (picked) await this.showScenarioPath(uri, picked.scenario.suiteUri, picked.scenario.scenario);
    }

    /** Removes the scenario path or coverage from the diagram. */
    async clearOverlay(): Promise<void> {
        this.overlay = undefined;
        await this.refresh();
    }

    /** Shows `uri` in the panel, opening it if needed. */
    private async show(uri: vscode.Uri): Promise<void> {
        this.uri = uri;
        if (this.panel) {
            this.panel.reveal(undefined, true);
            await this.refresh();
        } else {
            // `open` would forget the overlay only if the uri changed; it is set already.
            await this.open(uri);
        }
    }

    /** Switches between the states and flows views (toggles without an argument). */
    async switchView(view?: DiagramView): Promise<void> {
        this.view = view ?? (this.view === 'states' ? 'flows' : 'states');
        if (this.panel) {
            await this.refresh();
        } else {
            await this.open();
        }
    }

    /** Writes the current diagram as an SVG file; `target` skips the save dialog. */
    async exportSvg(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
        const uri = this.uri ?? activePathwayUri();
        if (!uri) {
            void vscode.window.showWarningMessage('Open a .pmpath pathway in the editor to export its diagram.');
            return undefined;
        }
        // The export draws what the preview shows, scenario path or coverage included.
        const result = await this.render(uri, this.view, true, this.panel && uri.toString() === this.uri?.toString() ? this.overlayRequest(uri) : undefined);
        if (result.svg === undefined) {
            void vscode.window.showErrorMessage(result.error ?? 'The diagram could not be drawn.');
            return undefined;
        }
        const destination = target ?? await vscode.window.showSaveDialog({
            defaultUri: uri.with({ path: uri.path.replace(/\.pmpath$/i, '') + `.${this.view}.svg` }),
            filters: { SVG: ['svg'] },
            saveLabel: 'Export diagram',
        });
        if (!destination) return undefined;
        await vscode.workspace.fs.writeFile(destination, new TextEncoder().encode(result.svg));
        return destination;
    }

    /** The diagram on screen now, if the panel is open. */
    snapshot(): DiagramSnapshot | undefined {
        return this.panel ? this.last : undefined;
    }

    dispose(): void {
        this.panel?.dispose();
        for (const disposable of this.disposables.splice(0)) disposable.dispose();
    }

    private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
        return {
            enableScripts: true,
            retainContextWhenHidden: false,
            localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'media')],
        };
    }

    private attach(panel: vscode.WebviewPanel): void {
        this.panel = panel;
        panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'diagram.svg');
        panel.webview.html = pageHtml(panel.webview, this.context.extensionUri);
        const subscriptions: vscode.Disposable[] = [
            panel.webview.onDidReceiveMessage((message: FromWebview) => this.onMessage(message)),
            panel.onDidChangeViewState(() => {
                // A hidden webview loses its page; show the newest diagram when it comes back.
                if (panel.visible) void this.refresh();
            }),
        ];
        panel.onDidDispose(() => {
            if (this.panel === panel) {
                this.panel = undefined;
                this.last = undefined;
            }
            for (const s of subscriptions) s.dispose();
        });
    }

    private async onMessage(message: FromWebview): Promise<void> {
        switch (message?.type) {
            case 'ready':
                if (this.last) await this.post(this.last);
                else await this.refresh();
                return;
            case 'switchView':
                await this.switchView(message.view === 'flows' ? 'flows' : 'states');
                return;
            case 'export':
                await this.exportSvg();
                return;
            case 'reveal':
                await this.reveal(message);
                return;
            case 'pickScenario':
                await this.pickScenario();
                return;
            case 'toggleCoverage':
                if (this.overlay?.kind === 'coverage') await this.clearOverlay();
                else await this.showCoverage();
                return;
            case 'clearOverlay':
                await this.clearOverlay();
                return;
        }
    }

    private async reveal(message: Extract<FromWebview, { type: 'reveal' }>): Promise<void> {
        if (!this.uri) return;
        const params: LocateParams = {
            uri: this.uri.toString(), view: this.view, kind: message.kind === 'edge' ? 'edge' : 'node',
            name: stringOrUndefined(message.name), source: stringOrUndefined(message.source), target: stringOrUndefined(message.target),
            index: typeof message.index === 'number' ? message.index : undefined,
        };
        const result = await this.client.sendRequest<LocateResult>(LocateRequest, params);
        if (!result.range) return;
        const range = this.client.protocol2CodeConverter.asRange(result.range);
        const visible = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === this.uri?.toString());
        await vscode.window.showTextDocument(this.uri, {
            viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
            selection: range,
            preserveFocus: false,
        });
        vscode.window.activeTextEditor?.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }

    private async refresh(): Promise<void> {
        const panel = this.panel;
        const uri = this.uri;
        if (!panel) return;
        if (!uri) {
            await this.post({ uri: '', view: this.view, error: 'Open a .pmpath pathway to see its diagram.' });
            return;
        }
        const ticket = ++this.sequence;
        const overlay = this.overlayRequest(uri);
        const result = await this.render(uri, this.view, false, overlay);
        // A superseded answer belongs to an older edit; the newer request's answer follows.
        if (ticket !== this.sequence || panel !== this.panel || result.superseded) return;
        panel.title = `${basename(uri)} — ${this.view === 'states' ? 'states' : 'data flows'}`;
        await this.post({
            uri: uri.toString(), view: this.view, svg: result.svg, error: result.svg === undefined ? result.error ?? 'No diagram.' : undefined, draft: result.draft,
            overlay: result.overlay, overlayError: result.overlayError, overlayKind: this.overlay?.kind,
            coverageAvailable: this.runs.lastCoverage(uri.toString()) !== undefined,
        });
    }

    /** The overlay to ask the server for, if one is chosen and still available. */
    private overlayRequest(uri: vscode.Uri): DiagramOverlay | undefined {
        if (this.overlay?.kind === 'scenario') return this.overlay;
        if (this.overlay?.kind === 'coverage') {
            const last = this.runs.lastCoverage(uri.toString());
            if (last) return { kind: 'coverage', coverage: last.info, what: last.what };
            this.overlay = undefined;
        }
        return undefined;
    }

    private async render(uri: vscode.Uri, view: DiagramView, full = false, overlay?: DiagramOverlay): Promise<DiagramResult> {
        const direction = vscode.workspace.getConfiguration('pmpath.diagram', uri).get<DiagramDirection>('direction') === 'LR' ? 'LR' : 'TB';
        const params: DiagramParams = { uri: uri.toString(), view, direction, full: full || undefined, overlay };
        try {
            return await this.client.sendRequest<DiagramResult>(DiagramRequest, params);
        } catch (error) {
            return { error: `The language server did not answer: ${error instanceof Error ? error.message : String(error)}` };
        }
    }

    private async post(snapshot: DiagramSnapshot): Promise<void> {
        this.last = snapshot;
        await this.panel?.webview.postMessage({ type: 'update', ...snapshot });
    }
}

function activePathwayUri(): vscode.Uri | undefined {
    const editor = vscode.window.activeTextEditor;
    return editor?.document.languageId === 'pmpath' ? editor.document.uri : undefined;
}

function basename(uri: vscode.Uri): string {
    return uri.path.split('/').pop() ?? uri.path;
}

function stringOrUndefined(value: unknown): string | undefined {
    return typeof value === 'string' ? value : undefined;
}

/** A fresh nonce per page: the only script and stylesheet allowed to load carry it. */
function makeNonce(): string {
    const bytes = new Uint8Array(18);
    crypto.getRandomValues(bytes);
    return Buffer.from(bytes).toString('base64');
}

/** The page shell. The diagram itself arrives later by `postMessage`. */
export function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
    const nonce = makeNonce();
    const media = (file: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', file)).toString();
    const csp = [
        "default-src 'none'",
        `img-src ${webview.cspSource} data:`,
        `style-src ${webview.cspSource} 'nonce-${nonce}'`,
        `script-src 'nonce-${nonce}'`,
        `font-src ${webview.cspSource}`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${media('diagram.css')}">
<title>pmpath diagram</title>
</head>
<body>
<div class="toolbar" role="toolbar" aria-label="Diagram">
  <button type="button" data-action="view" data-view="states" aria-pressed="false">States</button>
  <button type="button" data-action="view" data-view="flows" aria-pressed="false">Data flows</button>
  <span class="spacer"></span>
  <button type="button" data-action="path" title="Show the path of a test scenario on the states view">Scenario path…</button>
  <button type="button" data-action="coverage" aria-pressed="false" disabled title="Show the last coverage run on the states view">Coverage</button>
  <button type="button" data-action="clear" hidden title="Remove the scenario path or coverage from the diagram">Clear run</button>
  <span class="spacer"></span>
  <button type="button" data-action="zoom-out" title="Zoom out (-)" aria-label="Zoom out">−</button>
  <button type="button" data-action="zoom-reset" title="Actual size (0)" id="zoom-level">100%</button>
  <button type="button" data-action="zoom-in" title="Zoom in (+)" aria-label="Zoom in">+</button>
  <button type="button" data-action="export" title="Export the diagram as an SVG file">Export SVG…</button>
</div>
<div id="message" role="status" hidden></div>
<div id="viewport" tabindex="0"><div id="canvas"></div></div>
<script nonce="${nonce}" src="${media('diagram.js')}"></script>
</body>
</html>`;
}
