/**
 * The pmpath language server process: the pmpath LSP services from
 * `@pmpath/language/lsp` plus the custom diagram, dossier and locate
 * requests. The VS Code client starts this bundle (dist/server.cjs) as a child
 * process and talks to it over IPC; `--stdio` works too, for other editors and
 * for tests.
 */
// Before anything loads Langium: Node 20 lacks Object.groupBy.
import '@pmpath/language/polyfill';
import { startPmpathLanguageServer } from '@pmpath/language/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { registerCustomRequests } from './custom-requests.js';

const connection = createConnection(ProposedFeatures.all);

// A bug in one handler must not take the editor's language support down with
// it: log the error to the client's output channel and keep serving.
process.on('uncaughtException', error => {
    connection.console.error(`pmpath language server: uncaught error: ${error.stack ?? error.message}`);
});
process.on('unhandledRejection', reason => {
    connection.console.error(`pmpath language server: unhandled rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`);
});

// The connection starts listening inside, but no message is processed before
// this synchronous block ends, so the custom handlers are in place in time.
const { shared, readiness } = startPmpathLanguageServer(connection, NodeFileSystem);
registerCustomRequests(connection, shared, readiness);
