/**
 * Tokenizes pmpath text with the shipped TextMate grammar
 * (syntaxes/pmpath.tmLanguage.json) through vscode-textmate and the
 * Oniguruma WebAssembly build: the same engine VS Code uses.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { DUO_TERMS } from '@pmpath/language';
import { textMateTokenizer } from './textmate-helpers.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const { load, tokenize, scopeOf } = textMateTokenizer('source.pmpath', path.join(repoRoot, 'syntaxes', 'pmpath.tmLanguage.json'));
beforeAll(load);

describe('the pmpath TextMate grammar', () => {
    test('scopes keywords, declaration names, roles, traits and labels', () => {
        const line = '  actor pulmonologist: clinician "Paediatric \\"CF\\" team" { genomics-trained }';
        expect(scopeOf(line, 'actor')).toBe('keyword.other.declaration.pmpath');
        expect(scopeOf(line, 'pulmonologist')).toBe('entity.name.variable.declaration.pmpath');
        expect(scopeOf(line, 'clinician')).toBe('support.type.role.pmpath');
        expect(scopeOf(line, 'genomics-trained')).toBe('storage.modifier.trait.pmpath');
        expect(scopeOf(line, '\\"')).toBe('constant.character.escape.pmpath');
        expect(scopeOf(line, 'Paediatric ')).toBe('string.quoted.double.pmpath');
    });

    test('scopes data categories and the unit string after `unit` as a unit', () => {
        const line = '  data sweatCl: biomarker "Sweat chloride" unit "mmol/L"';
        expect(scopeOf(line, 'biomarker')).toBe('support.type.category.pmpath');
        expect(scopeOf(line, 'unit')).toBe('keyword.other.unit.pmpath');
        expect(scopeOf(line, 'mmol/L')).toBe('string.quoted.double.unit.pmpath');
        expect(scopeOf(line, 'Sweat chloride')).toBe('string.quoted.double.pmpath');
        expect(scopeOf('  data diary: self-tracked', 'self-tracked')).toBe('support.type.category.pmpath');
        expect(scopeOf('  data fh: family-history', 'family-history')).toBe('support.type.category.pmpath');
    });

    test('scopes a data item\'s `code` clause: the keyword, the code system and the code, apart from labels and units', () => {
        const line = '  data sweatCl: biomarker "Sweat chloride" unit "mmol/L" code loinc "2077-6"';
        expect(scopeOf(line, 'code')).toBe('keyword.other.code.pmpath');
        expect(scopeOf(line, 'loinc')).toBe('support.constant.code-system.pmpath');
        expect(scopeOf(line, '2077-6')).toBe('constant.other.code.pmpath');
        expect(scopeOf(line, 'mmol/L')).toBe('string.quoted.double.unit.pmpath');
        expect(scopeOf(line, 'Sweat chloride')).toBe('string.quoted.double.pmpath');
        const snomed = '  data cf: clinical code snomed "190905008"';
        expect(scopeOf(snomed, 'snomed')).toBe('support.constant.code-system.pmpath');
        expect(scopeOf(snomed, '190905008')).toBe('constant.other.code.pmpath');
        // `code` inside a label is text, and a name `code` elsewhere is not the keyword.
        expect(scopeOf('  data x: clinical "the code loinc here"', 'the code loinc here')).toBe('string.quoted.double.pmpath');
        expect(scopeOf('  data y: pharmacogenomic', 'pharmacogenomic')).toBe('support.type.category.pmpath');
        expect(scopeOf('  data z: genomic-score', 'genomic-score')).toBe('support.type.category.pmpath');
        expect(scopeOf('  cutoff P: y is poor-metabolizer', 'poor-metabolizer')).toBe('constant.language.metabolizer-phenotype.pmpath');
    });

    test('scopes cutoff numbers, comparison operators, interval units and variant classes, matching hyphenated words whole', () => {
        const numeric = '  cutoff SweatIntermediate: sweatCl in [30, 60) "mmol/L" source "CFF 2017"';
        expect(scopeOf(numeric, '30')).toBe('constant.numeric.pmpath');
        expect(scopeOf(numeric, 'in')).toBe('keyword.other.pmpath');
        expect(scopeOf(numeric, 'mmol/L')).toBe('string.quoted.double.unit.pmpath');
        expect(scopeOf(numeric, 'source')).toBe('keyword.other.clause.pmpath');
        expect(scopeOf(numeric, 'CFF 2017')).toBe('string.quoted.double.pmpath');
        expect(scopeOf('  cutoff Low: x >= -2.5 "mg/dL"', '>=')).toBe('keyword.operator.comparison.pmpath');
        expect(scopeOf('  cutoff Low: x >= -2.5 "mg/dL"', '-2.5')).toBe('constant.numeric.pmpath');
        const classes = '  cutoff P: cftr is pathogenic, likely-pathogenic';
        expect(scopeOf(classes, 'pathogenic')).toBe('constant.language.variant-class.pmpath');
        expect(scopeOf(classes, 'likely-pathogenic')).toBe('constant.language.variant-class.pmpath');
    });

    test('scopes every DUO term inside a `duo` clause, marks obsolete terms, and leaves uppercase names alone elsewhere', () => {
        for (const term of DUO_TERMS.filter(t => !t.obsolete)) {
            expect(scopeOf(`    duo ${term.code}`, term.code), term.code).toBe('support.constant.duo-term.pmpath');
        }
        expect(scopeOf('    duo GRU-CC, RU', 'GRU-CC')).toBe('invalid.deprecated.duo-term.pmpath');
        expect(scopeOf('    duo GRU-CC, RU', 'RU')).toBe('invalid.deprecated.duo-term.pmpath');
        expect(scopeOf('    duo DS "cystic fibrosis", NPU', 'cystic fibrosis')).toBe('string.quoted.double.pmpath');
        expect(scopeOf('  data TS: clinical', 'TS')).toBe('entity.name.variable.declaration.pmpath');
        expect(scopeOf('  flow TS from a to b for care', 'TS')).not.toMatch(/duo/);
    });

    test('scopes states, hybrid kinds, transitions, guards, durations and purposes', () => {
        const state = '  initial state Newborn: healthy "Screened newborn"';
        expect(scopeOf(state, 'initial')).toBe('storage.modifier.state.pmpath');
        expect(scopeOf(state, 'Newborn')).toBe('entity.name.type.state.pmpath');
        expect(scopeOf(state, 'healthy')).toBe('support.type.state-kind.pmpath');
        expect(scopeOf('  state S: hybrid patient-in-waiting', 'patient-in-waiting')).toBe('support.type.hybrid-kind.pmpath');
        const transition = '  CFSPID -> CF when SweatPositive or not TwoPathogenic after 6 years by pulmonologist';
        expect(scopeOf(transition, '->')).toBe('keyword.operator.arrow.pmpath');
        expect(scopeOf(transition, 'or')).toBe('keyword.operator.logical.pmpath');
        expect(scopeOf(transition, 'not')).toBe('keyword.operator.logical.pmpath');
        expect(scopeOf(transition, 'years')).toBe('keyword.other.duration-unit.pmpath');
        const flow = '  flow cftr from lab to registry for public-health waiver "IRB-2024-17"';
        expect(scopeOf(flow, 'public-health')).toBe('constant.language.purpose.pmpath');
        expect(scopeOf(flow, 'waiver')).toBe('keyword.other.pmpath');
        // Keywords are case-sensitive: `Carrier` is a name.
        expect(scopeOf('  X -> Carrier by doc', 'Carrier')).not.toMatch(/hybrid-kind/);
    });

    test('scopes comments, and suppression directives with their rule ids and reason as distinct scopes', () => {
        const directive = '  // pmpath-disable-next-line cutoff-without-source, unused-declaration -- pending the 2025 guideline';
        expect(scopeOf(directive, 'pmpath-disable-next-line')).toBe('keyword.other.directive.suppression.pmpath');
        expect(scopeOf(directive, 'cutoff-without-source')).toBe('constant.other.rule-id.pmpath');
        expect(scopeOf(directive, 'unused-declaration')).toBe('constant.other.rule-id.pmpath');
        expect(scopeOf(directive, '--')).toBe('punctuation.separator.reason.pmpath');
        expect(scopeOf(directive, ' pending the 2025 guideline')).toBe('comment.line.reason.pmpath');
        expect(scopeOf('  // plain comment with state and 42', ' plain comment with state and 42')).toBe('comment.line.double-slash.pmpath');
        const block = tokenize('/* a block\n   state X: sick\n*/ state Y: sick');
        expect(block[1][0].scopes).toContain('comment.block.pmpath');
        expect(block[2].find(t => t.text === 'Y')?.scopes.at(-1)).toBe('entity.name.type.state.pmpath');
    });

    test('keeps every line of every example free of stray scopes: no keyword inside a string, no string running past its line', () => {
        const files = ['cf-newborn-screening.pmpath', 'brca-carriers.pmpath', 'prediabetes-wearables.pmpath', 'cyp2c19-clopidogrel.pmpath'];
        for (const file of files) {
            const text = readFileSync(path.join(repoRoot, 'examples', file), 'utf8');
            const lines = tokenize(text);
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
