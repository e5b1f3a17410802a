/**
 * Langium's CST builder, made linear in the size of the file.
 *
 * Before every consumed token Langium's parser calls `addHiddenNodes` with
 * the comments that precede it, usually none. The builder then still looks
 * for where such comments would go: for the first token of a new element it
 * searches the element's composite node in its container's children with
 * `indexOf`, from the front. A pathway holds all its elements in one
 * container, so every element cost a scan of all the elements before it:
 * quadratic time (a 200k-line pathway spent half of its 14 s CPU in that
 * search). Here an empty list returns at once, and the search for the node,
 * which is almost always the container's last child, runs from the back.
 * `removeNode` (empty nodes of failed optional rules, tree-rewriting actions)
 * searches from the back for the same reason.
 */
import type { IToken } from 'chevrotain';
import { CstNodeBuilder, type CompositeCstNode, type CstNode, type RootCstNode } from 'langium';

export class PmpathCstNodeBuilder extends CstNodeBuilder {
    /** The root of the tree being built (Langium keeps its own copy private). */
    private root: RootCstNode | undefined;

    override buildRootNode(input: string): RootCstNode {
        this.root = super.buildRootNode(input);
        return this.root;
    }

    override addHiddenNodes(tokens: IToken[]): void {
        if (tokens.length === 0) {
            return;
        }
        const nodes = tokens.map(token => this.createLeafNode(token, true));
        let current: CompositeCstNode = this.current;
        // Inside a composite node that already has content, the comments follow it.
        if (current.content.length > 0) {
            this.appendChildren(current, nodes);
            return;
        }
        // A node that was just opened: put the comments before it, in the first
        // ancestor where it is not the first child.
        while (current.container) {
            const index = current.container.content.lastIndexOf(current);
            if (index > 0) {
                this.insertChildren(current.container, index, nodes);
                return;
            }
            current = current.container;
        }
        // The comments come first in the file.
        this.insertChildren(this.root ?? current, 0, nodes);
    }

    override removeNode(node: CstNode): void {
        const parent = node.container;
        if (parent) {
            const index = parent.content.lastIndexOf(node);
            if (index >= 0) {
                (parent.content as CstNode[]).splice(index, 1);
            }
        }
    }
}
