/**
 * Formatting: one element per line, 2-space indentation inside `{ }` blocks,
 * one space around `->`, `:` attached to the name and followed by one space,
 * commas followed by one space, and at most one blank line kept between
 * lines. Langium only formats documents without syntax errors, so a broken
 * file is never mangled.
 */
import type { AstNode } from 'langium';
import { AbstractFormatter, Formatting, type NodeFormatter } from 'langium/lsp';
import type * as ast from '../generated/ast.js';

/** A line break that keeps one blank line if the author left one (or more). */
const lineBreak = Formatting.fit(Formatting.newLine(), Formatting.newLines(2));
const oneSpace = Formatting.oneSpace();
const noSpace = Formatting.noSpace();

export class PmpathFormatter extends AbstractFormatter {
    protected format(node: AstNode): void {
        switch (node.$type) {
            case 'PmpathFile': return this.formatFile(node as ast.PmpathFile);
            case 'Pathway':
            case 'Library': return this.formatContainer(node as ast.Pathway | ast.Library);
            case 'Actor': return this.formatActor(node as ast.Actor);
            case 'Data':
            case 'Cutoff': return this.formatNamed(node);
            case 'Consent': return this.formatBlock(node, 'clauses');
            case 'State': return this.formatState(node as ast.State);
            case 'Transition': return this.formatTransition(node as ast.Transition);
            case 'IntervalComparison': return this.formatInterval(node);
            case 'GroupGuard': return this.formatGroup(node);
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
        formatter.interior(open, close).prepend(Formatting.indent());
        const children: AstNode[] = [...container.metadata, ...container.elements];
        children.forEach((child, i) => {
            formatter.node(child).prepend(i === 0 ? Formatting.newLine() : lineBreak);
        });
        for (const metadata of container.metadata) {
            this.getNodeFormatter(metadata).property('value').prepend(oneSpace);
        }
        close.prepend(Formatting.newLine());
    }

    /** `NAME: ` — the colon attached to the name, one space after it. */
    protected formatNamed(node: AstNode): void {
        const formatter = this.getNodeFormatter(node) as NodeFormatter<AstNode>;
        const colon = formatter.keyword(':');
        colon.prepend(noSpace).append(oneSpace);
        this.formatCommas(node);
    }

    protected formatActor(actor: ast.Actor): void {
        this.formatNamed(actor);
        const formatter = this.getNodeFormatter(actor);
        const open = formatter.keyword('{');
        const close = formatter.keyword('}');
        // Traits stay on the actor's line: `{ genomics-trained monetizes }`.
        open.prepend(oneSpace).append(oneSpace);
        close.prepend(oneSpace);
        formatter.property('traits').prepend(oneSpace);
        if (actor.traits.length > 0) {
            formatter.property('traits', 0).prepend(oneSpace);
        }
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
        formatter.interior(open, close).prepend(Formatting.indent());
        for (const clause of clauses) {
            formatter.node(clause).prepend(Formatting.newLine());
        }
        close.prepend(Formatting.newLine());
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
