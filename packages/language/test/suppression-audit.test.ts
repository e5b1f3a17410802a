/**
 * Suppressions can be audited: every silenced finding is kept with its
 * comment's reason, a stale suppression is reported (`unused-suppression`),
 * and suppression comments are found on every kind of line end.
 */
import { describe, expect, it } from 'vitest';
import { findSuppressions, RuleId, suppressedLintDiagnostics } from '@pmpath/language';
import { createTestWorkspace, only } from './test-services.js';

const ws = createTestWorkspace();

/** Two unused actors; the first is suppressed with a reason. */
const LIBRARY = `library L {
  // pmpath-disable-next-line unused-declaration -- kept for the 2027 revision of the pathway
  actor idle: payer
  actor spare: family
}
`;

async function suppressedOf(text: string, config?: object) {
    const docs = await ws.build({ 'main.pmpath': text }, config ? { config } : undefined);
    return suppressedLintDiagnostics(docs['main.pmpath']);
}

describe('suppressed findings are kept for the audit', () => {
    it('keeps a silenced finding with its reason, position and severity', async () => {
        const suppressed = await suppressedOf(LIBRARY);
        expect(suppressed).toEqual([expect.objectContaining({
            rule: 'unused-declaration', severity: 'warning', line: 3, column: 3,
            reason: 'kept for the 2027 revision of the pathway',
        })]);
        expect(suppressed[0].message).toContain("'idle'");
        // Only the unsuppressed finding is reported.
        expect((await ws.validate(LIBRARY)).map(d => [d.rule, d.line])).toEqual([['unused-declaration', 4]]);
    });

    it('keeps the configured severity, and nothing of a rule turned off', async () => {
        expect(await suppressedOf(LIBRARY, { rules: { 'unused-declaration': 'error' } })).toMatchObject([{ severity: 'error' }]);
        expect(await suppressedOf(LIBRARY, { rules: { 'unused-declaration': 'off' } })).toEqual([]);
    });

    it('keeps nothing for a comment without a reason (it suppresses nothing)', async () => {
        const text = LIBRARY.replace(' -- kept for the 2027 revision of the pathway', '');
        expect(await suppressedOf(text)).toEqual([]);
        expect(only(await ws.validate(text), 'unused-declaration')).toHaveLength(2);
    });
});

describe('unused-suppression', () => {
    it('fires on a suppression with a reason whose rule reports nothing on the next line', async () => {
        const text = `library L {
  actor idle: payer
  // pmpath-disable-next-line cutoff-without-source -- the source is pending
  actor other: payer
}
`;
        const found = only(await ws.validate(text), RuleId.unusedSuppression);
        expect(found).toEqual([expect.objectContaining({ severity: 'warning', line: 3, column: 3, endLine: 3, endColumn: 77 })]);
        expect(found[0].message).toContain('`cutoff-without-source`');
        expect(found[0].message).toMatch(/hides nothing/);
    });

    it('fires when the finding it named moved away (a blank line in between)', async () => {
        const text = 'library L {\n  // pmpath-disable-next-line unused-declaration -- reason\n\n  actor idle: payer\n}\n';
        expect(only(await ws.validate(text), RuleId.unusedSuppression).map(d => d.line)).toEqual([2]);
    });

    it('fires when the named rule is turned off in the configuration (the comment hides nothing)', async () => {
        const found = await ws.validate(LIBRARY, { config: { rules: { 'unused-declaration': 'off' } } });
        expect(only(found, RuleId.unusedSuppression).map(d => d.line)).toEqual([2]);
    });

    it('stays quiet when one of the named rules is reported on the next line', async () => {
        const text = LIBRARY.replace('unused-declaration --', 'cutoff-without-source, unused-declaration --');
        expect(only(await ws.validate(text), RuleId.unusedSuppression)).toEqual([]);
    });

    it('stays quiet on comments that the other suppression rules report', async () => {
        const noReason = 'library L {\n  // pmpath-disable-next-line cutoff-without-source\n  actor idle: payer\n}\n';
        const unknownOnly = 'library L {\n  // pmpath-disable-next-line no-such-rule -- typo\n  actor idle: payer\n}\n';
        const unsuppressible = 'library L {\n  // pmpath-disable-next-line syntax -- parser too strict\n  actor idle: payer\n}\n';
        for (const text of [noReason, unknownOnly, unsuppressible]) {
            expect(only(await ws.validate(text), RuleId.unusedSuppression), text).toEqual([]);
        }
    });

    it('stays quiet on a file with syntax errors (only those are reported)', async () => {
        const text = 'library L {\n  // pmpath-disable-next-line cutoff-without-source -- pending\n  actor idle: payer\n  actor = \n}\n';
        const found = await ws.validate(text);
        expect(found.map(d => d.rule)).toContain('syntax');
        expect(only(found, RuleId.unusedSuppression)).toEqual([]);
    });

    it('can itself be suppressed from the line above, which makes that comment used', async () => {
        const text = `library L {
  actor idle: payer
  // pmpath-disable-next-line unused-suppression -- template line kept for authors
  // pmpath-disable-next-line cutoff-without-source -- the source is pending
  actor other: payer
}
`;
        const docs = await ws.build({ 'main.pmpath': text });
        const reported = (docs['main.pmpath'].diagnostics ?? []).map(d => d.code);
        expect(reported).not.toContain(RuleId.unusedSuppression);
        expect(suppressedLintDiagnostics(docs['main.pmpath'])).toMatchObject([
            { rule: 'unused-suppression', line: 4, reason: 'template line kept for authors' },
        ]);
    });
});

describe('suppression comments and line ends', () => {
    it('counts a bare CR as a line break, like the editor and the lexer', () => {
        expect(findSuppressions('\r//pmpath-disable-next-line')).toMatchObject([
            { line: 1, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 26 } } },
        ]);
        expect(findSuppressions('a\r\n\r// pmpath-disable-next-line x -- r\rb')).toMatchObject([
            { line: 2, rules: ['x'], reason: 'r' },
        ]);
    });

    it('ends a line comment at a CR, so the next line is not read as its reason', () => {
        expect(findSuppressions('// pmpath-disable-next-line x\r-- not a reason\r')).toMatchObject([{ line: 0, rules: ['x'], reason: undefined }]);
    });

    it('counts CRs inside strings and block comments', () => {
        const text = 'x "a\r/* b\r c */\r// pmpath-disable-next-line y -- r';
        expect(findSuppressions(text)).toMatchObject([{ line: 3, rules: ['y'] }]);
    });

    it('reports a reasonless suppression on its own line after a bare CR (regression: 1:2-28 on an empty line)', async () => {
        const found = await ws.validate('\r//pmpath-disable-next-line');
        expect(only(found, RuleId.suppressionWithoutReason)).toEqual([
            expect.objectContaining({ line: 2, column: 1, endLine: 2, endColumn: 27 }),
        ]);
    });

    it.each([
        ['LF', '\n'],
        ['CRLF', '\r\n'],
        ['CR', '\r'],
    ])('silences the next line with %s line ends', async (_name, eol) => {
        const text = LIBRARY.replace(/\n/g, eol);
        const found = await ws.validate(text);
        expect(found.map(d => [d.rule, d.line])).toEqual([['unused-declaration', 4]]);
    });
});
