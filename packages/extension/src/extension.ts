/**
 * The pmpath VS Code extension: starts the language server (dist/server.cjs,
 * a separate Node process over IPC) for `.pmpath` pathways and `.pmtest` test
 * suites, and registers the diagram and dossier commands, the FHIR export and
 * the Testing view of `.pmtest` suites. Everything language-specific happens
 * in the server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DiagramPanelManager, type DiagramSnapshot } from './diagram-panel.js';
import {
    DiagramChangedNotification, ExportFhirRequest, ReportRequest,
    type DiagramChangedParams, type ExportFhirParams, type ExportFhirResult, type ReportParams, type ReportResult
} from './messages.js';
import { ScenarioCodeLensProvider } from './scenario-codelens.js';
import { PmpathTestController, type TestRunRecord } from './test-controller.js';

/** What `activate` returns: used by the integration tests (and by other extensions). */
export interface PmpathExtensionApi {
    readonly client: LanguageClient;
    /** The diagram the preview panel shows right now, if it is open. */
    currentDiagram(): DiagramSnapshot | undefined;
    /** The Testing view's side. */
    readonly tests: {
        readonly controller: vscode.TestController;
        /** Fires after every run with what it reported to VS Code. */
        readonly onDidFinishRun: vscode.Event<TestRunRecord>;
        /** Resolves when discovery and the refreshes asked for so far are done. */
        settled(): Promise<void>;
        /** The statements (transitions), branches (guard outcomes) and declarations (states) of a file's coverage. */
        coverageDetails(file: vscode.FileCoverage): vscode.FileCoverageDetail[];
    };
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<PmpathExtensionApi> {
    const serverModule = context.asAbsolutePath(path.join('dist', 'server.cjs'));
    const serverOptions: ServerOptions = {
        run: { module: serverModule, transport: TransportKind.ipc },
        debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const clientOptions: LanguageClientOptions = {
        // Pathways and libraries (`pmpath`) and their test suites (`pmtest`) share one server.
        documentSelector: [
            { scheme: 'file', language: 'pmpath' },
            { scheme: 'untitled', language: 'pmpath' },
            { scheme: 'file', language: 'pmtest' },
            { scheme: 'untitled', language: 'pmtest' },
        ],
        synchronize: {
            // The server reads `pmpath.configFile` and re-reads it on change.
            configurationSection: 'pmpath',
            // Imported files, suites and `.pmpathrc.json` changed outside the editor must trigger a rebuild.
            fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.pmpath,*.pmtest,.pmpathrc.json}'),
        },
        outputChannelName: 'pmpath',
    };
    // The client id `pmpath` makes vscode-languageclient honour the `pmpath.trace.server` setting.
    client = new LanguageClient('pmpath', 'pmpath language server', serverOptions, clientOptions);
    const languageClient = client;
    await languageClient.start();

    // One handler per notification in the client: fan the server's "built" notice out.
    const built = new vscode.EventEmitter<DiagramChangedParams>();
    context.subscriptions.push(built, languageClient.onNotification(DiagramChangedNotification, (params: DiagramChangedParams) => built.fire(params)));

    const tests = new PmpathTestController(languageClient, built.event);
    const diagrams = new DiagramPanelManager(context, languageClient, built.event, tests);
    const codeLenses = new ScenarioCodeLensProvider(tests);
    context.subscriptions.push(
        tests,
        codeLenses,
        vscode.languages.registerCodeLensProvider({ language: 'pmtest' }, codeLenses),
        vscode.commands.registerCommand('pmpath.diagram.showScenarioPath', (target?: unknown, scenario?: unknown) => showScenarioPath(tests, diagrams, target, scenario)),
        vscode.commands.registerCommand('pmpath.diagram.showCoverage', (target?: vscode.Uri) => diagrams.showCoverage(target instanceof vscode.Uri ? target : undefined)),
        vscode.commands.registerCommand('pmpath.diagram.clearRunOverlay', () => diagrams.clearOverlay()),
        diagrams,
        vscode.window.registerWebviewPanelSerializer(DiagramPanelManager.viewType, diagrams),
        vscode.commands.registerCommand('pmpath.diagram.open', (uri?: vscode.Uri) => diagrams.open(uri)),
        vscode.commands.registerCommand('pmpath.diagram.switchView', (view?: unknown) => diagrams.switchView(view === 'states' || view === 'flows' ? view : undefined)),
        vscode.commands.registerCommand('pmpath.diagram.exportSvg', (target?: vscode.Uri) => diagrams.exportSvg(target)),
        vscode.commands.registerCommand('pmpath.report.generate', (target?: vscode.Uri, format?: unknown) =>
            generateReport(languageClient, target, format === 'md' || format === 'html' ? format : undefined)),
        vscode.commands.registerCommand('pmpath.fhir.export', (target?: vscode.Uri, form?: unknown) =>
            exportFhir(languageClient, target, form === 'bundle' || form === 'folder' ? form : undefined)),
    );
    return {
        client: languageClient,
        currentDiagram: () => diagrams.snapshot(),
        tests: {
            controller: tests.controller, onDidFinishRun: tests.onDidFinishRun,
            settled: () => tests.settled(), coverageDetails: file => tests.coverageDetails(file),
        },
    };
}

/**
 * Draws a scenario's path in the diagram. `target` is a Testing view item
 * (its context menu), or a suite URI with the scenario's name (the CodeLens,
 * keybindings, tests); without them the user picks a scenario.
 */
async function showScenarioPath(tests: PmpathTestController, diagrams: DiagramPanelManager, target: unknown, scenario: unknown): Promise<void> {
    let chosen: { suiteUri: string; scenario: string } | undefined;
    if (typeof scenario === 'string' && (typeof target === 'string' || target instanceof vscode.Uri)) {
        chosen = { suiteUri: target.toString(), scenario };
    } else if (target && typeof target === 'object' && 'id' in target && 'children' in target) {
        chosen = tests.scenarioOf(target as vscode.TestItem);
        if (!chosen) {
            void vscode.window.showInformationMessage('Choose a scenario (not a suite) to see its path in the diagram.');
            return;
        }
    } else {
        await tests.settled();
        // The scenario under the cursor of the active suite (the editor's context menu), else a choice:
        // the scenarios of the active suite, else those testing the active pathway, else all.
        const editor = vscode.window.activeTextEditor;
        const active = editor?.document;
        const all = tests.scenarios();
        const atCursor = editor && all.find(s => s.suiteUri === editor.document.uri.toString() && s.range.contains(editor.selection.active));
        if (atCursor) return showScenarioPath(tests, diagrams, atCursor.suiteUri, atCursor.scenario);
        const mine = all.filter(s => active && (s.suiteUri === active.uri.toString() || s.pathwayUri === active.uri.toString()));
        const choices = (mine.length > 0 ? mine : all).filter(s => s.pathwayUri);
        if (choices.length === 0) {
            void vscode.window.showInformationMessage('No scenario of a .pmtest suite in the workspace tests a pathway yet.');
            return;
        }
        const picked = await vscode.window.showQuickPick(
            choices.map(s => ({ label: s.scenario, description: vscode.workspace.asRelativePath(vscode.Uri.parse(s.suiteUri)), scenario: s })),
            { placeHolder: 'Scenario whose path to show in the diagram', matchOnDescription: true });
        chosen = picked?.scenario;
    }
    if (!chosen) return;
    await tests.settled();
    if (!tests.pathwayOf(chosen.suiteUri)) await tests.load(vscode.Uri.parse(chosen.suiteUri));
    const pathway = tests.pathwayOf(chosen.suiteUri);
    if (!pathway) {
        void vscode.window.showWarningMessage(`The pathway that ${vscode.workspace.asRelativePath(vscode.Uri.parse(chosen.suiteUri))} tests is not found: check its import and \`tests for\` line.`);
        return;
    }
    await diagrams.showScenarioPath(vscode.Uri.parse(pathway), chosen.suiteUri, chosen.scenario);
}

export async function deactivate(): Promise<void> {
    await client?.stop();
    client = undefined;
}

/**
 * Writes the ethics-review dossier of the active pathway. `target` and
 * `format` skip the dialogs (for keybindings, tasks and tests).
 */
async function generateReport(languageClient: LanguageClient, target?: vscode.Uri, format?: 'html' | 'md'): Promise<vscode.Uri | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'pmpath') {
        void vscode.window.showWarningMessage('Open a .pmpath pathway in the editor to generate its dossier.');
        return undefined;
    }
    const chosen = format ?? (await vscode.window.showQuickPick(
        [{ label: 'HTML', description: 'self-contained page for the ethics board', format: 'html' as const },
         { label: 'Markdown', description: 'for a repository or wiki', format: 'md' as const }],
        { placeHolder: 'Dossier format' }))?.format;
    if (!chosen) return undefined;
    const source = editor.document.uri;
    const destination = target ?? await vscode.window.showSaveDialog({
        defaultUri: source.with({ path: source.path.replace(/\.pmpath$/i, '') + `.dossier.${chosen}` }),
        filters: chosen === 'html' ? { HTML: ['html'] } : { Markdown: ['md'] },
        saveLabel: 'Write dossier',
    });
    if (!destination) return undefined;
    const params: ReportParams = { uri: source.toString(), format: chosen };
    const result = await languageClient.sendRequest<ReportResult>(ReportRequest, params);
    if (result.content === undefined) {
        void vscode.window.showErrorMessage(result.error ?? 'The dossier could not be generated.');
        return undefined;
    }
    await vscode.workspace.fs.writeFile(destination, new TextEncoder().encode(result.content));
    if (!target) {
        const open = await vscode.window.showInformationMessage(`Dossier written to ${vscode.workspace.asRelativePath(destination)}.`, 'Open');
        if (open) await vscode.commands.executeCommand('vscode.open', destination);
    }
    return destination;
}

/**
 * Exports the active pathway (with what it imports) as FHIR R4: a folder of
 * `RESOURCETYPE-ID.json` files or one Bundle. `target` and `form` skip the
 * dialogs (for keybindings, tasks and tests); returns what was written.
 */
async function exportFhir(languageClient: LanguageClient, target?: vscode.Uri, form?: 'folder' | 'bundle'): Promise<vscode.Uri | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'pmpath') {
        void vscode.window.showWarningMessage('Open a .pmpath pathway in the editor to export it as FHIR.');
        return undefined;
    }
    const chosen = form ?? (await vscode.window.showQuickPick(
        [{ label: 'Folder of resources', description: 'one RESOURCETYPE-ID.json per resource, e.g. as IG input', form: 'folder' as const },
         { label: 'One Bundle', description: 'a collection Bundle, e.g. for a FHIR server', form: 'bundle' as const }],
        { placeHolder: 'FHIR export as' }))?.form;
    if (!chosen) return undefined;
    const source = editor.document.uri;
    const base = source.with({ path: source.path.replace(/\.pmpath$/i, '') });
    const destination = target ?? (chosen === 'bundle'
        ? await vscode.window.showSaveDialog({ defaultUri: base.with({ path: `${base.path}.fhir-bundle.json` }), filters: { 'FHIR Bundle': ['json'] }, saveLabel: 'Export' })
        : (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Export here', defaultUri: vscode.Uri.joinPath(base, '..') }))?.[0]);
    if (!destination) return undefined;
    const canonical = vscode.workspace.getConfiguration('pmpath', source).get<string>('fhir.canonical') || undefined;
    const params: ExportFhirParams = { uri: source.toString(), form: chosen, canonical };
    const result = await languageClient.sendRequest<ExportFhirResult>(ExportFhirRequest, params);
    if (!result.files) {
        void vscode.window.showErrorMessage(result.error ?? 'The pathway could not be exported as FHIR.');
        return undefined;
    }
    const encoder = new TextEncoder();
    if (chosen === 'bundle') {
        await vscode.workspace.fs.writeFile(destination, encoder.encode(result.files[0].content));
    } else {
        await vscode.workspace.fs.createDirectory(destination);
        for (const file of result.files) {
            await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(destination, file.name), encoder.encode(file.content));
        }
    }
    if (!target) {
        const warnings = result.warnings ?? [];
        const note = warnings.length > 0 ? ` ${warnings.length} data item${warnings.length === 1 ? ' has' : 's have'} no LOINC or SNOMED CT code and ${warnings.length === 1 ? 'is' : 'are'} exported as text.` : '';
        void vscode.window.showInformationMessage(`Exported ${chosen === 'bundle' ? 'a FHIR Bundle' : `${result.files.length} FHIR resources`} to ${vscode.workspace.asRelativePath(destination)}.${note}`);
    }
    return destination;
}
