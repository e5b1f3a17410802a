import * as path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.resolve(import.meta.dirname, '..');

// Tests run against the TypeScript sources; the built CLI bundle is only
// needed by tests that spawn the binary (the global setup keeps it fresh).
export default defineConfig({
    root,
    resolve: {
        alias: [
            { find: /^@pmpath\/language\/polyfill$/, replacement: path.join(root, 'packages/language/src/polyfill.ts') },
            { find: /^@pmpath\/language\/lsp$/, replacement: path.join(root, 'packages/language/src/lsp/index.ts') },
            { find: /^@pmpath\/language$/, replacement: path.join(root, 'packages/language/src/index.ts') },
            { find: /^@pmpath\/diagram$/, replacement: path.join(root, 'packages/diagram/src/index.ts') },
            { find: /^@pmpath\/fhir$/, replacement: path.join(root, 'packages/fhir/src/index.ts') },
        ],
    },
    test: {
        include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
        exclude: ['**/node_modules/**', 'test/vscode-host/**', 'packages/extension/test/e2e/**'],
        // Node 20 lacks Object.groupBy, which Langium 4.4 (Chevrotain 13) calls.
        setupFiles: [path.join(root, 'packages/language/src/polyfill.ts')],
        // Rebuilds the CLI bundle once when its sources are newer (tests spawn it).
        globalSetup: [path.join(root, 'test/global-setup.ts')],
        // Budgets for a loaded 2-core machine shared by several builds: ceilings
        // for a hung test, never speed requirements.
        testTimeout: 180_000,
        hookTimeout: 300_000,
    },
});
