/**
 * Property-based tests (fast-check) over generated and mutated pathways:
 * every diagnostic lies inside the file, formatting is idempotent and never
 * changes the diagnostics, and the CLI exits with 0 or 1 — never 2, never a
 * crash — on whatever text a file holds. Runs are seeded (override with
 * PMPATH_FC_SEED, scale with PMPATH_FC_SCALE) so a failure reproduces; fast-check prints the shrunk input.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toLintDiagnostic, type LintDiagnostic } from '@pmpath/language';
import { applyEdits, createLspWorkspace } from '../../packages/language/test/lsp-helpers.js';
import { anyPathwayArb, generatedPathwayArb, linesOf, mutatedPathwayArb } from './pathway-arbitraries.js';

const seed = Number(process.env.PMPATH_FC_SEED ?? 20_250_611);
/** PMPATH_FC_SCALE=10 runs ten times as many cases (for a longer local search). */
const runs = (n: number) => Math.round(n * Number(process.env.PMPATH_FC_SCALE ?? 1));
const ws = createLspWorkspace();
const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'packages/cli/bin/pmpath.js');

async function diagnose(text: string): Promise<{ diagnostics: LintDiagnostic[]; formatted: string }> {
    const document = await ws.one(text);
    const diagnostics = (document.diagnostics ?? []).map(toLintDiagnostic);
    const edits = await ws.services.lsp.Formatter!.formatDocument(document, { textDocument: { uri: document.textDocument.uri }, options: { tabSize: 2, insertSpaces: true } });
    return { diagnostics, formatted: applyEdits(text, edits) };
}

/** Why a diagnostic does not lie inside the text, or undefined when it does. */
function outside(d: { line: number; column: number; endLine: number; endColumn: number }, text: string): string | undefined {
    const lines = linesOf(text);
    const inLine = (line: number, column: number) => line >= 1 && line <= lines.length && column >= 1 && column <= lines[line - 1].length + 1;
    if (!inLine(d.line, d.column)) return `start ${d.line}:${d.column} is outside the file (${lines.length} lines)`;
    if (!inLine(d.endLine, d.endColumn)) return `end ${d.endLine}:${d.endColumn} is outside the file (${lines.length} lines)`;
    if (d.endLine < d.line || (d.endLine === d.line && d.endColumn < d.column)) return `end ${d.endLine}:${d.endColumn} is before start ${d.line}:${d.column}`;
    return undefined;
}

/** What a diagnostic says, without positions (formatting moves text, line numbers in messages too). */
function finding(d: LintDiagnostic): string {
    return `${d.rule} ${d.severity} ${d.message.replace(/\bline \d+/g, 'line N')}`;
}

describe('properties of generated and mutated pathways', () => {
    it('every diagnostic lies inside the file', async () => {
        await fc.assert(fc.asyncProperty(anyPathwayArb, async text => {
            const { diagnostics } = await diagnose(text);
            for (const d of diagnostics) {
                const problem = outside(d, text);
                expect(problem, `${d.rule}: ${d.message}`).toBeUndefined();
            }
        }), { seed, numRuns: runs(250) });
    });

    it('formatting is idempotent and never changes the diagnostics', async () => {
        await fc.assert(fc.asyncProperty(fc.oneof(generatedPathwayArb, mutatedPathwayArb), async text => {
            const first = await diagnose(text);
            const second = await diagnose(first.formatted);
            expect(second.formatted).toBe(first.formatted);
            expect(second.diagnostics.map(finding).sort()).toEqual(first.diagnostics.map(finding).sort());
        }), { seed: seed + 1, numRuns: runs(200) });
    });

    it('the CLI exits with 0 or 1 on any of them, and its diagnostics lie inside the files', () => {
        const texts = fc.sample(anyPathwayArb, { seed: seed + 2, numRuns: runs(80) });
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmpath-properties-'));
        try {
            texts.forEach((text, i) => fs.writeFileSync(path.join(dir, `case${String(i).padStart(3, '0')}.pmpath`), text));
            const run = spawnSync(process.execPath, [cli, 'check', dir, '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
            expect(run.stderr).toBe('');
            expect([0, 1]).toContain(run.status);
            const report = JSON.parse(run.stdout) as { files: Array<{ path: string; diagnostics: LintDiagnostic[] }> };
            expect(report.files).toHaveLength(texts.length);
            for (const file of report.files) {
                const text = fs.readFileSync(path.join(dir, file.path), 'utf8');
                for (const d of file.diagnostics) {
                    expect(outside(d, text), `${file.path} ${d.rule}: ${d.message}`).toBeUndefined();
                }
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
