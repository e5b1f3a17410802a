/**
 * Cross-file facts the rules need: which files import a file, and which names
 * a file references. Computed once per workspace build and cached.
 */
import { WorkspaceCache, type LangiumDocument, type LangiumDocuments } from 'langium';
import type { PmpathServices } from '../pmpath-module.js';
import { importTargets } from '../scoping/pmpath-scope.js';

export class PmpathWorkspaceIndex {
    private readonly documents: LangiumDocuments;
    private readonly importers: WorkspaceCache<'importers', Map<string, LangiumDocument[]>>;
    private readonly referenced: WorkspaceCache<string, ReadonlySet<string>>;

    constructor(services: PmpathServices) {
        this.documents = services.shared.workspace.LangiumDocuments;
        this.importers = new WorkspaceCache(services.shared);
        this.referenced = new WorkspaceCache(services.shared);
    }

    /** The documents that import the document with this URI (directly). */
    importersOf(uri: string): readonly LangiumDocument[] {
        return this.importers.get('importers', () => this.computeImporters()).get(uri) ?? [];
    }

    /** Every name the document references (reference texts, resolved or not). */
    referencedNames(document: LangiumDocument): ReadonlySet<string> {
        return this.referenced.get(document.uri.toString(), () => {
            const names = new Set<string>();
            for (const ref of document.references) {
                names.add(ref.$refText);
            }
            return names;
        });
    }

    private computeImporters(): Map<string, LangiumDocument[]> {
        const map = new Map<string, LangiumDocument[]>();
        for (const document of this.documents.all) {
            const seen = new Set<string>();
            for (const { uri } of importTargets(document)) {
                const key = uri.toString();
                if (seen.has(key)) continue;
                seen.add(key);
                const list = map.get(key);
                if (list) list.push(document); else map.set(key, [document]);
            }
        }
        return map;
    }
}
