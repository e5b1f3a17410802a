/**
 * Small text helpers shared by the language-server features: escaping user
 * text for Markdown, quoting pmpath strings, and reading indentation.
 */
import type { LangiumDocument } from 'langium';

/** The indentation step the formatter uses and quick fixes insert. */
export const INDENT = '  ';

/**
 * Escapes text from a `.pmpath` file for Markdown: labels are text, never
 * markup, so every character Markdown or HTML could interpret is escaped.
 */
export function escapeMarkdown(text: string): string {
    return text
        .replace(/[\\`*_{}[\]()#+\-.!|~]/g, ch => `\\${ch}`)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\r?\n/g, ' ');
}

/** A pmpath string literal for a value: `"` and `\` are escaped (SPEC §2). */
export function quotePmpathString(value: string): string {
    return `"${value.replace(/[\\"]/g, ch => `\\${ch}`).replace(/[\r\n]/g, ' ')}"`;
}

/** The leading whitespace of the line that holds `offset`. */
export function indentationAt(document: LangiumDocument, offset: number): string {
    const text = document.textDocument.getText();
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const match = /^[ \t]*/.exec(text.slice(lineStart, offset));
    return match ? match[0] : '';
}

/** The line break style of the document (`\r\n` or `\n`). */
export function lineBreakOf(document: LangiumDocument): string {
    return document.textDocument.getText().includes('\r\n') ? '\r\n' : '\n';
}
