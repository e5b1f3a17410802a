/**
 * The server side of "pmpath: Export as FHIR…": the same pure exporter as
 * `pmpath export fhir`, fed from the server's already-built documents (the
 * pathway and the files it imports). Refuses documents with `syntax` or
 * `unresolved-reference` errors, as the CLI does.
 */
import type { LangiumDocument, LangiumDocuments } from 'langium';
import {
    blockingDocuments, collectExportUnits, exportFhir, resourceFileName, serializeResource, slug, toBundle
} from '@pmpath/fhir';
import type { ExportFhirParams, ExportFhirResult } from '../messages.js';

export function exportDocumentAsFhir(document: LangiumDocument, documents: LangiumDocuments, params: ExportFhirParams): ExportFhirResult {
    const blocked = blockingDocuments([document], documents);
    if (blocked.length > 0) {
        const names = blocked.map(d => d.uri.path.split('/').pop()).join(', ');
        return { error: `Not exported: ${names} ${blocked.length === 1 ? 'has' : 'have'} syntax or unresolved-reference errors. Fix them first (see the Problems view).` };
    }
    const root = document.uri.path.replace(/\/[^/]*$/, '');
    const units = collectExportUnits([document], documents, d => {
        const p = d.uri.path;
        return p.startsWith(`${root}/`) ? p.slice(root.length + 1) : p;
    });
    const exported = exportFhir(units, { canonical: params.canonical || undefined });
    const warnings = exported.warnings.map(w => `${w.path}: ${w.message}`);
    if (params.form === 'bundle') {
        const name = `${slug(document.uri.path.split('/').pop()!.replace(/\.pmpath$/i, ''))}.fhir-bundle.json`;
        return { files: [{ name, content: serializeResource(toBundle(exported.resources, exported.canonical)) }], warnings };
    }
    return { files: exported.resources.map(r => ({ name: resourceFileName(r), content: serializeResource(r) })), warnings };
}
