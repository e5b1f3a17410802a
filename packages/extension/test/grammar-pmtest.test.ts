/**
 * Tokenizes test suites with the shipped TextMate grammar for `.pmtest` files
 * (syntaxes/pmtest.tmLanguage.json) through vscode-textmate and the Oniguruma
 * WebAssembly build, the engine VS Code uses; and checks that the extension
 * contributes the `pmtest` language with that grammar and its snippets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { textMateTokenizer } from './textmate-helpers.js';

const extensionRoot = path.resolve(import.meta.dirname, '..');
const repoRoot = path.resolve(extensionRoot, '..', '..');
const grammarPath = path.join(repoRoot, 'syntaxes', 'pmtest.tmLanguage.json');
const { load, tokenize, scopeOf } = textMateTokenizer('source.pmtest', grammarPath);
beforeAll(load);

describe('the pmtest TextMate grammar', () => {
    test('scopes imports, the suite header and the start date', () => {
        expect(scopeOf('import "../cf-newborn-screening.pmpath"', 'import')).toBe('keyword.control.import.pmtest');
        expect(scopeOf('import "../cf-newborn-screening.pmpath"', '../cf-newborn-screening.pmpath')).toBe('string.quoted.double.pmtest');
        const header = 'tests for CysticFibrosisNewbornScreening {';
        expect(scopeOf(header, 'tests')).toBe('keyword.other.declaration.pmtest');
        expect(scopeOf(header, 'for')).toBe('keyword.other.pmtest');
        expect(scopeOf(header, 'CysticFibrosisNewbornScreening')).toBe('entity.name.type.pathway.pmtest');
        expect(scopeOf(header, '{')).toBe('punctuation.definition.block.pmtest');
        expect(scopeOf('  start "2025-01-01"   // the first day', 'start')).toBe('keyword.other.pmtest');
        expect(scopeOf('  start "2025-01-01"   // the first day', '2025-01-01')).toBe('string.quoted.double.date.pmtest');
        expect(scopeOf('  start "2025-01-01"   // the first day', ' the first day')).toBe('comment.line.double-slash.pmtest');
    });

    test('scopes scenario names and their start state, with escapes, and keeps keywords inside names plain', () => {
        const line = '  scenario "observe \\"wait\\" expect state X" from CFSPID {';
        expect(scopeOf(line, 'scenario')).toBe('keyword.other.declaration.pmtest');
        expect(scopeOf(line, 'observe ')).toBe('string.quoted.double.scenario-name.pmtest');
        expect(scopeOf(line, '\\"')).toBe('constant.character.escape.pmtest');
        expect(scopeOf(line, 'from')).toBe('keyword.other.pmtest');
        expect(scopeOf(line, 'CFSPID')).toBe('entity.name.type.state.pmtest');
    });

    test('scopes observations: data, numbers (negative too), units, classes and phenotypes, matching hyphenated words whole', () => {
        const numeric = '    observe sweatCl = -72.5 "mmol/L"';
        expect(scopeOf(numeric, 'observe')).toBe('keyword.control.step.pmtest');
        expect(scopeOf(numeric, 'sweatCl')).toBe('variable.other.data.pmtest');
        expect(scopeOf(numeric, '=')).toBe('keyword.operator.assignment.pmtest');
        expect(scopeOf(numeric, '-72.5')).toBe('constant.numeric.pmtest');
        expect(scopeOf(numeric, 'mmol/L')).toBe('string.quoted.double.unit.pmtest');
        const variant = '    observe cftr is likely-pathogenic';
        expect(scopeOf(variant, 'is')).toBe('keyword.other.pmtest');
        expect(scopeOf(variant, 'likely-pathogenic')).toBe('constant.language.variant-class.pmtest');
        expect(scopeOf('    observe cyp is ultrarapid-metabolizer', 'ultrarapid-metabolizer')).toBe('constant.language.metabolizer-phenotype.pmtest');
    });

    test('scopes waits and expectations, with the states of an expected path', () => {
        expect(scopeOf('    wait 6 years', 'wait')).toBe('keyword.control.step.pmtest');
        expect(scopeOf('    wait 6 years', '6')).toBe('constant.numeric.pmtest');
        expect(scopeOf('    wait 6 years', 'years')).toBe('keyword.other.duration-unit.pmtest');
        const state = '    expect state Cleared';
        expect(scopeOf(state, 'expect')).toBe('keyword.control.step.pmtest');
        expect(scopeOf(state, 'state')).toBe('keyword.other.pmtest');
        expect(scopeOf(state, 'Cleared')).toBe('entity.name.type.state.pmtest');
        const expectedPath = '    expect path Newborn -> ScreenPositive -> CF // done';
        expect(scopeOf(expectedPath, 'path')).toBe('keyword.other.pmtest');
        expect(scopeOf(expectedPath, 'Newborn')).toBe('entity.name.type.state.pmtest');
        expect(scopeOf(expectedPath, '->')).toBe('keyword.operator.arrow.pmtest');
        expect(scopeOf(expectedPath, 'CF')).toBe('entity.name.type.state.pmtest');
        expect(scopeOf(expectedPath, ' done')).toBe('comment.line.double-slash.pmtest');
        // Keywords are case-sensitive: `Wait` is a name.
        expect(scopeOf('    expect path Wait -> B', 'Wait')).toBe('entity.name.type.state.pmtest');
    });

    test('scopes comments, block comments across lines and suppression directives', () => {
        const directive = '    // pmpath-disable-next-line test-observation-mismatch -- the lab reports percent';
        expect(scopeOf(directive, 'pmpath-disable-next-line')).toBe('keyword.other.directive.suppression.pmtest');
        expect(scopeOf(directive, 'test-observation-mismatch')).toBe('constant.other.rule-id.pmtest');
        expect(scopeOf(directive, ' the lab reports percent')).toBe('comment.line.reason.pmtest');
        const block = tokenize('/* a comment\n   observe x = 1\n*/ wait 1 day');
        expect(block[1][0].scopes).toContain('comment.block.pmtest');
        expect(block[2].find(t => t.text === 'wait')?.scopes.at(-1)).toBe('keyword.control.step.pmtest');
    });

    test('keeps every line of every example suite free of stray scopes: no keyword inside a string, no string past its line', () => {
        const examples = path.join(repoRoot, 'examples');
        const suites = readdirSync(examples, { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.pmtest'));
        expect(suites.length).toBeGreaterThanOrEqual(6);
        for (const file of suites) {
            const lines = tokenize(readFileSync(path.join(examples, file), 'utf8'));
            lines.forEach((tokens, i) => {
                for (const token of tokens) {
                    if (token.scopes.some(s => s.startsWith('string.'))) {
                        expect(token.scopes.some(s => s.startsWith('keyword.')), `${file}:${i + 1} "${token.text}"`).toBe(false);
                    }
                }
            });
        }
    });
});

describe('the pmtest language contribution', () => {
    const manifest = JSON.parse(readFileSync(path.join(extensionRoot, 'package.json'), 'utf8')) as {
        activationEvents: string[];
        contributes: {
            languages: Array<{ id: string; extensions: string[]; configuration: string }>;
            grammars: Array<{ language: string; scopeName: string; path: string }>;
            snippets: Array<{ language: string; path: string }>;
        };
    };

    test('declares the language, its extension, configuration, grammar, snippets and activation', () => {
        const language = manifest.contributes.languages.find(l => l.id === 'pmtest');
        expect(language).toMatchObject({ extensions: ['.pmtest'], configuration: './language-configuration.json' });
        expect(manifest.contributes.grammars.find(g => g.language === 'pmtest')).toEqual({ language: 'pmtest', scopeName: 'source.pmtest', path: './syntaxes/pmtest.tmLanguage.json' });
        expect(manifest.activationEvents).toContain('onLanguage:pmtest');
        const grammarFile = JSON.parse(readFileSync(grammarPath, 'utf8')) as { scopeName: string };
        expect(grammarFile.scopeName).toBe('source.pmtest');
        const vscodeignore = readFileSync(path.join(extensionRoot, '.vscodeignore'), 'utf8');
        expect(vscodeignore).toContain('!syntaxes/pmtest.tmLanguage.json');
    });

    test('ships snippets whose bodies are valid suite text', () => {
        const entry = manifest.contributes.snippets.find(s => s.language === 'pmtest')!;
        const snippets = JSON.parse(readFileSync(path.join(extensionRoot, entry.path), 'utf8')) as Record<string, { prefix: string; body: string[] }>;
        expect(Object.values(snippets).map(s => s.prefix)).toEqual(expect.arrayContaining(['tests', 'scenario', 'observe', 'wait', 'expect state', 'expect path']));
        const suite = snippets['Test suite'].body.join('\n');
        expect(suite).toMatch(/^import "\$\{1:[^}]+\}"\n\ntests for \$\{2:Pathway\} \{/);
    });

    test('is served by the client and watched for changes made outside the editor', () => {
        const source = readFileSync(path.join(extensionRoot, 'src', 'extension.ts'), 'utf8');
        expect(source).toContain("{ scheme: 'file', language: 'pmtest' }");
        expect(source).toContain("{ scheme: 'untitled', language: 'pmtest' }");
        expect(source).toContain('**/{*.pmpath,*.pmtest,.pmpathrc.json}');
    });
});
