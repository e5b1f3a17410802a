import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runDiagram } from '../../cli/src/commands/diagram.js';
import { runReport } from '../../cli/src/commands/report.js';
import { CliError } from '../../cli/src/errors.js';
import { generatePathway } from './fixtures.js';
import { repoRoot } from './helpers.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pmpath-diagram-cli-'));

describe('pmpath diagram and pmpath report', () => {
    it('write every view in every format for an example', async () => {
        for (const view of ['states', 'flows'] as const) {
            for (const format of ['svg', 'mermaid', 'dot'] as const) {
                const output = path.join(tmp, `cf-${view}.${format}`);
                expect(await runDiagram('examples/cf-newborn-screening.pmpath', { view, format, output }, repoRoot)).toBe(0);
                const text = fs.readFileSync(output, 'utf8');
                expect(text).toMatch(format === 'svg' ? /^<svg/ : format === 'dot' ? /^\/\/ pmpath/ : view === 'states' ? /^stateDiagram-v2/ : /^flowchart LR/);
            }
        }
    });

    it('fail with one-line messages for a missing file and a library', async () => {
        await expect(runDiagram('examples/nope.pmpath', { view: 'states', format: 'svg' }, repoRoot)).rejects.toThrow(new CliError('examples/nope.pmpath: no such file'));
        await expect(runDiagram('examples/shared/genomics-services.pmpath', { view: 'states', format: 'svg' }, repoRoot)).rejects.toThrow(/is a library; diagrams are drawn for pathways/);
    });

    it('warn on stderr when a Mermaid diagram exceeds 500 edges', async () => {
        const file = path.join(tmp, 'big.pmpath');
        fs.writeFileSync(file, generatePathway(300));
        const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
        try {
            expect(await runDiagram(file, { view: 'states', format: 'mermaid', output: path.join(tmp, 'big.mmd') }, tmp)).toBe(0);
            expect(stderr.mock.calls.map(c => String(c[0])).join('')).toMatch(/^pmpath: warning: The states diagram of pathway Generated300 has \d+ edges, more than Mermaid's default limit of 500/);
        } finally {
            stderr.mockRestore();
        }
    });

    it('write one dossier for several files and a directory, in HTML and Markdown', async () => {
        const html = path.join(tmp, 'out/dossier.html');
        expect(await runReport(['examples/cf-newborn-screening.pmpath', 'examples/brca-carriers.pmpath'], { format: 'html', output: html }, repoRoot)).toBe(0);
        const text = fs.readFileSync(html, 'utf8');
        expect(text).toContain('Pathway CysticFibrosisNewbornScreening');
        expect(text).toContain('Pathway BrcaCascadeAndSurveillance');
        const md = path.join(tmp, 'dossier.md');
        expect(await runReport(['examples/flawed/downstream-consent.pmpath'], { format: 'md', output: md }, repoRoot)).toBe(0);
        expect(fs.readFileSync(md, 'utf8')).toMatch(/```mermaid\nflowchart LR/);
    });
});
