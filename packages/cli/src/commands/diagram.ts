/**
 * `pmpath diagram FILE [--view states|flows] [--format svg|mermaid|dot] [--output FILE]`
 * (SPEC §6): lints the pathway for findings, builds the graph model of the
 * chosen view and renders it with `@pmpath/diagram`. Exit 0 when the diagram
 * was written (findings are drawn in it, not turned into an exit code); 2 for
 * unusable input, with one line on stderr.
 */
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { ConfigError, LintInputError, lintFiles, type PmpathFile } from '@pmpath/language';
import { buildFlowsModel, buildStatesModel, preloadGraphviz, renderDot, renderMermaid, renderSvg } from '@pmpath/diagram';
import { CliError, ExitCode, oneLine } from '../errors.js';
import { messagePath, requireSourceFile } from '../files.js';
import { writeReport } from './check.js';

export const DIAGRAM_VIEWS = ['states', 'flows'] as const;
export const DIAGRAM_FORMATS = ['svg', 'mermaid', 'dot'] as const;

export interface DiagramOptions {
    readonly view: typeof DIAGRAM_VIEWS[number];
    readonly format: typeof DIAGRAM_FORMATS[number];
    readonly output?: string;
    readonly config?: string;
}

/** Renders one pathway's diagram and writes it; returns the exit code. Throws `CliError` for unusable input. */
export async function runDiagram(file: string, options: DiagramOptions, cwd: string = process.cwd()): Promise<number> {
    // A `.pmtest` passes here to get the clearer "is a test suite" message below.
    requireSourceFile(file);
    // wasm Graphviz compiles on background threads while this thread parses and lints.
    if (options.format === 'svg') preloadGraphviz();
    const lint = await lintOrFail([path.resolve(cwd, file)], options.config, cwd);
    const result = lint.files[0];
    const ast = result.document?.parseResult.value as PmpathFile | undefined;
    if (ast?.body?.$type === 'TestSuite') {
        throw new CliError(`${messagePath(result.filePath, cwd)}: is a test suite; diagrams are drawn for pathways, so pass the pathway it tests`);
    }
    if (!ast?.body?.name) {
        throw new CliError(`${messagePath(result.filePath, cwd)}: not a pmpath pathway (${describeSyntax(result.diagnostics)}); run pmpath check on it`);
    }
    if (ast.body.$type !== 'Pathway') {
        throw new CliError(`${messagePath(result.filePath, cwd)}: ${ast.body.name} is a library; diagrams are drawn for pathways, so pass a pathway that imports it`);
    }
    warnAboutSyntax(result.filePath, result.diagnostics, cwd);
    const model = options.view === 'flows' ? buildFlowsModel(ast.body, result.diagnostics) : buildStatesModel(ast.body, result.diagnostics);
    let text: string;
    switch (options.format) {
        case 'dot':
            text = renderDot(model);
            break;
        case 'mermaid': {
            const mermaid = renderMermaid(model);
            for (const warning of mermaid.warnings) process.stderr.write(`pmpath: warning: ${oneLine(warning)}\n`);
            text = mermaid.text;
            break;
        }
        case 'svg':
            text = await renderSvg(model);
            break;
    }
    writeReport(text, options.output, cwd);
    return ExitCode.ok;
}

/** `lintFiles` with its input and configuration errors turned into one-line CLI errors. */
export async function lintOrFail(files: readonly string[], config: string | undefined, cwd: string): Promise<Awaited<ReturnType<typeof lintFiles>>> {
    try {
        return await lintFiles(files, { configFile: config ? path.resolve(cwd, config) : undefined });
    } catch (error) {
        if (error instanceof LintInputError || error instanceof ConfigError) {
            throw new CliError(`${messagePath(error.filePath, cwd)}: ${error.reason}`);
        }
        throw error;
    }
}

function describeSyntax(diagnostics: ReadonlyArray<{ rule: string; line: number; message: string }>): string {
    const first = diagnostics.find(d => d.rule === 'syntax');
    return first ? `line ${first.line}: ${first.message}` : 'it declares neither a pathway nor a library';
}

/** Syntax errors do not stop the diagram (it shows what parsed), but the user must know it is partial. */
export function warnAboutSyntax(filePath: string, diagnostics: ReadonlyArray<{ rule: string }>, cwd: string): void {
    const count = diagnostics.filter(d => d.rule === 'syntax').length;
    if (count > 0) {
        process.stderr.write(`pmpath: warning: ${messagePath(filePath, cwd)} has ${count} syntax error${count === 1 ? '' : 's'}; the output shows only what could be parsed (run pmpath check for details)\n`);
    }
}

/** The `diagram` command. */
export function diagramCommand(): Command {
    return new Command('diagram')
        .description('render the state-transition diagram (default) or the data-flow diagram of a pathway')
        .argument('<file>', 'a .pmpath file holding a pathway')
        .addOption(new Option('--view <view>', 'states: states and transitions; flows: data flows between actors').choices(DIAGRAM_VIEWS).default('states'))
        .addOption(new Option('--format <format>', 'svg (self-contained), mermaid (GitHub) or dot (Graphviz)').choices(DIAGRAM_FORMATS).default('svg'))
        .option('--output <file>', 'write the diagram to FILE instead of stdout (creates its folders)')
        .option('--config <file>', 'use this configuration for the findings instead of the nearest .pmpathrc.json')
        .addHelpText('after', [
            '',
            'Flagged states, transitions and flows are highlighted and the rule is named.',
            'Exit codes: 0 diagram written; 2 usage error, unreadable input, bad',
            'configuration or internal failure.',
        ].join('\n'))
        .action(async (file: string, options: DiagramOptions) => {
            process.exitCode = await runDiagram(file, options);
        });
}
