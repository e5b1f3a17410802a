/**
 * SPEC §4 "Every diagnostic carries one rule id (the LSP `code`)" and §2.1
 * "DUO terms … bind to the CURIE in output and hovers", checked on the
 * language-server services.
 */
import { EmptyFileSystem, URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '@pmpath/language';
import { createPmpathLspServices } from '@pmpath/language/lsp';

const { shared, Pmpath } = createPmpathLspServices(EmptyFileSystem);
let round = 0;

async function open(text: string) {
    round++;
    for (const doc of shared.workspace.LangiumDocuments.all.toArray()) {
        shared.workspace.LangiumDocuments.deleteDocument(doc.uri);
        shared.workspace.IndexManager.remove(doc.uri);
    }
    Pmpath.config.ConfigProvider.override = parseConfig('{}');
    const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`file:///speclsp${round}/main.pmpath`));
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    return document;
}

const TEXT = `pathway P {
  actor doc: clinician
  actor r: researcher
  actor idle: family
  data bm: biomarker
  consent K { permits research duo HMB, NPU, GS "EU" covers bm }
  initial state A: healthy
  final state B: sick
  A -> B by doc
  flow bm from doc to r for research under K
  flow bm from doc to r for quality
}
`;

describe('diagnostics in the editor', () => {
    it('every diagnostic carries its rule id as the LSP code and the default severity', async () => {
        const doc = await open(TEXT);
        const diags = (doc.diagnostics ?? []).map(d => [d.code, d.severity, d.range.start.line]);
        expect(diags).toContainEqual(['unused-declaration', 2, 3]);
        expect(diags).toContainEqual(['research-use-requires-consent', 1, 10]);
        for (const d of doc.diagnostics ?? []) expect(typeof d.code).toBe('string');
    });

    it('a syntax error carries the code `syntax`', async () => {
        const doc = await open('pathway P {\n  actor : clinician\n}\n');
        const codes = (doc.diagnostics ?? []).map(d => d.code);
        expect(codes).toContain('syntax');
        expect(codes.every(c => typeof c === 'string')).toBe(true);
    });

    it('an unresolved name carries the code `unresolved-reference`', async () => {
        const doc = await open('pathway P {\n  actor doc: clinician\n  initial state A: healthy\n  final state B: sick\n  A -> B by ghost, doc\n}\n');
        expect((doc.diagnostics ?? []).map(d => d.code)).toEqual(['unresolved-reference']);
    });
});

describe('hovers', () => {
    async function hoverAt(needle: string, delta = 0): Promise<string> {
        const doc = await open(TEXT);
        const offset = TEXT.indexOf(needle) + delta;
        const position = doc.textDocument.positionAt(offset);
        const hover = await Pmpath.lsp.HoverProvider!.getHoverContent(doc, { textDocument: { uri: doc.textDocument.uri }, position });
        const contents = hover?.contents;
        return typeof contents === 'string' ? contents : JSON.stringify(contents ?? '');
    }

    it.each([['HMB', 'DUO:0000006'], ['NPU', 'DUO:0000045'], ['GS "EU"', 'DUO:0000022']])('hovering the DUO term %s shows %s', async (needle, curie) => {
        expect(await hoverAt(needle, 1)).toContain(curie);
    });
});
