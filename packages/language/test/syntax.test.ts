import { describe, expect, it } from 'vitest';
import { URI } from 'langium';
import { SYNTAX_CHECKS, toLintDiagnostic } from '@pmpath/language';
import { createTestWorkspace, only } from './test-services.js';

const ws = createTestWorkspace();

describe('validation categories', () => {
    const TEXT = 'pathway P {\n  title "a"\n  title "b"\n  actor lonely: payer\n  initial state S: healthy\n  S -> Nowhere by nobody\n}\n';

    async function validateWith(categories: string[]): Promise<string[]> {
        const shared = ws.services.shared;
        const document = shared.workspace.LangiumDocumentFactory.fromString(TEXT, URI.parse(`file:///categories/${categories.join('-')}.pmpath`));
        shared.workspace.LangiumDocuments.addDocument(document);
        await shared.workspace.DocumentBuilder.build([document], { validation: { categories } });
        return [...new Set((document.diagnostics ?? []).map(toLintDiagnostic).map(d => d.rule))].sort();
    }

    it('runs the syntax constraints with the editor\'s fast validation', async () => {
        const rules = await validateWith(['built-in', 'fast']);
        expect(rules).toContain('syntax');
        expect(rules).toContain('unused-declaration');
    });

    it('gives exactly the blocking findings (syntax, unresolved-reference) with the built-in and syntax categories', async () => {
        expect(await validateWith(['built-in', SYNTAX_CHECKS])).toEqual(['syntax', 'unresolved-reference']);
    });
});

describe('syntax', () => {
    it('reports a metadata line given twice as syntax on the second line', async () => {
        const d = await ws.validate('pathway P {\n  title "a"\n  title "b"\n  initial state S: healthy\n}\n');
        const syntax = only(d, 'syntax');
        expect(syntax).toHaveLength(1);
        expect(syntax[0]).toMatchObject({ severity: 'error', line: 3, column: 3 });
    });

    it('says what was expected in the words of the language', async () => {
        const d = await ws.validate('pathway P {\n  initial state S: healthy\n  banana\n}\n');
        expect(only(d, 'syntax').length).toBeGreaterThan(0);
        const all = await ws.validate('pathway P {\n  = 3\n}\n');
        // SPEC §2 quotes the phrase in lower case; it must appear verbatim, with no token names.
        const message = only(all, 'syntax')[0].message;
        expect(message).toContain('expected a state, actor, data, cutoff, consent, flow or transition');
        expect(message).not.toMatch(/\b(ID|STRING|NUMBER|EOF)\b|:KW/);
    });

    it('reports a zero duration as syntax', async () => {
        const d = await ws.validate('pathway P {\n  actor c: clinician\n  initial state A: healthy\n  final state B: healthy\n  A -> B after 0 days by c\n}\n');
        expect(only(d, 'syntax')).toMatchObject([{ line: 5, column: 16 }]);
    });

    it('reports an argument on a DUO term that takes none, and a missing DS argument', async () => {
        const d = await ws.validate('library L {\n  consent C {\n    duo HMB "x", DS\n  }\n}\n');
        expect(only(d, 'syntax').map(x => x.line)).toEqual([3, 3]);
    });

    it('reports states, transitions and flows in a library as syntax', async () => {
        const d = await ws.validate('library L {\n  actor a: clinician\n  state S: healthy\n}\n');
        expect(only(d, 'syntax')).toMatchObject([{ line: 3 }]);
    });

    it('accepts the uppercase DUO terms as names and keeps unknown escapes in strings', async () => {
        const d = await ws.validate('library L {\n  actor IRB: regulator "C:\\\\path \\"q\\" C:\\x"\n  data TS: clinical\n}\n');
        expect(only(d, 'syntax')).toEqual([]);
    });

    it('turns a guard nested thousands of parentheses deep into a syntax error', async () => {
        const deep = '('.repeat(5000) + 'c' + ')'.repeat(5000);
        const d = await ws.validate(`pathway P {\n  actor a: clinician\n  data x: clinical\n  cutoff c: x > 1 "u"\n  initial state A: healthy\n  final state B: healthy\n  A -> B when ${deep} by a\n}\n`);
        expect(only(d, 'syntax').length).toBeGreaterThan(0);
    });
});

describe('parse error echoes', () => {
    it.each([
        ['an unknown role', 'pathway P {\n  actor a: doctor\n}\n', 2],
        ['an unknown purpose', 'pathway P {\n  actor a: clinician\n  data x: clinical\n  flow x from a to a for marketing\n}\n', 4],
    ])('reports %s once, not the errors recovery makes after it', async (_name, text, line) => {
        const d = await ws.validate(text);
        expect(d).toHaveLength(1);
        expect(d[0]).toMatchObject({ rule: 'syntax', line });
    });
});
