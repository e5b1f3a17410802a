/**
 * SARIF for code scanning, checked by Microsoft's SARIF Multitool 5.7.0 (a
 * devDependency; its Linux binary is run directly) with the SARIF rules and
 * GitHub's ingestion rules: `validate --rule-kind "Sarif;Gh"` must report no
 * error and no warning. The OASIS JSON-schema checks live in cli.test.ts and
 * test/spec; this is the stricter, semantic check.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pmpath, removeTempTrees, REPO_ROOT, tempTree } from './helpers.js';

afterAll(removeTempTrees);

const MULTITOOL = path.join(REPO_ROOT, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');
const available = process.platform === 'linux' && process.arch === 'x64' && fs.existsSync(MULTITOOL);

interface ValidationResult { ruleId: string; level?: string; message: { text?: string; id?: string }; locations?: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }

describe('SARIF Multitool', { timeout: 300_000 }, () => {
    it.skipIf(!available)('validates pmpath SARIF (findings, suppressions, clean runs, a subfolder, --base) with 0 errors and 0 warnings', async () => {
        const folder = tempTree({
            '.git/HEAD': 'ref: refs/heads/main\n',
            'clean/clean.pmpath': fs.readFileSync(path.join(REPO_ROOT, 'examples/cf-newborn-screening.pmpath'), 'utf8'),
        }, 'pmpath-multitool-');
        fs.cpSync(path.join(REPO_ROOT, 'examples'), path.join(folder, 'examples'), { recursive: true });
        // Each log with the folder pmpath runs in and its arguments.
        const logs: Record<string, { cwd: string; args: string[] }> = {
            'findings.sarif': { cwd: folder, args: ['examples'] },
            'clean.sarif': { cwd: folder, args: ['clean'] },
            'subfolder.sarif': { cwd: path.join(folder, 'examples'), args: ['flawed'] },
            'based.sarif': { cwd: path.join(folder, 'examples'), args: ['--base', '.', 'flawed'] },
        };
        for (const [name, { cwd, args }] of Object.entries(logs)) {
            const result = await pmpath(['check', '--format', 'sarif', '--output', path.join(folder, name), ...args], { cwd });
            expect(result.status, result.stderr).not.toBe(2);
        }
        const findings = JSON.parse(fs.readFileSync(path.join(folder, 'findings.sarif'), 'utf8'));
        // The logs exercise what the Multitool must judge: many rules, suppressed results, fingerprints.
        expect(findings.runs[0].results.length).toBeGreaterThan(40);
        expect(findings.runs[0].results.some((r: { suppressions?: unknown }) => r.suppressions)).toBe(true);

        // The package's postinstall only does `chmod u+x`; npm 11 skips the install
        // scripts of dependencies that package.json does not approve, so do it here.
        try {
            fs.accessSync(MULTITOOL, fs.constants.X_OK);
        } catch {
            fs.chmodSync(MULTITOOL, 0o755);
        }
        const output = path.join(folder, 'validation.sarif');
        const run = spawnSync(MULTITOOL, ['validate', '--rule-kind', 'Sarif;Gh', '--output', output, ...Object.keys(logs).map(name => path.join(folder, name))], {
            cwd: folder,
            encoding: 'utf8',
            timeout: 240_000,
            // .NET needs ICU for culture data unless told to run without it; a fresh machine may lack libicu.
            env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
        });
        expect(fs.existsSync(output), `the Multitool wrote no validation log (exit ${run.status}, ${run.error?.message ?? 'no spawn error'}):\n${run.stdout}\n${run.stderr}`).toBe(true);
        const validation = JSON.parse(fs.readFileSync(output, 'utf8')) as { runs: Array<{ results?: ValidationResult[]; invocations?: Array<{ executionSuccessful?: boolean; toolExecutionNotifications?: unknown[] }> }> };
        const problems = validation.runs.flatMap(r => r.results ?? [])
            // A result without a level is a warning in SARIF.
            .filter(r => (r.level ?? 'warning') === 'error' || (r.level ?? 'warning') === 'warning')
            .map(r => `${r.ruleId} in ${r.locations?.[0]?.physicalLocation.artifactLocation.uri}: ${r.message.text ?? r.message.id}`);
        expect(problems, run.stdout).toEqual([]);
        expect(validation.runs.flatMap(r => r.invocations ?? []).every(i => i.executionSuccessful !== false), run.stdout).toBe(true);
        expect(run.stdout).toContain('4 files scanned');
    });
});
