#!/usr/bin/env node
// `pmpath-language-server`: the pmpath language server for any editor, the
// same as `pmpath lsp` (LSP over stdio unless --node-ipc, --socket or --pipe).
import { runPmpath } from './run.js';

await runPmpath(['lsp', ...process.argv.slice(2)]);
