/**
 * The bundled examples are documentation that must stay true: the pathways at
 * the top of `examples/`, their shared library and their test suites in
 * `examples/tests/` produce no findings, and every file in `examples/flawed/`
 * produces exactly the findings its header documents (`// expect: LINE
 * RULE-ID`, `A|B` = on one of those lines). Together the flawed files make
 * every rule of the registry fire.
 *
 * The example suites are run too: every scenario of `examples/tests/` passes
 * and together they take every transition of every example pathway (`pmpath
 * test examples/tests --min-coverage 100`); a flawed suite fails exactly at
 * the lines its header documents (`// expect-failure: LINE KIND`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
    CoverageCollector, isPmpathFile, lintFiles, RULES, runSuite, transitionCoveragePercent, type FileLintResult, type SuiteResult, type TestSuite
} from '@pmpath/language';

const examples = path.resolve(import.meta.dirname, '../../examples');

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter(f => f.endsWith('.pmpath') || f.endsWith('.pmtest'))
        .map(f => path.join(dir, f))
        .sort();
}

interface Expectation { lines: number[]; rule: string }

function expectationsOf(file: string): Expectation[] {
    const text = fs.readFileSync(file, 'utf8');
    return [...text.matchAll(/^\/\/ expect: ([\d|]+) ([a-z-]+)\s*$/gm)]
        .map(m => ({ lines: m[1].split('|').map(Number), rule: m[2] }));
}

function expectedFailuresOf(file: string): Array<{ line: number; kind: string }> {
    const text = fs.readFileSync(file, 'utf8');
    return [...text.matchAll(/^\/\/ expect-failure: (\d+) ([a-z-]+)\s*$/gm)].map(m => ({ line: Number(m[1]), kind: m[2] }));
}

const all = sourceFiles(examples);
const run = await lintFiles(all);
const byPath = new Map<string, FileLintResult>(run.files.map(f => [f.filePath, f]));
const flawed = all.filter(f => f.includes(`${path.sep}flawed${path.sep}`));
const clean = all.filter(f => !flawed.includes(f));
const cleanPathways = clean.filter(f => f.endsWith('.pmpath') && !f.includes(`${path.sep}shared${path.sep}`));
const cleanSuites = clean.filter(f => f.endsWith('.pmtest'));

function suiteOf(file: string): TestSuite {
    const root = byPath.get(file)!.document!.parseResult.value;
    if (!isPmpathFile(root) || root.body?.$type !== 'TestSuite') throw new Error(`${file} holds no test suite`);
    return root.body;
}

describe('bundled examples', () => {
    it('has at least six clean pathways and a shared library', () => {
        expect(cleanPathways.length).toBeGreaterThanOrEqual(6);
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

describe('example test suites', () => {
    const coverage = new CoverageCollector();
    const results = new Map<string, SuiteResult>(cleanSuites.map(file => [file, runSuite(suiteOf(file), { coverage })]));

    it('has a suite in examples/tests for every example pathway', () => {
        const tested = new Set(cleanSuites.map(file => suiteOf(file).pathway.ref?.name));
        const pathways = cleanPathways.map(file => {
            const root = byPath.get(file)!.document!.parseResult.value;
            return isPmpathFile(root) && root.body?.$type === 'Pathway' ? root.body.name : undefined;
        });
        expect(pathways.filter(name => !tested.has(name))).toEqual([]);
    });

    it.each(cleanSuites.map(f => [path.relative(examples, f), f]))('every scenario of %s passes', (_name, file) => {
        const failures = results.get(file)!.scenarios.filter(s => s.status === 'failed').map(s => `${s.name}: ${s.failure?.message}`);
        expect(failures).toEqual([]);
        expect(results.get(file)!.scenarios.length).toBeGreaterThanOrEqual(5);
    });

    it('takes every transition of every example pathway', () => {
        const below = coverage.summaries().filter(c => transitionCoveragePercent(c) < 100)
            .map(c => `${c.name}: ${c.transitions.notTaken.map(t => `${t.from} -> ${t.to}`).join(', ')}`);
        expect(below).toEqual([]);
        expect(coverage.summaries()).toHaveLength(cleanPathways.length);
    });

    it.each(flawed.filter(f => expectedFailuresOf(f).length > 0).map(f => [path.relative(examples, f), f]))('%s fails exactly where its header says', (_name, file) => {
        expect(byPath.get(file)!.diagnostics).toEqual([]);
        const result = runSuite(suiteOf(file));
        const failures = result.scenarios.filter(s => s.failure).map(s => ({ line: s.failure!.line, kind: s.failure!.kind }));
        expect(failures).toEqual(expectedFailuresOf(file));
        expect(result.scenarios.some(s => s.status === 'passed')).toBe(true);
    });
});
