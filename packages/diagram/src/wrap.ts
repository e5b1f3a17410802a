/**
 * Line wrapping for diagram labels. Long labels are wrapped, never cut
 * silently: a label that still does not fit in its line budget is shortened
 * with an ellipsis and reported as `shortened`, and the renderers then put
 * the full text in the SVG `<title>` of its element (the dossier's tables
 * carry it too).
 */

export interface Wrapped {
    readonly lines: readonly string[];
    /** True when text was left out to stay within `maxLines`. */
    readonly shortened: boolean;
}

interface Piece { readonly text: string; readonly length: number; readonly spaceBefore: boolean }

/**
 * Wraps `text` into lines of at most `width` characters (code points),
 * breaking at spaces; a word longer than a line is split after `,` `/` `-`
 * `;` `.` `:` `_` where possible, else anywhere. At most `maxLines` lines:
 * the last one then ends with `…` and `shortened` is true.
 */
export function wrapText(text: string, width: number, maxLines = Number.POSITIVE_INFINITY): Wrapped {
    const limit = Math.max(4, Math.floor(width));
    const pieces: Piece[] = [];
    for (const word of text.split(/\s+/)) {
        if (word.length === 0) continue;
        splitWord(word, limit).forEach((part, i) => pieces.push({ text: part, length: Array.from(part).length, spaceBefore: i === 0 }));
    }
    const lines: string[] = [];
    let current = '';
    let length = 0;
    for (const piece of pieces) {
        const space = length > 0 && piece.spaceBefore ? 1 : 0;
        if (length > 0 && length + space + piece.length > limit) {
            lines.push(current);
            current = piece.text;
            length = piece.length;
        } else {
            current += (space ? ' ' : '') + piece.text;
            length += space + piece.length;
        }
    }
    if (length > 0 || lines.length === 0) lines.push(current);
    if (lines.length <= maxLines) return { lines, shortened: false };
    const kept = lines.slice(0, Math.max(1, maxLines));
    const last = Array.from(kept[kept.length - 1]);
    const room = last.length >= limit ? last.slice(0, limit - 1).join('') : last.join('');
    kept[kept.length - 1] = room.replace(/[\s,;/-]+$/, '') + '…';
    return { lines: kept, shortened: true };
}

/** A word longer than `limit` split after punctuation where possible, else every `limit` characters. */
function splitWord(word: string, limit: number): string[] {
    const chars = Array.from(word);
    if (chars.length <= limit) return [word];
    const parts: string[] = [];
    let start = 0;
    while (chars.length - start > limit) {
        let cut = start + limit;
        for (let i = start + limit - 1; i > start + limit / 3; i--) {
            if (',/-;.:_'.includes(chars[i])) { cut = i + 1; break; }
        }
        parts.push(chars.slice(start, cut).join(''));
        start = cut;
    }
    parts.push(chars.slice(start).join(''));
    return parts;
}
