/**
 * `pmpath report FILE… [--format html|md] [--output FILE]` (SPEC §6): the
 * ethics-review dossier of a pathway set. Lints every file (directories are
 * walked like `check` does), builds one dossier and renders it with
 * `@pmpath/diagram`. Exit 0 when written; 2 for unusable input.
 */
import { Command, Option } from 'commander';
import type { PmpathFile } from '@pmpath/language';
import { buildDossier, preloadGraphviz, renderReportHtml, renderReportMarkdown } from '@pmpath/diagram';
import { ExitCode, oneLine } from '../errors.js';
import { displayPath, expandPaths } from '../files.js';
import { writeReport } from './check.js';
import { lintOrFail, warnAboutSyntax } from './diagram.js';

export const REPORT_FORMATS = ['html', 'md'] as const;

export interface ReportCommandOptions {
    readonly format: typeof REPORT_FORMATS[number];
    readonly output?: string;
    readonly config?: string;
    readonly title?: string;
}

/** Writes the dossier for the given files; returns the exit code. Throws `CliError` for unusable input. */
export async function runReport(paths: readonly string[], options: ReportCommandOptions, cwd: string = process.cwd()): Promise<number> {
    const files = await expandPaths(paths, cwd);
    if (options.format !== 'md') preloadGraphviz();
    const lint = await lintOrFail(files, options.config, cwd);
    for (const file of lint.files) warnAboutSyntax(file.filePath, file.diagnostics, cwd);
    const dossier = buildDossier(lint.files.map(file => ({
        path: displayPath(file.filePath, cwd),
        file: file.document?.parseResult.value as PmpathFile | undefined,
        findings: file.diagnostics,
    })));
    let text: string;
    if (options.format === 'md') {
        const markdown = renderReportMarkdown(dossier, { title: options.title });
        for (const warning of markdown.warnings) process.stderr.write(`pmpath: warning: ${oneLine(warning)}\n`);
        text = markdown.text;
    } else {
        text = await renderReportHtml(dossier, { title: options.title });
    }
    writeReport(text, options.output, cwd);
    return ExitCode.ok;
}

/** The `report` command. */
export function reportCommand(): Command {
    return new Command('report')
        .description('write the ethics-review dossier of a pathway set: summary, diagrams, states and transitions, hybrid statuses, actors, consent matrix, cutoffs and findings')
        .argument('<paths...>', '.pmpath files, or directories walked for *.pmpath (one dossier for all of them)')
        .addOption(new Option('--format <format>', 'html (self-contained, prints on A4 with every diagram label at 7 pt or more, no JavaScript) or md (GitHub Markdown with mermaid blocks)').choices(REPORT_FORMATS).default('html'))
        .option('--output <file>', 'write the dossier to FILE instead of stdout (creates its folders)')
        .option('--title <text>', 'heading of the dossier (default: from the pathway titles)')
        .option('--config <file>', 'use this configuration for the findings instead of the nearest .pmpathrc.json')
        .addHelpText('after', '\nExit codes: 0 dossier written; 2 usage error, unreadable input, bad configuration or internal failure.')
        .action(async (paths: string[], options: ReportCommandOptions) => {
            process.exitCode = await runReport(paths, options);
        });
}
