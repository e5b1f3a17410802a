/**
 * `.pmpathrc.json` in the editor (SPEC §5): a change to any configuration
 * file clears the cached configurations and revalidates every document, so
 * new severities apply without a restart; problems in a configuration file
 * are published as diagnostics on that file and announced once as a warning.
 * The optional client setting `pmpath.configFile` overrides the upward search.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentState, URI, type LangiumDocument } from 'langium';
import { DefaultDocumentUpdateHandler, type LangiumSharedServices } from 'langium/lsp';
import { DiagnosticSeverity, type Diagnostic, type DidChangeWatchedFilesParams, type Range } from 'vscode-languageserver';
import {
    CONFIG_FILE_NAME, ConfigError, loadConfigFile, type PmpathConfig, type PmpathConfigProvider
} from '../config/pmpath-config.js';

/** Whether a URI names a pmpath configuration file. */
export function isConfigFileUri(uri: string): boolean {
    return uri.endsWith(`/${CONFIG_FILE_NAME}`) || uri === CONFIG_FILE_NAME;
}

/**
 * Diagnostics for the problems of a configuration, placed on the offending
 * key in the file's text (or on the JSON syntax error, or the file's start).
 */
export function configProblemDiagnostics(text: string, config: PmpathConfig): Diagnostic[] {
    return config.problems.map(problem => ({
        range: problem.key !== undefined ? keyRange(text, problem.key) : syntaxErrorRange(text, problem.message),
        severity: DiagnosticSeverity.Error,
        source: 'pmpath',
        message: `This configuration ${problem.message}.`.replace(/\.\.$/, '.'),
    }));
}

/** The range of `"key"` used as an object key in JSON text (first occurrence), or the file's start. */
function keyRange(text: string, key: string): Range {
    const quoted = JSON.stringify(key);
    let from = 0;
    while (from <= text.length) {
        const at = text.indexOf(quoted, from);
        if (at < 0) {
            break;
        }
        if (/^\s*:/.test(text.slice(at + quoted.length))) {
            return rangeOf(text, at, at + quoted.length);
        }
        from = at + 1;
    }
    return rangeOf(text, 0, 0);
}

/** Node's JSON errors mention `position N`; fall back to the file's start. */
function syntaxErrorRange(text: string, message: string): Range {
    const match = /position (\d+)/.exec(message);
    const offset = match ? Math.min(Number(match[1]), text.length) : 0;
    return rangeOf(text, offset, Math.min(offset + 1, text.length));
}

function rangeOf(text: string, start: number, end: number): Range {
    return { start: positionAt(text, start), end: positionAt(text, end) };
}

function positionAt(text: string, offset: number): { line: number; character: number } {
    let line = 0;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
        if (text.charCodeAt(i) === 10) {
            line++;
            lineStart = i + 1;
        }
    }
    return { line, character: offset - lineStart };
}

/**
 * Reloads configuration and revalidates the workspace; publishes the
 * problems of every configuration file in use.
 */
export class PmpathConfigReloader {
    /** The path of the `pmpath.configFile` setting, resolved, when set. */
    protected configFileSetting: string | undefined;
    /** Configuration files that currently have published diagnostics. */
    protected readonly published = new Set<string>();
    /** The problems last announced per file, so each change is announced once. */
    protected readonly announced = new Map<string, string>();
    /** The most recent reload, for callers (and tests) that need to wait for it. */
    lastReload: Promise<void> = Promise.resolve();

    constructor(protected readonly shared: LangiumSharedServices, protected readonly configProvider: PmpathConfigProvider) {
        shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.Validated, () => this.publishConfigProblems());
    }

    /**
     * Sets the `pmpath.configFile` setting (relative paths resolve against the
     * workspace folder); an empty value restores the upward search.
     */
    setConfigFile(setting: string | undefined, workspaceFolder?: string): Promise<void> {
        const trimmed = setting?.trim();
        this.configFileSetting = trimmed ? path.resolve(workspaceFolder ?? process.cwd(), trimmed) : undefined;
        return this.reload();
    }

    /** Forgets cached configurations and revalidates every document. */
    reload(): Promise<void> {
        this.configProvider.clear();
        this.configProvider.override = this.configFileSetting ? readConfig(this.configFileSetting) : undefined;
        const builder = this.shared.workspace.DocumentBuilder;
        const documents = this.shared.workspace.LangiumDocuments;
        this.lastReload = this.shared.workspace.WorkspaceLock.write(async token => {
            // Documents an interrupted build left unparsed are built too (an open
            // one would otherwise wait for its diagnostics until the next edit).
            const textDocuments = this.shared.workspace.TextDocuments;
            const all = documents.all.filter(d => d.state >= DocumentState.Parsed || textDocuments?.get(d.uri.toString()) !== undefined).toArray();
            await builder.build(all, { validation: true }, token);
            this.publishConfigProblems(all);
        }).catch(error => {
            console.error('pmpath: reloading the configuration failed', error);
        });
        return this.lastReload;
    }

    /** Publishes (or clears) diagnostics on the configuration files that apply to the workspace. */
    publishConfigProblems(documents?: LangiumDocument[]): void {
        const configs = new Map<string, PmpathConfig>();
        for (const document of documents ?? this.shared.workspace.LangiumDocuments.all.toArray()) {
            const config = this.configProvider.getConfig(document.uri);
            if (config.path) {
                configs.set(config.path, config);
            }
        }
        const connection = this.shared.lsp.Connection;
        for (const [file, config] of configs) {
            const uri = URI.file(file).toString();
            if (config.problems.length === 0 && !this.published.has(uri)) {
                this.announced.delete(uri);
                continue;
            }
            const text = readText(file);
            const diagnostics = configProblemDiagnostics(text, config);
            if (diagnostics.length > 0 || this.published.has(uri)) {
                void connection?.sendDiagnostics({ uri, diagnostics });
            }
            if (diagnostics.length > 0) {
                this.published.add(uri);
            } else {
                this.published.delete(uri);
            }
            const summary = config.problems.map(p => p.message).join('; ');
            if (summary && this.announced.get(uri) !== summary) {
                void connection?.window.showWarningMessage(`${file}: ${summary}. pmpath ignores the invalid entries.`);
            }
            this.announced.set(uri, summary);
        }
        for (const uri of [...this.published]) {
            if (![...configs.keys()].some(file => URI.file(file).toString() === uri)) {
                void connection?.sendDiagnostics({ uri, diagnostics: [] });
                this.published.delete(uri);
            }
        }
    }
}

function readText(file: string): string {
    try {
        return fs.readFileSync(file, 'utf8');
    } catch {
        return '';
    }
}

function readConfig(file: string): PmpathConfig {
    try {
        return loadConfigFile(file);
    } catch (error) {
        const reason = error instanceof ConfigError ? error.reason : String(error);
        return { path: file, rules: new Map(), problems: [{ message: reason }] };
    }
}

/** Forwards changes of `.pmpathrc.json` files to every language's configuration reloader. */
export class PmpathDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    constructor(protected readonly sharedServices: LangiumSharedServices) {
        super(sharedServices);
    }

    override didChangeWatchedFiles(params: DidChangeWatchedFilesParams): void {
        super.didChangeWatchedFiles(params);
        if (params.changes.some(change => isConfigFileUri(change.uri))) {
            for (const services of this.sharedServices.ServiceRegistry.all) {
                (services as { config?: { Reloader?: PmpathConfigReloader } }).config?.Reloader?.reload();
            }
        }
    }
}
