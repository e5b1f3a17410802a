/**
 * The `pmpath` program: `check`, `rules`, `test`, `diagram`, `report`, `export fhir`, `lsp`, `--version`,
 * `--help` everywhere and a global `--debug`. `main` never throws and never
 * calls `process.exit`: it returns the exit code, so pending output is flushed.
 *
 * Commands report their outcome by setting `process.exitCode` or by throwing
 * `CliError` (one-line message, exit code 2 unless stated otherwise); any other
 * exception is an internal error (exit 2, stack trace only with `--debug`).
 */
// Before anything loads Langium: Node 20 lacks Object.groupBy.
import '@pmpath/language/polyfill';
import { Command, CommanderError } from 'commander';
import { checkCommand } from './commands/check.js';
import { lspCommand } from './commands/lsp.js';
import { rulesCommand } from './commands/rules.js';
import { testCommand } from './commands/test.js';
import { describeError, ExitCode, oneLine } from './errors.js';
import { cliVersion } from './version.js';

/** Commands that need nothing beyond the lint engine (and the simulator); the renderers are not loaded for them. */
const LEAN_COMMANDS: ReadonlySet<string> = new Set(['check', 'rules', 'test', 'lsp']);
/** Commands whose modules load the diagram renderers, imported only when needed. */
const RENDERING_COMMANDS: ReadonlySet<string> = new Set(['diagram', 'report']);
/** `export fhir` loads the FHIR exporter, imported only when needed (and without the renderers). */
const EXPORT_COMMAND = 'export';

/** Runs `pmpath` with the arguments after the program name; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
    const debug = argv.includes('--debug');
    process.exitCode = undefined;
    try {
        const program = await createProgram(argv, debug);
        await program.parseAsync([...argv], { from: 'user' });
        const code = process.exitCode;
        return typeof code === 'number' ? code : ExitCode.ok;
    } catch (error) {
        if (isCommanderError(error)) {
            // Help and --version end "with an error" of exit code 0; every other
            // commander error (unknown option, bad choice, missing argument) is a
            // usage error and was already printed by `outputError`.
            return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
        }
        process.stderr.write(`${describeError(error, debug)}\n`);
        return ExitCode.usage;
    }
}

/**
 * Recognises commander's errors also when they come from another copy of
 * commander (the bundled CLI loads the diagram commands from `out/`, which
 * import commander from node_modules).
 */
function isCommanderError(error: unknown): error is CommanderError {
    if (error instanceof CommanderError) {
        return true;
    }
    const candidate = error as Partial<CommanderError> | null;
    return typeof candidate === 'object' && candidate !== null
        && typeof candidate.code === 'string' && candidate.code.startsWith('commander.')
        && typeof candidate.exitCode === 'number';
}

/** The first argument that is not an option: the command name (global options take no values). */
function firstCommand(argv: readonly string[]): string | undefined {
    return argv.find(arg => !arg.startsWith('-'));
}

async function createProgram(argv: readonly string[], debug: boolean): Promise<Command> {
    const command = firstCommand(argv);
    const program = new Command('pmpath')
        .description('Lint, render and review precision-medicine care pathways (.pmpath files).')
        .version(cliVersion(), '-V, --version', 'print the pmpath version')
        .option('--debug', 'print stack traces for internal errors')
        .option('--no-color', 'never colour the output (also NO_COLOR=1)')
        .option('--color', 'colour the output even when it is not a terminal (also FORCE_COLOR=1)')
        .helpOption('-h, --help', 'show help')
        .showSuggestionAfterError(true)
        .exitOverride()
        .configureOutput({
            // Commander's messages start with "error: " and may carry a second line
            // ("(Did you mean …?)"); the CLI contract is one line prefixed `pmpath:`.
            outputError: (message, write) => write(`pmpath: ${oneLine(message.replace(/^error:\s*/, ''))}\n`),
        });

    program.addCommand(checkCommand());
    program.addCommand(rulesCommand());
    program.addCommand(testCommand());
    program.addCommand(lspCommand());
    const versionOnly = command === undefined && argv.some(arg => arg === '--version' || arg === '-V');
    if (!versionOnly && (command === undefined || !LEAN_COMMANDS.has(command))) {
        // Top-level help, `help`, `diagram`, `report` and unknown commands (for suggestions) need them.
        if (command !== EXPORT_COMMAND) {
            for (const loaded of await loadRenderingCommands(command, debug)) {
                program.addCommand(loaded);
            }
        }
        if (command === undefined || command === EXPORT_COMMAND || !RENDERING_COMMANDS.has(command)) {
            const exporter = await loadExportCommand(command, debug);
            if (exporter) program.addCommand(exporter);
        }
    }
    // `addCommand` does not copy settings: every command must exit through main with one-line errors.
    for (const sub of program.commands) {
        sub.copyInheritedSettings(program);
    }
    return program;
}

async function loadExportCommand(command: string | undefined, debug: boolean): Promise<Command | undefined> {
    try {
        const { exportCommand } = await import('./commands/export.js');
        return exportCommand();
    } catch (error) {
        if (command === EXPORT_COMMAND) throw error;
        if (debug) process.stderr.write(`${describeError(error, true)}\n`);
        return undefined;
    }
}

async function loadRenderingCommands(command: string | undefined, debug: boolean): Promise<Command[]> {
    try {
        const [{ diagramCommand }, { reportCommand }] = await Promise.all([
            import('./commands/diagram.js'),
            import('./commands/report.js'),
        ]);
        return [diagramCommand(), reportCommand()];
    } catch (error) {
        if (command !== undefined && RENDERING_COMMANDS.has(command)) {
            throw error;
        }
        // Help must keep working even if the renderers cannot be loaded.
        if (debug) {
            process.stderr.write(`${describeError(error, true)}\n`);
        }
        return [];
    }
}
