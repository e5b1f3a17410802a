/**
 * Cross-file facts the rules need: which files import a file, and which names
 * a file references. Computed once per workspace build and cached.
 *
 * Test suites (`.pmtest`) import the pathway they test but are not part of the
 * pathway model: `importersOf` lists pathways and libraries only (their
 * references count as uses), `suitesImporting` lists the suites.
 */
import { WorkspaceCache, type LangiumDocument, type LangiumDocuments } from 'langium';
import { isPmpathFile } from '../generated/ast.js';
import type { PmpathServices } from '../pmpath-module.js';
import { importTargets } from '../scoping/pmpath-scope.js';

export class PmpathWorkspaceIndex {
    private readonly documents: LangiumDocuments;
    private readonly importers: WorkspaceCache<'importers', { models: Map<string, LangiumDocument[]>; suites: Map<string, LangiumDocument[]> }>;
    private readonly referenced: WorkspaceCache<string, ReadonlySet<string>>;

    constructor(services: PmpathServices) {
        this.documents = services.shared.workspace.LangiumDocuments;
        this.importers = new WorkspaceCache(services.shared);
        this.referenced = new WorkspaceCache(services.shared);
    }

    /** The pathways and libraries that import the document with this URI (directly); suites are not among them. */
    importersOf(uri: string): readonly LangiumDocument[] {
        return this.importers.get('importers', () => this.computeImporters()).models.get(uri) ?? [];
    }

    /** The test suites that import the document with this URI (directly): those that may test its pathway. */
    suitesImporting(uri: string): readonly LangiumDocument[] {
        return this.importers.get('importers', () => this.computeImporters()).suites.get(uri) ?? [];
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

    private computeImporters(): { models: Map<string, LangiumDocument[]>; suites: Map<string, LangiumDocument[]> } {
        const models = new Map<string, LangiumDocument[]>();
        const suites = new Map<string, LangiumDocument[]>();
        for (const document of this.documents.all) {
            const root = document.parseResult.value;
            const map = isPmpathFile(root) && root.body?.$type === 'TestSuite' ? suites : models;
            const seen = new Set<string>();
            for (const { uri } of importTargets(document)) {
                const key = uri.toString();
                if (seen.has(key)) continue;
                seen.add(key);
                const list = map.get(key);
                if (list) list.push(document); else map.set(key, [document]);
            }
        }
        return { models, suites };
    }
}
