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
        .addHelpText('after', '\nConfigurations for Neovim, Helix and Emacs: the README section "Other editors".')
        .action(async () => {
            // Loaded only for this command: the server features are a chunk of their own.
            const { runLanguageServer } = await import('./lsp-server.js');
            runLanguageServer();
        });
}
