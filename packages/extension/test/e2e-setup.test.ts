/**
 * `npm test` on a fresh machine: the VS Code tests' setup checks its
 * prerequisites before it downloads or compiles anything, and when one is
 * missing prints exactly one line naming the apt-get command (exit 3), which
 * `npm run test:e2e` passes on without a line of its own.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const setup = path.join(root, 'test/vscode-host/setup.sh');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pmpath-host-setup-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A PATH with node and nothing else: no make, no g++, no python3. */
function barePath(): string {
    const bin = path.join(scratch, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    if (!fs.existsSync(path.join(bin, 'node'))) fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    return bin;
}

const headers = fs.existsSync('/usr/include/gssapi/gssapi.h') ? [] : ['libkrb5-dev'];
const message = (packages: string[]) => `vscode-host: missing prerequisites for the VS Code tests; install them with: apt-get install -y ${packages.join(' ')}`;

function runSetup(env: Record<string, string>): { status: number | null; stdout: string; stderr: string; hostDir: string } {
    const hostDir = fs.mkdtempSync(path.join(scratch, 'host-'));
    const result = spawnSync('/bin/bash', [setup], { encoding: 'utf8', env: { PMPATH_VSCODE_HOST_DIR: hostDir, TMPDIR: scratch, ...env }, timeout: 60_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, hostDir };
}

describe('test/vscode-host/setup.sh prerequisites', () => {
    it('names every missing Debian package in one apt-get line, and installs nothing', () => {
        const result = runSetup({ PATH: barePath(), PMPATH_CHROMIUM: '/nonexistent/chromium' });
        expect(result.status).toBe(3);
        expect(result.stderr).toBe(`${message(['chromium', ...headers, 'build-essential', 'python3'])}\n`);
        expect(result.stdout).toBe('');
        expect(fs.readdirSync(result.hostDir)).toEqual([]);
    });

    it('asks only for what is missing', () => {
        const result = runSetup({ PATH: process.env.PATH ?? '', PMPATH_CHROMIUM: '/nonexistent/chromium' });
        const tools = ['make', 'g++', 'python3'].every(tool => spawnSync('/bin/sh', ['-c', `command -v ${tool}`]).status === 0);
        expect(result.status).toBe(3);
        expect(result.stderr).toBe(`${message(['chromium', ...headers, ...(tools ? [] : ['build-essential', 'python3'])])}\n`);
    });

    it('is passed on by `npm run test:e2e` as that one line', () => {
        const result = spawnSync(process.execPath, [path.join(root, 'packages/extension/test/e2e/run.mjs')], {
            cwd: root, encoding: 'utf8', timeout: 120_000,
            env: { ...process.env, PMPATH_CHROMIUM: '/nonexistent/chromium', PMPATH_E2E_HOST: 'code-server' },
        });
        expect(result.status).toBe(3);
        expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(result.stderr).toMatch(/^vscode-host: missing prerequisites for the VS Code tests; install them with: apt-get install -y chromium\b/);
    });
});
