/**
 * `pmpath lsp`: the pmpath language server for any editor (Neovim, Helix,
 * Emacs, …), over stdio by default. It serves the same language features as
 * the VS Code extension's server — diagnostics for every rule, hover,
 * completion, definition, references, rename, symbols, formatting, folding,
 * semantic tokens and quick fixes — from `@pmpath/language/lsp`; only the
 * VS Code diagram preview's custom requests are left out.
 *
 * The `pmpath-language-server` executable runs this command.
 */
import { Command } from 'commander';

/** Transport arguments that `vscode-languageserver` reads from `process.argv` itself. */
const TRANSPORT_ARGUMENT = /^--(stdio|node-ipc|socket|pipe)(=|$)/;

/** Starts the server; resolves once it is listening (the process then lives until the client says `exit`). */
export async function runLanguageServer(): Promise<void> {
    // Editors start servers with `--stdio`; plain `pmpath lsp` means stdio too.
    // With `--stdio` in argv the library also redirects `console.log` to the
    // client's log, so nothing but protocol messages ever reaches stdout.
    if (!process.argv.slice(2).some(arg => TRANSPORT_ARGUMENT.test(arg))) {
        process.argv.push('--stdio');
    }
    const [{ startPmpathLanguageServer }, { NodeFileSystem }, { createConnection, ProposedFeatures }] = await Promise.all([
        import('@pmpath/language/lsp'),
        import('langium/node'),
        import('vscode-languageserver/node'),
    ]);
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

/** The `lsp` command. */
export function lspCommand(): Command {
    return new Command('lsp')
        .description('start the pmpath language server for any editor (LSP over stdio; also run as pmpath-language-server)')
        .option('--stdio', 'talk LSP over stdin/stdout (the default)')
        .option('--node-ipc', 'talk LSP over Node IPC (for clients that start the server with it)')
        .option('--socket <port>', 'talk LSP over a TCP socket on PORT of localhost')
        .option('--pipe <name>', 'talk LSP over a named pipe')
        // Clients add their own arguments (`--clientProcessId=N`); the server library reads what it knows.
        .allowUnknownOption(true)
        .addHelpText('after', '\nSee the README section "Other editors" for Neovim, Helix and Emacs configurations.')
        .action(async () => {
            await runLanguageServer();
        });
}
