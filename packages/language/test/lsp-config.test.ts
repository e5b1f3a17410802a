import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { FileChangeType, type Connection, type PublishDiagnosticsParams } from 'vscode-languageserver';
import { parseConfig, RuleId } from '@pmpath/language';
import { configProblemDiagnostics, createPmpathLspServices, isConfigFileUri } from '@pmpath/language/lsp';
import { diagnosticsOf } from './lsp-helpers.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pmpath-lsp-config-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

const PATHWAY = 'pathway P {\n  actor c: clinician\n  data x: biomarker\n  cutoff Hi: x > 1\n  initial state A: healthy\n  final state B: sick\n  A -> B when Hi by c\n  flow x from c to c for care\n}\n';

/** Services with a fake connection that records what the server publishes. */
function createServer() {
    const published: PublishDiagnosticsParams[] = [];
    const warnings: string[] = [];
    const connection = {
        sendDiagnostics: async (params: PublishDiagnosticsParams) => { published.push(params); },
        window: { showWarningMessage: async (message: string) => { warnings.push(message); return undefined; } },
    } as unknown as Connection;
    const services = createPmpathLspServices({ ...EmptyFileSystem, connection });
    return { ...services, published, warnings };
}

async function open(server: ReturnType<typeof createServer>, file: string, text: string): Promise<LangiumDocument> {
    const document = server.shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(file));
    server.shared.workspace.LangiumDocuments.addDocument(document);
    await server.shared.workspace.DocumentBuilder.build([document], { validation: true });
    return document;
}

function changeConfig(server: ReturnType<typeof createServer>, file: string, text: string): Promise<void> {
    fs.writeFileSync(file, text);
    server.shared.lsp.DocumentUpdateHandler.didChangeWatchedFiles!({ changes: [{ uri: URI.file(file).toString(), type: FileChangeType.Changed }] });
    return server.Pmpath.config.Reloader.lastReload;
}

describe('.pmpathrc.json in the language server', () => {
    it('applies a changed configuration to open documents without a restart', async () => {
        const server = createServer();
        const configFile = path.join(folder, 'a', '.pmpathrc.json');
        fs.mkdirSync(path.dirname(configFile), { recursive: true });
        fs.writeFileSync(configFile, '{ "rules": { "cutoff-without-source": "off" } }');
        const document = await open(server, path.join(folder, 'a', 'main.pmpath'), PATHWAY);
        expect(diagnosticsOf(document, RuleId.cutoffWithoutSource)).toEqual([]);

        await changeConfig(server, configFile, '{ "rules": { "cutoff-without-source": "error" } }');
        expect(diagnosticsOf(document, RuleId.cutoffWithoutSource)).toMatchObject([{ severity: 1 }]);

        fs.rmSync(configFile);
        server.shared.lsp.DocumentUpdateHandler.didChangeWatchedFiles!({ changes: [{ uri: URI.file(configFile).toString(), type: FileChangeType.Deleted }] });
        await server.Pmpath.config.Reloader.lastReload;
        expect(diagnosticsOf(document, RuleId.cutoffWithoutSource)).toMatchObject([{ severity: 2 }]);
    });

    it('publishes problems of a configuration file on that file, announces them once, and clears them when fixed', async () => {
        const server = createServer();
        const configFile = path.join(folder, 'b', '.pmpathrc.json');
        fs.mkdirSync(path.dirname(configFile), { recursive: true });
        fs.writeFileSync(configFile, '{\n  "rules": {\n    "cutoff-without-sauce": "off",\n    "syntax": "off"\n  }\n}\n');
        const document = await open(server, path.join(folder, 'b', 'main.pmpath'), PATHWAY);
        const configUri = URI.file(configFile).toString();
        const last = () => server.published.filter(p => p.uri === configUri).at(-1);
        expect(last()?.diagnostics.map(d => [d.range.start, d.message])).toEqual([
            [{ line: 2, character: 4 }, 'This configuration names an unknown rule "cutoff-without-sauce" (did you mean "cutoff-without-source"?).'],
            [{ line: 3, character: 4 }, 'This configuration cannot configure "syntax": it is always an error.'],
        ]);
        expect(server.warnings).toHaveLength(1);
        expect(server.warnings[0]).toContain('cutoff-without-sauce');
        // The valid part of the file still applies: nothing else changes for the document.
        expect(diagnosticsOf(document, RuleId.cutoffWithoutSource)).toHaveLength(1);

        await server.shared.workspace.DocumentBuilder.build([document], { validation: true });
        expect(server.warnings).toHaveLength(1);

        await changeConfig(server, configFile, '{ "rules": { "cutoff-without-source": "off" } }');
        expect(last()?.diagnostics).toEqual([]);
        expect(diagnosticsOf(document, RuleId.cutoffWithoutSource)).toEqual([]);
    });

    it('honours the pmpath.configFile setting and reports a missing file', async () => {
        const server = createServer();
        const custom = path.join(folder, 'custom.json');
        fs.writeFileSync(custom, '{ "rules": { "cutoff-without-source": "info" } }');
        const document = await open(server, path.join(folder, 'c', 'main.pmpath'), PATHWAY);
        await server.Pmpath.config.Reloader.setConfigFile('custom.json', folder);
        expect(diagnosticsOf(document, RuleId.cutoffWithoutSource)).toMatchObject([{ severity: 3 }]);
        await server.Pmpath.config.Reloader.setConfigFile('missing.json', folder);
        expect(server.warnings.at(-1)).toContain('does not exist');
        await server.Pmpath.config.Reloader.setConfigFile('', folder);
        expect(diagnosticsOf(document, RuleId.cutoffWithoutSource)).toMatchObject([{ severity: 2 }]);
    });

    it('places a JSON syntax error at its position', () => {
        const text = '{ "rules": { "a": "off", } }';
        const config = parseConfig(text, '/x/.pmpathrc.json');
        const [diagnostic] = configProblemDiagnostics(text, config);
        expect(diagnostic.message).toMatch(/^This configuration is not valid JSON/);
        expect(diagnostic.range.start.character).toBeGreaterThan(0);
    });

    it('recognises configuration file URIs', () => {
        expect(isConfigFileUri('file:///w/.pmpathrc.json')).toBe(true);
        expect(isConfigFileUri('file:///w/x.pmpathrc.json')).toBe(false);
        expect(isConfigFileUri('file:///w/main.pmpath')).toBe(false);
    });
});
