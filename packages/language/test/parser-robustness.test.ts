/**
 * Parser robustness: every example re-parsed under layout variants (comments
 * and line breaks between every token, CRLF, tabs) parses without lexer or
 * parser errors, and pathological inputs become `syntax` diagnostics.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EmptyFileSystem } from 'langium';
import { describe, expect, it } from 'vitest';
import { createPmpathServices, decodeSource, MAX_GUARD_OPERATORS } from '@pmpath/language';
import { createTestWorkspace, only } from './test-services.js';

const examplesDir = path.resolve(import.meta.dirname, '../../../examples');
const exampleFiles = fs.readdirSync(examplesDir, { recursive: true, encoding: 'utf8' })
    .filter(f => f.endsWith('.pmpath') && !f.includes('syntax'))
    .map(f => path.join(examplesDir, f))
    .sort();

const services = createPmpathServices(EmptyFileSystem).Pmpath;
const ws = createTestWorkspace();

function relayout(text: string, separator: (i: number) => string): string {
    const { tokens } = services.parser.Lexer.tokenize(text);
    return tokens.map((t, i) => (i === 0 ? '' : separator(i)) + t.image).join('') + '\n';
}

const variants: Array<[string, (text: string) => string]> = [
    ['a line break between every token', text => relayout(text, () => '\n')],
    ['a block comment between every token', text => relayout(text, i => ` /* c${i} */ `)],
    ['a line comment between every token', text => relayout(text, i => ` // note ${i}\n`)],
    ['CRLF line endings', text => text.replace(/\r?\n/g, '\r\n')],
    ['tabs and no indentation', text => text.replace(/^[ \t]+/gm, '\t')],
    ['everything on as few lines as the comments allow', text => relayout(text, () => ' ')],
];

describe('parser robustness', () => {
    it('has examples to re-parse', () => {
        expect(exampleFiles.length).toBeGreaterThanOrEqual(6);
    });

    for (const file of exampleFiles) {
        const text = fs.readFileSync(file, 'utf8');
        it.each(variants)(`parses ${path.relative(examplesDir, file)} with %s`, (_name, transform) => {
            const result = services.parser.LangiumParser.parse(transform(text));
            expect(result.lexerErrors).toEqual([]);
            expect(result.parserErrors.map(e => e.message)).toEqual([]);
        });
    }

    it.each([
        ['an empty file', ''],
        ['only a comment', '// nothing here\n'],
        ['an unterminated string', 'pathway P {\n  title "oops\n}\n'],
        ['an unterminated block comment', 'pathway P { /* never closed\n'],
        ['two pathways', 'pathway A {\n}\npathway B {\n}\n'],
        ['control characters', 'pathway P {\u0000\u0007\n}\n'],
        ['a lone arrow', '->'],
        ['ten thousand nots', `pathway P {\n  data x: biomarker unit "u"\n  cutoff c: x > 1 "u"\n  actor a: clinician\n  initial state S: healthy\n  final state T: healthy\n  S -> T when ${'not '.repeat(10000)}c by a\n}\n`],
        ['a long and-chain', `pathway P {\n  data x: biomarker unit "u"\n  cutoff c: x > 1 "u"\n  actor a: clinician\n  initial state S: healthy\n  final state T: healthy\n  S -> T when c${' and c'.repeat(20000)} by a\n}\n`],
        ['unbalanced parentheses', `pathway P {\n  A -> B when ${'('.repeat(3000)} by a\n}\n`],
    ])('reports %s as syntax diagnostics without crashing', async (_name, text) => {
        const d = await ws.validate(text);
        expect(Array.isArray(d)).toBe(true);
        if (!/a long and-chain/.test(_name)) {
            expect(only(d, 'syntax').length).toBeGreaterThan(0);
        }
    });

    it('treats binary and UTF-16 input as not-text', () => {
        expect(decodeSource(new Uint8Array([0xff, 0xfe, 0x70, 0x00])).encodingProblem).toContain('UTF-16');
        expect(decodeSource(new Uint8Array([0x70, 0x00, 0x01])).encodingProblem).toContain('binary');
        expect(decodeSource(new Uint8Array([0xc3, 0x28])).encodingProblem).toContain('UTF-8');
        expect(decodeSource(new TextEncoder().encode('\uFEFFpathway P {}')).text).toBe('pathway P {}');
    });
});

describe('guard limits', () => {
    const pathway = (guard: string) => `pathway P {\n  data x: biomarker unit "u"\n  cutoff c: x > 1 "u" source "s"\n  actor a: clinician\n  initial state S: healthy\n  final state T: healthy\n  S -> T when ${guard} by a\n  T -> S by a\n}\n`;

    it.each([
        ['5,000 nested parentheses', '('.repeat(5000) + 'c' + ')'.repeat(5000)],
        ['10,000 nots', 'not '.repeat(10000) + 'c'],
        ['a flat chain of 100,000 ands', 'c' + ' and c'.repeat(100000)],
    ])('rejects %s with one syntax error on the guard and parses the rest', async (_name, guard) => {
        const d = await ws.validate(pathway(guard));
        const syntax = only(d, 'syntax');
        expect(syntax).toHaveLength(1);
        expect(syntax[0]).toMatchObject({ line: 7, column: 10 });
        expect(syntax[0].message).toContain('split it');
        // The rest of the file parsed: the final state's exit is still reported.
        expect(only(d, 'final-state-exit')).toHaveLength(1);
    });

    it('accepts guards within the limits', async () => {
        const d = await ws.validate(pathway('('.repeat(60) + 'c' + ')'.repeat(60) + ' and not not c' + ' or c'.repeat(150)));
        expect(only(d, 'syntax')).toEqual([]);
    });
});

describe('findings after a parse error', () => {
    it('reports only the syntax errors, not findings about what error recovery guessed', async () => {
        const d = await ws.validate('pathway P {\n  actor a: clinician\n  initial final state Z: healthy\n  initial state S: healthy\n  final state T: healthy\n  S -> T after 2 Weeks by a\n}\n');
        expect(d.length).toBeGreaterThan(0);
        expect(d.every(x => x.rule === 'syntax')).toBe(true);
    });

    it('still reports other findings next to a guard dropped for its size, and counts its names as used', async () => {
        const guard = 'c' + ' and c'.repeat(MAX_GUARD_OPERATORS + 1);
        const d = await ws.validate(`pathway P {\n  data x: biomarker unit "u"\n  cutoff c: x > 1 "u" source "s"\n  actor a: clinician\n  initial state S: healthy\n  final state T: healthy\n  S -> T when ${guard} by a\n  T -> S by a\n}\n`);
        expect(d.map(x => x.rule).sort()).toEqual(['final-state-exit', 'syntax']);
    });
});
