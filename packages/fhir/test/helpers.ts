/** Test helpers: build pmpath files in memory and export them. */
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createPmpathServices, lintFiles, parseConfig, toLintDiagnostic, type LintDiagnostic } from '@pmpath/language';
import { collectExportUnits, exportFhir, type ExportOptions, type FhirExport } from '@pmpath/fhir';

const services = createPmpathServices(EmptyFileSystem).Pmpath;
let round = 0;

/** Builds files (names relative to a fresh in-memory folder) and exports those listed in `exported` (default: all). */
export async function exportTexts(files: Record<string, string>, options: ExportOptions & { exported?: string[] } = {}): Promise<FhirExport & { diagnostics: Record<string, LintDiagnostic[]> }> {
    round++;
    const shared = services.shared;
    const documents = shared.workspace.LangiumDocuments;
    for (const doc of documents.all.toArray()) {
        documents.deleteDocument(doc.uri);
        shared.workspace.IndexManager.remove(doc.uri);
    }
    services.config.ConfigProvider.override = parseConfig('{}');
    const built: Record<string, LangiumDocument> = {};
    for (const [name, text] of Object.entries(files)) {
        const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`file:///fhir${round}/${name}`));
        documents.addDocument(document);
        built[name] = document;
    }
    await shared.workspace.DocumentBuilder.build(Object.values(built), { validation: true });
    const requested = (options.exported ?? Object.keys(files)).map(n => built[n]);
    const units = collectExportUnits(requested, documents, d => d.uri.path.replace(`/fhir${round}/`, ''));
    const diagnostics = Object.fromEntries(Object.entries(built).map(([n, d]) => [n, (d.diagnostics ?? []).map(toLintDiagnostic)]));
    return { ...exportFhir(units, options), diagnostics };
}

export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

/** Exports example files (paths relative to the repository) through the lint engine, as the CLI does. */
export async function exportFiles(files: readonly string[], options: ExportOptions = {}): Promise<FhirExport> {
    const run = await lintFiles(files.map(f => path.join(repoRoot, f)));
    const documents = run.files.map(f => f.document!).filter(Boolean);
    const units = collectExportUnits(documents, run.services.shared.workspace.LangiumDocuments,
        d => path.relative(repoRoot, d.uri.fsPath).split(path.sep).join('/'));
    return exportFhir(units, options);
}

export function exampleFiles(): string[] {
    return fs.readdirSync(path.join(repoRoot, 'examples')).filter(f => f.endsWith('.pmpath')).map(f => `examples/${f}`).sort();
}
