/**
 * Rebuilds only what an edit can affect. Imports are explicit, so a document
 * needs relinking only when a file it imports changed (Langium's default also
 * relinks every document that has any unresolved reference, which makes one
 * broken file slow down every edit). A library is also revalidated when a file
 * that imported it changes, since its `unused-declaration` findings depend on
 * its importers.
 */
import { DefaultDocumentBuilder, URI, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import { importTargets } from '../scoping/pmpath-scope.js';

export class PmpathDocumentBuilder extends DefaultDocumentBuilder {
    /** The files the changed documents import, computed once per update rather than once per document. */
    private importedByChanged: { changed: Set<string>; imported: Set<string> } | undefined;

    constructor(services: LangiumSharedCoreServices) {
        super(services);
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

