/**
 * Test helpers: build services once per test file on an in-memory file
 * system, then `validate(text)` or `validateFiles({...})` and read back plain
 * 1-based diagnostics.
 */
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { createPmpathServices, parseConfig, toLintDiagnostic, type LintDiagnostic, type PmpathServices } from '@pmpath/language';

export interface TestWorkspace {
    readonly services: PmpathServices;
    /** Validates one pathway or library text as `file:///test/main.pmpath`. */
    validate(text: string, options?: { config?: object }): Promise<LintDiagnostic[]>;
    /** Validates several files together (names relative to `file:///test/`), so imports resolve. */
    validateFiles(files: Record<string, string>, options?: { config?: object }): Promise<Record<string, LintDiagnostic[]>>;
    /** Parses and builds files together and returns the documents by name. */
    build(files: Record<string, string>, options?: { config?: object }): Promise<Record<string, LangiumDocument>>;
}

export function createTestWorkspace(): TestWorkspace {
    const services = createPmpathServices(EmptyFileSystem).Pmpath;
    const shared = services.shared;
    let round = 0;

    async function build(files: Record<string, string>, options: { config?: object } = {}): Promise<Record<string, LangiumDocument>> {
        // Each call gets a fresh folder so documents of earlier calls never interfere.
        round++;
        const documents = shared.workspace.LangiumDocuments;
        for (const doc of documents.all.toArray()) {
            documents.deleteDocument(doc.uri);
            shared.workspace.IndexManager.remove(doc.uri);
        }
        services.config.ConfigProvider.override = options.config ? parseConfig(JSON.stringify(options.config)) : parseConfig('{}');
        const result: Record<string, LangiumDocument> = {};
        for (const [name, text] of Object.entries(files)) {
            const uri = URI.parse(`file:///test${round}/${name}`);
            const document = shared.workspace.LangiumDocumentFactory.fromString(text, uri);
            documents.addDocument(document);
            result[name] = document;
        }
        await shared.workspace.DocumentBuilder.build(Object.values(result), { validation: true });
        return result;
    }

    async function validateFiles(files: Record<string, string>, options?: { config?: object }): Promise<Record<string, LintDiagnostic[]>> {
        const documents = await build(files, options);
        const out: Record<string, LintDiagnostic[]> = {};
        for (const [name, document] of Object.entries(documents)) {
            out[name] = (document.diagnostics ?? []).map(toLintDiagnostic)
                .sort((a, b) => a.line - b.line || a.column - b.column);
        }
        return out;
    }

    return {
        services,
        validateFiles,
        build,
        async validate(text, options) {
            return (await validateFiles({ 'main.pmpath': text }, options))['main.pmpath'];
        },
    };
}

/** The rule ids of a list of diagnostics, in order. */
export function rulesOf(diagnostics: readonly LintDiagnostic[]): string[] {
    return diagnostics.map(d => d.rule);
}

/** Only the diagnostics of one rule. */
export function only(diagnostics: readonly LintDiagnostic[], rule: string): LintDiagnostic[] {
    return diagnostics.filter(d => d.rule === rule);
}
