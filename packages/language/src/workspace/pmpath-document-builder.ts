/**
 * Rebuilds only what an edit can affect. An edited document is reparsed only
 * in the elements the edit touches (see incremental-parse.ts) and relinked
 * only there (pmpath-linker.ts). Imports are explicit, so another document
 * needs relinking only when a file it imports changed (Langium's default also
 * relinks every document that has any unresolved reference, which makes one
 * broken file slow down every edit). A library is also revalidated when a file
 * that imported it changes, since its `unused-declaration` findings depend on
 * its importers.
 */
import {
    Cancellation, DefaultDocumentBuilder, DocumentState, URI,
    type LangiumDocument, type LangiumSharedCoreServices
} from 'langium';
import { importTargets } from '../scoping/pmpath-scope.js';
import { recordBuiltVersion } from './built-versions.js';
import { reparseElements } from './incremental-parse.js';
import { recordPatch, sameDeclarations } from './pmpath-linker.js';

export class PmpathDocumentBuilder extends DefaultDocumentBuilder {
    /** The files the changed documents import, computed once per update rather than once per document. */
    private importedByChanged: { changed: Set<string>; imported: Set<string> } | undefined;

    constructor(services: LangiumSharedCoreServices) {
        super(services);
    }

    override async update(changed: URI[], deleted: URI[], cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        for (const uri of changed) {
            this.reparseIncrementally(uri);
        }
        return super.update(changed, deleted, cancelToken);
    }

    /**
     * Brings an open document to its editor text by reparsing only the
     * elements the edit touched, when that gives exactly what a full parse
     * gives; the document factory then finds the text unchanged and skips its
     * full parse. The document is marked changed at once, so that requests
     * wait for the rebuild instead of reading half-linked elements.
     */
    protected reparseIncrementally(uri: URI): void {
        const document = this.langiumDocuments.getDocument(uri);
        const textDocument = this.textDocuments?.get(uri.toString());
        if (!document || !textDocument || !this.serviceRegistry.hasServices(uri)) {
            return;
        }
        const parser = this.serviceRegistry.getServices(uri).parser.LangiumParser;
        const patch = reparseElements(parser, document, textDocument.getText());
        if (patch) {
            recordPatch(document, patch, sameDeclarations(patch.removed, patch.added));
            recordBuiltVersion(document, textDocument.version);
            document.state = DocumentState.Changed;
        }
    }

    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        for (const { uri } of importTargets(document)) {
            if (changedUris.has(uri.toString())) {
                return true;
            }
        }
        return this.importsOfChanged(changedUris).has(document.uri.toString());
    }

    private importsOfChanged(changedUris: Set<string>): Set<string> {
        if (this.importedByChanged?.changed !== changedUris) {
            const imported = new Set<string>();
            for (const changed of changedUris) {
                const changedDocument = this.langiumDocuments.getDocument(URI.parse(changed));
                if (changedDocument) {
                    importTargets(changedDocument).forEach(t => imported.add(t.uri.toString()));
                }
            }
            this.importedByChanged = { changed: changedUris, imported };
        }
        return this.importedByChanged.imported;
    }
}

