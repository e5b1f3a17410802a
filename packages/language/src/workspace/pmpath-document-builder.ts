/**
 * Rebuilds only what an edit can affect. An edited document is reparsed only
 * in the elements the edit touches (see incremental-parse.ts) and relinked
 * only there (pmpath-linker.ts). Imports are explicit, so another document
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
import {
    Cancellation, DefaultDocumentBuilder, DocumentState, URI,
    type LangiumDocument, type LangiumSharedCoreServices
} from 'langium';
import { isPmpathFile } from '../generated/ast.js';
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
