#!/usr/bin/env node
// Stands in for the VS Code executable that @vscode/test-electron's runTests
// starts, on machines where desktop VS Code cannot be downloaded: it accepts
// the same arguments (--extensionDevelopmentPath=, --extensionTestsPath=,
// --user-data-dir=, --extensions-dir=, a workspace folder), serves the real
// VS Code workbench with code-server (test/vscode-host), opens it in headless
// Chromium via playwright-core with the extension under test, and exits with
// the mocha suite's exit code.
//
// Optional: PMPATH_E2E_SCREENSHOT=<file.png> takes a screenshot of the
// workbench when the suite calls the `codeAutomationLog` hook with
// "pmpath:screenshot"; PMPATH_E2E_SCREENSHOT_TESTING=<file.png> likewise with
// "pmpath:screenshot:testing" (the Testing view picture).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..', '..', '..');
const codeServerEntry = path.join(repoRoot, 'test', 'vscode-host', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const chromiumPath = process.env.PMPATH_CHROMIUM ?? '/usr/bin/chromium';
// Generous: on a 2-core machine shared with other builds, start-up and the
// suite can take many times their nominal 15-25 s. A budget is a ceiling for
// a hung run, never a speed requirement.
const timeoutMs = Number(process.env.PMPATH_E2E_TIMEOUT_MS ?? 900_000);

function fail(message) {
    process.stderr.write(`code-server-launcher: ${message}\n`);
    process.exit(2);
}

/** The arguments runTests passes; anything unknown (--no-sandbox, --skip-welcome, …) is meant for desktop VS Code. */
function parseArguments(argv) {
    const options = { folders: [] };
    for (const argument of argv) {
        const match = /^--([^=]+)=(.*)$/.exec(argument);
        if (match) {
            const [, key, value] = match;
            if (key === 'extensionDevelopmentPath') options.extensionDevelopmentPath = path.resolve(value);
            else if (key === 'extensionTestsPath') options.extensionTestsPath = path.resolve(value);
            else if (key === 'user-data-dir') options.userDataDir = path.resolve(value);
            else if (key === 'extensions-dir') options.extensionsDir = path.resolve(value);
        } else if (!argument.startsWith('-')) {
            options.folders.push(path.resolve(argument));
        }
    }
    if (!options.extensionDevelopmentPath || !options.extensionTestsPath) fail('--extensionDevelopmentPath= and --extensionTestsPath= are required.');
    return options;
}

/** Applies console-style `%s`/`%d`/`%i`/`%f`/`%o`/`%j` substitutions, as the extension host's console does. */
function formatLog(args) {
    const show = value => typeof value === 'string' ? value : JSON.stringify(value);
    if (typeof args[0] !== 'string') return args.map(show).join(' ');
    let rest = args.slice(1);
    const text = args[0].replace(/%[sdifoOj%]/g, token => {
        if (token === '%%') return '%';
        if (rest.length === 0) return token;
        const [value] = rest;
        rest = rest.slice(1);
        return token === '%d' || token === '%i' ? String(Math.trunc(Number(value))) : token === '%f' ? String(Number(value)) : show(value);
    });
    return [text, ...rest.map(show)].join(' ');
}

/**
 * Clicks, like a user, the Graphviz node or edge with this title in the
 * diagram webview (a frame nested inside the workbench's webview iframe).
 */
async function clickInDiagram(page, kind, title) {
    const deadline = Date.now() + 15_000;
    // Diagram elements carry their names in data-pmpath-* attributes (their <title> is their full text).
    const [from, to] = title.split('->');
    const selector = kind === 'node'
        ? `#canvas g.node[data-pmpath-name=${JSON.stringify(title)}]`
        : `#canvas [data-pmpath-kind="edge"][data-pmpath-source=${JSON.stringify(from)}][data-pmpath-target=${JSON.stringify(to)}]:has(text)`;
    while (Date.now() < deadline) {
        for (const frame of page.frames()) {
            const target = frame.locator(selector).first();
            if (await target.count().catch(() => 0) > 0) {
                // An edge's box is mostly background: click its label, as a user would.
                const label = target.locator('text').first();
                await (kind === 'edge' && await label.count() > 0 ? label : target).click({ timeout: 5000 });
                return;
            }
        }
        await new Promise(resolve => setTimeout(resolve, 200));
    }
    throw new Error(`no ${kind} titled ${title} in the diagram`);
}

function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

async function waitForHealth(port, child) {
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
        if (child.exitCode !== null) fail(`code-server exited early with code ${child.exitCode}.`);
        try {
            const response = await fetch(`http://127.0.0.1:${port}/healthz`);
            if (response.status === 200) return;
        } catch {
            // Not listening yet.
        }
        await new Promise(resolve => setTimeout(resolve, 250));
    }
    fail('code-server did not become healthy within 180 s.');
}

const options = parseArguments(process.argv.slice(2));
if (!existsSync(codeServerEntry)) fail(`code-server is not installed: run test/vscode-host/setup.sh (looked for ${codeServerEntry}).`);
if (!existsSync(chromiumPath)) fail(`Chromium is not installed at ${chromiumPath}: apt-get install -y chromium.`);

const scratch = mkdtempSync(path.join(tmpdir(), 'pmpath-code-server-'));
const userDataDir = options.userDataDir ?? path.join(scratch, 'user-data');
const extensionsDir = options.extensionsDir ?? path.join(scratch, 'extensions');
for (const dir of [userDataDir, extensionsDir, path.join(scratch, 'config'), path.join(scratch, 'data')]) mkdirSync(dir, { recursive: true });

const port = await freePort();
const codeServer = spawn(process.execPath, [
    codeServerEntry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
], {
    // Its own process group, so stopping it also stops the extension host and the language server.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XDG_CONFIG_HOME: path.join(scratch, 'config'), XDG_DATA_HOME: path.join(scratch, 'data') },
});
let serverLog = '';
const keepLog = chunk => { serverLog = (serverLog + String(chunk)).slice(-20_000); };
codeServer.stdout.on('data', keepLog);
codeServer.stderr.on('data', keepLog);

let browser;
let exitCode = 1;
try {
    await waitForHealth(port, codeServer);
    const remote = p => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
        ['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)],
        ['extensionTestsPath', remote(options.extensionTestsPath)],
    ];
    const folder = options.folders[0];
    const url = `http://127.0.0.1:${port}/?${folder ? `folder=${encodeURIComponent(folder)}&` : ''}payload=${encodeURIComponent(JSON.stringify(payload))}`;

    browser = await chromium.launch({
        executablePath: chromiumPath,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    let resolveExit;
    const exited = new Promise(resolve => { resolveExit = resolve; });
    await page.exposeFunction('codeAutomationLog', async (type, args) => {
        const text = formatLog(Array.isArray(args) ? args : [args]);
        // `pmpath:screenshot` writes PMPATH_E2E_SCREENSHOT; `pmpath:screenshot:NAME` writes PMPATH_E2E_SCREENSHOT_NAME.
        const shot = /^pmpath:screenshot(?::([a-z]+))?$/.exec(text);
        if (shot) {
            const file = process.env[`PMPATH_E2E_SCREENSHOT${shot[1] ? `_${shot[1].toUpperCase()}` : ''}`];
            if (file) {
                await page.screenshot({ path: file });
                process.stdout.write(`screenshot written to ${file}\n`);
            }
            return;
        }
        const click = /^pmpath:click (node|edge) (.+)$/.exec(text);
        if (click) {
            await clickInDiagram(page, click[1], click[2]).catch(error => process.stderr.write(`code-server-launcher: click failed: ${error.message}\n`));
            return;
        }
        (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', code => resolveExit(Number(code)));
    await page.goto(url);
    const timer = new Promise(resolve => setTimeout(() => resolve('timeout'), timeoutMs));
    const result = await Promise.race([exited, timer]);
    if (result === 'timeout') {
        process.stderr.write(`code-server-launcher: the suite did not finish within ${timeoutMs / 1000} s.\n`);
        exitCode = 1;
    } else {
        exitCode = result;
    }
} catch (error) {
    process.stderr.write(`code-server-launcher: ${error instanceof Error ? error.message : String(error)}\n`);
    exitCode = 1;
} finally {
    await browser?.close().catch(() => undefined);
    try {
        process.kill(-codeServer.pid, 'SIGTERM');
    } catch {
        // Already gone.
    }
    if (exitCode !== 0 && serverLog) process.stderr.write(`--- code-server log (tail) ---\n${serverLog.slice(-4000)}\n`);
    rmSync(scratch, { recursive: true, force: true });
}
process.exit(exitCode);
