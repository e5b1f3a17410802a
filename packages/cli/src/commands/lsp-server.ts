/**
 * The language server process behind `pmpath lsp`: a connection (stdio unless
 * the client asked for another transport) and the pmpath LSP services.
 */
import { startPmpathLanguageServer } from '@pmpath/language/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';

/** Transport arguments that `vscode-languageserver` reads from `process.argv` itself. */
const TRANSPORT_ARGUMENT = /^--(stdio|node-ipc|socket|pipe)(=|$)/;

/** Starts the server; returns once it listens (the process then lives until the client says `exit`). */
export function runLanguageServer(): void {
    // Editors start servers with `--stdio`; plain `pmpath lsp` means stdio too.
    // With `--stdio` in argv the library also redirects `console.log` to the
    // client's log, so nothing but protocol messages ever reaches stdout.
    if (!process.argv.slice(2).some(arg => TRANSPORT_ARGUMENT.test(arg))) {
        process.argv.push('--stdio');
    }
    const connection = createConnection(ProposedFeatures.all);
    // A bug in one handler must not take the editor's language support down
    // with it: log the error to the client and keep serving.
    process.on('uncaughtException', error => {
        connection.console.error(`pmpath language server: uncaught error: ${error.stack ?? error.message}`);
    });
    process.on('unhandledRejection', reason => {
        connection.console.error(`pmpath language server: unhandled rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`);
    });
    startPmpathLanguageServer(connection, NodeFileSystem);
}
