/**
 * Outline and symbol kinds. The outline nests the pathway (or library), then
 * one section per kind of element in source order — actors, data, cutoffs,
 * consents, states, transitions, flows — each element with a detail saying
 * what it is (`clinician`, `biomarker unit "ng/mL"`, `hybrid patient-in-waiting`).
 * A test suite's outline is `tests for PATHWAY` with one entry per scenario.
 */
import { GrammarUtils, type AstNode, type AstNodeDescription, type LangiumDocument, type MaybePromise } from 'langium';
import type { DocumentSymbolProvider, NodeKindProvider } from 'langium/lsp';
import { CompletionItemKind, SymbolKind, type DocumentSymbol, type DocumentSymbolParams, type Range } from 'vscode-languageserver';
import { isPmpathFile, type Element, type Flow, type Scenario, type TestSuite, type Transition } from '../generated/ast.js';
import { detailOf } from './pmpath-completion.js';
import { formatGuard } from './pmpath-hover.js';

const SYMBOL_KINDS: Readonly<Record<string, SymbolKind>> = {
    Pathway: SymbolKind.Namespace,
    Library: SymbolKind.Package,
    Actor: SymbolKind.Class,
    Data: SymbolKind.Variable,
    Cutoff: SymbolKind.Function,
    Consent: SymbolKind.Struct,
    State: SymbolKind.EnumMember,
    Transition: SymbolKind.Event,
    Flow: SymbolKind.Interface,
    TestSuite: SymbolKind.Module,
    Scenario: SymbolKind.Method,
};

const COMPLETION_KINDS: Readonly<Record<string, CompletionItemKind>> = {
    Actor: CompletionItemKind.Class,
    Data: CompletionItemKind.Variable,
    Cutoff: CompletionItemKind.Function,
    Consent: CompletionItemKind.Struct,
    State: CompletionItemKind.EnumMember,
};

/** Symbol and completion kinds per declaration type (the same as the semantic token types). */
export class PmpathNodeKindProvider implements NodeKindProvider {
    getSymbolKind(node: AstNode | AstNodeDescription): SymbolKind {
        return SYMBOL_KINDS[typeOf(node)] ?? SymbolKind.Field;
    }

    getCompletionItemKind(node: AstNode | AstNodeDescription): CompletionItemKind {
        return COMPLETION_KINDS[typeOf(node)] ?? CompletionItemKind.Reference;
    }
}

function typeOf(node: AstNode | AstNodeDescription): string {
    return '$type' in node ? node.$type : node.type;
}

/** The outline sections, in the order the SPEC's example declares them. */
const SECTIONS: ReadonlyArray<[string, string]> = [
    ['Actor', 'Actors'], ['Data', 'Data'], ['Cutoff', 'Cutoffs'], ['Consent', 'Consents'],
    ['State', 'States'], ['Transition', 'Transitions'], ['Flow', 'Flows'],
];

export class PmpathDocumentSymbolProvider implements DocumentSymbolProvider {
    constructor(protected readonly nodeKindProvider: NodeKindProvider) { }

    getSymbols(document: LangiumDocument, _params: DocumentSymbolParams): MaybePromise<DocumentSymbol[]> {
        const root = document.parseResult.value;
        if (!isPmpathFile(root) || !root.body?.$cstNode) {
            return [];
        }
        if (root.body.$type === 'TestSuite') {
            return [this.suiteSymbol(root.body)];
        }
        const body = root.body;
        const range = body.$cstNode!.range;
        const title = body.metadata.find(m => m.key === 'title')?.value;
        const nameRange = body.$cstNode!.range;
        const sections: DocumentSymbol[] = [];
        for (const [type, label] of SECTIONS) {
            const members = body.elements.filter(e => e.$type === type && e.$cstNode);
            // A declaration still being typed (`cutoff ` with no name yet) has no symbol;
            // a section whose members all lack one is left out rather than drawn empty.
            const children = members.map(member => this.elementSymbol(member)).filter((s): s is DocumentSymbol => s !== undefined);
            if (children.length === 0) {
                continue;
            }
            sections.push({
                name: label,
                kind: SymbolKind.Namespace,
                detail: `${children.length}`,
                range: spanning(children.map(c => c.range)),
                selectionRange: children[0].selectionRange,
                children,
            });
        }
        return [{
            name: body.name || (body.$type === 'Library' ? 'library' : 'pathway'),
            kind: this.nodeKindProvider.getSymbolKind(body),
            detail: title ?? body.$type.toLowerCase(),
            range,
            selectionRange: findNameRange(body) ?? nameRange,
            children: sections,
        }];
    }

    protected suiteSymbol(suite: TestSuite): DocumentSymbol {
        const range = suite.$cstNode!.range;
        const pathwayRange = suite.pathway?.$refNode?.range;
        const children = suite.scenarios.map(scenario => this.scenarioSymbol(scenario)).filter((s): s is DocumentSymbol => s !== undefined);
        const count = `${children.length} scenario${children.length === 1 ? '' : 's'}`;
        return {
            name: `tests for ${suite.pathway?.$refText || '?'}`,
            kind: this.nodeKindProvider.getSymbolKind(suite),
            detail: suite.start !== undefined ? `${count}, start ${suite.start}` : count,
            range,
            selectionRange: pathwayRange ?? range,
            children,
        };
    }

    protected scenarioSymbol(scenario: Scenario): DocumentSymbol | undefined {
        const cst = scenario.$cstNode;
        if (!cst) return undefined;
        const steps = `${scenario.steps.length} step${scenario.steps.length === 1 ? '' : 's'}`;
        return {
            name: scenario.name || '(unnamed scenario)',
            kind: this.nodeKindProvider.getSymbolKind(scenario),
            detail: scenario.from ? `from ${scenario.from.$refText}, ${steps}` : steps,
            range: cst.range,
            selectionRange: GrammarUtils.findNodeForProperty(cst, 'name')?.range ?? cst.range,
        };
    }

    protected elementSymbol(element: Element): DocumentSymbol | undefined {
        const cst = element.$cstNode;
        if (!cst) {
            return undefined;
        }
        const kind = this.nodeKindProvider.getSymbolKind(element);
        switch (element.$type) {
            case 'Transition':
                return { name: transitionName(element), kind, detail: element.guard ? `when ${formatGuard(element.guard, 80)}` : '', range: cst.range, selectionRange: cst.range };
            case 'Flow':
                return { name: flowName(element), kind, detail: flowDetail(element), range: cst.range, selectionRange: cst.range };
            default:
                if (!element.name) {
                    return undefined;
                }
                return { name: element.name, kind, detail: detailOf(element).replace(/^[a-z ]+: /, ''), range: cst.range, selectionRange: findNameRange(element) ?? cst.range };
        }
    }
}

function findNameRange(node: AstNode & { name?: string }): Range | undefined {
    return node.name ? GrammarUtils.findNodeForProperty(node.$cstNode, 'name')?.range : undefined;
}

function transitionName(t: Transition): string {
    return `${t.source?.$refText ?? '?'} -> ${t.target?.$refText ?? '?'}`;
}

function flowName(f: Flow): string {
    return `${f.data.map(d => d.$refText).join(', ')}: ${f.from?.$refText ?? '?'} -> ${f.to?.$refText ?? '?'}`;
}

function flowDetail(f: Flow): string {
    const basis = f.consent ? ` under ${f.consent.$refText}` : f.waiver !== undefined ? ' (waiver)' : '';
    return `for ${f.purpose ?? '?'}${basis}`;
}

function spanning(ranges: Range[]): Range {
    return { start: ranges[0].start, end: ranges[ranges.length - 1].end };
}
