/**
 * What a document can see: its own declarations and those of the files it
 * imports (the same view as the import-based scope provider), as AST nodes.
 */
import type { AstNodeDescription, LangiumDocument } from 'langium';
import type { Actor, Consent, Data, Declaration } from '../generated/ast.js';
import type { PmpathServices } from '../pmpath-module.js';
import { PmpathScopeProvider } from '../scoping/pmpath-scope.js';

/** The declaration a scope description stands for, loading it from its document when needed. */
export function resolveDescription(services: PmpathServices, description: AstNodeDescription): Declaration | undefined {
    if (description.node) {
        return description.node as Declaration;
    }
    const document = services.shared.workspace.LangiumDocuments.getDocument(description.documentUri);
    if (!document) {
        return undefined;
    }
    return services.workspace.AstNodeLocator.getAstNode(document.parseResult.value, description.path) as Declaration | undefined;
}

/** Every declaration visible in a document, local ones first, in source order. */
export function declarationsInScope(services: PmpathServices, document: LangiumDocument): Declaration[] {
    const scopeProvider = services.references.ScopeProvider;
    if (!(scopeProvider instanceof PmpathScopeProvider)) {
        return [];
    }
    const result: Declaration[] = [];
    const seen = new Set<Declaration>();
    for (const description of scopeProvider.getFileScope(document).all) {
        const node = resolveDescription(services, description);
        if (node && !seen.has(node)) {
            seen.add(node);
            result.push(node);
        }
    }
    return result;
}

/** The declarations in scope, split by kind (first declaration of each name wins). */
export interface ScopeView {
    readonly actors: Actor[];
    readonly data: Data[];
    readonly consents: Consent[];
    readonly names: ReadonlySet<string>;
}

export function scopeView(services: PmpathServices, document: LangiumDocument): ScopeView {
    const actors: Actor[] = [];
    const data: Data[] = [];
    const consents: Consent[] = [];
    const names = new Set<string>();
    for (const decl of declarationsInScope(services, document)) {
        if (!decl.name) {
            continue;
        }
        const first = !names.has(decl.name);
        names.add(decl.name);
        if (!first) {
            continue;
        }
        switch (decl.$type) {
            case 'Actor': actors.push(decl); break;
            case 'Data': data.push(decl); break;
            case 'Consent': consents.push(decl); break;
        }
    }
    return { actors, data, consents, names };
}
