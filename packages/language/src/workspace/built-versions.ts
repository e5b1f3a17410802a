/**
 * The editor version of the text each document was last parsed from. A
 * document's `textDocument` is the editor's live copy, which may already be
 * newer than what was built; diagnostics are published with the version they
 * were computed for (LSP `PublishDiagnosticsParams.version`), and a document
 * whose built version lags its editor version still needs a build.
 */
import { Cancellation, DefaultLangiumDocumentFactory, type AstNode, type LangiumDocument } from 'langium';

const versions = new WeakMap<LangiumDocument, number>();

export function recordBuiltVersion(document: LangiumDocument, version: number | undefined): void {
    if (version === undefined) versions.delete(document); else versions.set(document, version);
}

/** The editor version the document was built from, if it came from an open editor. */
export function builtVersion(document: LangiumDocument): number | undefined {
    return versions.get(document);
}

/** Records the version of the text it parses. */
export class PmpathDocumentFactory extends DefaultLangiumDocumentFactory {
    override async update<T extends AstNode = AstNode>(document: LangiumDocument<T>, cancellationToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<LangiumDocument<T>> {
        // Read now: the text is taken in this same turn of the event loop.
        const version = this.textDocuments?.get(document.uri.toString())?.version;
        const updated = await super.update(document, cancellationToken);
        recordBuiltVersion(updated, version);
        return updated;
    }
}
