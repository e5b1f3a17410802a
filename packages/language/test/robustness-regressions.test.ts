/**
 * Regression tests for the defects that fuzzing and holdout pathways found
 * (issue 11): each input below once crashed a provider, cost time or memory
 * in proportion to its errors, formatted differently on a second run, or was
 * reported misleadingly.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentSymbol } from 'vscode-languageserver';
import { lintFiles, MAX_SYNTAX_ERRORS, RuleId } from '@pmpath/language';
import { applyEdits, createLspWorkspace } from './lsp-helpers.js';
import { createTestWorkspace } from './test-services.js';

const ws = createTestWorkspace();
const lspWs = createLspWorkspace();
const lsp = lspWs.services.lsp;

async function format(text: string): Promise<string> {
    const document = await lspWs.one(text);
    const edits = await lsp.Formatter!.formatDocument(document, { textDocument: { uri: document.textDocument.uri }, options: { tabSize: 4, insertSpaces: false } });
    return applyEdits(text, edits);
}

function names(symbols: DocumentSymbol[]): unknown[] {
    return symbols.map(s => (s.children && s.children.length > 0 ? [s.name, names(s.children)] : s.name));
}

describe('the outline of a declaration still being typed', () => {
    it('keeps the other symbols when a cutoff has no name yet', async () => {
        const document = await lspWs.one('pathway P {\n  initial state A: healthy\n  cutoff \n}');
        const symbols = await lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.textDocument.uri } });
        expect(names(symbols)).toEqual([['P', [['States', ['A']]]]]);
    });

    it('counts only the named members of a section', async () => {
        const document = await lspWs.one('pathway P {\n  actor a: clinician\n  actor \n  initial state A: healthy\n}');
        const symbols = await lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.textDocument.uri } });
        const actors = symbols[0].children!.find(s => s.name === 'Actors')!;
        expect(actors.detail).toBe('1');
        expect(actors.children!.map(c => c.name)).toEqual(['a']);
    });
});

describe('syntax errors are capped', () => {
    it(`reports at most ${MAX_SYNTAX_ERRORS} syntax errors of a megabyte of broken transitions, then one closing note`, async () => {
        const text = 'pathway P {\n' + 'a -> b\n'.repeat(150_000);
        expect(text.length).toBeGreaterThan(1_000_000);
        const diagnostics = await ws.validate(text);
        expect(diagnostics.every(d => d.rule === RuleId.syntax)).toBe(true);
        expect(diagnostics.length).toBeLessThanOrEqual(MAX_SYNTAX_ERRORS + 1);
        const notes = diagnostics.filter(d => d.message.startsWith('Too many syntax errors'));
        expect(notes).toHaveLength(1);
        expect(diagnostics.at(-1)).toBe(notes[0]);
        expect(notes[0].message).toContain(`line ${notes[0].line}`);
    });

    it('caps errors of the lexer too: a megabyte of characters that start no token', async () => {
        const text = 'pathway P {\n' + 'a § b\n'.repeat(200_000);
        const diagnostics = await ws.validate(text);
        expect(diagnostics.length).toBeLessThanOrEqual(MAX_SYNTAX_ERRORS + 1);
        expect(diagnostics.filter(d => d.message.startsWith('Too many syntax errors'))).toHaveLength(1);
    });

    it('adds no note to a file with fewer errors than the cap', async () => {
        const text = 'pathway P {\n' + 'a -> b\n'.repeat(20);
        const diagnostics = await ws.validate(text);
        expect(diagnostics.length).toBeGreaterThan(0);
        expect(diagnostics.some(d => d.message.startsWith('Too many syntax errors'))).toBe(false);
    });
});

describe('an unterminated block comment', () => {
    it('is reported once, as a comment that is not closed, and the words after it are not read as code', async () => {
        const diagnostics = await ws.validate('pathway P {\n  initial state A: healthy\n  final state B: healthy\n  A -> B by x\n  /* a note about the flow below\n  flow d from a to b for care\n}\n');
        expect(diagnostics).toHaveLength(1);
        expect(diagnostics[0]).toMatchObject({ rule: RuleId.syntax, line: 5, column: 3 });
        expect(diagnostics[0].message).toMatch(/comment is not closed/);
        expect(diagnostics[0].message).toContain('*/');
    });

    it('is reported at the start of a file that is nothing but an open comment', async () => {
        const diagnostics = await ws.validate('/* draft');
        expect(diagnostics.map(d => [d.line, d.column, /not closed/.test(d.message)])).toEqual([[1, 1, true]]);
    });

    it('leaves closed comments and `/*` inside strings and line comments alone', async () => {
        const diagnostics = await ws.validate('// a /* in a line comment\npathway P { /* closed */\n  title "a /* in a string"\n  actor a: clinician\n  initial state A: healthy\n  final state B: healthy\n  A -> B by a\n}\n');
        expect(diagnostics).toEqual([]);
    });
});

describe('formatting comments in blocks', () => {
    it('is idempotent for a comment in a tab-indented block', async () => {
        const once = await format('pathway He {\n\tconsent Cot {\n\t\t//\n\t}\n}');
        expect(once).toBe('pathway He {\n  consent Cot {\n    //\n  }\n}');
        expect(await format(once)).toBe(once);
    });

    it('indents a comment in a 4-space-indented block like the clauses around it', async () => {
        const once = await format('pathway He {\n    actor a: clinician\n    state S: hybrid carrier {\n        // watched yearly\n        monitor x every 1 year by a\n        // told with counselling\n    }\n}\n');
        expect(once).toBe('pathway He {\n  actor a: clinician\n  state S: hybrid carrier {\n    // watched yearly\n    monitor x every 1 year by a\n    // told with counselling\n  }\n}\n');
        expect(await format(once)).toBe(once);
    });

    it('keeps the inner lines of a block comment where they were relative to its first line', async () => {
        const once = await format('pathway He {\n\t/* first\n\t   second */\n\tactor a: clinician\n}\n');
        expect(once).toBe('pathway He {\n  /* first\n     second */\n  actor a: clinician\n}\n');
        expect(await format(once)).toBe(once);
    });
});

describe('formatting actor traits', () => {
    it('puts exactly one space inside the braces, on the first run', async () => {
        for (const traits of ['{monetizes }', '{monetizes}', '{  genomics-trained   monetizes}', '{}']) {
            const once = await format(`pathway P {\n  actor a: platform ${traits}\n}\n`);
            const expected = traits === '{}' ? '{ }' : `{ ${traits.slice(1, -1).trim().split(/\s+/).join(' ')} }`;
            expect(once).toBe(`pathway P {\n  actor a: platform ${expected}\n}\n`);
            expect(await format(once)).toBe(once);
        }
    });
});

describe('an import of a folder', () => {
    it('is import-not-found even when the folder name ends in .pmpath', async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmpath-import-dir-'));
        try {
            fs.mkdirSync(path.join(dir, 'shared.pmpath'));
            const file = path.join(dir, 'main.pmpath');
            fs.writeFileSync(file, 'import "./shared.pmpath"\n\npathway P {\n  actor a: clinician\n  initial state A: healthy\n  final state B: healthy\n  A -> B by a\n}\n');
            const run = await lintFiles([file]);
            const found = run.files[0].diagnostics.filter(d => d.rule === RuleId.importNotFound);
            expect(found).toHaveLength(1);
            expect(found[0]).toMatchObject({ line: 1, column: 1 });
            expect(found[0].message).toMatch(/folder/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe('guards over the limits', () => {
    it('drop each oversized guard, also two in a row, and keep every other token', async () => {
        const deep = '('.repeat(70) + 'A' + ')'.repeat(70);
        const text = `pathway P {\n  actor gp: clinician\n  data x: clinical\n  cutoff A: x > 1 source "s"\n  initial state S: healthy\n  final state F: sick {\n    monitor x every 1 year by gp until ${deep}\n  }\n  S -> F when ${deep} when ${deep} by gp\n  flow x from gp to gp for care\n}\n`;
        const diagnostics = await ws.validate(text);
        const nesting = diagnostics.filter(d => d.rule === RuleId.syntax && /nested more than/.test(d.message));
        expect(nesting.map(d => d.line)).toEqual([7, 9, 9]);
        expect(diagnostics.filter(d => d.rule === RuleId.syntax)).toHaveLength(3);
        // What is left parses as if the guards had not been written.
        const { 'main.pmpath': document } = await ws.build({ 'main.pmpath': text });
        const elements = (document.parseResult.value as { body: { elements: Array<{ $type: string; guard?: unknown; clauses?: Array<{ until?: unknown }> }> } }).body.elements;
        expect(elements.find(e => e.$type === 'Transition')!.guard).toBeUndefined();
        expect(elements.filter(e => e.$type === 'State')[1].clauses![0].until).toBeUndefined();
        expect(elements.map(e => e.$type)).toEqual(['Actor', 'Data', 'Cutoff', 'State', 'State', 'Transition', 'Flow']);
    });
});
