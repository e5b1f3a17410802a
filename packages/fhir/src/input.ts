/**
 * Turns built Langium documents into the exporter's input: the requested
 * files plus every file they import, transitively (a library may import
 * another), each with the paths of its imports. No file is read here: the
 * documents must already be in the workspace (the lint engine and the
 * language server load imports when they build).
 */
import type { LangiumDocument, LangiumDocuments } from 'langium';
import { importTargets, isPmpathFile } from '@pmpath/language';
import type { ExportUnit } from './export.js';

/**
 * The export units of `documents` and everything they import. `pathOf`
 * names a document for users (a path relative to the working directory).
 */
export function collectExportUnits(documents: readonly LangiumDocument[], langiumDocuments: LangiumDocuments,
    pathOf: (document: LangiumDocument) => string): ExportUnit[] {
    const units: ExportUnit[] = [];
    const seen = new Set<string>();
    const queue = [...documents];
    for (let next = 0; next < queue.length; next++) {
        const document = queue[next];
        const key = document.uri.toString();
        if (seen.has(key)) continue;
        seen.add(key);
        const root = document.parseResult.value;
        if (!isPmpathFile(root)) continue;
        const imported: LangiumDocument[] = [];
        for (const { uri } of importTargets(document)) {
            const target = langiumDocuments.getDocument(uri);
            if (target) imported.push(target);
        }
        units.push({ path: pathOf(document), file: root, imports: imported.map(pathOf) });
        queue.push(...imported);
    }
    return units;
}

/** The documents among `documents` and their imports (transitively) that have errors blocking an export. */
export function blockingDocuments(documents: readonly LangiumDocument[], langiumDocuments: LangiumDocuments): LangiumDocument[] {
    const out: LangiumDocument[] = [];
    const seen = new Set<string>();
    const queue = [...documents];
    for (let next = 0; next < queue.length; next++) {
        const document = queue[next];
        const key = document.uri.toString();
        if (seen.has(key)) continue;
        seen.add(key);
        if ((document.diagnostics ?? []).some(d => d.severity === 1 && (d.code === 'syntax' || d.code === 'unresolved-reference'))) out.push(document);
        for (const { uri } of importTargets(document)) {
            const target = langiumDocuments.getDocument(uri);
            if (target) queue.push(target);
        }
    }
    return out;
}
