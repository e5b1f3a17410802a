/**
 * Formatting: one element per line, 2-space indentation inside `{ }` blocks,
 * one space around `->`, `:` attached to the name and followed by one space,
 * commas followed by one space, and at most one blank line kept between
 * lines. In a test suite, one scenario per block and one step per line.
 * Langium only formats documents without syntax errors, so a broken file is
 * never mangled.
 */
import { isCompositeCstNode, isLeafCstNode, type AstNode, type CstNode, type LangiumDocument, type MaybePromise } from 'langium';
import type {
    DocumentFormattingParams, DocumentOnTypeFormattingParams, DocumentRangeFormattingParams, FormattingOptions, TextEdit
} from 'vscode-languageserver';
import { AbstractFormatter, Formatting, type FormattingAction, type FormattingContext, type NodeFormatter } from 'langium/lsp';
import type * as ast from '../generated/ast.js';

/**
 * An indented line break that keeps one blank line if the author left one
 * (or more): the first move that fits the existing line count wins.
 */
const indentedLineBreak: FormattingAction = { options: {}, moves: [{ tabs: 1, lines: 1 }, { tabs: 1, lines: 2 }] };
const oneSpace = Formatting.oneSpace();
const noSpace = Formatting.noSpace();

export class PmpathFormatter extends AbstractFormatter {
    /** pmpath's layout is fixed at two spaces, whatever the editor's tab settings. */
    override formatDocument(document: LangiumDocument, params: DocumentFormattingParams): MaybePromise<TextEdit[]> {
        return super.formatDocument(document, { ...params, options: twoSpaces(params.options) });
    }

    override formatDocumentRange(document: LangiumDocument, params: DocumentRangeFormattingParams): MaybePromise<TextEdit[]> {
        return super.formatDocumentRange(document, { ...params, options: twoSpaces(params.options) });
    }

    override formatDocumentOnType(document: LangiumDocument, params: DocumentOnTypeFormattingParams): MaybePromise<TextEdit[]> {
        return super.formatDocumentOnType(document, { ...params, options: twoSpaces(params.options) });
    }

    /**
     * Comments on their own line get exactly the indentation of the position
     * they are in. Langium shifts a comment by a number of characters, which
     * counts a tab as `tabSize` spaces but deletes it as one character
     * (`\t\t//` went to column 1, then back to 2 on the next run); here the
     * leading whitespace is replaced as a whole, so formatting twice changes
     * nothing the second time. Lines inside a block comment keep their offset
     * relative to its first line. Runs of blank lines above a comment collapse
     * to one, as between elements.
     */
    protected override createHiddenTextEdits(previous: CstNode | undefined, hidden: CstNode, formatting: FormattingAction | undefined, context: FormattingContext): TextEdit[] {
        const start = hidden.range.start;
        // A comment after code on the same line stays where it is.
        if (previous && previous.range.end.line === start.line) {
            return [];
        }
        const edits: TextEdit[] = [];
        if (previous && start.line - previous.range.end.line > 2) {
            edits.push({ range: { start: previous.range.end, end: { line: start.line, character: 0 } }, newText: '\n\n' });
        }
        const lineStart = { line: start.line, character: 0 };
        const existing = context.document.getText({ start: lineStart, end: start });
        if (existing.trim() !== '') {
            return edits;
        }
        const move = this.findFittingMove({ start: lineStart, end: start }, formatting?.moves ?? [], context);
        const width = this.getIndentationCharacterCount(context, move);
        const indent = ' '.repeat(width);
        if (existing !== indent) {
            edits.push({ range: { start: lineStart, end: start }, newText: indent });
        }
        const shift = width - visualWidth(existing, context.options.tabSize);
        const lines = hidden.text.split(/\r?\n/);
        for (let i = 1; i < lines.length; i++) {
            const leading = /^[ \t]*/.exec(lines[i])![0];
            if (leading.length === lines[i].length) continue;
            const wanted = ' '.repeat(Math.max(0, visualWidth(leading, context.options.tabSize) + shift));
            if (wanted !== leading) {
                edits.push({ range: { start: { line: start.line + i, character: 0 }, end: { line: start.line + i, character: leading.length } }, newText: wanted });
            }
        }
        return edits;
    }

    /**
     * Comments on their own line inside a block are indented like the block's
     * elements. A rule called without assignment (`Element: … | Consent | …`)
     * wraps the node's own CST node in another one, so the comments are looked
     * for in every CST node that belongs to this AST node.
     */
    protected formatComments(node: AstNode): void {
        const cst = node.$cstNode;
        if (!cst || !isCompositeCstNode(cst)) {
            return;
        }
        const comments: CstNode[] = [];
        const collect = (composite: CstNode): void => {
            if (!isCompositeCstNode(composite)) return;
            for (const child of composite.content) {
                if (child.hidden && isLeafCstNode(child)) {
                    comments.push(child);
                } else if (isCompositeCstNode(child) && child.astNode === node) {
                    collect(child);
                }
            }
        };
        collect(cst);
        if (comments.length > 0) {
            this.getNodeFormatter(node).cst(comments).prepend(Formatting.indent());
        }
    }

    protected format(node: AstNode): void {
        switch (node.$type) {
            case 'PmpathFile': return this.formatFile(node as ast.PmpathFile);
            case 'Pathway':
            case 'Library': return this.formatContainer(node as ast.Pathway | ast.Library);
            case 'Actor': return this.formatActor(node as ast.Actor);
            case 'Data': return this.formatData(node as ast.Data);
            case 'Cutoff': return this.formatNamed(node);
            case 'Consent': return this.formatBlock(node, 'clauses');
            case 'State': return this.formatState(node as ast.State);
            case 'Transition': return this.formatTransition(node as ast.Transition);
            case 'IntervalComparison': return this.formatInterval(node);
            case 'GroupGuard': return this.formatGroup(node);
            case 'Duration': return this.formatDuration(node as ast.Duration);
            case 'TestSuite': return this.formatSuite(node as ast.TestSuite);
            case 'Scenario': return this.formatScenario(node as ast.Scenario);
            case 'Observe': return this.formatObserve(node as ast.Observe);
            case 'Wait':
            case 'ExpectState':
            case 'ExpectPath': return this.formatStep(node);
            default: return this.formatCommas(node);
        }
    }

    protected formatFile(file: ast.PmpathFile): void {
        const formatter = this.getNodeFormatter(file);
        file.imports.forEach((imp, i) => {
            const region = formatter.node(imp);
            if (i === 0) {
                region.prepend(Formatting.noIndent());
            } else {
                region.prepend(Formatting.fit(Formatting.newLine(), Formatting.newLines(2))).prepend(Formatting.noIndent());
            }
        });
        if (file.body && file.imports.length > 0) {
            formatter.node(file.body).prepend(Formatting.fit(Formatting.newLines(2), Formatting.newLines(2)));
        }
    }

    protected formatContainer(container: ast.Pathway | ast.Library): void {
        const formatter = this.getNodeFormatter(container);
        formatter.property('name').prepend(oneSpace);
        const open = formatter.keyword('{');
        const close = formatter.keyword('}');
        open.prepend(oneSpace);
        const children: AstNode[] = [...container.metadata, ...container.elements];
        children.forEach((child, i) => {
            formatter.node(child).prepend(i === 0 ? Formatting.indent() : indentedLineBreak);
        });
        for (const metadata of container.metadata) {
            this.getNodeFormatter(metadata).property('value').prepend(oneSpace);
        }
        close.prepend(Formatting.newLine());
        this.formatComments(container);
    }

    /** `2 weeks`: one space between the number and the unit. */
    protected formatDuration(duration: ast.Duration): void {
        this.getNodeFormatter(duration).property('unit').prepend(oneSpace);
    }

    /** `tests for P {`, then `start` and the scenarios, each starting a line (one blank line kept between them). */
    protected formatSuite(suite: ast.TestSuite): void {
        const formatter = this.getNodeFormatter(suite);
        formatter.keyword('for').surround(oneSpace);
        formatter.keyword('{').prepend(oneSpace);
        let first = true;
        if (suite.start !== undefined) {
            formatter.keyword('start').prepend(Formatting.indent());
            formatter.property('start').prepend(oneSpace);
            first = false;
        }
        for (const scenario of suite.scenarios) {
            formatter.node(scenario).prepend(first ? Formatting.indent() : indentedLineBreak);
            first = false;
        }
        formatter.keyword('}').prepend(Formatting.newLine());
        this.formatComments(suite);
    }

    /** `scenario "name" from S {`, one step per line (one blank line kept between steps). */
    protected formatScenario(scenario: ast.Scenario): void {
        const formatter = this.getNodeFormatter(scenario);
        formatter.property('name').prepend(oneSpace);
        if (scenario.from) {
            formatter.keyword('from').surround(oneSpace);
        }
        formatter.keyword('{').prepend(oneSpace);
        scenario.steps.forEach((step, i) => {
            formatter.node(step).prepend(i === 0 ? Formatting.indent() : indentedLineBreak);
        });
        formatter.keyword('}').prepend(Formatting.newLine());
        this.formatComments(scenario);
    }

    /** `observe x = 5 "mg/dL"`, `observe g is pathogenic`. */
    protected formatObserve(observe: ast.Observe): void {
        const formatter = this.getNodeFormatter(observe);
        formatter.property('data').prepend(oneSpace);
        formatter.keywords('=', 'is').surround(oneSpace);
        if (observe.unit !== undefined) {
            formatter.property('unit').prepend(oneSpace);
        }
    }

    /** `wait 2 weeks`, `expect state S`, `expect path A -> B`: single spaces. */
    protected formatStep(step: AstNode): void {
        const formatter = this.getNodeFormatter(step) as NodeFormatter<AstNode>;
        formatter.keywords('wait', 'expect', 'state', 'path').append(oneSpace);
        formatter.keywords('->').surround(oneSpace);
    }

    /** `NAME: ` — the colon attached to the name, one space after it. */
    protected formatNamed(node: AstNode): void {
        const formatter = this.getNodeFormatter(node) as NodeFormatter<AstNode>;
        const colon = formatter.keyword(':');
        colon.prepend(noSpace).append(oneSpace);
        this.formatCommas(node);
    }

    /** `data x: biomarker "Label" unit "mmol/L" code loinc "2077-6"`: one space between the parts. */
    protected formatData(data: ast.Data): void {
        this.formatNamed(data);
        const formatter = this.getNodeFormatter(data);
        formatter.keywords('unit', 'code').prepend(oneSpace).append(oneSpace);
        formatter.properties('label', 'codeSystem').prepend(oneSpace);
        formatter.property('code').prepend(oneSpace);
    }

    protected formatActor(actor: ast.Actor): void {
        this.formatNamed(actor);
        const formatter = this.getNodeFormatter(actor);
        const open = formatter.keyword('{');
        const close = formatter.keyword('}');
        // Traits stay on the actor's line: `{ genomics-trained monetizes }`. The
        // space after `{` comes from the first trait's own `prepend`: also
        // appending one to `{` made two insertions at the same place when
        // there was none (`{monetizes }` became `{  monetizes }`).
        open.prepend(oneSpace);
        close.prepend(oneSpace);
        formatter.properties('traits').prepend(oneSpace);
    }

    protected formatState(state: ast.State): void {
        this.formatNamed(state);
        this.formatBlock(state, 'clauses');
    }

    /** A `{ }` block whose clauses each go on their own line, indented. */
    protected formatBlock(node: AstNode, property: 'clauses'): void {
        const formatter = this.getNodeFormatter(node) as NodeFormatter<AstNode>;
        const clauses = (node as unknown as Record<string, AstNode[]>)[property] ?? [];
        const open = formatter.keyword('{');
        const close = formatter.keyword('}');
        open.prepend(oneSpace);
        for (const clause of clauses) {
            formatter.node(clause).prepend(Formatting.indent());
        }
        close.prepend(Formatting.newLine());
        this.formatComments(node);
        this.formatCommas(node);
    }

    protected formatTransition(transition: ast.Transition): void {
        const formatter = this.getNodeFormatter(transition);
        formatter.keyword('->').surround(oneSpace);
        this.formatCommas(transition);
    }

    protected formatInterval(node: AstNode): void {
        const formatter = this.getNodeFormatter(node) as NodeFormatter<AstNode>;
        formatter.keywords('[', '(').append(noSpace);
        formatter.keywords(']', ')').prepend(noSpace);
        this.formatCommas(node);
    }

    protected formatGroup(node: AstNode): void {
        const formatter = this.getNodeFormatter(node) as NodeFormatter<AstNode>;
        formatter.keyword('(').append(noSpace);
        formatter.keyword(')').prepend(noSpace);
    }

    /** Commas: none before, one space after. */
    protected formatCommas(node: AstNode): void {
        const formatter = this.getNodeFormatter(node) as NodeFormatter<AstNode>;
        formatter.keywords(',').prepend(noSpace).append(oneSpace);
    }
}

/** The width of leading whitespace, a tab counting up to the next multiple of `tabSize`. */
function visualWidth(whitespace: string, tabSize: number): number {
    let width = 0;
    for (const ch of whitespace) {
        width = ch === '\t' ? width + tabSize - (width % tabSize) : width + 1;
    }
    return width;
}

function twoSpaces(options: FormattingOptions): FormattingOptions {
    return { ...options, tabSize: 2, insertSpaces: true };
}
