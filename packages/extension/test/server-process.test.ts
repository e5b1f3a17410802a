/**
 * Starts the BUNDLED language server (dist/server.cjs) as a child process and
 * talks LSP to it over stdio like an editor would: opens every example, edits
 * documents into broken states (mid-statement cuts, empty files, garbage) and
 * back, and checks that diagnostics keep arriving, that the custom pmpath
 * requests answer, and that the process never dies.
 */
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Diagnostic, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { RULES } from '@pmpath/language';
import {
    DiagramChangedNotification, DiagramRequest, LocateRequest,
    type DiagramChangedParams, type DiagramResult, type LocateResult, ExportFhirRequest, type ExportFhirResult
} from '../src/messages.js';
import { startServer, workspaceWithExamples, type LanguageServer } from './server-helpers.js';

const ruleIds = new Set(RULES.map(r => r.id));

let workspace: string;
let lsp: LanguageServer;
const changed: string[] = [];

function exampleFiles(): string[] {
    const found: string[] = [];
    const stack = [path.join(workspace, 'examples')];
    while (stack.length > 0) {
        const dir = stack.pop()!;
        for (const entry of readdirSync(dir)) {
            const full = path.join(dir, entry);
            if (statSync(full).isDirectory()) stack.push(full);
            else if (entry.endsWith('.pmpath')) found.push(full);
        }
    }
    return found.sort();
}

function uriOf(file: string): string {
    return pathToFileURL(file).toString();
}

function open(file: string, text = readFileSync(file, 'utf8')): Promise<PublishDiagnosticsParams> {
    return lsp.open(uriOf(file), text);
}

/** Sends the next version of a document (opening it first if need be) and resolves with its diagnostics. */
async function change(uri: string, contentChanges: TextDocumentContentChangeEvent[]): Promise<PublishDiagnosticsParams> {
    if (!lsp.isOpen(uri)) await open(new URL(uri).pathname);
    const published = lsp.nextDiagnostics(uri);
    await lsp.change(uri, contentChanges);
    return published;
}

function replaceAll(uri: string, text: string): Promise<PublishDiagnosticsParams> {
    return change(uri, [{ text }]);
}

function edit(uri: string, line: number, character: number, endLine: number, endCharacter: number, text: string): Promise<PublishDiagnosticsParams> {
    return change(uri, [{ range: { start: { line, character }, end: { line: endLine, character: endCharacter } }, text }]);
}

function codes(diagnostics: Diagnostic[]): string[] {
    return diagnostics.map(d => String(d.code));
}

/** Every diagnostic has a known rule id, a message and a range inside the text. */
function expectWellFormed(diagnostics: Diagnostic[], text: string): void {
    const lines = text.split(/\r?\n/);
    for (const d of diagnostics) {
        expect(ruleIds.has(String(d.code)), `unknown rule id ${String(d.code)}`).toBe(true);
        expect(d.message.length).toBeGreaterThan(10);
        expect(d.range.start.line).toBeGreaterThanOrEqual(0);
        expect(d.range.end.line).toBeLessThanOrEqual(Math.max(0, lines.length - 1) + 1);
    }
}

/** A small deterministic PRNG so a failing garbage input can be reproduced. */
function prng(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state * 1664525 + 1013904223) >>> 0;
        return state / 0x1_0000_0000;
    };
}

beforeAll(async () => {
    workspace = workspaceWithExamples('pmpath-server-');
    lsp = await startServer({
        workspace, name: 'examples', diagnosticsTimeoutMs: 20_000,
        capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true } }, workspace: { workspaceFolders: true } },
        setup: connection => connection.onNotification(DiagramChangedNotification, (params: DiagramChangedParams) => { changed.push(...params.uris); }),
    });
    expect(lsp.initialized.capabilities.textDocumentSync).toBeDefined();
});

afterAll(async () => {
    await lsp?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
});

describe('the bundled language server, spoken to over stdio', () => {
    test('publishes well-formed diagnostics for every example, with rule ids as codes and links to the rule docs', async () => {
        const files = exampleFiles();
        expect(files.length).toBeGreaterThanOrEqual(6);
        for (const file of files) {
            const published = await open(file);
            expectWellFormed(published.diagnostics, readFileSync(file, 'utf8'));
            const errors = published.diagnostics.filter(d => d.severity === 1);
            if (file.includes(`${path.sep}flawed${path.sep}`)) {
                // The flawed examples exist to show findings (their shared libraries may be clean).
                if (!file.includes(`${path.sep}shared${path.sep}`)) expect(published.diagnostics.length, path.basename(file)).toBeGreaterThan(0);
            } else {
                // The other examples are clean pathways: no errors.
                expect(errors, `${path.basename(file)}: ${errors.map(e => e.message).join('; ')}`).toEqual([]);
            }
            for (const d of published.diagnostics) expect(d.codeDescription?.href).toContain(String(d.code));
        }
        expect(lsp.exitCode).toBeUndefined();
    });

    test('reports a statement cut in the middle as a syntax error on that line, and recovers when it is restored', async () => {
        const file = path.join(workspace, 'examples', 'cf-newborn-screening.pmpath');
        const uri = uriOf(file);
        const text = readFileSync(file, 'utf8');
        const lines = text.split('\n');
        const flowLine = lines.findIndex(l => l.includes('flow irt, sweatCl from lab to pulmonologist for care'));
        expect(flowLine).toBeGreaterThan(0);
        const cutAt = lines[flowLine].indexOf(' to pulmonologist');
        const broken = await edit(uri, flowLine, cutAt, flowLine, lines[flowLine].length, '');
        const syntax = broken.diagnostics.filter(d => d.code === 'syntax');
        expect(syntax.length).toBeGreaterThan(0);
        expect(syntax[0].severity).toBe(1);
        expect(syntax[0].range.start.line).toBeGreaterThanOrEqual(flowLine);
        expect(syntax[0].range.start.line).toBeLessThanOrEqual(flowLine + 1);

        const restored = await replaceAll(uri, text);
        expect(codes(restored.diagnostics)).not.toContain('syntax');
        expect(restored.diagnostics.filter(d => d.severity === 1)).toEqual([]);
    });

    test('reports an unknown name as unresolved-reference on exactly that name', async () => {
        const file = path.join(workspace, 'examples', 'cf-newborn-screening.pmpath');
        const uri = uriOf(file);
        const text = readFileSync(file, 'utf8');
        const lines = text.split('\n');
        const line = lines.findIndex(l => l.includes('Newborn -> Cleared when not IrtHigh by lab'));
        const column = lines[line].indexOf('IrtHigh');
        const published = await edit(uri, line, column, line, column + 'IrtHigh'.length, 'IrtHihg');
        const unresolved = published.diagnostics.filter(d => d.code === 'unresolved-reference');
        expect(unresolved).toHaveLength(1);
        expect(unresolved[0].range).toEqual({ start: { line, character: column }, end: { line, character: column + 'IrtHihg'.length } });
        expect(unresolved[0].message).toContain('IrtHihg');
        await replaceAll(uri, text);
    });

    test('survives an empty file, random garbage and half-typed declarations, and still answers afterwards', async () => {
        const file = path.join(workspace, 'examples', 'prediabetes-wearables.pmpath');
        const uri = uriOf(file);
        const text = readFileSync(file, 'utf8');

        const empty = await replaceAll(uri, '');
        expect(codes(empty.diagnostics)).toContain('syntax');

        const random = prng(4);
        const alphabet = 'pathway state -> { } [ ( ) ] " \\ , : >= 0.5 -2 when by and or not flow data é ☤ \u0000 \t\n'.split(' ');
        for (let round = 0; round < 8; round++) {
            let garbage = '';
            const length = 20 + Math.floor(random() * 400);
            for (let i = 0; i < length; i++) garbage += alphabet[Math.floor(random() * alphabet.length)] + (random() < 0.3 ? ' ' : '');
            const published = await replaceAll(uri, garbage).catch(error => { throw new Error(`round ${round}, input ${JSON.stringify(garbage)}: ${String(error)}`); });
            expect(published.diagnostics.length, `round ${round}`).toBeGreaterThan(0);
            expectWellFormed(published.diagnostics, garbage);
        }

        // Typing a new state character by character, each prefix its own version.
        await replaceAll(uri, text);
        const insertLine = text.split('\n').findIndex(l => l.trimStart().startsWith('initial state'));
        const typed = 'state Half: hybrid at-risk "typed" { monitor ';
        for (let i = 1; i <= typed.length; i += 7) {
            const published = await replaceAll(uri, text.split('\n').toSpliced(insertLine, 0, '  ' + typed.slice(0, i)).join('\n'));
            expectWellFormed(published.diagnostics, text);
        }
        const back = await replaceAll(uri, text);
        expect(back.diagnostics.filter(d => d.severity === 1)).toEqual([]);
        expect(lsp.exitCode).toBeUndefined();
    });

    test('serves .pmtest suites opened with the language id `pmtest`, untitled ones too, and survives anything typed into them', async () => {
        const file = path.join(workspace, 'examples', 'tests', 'cf-newborn-screening.pmtest');
        const uri = uriOf(file);
        const text = readFileSync(file, 'utf8');
        expect((await lsp.open(uri, text, 'pmtest')).diagnostics).toEqual([]);

        // Typing a scenario character by character, each prefix its own version.
        const insertLine = text.split('\n').findIndex(l => l.trimStart().startsWith('scenario "two pathogenic'));
        const typed = 'scenario "typed" from CFSPID { observe sweatCl = 61 "mmol/L" wait 2 weeks expect path CFSPID -> CF } ';
        for (let i = 1; i <= typed.length; i += 5) {
            const published = await replaceAll(uri, text.split('\n').toSpliced(insertLine, 0, '  ' + typed.slice(0, i)).join('\n'));
            expectWellFormed(published.diagnostics, text);
        }
        const random = prng(7);
        const alphabet = 'tests for scenario from observe wait expect state path -> = is { } " 3 weeks CF é \u0000 \n'.split(' ');
        for (let round = 0; round < 6; round++) {
            let garbage = '';
            for (let i = 0; i < 200; i++) garbage += alphabet[Math.floor(random() * alphabet.length)] + ' ';
            expectWellFormed((await replaceAll(uri, garbage)).diagnostics, garbage);
        }
        expect((await replaceAll(uri, text)).diagnostics).toEqual([]);

        const untitled = 'untitled:Untitled-7';
        expect(codes((await lsp.open(untitled, 'tests for Nothing {\n}\n', 'pmtest')).diagnostics)).toEqual(['unresolved-reference']);
        expect(lsp.exitCode).toBeUndefined();
    });

    test('answers pmpath/diagram with an SVG of the pathway, pmpath/locate with source ranges, and notifies pmpath/diagramChanged', async () => {
        const file = path.join(workspace, 'examples', 'cf-newborn-screening.pmpath');
        const uri = uriOf(file);
        const text = readFileSync(file, 'utf8');
        expect(changed).toContain(uri);

        const states = await lsp.connection.sendRequest<DiagramResult>(DiagramRequest, { uri, view: 'states', direction: 'TB' });
        expect(states.error).toBeUndefined();
        expect(states.svg).toMatch(/^<svg\b/);
        expect(states.svg).toContain('ScreenPositive');
        const flows = await lsp.connection.sendRequest<DiagramResult>(DiagramRequest, { uri, view: 'flows', direction: 'LR' });
        expect(flows.svg).toContain('pulmonologist');

        const lines = text.split('\n');
        const stateLine = lines.findIndex(l => l.includes('state CFSPID:'));
        const state = await lsp.connection.sendRequest<LocateResult>(LocateRequest, { uri, view: 'states', kind: 'node', name: 'CFSPID' });
        expect(state.range?.start).toEqual({ line: stateLine, character: lines[stateLine].indexOf('CFSPID') });
        const transitionLine = lines.findIndex(l => l.includes('CFSPID -> Cleared'));
        const transition = await lsp.connection.sendRequest<LocateResult>(LocateRequest, { uri, view: 'states', kind: 'edge', source: 'CFSPID', target: 'Cleared' });
        expect(transition.range?.start.line).toBe(transitionLine);
        const flowLine = lines.findIndex(l => l.includes('flow location from parents to tracker'));
        const flow = await lsp.connection.sendRequest<LocateResult>(LocateRequest, { uri, view: 'flows', kind: 'edge', source: 'parents', target: 'tracker', index: 1 });
        expect(flow.range?.start.line).toBe(flowLine);

        const library = uriOf(path.join(workspace, 'examples', 'shared', 'genomics-services.pmpath'));
        const none = await lsp.connection.sendRequest<DiagramResult>(DiagramRequest, { uri: library, view: 'states' });
        expect(none.svg).toBeUndefined();
        expect(none.error).toMatch(/library/);
        expect(lsp.exitCode).toBeUndefined();
    });

    test('answers pmpath/exportFhir with the pathway and its imports as FHIR files or one Bundle, and refuses a broken file', async () => {
        const file = path.join(workspace, 'examples', 'brca-carriers.pmpath');
        await open(file);
        const uri = uriOf(file);
        const folder = await lsp.connection.sendRequest<ExportFhirResult>(ExportFhirRequest, { uri, form: 'folder' });
        expect(folder.error).toBeUndefined();
        const names = folder.files!.map(f => f.name);
        expect(names).toContain('PlanDefinition-brca-cascade-and-surveillance.json');
        expect(names).toContain('Library-genomic-medicine-service.json');
        for (const f of folder.files!) expect(JSON.parse(f.content).resourceType).toBe(f.name.split('-')[0]);
        expect(folder.warnings!.some(w => w.includes("data 'brcaVariant'"))).toBe(true);
        const bundle = await lsp.connection.sendRequest<ExportFhirResult>(ExportFhirRequest, { uri, form: 'bundle', canonical: 'https://fhir.example.org' });
        expect(bundle.files).toHaveLength(1);
        const parsed = JSON.parse(bundle.files![0].content);
        expect(parsed).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
        expect(parsed.entry).toHaveLength(folder.files!.length);
        expect(parsed.entry[0].fullUrl.startsWith('https://fhir.example.org/')).toBe(true);

        const broken = path.join(workspace, 'examples', 'flawed', 'syntax-error.pmpath');
        await open(broken);
        const refused = await lsp.connection.sendRequest<ExportFhirResult>(ExportFhirRequest, { uri: uriOf(broken), form: 'bundle' });
        expect(refused.files).toBeUndefined();
        expect(refused.error).toMatch(/syntax/);
        expect(lsp.exitCode).toBeUndefined();
    });
});
