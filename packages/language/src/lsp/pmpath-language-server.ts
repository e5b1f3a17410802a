/**
 * Starts the pmpath language server on a connection: creates the services,
 * wires Langium's LSP handlers, and applies the `pmpath.configFile` client
 * setting whenever it changes.
 */
import { URI } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import { createPmpathLspServices, type PmpathLspServices } from './pmpath-lsp-module.js';
import { DocumentReadiness, PublishGuard, registerRobustRequestHandlers } from './pmpath-request-handlers.js';
import type { DefaultSharedModuleContext, LangiumSharedServices } from 'langium/lsp';

/** The client setting section (`pmpath.configFile`, …). */
export const SETTINGS_SECTION = 'pmpath';

/**
 * Starts a pmpath language server on `connection` (the server entry point
 * creates the connection and passes its file system, usually `NodeFileSystem`).
 */
export function startPmpathLanguageServer(
    connection: Connection,
    fileSystem: Omit<DefaultSharedModuleContext, 'connection'>
): { shared: LangiumSharedServices; Pmpath: PmpathLspServices; readiness: DocumentReadiness } {
    const services = createPmpathLspServices({ connection, ...fileSystem });
    const { shared, Pmpath } = services;
    let workspaceFolder: string | undefined;
    shared.lsp.LanguageServer.onInitialize(params => {
        const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
        if (folder) {
            const uri = URI.parse(folder);
            workspaceFolder = uri.scheme === 'file' ? uri.fsPath : undefined;
        }
    });
    const applySetting = (settings: unknown) => {
        const configFile = (settings as { configFile?: unknown } | undefined)?.configFile;
        void Pmpath.config.Reloader.setConfigFile(typeof configFile === 'string' ? configFile : undefined, workspaceFolder);
    };
    shared.workspace.ConfigurationProvider.onConfigurationSectionUpdate(update => {
        if (update.section === SETTINGS_SECTION) {
            applySetting(update.configuration);
        }
    });
    shared.lsp.LanguageServer.onInitialized(() => {
        void shared.workspace.ConfigurationProvider.ready.then(async () => {
            const configFile = await shared.workspace.ConfigurationProvider.getConfiguration(SETTINGS_SECTION, 'configFile');
            if (typeof configFile === 'string' && configFile.trim()) {
                applySetting({ configFile });
            }
        });
    });
    startLanguageServer(shared);
    // After Langium's own registrations, which these replace.
    const readiness = new DocumentReadiness(shared);
    registerRobustRequestHandlers(connection, shared, readiness);
    new PublishGuard(connection, shared, readiness);
    return { ...services, readiness };
}
