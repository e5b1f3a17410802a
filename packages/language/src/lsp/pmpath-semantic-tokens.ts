/**
 * Semantic tokens: every name is coloured by what it declares or refers to
 * (actors, data, cutoffs, consents, states), and the fixed vocabularies by
 * category (roles and categories as types, DUO terms as macros, purposes and
 * variant classes as enums, `initial`/`final` and traits as modifiers). In a
 * test suite the pathway, states and data it names are coloured the same way.
 */
import { AstUtils, type AstNode, type AstReflection } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import type { PmpathServices } from '../pmpath-module.js';

/** The token type of a name, by the kind of declaration it names. */
export const DECLARATION_TOKEN_TYPES: Readonly<Record<string, string>> = {
    Actor: SemanticTokenTypes.class,
    Data: SemanticTokenTypes.variable,
    Cutoff: SemanticTokenTypes.function,
    Consent: SemanticTokenTypes.struct,
    State: SemanticTokenTypes.enumMember,
    Pathway: SemanticTokenTypes.namespace,
    Library: SemanticTokenTypes.namespace,
};

/** Datatype-rule properties holding fixed words, and their token types, by node type. */
const WORD_PROPERTIES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
    Actor: { role: SemanticTokenTypes.type, traits: SemanticTokenTypes.modifier },
    Data: { category: SemanticTokenTypes.type },
    State: { modifier: SemanticTokenTypes.modifier, kind: SemanticTokenTypes.type, hybridKind: SemanticTokenTypes.type },
    PermitsClause: { purposes: SemanticTokenTypes.enum },
    Flow: { purpose: SemanticTokenTypes.enum },
    DuoTerm: { code: SemanticTokenTypes.macro },
    ClassComparison: { classes: SemanticTokenTypes.enum },
    NumericComparison: { op: SemanticTokenTypes.operator, value: SemanticTokenTypes.number },
    IntervalComparison: { low: SemanticTokenTypes.number, high: SemanticTokenTypes.number },
    Duration: { value: SemanticTokenTypes.number, unit: SemanticTokenTypes.keyword },
    Metadata: { key: SemanticTokenTypes.property },
    Observe: { value: SemanticTokenTypes.number, class: SemanticTokenTypes.enum },
};

export class PmpathSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected readonly reflection: AstReflection;

    constructor(services: PmpathServices & ConstructorParameters<typeof AbstractSemanticTokenProvider>[0]) {
        super(services);
        this.reflection = services.shared.AstReflection;
    }

    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        const declarationType = DECLARATION_TOKEN_TYPES[node.$type];
        if (declarationType && (node as { name?: string }).name) {
            acceptor({ node, property: 'name' as never, type: declarationType, modifier: SemanticTokenModifiers.declaration });
        }
        const words = WORD_PROPERTIES[node.$type];
        if (words) {
            for (const [property, type] of Object.entries(words)) {
                const value = (node as unknown as Record<string, unknown>)[property];
                if (Array.isArray(value)) {
                    value.forEach((_, index) => acceptor({ node, property: property as never, index, type }));
                } else if (value !== undefined) {
                    acceptor({ node, property: property as never, type });
                }
            }
        }
        for (const ref of AstUtils.streamReferences(node)) {
            const resolved = 'ref' in ref.reference ? ref.reference.ref : undefined;
            const targetType = resolved?.$type
                ?? this.reflection.getReferenceType({ container: node, property: ref.property, reference: ref.reference });
            const type = DECLARATION_TOKEN_TYPES[targetType];
            if (type) {
                acceptor({ node, property: ref.property as never, index: ref.index, type });
            }
        }
    }
}
