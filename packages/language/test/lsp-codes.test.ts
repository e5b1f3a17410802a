/** Coded data (`code loinc "…"`, `code snomed "…"`) in the editor: completion, hover and formatting. */
import { describe, expect, it } from 'vitest';
import type { LangiumDocument } from 'langium';
import { expectFormatting } from 'langium/test';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver';
import { createLspWorkspace, positionOf } from './lsp-helpers.js';

const ws = createLspWorkspace();
const lsp = ws.services.lsp;

async function complete(document: LangiumDocument, needle: string): Promise<CompletionItem[]> {
    const list = await lsp.CompletionProvider!.getCompletion(document, {
        textDocument: { uri: document.textDocument.uri }, position: positionOf(document, needle, needle.length),
    });
    return list?.items ?? [];
}

async function hover(document: LangiumDocument, needle: string, delta = 0, occurrence = 0): Promise<string> {
    const result = await lsp.HoverProvider!.getHoverContent(document, {
        textDocument: { uri: document.textDocument.uri }, position: positionOf(document, needle, delta, occurrence),
    });
    return (result?.contents as MarkupContent | undefined)?.value ?? '';
}

const CODED = `pathway P {
  actor doc: clinician
  data sweatCl: biomarker "Sweat <b>chloride</b>" unit "mmol/L" code loinc "2077-6"
  data mi: clinical "Prior MI" code snomed "22298007"
  data plain: biomarker
  cutoff High: sweatCl >= 60 "mmol/L" source "CFF 2017"
  initial state A: healthy
  final state B: sick
  A -> B when High by doc
  flow sweatCl, mi, plain from doc to doc for care
}
`;

describe('coded data in the editor', () => {
    it('proposes the code systems after `code`, with what they are', async () => {
        const document = await ws.one('pathway P {\n  data x: biomarker unit "mmol/L" code \n}\n');
        const items = await complete(document, 'code ');
        expect(items.map(i => i.label).sort()).toEqual(['loinc', 'snomed']);
        const loinc = items.find(i => i.label === 'loinc')!;
        expect(loinc.detail).toBe('code system');
        expect((loinc.documentation as MarkupContent).value).toContain('http://loinc.org');
    });

    it('proposes `code` after a data item\'s unit', async () => {
        const document = await ws.one('pathway P {\n  data x: biomarker unit "mmol/L" \n}\n');
        expect((await complete(document, 'unit "mmol/L" ')).map(i => i.label)).toContain('code');
    });

    it('shows the system, the code and the data\'s label (escaped) when hovering the code', async () => {
        const document = await ws.one(CODED);
        const text = await hover(document, '"2077-6"', 2);
        expect(text).toContain('**LOINC** `2077-6`');
        expect(text).toContain('http://loinc.org');
        expect(text).toContain('Sweat &lt;b&gt;chloride&lt;/b&gt;');
        expect(text).not.toContain('<b>');
        expect(text).toContain('`sweatCl`');
        expect(text).toContain('check digit correct');
        const snomed = await hover(document, '"22298007"', 2);
        expect(snomed).toContain('**SNOMED CT** `22298007`');
        expect(snomed).toContain('http://snomed.info/sct');
        expect(snomed).toContain('cannot be right');
    });

    it('shows the code in the hover of the data item and of references to it', async () => {
        const document = await ws.one(CODED);
        expect(await hover(document, 'flow sweatCl', 6)).toContain('code: LOINC `2077-6`');
        expect(await hover(document, 'data plain', 6)).toContain('code: none');
        expect(await hover(document, 'loinc')).toContain('code system');
    });

    it('formats a coded data declaration with one space between its parts', async () => {
        await expectFormatting(ws.services)({
            before: 'pathway P {\n  data x :biomarker   "Sweat chloride"  unit   "mmol/L"   code    loinc     "2077-6"\n  data y: clinical code  snomed  "190905008"\n}',
            after: 'pathway P {\n  data x: biomarker "Sweat chloride" unit "mmol/L" code loinc "2077-6"\n  data y: clinical code snomed "190905008"\n}',
        });
    });
});
