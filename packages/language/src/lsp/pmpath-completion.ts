/**
 * Completion: Langium proposes the keywords the grammar allows at the cursor
 * and the names the import-based scope provides; pmpath adds what each fixed
 * word means (DUO terms with their CURIEs, roles, categories, purposes) and
 * what each proposed name is (`actor: clinician`, `data: biomarker`).
 */
import type { AstNodeDescription, GrammarAST, MaybePromise, ReferenceInfo } from 'langium';
import { DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type CompletionValueItem } from 'langium/lsp';
import { CompletionItemKind } from 'vscode-languageserver';
import type { Declaration } from '../generated/ast.js';
import type { PmpathServices } from '../pmpath-module.js';
import { describeDeclaration } from './pmpath-hover.js';
import { resolveDescription } from './scope-utils.js';
import { describeWord } from './vocabulary.js';

export class PmpathCompletionProvider extends DefaultCompletionProvider {
    protected readonly pmpathServices: PmpathServices;

    constructor(services: PmpathServices & ConstructorParameters<typeof DefaultCompletionProvider>[0]) {
        super(services);
        this.pmpathServices = services;
    }

    protected override completionForKeyword(context: CompletionContext, keyword: GrammarAST.Keyword, acceptor: CompletionAcceptor): MaybePromise<void> {
        if (!this.filterKeyword(context, keyword)) {
            return;
        }
        const info = describeWord(keyword.value);
        acceptor(context, {
            label: keyword.value,
            kind: info ? CompletionItemKind.EnumMember : CompletionItemKind.Keyword,
            detail: info?.detail ?? 'keyword',
            documentation: info ? { kind: 'markdown', value: info.documentation } : undefined,
            sortText: '1',
        });
    }

    protected override createReferenceCompletionItem(nodeDescription: AstNodeDescription, refInfo: ReferenceInfo, context: CompletionContext): CompletionValueItem {
        const item = super.createReferenceCompletionItem(nodeDescription, refInfo, context);
        const decl = resolveDescription(this.pmpathServices, nodeDescription);
        if (!decl) {
            return item;
        }
        const local = nodeDescription.documentUri.toString() === context.document.uri.toString();
        return {
            ...item,
            detail: detailOf(decl) + (local ? '' : ` (imported from ${nodeDescription.documentUri.path.split('/').pop()})`),
            documentation: { kind: 'markdown', value: describeDeclaration(decl) },
        };
    }
}

/** One line saying what a declaration is: `actor: clinician`, `state: hybrid patient-in-waiting`. */
export function detailOf(decl: Declaration): string {
    switch (decl.$type) {
        case 'Actor': return `actor: ${decl.role ?? '?'}${decl.traits.length > 0 ? ` { ${decl.traits.join(' ')} }` : ''}`;
        case 'Data': return `data: ${decl.category ?? '?'}${decl.unit !== undefined ? ` unit "${decl.unit}"` : ''}`;
        case 'Cutoff': return `cutoff on ${decl.data?.$refText ?? '?'}`;
        case 'Consent': return `consent${decl.by ? ` by ${decl.by.$refText}` : ''}`;
        case 'State': return `${decl.modifier ? decl.modifier + ' ' : ''}state: ${decl.kind ?? '?'}${decl.hybridKind ? ' ' + decl.hybridKind : ''}`;
    }
}
