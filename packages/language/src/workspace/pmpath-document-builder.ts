/**
 * Rebuilds only what an edit can affect. Imports are explicit, so a document
 * needs relinking only when a file it imports changed (Langium's default also
 * relinks every document that has any unresolved reference, which makes one
 * broken file slow down every edit). A library is also revalidated when a file
 * that imported it changes, since its `unused-declaration` findings depend on
 * its importers.
 *
 * A test suite resolves its names in the scope of the pathway it tests, which
 * includes the files that pathway imports but the suite does not: a suite is
 * relinked when a file it imports changed, or a file one of those imports.
 * Editing a suite never relinks the pathway (suites are not part of it).
 */
import { DefaultDocumentBuilder, URI, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import { isPmpathFile } from '../generated/ast.js';
import { importTargets } from '../scoping/pmpath-scope.js';

export class PmpathDocumentBuilder extends DefaultDocumentBuilder {
    /** The files the changed documents import, computed once per update rather than once per document. */
    private importedByChanged: { changed: Set<string>; imported: Set<string> } | undefined;

    constructor(services: LangiumSharedCoreServices) {
        super(services);
    }

    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        const suite = isSuite(document);
        for (const { uri } of importTargets(document)) {
            const key = uri.toString();
            if (changedUris.has(key)) {
                return true;
            }
            if (suite) {
                const imported = this.langiumDocuments.getDocument(uri);
                if (imported && importTargets(imported).some(t => changedUris.has(t.uri.toString()))) {
                    return true;
                }
            }
        }
        return this.importsOfChanged(changedUris).has(document.uri.toString());
    }

    private importsOfChanged(changedUris: Set<string>): Set<string> {
        if (this.importedByChanged?.changed !== changedUris) {
            const imported = new Set<string>();
            for (const changed of changedUris) {
                const changedDocument = this.langiumDocuments.getDocument(URI.parse(changed));
                // A suite's references do not count as uses of what it imports.
                if (changedDocument && !isSuite(changedDocument)) {
                    importTargets(changedDocument).forEach(t => imported.add(t.uri.toString()));
                }
            }
            this.importedByChanged = { changed: changedUris, imported };
        }
        return this.importedByChanged.imported;
    }
}

function isSuite(document: LangiumDocument): boolean {
    const root = document.parseResult.value;
    return isPmpathFile(root) && root.body?.$type === 'TestSuite';
}
