/**
 * Import-based scoping. A file sees its own declarations and the declarations
 * exported by the files it imports directly (imports are not transitive).
 * There is no global scope: resolving a name never scans the workspace, which
 * keeps linking linear in the size of the file plus its imports.
 */
import {
    AstUtils, type Cancellation, DefaultScopeComputation, EMPTY_SCOPE, MultiMap, stream, UriUtils, WorkspaceCache,
    type AstNode, type AstNodeDescription, type AstReflection, type LangiumDocument, type LocalSymbols,
    type ReferenceInfo, type Scope, type ScopeProvider, type Stream, type URI
} from 'langium';
import { isPmpathFile, isTestSuite, type Declaration, type Import, type PmpathFile, type TestSuite } from '../generated/ast.js';
import type { PmpathServices } from '../pmpath-module.js';

const DECLARATION_TYPES: ReadonlySet<string> = new Set(['Actor', 'Data', 'Cutoff', 'Consent', 'State']);

function isDeclarationNode(node: AstNode): node is Declaration {
    return DECLARATION_TYPES.has(node.$type);
}

/** The declarations of a file's pathway or library, in source order. */
export function declarationsOf(file: PmpathFile | undefined): Declaration[] {
    const body = file?.body;
    return body && body.$type !== 'TestSuite' ? body.elements.filter(isDeclarationNode) : [];
}

/** The URI an `import` line points to, resolved against the importing document. */
export function resolveImportUri(documentUri: URI, importPath: string): URI {
    return UriUtils.resolvePath(UriUtils.dirname(documentUri), importPath);
}

/** The resolved URIs of a file's imports, in source order (duplicates kept). */
export function importTargets(document: LangiumDocument): Array<{ node: Import; uri: URI }> {
    const root = document.parseResult.value;
    if (!isPmpathFile(root)) {
        return [];
    }
    return root.imports
        .filter(imp => typeof imp.path === 'string' && imp.path.length > 0)
        .map(imp => ({ node: imp, uri: resolveImportUri(document.uri, imp.path) }));
}

/**
 * Whether a declaration is in scope in the file that declares `from`: it is
 * declared in the same file or in a file that one imports directly. A library
 * cannot see the data of the pathways that import it, so its consents can
 * never `covers` that data.
 */
export function isVisibleFrom(declaration: AstNode, from: AstNode): boolean {
    const home = AstUtils.getDocument(from);
    const target = AstUtils.getDocument(declaration).uri.toString();
    return home.uri.toString() === target || importTargets(home).some(t => t.uri.toString() === target);
}

/**
 * Exports every named declaration of the pathway or library: these are what
 * importing files see. Local symbols are not needed (the scope provider reads
 * the file's declarations directly).
 */
export class PmpathScopeComputation extends DefaultScopeComputation {
    override async collectExportedSymbols(document: LangiumDocument, _cancelToken?: Cancellation.CancellationToken): Promise<AstNodeDescription[]> {
        const root = document.parseResult.value;
        const exports: AstNodeDescription[] = [];
        if (isPmpathFile(root)) {
            for (const decl of declarationsOf(root)) {
                if (decl.name) {
                    exports.push(this.descriptions.createDescription(decl, decl.name, document));
                }
            }
        }
        return exports;
    }

    override async collectLocalSymbols(_document: LangiumDocument, _cancelToken?: Cancellation.CancellationToken): Promise<LocalSymbols> {
        return new MultiMap<AstNode, AstNodeDescription>();
    }
}

/** All names visible in one file: its own declarations first, then those of its imports. */
export interface FileScope {
    /** Name → descriptions, local ones first. */
    readonly byName: ReadonlyMap<string, readonly AstNodeDescription[]>;
    readonly all: readonly AstNodeDescription[];
}

export class PmpathScopeProvider implements ScopeProvider {
    protected readonly reflection: AstReflection;
    protected readonly services: PmpathServices;
    /** Cleared on every workspace change: an import's exports may have changed too. */
    protected readonly fileScopes: WorkspaceCache<string, FileScope>;

    constructor(services: PmpathServices) {
        this.services = services;
        this.reflection = services.shared.AstReflection;
        this.fileScopes = new WorkspaceCache(services.shared);
    }

    getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        const suite = AstUtils.getContainerOfType(context.container, isTestSuite);
        if (suite) {
            return this.getSuiteScope(suite, context, referenceType);
        }
        const document = AstUtils.getDocument(context.container);
        const fileScope = this.getFileScope(document);
        if (fileScope.all.length === 0) {
            return EMPTY_SCOPE;
        }
        return new TypedFileScope(fileScope, referenceType, this.reflection);
    }

    /**
     * A test suite (SPEC §7) names its pathway among the pathways of the files
     * it imports; every other name in the suite resolves in the scope of that
     * pathway (its declarations and those of the files it imports).
     */
    protected getSuiteScope(suite: TestSuite, context: ReferenceInfo, referenceType: string): Scope {
        if (context.container === suite && context.property === 'pathway') {
            return this.getImportedPathwaysScope(AstUtils.getDocument(suite));
        }
        const pathway = suite.pathway?.ref;
        if (!pathway) {
            return EMPTY_SCOPE;
        }
        const fileScope = this.getFileScope(AstUtils.getDocument(pathway));
        return fileScope.all.length === 0 ? EMPTY_SCOPE : new TypedFileScope(fileScope, referenceType, this.reflection);
    }

    /** The pathways declared by the files a document imports. */
    protected getImportedPathwaysScope(document: LangiumDocument): Scope {
        const documents = this.services.shared.workspace.LangiumDocuments;
        const descriptions = this.services.workspace.AstNodeDescriptionProvider;
        const found: AstNodeDescription[] = [];
        for (const { uri } of importTargets(document)) {
            const imported = documents.getDocument(uri);
            const root = imported?.parseResult.value;
            if (imported && isPmpathFile(root) && root.body?.$type === 'Pathway' && root.body.name) {
                found.push(descriptions.createDescription(root.body, root.body.name, imported));
            }
        }
        if (found.length === 0) return EMPTY_SCOPE;
        const byName = new Map<string, AstNodeDescription[]>();
        for (const desc of found) byName.set(desc.name, [...(byName.get(desc.name) ?? []), desc]);
        return new TypedFileScope({ byName, all: found }, 'Pathway', this.reflection);
    }

    /** The names visible in a document (cached until the workspace changes). */
    getFileScope(document: LangiumDocument): FileScope {
        return this.fileScopes.get(document.uri.toString(), () => this.computeFileScope(document));
    }

    protected computeFileScope(document: LangiumDocument): FileScope {
        const descriptions = this.services.workspace.AstNodeDescriptionProvider;
        const indexManager = this.services.shared.workspace.IndexManager;
        const byName = new Map<string, AstNodeDescription[]>();
        const all: AstNodeDescription[] = [];
        const add = (desc: AstNodeDescription) => {
            const list = byName.get(desc.name);
            if (list) {
                list.push(desc);
            } else {
                byName.set(desc.name, [desc]);
            }
            all.push(desc);
        };
        const root = document.parseResult.value;
        const ownKey = document.uri.toString();
        // The file's own declarations are exactly what it exports, and the index
        // already holds those descriptions (IndexedContent runs before linking):
        // reuse them instead of describing every declaration a second time. They
        // are recomputed only if the index does not describe this very AST
        // (a scope asked for before the document was indexed).
        const exported = indexManager.allElements(undefined, new Set([ownKey])).toArray();
        if (exported.length > 0 && exported.every(desc => desc.node !== undefined && AstUtils.findRootNode(desc.node) === root)) {
            exported.forEach(add);
        } else if (isPmpathFile(root)) {
            for (const decl of declarationsOf(root)) {
                if (decl.name) {
                    add(descriptions.createDescription(decl, decl.name, document));
                }
            }
        }
        const seen = new Set<string>([ownKey]);
        for (const { uri } of importTargets(document)) {
            const key = uri.toString();
            if (seen.has(key)) {
                continue;
            }
            seen.add(key);
            indexManager.allElements(undefined, new Set([key])).forEach(add);
        }
        return { byName, all };
    }
}

/** A view of a file's scope restricted to the type a reference expects. */
class TypedFileScope implements Scope {
    constructor(
        private readonly fileScope: FileScope,
        private readonly type: string,
        private readonly reflection: AstReflection
    ) { }

    private matches = (desc: AstNodeDescription): boolean => this.reflection.isSubtype(desc.type, this.type);

    getElement(name: string): AstNodeDescription | undefined {
        return this.fileScope.byName.get(name)?.find(this.matches);
    }

    getElements(name: string): Stream<AstNodeDescription> {
        return stream(this.fileScope.byName.get(name) ?? []).filter(this.matches);
    }

    getAllElements(): Stream<AstNodeDescription> {
        return stream(this.fileScope.all).filter(this.matches);
    }
}
