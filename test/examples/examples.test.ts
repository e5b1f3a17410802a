/**
 * The bundled examples are documentation that must stay true: the pathways at
 * the top of `examples/` (and their shared library) produce no findings, and
 * every file in `examples/flawed/` produces exactly the findings its header
 * documents (`// expect: LINE RULE-ID`, `A|B` = on one of those lines).
 * Together the flawed files make every rule of the registry fire.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles, RULES, type FileLintResult } from '@pmpath/language';

const examples = path.resolve(import.meta.dirname, '../../examples');

function pmpathFiles(dir: string): string[] {
    return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter(f => f.endsWith('.pmpath'))
        .map(f => path.join(dir, f))
        .sort();
}

interface Expectation { lines: number[]; rule: string }

function expectationsOf(file: string): Expectation[] {
    const text = fs.readFileSync(file, 'utf8');
    return [...text.matchAll(/^\/\/ expect: ([\d|]+) ([a-z-]+)\s*$/gm)]
        .map(m => ({ lines: m[1].split('|').map(Number), rule: m[2] }));
}

const all = pmpathFiles(examples);
const run = await lintFiles(all);
const byPath = new Map<string, FileLintResult>(run.files.map(f => [f.filePath, f]));
const flawed = all.filter(f => f.includes(`${path.sep}flawed${path.sep}`));
const clean = all.filter(f => !flawed.includes(f));

describe('bundled examples', () => {
    it('has at least six clean pathways and a shared library', () => {
        expect(clean.length).toBeGreaterThanOrEqual(7);
        expect(clean.some(f => fs.readFileSync(f, 'utf8').includes('library '))).toBe(true);
    });

    it.each(clean.map(f => [path.relative(examples, f), f]))('%s has no findings', (_name, file) => {
        expect(byPath.get(file)!.diagnostics).toEqual([]);
    });

    it.each(flawed.map(f => [path.relative(examples, f), f]))('%s has exactly the findings it documents', (_name, file) => {
        const actual = byPath.get(file)!.diagnostics.map(d => ({ line: d.line, rule: d.rule }));
        const remaining = [...actual];
        const missing: Expectation[] = [];
        for (const exp of expectationsOf(file)) {
            const index = remaining.findIndex(a => a.rule === exp.rule && exp.lines.includes(a.line));
            if (index >= 0) remaining.splice(index, 1); else missing.push(exp);
        }
        expect({ missing, unexpected: remaining }).toEqual({ missing: [], unexpected: [] });
    });

    it('makes every rule of the registry fire somewhere in examples/flawed', () => {
        const fired = new Set(flawed.flatMap(f => byPath.get(f)!.diagnostics.map(d => d.rule)));
        expect(RULES.map(r => r.id).filter(id => !fired.has(id))).toEqual([]);
    });
});
