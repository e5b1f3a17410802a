import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { findSuppressions, parseConfig, PmpathConfigProvider } from '@pmpath/language';
import { createTestWorkspace, only } from './test-services.js';

const ws = createTestWorkspace();
const unusedActor = 'library L {\n  actor idle: payer\n}\n';

describe('configuration (.pmpathrc.json)', () => {
    it('accepts severities for configurable rules', () => {
        const config = parseConfig('{ "rules": { "cutoff-without-source": "off", "unused-declaration": "error" } }');
        expect(config.problems).toEqual([]);
        expect(Object.fromEntries(config.rules)).toEqual({ 'cutoff-without-source': 'off', 'unused-declaration': 'error' });
    });

    it.each([
        ['{ "rules": { "no-such-rule": "error" } }', 'unknown rule "no-such-rule"'],
        ['{ "rules": { "unused-declaraton": "error" } }', 'did you mean "unused-declaration"'],
        ['{ "rules": { "unused-declaration": "fatal" } }', '"fatal"'],
        ['{ "rules": { "syntax": "off" } }', 'cannot configure "syntax"'],
        ['{ "rules": { "unresolved-reference": "warning" } }', 'cannot configure "unresolved-reference"'],
        ['{ "rules": ', 'not valid JSON'],
        ['[]', 'must be a JSON object'],
    ])('reports a problem in %s', (text, expected) => {
        const config = parseConfig(text, '/x/.pmpathrc.json');
        expect(config.problems.map(p => p.message).join(' ')).toContain(expected);
    });

    it('changes a rule severity and turns a rule off', async () => {
        expect(only(await ws.validate(unusedActor, { config: { rules: { 'unused-declaration': 'error' } } }), 'unused-declaration'))
            .toMatchObject([{ severity: 'error' }]);
        expect(only(await ws.validate(unusedActor, { config: { rules: { 'unused-declaration': 'info' } } }), 'unused-declaration'))
            .toMatchObject([{ severity: 'info' }]);
        expect(await ws.validate(unusedActor, { config: { rules: { 'unused-declaration': 'off' } } })).toEqual([]);
    });

    it('finds the nearest configuration file upward, without merging', () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pmpath-config-'));
        fs.mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
        fs.writeFileSync(path.join(root, '.pmpathrc.json'), '{ "rules": { "unused-declaration": "off", "cutoff-without-source": "off" } }');
        fs.writeFileSync(path.join(root, 'a', '.pmpathrc.json'), '{ "rules": { "unused-declaration": "error" } }');
        const provider = new PmpathConfigProvider();
        const deep = provider.getConfig(URI.file(path.join(root, 'a', 'b', 'x.pmpath')));
        expect(deep.path).toBe(path.join(root, 'a', '.pmpathrc.json'));
        expect(Object.fromEntries(deep.rules)).toEqual({ 'unused-declaration': 'error' });
        const top = provider.getConfig(URI.file(path.join(root, 'y.pmpath')));
        expect(top.rules.get('cutoff-without-source')).toBe('off');
    });
});

describe('suppression comments', () => {
    it('parses rules and the reason, ignoring look-alikes inside strings', () => {
        const found = findSuppressions('// pmpath-disable-next-line a, b -- because\nactor x: payer "// pmpath-disable-next-line c -- no"\n  /* pmpath-disable-next-line d */\n');
        expect(found).toMatchObject([
            { line: 0, rules: ['a', 'b'], reason: 'because' },
            { line: 2, rules: ['d'], reason: undefined },
        ]);
    });

    it('silences the named rule on the next line when a reason is given', async () => {
        const d = await ws.validate('library L {\n  // pmpath-disable-next-line unused-declaration -- kept for the 2027 revision\n  actor idle: payer\n}\n');
        expect(d).toEqual([]);
    });

    it('suppresses nothing and is reported when the reason is missing', async () => {
        const d = await ws.validate('library L {\n  // pmpath-disable-next-line unused-declaration\n  actor idle: payer\n}\n');
        expect(d.map(x => [x.rule, x.line])).toEqual([['suppression-without-reason', 2], ['unused-declaration', 3]]);
        expect(d[0]).toMatchObject({ severity: 'warning', column: 3 });
    });

    it('reports unknown rule ids and rules that cannot be suppressed', async () => {
        const d = await ws.validate('library L {\n  // pmpath-disable-next-line no-such-rule, syntax, unused-declaration -- reasons\n  actor idle: payer\n}\n');
        expect(only(d, 'suppression-unknown-rule')).toMatchObject([
            { severity: 'warning', line: 2, column: 31 },
            { severity: 'warning', line: 2, column: 45 },
        ]);
        expect(only(d, 'unused-declaration')).toEqual([]);
    });

    it('only reaches the next line', async () => {
        const d = await ws.validate('library L {\n  // pmpath-disable-next-line unused-declaration -- reason\n\n  actor idle: payer\n}\n');
        expect(only(d, 'unused-declaration')).toHaveLength(1);
    });

    it('stays quiet on well-formed suppressions', async () => {
        const d = await ws.validate('library L {\n  // pmpath-disable-next-line unused-declaration -- reason\n  actor idle: payer\n}\n');
        expect(only(d, 'suppression-without-reason')).toEqual([]);
        expect(only(d, 'suppression-unknown-rule')).toEqual([]);
    });
});
