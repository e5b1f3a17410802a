import { describe, expect, it, vi } from 'vitest';
import type { LangiumDocument } from 'langium';
import { guardMethods } from '../src/lsp/guard.js';
import { createLspWorkspace } from './lsp-helpers.js';

const ws = createLspWorkspace();
const lsp = ws.services.lsp;

/** Every request a client sends while typing, at every offset of the document. */
async function everyRequest(document: LangiumDocument, stride = 1): Promise<void> {
    const uri = document.textDocument.uri;
    const text = document.textDocument.getText();
    await lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri } });
    await lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument: { uri } });
    await lsp.SemanticTokenProvider!.semanticHighlight(document, { textDocument: { uri } });
    await lsp.Formatter!.formatDocument(document, { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
    for (let offset = 0; offset <= text.length; offset += stride) {
        const position = document.textDocument.positionAt(offset);
        await lsp.CompletionProvider!.getCompletion(document, { textDocument: { uri }, position });
        await lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri }, position });
        await lsp.DefinitionProvider!.getDefinition(document, { textDocument: { uri }, position });
        await lsp.ReferencesProvider!.findReferences(document, { textDocument: { uri }, position, context: { includeDeclaration: true } });
        await lsp.RenameProvider!.rename(document, { textDocument: { uri }, position, newName: 'renamed' });
        await lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri }, range: { start: position, end: position },
            context: { diagnostics: (document.diagnostics ?? []).map(d => ({ ...d, range: { start: position, end: position } })) },
        });
    }
}

describe('robustness', () => {
    it('completes the target state of a transition that is still being typed', async () => {
        const document = await ws.one('pathway P {\n  initial state A: healthy\n  final state B: sick\n  A -> \n}\n');
        const position = document.textDocument.positionAt(document.textDocument.getText().indexOf('-> ') + 3);
        const list = await lsp.CompletionProvider!.getCompletion(document, { textDocument: { uri: document.textDocument.uri }, position });
        expect(list?.items.map(i => i.label)).toEqual(expect.arrayContaining(['A', 'B']));
    });

    it.each([
        ['half-typed transition', 'pathway P {\n  initial state A: healthy\n  A -> \n}\n'],
        ['half-typed cutoff', 'pathway P {\n  data x: biomarker unit "mg"\n  cutoff C: x in [1, \n'],
        ['unclosed consent', 'library L {\n  consent K by {\n    duo DS\n    covers\n'],
        ['garbage', '}}} -> "unterminated\n\u0000 /* open comment'],
        ['empty file', ''],
        ['deep guard', `pathway P {\n  state A: hybrid { monitor x every 1 day by c until ${'('.repeat(200)}X${')'.repeat(200)} }\n}\n`, 37],
    ])('answers every request on a %s without throwing', async (_name, text, stride = 1) => {
        const document = await ws.one(text);
        await expect(everyRequest(document, stride)).resolves.toBeUndefined();
    });

    const PATHWAY = 'pathway P {\n  actor doc: clinician\n  data v: biomarker unit "mg/dL"\n  data g: genomic\n  cutoff C: v >= 5 "mg/dL" source "s"\n  initial state A: healthy\n  final state B: sick\n  A -> B when C by doc\n}\n';
    it.each([
        ['half-typed suite header', 'import "./p.pmpath"\ntests for '],
        ['half-typed scenario', 'import "./p.pmpath"\ntests for P {\n  scenario "s" from \n'],
        ['half-typed steps', 'import "./p.pmpath"\ntests for P {\n  start "2025-02-30\n  scenario "s" {\n    observe v = \n    observe g is \n    expect path A -> \n    expect state\n    wait 3\n'],
        ['suite of an unknown pathway', 'import "./missing.pmpath"\ntests for Q {\n  scenario "s" from X { observe y = 1 "u" expect path X -> Y }\n}\n'],
        ['suite without imports', 'tests for P { scenario "" { } scenario "" { } }'],
        ['suite with pathway keywords', 'import "./p.pmpath"\ntests for P {\n  state X: healthy\n  A -> B by doc\n  scenario "s" { observe v = -1e9 "mg/dL" wait 100000 years }\n}\n'],
        ['pathway in a suite file', PATHWAY],
        ['garbage', '}}} scenario -> "unterminated\n\u0000 /* open comment'],
        ['empty suite file', ''],
    ])('answers every request on a .pmtest file with a %s without throwing', async (_name, text) => {
        const document = (await ws.build({ 'p.pmpath': PATHWAY, 'main.pmtest': text }))['main.pmtest'];
        // No provider may even fail and be answered by its guard.
        const errors = vi.spyOn(console, 'error');
        try {
            await expect(everyRequest(document)).resolves.toBeUndefined();
            expect(errors).not.toHaveBeenCalled();
        } finally {
            errors.mockRestore();
        }
    });

    it('answers with an empty result when a provider throws', async () => {
        const provider = guardMethods({
            sync(): string[] { throw new Error('boom'); },
            async later(): Promise<string[]> { throw new Error('boom'); },
            fine(): string[] { return ['ok']; },
        }, { sync: () => [], later: () => [] });
        const errors = console.error;
        console.error = () => undefined;
        try {
            expect(provider.sync()).toEqual([]);
            await expect(provider.later()).resolves.toEqual([]);
            expect(provider.fine()).toEqual(['ok']);
        } finally {
            console.error = errors;
        }
    });
});
