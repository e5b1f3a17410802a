/**
 * Linking that follows the incremental reparse. When an edit replaced some
 * elements of a document and left the sequence of its declarations (kind and
 * name, in order) as it was, every other reference of the document still
 * resolves to what it resolved to — except those that pointed into the
 * replaced elements. Only the new elements' references and those are
 * (re)linked; the others keep their targets, with their descriptions
 * refreshed (a description names its target by position). Anything else —
 * a full parse, declarations added, removed or renamed — unlinks and links
 * the whole document, as Langium does.
 *
 * Builds can be cancelled between the reparse and the linking, and edits keep
 * coming: what the next link must do accumulates per document until a link
 * completes.
 */
import {
    AstUtils, Cancellation, DefaultLinker, interruptAndCheck,
    type AstNode, type AstNodeDescription, type LangiumDocument, type Reference, type ReferenceInfo
} from 'langium';
import type { Element } from '../generated/ast.js';
import type { PmpathServices } from '../pmpath-module.js';
import type { ElementPatch } from './incremental-parse.js';
import { exportsOf } from './pmpath-index-manager.js';

/** What the next link of a document must do. */
interface PendingLink {
    /** The whole document must be linked (it was parsed in full, or names changed). */
    full: boolean;
    /** Elements added by patches since the last link. */
    readonly added: Set<AstNode>;
    /** References outside the replaced elements that pointed into them. */
    readonly relink: Set<Reference>;
}

const pending = new WeakMap<LangiumDocument, PendingLink>();
/** Patches applied to documents, waiting for the builder to reset them. */
const patched = new WeakMap<LangiumDocument, ElementPatch[]>();

/**
 * Records an incremental reparse of a document: its next unlink is partial
 * when `declarationsKept`, else the next link is a full one.
 */
export function recordPatch(document: LangiumDocument, patch: ElementPatch, declarationsKept: boolean): void {
    if (declarationsKept) {
        const list = patched.get(document) ?? [];
        list.push(patch);
        patched.set(document, list);
    } else {
        patched.delete(document);
        pending.set(document, { full: true, added: new Set(), relink: new Set() });
    }
}

/** Whether two element lists declare the same kinds of things under the same names, in the same order. */
export function sameDeclarations(removed: readonly Element[], added: readonly Element[]): boolean {
    const declared = (elements: readonly Element[]) => elements
        .filter(e => e.$type !== 'Transition' && e.$type !== 'Flow')
        .map(e => `${e.$type} ${(e as { name?: string }).name ?? ''}`);
    const before = declared(removed);
    const after = declared(added);
    return before.length === after.length && before.every((d, i) => d === after[i]);
}

export class PmpathLinker extends DefaultLinker {
    private readonly indexManager: PmpathServices['shared']['workspace']['IndexManager'];

    constructor(services: PmpathServices) {
        super(services);
        this.indexManager = services.shared.workspace.IndexManager;
    }

    override unlink(document: LangiumDocument): void {
        const patches = patched.get(document);
        patched.delete(document);
        const state = pending.get(document);
        if (!patches || state?.full) {
            super.unlink(document);
            pending.set(document, { full: true, added: new Set(), relink: new Set() });
            return;
        }
        const next: PendingLink = state ?? { full: false, added: new Set(), relink: new Set() };
        const removed = new Set<AstNode>();
        for (const patch of patches) {
            for (const element of patch.removed) {
                removed.add(element);
                next.added.delete(element);
            }
            patch.added.forEach(element => next.added.add(element));
        }
        const kept: Reference[] = [];
        for (const ref of document.references as Reference[]) {
            const container = (ref as unknown as { node?: AstNode }).node;
            if (container && removed.has(elementOf(container))) continue; // gone with its element
            const target = (ref as unknown as { _ref?: unknown })._ref;
            if (target && typeof target === 'object' && '$type' in target && removed.has(elementOf(target as AstNode))) {
                resetReference(ref);
                next.relink.add(ref);
                continue;
            }
            kept.push(ref);
        }
        document.references = kept;
        pending.set(document, next);
    }

    override async link(document: LangiumDocument, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        const state = pending.get(document);
        if (!state || state.full) {
            await this.linkAll(document, cancelToken);
            pending.delete(document);
            return;
        }
        const root = document.parseResult.value;
        for (const element of state.added) {
            if (AstUtils.findRootNode(element) !== root) continue;
            for (const node of AstUtils.streamAst(element)) {
                AstUtils.streamReferences(node).forEach(refInfo => this.doLink(refInfo, document));
            }
        }
        await interruptAndCheck(cancelToken);
        for (const ref of state.relink) {
            const info = referenceInfo(ref);
            if (info && AstUtils.findRootNode(info.container) === root) this.doLink(info, document);
        }
        this.refreshDescriptions(document);
        pending.delete(document);
    }

    /**
     * Links every reference of the document. Langium's loop awaits a
     * cancellation check at every AST node (a microtask each, 300,000 of them
     * in a 1,000-file check); here the check runs every few hundred nodes.
     */
    protected async linkAll(document: LangiumDocument, cancelToken: Cancellation.CancellationToken): Promise<void> {
        let visited = 0;
        for (const node of AstUtils.streamAst(document.parseResult.value)) {
            if (++visited % 512 === 0) await interruptAndCheck(cancelToken);
            AstUtils.streamReferences(node).forEach(refInfo => this.doLink(refInfo, document));
        }
    }

    /**
     * Kept references into this document hold descriptions made before the
     * edit, whose paths (`/body/elements@12`) may have moved: give them the
     * current ones.
     */
    protected refreshDescriptions(document: LangiumDocument): void {
        const uri = document.uri.toString();
        const byNode = new Map<AstNode, AstNodeDescription>();
        for (const desc of exportsOf(this.indexManager, uri)) {
            if (desc.node) byNode.set(desc.node, desc);
        }
        for (const ref of document.references as Reference[]) {
            const target = (ref as unknown as { _ref?: unknown })._ref;
            if (target && typeof target === 'object' && byNode.has(target as AstNode)) {
                (ref as unknown as { _nodeDescription?: AstNodeDescription })._nodeDescription = byNode.get(target as AstNode);
            }
        }
    }
}

/** The top-level element (child of the pathway or library) a node belongs to. */
function elementOf(node: AstNode): AstNode {
    let current = node;
    while (current.$container && current.$container.$container && current.$container.$type !== 'Pathway' && current.$container.$type !== 'Library') {
        current = current.$container;
    }
    return current;
}

function resetReference(ref: Reference): void {
    const mutable = ref as unknown as { _ref?: unknown; _nodeDescription?: unknown };
    mutable._ref = undefined;
    delete mutable._nodeDescription;
}

/** The reference info Langium's linker needs, rebuilt from a reference object. */
function referenceInfo(ref: Reference): ReferenceInfo | undefined {
    const { node, property } = ref as unknown as { node?: AstNode; property?: string };
    if (!node || !property) return undefined;
    const value = (node as unknown as Record<string, unknown>)[property];
    if (Array.isArray(value)) {
        const index = value.indexOf(ref);
        return index < 0 ? undefined : { reference: ref, container: node, property, index };
    }
    return value === ref ? { reference: ref, container: node, property } : undefined;
}
