/**
 * Folding: Langium folds `{ }` blocks and multi-line comments; pmpath also
 * folds runs of two or more `//` comment lines (the section banners and
 * explanations authors write above groups of declarations).
 */
import type { LangiumDocument } from 'langium';
import { DefaultFoldingRangeProvider } from 'langium/lsp';
import { FoldingRangeKind, type CancellationToken, type FoldingRange, type FoldingRangeParams } from 'vscode-languageserver';

/** Ranges covering runs of at least two consecutive lines that hold only a `//` comment. */
export function lineCommentFoldingRanges(text: string): FoldingRange[] {
    const lines = text.split(/\r?\n/);
    const ranges: FoldingRange[] = [];
    let start = -1;
    for (let i = 0; i <= lines.length; i++) {
        const isComment = i < lines.length && /^\s*\/\//.test(lines[i]);
        if (isComment && start < 0) {
            start = i;
        } else if (!isComment && start >= 0) {
            if (i - 1 > start) {
                ranges.push({ startLine: start, endLine: i - 1, kind: FoldingRangeKind.Comment });
            }
            start = -1;
        }
    }
    return ranges;
}

export class PmpathFoldingRangeProvider extends DefaultFoldingRangeProvider {
    override async getFoldingRanges(document: LangiumDocument, params: FoldingRangeParams, cancelToken?: CancellationToken): Promise<FoldingRange[]> {
        const ranges = await super.getFoldingRanges(document, params, cancelToken);
        return [...ranges, ...lineCommentFoldingRanges(document.textDocument.getText())];
    }
}
