/**
 * The language server's composition root: Langium's default LSP services,
 * the core pmpath modules (parser, scoping, validation, configuration) and
 * pmpath's editor features. Every provider is guarded so that one failing
 * request answers with an empty result instead of taking the server down.
 */
import { inject, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices, type PartialLangiumServices,
    type PartialLangiumSharedServices
} from 'langium/lsp';
import { PmpathGeneratedModule, PmpathGeneratedSharedModule } from '../generated/module.js';
import { PmpathModule, PmpathSharedModule, type PmpathAddedServices } from '../pmpath-module.js';
import { registerValidationChecks } from '../validation/pmpath-validator.js';
import { guardMethods } from './guard.js';
import { PmpathCodeActionProvider } from './pmpath-code-actions.js';
import { PmpathCompletionProvider } from './pmpath-completion.js';
import { PmpathConfigReloader, PmpathDocumentUpdateHandler } from './pmpath-config-reload.js';
import { PmpathFoldingRangeProvider } from './pmpath-folding.js';
import { PmpathFormatter } from './pmpath-formatter.js';
import { PmpathHoverProvider } from './pmpath-hover.js';
import { PmpathLspIndexManager } from './pmpath-index-manager.js';
import { PmpathWorkspaceLock } from './pmpath-workspace-lock.js';
import { PmpathSemanticTokenProvider } from './pmpath-semantic-tokens.js';
import { PmpathDocumentSymbolProvider, PmpathNodeKindProvider } from './pmpath-symbols.js';

/** Services the language server adds to the core pmpath services. */
export type PmpathLspAddedServices = {
    config: {
        /** Reloads `.pmpathrc.json` and revalidates the workspace. */
        Reloader: PmpathConfigReloader;
    };
};

/** The pmpath language services with every LSP feature. */
export type PmpathLspServices = LangiumServices & PmpathAddedServices & PmpathLspAddedServices;

const empty = (): [] => [];
const none = (): undefined => undefined;

/** pmpath's editor features on top of Langium's defaults. */
export const PmpathLspModule: Module<PmpathLspServices, PartialLangiumServices & { config: { Reloader: PmpathConfigReloader } }> = {
    lsp: {
        CodeActionProvider: (services) => guardMethods(new PmpathCodeActionProvider(services), { getCodeActions: empty }),
        CompletionProvider: (services) => guardMethods(new PmpathCompletionProvider(services), { getCompletion: none }),
        HoverProvider: (services) => guardMethods(new PmpathHoverProvider(services), { getHoverContent: none }),
        DocumentSymbolProvider: (services) => guardMethods(new PmpathDocumentSymbolProvider(services.shared.lsp.NodeKindProvider), { getSymbols: empty }),
        Formatter: () => guardMethods(new PmpathFormatter(), { formatDocument: empty, formatDocumentRange: empty, formatDocumentOnType: empty }),
        SemanticTokenProvider: (services) => guardMethods(new PmpathSemanticTokenProvider(services), {
            semanticHighlight: () => ({ data: [] }),
            semanticHighlightRange: () => ({ data: [] }),
            semanticHighlightDelta: () => ({ edits: [] }),
        }),
        FoldingRangeProvider: (services) => guardMethods(new PmpathFoldingRangeProvider(services), { getFoldingRanges: empty }),
    },
    config: {
        Reloader: (services) => new PmpathConfigReloader(services.shared, services.config.ConfigProvider),
    },
};

/** Shared LSP services: symbol kinds and configuration-file watching. */
export const PmpathSharedLspModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    workspace: {
        IndexManager: (shared) => new PmpathLspIndexManager(shared),
        WorkspaceLock: () => new PmpathWorkspaceLock(),
    },
    lsp: {
        NodeKindProvider: () => new PmpathNodeKindProvider(),
        DocumentUpdateHandler: (shared) => new PmpathDocumentUpdateHandler(shared),
    },
};

/** Guards Langium's default providers that pmpath does not replace. */
function guardDefaults(services: PmpathLspServices): void {
    const lsp = services.lsp;
    if (lsp.DefinitionProvider) guardMethods(lsp.DefinitionProvider, { getDefinition: none });
    if (lsp.ReferencesProvider) guardMethods(lsp.ReferencesProvider, { findReferences: empty });
    if (lsp.RenameProvider) guardMethods(lsp.RenameProvider, { rename: none, prepareRename: none });
    if (lsp.DocumentHighlightProvider) guardMethods(lsp.DocumentHighlightProvider, { getDocumentHighlight: none });
}

/**
 * Creates the shared and pmpath services for a language server: Langium's
 * LSP defaults, the core pmpath modules, and pmpath's editor features.
 */
export function createPmpathLspServices(context: DefaultSharedModuleContext): {
    shared: LangiumSharedServices;
    Pmpath: PmpathLspServices;
} {
    const shared = inject(
        createDefaultSharedModule(context),
        PmpathGeneratedSharedModule,
        PmpathSharedModule as Module<LangiumSharedServices, PartialLangiumSharedServices>,
        PmpathSharedLspModule
    );
    const Pmpath = inject(
        createDefaultModule({ shared }),
        PmpathGeneratedModule,
        PmpathModule as unknown as Module<PmpathLspServices, PartialLangiumServices & PmpathAddedServices>,
        PmpathLspModule
    );
    shared.ServiceRegistry.register(Pmpath);
    registerValidationChecks(Pmpath);
    guardDefaults(Pmpath);
    // Created eagerly: it listens for builds to publish configuration problems.
    void Pmpath.config.Reloader;
    return { shared, Pmpath };
}
