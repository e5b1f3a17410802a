// Fallback language server for the editor benchmark, used only when the
// extension's bundle (packages/extension/dist/server.cjs) has not been built:
// starts the same pmpath server from the compiled `@pmpath/language/lsp`.
// Run as `node test/bench/lsp-server.mjs --stdio`.
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startPmpathLanguageServer } from '../../packages/language/out/lsp/index.js';

const connection = createConnection(ProposedFeatures.all);
startPmpathLanguageServer(connection, NodeFileSystem);
