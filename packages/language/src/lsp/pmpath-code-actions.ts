/**
 * Quick fixes. Each fix is chosen by the diagnostic's `code` — the rule id,
 * compared against `RuleId` constants — never by its message text, so
 * rewording a message can never break a fix.
 */
import { AstUtils, CstUtils, GrammarUtils, type AstNode, type LangiumDocument, type MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import {
    CodeActionKind, type CancellationToken, type CodeAction, type CodeActionParams, type Command, type Diagnostic, type Range, type TextEdit
} from 'vscode-languageserver';
import {
    isCutoff, isDiscloseClause, isFlow, isObserve, isPathway, isState,
    type Actor, type Consent, type Cutoff, type Data, type DiscloseClause, type Flow, type Observe, type Pathway, type Purpose, type State
} from '../generated/ast.js';
import { commercialConsentProblem, consentScopeGap } from '../analysis/consent-flows.js';
import { isCommercialUse, isFiduciary, isGenomicsTrained, isResearchUse, valueKindOf } from '../domain.js';
import type { PmpathServices } from '../pmpath-module.js';
import { RuleId } from '../rules.js';
import { findSuppressions } from '../validation/suppression.js';
import { isVisibleFrom } from '../scoping/pmpath-scope.js';
import { scopeView, type ScopeView } from './scope-utils.js';
import { INDENT, indentationAt, lineBreakOf, quotePmpathString } from './text-utils.js';

/** The text a quick fix writes where only the author can supply the content. */
export const SOURCE_PLACEHOLDER = 'TODO: guideline or study';
export const SUPPRESSION_REASON_PLACEHOLDER = 'TODO: explain why this finding is acceptable';

/**
 * Whether a consent covers a flow entirely: its data, purpose and research use
 * (the analysis behind `consent-scope-mismatch`) and, for commercial use, the
 * commercial permission (`commercial-use-requires-consent`). The quick fix and
 * the rules share this analysis, so they cannot disagree.
 */
export function consentCoversFlow(consent: Consent, flow: Flow): boolean {
    return flow.data.length > 0
        && consentScopeGap(flow, consent) === undefined
        && (!isCommercialUse(flow) || commercialConsentProblem(consent) === undefined);
}

export class PmpathCodeActionProvider implements CodeActionProvider {
    constructor(protected readonly services: PmpathServices) { }

    getCodeActions(document: LangiumDocument, params: CodeActionParams, _cancelToken?: CancellationToken): MaybePromise<Array<Command | CodeAction> | undefined> {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            try {
                actions.push(...this.fixesFor(document, diagnostic));
            } catch (error) {
                // One broken fix must not hide the others, nor fail the request.
                console.error('pmpath: computing quick fixes failed', error);
            }
        }
        return actions;
    }

    /** The quick fixes for one diagnostic, keyed on its rule id. */
    protected fixesFor(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        switch (diagnostic.code) {
            case RuleId.hybridStatusRequiresMonitoring:
                return this.withNode(document, diagnostic, isState, state => this.addMonitor(document, diagnostic, state));
            case RuleId.hybridStatusRequiresDisclosure:
                return this.withNode(document, diagnostic, isState, state => this.addDisclosure(document, diagnostic, state));
            case RuleId.disclosureWithoutCounselling:
                return this.withNode(document, diagnostic, isDiscloseClause, clause => this.addCounselling(document, diagnostic, clause));
            case RuleId.researchUseRequiresConsent:
            case RuleId.commercialUseRequiresConsent:
            case RuleId.passiveDataRequiresConsent:
            case RuleId.consentScopeMismatch:
                return this.withNode(document, diagnostic, isFlow, flow => this.fixConsent(document, diagnostic, flow));
            case RuleId.cutoffWithoutSource:
                return this.withNode(document, diagnostic, isCutoff, cutoff => this.addSource(document, diagnostic, cutoff));
            case RuleId.cutoffUnitMismatch:
                return this.withNode(document, diagnostic, isCutoff, cutoff => this.fixUnit(document, diagnostic, cutoff));
            case RuleId.testObservationMismatch:
                return this.withNode(document, diagnostic, isObserve, observe => this.fixObservationUnit(document, diagnostic, observe));
            case RuleId.initialState:
                return this.fixInitialState(document, diagnostic);
            case RuleId.deadEndState:
                return this.withNode(document, diagnostic, isState, state => this.markFinal(document, diagnostic, state));
            case RuleId.suppressionWithoutReason:
                return this.addSuppressionReason(document, diagnostic);
            case RuleId.unusedSuppression:
                return this.removeSuppression(document, diagnostic);
            default:
                return [];
        }
    }

    /** Runs `fix` on the innermost node of the wanted type at the start of the diagnostic. */
    protected withNode<T extends AstNode>(document: LangiumDocument, diagnostic: Diagnostic, guard: (node: unknown) => node is T, fix: (node: T) => CodeAction[]): CodeAction[] {
        const node = nodeAt(document, diagnostic.range);
        const target = node ? AstUtils.getContainerOfType(node, guard) : undefined;
        // A node the parser recovered without its name or text is half-typed: nothing sensible to fix yet.
        if (!target?.$cstNode || (NAMED_TYPES.has(target.$type) && !(target as { name?: string }).name)) {
            return [];
        }
        return fix(target);
    }

    // ------------------------------------------------------------ states

    protected addMonitor(document: LangiumDocument, diagnostic: Diagnostic, state: State): CodeAction[] {
        const scope = scopeView(this.services, document);
        const data = guardDataOf(state, scope)[0] ?? scope.data.find(d => valueKindOf(d.category) === 'number') ?? scope.data[0];
        const clinician = scope.actors.find(isFiduciary) ?? scope.actors[0];
        if (!data || !clinician) {
            return [];
        }
        const clause = `monitor ${data.name} every 3 months by ${clinician.name} review after 1 year`;
        return [this.action(`Add a monitoring plan to state '${state.name}'`, diagnostic, document,
            [this.insertStateClause(document, state, clause)], true)];
    }

    protected addDisclosure(document: LangiumDocument, diagnostic: Diagnostic, state: State): CodeAction[] {
        const scope = scopeView(this.services, document);
        const monitored = state.clauses.flatMap(c => c.$type === 'MonitorClause' ? c.data.map(d => d.$refText) : []);
        const data = monitored.length > 0 ? [...new Set(monitored)] : guardDataOf(state, scope).map(d => d.name).slice(0, 1);
        const recipient = scope.actors.find(a => a.role === 'patient') ?? scope.actors.find(a => a.role === 'family');
        const discloser = scope.actors.find(a => isFiduciary(a) && isGenomicsTrained(a)) ?? scope.actors.find(isFiduciary);
        if (!recipient || !discloser) {
            return [];
        }
        const clause = `disclose ${data.length > 0 ? data.join(', ') + ' ' : ''}to ${recipient.name} by ${discloser.name} with counselling`;
        return [this.action(`Add a disclosure with counselling to state '${state.name}'`, diagnostic, document,
            [this.insertStateClause(document, state, clause)], true)];
    }

    /** Inserts a clause at the end of a state's `{ }` block, creating the block if needed. */
    protected insertStateClause(document: LangiumDocument, state: State, clause: string): TextEdit {
        const text = document.textDocument;
        const eol = lineBreakOf(document);
        const cst = state.$cstNode!;
        const indent = indentationAt(document, cst.offset);
        const close = GrammarUtils.findNodeForKeyword(cst, '}');
        if (!close) {
            return { range: { start: text.positionAt(cst.end), end: text.positionAt(cst.end) }, newText: ` {${eol}${indent}${INDENT}${clause}${eol}${indent}}` };
        }
        const full = text.getText();
        const lineStart = full.lastIndexOf('\n', close.offset - 1) + 1;
        if (/^[ \t]*$/.test(full.slice(lineStart, close.offset))) {
            // `}` on a line of its own: add the clause as the block's last line.
            const at = text.positionAt(lineStart);
            return { range: { start: at, end: at }, newText: `${indent}${INDENT}${clause}${eol}` };
        }
        // `{ … }` on one line: move `}` onto its own line after the new clause.
        const before = full.slice(0, close.offset).replace(/[ \t]+$/, '');
        const start = text.positionAt(before.length);
        return { range: { start, end: text.positionAt(close.offset) }, newText: `${eol}${indent}${INDENT}${clause}${eol}${indent}` };
    }

    protected addCounselling(document: LangiumDocument, diagnostic: Diagnostic, clause: DiscloseClause): CodeAction[] {
        if (clause.counselling || !clause.$cstNode) {
            return [];
        }
        const end = document.textDocument.positionAt(clause.$cstNode.end);
        return [this.action('Disclose with counselling', diagnostic, document, [{ range: { start: end, end }, newText: ' with counselling' }], true)];
    }

    protected fixInitialState(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const node = nodeAt(document, diagnostic.range);
        const state = node ? AstUtils.getContainerOfType(node, isState) : undefined;
        if (state) {
            if (!state.name) {
                return [];
            }
            // Several initial states: this one is not the first; drop its `initial`.
            return this.removeModifier(document, diagnostic, state, 'initial');
        }
        const pathway = node ? AstUtils.getContainerOfType(node, isPathway) : undefined;
        if (!pathway) {
            return [];
        }
        const states = pathway.elements.filter(isState);
        const targets = new Set(pathway.elements.flatMap(e => e.$type === 'Transition' && e.source?.$refText !== e.target?.$refText ? [e.target?.$refText] : []));
        const candidates = states.filter(s => !s.modifier && s.name && !targets.has(s.name));
        return candidates.map(s => this.action(`Mark state '${s.name}' initial`, diagnostic, document,
            [insertAt(document, s.$cstNode!.offset, 'initial ')], candidates.length === 1));
    }

    protected markFinal(document: LangiumDocument, diagnostic: Diagnostic, state: State): CodeAction[] {
        if (state.modifier || !state.$cstNode) {
            return [];
        }
        return [this.action(`Mark state '${state.name}' final`, diagnostic, document, [insertAt(document, state.$cstNode.offset, 'final ')], true)];
    }

    protected removeModifier(document: LangiumDocument, diagnostic: Diagnostic, state: State, modifier: 'initial' | 'final'): CodeAction[] {
        const keyword = GrammarUtils.findNodeForProperty(state.$cstNode, 'modifier');
        const stateKeyword = GrammarUtils.findNodeForKeyword(state.$cstNode, 'state');
        if (state.modifier !== modifier || !keyword || !stateKeyword) {
            return [];
        }
        const text = document.textDocument;
        return [this.action(`Remove '${modifier}' from state '${state.name}'`, diagnostic, document,
            [{ range: { start: text.positionAt(keyword.offset), end: text.positionAt(stateKeyword.offset) }, newText: '' }], true)];
    }

    // ------------------------------------------------------------ consent

    protected fixConsent(document: LangiumDocument, diagnostic: Diagnostic, flow: Flow): CodeAction[] {
        const scope = scopeView(this.services, document);
        const covering = scope.consents.filter(c => c.name && c.name !== flow.consent?.$refText && consentCoversFlow(c, flow));
        const actions = covering.map(consent => this.action(`Put the flow under consent '${consent.name}'`, diagnostic, document,
            [this.setFlowConsent(document, flow, consent.name)], covering.length === 1));
        if (diagnostic.code === RuleId.consentScopeMismatch) {
            actions.push(...this.extendCovers(document, diagnostic, flow));
        }
        const create = this.createConsent(document, diagnostic, flow, scope);
        if (create) {
            actions.push(create);
        }
        return actions;
    }

    /**
     * Adds the flow's uncovered data to its consent's `covers` — only when the
     * file that declares the consent can see every one of them. A library's
     * consent cannot cover data declared in the pathway that imports it, so
     * no fix ever proposes that edit.
     */
    protected extendCovers(document: LangiumDocument, diagnostic: Diagnostic, flow: Flow): CodeAction[] {
        const consent = flow.consent?.ref;
        const gap = consent ? consentScopeGap(flow, consent) : undefined;
        if (!consent?.$cstNode || !gap || gap.missingData.length === 0 || !gap.missingData.every(d => isVisibleFrom(d, consent))) {
            return [];
        }
        const home = AstUtils.getDocument(consent);
        const names = gap.missingData.map(d => d.name);
        const covers = [...consent.clauses].reverse().find(c => c.$type === 'CoversClause');
        let edit: TextEdit;
        if (covers?.$cstNode) {
            edit = insertAt(home, covers.$cstNode.end, `, ${names.join(', ')}`);
        } else {
            const close = GrammarUtils.findNodeForKeyword(consent.$cstNode, '}');
            if (!close) return [];
            const full = home.textDocument.getText();
            const lineStart = full.lastIndexOf('\n', close.offset - 1) + 1;
            const indent = indentationAt(home, consent.$cstNode.offset);
            edit = /^[ \t]*$/.test(full.slice(lineStart, close.offset))
                ? insertAt(home, lineStart, `${indent}${INDENT}covers ${names.join(', ')}${lineBreakOf(home)}`)
                : insertAt(home, close.offset, `covers ${names.join(', ')} `);
        }
        const where = home === document ? '' : ` (in ${home.uri.path.split('/').pop()})`;
        return [this.action(`Add ${names.map(n => `'${n}'`).join(', ')} to the covers of consent '${consent.name}'${where}`, diagnostic, home, [edit], false)];
    }

    /** Replaces the flow's `under …` or `waiver "…"`, or appends `under NAME`. */
    protected setFlowConsent(document: LangiumDocument, flow: Flow, name: string): TextEdit {
        const text = document.textDocument;
        const cst = flow.$cstNode!;
        const keyword = GrammarUtils.findNodeForKeyword(cst, 'under') ?? GrammarUtils.findNodeForKeyword(cst, 'waiver');
        if (keyword) {
            return { range: { start: text.positionAt(keyword.offset), end: text.positionAt(cst.end) }, newText: `under ${name}` };
        }
        return insertAt(document, cst.end, ` under ${name}`);
    }

    /** A consent skeleton that covers the flow, inserted before the pathway's first flow. */
    protected createConsent(document: LangiumDocument, diagnostic: Diagnostic, flow: Flow, scope: ScopeView): CodeAction | undefined {
        const pathway = flow.$container;
        const data = [...new Set(flow.data.map(d => d.$refText).filter(Boolean))];
        if (!isPathway(pathway) || data.length === 0 || !flow.$cstNode) {
            return undefined;
        }
        const purposes: Purpose[] = flow.purpose ? [flow.purpose] : [];
        if (isResearchUse(flow) && !purposes.includes('research')) {
            purposes.push('research');
        }
        if (isCommercialUse(flow) && !purposes.includes('commercial')) {
            purposes.push('commercial');
        }
        if (purposes.length === 0) {
            return undefined;
        }
        const name = uniqueName(`${capitalize(data[0])}${purposes.map(capitalize).join('')}Consent`, scope.names);
        const giver = this.consentGiver(flow, scope);
        const firstFlow = pathway.elements.find(isFlow) ?? flow;
        const indent = indentationAt(document, firstFlow.$cstNode!.offset);
        const eol = lineBreakOf(document);
        const lines = [
            `consent ${name}${giver ? ` by ${giver.name}` : ''} {`,
            `${INDENT}permits ${purposes.join(', ')}`,
            `${INDENT}covers ${data.join(', ')}`,
            `${INDENT}withdrawable`,
            `${INDENT}recontact`,
            '}',
        ];
        // Above the first flow and the comments written just above it (a
        // suppression comment there must keep applying to the flow).
        const full = document.textDocument.getText();
        const flowOffset = firstFlow.$cstNode!.offset;
        const ownLine = /^[ \t]*$/.test(full.slice(full.lastIndexOf('\n', flowOffset - 1) + 1, flowOffset));
        const offset = ownLine ? lineStartAboveComments(full, flowOffset) : flowOffset;
        const block = lines.map(line => indent + line).join(eol);
        const newText = ownLine ? block + eol + eol : eol + block + eol + indent;
        return this.action(`Create consent '${name}' covering this flow`, diagnostic, document,
            [insertAt(document, offset, newText), this.setFlowConsent(document, flow, name)], false);
    }

    /** Who gives consent: the sender when it is the patient or family, else the first patient or family actor. */
    protected consentGiver(flow: Flow, scope: ScopeView): Actor | undefined {
        const sender = flow.from?.ref;
        if (sender && (sender.role === 'patient' || sender.role === 'family') && scope.names.has(sender.name)) {
            return sender;
        }
        return scope.actors.find(a => a.role === 'patient') ?? scope.actors.find(a => a.role === 'family');
    }

    // ------------------------------------------------------------ cutoffs

    protected addSource(document: LangiumDocument, diagnostic: Diagnostic, cutoff: Cutoff): CodeAction[] {
        if (cutoff.source !== undefined || !cutoff.$cstNode) {
            return [];
        }
        return [this.action(`Add a source to cutoff '${cutoff.name}'`, diagnostic, document,
            [insertAt(document, cutoff.$cstNode.end, ` source ${quotePmpathString(SOURCE_PLACEHOLDER)}`)], true)];
    }

    protected fixUnit(document: LangiumDocument, diagnostic: Diagnostic, cutoff: Cutoff): CodeAction[] {
        const comparison = cutoff.comparison;
        const data: Data | undefined = cutoff.data?.ref;
        if (!comparison || comparison.$type === 'ClassComparison' || !data || !comparison.$cstNode) {
            return [];
        }
        const text = document.textDocument;
        const unitNode = GrammarUtils.findNodeForProperty(comparison.$cstNode, 'unit');
        if (data.unit !== undefined) {
            const newUnit = quotePmpathString(data.unit);
            const edit: TextEdit = unitNode
                ? { range: { start: text.positionAt(unitNode.offset), end: text.positionAt(unitNode.end) }, newText: newUnit }
                : insertAt(document, comparison.$cstNode.end, ` ${newUnit}`);
            return [this.action(`Write cutoff '${cutoff.name}' in ${newUnit}, the unit of data '${data.name}'`, diagnostic, document, [edit], true)];
        }
        if (!unitNode || comparison.unit === undefined) {
            return [];
        }
        const actions = [this.action(`Remove the unit from cutoff '${cutoff.name}' (data '${data.name}' declares none)`, diagnostic, document,
            [{ range: { start: text.positionAt(unitNode.offset - leadingSpace(text.getText(), unitNode.offset)), end: text.positionAt(unitNode.end) }, newText: '' }], false)];
        const dataDocument = data.$cstNode ? AstUtils.getDocument(data) : undefined;
        if (dataDocument && data.$cstNode) {
            actions.push(this.action(`Declare unit ${quotePmpathString(comparison.unit)} on data '${data.name}'`, diagnostic, dataDocument,
                [insertAt(dataDocument, data.$cstNode.end, ` unit ${quotePmpathString(comparison.unit)}`)], false));
        }
        return actions;
    }

    /**
     * An observation without a unit gets its data's unit; a unit on data that
     * declares none is removed or declared. A unit that differs is left to
     * the author: the value must be converted, not relabelled.
     */
    protected fixObservationUnit(document: LangiumDocument, diagnostic: Diagnostic, observe: Observe): CodeAction[] {
        const data: Data | undefined = observe.data?.ref;
        if (!data || observe.value === undefined || observe.class !== undefined || valueKindOf(data.category) !== 'number' || !observe.$cstNode) {
            return [];
        }
        const text = document.textDocument;
        const unitNode = GrammarUtils.findNodeForProperty(observe.$cstNode, 'unit');
        if (data.unit !== undefined && observe.unit === undefined) {
            const unit = quotePmpathString(data.unit);
            return [this.action(`Write the observation of '${data.name}' in ${unit}, the unit of data '${data.name}'`, diagnostic, document,
                [insertAt(document, observe.$cstNode.end, ` ${unit}`)], true)];
        }
        if (data.unit !== undefined || observe.unit === undefined || !unitNode) {
            return [];
        }
        const actions = [this.action(`Remove the unit from the observation of '${data.name}' (data '${data.name}' declares none)`, diagnostic, document,
            [{ range: { start: text.positionAt(unitNode.offset - leadingSpace(text.getText(), unitNode.offset)), end: text.positionAt(unitNode.end) }, newText: '' }], false)];
        const dataDocument = data.$cstNode ? AstUtils.getDocument(data) : undefined;
        if (dataDocument && data.$cstNode) {
            // `unit` comes before a `code` clause.
            const code = GrammarUtils.findNodeForKeyword(data.$cstNode, 'code');
            const unit = `unit ${quotePmpathString(observe.unit)}`;
            actions.push(this.action(`Declare ${unit} on data '${data.name}'`, diagnostic, dataDocument,
                [code ? insertAt(dataDocument, code.offset, `${unit} `) : insertAt(dataDocument, data.$cstNode.end, ` ${unit}`)], false));
        }
        return actions;
    }

    // ------------------------------------------------------------ suppressions

    protected addSuppressionReason(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const line = diagnostic.range.start.line;
        const comment = findSuppressions(document.textDocument.getText()).find(c => c.line === line && c.reason === undefined);
        if (!comment) {
            return [];
        }
        const text = document.textDocument;
        const commentText = text.getText(comment.range);
        const isBlock = commentText.startsWith('/*');
        const body = isBlock ? commentText.slice(0, -2).replace(/\s+$/, '') : commentText.replace(/\s+$/, '');
        const endOffset = text.offsetAt(comment.range.start) + body.length;
        const insertion = body.endsWith('--') ? ` ${SUPPRESSION_REASON_PLACEHOLDER}` : ` -- ${SUPPRESSION_REASON_PLACEHOLDER}`;
        const edit: TextEdit = isBlock
            ? { range: { start: text.positionAt(endOffset), end: text.positionAt(text.offsetAt(comment.range.end) - 2) }, newText: `${insertion} ` }
            : insertAt(document, endOffset, insertion);
        return [this.action('Add a reason to this suppression', diagnostic, document, [edit], true)];
    }

    /** Deletes a stale suppression comment: its whole line when nothing else is on it. */
    protected removeSuppression(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const comment = findSuppressions(document.textDocument.getText())
            .find(c => c.line === diagnostic.range.start.line && c.range.start.character === diagnostic.range.start.character);
        if (!comment) {
            return [];
        }
        const text = document.textDocument;
        const full = text.getText();
        const start = text.offsetAt(comment.range.start);
        const end = text.offsetAt(comment.range.end);
        const lineStart = text.offsetAt({ line: comment.line, character: 0 });
        const nextLine = text.offsetAt({ line: comment.line + 1, character: 0 });
        const lineEnd = full.slice(end, nextLine).replace(/[\r\n]+$/, '').length + end;
        const alone = /^[ \t]*$/.test(full.slice(lineStart, start)) && /^[ \t]*$/.test(full.slice(end, lineEnd));
        const range = alone
            ? { start: text.positionAt(lineStart), end: text.positionAt(nextLine) }
            : { start: text.positionAt(start - leadingSpace(full, start)), end: text.positionAt(end) };
        return [this.action('Remove this stale suppression', diagnostic, document, [{ range, newText: '' }], true)];
    }

    // ------------------------------------------------------------ helpers

    protected action(title: string, diagnostic: Diagnostic, document: LangiumDocument, edits: TextEdit[], isPreferred: boolean): CodeAction {
        return {
            title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred,
            edit: { changes: { [document.textDocument.uri]: edits } },
        };
    }
}

const NAMED_TYPES: ReadonlySet<string> = new Set(['Actor', 'Data', 'Cutoff', 'Consent', 'State']);

/** The AST node whose token starts the range (the innermost one). */
function nodeAt(document: LangiumDocument, range: Range): AstNode | undefined {
    const root = document.parseResult.value.$cstNode;
    if (!root) {
        return undefined;
    }
    const leaf = CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(range.start));
    return leaf?.astNode;
}

function insertAt(document: LangiumDocument, offset: number, newText: string): TextEdit {
    const position = document.textDocument.positionAt(offset);
    return { range: { start: position, end: position }, newText };
}

/** The start of the line holding `offset`, moved up over the `//` comment lines directly above it. */
function lineStartAboveComments(text: string, offset: number): number {
    let start = text.lastIndexOf('\n', offset - 1) + 1;
    while (start > 0) {
        const previous = text.lastIndexOf('\n', start - 2) + 1;
        if (!/^[ \t]*\/\//.test(text.slice(previous, start))) {
            break;
        }
        start = previous;
    }
    return start;
}

function leadingSpace(text: string, offset: number): number {
    let n = 0;
    while (offset - n - 1 >= 0 && (text[offset - n - 1] === ' ' || text[offset - n - 1] === '\t')) {
        n++;
    }
    return n;
}

/** Data items whose cutoffs guard the transitions out of (then into) a state, in scope. */
function guardDataOf(state: State, scope: ScopeView): Data[] {
    const pathway = state.$container as Pathway;
    const result: Data[] = [];
    const add = (data: Data | undefined) => {
        if (data && scope.data.includes(data) && !result.includes(data)) {
            result.push(data);
        }
    };
    const transitions = (pathway.elements ?? []).filter(e => e.$type === 'Transition');
    const ordered = [
        ...transitions.filter(t => t.source?.$refText === state.name),
        ...transitions.filter(t => t.target?.$refText === state.name),
    ];
    for (const transition of ordered) {
        if (!transition.guard) {
            continue;
        }
        // Iterative walk: guards can be nested arbitrarily deep.
        for (const node of AstUtils.streamAst(transition.guard)) {
            if (node.$type === 'CutoffGuard') {
                add((node as { cutoff?: { ref?: Cutoff } }).cutoff?.ref?.data?.ref);
            }
        }
    }
    return result;
}

function capitalize(word: string): string {
    const parts = word.split(/[^A-Za-z0-9]+/).filter(Boolean);
    return parts.map(p => p[0].toUpperCase() + p.slice(1)).join('');
}

function uniqueName(base: string, taken: ReadonlySet<string>): string {
    if (!taken.has(base)) {
        return base;
    }
    for (let i = 2; ; i++) {
        if (!taken.has(`${base}${i}`)) {
            return `${base}${i}`;
        }
    }
}
