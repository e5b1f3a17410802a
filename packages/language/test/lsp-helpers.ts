/**
 * Helpers for the language-server tests: LSP services on an in-memory file
 * system, a `build(files)` that parses, links and validates several files
 * together, and small utilities to apply text edits and find offsets.
 */
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import type { Diagnostic, Position, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseConfig } from '@pmpath/language';
import { createPmpathLspServices, type PmpathLspServices } from '@pmpath/language/lsp';

export interface LspWorkspace {
    readonly services: PmpathLspServices;
    /** Builds files (names relative to a fresh `file:///lspN/` folder) and returns their documents. */
    build(files: Record<string, string>): Promise<Record<string, LangiumDocument>>;
    /** Builds one file as `main.pmpath`. */
    one(text: string): Promise<LangiumDocument>;
}

export function createLspWorkspace(): LspWorkspace {
    const { shared, Pmpath } = createPmpathLspServices(EmptyFileSystem);
    let round = 0;
    async function build(files: Record<string, string>): Promise<Record<string, LangiumDocument>> {
        round++;
        const documents = shared.workspace.LangiumDocuments;
        for (const doc of documents.all.toArray()) {
            documents.deleteDocument(doc.uri);
            shared.workspace.IndexManager.remove(doc.uri);
        }
        // Never read a `.pmpathrc.json` from the machine running the tests.
        Pmpath.config.ConfigProvider.override = parseConfig('{}');
        const result: Record<string, LangiumDocument> = {};
        for (const [name, text] of Object.entries(files)) {
            const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`file:///lsp${round}/${name}`));
            documents.addDocument(document);
            result[name] = document;
        }
        await shared.workspace.DocumentBuilder.build(Object.values(result), { validation: true });
        return result;
    }
    return {
        services: Pmpath,
        build,
        async one(text) {
            return (await build({ 'main.pmpath': text }))['main.pmpath'];
        },
    };
}

/** Applies LSP text edits to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
    return TextDocument.applyEdits(TextDocument.create('file:///x', 'pmpath', 0, text), [...edits]);
}

/** The edits a workspace edit makes to one document. */
export function editsFor(edit: WorkspaceEdit | undefined, document: LangiumDocument): TextEdit[] {
    return edit?.changes?.[document.textDocument.uri] ?? [];
}

/** The position of the `occurrence`-th match of `needle` (plus `delta` characters) in a document. */
export function positionOf(document: LangiumDocument, needle: string, delta = 0, occurrence = 0): Position {
    const text = document.textDocument.getText();
    let at = -1;
    for (let i = 0; i <= occurrence; i++) {
        at = text.indexOf(needle, at + 1);
        if (at < 0) {
            throw new Error(`'${needle}' (occurrence ${occurrence}) not in document`);
        }
    }
    return document.textDocument.positionAt(at + delta);
}

/** The diagnostics of a document with this rule id as code. */
export function diagnosticsOf(document: LangiumDocument, rule: string): Diagnostic[] {
    return (document.diagnostics ?? []).filter(d => d.code === rule);
}
