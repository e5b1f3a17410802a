/**
 * `pmpath report FILE… [--format html|md] [--output FILE]` (SPEC §6): the
 * ethics-review dossier of a pathway set. Lints every file (directories are
 * walked like `check` does), builds one dossier and renders it with
 * `@pmpath/diagram`. Test suites (`.pmtest`, SPEC §7) among the files are run
 * with the simulator for the dossier's "Tested scenarios" section; the
 * pathways they test are added when not given. Exit 0 when written; 2 for
 * unusable input.
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
    // wasm Graphviz compiles on background threads while this thread parses and lints.
    if (options.format !== 'md') preloadGraphviz();
    let lint = await lintOrFail(files, options.config, cwd);
    // A suite's scenarios run only against a pathway checked for errors, and the
    // dossier describes the pathway the scenarios walk through: add the pathways
    // the given suites test when they were not given themselves.
    const tested = testedPathwayFiles(lint.files).filter(file => !files.includes(file));
    if (tested.length > 0) lint = await lintOrFail([...files, ...tested], options.config, cwd);
    for (const file of lint.files) warnAboutSyntax(file.filePath, file.diagnostics, cwd);
    const dossier = buildDossier(lint.files.map(file => ({
        path: displayPath(file.filePath, cwd),
        file: file.document?.parseResult.value as PmpathFile | undefined,
        findings: file.diagnostics,
        suppressed: file.suppressed,
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

/** The files of the pathways that the given suites test (resolved through their imports). */
function testedPathwayFiles(files: ReadonlyArray<{ readonly document?: { readonly parseResult: { readonly value: unknown } } }>): string[] {
    const found = new Set<string>();
    for (const file of files) {
        const body = (file.document?.parseResult.value as PmpathFile | undefined)?.body;
        if (body?.$type !== 'TestSuite') continue;
        const uri = body.pathway?.ref?.$container?.$document?.uri;
        if (uri?.scheme === 'file') found.add(uri.fsPath);
    }
    return [...found].sort();
}

/** The `report` command. */
export function reportCommand(): Command {
    return new Command('report')
        .description('write the ethics-review dossier of a pathway set: summary, diagrams, states and transitions, hybrid statuses, actors, consent matrix, cutoffs, findings and tested scenarios')
        .argument('<paths...>', '.pmpath files and .pmtest suites (their scenarios are run for a "Tested scenarios" section), or directories walked for *.pmpath (one dossier for all of them)')
        .addOption(new Option('--format <format>', 'html (self-contained, prints on A4 with every diagram label at 7 pt or more, no JavaScript) or md (GitHub Markdown with mermaid blocks)').choices(REPORT_FORMATS).default('html'))
        .option('--output <file>', 'write the dossier to FILE instead of stdout (creates its folders)')
        .option('--title <text>', 'heading of the dossier (default: from the pathway titles)')
        .option('--config <file>', 'use this configuration for the findings instead of the nearest .pmpathrc.json')
        .addHelpText('after', [
            '',
            'The dossier lists every finding and, in its own section, every suppressed',
            'finding with the reason its suppression comment gives.',
            'Exit codes: 0 dossier written; 2 usage error, unreadable input, bad',
            'configuration or internal failure.',
        ].join('\n'))
        .action(async (paths: string[], options: ReportCommandOptions) => {
            process.exitCode = await runReport(paths, options);
        });
}
