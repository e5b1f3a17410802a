/**
 * Unit tests of the CLI's pure parts: report model, formatters, colour
 * decision, option parsing and error lines. They run in-process on the
 * TypeScript sources (no build needed).
 */
import { describe, expect, it } from 'vitest';
import { RULES, RuleId, type LintDiagnostic } from '@pmpath/language';
import { parseMaxWarnings } from '../src/commands/check.js';
import { checkExitCode } from '../src/commands/check-run.js';
import { formatRules, orderedRules } from '../src/format/rules-format.js';
import { CliError, describeError } from '../src/errors.js';
import { displayPath, messagePath } from '../src/files.js';
import { formatJson } from '../src/format/json.js';
import { buildCheckReport } from '../src/format/report-model.js';
import { buildSarif, sarifLevel, sarifRuleName } from '../src/format/sarif.js';
import { DEFAULT_WIDTH, formatStylish, printable, stdoutSupportsColor, wrap } from '../src/format/stylish.js';

function diag(rule: string, severity: LintDiagnostic['severity'], line: number, column: number, message = `Finding of ${rule}.`): LintDiagnostic {
    return { rule, severity, message, line, column, endLine: line, endColumn: column + 3 };
}

const FILES = [
    { path: 'z/last.pmpath', diagnostics: [diag(RuleId.unusedDeclaration, 'warning', 9, 1), diag(RuleId.duplicateName, 'error', 2, 7), diag(RuleId.cutoffWithoutSource, 'info', 2, 3)] },
    { path: 'a/first.pmpath', diagnostics: [] },
];

describe('buildCheckReport', () => {
    it('sorts files by path and diagnostics by line, then column, and counts severities', () => {
        const report = buildCheckReport(FILES);
        expect(report.files.map(f => f.path)).toEqual(['a/first.pmpath', 'z/last.pmpath']);
        expect(report.files[1].diagnostics.map(d => `${d.line}:${d.column}`)).toEqual(['2:3', '2:7', '9:1']);
        expect(report.summary).toEqual({ files: 2, errors: 1, warnings: 1, infos: 1 });
    });

    it('keeps only errors, and counts only errors, when quiet', () => {
        const report = buildCheckReport(FILES, { quiet: true });
        expect(report.files[1].diagnostics.map(d => d.rule)).toEqual([RuleId.duplicateName]);
        expect(report.summary).toEqual({ files: 2, errors: 1, warnings: 0, infos: 0 });
    });
});

describe('checkExitCode', () => {
    const warningsOnly = buildCheckReport([{ path: 'a.pmpath', diagnostics: [diag(RuleId.unusedDeclaration, 'warning', 1, 1)] }]);
    it('fails on errors whatever --max-warnings says', () => {
        expect(checkExitCode(buildCheckReport(FILES), 100)).toBe(1);
    });
    it('fails only when warnings exceed --max-warnings', () => {
        expect(checkExitCode(warningsOnly, undefined)).toBe(0);
        expect(checkExitCode(warningsOnly, 1)).toBe(0);
        expect(checkExitCode(warningsOnly, 0)).toBe(1);
    });
});

describe('parseMaxWarnings', () => {
    it('accepts non-negative whole numbers, and -1 for no limit (as in ESLint)', () => {
        expect(parseMaxWarnings('0')).toBe(0);
        expect(parseMaxWarnings('25')).toBe(25);
        expect(parseMaxWarnings('-1')).toBe(-1);
    });
    it('treats a negative limit as no limit', () => {
        const many = buildCheckReport([{ path: 'a.pmpath', diagnostics: Array.from({ length: 50 }, (_, i) => diag(RuleId.unusedDeclaration, 'warning', i + 1, 1)) }]);
        expect(checkExitCode(many, -1)).toBe(0);
        expect(checkExitCode(many, 49)).toBe(1);
    });
    it.each(['', '-2', '1.5', 'ten', '1e3', '99999999999999999999'])('rejects %j', value => {
        expect(() => parseMaxWarnings(value)).toThrow(/non-negative whole number/);
    });
});

describe('formatJson', () => {
    it('writes version 1, the files and the summary', () => {
        const json = JSON.parse(formatJson(buildCheckReport(FILES)));
        expect(json).toEqual({
            version: 1,
            files: [
                { path: 'a/first.pmpath', diagnostics: [] },
                { path: 'z/last.pmpath', diagnostics: [
                    { rule: RuleId.cutoffWithoutSource, severity: 'info', message: `Finding of ${RuleId.cutoffWithoutSource}.`, line: 2, column: 3, endLine: 2, endColumn: 6 },
                    { rule: RuleId.duplicateName, severity: 'error', message: `Finding of ${RuleId.duplicateName}.`, line: 2, column: 7, endLine: 2, endColumn: 10 },
                    { rule: RuleId.unusedDeclaration, severity: 'warning', message: `Finding of ${RuleId.unusedDeclaration}.`, line: 9, column: 1, endLine: 9, endColumn: 4 },
                ] },
            ],
            summary: { files: 2, errors: 1, warnings: 1, infos: 1 },
        });
    });

    it('lists suppressed findings with their reasons under `suppressed`, not counted', () => {
        const report = buildCheckReport([{ path: 'a.pmpath', diagnostics: [], suppressed: [{ ...diag(RuleId.cutoffWithoutSource, 'warning', 4, 3), reason: 'local protocol' }] }]);
        const json = JSON.parse(formatJson(report));
        expect(json.files).toEqual([{
            path: 'a.pmpath', diagnostics: [],
            suppressed: [{ rule: RuleId.cutoffWithoutSource, severity: 'warning', message: `Finding of ${RuleId.cutoffWithoutSource}.`, line: 4, column: 3, endLine: 4, endColumn: 6, reason: 'local protocol' }],
        }]);
        expect(json.summary).toEqual({ files: 1, errors: 0, warnings: 0, infos: 0 });
    });
});

describe('formatStylish', () => {
    it('prints a header per file with findings, aligned rows and the counts', () => {
        const text = formatStylish(buildCheckReport(FILES), { color: false });
        expect(text).toBe([
            'z/last.pmpath',
            `  2:3  info     Finding of ${RuleId.cutoffWithoutSource}.  ${RuleId.cutoffWithoutSource}`,
            `  2:7  error    Finding of ${RuleId.duplicateName}.         ${RuleId.duplicateName}`,
            `  9:1  warning  Finding of ${RuleId.unusedDeclaration}.     ${RuleId.unusedDeclaration}`,
            '',
            '✖ 3 problems (1 error, 1 warning, 1 info) in 2 files checked',
            '',
        ].join('\n'));
    });

    it('prints a clean message when there is nothing to report', () => {
        expect(formatStylish(buildCheckReport([{ path: 'a.pmpath', diagnostics: [] }]), { color: false }))
            .toBe('✔ No problems found in 1 file.\n');
    });

    it('colours only when asked to', () => {
        expect(formatStylish(buildCheckReport(FILES), { color: true })).toContain('\u001b[');
        expect(formatStylish(buildCheckReport(FILES), { color: false })).not.toContain('\u001b[');
    });

    const LONG = 'A finding whose message explains at length what is wrong with the pathway and how to fix it, '
        + 'so that it does not fit on one line of a terminal: add the missing clause, or move the declaration.';

    it('wraps long messages under their position instead of padding every row, never wider than the width', () => {
        const report = buildCheckReport([{ path: 'p.pmpath', diagnostics: [diag(RuleId.unusedDeclaration, 'warning', 3, 5, LONG), diag(RuleId.duplicateName, 'error', 12, 1)] }]);
        for (const width of [100, 60]) {
            const lines = formatStylish(report, { color: false, width }).split('\n');
            expect(Math.max(...lines.map(l => l.length)), lines.join('\n')).toBeLessThanOrEqual(width);
            expect(lines[1]).toBe(`  3:5   warning  ${RuleId.unusedDeclaration}`);
            const message = [];
            for (let i = 2; lines[i].startsWith('    '); i++) message.push(lines[i].trim());
            expect(message.join(' ')).toBe(LONG);
            expect(lines).toContain(`  12:1  error    ${RuleId.duplicateName}`);
        }
    });

    it('defaults to 100 columns (the width for logs and files)', () => {
        const report = buildCheckReport([{ path: 'p.pmpath', diagnostics: [diag(RuleId.unusedDeclaration, 'warning', 3, 5, LONG + ' ' + LONG)] }]);
        const lines = formatStylish(report, { color: false }).split('\n');
        expect(DEFAULT_WIDTH).toBe(100);
        expect(Math.max(...lines.map(l => l.length))).toBeLessThanOrEqual(100);
        expect(Math.max(...lines.map(l => l.length))).toBeGreaterThan(80);
    });

    it('breaks a word longer than a line', () => {
        expect(wrap('see https://example.org/' + 'x'.repeat(30) + ' now', 20)).toEqual(['see', 'https://example.org/', 'x'.repeat(20), 'x'.repeat(10) + ' now']);
    });

    it('mentions suppressed findings, and lists them with their reasons when asked', () => {
        const report = buildCheckReport([{ path: 'a.pmpath', diagnostics: [], suppressed: [{ ...diag(RuleId.cutoffWithoutSource, 'warning', 4, 3), reason: 'local protocol, pending publication' }] }]);
        const hidden = formatStylish(report, { color: false });
        expect(hidden).toBe('✔ No problems found in 1 file.\n1 finding suppressed in the source (not counted; --show-suppressed lists them with their reasons).\n');
        const shown = formatStylish(report, { color: false, showSuppressed: true });
        expect(shown).toBe([
            'a.pmpath',
            `  4:3  suppressed warning  Finding of ${RuleId.cutoffWithoutSource}.  ${RuleId.cutoffWithoutSource}`,
            '    reason: local protocol, pending publication',
            '',
            '✔ No problems found in 1 file.',
            '1 suppressed finding listed with its reason (not counted).',
            '',
        ].join('\n'));
    });

    it('escapes control characters and bidirectional overrides from labels', () => {
        expect(printable('a\u001b[31mb\u202ec\td')).toBe('a\\x1b[31mb\\u202ec d');
        const report = buildCheckReport([{ path: 'x.pmpath', diagnostics: [diag(RuleId.unusedDeclaration, 'warning', 1, 1, 'Actor "\u001b[2J" is unused.')] }]);
        expect(formatStylish(report, { color: false })).not.toContain('\u001b');
    });
});

describe('stdoutSupportsColor', () => {
    it.each([
        [{}, [], true, true],
        [{}, [], false, false],
        [{ TERM: 'dumb' }, [], true, false],
        [{ CI: 'true' }, [], false, false],
        [{ NO_COLOR: '1' }, [], true, false],
        [{ NO_COLOR: '' }, [], true, true],
        [{ FORCE_COLOR: '1' }, [], false, true],
        [{ FORCE_COLOR: '0' }, [], false, false],
        [{ FORCE_COLOR: '1', NO_COLOR: '1' }, [], false, false],
        [{}, ['--color'], false, true],
        [{ FORCE_COLOR: '1' }, ['--no-color'], true, false],
    ])('env %j, argv %j, TTY %s → %s', (env, argv, tty, expected) => {
        expect(stdoutSupportsColor(env as NodeJS.ProcessEnv, argv, tty)).toBe(expected);
    });
});

describe('buildSarif', () => {
    const log = buildSarif(buildCheckReport(FILES), { toolVersion: '9.9.9', cwd: '/work/my repo' });
    const run = log.runs[0];

    it('describes every rule of the registry, in registry order', () => {
        expect(run.tool.driver.rules?.map(r => r.id)).toEqual(RULES.map(r => r.id));
        expect(run.tool.driver.version).toBe('9.9.9');
    });

    it('points every result at its rule, its artifact and a 1-based region', () => {
        expect(run.results?.map(r => [r.ruleId, r.level])).toEqual([
            [RuleId.cutoffWithoutSource, 'note'],
            [RuleId.duplicateName, 'error'],
            [RuleId.unusedDeclaration, 'warning'],
        ]);
        for (const result of run.results ?? []) {
            expect(run.tool.driver.rules?.[result.ruleIndex!].id).toBe(result.ruleId);
            const location = result.locations![0].physicalLocation!;
            expect(location.artifactLocation).toEqual({ uri: 'z/last.pmpath', uriBaseId: '%SRCROOT%', index: 1 });
        }
        expect(run.results?.[1].locations?.[0].physicalLocation?.region).toEqual({ startLine: 2, startColumn: 7, endLine: 2, endColumn: 10 });
    });

    it('records no absolute path: %SRCROOT% is described, not located', () => {
        expect(run.originalUriBaseIds?.['%SRCROOT%']).toEqual({ description: { text: expect.stringContaining('repository') } });
        expect(JSON.stringify(log)).not.toContain('/work/my repo');
        expect(JSON.stringify(log)).not.toContain('file://');
    });

    it('makes artifact URIs relative to the base folder (the repository root) rather than the working directory', () => {
        const fromSubfolder = buildSarif(buildCheckReport([{ path: 'a b/x.pmpath', diagnostics: [diag(RuleId.unusedDeclaration, 'warning', 1, 1)] }]),
            { toolVersion: '1', cwd: '/repo/pathways', base: '/repo' });
        expect(fromSubfolder.runs[0].artifacts?.[0].location).toEqual({ uri: 'pathways/a%20b/x.pmpath', uriBaseId: '%SRCROOT%' });
        const outside = buildSarif(buildCheckReport([{ path: '../ws/examples/c.pmpath', diagnostics: [] }]), { toolVersion: '1', cwd: '/home/me', base: '/home/ws' });
        expect(outside.runs[0].artifacts?.[0].location?.uri).toBe('examples/c.pmpath');
    });

    it('names every rule in PascalCase, never equal to its id even ignoring case', () => {
        for (const rule of run.tool.driver.rules ?? []) {
            expect(rule.name).toMatch(/^[A-Z][A-Za-z]+$/);
            expect(rule.name!.toLowerCase()).not.toBe(rule.id.toLowerCase());
        }
        expect(run.tool.driver.rules?.find(r => r.id === RuleId.hybridStatusRequiresMonitoring)?.name).toBe('HybridStatusRequiresMonitoring');
        expect(sarifRuleName('syntax')).toBe('InvalidSyntax');
    });

    it('gives every rule help as plain text and as Markdown with a documentation link', () => {
        const rule = run.tool.driver.rules!.find(r => r.id === RuleId.cutoffWithoutSource)!;
        expect(rule.help?.markdown).toContain('`source "guideline or study"`');
        expect(rule.help?.markdown).toContain(`](${rule.helpUri})`);
        expect(rule.help?.text).not.toContain('`');
        expect(rule.help?.text).toContain('source "guideline or study"');
    });

    it('fingerprints findings by rule, file and offending text, so they survive moving to another line', () => {
        const text = 'library L {\n  actor idle: payer\n}\n';
        const moved = 'library L {\n\n  // a comment pushed it down\n  actor   idle: payer\n}\n';
        const finding = (line: number) => ({ ...diag(RuleId.unusedDeclaration, 'warning', line, 3), endColumn: 20 + (line === 4 ? 2 : 0) });
        const print = (t: string, line: number) => buildSarif(buildCheckReport([{ path: 'l.pmpath', diagnostics: [finding(line)], text: t }]), { toolVersion: '1', cwd: '/r' })
            .runs[0].results![0].partialFingerprints!['pmpathFindingHash/v1'];
        expect(print(text, 2)).toMatch(/^[0-9a-f]{32}:1$/);
        expect(print(moved, 4)).toBe(print(text, 2));
        // Another rule, file or text is another alert.
        const other = buildSarif(buildCheckReport([{ path: 'other.pmpath', diagnostics: [finding(2)], text }]), { toolVersion: '1', cwd: '/r' });
        expect(other.runs[0].results![0].partialFingerprints!['pmpathFindingHash/v1']).not.toBe(print(text, 2));
        expect(print(text.replace('idle', 'spare'), 2)).not.toBe(print(text, 2));
    });

    it('numbers identical findings in one file, so two identical lines stay two alerts', () => {
        const text = 'x\n  flow a from b to c for care\n  flow a from b to c for care\n';
        const d = (line: number) => ({ ...diag(RuleId.consentScopeMismatch, 'error', line, 3), endColumn: 30 });
        const results = buildSarif(buildCheckReport([{ path: 'p.pmpath', diagnostics: [d(2), d(3)], text }]), { toolVersion: '1', cwd: '/r' }).runs[0].results!;
        const [a, b] = results.map(r => r.partialFingerprints!['pmpathFindingHash/v1']);
        expect(a.split(':')[0]).toBe(b.split(':')[0]);
        expect([a.split(':')[1], b.split(':')[1]]).toEqual(['1', '2']);
    });

    it('carries suppressed findings as results with an in-source suppression and its justification', () => {
        const report = buildCheckReport([{ path: 'a.pmpath', diagnostics: [diag(RuleId.unusedDeclaration, 'warning', 2, 3)], suppressed: [{ ...diag(RuleId.cutoffWithoutSource, 'warning', 5, 3), reason: 'local protocol' }] }]);
        const results = buildSarif(report, { toolVersion: '1', cwd: '/r' }).runs[0].results!;
        expect(results.map(r => [r.ruleId, r.suppressions])).toEqual([
            [RuleId.unusedDeclaration, undefined],
            [RuleId.cutoffWithoutSource, [{ kind: 'inSource', status: 'accepted', justification: 'local protocol' }]],
        ]);
    });

    it('maps info to note', () => {
        expect(sarifLevel('info')).toBe('note');
        expect(sarifLevel('error')).toBe('error');
    });
});

describe('formatRules', () => {
    it('orders rules by category and keeps registry order within one', () => {
        const ordered = orderedRules();
        expect(ordered).toHaveLength(RULES.length);
        expect(ordered[0].id).toBe(RuleId.syntax);
        const categories = ordered.map(r => r.category);
        // Each category forms one contiguous block.
        expect(new Set(categories).size).toBe(categories.filter((c, i) => i === 0 || categories[i - 1] !== c).length);
    });

    it('escapes pipes in Markdown cells', () => {
        const table = formatRules('markdown', [{ ...RULES[2], description: 'a | b' }]);
        expect(table).toContain('a \\| b');
    });

    it('names the rules that cannot be configured in the text output', () => {
        expect(formatRules('text')).toContain(`${RuleId.syntax} and ${RuleId.unresolvedReference} cannot be configured`);
    });
});

describe('paths', () => {
    it('shows report paths relative to the working directory with forward slashes', () => {
        expect(displayPath('/w/a/b.pmpath', '/w')).toBe('a/b.pmpath');
        expect(displayPath('/x/b.pmpath', '/w')).toBe('../x/b.pmpath');
    });

    it('shows message paths relative inside the working directory and absolute outside it', () => {
        expect(messagePath('/w/a/.pmpathrc.json', '/w')).toBe('a/.pmpathrc.json');
        expect(messagePath('/x/.pmpathrc.json', '/w')).toBe('/x/.pmpathrc.json');
    });
});

describe('CliError', () => {
    it('recognises a CliError from another copy of the module by its brand', () => {
        const foreign = Object.assign(Object.create({ [Symbol.for('pmpath.cli-error')]: true }), { message: 'x' }) as unknown;
        expect(foreign instanceof CliError).toBe(true);
        expect(new Error('x') instanceof CliError).toBe(false);
        expect(new CliError('x') instanceof CliError).toBe(true);
    });
});

describe('describeError', () => {
    it('prints an expected failure as one line', () => {
        expect(describeError(new CliError('a.pmpath: no such file or directory'), false)).toBe('pmpath: a.pmpath: no such file or directory');
    });

    it('prints an unexpected failure as an internal error, with the stack only in debug mode', () => {
        const error = new TypeError('boom\nsecond line');
        expect(describeError(error, false)).toBe('pmpath: internal error: boom second line');
        expect(describeError(error, true)).toContain('\n    at ');
    });
});
