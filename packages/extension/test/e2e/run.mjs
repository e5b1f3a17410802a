// `npm run test:e2e`: runs the mocha suite in suite/ inside a real VS Code
// with @vscode/test-electron's runTests.
//   PMPATH_E2E_HOST=code-server (default): VS Code 1.100.3 as code-server in
//     headless Chromium (test/vscode-host, installed on first use), through
//     code-server-launcher.mjs standing in for the VS Code executable.
//   PMPATH_E2E_HOST=desktop: the desktop build that runTests downloads
//     (PMPATH_E2E_VSCODE_VERSION, default 1.100.3; `stable` for the newest).
// The extension bundles must be built (`npm run build`); they are built here
// when missing.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';

const here = path.dirname(fileURLToPath(import.meta.url));
const extensionDir = path.resolve(here, '..', '..');
const repoRoot = path.resolve(extensionDir, '..', '..');
const host = process.env.PMPATH_E2E_HOST ?? 'code-server';
if (host !== 'code-server' && host !== 'desktop') {
    console.error(`PMPATH_E2E_HOST must be "code-server" or "desktop", not "${host}".`);
    process.exit(2);
}

/** Exit code of test/vscode-host/setup.sh when a prerequisite is missing (it printed the one line that says which). */
const MISSING_PREREQUISITE = 3;

function run(command, args, options = {}) {
    const result = spawnSync(command, args, { stdio: 'inherit', ...options });
    if (result.status === MISSING_PREREQUISITE && args.some(arg => arg.endsWith('setup.sh'))) {
        process.exit(MISSING_PREREQUISITE);
    }
    if (result.status !== 0) {
        console.error(`${command} ${args.join(' ')} failed with exit code ${result.status}.`);
        process.exit(result.status ?? 2);
    }
}

const started = Date.now();
// Prerequisites first (Chromium, and the compilers code-server's native
// modules need on its first install): one line naming the apt-get command
// when something is missing, before anything is built or downloaded.
if (host === 'code-server') {
    run('bash', [path.join(repoRoot, 'test', 'vscode-host', 'setup.sh')]);
}
if (!existsSync(path.join(extensionDir, 'dist', 'extension.cjs')) || !existsSync(path.join(extensionDir, 'dist', 'server.cjs'))) {
    run(process.execPath, [path.join(extensionDir, 'esbuild.mjs')], { cwd: extensionDir });
}

// The suite runs in the extension host, which loads CommonJS: bundle it.
const suiteOut = path.join(here, 'out');
await esbuild.build({
    entryPoints: [path.join(here, 'suite', 'index.ts')],
    outfile: path.join(suiteOut, 'index.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
});

// A scratch workspace with a copy of the examples: the suite edits files.
const scratch = mkdtempSync(path.join(tmpdir(), 'pmpath-e2e-'));
const workspace = path.join(scratch, 'workspace');
mkdirSync(workspace);
cpSync(path.join(repoRoot, 'examples'), path.join(workspace, 'examples'), { recursive: true });

let exitCode = 0;
try {
    await runTests({
        vscodeExecutablePath: host === 'code-server' ? path.join(here, 'code-server-launcher.mjs') : undefined,
        version: host === 'desktop' ? (process.env.PMPATH_E2E_VSCODE_VERSION ?? '1.100.3') : undefined,
        extensionDevelopmentPath: extensionDir,
        extensionTestsPath: path.join(suiteOut, 'index.cjs'),
        launchArgs: [
            workspace,
            '--disable-extensions',
            `--user-data-dir=${path.join(scratch, 'user-data')}`,
            `--extensions-dir=${path.join(scratch, 'extensions')}`,
        ],
        // The launcher can click in webviews for the suite; desktop runs skip those tests.
        extensionTestsEnv: { PMPATH_E2E: '1', PMPATH_E2E_UI_CLICKS: host === 'code-server' ? '1' : '' },
    });
} catch (error) {
    console.error(`The VS Code integration tests failed (${error instanceof Error ? error.message : String(error)}).`);
    exitCode = 1;
} finally {
    rmSync(scratch, { recursive: true, force: true });
}
console.log(`e2e (${host}) finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(exitCode);
