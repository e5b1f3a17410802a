/**
 * Escaping for every output format, in one place. Names and strings from
 * `.pmpath` files are text, never markup (SPEC §2): whatever they contain
 * (`<script>`, `-->`, `]]>`, `%%`, quotes, braces, backslashes) must come out
 * as visible characters and never change the structure of the document.
 */

/** U+FFFE and U+FFFF of every plane, as a character-class fragment. */
const PLANE_END_NONCHARACTERS = Array.from({ length: 17 }, (_, plane) =>
    `\\u{${(plane * 0x10000 + 0xfffe).toString(16)}}\\u{${(plane * 0x10000 + 0xffff).toString(16)}}`).join('');

/**
 * Characters no label needs and HTML and XML reject: C0 controls other than
 * tab and line breaks, DEL, the C1 controls U+0080–U+009F (U+0085 is a line
 * break, folded below), the noncharacters U+FDD0–U+FDEF and U+xFFFE/U+xFFFF
 * of every plane, and unpaired surrogates (HTML's parsers report all of
 * these as parse errors; XML 1.0 forbids most of them).
 */
const CONTROL = new RegExp(
    `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u0084\\u0086-\\u009F\\uFDD0-\\uFDEF${PLANE_END_NONCHARACTERS}]|[\\uD800-\\uDFFF]`,
    'gu');

/** Line breaks would end a line-oriented construct (Mermaid, Markdown tables); labels are one line. */
const LINE_BREAKS = /[\r\n\u0085\u2028\u2029]+/g;

/** Removes characters that no format can carry and folds line breaks into spaces. */
export function cleanText(text: string): string {
    return text.replace(CONTROL, '').replace(LINE_BREAKS, ' ');
}

/**
 * Text content or attribute value in XML, SVG and HTML. Escapes all five
 * markup characters so the result is safe in text and in single- or
 * double-quoted attributes.
 */
export function escapeXml(text: string): string {
    return cleanText(text)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;');
}

/** HTML uses the same rules as XML here: text is never parsed as markup. */
export const escapeHtml = escapeXml;

/**
 * Text inside a Graphviz HTML-like label (`label=<...>`). Graphviz parses
 * these labels as XML, so markup characters are XML-escaped; it then still
 * expands escString sequences (`\N` becomes the node name, `\G` the graph
 * name — measured with native Graphviz 2.43 and wasm Graphviz 16), so every
 * backslash is doubled to stay literal.
 */
export function escapeDotHtml(text: string): string {
    return escapeXml(text).replace(/\\/g, '\\\\');
}

/**
 * A DOT quoted identifier (`"..."`) for names and attribute values. Inside
 * quotes only `"` and a trailing backslash need care; a backslash is doubled so
 * that Graphviz's escString processing (`\N`, `\l`, `\G`) never fires.
 */
export function escapeDotString(text: string): string {
    return `"${cleanText(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Text inside a quoted Mermaid label. Mermaid decodes `#NNN;` entity codes and
 * treats `"`, `%%`, `;`, brackets, braces, pipes, `<`, `>` and `#` as syntax in
 * various diagram types, so everything outside a small safe set becomes a
 * numeric entity code. GitHub's Mermaid renders entity codes as the character.
 */
export function escapeMermaid(text: string): string {
    let out = '';
    for (const char of cleanText(text)) {
        out += /^[A-Za-z0-9 .,_\-?!+]$/.test(char) ? char : `#${char.codePointAt(0)};`;
    }
    return out;
}

/**
 * Inline text in Markdown (paragraphs and table cells). HTML-significant
 * characters become entities so that raw HTML in a label never renders; the
 * Markdown punctuation that could start emphasis, links, code or a table
 * cell boundary is backslash-escaped.
 */
export function escapeMarkdown(text: string): string {
    return cleanText(text)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/[\\`*_{}[\]#!|~]/g, ch => `\\${ch}`)
        // A label could still start a list item or heading where it opens a line.
        .replace(/^([-+.])/, '\\$1');
}

/** Shortens text to `max` characters with an ellipsis, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
    const chars = Array.from(text);
    return chars.length <= max ? text : chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}
