import { describe, expect, it } from 'vitest';
import type { LangiumDocument } from 'langium';
import { expectFormatting } from 'langium/test';
import { SemanticTokensDecoder } from 'langium/lsp';
import { DiagnosticSeverity, SymbolKind, type CompletionItem, type DocumentSymbol, type Hover, type Location, type MarkupContent } from 'vscode-languageserver';
import { RuleId, ruleDocsUrl } from '@pmpath/language';
import { escapeMarkdown, lineCommentFoldingRanges } from '@pmpath/language/lsp';
import { applyEdits, createLspWorkspace, diagnosticsOf, positionOf } from './lsp-helpers.js';

const ws = createLspWorkspace();
const lsp = ws.services.lsp;

const LIBRARY = `library Shared {
  actor genetics: clinician "Clinical geneticist" { genomics-trained }
  data panel: genomic "Gene panel"
}
`;

const MAIN = `import "./shared.pmpath"

pathway Screening {
  title "Screening <b>*pilot*</b>"
  actor gp: clinician "GP"
  actor lab: laboratory "Lab"
  actor fam: family
  data ldl: biomarker "LDL <script>" unit "mg/dL"
  cutoff High: ldl >= 190 "mg/dL" source "ESC 2019 *guideline*"
  cutoff Carrier: panel is pathogenic, likely-pathogenic source "ACMG"
  consent Registry by fam {
    permits research
    duo HMB, NPU
    covers panel, ldl
    withdrawable
    recontact
    expires after 5 years
  }
  initial state Start: healthy
  state AtRisk: hybrid at-risk "At risk" {
    monitor ldl every 6 months by gp review after 1 year until not High
    disclose panel to fam by genetics with counselling
  }
  final state Treated: sick
  Start -> AtRisk when High or Carrier by gp, lab
  AtRisk -> Treated when High by gp
  flow ldl from lab to gp for care
  flow panel from lab to genetics for research under Registry
}
`;

async function workspace(): Promise<Record<string, LangiumDocument>> {
    return ws.build({ 'main.pmpath': MAIN, 'shared.pmpath': LIBRARY });
}

async function complete(document: LangiumDocument, needle: string, delta = needle.length): Promise<CompletionItem[]> {
    const list = await lsp.CompletionProvider!.getCompletion(document, {
        textDocument: { uri: document.textDocument.uri }, position: positionOf(document, needle, delta),
    });
    return list?.items ?? [];
}

async function hover(document: LangiumDocument, needle: string, delta = 0, occurrence = 0): Promise<string> {
    const result: Hover | undefined = await lsp.HoverProvider!.getHoverContent(document, {
        textDocument: { uri: document.textDocument.uri }, position: positionOf(document, needle, delta, occurrence),
    });
    return (result?.contents as MarkupContent | undefined)?.value ?? '';
}

describe('diagnostics through the language server services', () => {
    it('carry the rule id as code and a link to its documentation', async () => {
        const document = await ws.one('pathway P {\n  initial state A: healthy\n  state B: healthy\n}\n');
        const [finding] = diagnosticsOf(document, RuleId.unreachableState);
        expect(finding).toMatchObject({
            code: RuleId.unreachableState,
            codeDescription: { href: ruleDocsUrl(RuleId.unreachableState) },
            severity: DiagnosticSeverity.Warning,
            source: 'pmpath',
        });
    });
});

describe('completion', () => {
    it('completes deep in a long pathway from the enclosing element alone, with the same proposals', async () => {
        const states = Array.from({ length: 400 }, (_, i) => `  state S${i}: healthy`).join('\n');
        const moves = Array.from({ length: 399 }, (_, i) => `  S${i} -> S${i + 1} by doc`).join('\n');
        const text = `pathway P {\n  actor doc: clinician\n  data x: clinical\n  initial state Start: healthy\n${states}\n${moves}\n  S399 -> \n  flow x from doc to doc for \n}\n`;
        const document = await ws.one(text);
        const targets = (await complete(document, 'S399 -> ')).map(i => i.label);
        expect(targets).toEqual(expect.arrayContaining(['Start', 'S0', 'S399']));
        expect(targets).not.toContain('doc');
        const purposes = (await complete(document, 'for ')).map(i => i.label);
        expect(purposes).toEqual(expect.arrayContaining(['care', 'research', 'commercial', 'public-health']));
        expect(purposes).not.toContain('state');
    });

    it('proposes the keywords that may start an element', async () => {
        const document = await ws.one('pathway P {\n  \n}\n');
        const labels = (await complete(document, 'pathway P {\n  ')).map(i => i.label);
        expect(labels).toEqual(expect.arrayContaining(['actor', 'data', 'cutoff', 'consent', 'state', 'initial', 'final', 'flow', 'title']));
    });

    it('proposes roles with their descriptions after `actor NAME:`', async () => {
        const document = await ws.one('pathway P {\n  actor x: \n}\n');
        const items = await complete(document, 'actor x: ');
        const clinician = items.find(i => i.label === 'clinician');
        expect(clinician).toMatchObject({ detail: 'actor role' });
        expect((clinician?.documentation as MarkupContent).value).toContain('fiduciary');
        expect(items.map(i => i.label)).toEqual(expect.arrayContaining(['patient', 'laboratory', 'researcher', 'platform']));
        expect(items.map(i => i.label)).not.toContain('genomic');
    });

    it('proposes data categories after `data NAME:`', async () => {
        const document = await ws.one('pathway P {\n  data x: \n}\n');
        const items = await complete(document, 'data x: ');
        expect(items.find(i => i.label === 'passive')).toMatchObject({ detail: 'data category' });
    });

    it('proposes DUO terms with their CURIEs and meanings', async () => {
        const document = await ws.one('library L {\n  consent C {\n    duo \n  }\n}\n');
        const items = await complete(document, 'duo ');
        const hmb = items.find(i => i.label === 'HMB');
        expect(hmb?.detail).toBe('DUO:0000006 (DUO permission)');
        expect((hmb?.documentation as MarkupContent).value).toContain('health or medical or biomedical research');
        expect(items.find(i => i.label === 'NPU')?.detail).toBe('DUO:0000045 (DUO modifier)');
    });

    it('proposes names in scope across imports, typed by the reference, with what they are', async () => {
        const docs = await ws.build({
            'shared.pmpath': LIBRARY,
            'other.pmpath': 'library Other {\n  actor hidden: clinician\n}\n',
            'main.pmpath': 'import "./shared.pmpath"\npathway P {\n  actor gp: clinician\n  data ldl: biomarker\n  initial state A: healthy\n  final state B: sick\n  A -> B by \n}\n',
        });
        const items = await complete(docs['main.pmpath'], 'A -> B by ');
        const names = items.map(i => i.label);
        expect(names).toEqual(expect.arrayContaining(['gp', 'genetics']));
        expect(names).not.toContain('hidden');
        expect(names).not.toContain('ldl');
        expect(items.find(i => i.label === 'genetics')?.detail).toBe('actor: clinician { genomics-trained } (imported from shared.pmpath)');
        expect(items.find(i => i.label === 'gp')?.detail).toBe('actor: clinician');
    });
});

describe('hover', () => {
    it('shows a DUO term with its CURIE and meaning', async () => {
        const docs = await workspace();
        const text = await hover(docs['main.pmpath'], 'NPU', 1);
        expect(text).toContain('DUO:0000045');
        expect(text).toContain('not\\-for\\-profit organisation use only');
    });

    it("shows a cutoff's range, unit and source at its declaration and at references, escaped", async () => {
        const docs = await workspace();
        const declaration = await hover(docs['main.pmpath'], 'High:', 1);
        expect(declaration).toContain('**cutoff** `High`');
        expect(declaration).toContain('`ldl` `>= 190 "mg/dL"`');
        expect(declaration).toContain('unit: `mg/dL`');
        expect(declaration).toContain('source: ESC 2019 \\*guideline\\*');
        expect(await hover(docs['main.pmpath'], 'when High', 6)).toBe(declaration);
    });

    it('shows an actor\'s role, whether it is fiduciary and its traits, also for imported actors', async () => {
        const docs = await workspace();
        const genetics = await hover(docs['main.pmpath'], 'by genetics', 4);
        expect(genetics).toContain('role: clinician');
        expect(genetics).toContain('fiduciary: owes the patient a duty of care');
        expect(genetics).toContain('traits: genomics-trained');
        const lab = await hover(docs['main.pmpath'], 'lab:', 0);
        expect(lab).toContain('not fiduciary');
    });

    it("shows a state's kind, initial/final and monitoring plan", async () => {
        const docs = await workspace();
        const text = await hover(docs['main.pmpath'], 'AtRisk:', 0);
        expect(text).toContain('kind: hybrid (at-risk)');
        expect(text).toContain('neither initial nor final');
        expect(text).toContain('monitoring: `ldl` every 6 months by `gp`, review after 1 year, until `not High`');
        expect(text).toContain('disclosure: `panel` to `fam` by `genetics` with counselling');
        expect(await hover(docs['main.pmpath'], 'Start:', 0)).toContain('initial: the pathway starts here');
    });

    it("shows a data item's category and unit with its label escaped", async () => {
        const docs = await workspace();
        const text = await hover(docs['main.pmpath'], 'flow ldl', 5);
        expect(text).toContain('category: biomarker');
        expect(text).toContain('unit: `mg/dL`');
        expect(text).toContain('LDL &lt;script&gt;');
        expect(text).not.toContain('<script>');
    });

    it("shows a consent's terms", async () => {
        const docs = await workspace();
        const text = await hover(docs['main.pmpath'], 'under Registry', 7);
        expect(text).toContain('permits: research');
        expect(text).toContain('HMB (DUO:0000006');
        expect(text).toContain('covers: `panel`, `ldl`');
        expect(text).toContain('withdrawable: yes');
        expect(text).toContain('recontact: yes');
        expect(text).toContain('expires: after 5 years');
    });

    it('shows what a role or category means, and nothing on punctuation', async () => {
        const docs = await workspace();
        expect(await hover(docs['main.pmpath'], 'laboratory')).toContain('a laboratory');
        expect(await hover(docs['main.pmpath'], '->')).toBe('');
    });

    it('escapes every Markdown and HTML character of user text', () => {
        expect(escapeMarkdown('*a* [b](c) <img> `d` # _e_ | f')).toBe('\\*a\\* \\[b\\]\\(c\\) &lt;img&gt; \\`d\\` \\# \\_e\\_ \\| f');
    });
});

describe('navigation and rename', () => {
    it('goes to the definition of a local and of an imported name', async () => {
        const docs = await workspace();
        const main = docs['main.pmpath'];
        const local = await lsp.DefinitionProvider!.getDefinition(main, { textDocument: { uri: main.textDocument.uri }, position: positionOf(main, 'when High', 6) });
        expect(local?.[0].targetUri).toBe(main.textDocument.uri);
        expect(local?.[0].targetSelectionRange.start).toEqual(positionOf(main, 'High:'));
        const imported = await lsp.DefinitionProvider!.getDefinition(main, { textDocument: { uri: main.textDocument.uri }, position: positionOf(main, 'by genetics', 4) });
        expect(imported?.[0].targetUri).toBe(docs['shared.pmpath'].textDocument.uri);
        expect(imported?.[0].targetSelectionRange.start).toEqual(positionOf(docs['shared.pmpath'], 'genetics:'));
    });

    it('finds references across files', async () => {
        const docs = await workspace();
        const shared = docs['shared.pmpath'];
        const refs: Location[] = await lsp.ReferencesProvider!.findReferences(shared, {
            textDocument: { uri: shared.textDocument.uri }, position: positionOf(shared, 'panel:'), context: { includeDeclaration: true },
        });
        const where = refs.map(r => `${r.uri.split('/').pop()}:${r.range.start.line}`).sort();
        // The declaration, `is` in cutoff Carrier's data, `covers`, `disclose` and the flow.
        expect(where).toEqual(['main.pmpath:13', 'main.pmpath:21', 'main.pmpath:27', 'main.pmpath:9', 'shared.pmpath:2']);
    });

    it('renames a library declaration in every importing file', async () => {
        const docs = await workspace();
        const shared = docs['shared.pmpath'];
        const edit = await lsp.RenameProvider!.rename(shared, {
            textDocument: { uri: shared.textDocument.uri }, position: positionOf(shared, 'genetics:'), newName: 'geneticist',
        });
        const renamedShared = applyEdits(LIBRARY, edit?.changes?.[shared.textDocument.uri] ?? []);
        const renamedMain = applyEdits(MAIN, edit?.changes?.[docs['main.pmpath'].textDocument.uri] ?? []);
        expect(renamedShared).toContain('actor geneticist: clinician');
        expect(renamedMain).toContain('disclose panel to fam by geneticist with counselling');
        expect(renamedMain).toContain('for research under Registry');
        expect(renamedMain).not.toContain('genetics');
        const rebuilt = await ws.build({ 'main.pmpath': renamedMain, 'shared.pmpath': renamedShared });
        expect(diagnosticsOf(rebuilt['main.pmpath'], RuleId.unresolvedReference)).toEqual([]);
    });

    it('renames a state at its declaration and every transition', async () => {
        const docs = await workspace();
        const main = docs['main.pmpath'];
        const edit = await lsp.RenameProvider!.rename(main, { textDocument: { uri: main.textDocument.uri }, position: positionOf(main, '-> AtRisk', 4), newName: 'Elevated' });
        const renamed = applyEdits(MAIN, edit?.changes?.[main.textDocument.uri] ?? []);
        expect(renamed.match(/Elevated/g)).toHaveLength(3);
        expect(renamed).not.toContain('AtRisk');
    });
});

describe('formatting', () => {
    const formatting = expectFormatting(ws.services);

    it('indents blocks by two spaces and normalises spaces around `:`, `->` and commas', async () => {
        await formatting({
            before: 'pathway P {\ninitial state A :healthy\n      state B:hybrid carrier{\nmonitor x,y every 1 year by c review after 2 years\n}\nfinal state C:   sick\nA->B by c ,  d\nB   ->   C when ( H ) by c\n    actor c: clinician { genomics-trained }\n  actor d:payer\ndata x: biomarker\n  data y : biomarker\n  cutoff H:x in [ 1,2 )\n}',
            after: 'pathway P {\n  initial state A: healthy\n  state B: hybrid carrier {\n    monitor x, y every 1 year by c review after 2 years\n  }\n  final state C: sick\n  A -> B by c, d\n  B -> C when (H) by c\n  actor c: clinician { genomics-trained }\n  actor d: payer\n  data x: biomarker\n  data y: biomarker\n  cutoff H: x in [1, 2)\n}',
        });
    });

    it('keeps at most one blank line between elements, and comments in place', async () => {
        await formatting({
            before: 'import "a.pmpath"\nimport "b.pmpath"\npathway P {\n  actor c: clinician\n\n\n\n  // states\n  initial state A: healthy\n  consent K { permits care covers x\n  withdrawable }\n}',
            after: 'import "a.pmpath"\nimport "b.pmpath"\n\npathway P {\n  actor c: clinician\n\n  // states\n  initial state A: healthy\n  consent K {\n    permits care\n    covers x\n    withdrawable\n  }\n}',
        });
    });
});

describe('document symbols', () => {
    it('nests the pathway, then one section per kind, each element with a detail', async () => {
        const docs = await workspace();
        const main = docs['main.pmpath'];
        const symbols: DocumentSymbol[] = await lsp.DocumentSymbolProvider!.getSymbols(main, { textDocument: { uri: main.textDocument.uri } });
        expect(symbols).toHaveLength(1);
        expect(symbols[0]).toMatchObject({ name: 'Screening', kind: SymbolKind.Namespace, detail: 'Screening <b>*pilot*</b>' });
        const sections = symbols[0].children!.map(s => [s.name, s.children!.map(c => c.name)]);
        expect(sections).toEqual([
            ['Actors', ['gp', 'lab', 'fam']],
            ['Data', ['ldl']],
            ['Cutoffs', ['High', 'Carrier']],
            ['Consents', ['Registry']],
            ['States', ['Start', 'AtRisk', 'Treated']],
            ['Transitions', ['Start -> AtRisk', 'AtRisk -> Treated']],
            ['Flows', ['ldl: lab -> gp', 'panel: lab -> genetics']],
        ]);
        const states = symbols[0].children!.find(s => s.name === 'States')!.children!;
        expect(states[1]).toMatchObject({ kind: SymbolKind.EnumMember, detail: 'hybrid at-risk' });
        expect(states[1].selectionRange.start).toEqual(positionOf(main, 'AtRisk:'));
        const actors = symbols[0].children![0].children!;
        expect(actors[0]).toMatchObject({ kind: SymbolKind.Class, detail: 'clinician' });
        const flows = symbols[0].children!.find(s => s.name === 'Flows')!.children!;
        expect(flows[1].detail).toBe('for research under Registry');
        expect(symbols[0].children!.find(s => s.name === 'Transitions')!.children![0].detail).toBe('when High or Carrier');
    });

    it('gives an empty outline for a file without a pathway or library', async () => {
        const document = await ws.one('import "x.pmpath"\n');
        expect(await lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.textDocument.uri } })).toEqual([]);
    });
});

describe('semantic tokens', () => {
    it('colours names by declaration kind and fixed words by category', async () => {
        const docs = await workspace();
        const main = docs['main.pmpath'];
        const tokens = lsp.SemanticTokenProvider!;
        const result = await tokens.semanticHighlight(main, { textDocument: { uri: main.textDocument.uri } });
        const decoded = SemanticTokensDecoder.decode(result, tokens.tokenTypes, main);
        const typeAt = (needle: string, delta = 0, occurrence = 0) => {
            const offset = main.textDocument.offsetAt(positionOf(main, needle, delta, occurrence));
            return decoded.find(t => t.offset === offset)?.tokenType;
        };
        expect(typeAt('gp:')).toBe('class');
        expect(typeAt('by genetics', 3)).toBe('class');
        expect(typeAt('ldl:')).toBe('variable');
        expect(typeAt('High:')).toBe('function');
        expect(typeAt('when High', 5)).toBe('function');
        expect(typeAt('Registry by')).toBe('struct');
        expect(typeAt('AtRisk:')).toBe('enumMember');
        expect(typeAt('-> AtRisk', 3)).toBe('enumMember');
        expect(typeAt('clinician')).toBe('type');
        expect(typeAt('biomarker')).toBe('type');
        expect(typeAt('HMB')).toBe('macro');
        expect(typeAt('initial')).toBe('modifier');
        expect(typeAt('research\n')).toBe('enum');
        expect(typeAt('title')).toBe('property');
        const declaration = decoded.find(t => t.offset === main.textDocument.offsetAt(positionOf(main, 'gp:')));
        expect(declaration!.tokenModifiers & tokens.tokenModifiers.declaration).toBeTruthy();
        const reference = decoded.find(t => t.offset === main.textDocument.offsetAt(positionOf(main, 'by gp', 3)));
        expect(reference!.tokenModifiers & tokens.tokenModifiers.declaration).toBeFalsy();
    });
});

describe('folding', () => {
    it('folds blocks and runs of line comments', async () => {
        const text = 'pathway P {\n  // ---- actors\n  // who takes part\n  actor c: clinician\n  consent K {\n    permits care\n  }\n}\n';
        const document = await ws.one(text);
        const ranges = await lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument: { uri: document.textDocument.uri } });
        expect(ranges).toEqual(expect.arrayContaining([
            expect.objectContaining({ startLine: 1, endLine: 2, kind: 'comment' }),
            expect.objectContaining({ startLine: 4 }),
        ]));
        expect(lineCommentFoldingRanges('// one\nx\n// two\n')).toEqual([]);
    });
});
