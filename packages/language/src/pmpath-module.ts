/**
 * The composition root of the pmpath language services. Nothing else wires
 * services together: the CLI uses `createPmpathServices` (core only, no LSP
 * machinery); the language server uses `createPmpathLspServices` from `./lsp`.
 */
import {
    createDefaultCoreModule, createDefaultSharedCoreModule, inject,
    type DefaultSharedCoreModuleContext, type LangiumCoreServices, type LangiumSharedCoreServices,
    type Module, type PartialLangiumCoreServices, type PartialLangiumSharedCoreServices
} from 'langium';
import { PmpathConfigProvider } from './config/pmpath-config.js';
import { PmpathGeneratedModule, PmpathGeneratedSharedModule } from './generated/module.js';
import { createPmpathParser, PmpathParserErrorMessageProvider, PmpathValueConverter } from './parser/pmpath-parser.js';
import { PmpathLexer } from './parser/pmpath-lexer.js';
import { PmpathTokenBuilder } from './parser/pmpath-token-builder.js';
import { PmpathScopeComputation, PmpathScopeProvider } from './scoping/pmpath-scope.js';
import { PmpathDocumentValidator } from './validation/pmpath-document-validator.js';
import { PmpathValidationRegistry } from './validation/pmpath-validation-registry.js';
import { registerValidationChecks } from './validation/pmpath-validator.js';
import { BatchReferenceDescriptionProvider } from './workspace/batch-reference-descriptions.js';
import { PmpathDocumentFactory } from './workspace/built-versions.js';
import { PmpathDocumentBuilder } from './workspace/pmpath-document-builder.js';
import { PmpathIndexManager } from './workspace/pmpath-index-manager.js';
import { PmpathLinker } from './workspace/pmpath-linker.js';
import { PmpathServiceRegistry } from './workspace/pmpath-service-registry.js';
import { PmpathWorkspaceIndex } from './workspace/pmpath-workspace-index.js';

/** Services pmpath adds to Langium's. */
export type PmpathAddedServices = {
    config: {
        ConfigProvider: PmpathConfigProvider;
    };
    workspace: {
        /** Who imports whom, and which names each file references (for cross-file rules). */
        PmpathWorkspaceIndex: PmpathWorkspaceIndex;
    };
};

export type PmpathServices = LangiumCoreServices & PmpathAddedServices;

export const PmpathModule: Module<PmpathServices, PartialLangiumCoreServices & PmpathAddedServices> = {
    parser: {
        LangiumParser: (services) => createPmpathParser(services),
        Lexer: (services) => new PmpathLexer(services),
        TokenBuilder: () => new PmpathTokenBuilder(),

        ValueConverter: () => new PmpathValueConverter(),
        ParserErrorMessageProvider: () => new PmpathParserErrorMessageProvider(),
    },
    references: {
        Linker: (services) => new PmpathLinker(services),
        ScopeComputation: (services) => new PmpathScopeComputation(services),
        ScopeProvider: (services) => new PmpathScopeProvider(services),
    },
    validation: {
        DocumentValidator: (services) => new PmpathDocumentValidator(services),
        ValidationRegistry: (services) => new PmpathValidationRegistry(services),
    },
    config: {
        ConfigProvider: () => new PmpathConfigProvider(),
    },
    workspace: {
        PmpathWorkspaceIndex: (services) => new PmpathWorkspaceIndex(services),
    },
};

export const PmpathSharedModule: Module<LangiumSharedCoreServices, PartialLangiumSharedCoreServices> = {
    // Serves documents whose editor language id is `pmtest` as well as `pmpath`.
    ServiceRegistry: (services) => new PmpathServiceRegistry(services as ConstructorParameters<typeof PmpathServiceRegistry>[0]),
    workspace: {
        DocumentBuilder: (services) => new PmpathDocumentBuilder(services),
        LangiumDocumentFactory: (services) => new PmpathDocumentFactory(services),
        IndexManager: (services) => new PmpathIndexManager(services),
    },
};

/**
 * Services for a one-shot batch lint (`lintFiles`): the workspace is
 * built once and never edited, so the reference index that only editor
 * features read is not computed.
 */
export const PmpathBatchModule: Module<PmpathServices, PartialLangiumCoreServices> = {
    workspace: {
        ReferenceDescriptionProvider: () => new BatchReferenceDescriptionProvider(),
    },
};

/** Options of `createPmpathServices`. */
export interface PmpathServicesOptions {
    /** Batch mode for a one-shot lint: skips work only editor features need (see `PmpathBatchModule`). */
    readonly batch?: boolean;
}

/**
 * Creates the core pmpath services (parsing, scoping, validation) without any
 * LSP machinery: what the CLI and the tests need.
 */
export function createPmpathServices(context: DefaultSharedCoreModuleContext, options: PmpathServicesOptions = {}): {
    shared: LangiumSharedCoreServices;
    Pmpath: PmpathServices;
} {
    const shared = inject(
        createDefaultSharedCoreModule(context),
        PmpathGeneratedSharedModule,
        PmpathSharedModule
    );
    const Pmpath = options.batch
        ? inject(createDefaultCoreModule({ shared }), PmpathGeneratedModule, PmpathModule, PmpathBatchModule)
        : inject(createDefaultCoreModule({ shared }), PmpathGeneratedModule, PmpathModule);
    shared.ServiceRegistry.register(Pmpath);
    registerValidationChecks(Pmpath);
    return { shared, Pmpath };
}
