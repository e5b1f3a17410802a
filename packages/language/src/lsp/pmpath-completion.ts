/**
 * Completion: Langium proposes the keywords the grammar allows at the cursor
 * and the names the import-based scope provides; pmpath adds what each fixed
 * word means (DUO terms with their CURIEs, roles, categories, purposes) and
 * what each proposed name is (`actor: clinician`, `data: biomarker`). In test
 * suites names come from the pathway under test; after a number the data's
 * unit is proposed, and after `is` only the classes the data takes.
 */
import {
    AstUtils, GrammarAST, stream,
    type AstNode, type AstNodeDescription, type LangiumDocument, type MaybePromise, type ReferenceInfo, type Stream
} from 'langium';
import { DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type CompletionValueItem, type NextFeature } from 'langium/lsp';
import { CompletionItemKind, type Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isCutoff, isObserve, isPmpathFile, type Data, type Declaration } from '../generated/ast.js';
import { classKindOf, valueKindOf } from '../domain.js';
import type { PmpathServices } from '../pmpath-module.js';
import { PmpathScopeProvider } from '../scoping/pmpath-scope.js';
import { describeDeclaration } from './pmpath-hover.js';
import { resolveDescription } from './scope-utils.js';
import { describeWord } from './vocabulary.js';

export class PmpathCompletionProvider extends DefaultCompletionProvider {
    protected readonly pmpathServices: PmpathServices;

    constructor(services: PmpathServices & ConstructorParameters<typeof DefaultCompletionProvider>[0]) {
        super(services);
        this.pmpathServices = services;
    }

    /**
     * Langium re-parses all the text before the cursor to find what may come
     * next; in a 10k-line pathway that dominates completion latency. What may
     * come next depends only on the element the cursor is in, so parse a
     * stand-in header (`pathway X {`) followed by the text from the start of
     * the last element that begins before the cursor. Before the first element
     * (imports, metadata) the whole prefix is short and parsed as is.
     */
    /** The document whose completion contexts are being built (its AST locates the cursor's element). */
    private completing: LangiumDocument | undefined;

    protected override *buildContexts(document: LangiumDocument, position: Position): IterableIterator<CompletionContext> {
        this.completing = document;
        try {
            yield* super.buildContexts(document, position);
        } finally {
            this.completing = undefined;
        }
    }

    protected override findFeaturesAt(textDocument: TextDocument, offset: number): NextFeature[] {
        const document = this.completing;
        const root = document?.textDocument === textDocument ? document.parseResult.value : undefined;
        if (isPmpathFile(root) && root.body?.$type === 'TestSuite') {
            return this.findSuiteFeaturesAt(textDocument, offset, root.body.scenarios);
        }
        const body = isPmpathFile(root) && root.body?.$type !== 'TestSuite' ? root.body : undefined;
        let start: number | undefined;
        for (const element of body?.elements ?? []) {
            const elementStart = element.$cstNode?.offset;
            if (elementStart === undefined || elementStart >= offset) break;
            start = elementStart;
        }
        if (start === undefined || !body) {
            return super.findFeaturesAt(textDocument, offset);
        }
        const header = `${body.$type === 'Library' ? 'library' : 'pathway'} X {\n`;
        const excerpt = TextDocument.create(textDocument.uri, textDocument.languageId, textDocument.version,
            header + textDocument.getText().slice(start, offset));
        return super.findFeaturesAt(excerpt, excerpt.getText().length);
    }

    /**
     * The same for a suite, whose scenarios can be long (a generated suite, a
     * scenario of thousands of steps): parse a stand-in header followed by
     * the text from the start of the last step that begins before the cursor
     * (or of the last scenario, when the cursor is before its first step).
     */
    protected findSuiteFeaturesAt(textDocument: TextDocument, offset: number, scenarios: ReadonlyArray<{ $cstNode?: { offset: number }; steps: ReadonlyArray<{ $cstNode?: { offset: number } }> }>): NextFeature[] {
        let scenarioStart: number | undefined;
        let steps: ReadonlyArray<{ $cstNode?: { offset: number } }> = [];
        for (const scenario of scenarios) {
            const start = scenario.$cstNode?.offset;
            if (start === undefined || start >= offset) break;
            scenarioStart = start;
            steps = scenario.steps;
        }
        if (scenarioStart === undefined) {
            return super.findFeaturesAt(textDocument, offset);
        }
        let stepStart: number | undefined;
        for (const step of steps) {
            const start = step.$cstNode?.offset;
            if (start === undefined || start >= offset) break;
            stepStart = start;
        }
        const [header, from] = stepStart === undefined
            ? ['tests for X {\n', scenarioStart]
            : ['tests for X {\nscenario "x" {\n', stepStart];
        const excerpt = TextDocument.create(textDocument.uri, textDocument.languageId, textDocument.version,
            header + textDocument.getText().slice(from, offset));
        return super.findFeaturesAt(excerpt, excerpt.getText().length);
    }

    /** Units: after the number of an observation or a numeric cutoff, the unit its data declares. */
    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
        if (GrammarAST.isRuleCall(next.feature)) {
            const assignment = AstUtils.getContainerOfType(next.feature, GrammarAST.isAssignment);
            if (assignment?.feature === 'unit') {
                const unit = dataOf(context.node)?.unit;
                if (unit !== undefined) {
                    const text = JSON.stringify(unit);
                    acceptor(context, { label: text, kind: CompletionItemKind.Unit, detail: `the unit of data '${dataOf(context.node)!.name}'`, sortText: '0' });
                }
                return;
            }
        }
        return super.completionFor(context, next, acceptor);
    }

    /** The type the cross-reference being completed expects, from the grammar. */
    private expectedType: string | undefined;

    protected override completionForCrossReference(context: CompletionContext, next: NextFeature<GrammarAST.CrossReference>, acceptor: CompletionAcceptor): MaybePromise<void> {
        this.expectedType = next.feature.type.ref?.name;
        try {
            return super.completionForCrossReference(context, next, acceptor);
        } finally {
            this.expectedType = undefined;
        }
    }

    /**
     * When the reference's container does not exist yet (`A -> |` is still a
     * pathway, not a transition), Langium cannot ask the scope provider with
     * the right property; offer the file's names of the expected type instead.
     */
    protected override getReferenceCandidates(refInfo: ReferenceInfo, context: CompletionContext): Stream<AstNodeDescription> {
        try {
            return super.getReferenceCandidates(refInfo, context);
        } catch (error) {
            const type = this.expectedType;
            const scopeProvider = this.pmpathServices.references.ScopeProvider;
            if (!type || !(scopeProvider instanceof PmpathScopeProvider)) {
                throw error;
            }
            const reflection = this.pmpathServices.shared.AstReflection;
            const root = context.document.parseResult.value;
            if (isPmpathFile(root) && root.body?.$type === 'TestSuite') {
                // A suite's names are its pathway's; the pathway among those its imports declare.
                const suite = root.body;
                if (type === 'Pathway') {
                    return scopeProvider.getScope({ container: suite, property: 'pathway', reference: suite.pathway }).getAllElements();
                }
                const pathway = suite.pathway?.ref;
                return pathway
                    ? stream(scopeProvider.getFileScope(AstUtils.getDocument(pathway)).all).filter(d => reflection.isSubtype(d.type, type))
                    : stream([]);
            }
            return stream(scopeProvider.getFileScope(context.document).all).filter(d => reflection.isSubtype(d.type, type));
        }
    }

    /**
     * Langium finds the tokens around the cursor by lexing the whole text (12 ms
     * at 10,000 lines, for every completion). Tokens do not cross lines and the
     * answer depends only on the token at or before the cursor, so lexing from
     * the start of the element before the cursor's element to the end of the
     * cursor's line gives the same offsets.
     */
    protected override backtrackToAnyToken(text: string, offset: number): ReturnType<DefaultCompletionProvider['backtrackToAnyToken']> {
        const root = this.completing?.textDocument.getText() === text ? this.completing.parseResult.value : undefined;
        const body = isPmpathFile(root) && root.body?.$type !== 'TestSuite' ? root.body : undefined;
        let previous: number | undefined;
        let start: number | undefined;
        for (const element of body?.elements ?? []) {
            const elementStart = element.$cstNode?.offset;
            if (elementStart === undefined || elementStart >= offset) break;
            previous = start;
            start = elementStart;
        }
        if (previous === undefined) {
            return super.backtrackToAnyToken(text, offset);
        }
        const lineEnd = text.slice(offset).search(/[\r\n]/);
        const end = lineEnd < 0 ? text.length : offset + lineEnd;
        const found = super.backtrackToAnyToken(text.slice(previous, end), offset - previous);
        const shift = (value: number | undefined) => (value === undefined ? undefined : value + previous!);
        return {
            nextTokenStart: found.nextTokenStart + previous,
            nextTokenEnd: found.nextTokenEnd + previous,
            previousTokenStart: shift(found.previousTokenStart),
            previousTokenEnd: shift(found.previousTokenEnd),
        };
    }

    protected override completionForKeyword(context: CompletionContext, keyword: GrammarAST.Keyword, acceptor: CompletionAcceptor): MaybePromise<void> {
        if (!this.filterKeyword(context, keyword) || !this.fitsData(context, keyword)) {
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

    /**
     * After `observe DATA is` or `cutoff NAME: DATA is`, only the classes the
     * data takes: variant classes for `genomic`, phenotypes for `pharmacogenomic`.
     */
    protected fitsData(context: CompletionContext, keyword: GrammarAST.Keyword): boolean {
        const rule = AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)?.name;
        if (rule !== 'VariantClass' && rule !== 'MetabolizerPhenotype') return true;
        const data = dataOf(context.node);
        if (!data?.category) return true;
        return valueKindOf(data.category) === classKindOf(keyword.value);
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
        case 'Data': return `data: ${decl.category ?? '?'}${decl.unit !== undefined ? ` unit "${decl.unit}"` : ''}${decl.codeSystem && decl.code !== undefined ? ` code ${decl.codeSystem} "${decl.code}"` : ''}`;
        case 'Cutoff': return `cutoff on ${decl.data?.$refText ?? '?'}`;
        case 'Consent': return `consent${decl.by ? ` by ${decl.by.$refText}` : ''}`;
        case 'State': return `${decl.modifier ? decl.modifier + ' ' : ''}state: ${decl.kind ?? '?'}${decl.hybridKind ? ' ' + decl.hybridKind : ''}`;
    }
}

/** The data item an observation or cutoff at (or around) the cursor is about. */
function dataOf(node: AstNode | undefined): Data | undefined {
    if (!node) return undefined;
    const observe = AstUtils.getContainerOfType(node, isObserve);
    if (observe) return observe.data?.ref;
    return AstUtils.getContainerOfType(node, isCutoff)?.data?.ref;
}
