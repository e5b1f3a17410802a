/**
 * The lexer bounds the size of every guard before the parser sees it.
 * A recursive-descent parser, Langium's CST builder and the linker all walk a
 * guard's nesting: a guard nested thousands of parentheses (or `not`s) deep
 * overflows the stack, and a flat chain of thousands of `and`s builds an AST
 * thousands of levels deep whose linking time grows quadratically. No real
 * pathway comes near the limits below; a guard that exceeds one is dropped
 * from the token stream (the rest of the file parses normally) and reported
 * as a `syntax` error asking the author to split it. The names the dropped
 * guard mentioned are kept on the error, so they still count as used.
 */
import type { ILexingError, IToken } from 'chevrotain';
import { DefaultLexer, type LexerResult, type TokenizeOptions } from 'langium';

/** Parentheses or consecutive `not`s deeper than this are rejected. */
export const MAX_GUARD_NESTING = 64;
/** More `and`/`or`/`not`/`(` operators than this in one guard are rejected. */
export const MAX_GUARD_OPERATORS = 2000;
/**
 * After this many syntax errors (lexer and parser together) a file is read no
 * further: error recovery costs time and memory per error, and a megabyte of
 * broken text would otherwise produce hundreds of thousands of findings over
 * a minute. One closing note says where reading stopped.
 */
export const MAX_SYNTAX_ERRORS = 100;

/** A lexing error for a guard over the limits, with the names the guard referenced. */
export interface GuardLimitError extends ILexingError {
    readonly droppedNames: readonly string[];
}

export function isGuardLimitError(error: ILexingError): error is GuardLimitError {
    return Array.isArray((error as Partial<GuardLimitError>).droppedNames);
}

/** A lexing error that ends the file early: an unclosed `/*`, or too many errors. */
export interface TruncatingLexingError extends ILexingError {
    /** Tokens from this offset on were dropped; parse errors there are consequences, not findings. */
    readonly truncatedAt: number;
}

export function isTruncatingLexingError(error: ILexingError): error is TruncatingLexingError {
    return typeof (error as Partial<TruncatingLexingError>).truncatedAt === 'number';
}

const GUARD_START = new Set(['when', 'until']);
const OPERATORS = new Set(['and', 'or', 'not', '(']);
/** Tokens that can appear inside a guard besides names. */
const GUARD_PUNCTUATION = new Set(['and', 'or', 'not', '(', ')']);

export class PmpathLexer extends DefaultLexer {
    override tokenize(text: string, options?: TokenizeOptions): LexerResult {
        let result = super.tokenize(text, options);
        const unclosed = result.errors.find(error => text.startsWith('/*', error.offset));
        if (unclosed) {
            result = this.tokenizeUnclosedComment(text, unclosed.offset, options);
        }
        const errors = limitGuards(result.tokens, isNameToken);
        if (errors.length > 0) {
            result.errors.push(...errors);
        }
        if (result.errors.length > MAX_SYNTAX_ERRORS) {
            capLexingErrors(result);
        }
        return result;
    }

    /**
     * A `/*` without its `*\/` would lex as the character `/`, a `*` and the
     * comment's words as code. Instead the comment runs to the end of the
     * file, as it would for a compiler, and is reported once.
     */
    protected tokenizeUnclosedComment(text: string, start: number, options?: TokenizeOptions): LexerResult {
        const result = super.tokenize(text.slice(0, start), options);
        const image = text.slice(start);
        const before = text.slice(0, start);
        const line = countLineBreaks(before) + 1;
        const column = start - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) ;
        const endLine = line + countLineBreaks(image);
        const lastBreak = Math.max(image.lastIndexOf('\n'), image.lastIndexOf('\r'));
        const endColumn = lastBreak < 0 ? column + image.length - 1 : image.length - lastBreak - 1;
        const commentType = this.definition.ML_COMMENT;
        if (commentType) {
            result.hidden.push({
                image, startOffset: start, endOffset: text.length - 1, startLine: line, startColumn: column,
                endLine, endColumn, tokenTypeIdx: commentType.tokenTypeIdx!, tokenType: commentType,
            });
        }
        const error: TruncatingLexingError = {
            offset: start, line, column, length: 2, truncatedAt: start,
            message: `This comment is not closed: the \`/*\` on line ${line} has no \`*/\`, so the rest of the file is part of it. Close it with \`*/\`.`,
        };
        result.errors.push(error);
        return result;
    }
}

function countLineBreaks(text: string): number {
    const matches = text.match(/\r\n|\r|\n/g);
    return matches ? matches.length : 0;
}

/**
 * Keeps the first `MAX_SYNTAX_ERRORS` lexing errors, drops the tokens after
 * the last one kept, and closes with a note saying where reading stopped.
 */
function capLexingErrors(result: LexerResult): void {
    result.errors.sort((a, b) => a.offset - b.offset);
    const kept = result.errors.slice(0, MAX_SYNTAX_ERRORS);
    const first = result.errors[MAX_SYNTAX_ERRORS];
    const stop = first.offset;
    const note: TruncatingLexingError = {
        offset: first.offset, line: first.line, column: first.column, length: first.length, truncatedAt: stop,
        message: tooManyErrorsMessage(first.line),
    };
    result.errors = [...kept, note];
    result.tokens = result.tokens.filter(token => token.startOffset < stop);
    result.hidden = result.hidden.filter(token => token.startOffset < stop);
}

/** The closing note of a file with more syntax errors than pmpath reports. */
export function tooManyErrorsMessage(line: number | undefined): string {
    return `Too many syntax errors: pmpath stopped reading this file${line ? ` at line ${line}` : ''} after ${MAX_SYNTAX_ERRORS}. Fix the errors above and check again.`;
}

function isNameToken(token: IToken): boolean {
    const name = token.tokenType.name;
    // Names are identifiers or the uppercase DUO terms usable as names.
    return name === 'ID' || /^[A-Z]+$/.test(name);
}

/**
 * Finds guards over the limits, removes their tokens (from `when`/`until` to
 * the end of the guard) in place, and returns one lexing error per guard.
 */
export function limitGuards(tokens: IToken[], isName: (token: IToken) => boolean): GuardLimitError[] {
    const errors: GuardLimitError[] = [];
    // The token ranges of guards over the limits; the vector is rewritten only if there are any.
    const dropped: Array<[number, number]> = [];
    let i = 0;
    while (i < tokens.length) {
        const token = tokens[i];
        if (!GUARD_START.has(token.tokenType.name)) {
            i++;
            continue;
        }
        // Scan the guard: names, operators and parentheses, until depth drops below 0
        // or a token that cannot be part of a guard appears.
        let end = i + 1;
        let depth = 0;
        let maxDepth = 0;
        let nots = 0;
        let operators = 0;
        let culprit: IToken | undefined;
        let problem = '';
        for (; end < tokens.length; end++) {
            const t = tokens[end];
            const name = t.tokenType.name;
            if (!GUARD_PUNCTUATION.has(name) && !isName(t)) break;
            if (name === ')') {
                if (depth === 0) break;
                depth--;
            }
            if (name === '(') depth++;
            nots = name === 'not' ? nots + 1 : 0;
            if (OPERATORS.has(name)) operators++;
            maxDepth = Math.max(maxDepth, depth + nots);
            if (!culprit && maxDepth > MAX_GUARD_NESTING) {
                culprit = t;
                problem = `nested more than ${MAX_GUARD_NESTING} levels deep (parentheses or \`not\`)`;
            } else if (!culprit && operators > MAX_GUARD_OPERATORS) {
                culprit = t;
                problem = `longer than ${MAX_GUARD_OPERATORS} operators`;
            }
        }
        if (culprit) {
            const last = tokens[end - 1];
            errors.push({
                offset: token.startOffset,
                line: token.startLine,
                column: token.startColumn,
                length: (last.endOffset ?? last.startOffset) - token.startOffset + 1,
                message: `This guard is ${problem}; split it into named cutoffs or several transitions.`,
                droppedNames: [...new Set(tokens.slice(i + 1, end).filter(isName).map(t => t.image))],
            });
            dropped.push([i, end]);
        }
        i = end;
    }
    if (dropped.length > 0) {
        let write = 0;
        let next = 0;
        for (let read = 0; read < tokens.length; read++) {
            while (next < dropped.length && read >= dropped[next][1]) next++;
            if (next < dropped.length && read >= dropped[next][0]) continue;
            tokens[write++] = tokens[read];
        }
        tokens.length = write;
    }
    return errors;
}
