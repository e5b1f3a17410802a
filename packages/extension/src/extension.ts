/**
 * The pmpath VS Code extension: starts the language server (dist/server.cjs,
 * a separate Node process over IPC) for `.pmpath` pathways and `.pmtest` test
 * suites, and registers the diagram and dossier commands and the FHIR export.
 * Everything language-specific happens in the server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DiagramPanelManager, type DiagramSnapshot } from './diagram-panel.js';
import {
    ExportFhirRequest, ReportRequest, type ExportFhirParams, type ExportFhirResult, type ReportParams, type ReportResult
} from './messages.js';

/** What `activate` returns: used by the integration tests (and by other extensions). */
export interface PmpathExtensionApi {
    readonly client: LanguageClient;
    /** The diagram the preview panel shows right now, if it is open. */
    currentDiagram(): DiagramSnapshot | undefined;
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

    const diagrams = new DiagramPanelManager(context, languageClient);
    context.subscriptions.push(
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
    return { client: languageClient, currentDiagram: () => diagrams.snapshot() };
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
