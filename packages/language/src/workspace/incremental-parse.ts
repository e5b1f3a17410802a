/**
 * Reparses only the top-level elements an edit touches. A pathway or library
 * is a flat list of elements (actors, data, cutoffs, consents, states,
 * transitions, flows) between `{` and `}`; an edit inside one of them, or in
 * the gap between two, changes nothing outside that stretch of text as long
 * as the old and the new text both parse without errors and the stretch is
 * bounded by whitespace (so no token can grow across its ends). That stretch
 * alone is parsed — behind a stand-in header, padded so that every token
 * lands on its real column — and its elements replace the old ones in the
 * AST and the CST; the positions of everything after it are shifted in
 * place. Anything else (imports, metadata, the header, a syntax error before
 * or after the edit, a test suite) falls back to a full parse.
 *
 * The result is identical to a full parse of the new text: the tests compare
 * the AST, every CST leaf's position and every diagnostic after random edits.
 */
import {
    isCompositeCstNode, isLeafCstNode,
    type AstNode, type CompositeCstNode, type CstNode, type LangiumDocument, type LangiumParser, type RootCstNode
} from 'langium';
import { isPmpathFile, type Element, type Library, type Pathway } from '../generated/ast.js';

/** The elements an incremental reparse replaced, and those it put in their place. */
export interface ElementPatch {
    readonly removed: readonly Element[];
    readonly added: readonly Element[];
}

/** Langium's CST node classes keep positions in fields; these are the ones shifted here. */
interface MutableLeaf {
    _offset: number;
    _startLine: number;
    _startColumn: number;
    _endLine: number;
    _endColumn: number;
}

/** Regions longer than this are parsed with the rest of the file (a full parse is as cheap then). */
const MAX_REGION_SHARE = 0.5;

/**
 * Updates `document` in place to `newText` by reparsing the elements the edit
 * touches. Returns the patch, or undefined when only a full parse is exact
 * (the document is then left untouched).
 */
export function reparseElements(parser: LangiumParser, document: LangiumDocument, newText: string): ElementPatch | undefined {
    const result = document.parseResult;
    const root = result.value;
    if (!isPmpathFile(root) || result.lexerErrors.length > 0 || result.parserErrors.length > 0) return undefined;
    const body = root.body;
    const rootCst = root.$cstNode as RootCstNode | undefined;
    if (!body || body.$type === 'TestSuite' || !rootCst || !isCompositeCstNode(body.$cstNode)) return undefined;
    const oldText = rootCst.fullText;
    if (oldText === newText) return undefined;

    // The changed stretch: old [start, oldEnd) became new [start, newEnd).
    let start = 0;
    const shorter = Math.min(oldText.length, newText.length);
    while (start < shorter && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
    let oldEnd = oldText.length;
    let newEnd = newText.length;
    while (oldEnd > start && newEnd > start && oldText.charCodeAt(oldEnd - 1) === newText.charCodeAt(newEnd - 1)) {
        oldEnd--;
        newEnd--;
    }

    // The body's children: keywords and name, metadata, elements and comments, `}`.
    const bodyCst = body.$cstNode;
    const children = bodyCst.content;
    const close = children.length - 1;
    if (close < 0 || children[close].hidden || children[close].text !== '}') return undefined;
    let firstElement = children.findIndex(child => !child.hidden && child.text === '{') + 1;
    if (firstElement <= 0) return undefined;
    while (firstElement < close && !children[firstElement].hidden && isMetadata(children[firstElement])) firstElement++;

    // The region: from the end of the last unchanged element (or the `{`, or
    // the last metadata line) before the edit to the start of the first
    // unchanged element (or the `}`) after it, each separated from the edit by
    // at least one unchanged whitespace character.
    let before = firstElement - 1;
    for (let i = firstElement; i < close; i++) {
        const child = children[i];
        if (child.hidden) continue;
        if (child.end < start && isWhitespace(oldText.charCodeAt(child.end))) before = i;
        if (child.end >= start) break;
    }
    const anchor = children[before];
    if (anchor.end >= start || !isWhitespace(oldText.charCodeAt(anchor.end))) return undefined;
    let after = close;
    for (let i = close - 1; i > before; i--) {
        const child = children[i];
        if (child.hidden) continue;
        if (child.offset > oldEnd && isWhitespace(oldText.charCodeAt(child.offset - 1))) after = i;
        if (child.offset <= oldEnd) break;
    }
    const next = children[after];
    if (next.offset <= oldEnd || !isWhitespace(oldText.charCodeAt(next.offset - 1))) return undefined;

    const regionStart = anchor.end;
    const oldRegionEnd = next.offset;
    const delta = newText.length - oldText.length;
    const newRegionEnd = oldRegionEnd + delta;
    if (newRegionEnd - regionStart > MAX_REGION_SHARE * newText.length) return undefined;

    // Parse the region behind a stand-in header, padded to its real column.
    // (Positions come from the CST, never from scanning the whole text.)
    const regionText = newText.slice(regionStart, newRegionEnd);
    const anchorEnd = anchor.range.end;
    const regionLine = anchorEnd.line;
    const column = anchorEnd.character;
    const header = `${body.$type === 'Library' ? 'library' : 'pathway'} X {\n${' '.repeat(column)}`;
    const parsed = parser.parse(`${header}${regionText}\n}`);
    if (parsed.lexerErrors.length > 0 || parsed.parserErrors.length > 0) return undefined;
    const stand = isPmpathFile(parsed.value) ? parsed.value.body : undefined;
    if (!stand || stand.$type !== body.$type || (stand as Pathway | Library).metadata.length > 0 || !isCompositeCstNode(stand.$cstNode)) return undefined;
    const standChildren = stand.$cstNode.content;
    const open = standChildren.findIndex(child => !child.hidden && child.text === '{');
    const standClose = standChildren.length - 1;
    if (open < 0 || standChildren[standClose].text !== '}') return undefined;
    const newNodes = standChildren.slice(open + 1, standClose);
    // A line comment runs to the end of its line: one that reaches the end of
    // the region without a line break would swallow what follows the region.
    const last = lastLeaf(newNodes);
    if (last && last.text.startsWith('//') && !/[\r\n]/.test(regionText.slice(last.end - header.length))) return undefined;

    // Which elements go, and where the new ones go (decided before anything changes).
    const removedNodes = children.slice(before + 1, after);
    const removed = removedNodes.filter(node => !node.hidden).map(node => node.astNode as Element);
    const added = [...(stand as Pathway | Library).elements];
    const elements = (body as Pathway | Library).elements;
    const at = removed.length > 0 ? elements.indexOf(removed[0]) : insertionIndex(elements, regionStart);
    if (at < 0) return undefined;

    // Shift the new nodes from the stand-in's coordinates to the document's.
    const offsetShift = regionStart - header.length;
    const lineShift = regionLine - 1;
    for (const node of newNodes) {
        forEachLeaf(node, leaf => {
            leaf._offset += offsetShift;
            leaf._startLine += lineShift;
            leaf._endLine += lineShift;
        });
        clearRanges(node);
    }

    // Shift everything after the region: lines by the change in line count, and
    // on the line where the region ends, columns by the change in its length.
    const nextStart = next.range.start;
    const oldEndLine = nextStart.line;
    const breaks = lineBreaks(regionText);
    const newEndLine = regionLine + breaks.count;
    const newEndColumn = breaks.count === 0 ? column + regionText.length : regionText.length - breaks.lastEnd;
    const lineDelta = newEndLine - oldEndLine;
    const columnDelta = newEndColumn - nextStart.character;
    if (delta !== 0 || lineDelta !== 0 || columnDelta !== 0) {
        const shift = (leaf: MutableLeaf) => {
            leaf._offset += delta;
            if (leaf._startLine === oldEndLine) leaf._startColumn += columnDelta;
            if (leaf._endLine === oldEndLine) leaf._endColumn += columnDelta;
            leaf._startLine += lineDelta;
            leaf._endLine += lineDelta;
        };
        for (const node of followingNodes(bodyCst, after)) forEachLeaf(node, shift);
    }

    // Swap the nodes: CST children, then AST elements.
    for (const node of newNodes) (node as { container?: CstNode }).container = bodyCst;
    (children as CstNode[]).splice(before + 1, after - before - 1, ...newNodes);
    elements.splice(at, removed.length, ...added);
    for (let i = at; i < elements.length; i++) {
        const element = elements[i] as AstNode & { $containerIndex?: number };
        (element as { $container: AstNode }).$container = body;
        (element as { $containerProperty?: string }).$containerProperty = 'elements';
        element.$containerIndex = i;
    }
    (rootCst as unknown as { _text: string })._text = newText;
    for (let node: CstNode | undefined = bodyCst; node; node = node.container) clearRanges(node, false);
    return { removed, added };
}

function lastLeaf(nodes: readonly CstNode[]): CstNode | undefined {
    let node: CstNode | undefined = nodes[nodes.length - 1];
    while (node && isCompositeCstNode(node)) node = node.content[node.content.length - 1];
    return node;
}

function isMetadata(node: CstNode): boolean {
    return isCompositeCstNode(node) && node.astNode.$type === 'Metadata';
}

function isWhitespace(code: number): boolean {
    return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11;
}

/** How many line breaks a text holds (`\r\n`, `\r` and `\n`, as in the lexer), and where the last one ends. */
function lineBreaks(text: string): { count: number; lastEnd: number } {
    let count = 0;
    let lastEnd = 0;
    for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) {
            count++;
            lastEnd = i + 1;
        }
    }
    return { count, lastEnd };
}

/** The element index at which elements beginning at `offset` belong (an insertion into a gap). */
function insertionIndex(elements: readonly Element[], offset: number): number {
    let index = 0;
    while (index < elements.length && (elements[index].$cstNode?.offset ?? 0) < offset) index++;
    return index;
}

/** The body's children from `index` on, and every node of the file after the body. */
function* followingNodes(body: CompositeCstNode, index: number): Iterable<CstNode> {
    for (let i = index; i < body.content.length; i++) yield body.content[i];
    let node: CstNode = body;
    while (node.container) {
        const siblings = node.container.content;
        for (let i = siblings.indexOf(node) + 1; i < siblings.length; i++) yield siblings[i];
        node = node.container;
    }
}

function forEachLeaf(node: CstNode, action: (leaf: MutableLeaf) => void): void {
    if (isLeafCstNode(node)) {
        action(node as unknown as MutableLeaf);
    } else if (isCompositeCstNode(node)) {
        clearRanges(node, false);
        for (const child of node.content) forEachLeaf(child, action);
    }
}

/** Composite nodes cache their range; positions changed, so drop the caches. */
function clearRanges(node: CstNode, deep = true): void {
    if (!isCompositeCstNode(node)) return;
    (node as unknown as { _rangeCache?: unknown })._rangeCache = undefined;
    if (deep) for (const child of node.content) clearRanges(child);
}
