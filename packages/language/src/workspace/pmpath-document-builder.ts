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
    constructor(services: LangiumSharedCoreServices) {
        super(services);
    }

    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        for (const { uri } of importTargets(document)) {
            if (changedUris.has(uri.toString())) {
                return true;
            }
        }
        const uri = document.uri.toString();
        for (const changed of changedUris) {
            const changedDocument = this.langiumDocuments.getDocument(URI.parse(changed));
            if (changedDocument && importTargets(changedDocument).some(t => t.uri.toString() === uri)) {
                return true;
            }
        }
        return false;
    }
}

