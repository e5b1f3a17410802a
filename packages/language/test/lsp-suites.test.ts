/**
 * Editor features on test suites (`.pmtest`, SPEC §7): names in a suite
 * resolve in the scope of its pathway, so definition, references, hover,
 * completion and rename work across `.pmpath` and `.pmtest` files; suites have
 * an outline, formatting, folding and semantic tokens; a suite is relinked when
 * its pathway or the pathway's imports change, and documents with the editor
 * language id `pmtest` are served.
 */
import { describe, expect, it } from 'vitest';
import { DocumentState, URI, type FileSystemNode, type FileSystemProvider, type LangiumDocument } from 'langium';
import { expectFormatting } from 'langium/test';
import { SemanticTokensDecoder } from 'langium/lsp';
import { SymbolKind, type CodeAction, type CompletionItem, type DocumentSymbol, type Hover, type Location, type MarkupContent } from 'vscode-languageserver';
import { parseConfig, RuleId } from '@pmpath/language';
import { createPmpathLspServices } from '@pmpath/language/lsp';
import { PmpathServiceRegistry } from '../src/workspace/pmpath-service-registry.js';
import { applyEdits, createLspWorkspace, diagnosticsOf, positionOf } from './lsp-helpers.js';

const ws = createLspWorkspace();
const lsp = ws.services.lsp;

const LIBRARY = `library Lipids {
  actor lab: laboratory "Lipid laboratory"
  data ldl: biomarker "LDL cholesterol" unit "mmol/L"
  data cyp: pharmacogenomic "CYP2C19 phenotype"
}
`;

const PATHWAY = `import "./lipids.pmpath"

pathway Cascade {
  title "FH <b>cascade</b> *testing*"
  actor gp: clinician { genomics-trained }
  data variant: genomic "Familial variant"
  cutoff High: ldl >= 4.9 "mmol/L" source "Simon Broome"
  cutoff Carrier: variant is pathogenic, likely-pathogenic source "ACMG"
  cutoff Poor: cyp is poor-metabolizer source "CPIC"
  initial state Relative: healthy "Untested relative"
  state AtRisk: hybrid at-risk "Raised LDL" {
    monitor ldl every 6 months by gp review after 1 year
    disclose ldl to gp by gp
  }
  final state FH: sick "Familial hypercholesterolaemia"
  Relative -> AtRisk when High by gp
  AtRisk -> FH when Carrier or Poor by gp
  flow ldl, variant, cyp from lab to gp for care
}
`;

const SUITE = `import "./cascade.pmpath"

tests for Cascade {
  start "2025-01-01"

  scenario "raised LDL, then a pathogenic variant" {
    observe ldl = 5.2 "mmol/L"
    expect state AtRisk
    wait 3 months
    observe variant is pathogenic
    expect path Relative -> AtRisk -> FH
  }

  scenario "from the at-risk status" from AtRisk {
    observe cyp is poor-metabolizer
    expect state FH
  }
}
`;

async function workspace(): Promise<Record<string, LangiumDocument>> {
    return ws.build({ 'lipids.pmpath': LIBRARY, 'cascade.pmpath': PATHWAY, 'cascade.pmtest': SUITE });
}

function at(document: LangiumDocument, needle: string, delta = 0, occurrence = 0) {
    return { textDocument: { uri: document.textDocument.uri }, position: positionOf(document, needle, delta, occurrence) };
}

async function complete(document: LangiumDocument, needle: string, delta = needle.length): Promise<CompletionItem[]> {
    return (await lsp.CompletionProvider!.getCompletion(document, at(document, needle, delta)))?.items ?? [];
}

async function hover(document: LangiumDocument, needle: string, delta = 0): Promise<string> {
    const result: Hover | undefined = await lsp.HoverProvider!.getHoverContent(document, at(document, needle, delta));
    return (result?.contents as MarkupContent | undefined)?.value ?? '';
}

describe('a suite in the workspace', () => {
    it('links without findings', async () => {
        const docs = await workspace();
        expect(docs['cascade.pmtest'].diagnostics).toEqual([]);
        expect(docs['cascade.pmpath'].diagnostics).toEqual([]);
    });
});

describe('navigation from a suite', () => {
    it('goes to the pathway, its states and data, and data of the libraries the pathway imports', async () => {
        const docs = await workspace();
        const suite = docs['cascade.pmtest'];
        const cases: Array<[string, number, string, string]> = [
            ['for Cascade', 4, 'cascade.pmpath', 'Cascade {'],
            ['state AtRisk', 6, 'cascade.pmpath', 'AtRisk:'],
            ['from AtRisk', 5, 'cascade.pmpath', 'AtRisk:'],
            ['-> FH', 3, 'cascade.pmpath', 'FH:'],
            ['observe variant', 8, 'cascade.pmpath', 'variant:'],
            ['observe ldl', 8, 'lipids.pmpath', 'ldl:'],
        ];
        for (const [needle, delta, file, target] of cases) {
            const definition = await lsp.DefinitionProvider!.getDefinition(suite, at(suite, needle, delta));
            expect(definition?.[0].targetUri, needle).toBe(docs[file].textDocument.uri);
            expect(definition?.[0].targetSelectionRange.start, needle).toEqual(positionOf(docs[file], target));
        }
    });

    it('finds the references of a state in the pathway and in its suites', async () => {
        const docs = await workspace();
        const pathway = docs['cascade.pmpath'];
        const refs: Location[] = await lsp.ReferencesProvider!.findReferences(pathway, { ...at(pathway, 'AtRisk:'), context: { includeDeclaration: false } });
        const where = refs.map(r => `${r.uri.split('/').pop()}:${r.range.start.line + 1}`).sort();
        expect(where).toEqual(['cascade.pmpath:16', 'cascade.pmpath:17', 'cascade.pmtest:8', 'cascade.pmtest:11', 'cascade.pmtest:14'].sort());
    });
});

describe('rename across .pmpath and .pmtest', () => {
    it('renames a state in the pathway and in every suite, leaving everything resolved', async () => {
        const docs = await workspace();
        const pathway = docs['cascade.pmpath'];
        const edit = await lsp.RenameProvider!.rename(pathway, { ...at(pathway, 'AtRisk:'), newName: 'Raised' });
        const renamedPathway = applyEdits(PATHWAY, edit?.changes?.[pathway.textDocument.uri] ?? []);
        const renamedSuite = applyEdits(SUITE, edit?.changes?.[docs['cascade.pmtest'].textDocument.uri] ?? []);
        expect(renamedSuite).toContain('expect state Raised');
        expect(renamedSuite).toContain('from Raised {');
        expect(renamedSuite).toContain('expect path Relative -> Raised -> FH');
        expect(renamedSuite).not.toContain('AtRisk');
        expect(renamedPathway).not.toContain('AtRisk');
        const rebuilt = await ws.build({ 'lipids.pmpath': LIBRARY, 'cascade.pmpath': renamedPathway, 'cascade.pmtest': renamedSuite });
        expect(rebuilt['cascade.pmtest'].diagnostics).toEqual([]);
    });

    it('renames from a reference in the suite, and renames library data the suite observes', async () => {
        const docs = await workspace();
        const suite = docs['cascade.pmtest'];
        const fromSuite = await lsp.RenameProvider!.rename(suite, { ...at(suite, '-> FH', 3), newName: 'Diagnosed' });
        expect(applyEdits(PATHWAY, fromSuite?.changes?.[docs['cascade.pmpath'].textDocument.uri] ?? [])).toContain('final state Diagnosed: sick');
        expect(applyEdits(SUITE, fromSuite?.changes?.[suite.textDocument.uri] ?? [])).toContain('expect state Diagnosed');

        const library = docs['lipids.pmpath'];
        const data = await lsp.RenameProvider!.rename(library, { ...at(library, 'ldl:'), newName: 'ldlc' });
        expect(applyEdits(SUITE, data?.changes?.[suite.textDocument.uri] ?? [])).toContain('observe ldlc = 5.2 "mmol/L"');
        expect(applyEdits(PATHWAY, data?.changes?.[docs['cascade.pmpath'].textDocument.uri] ?? [])).toContain('cutoff High: ldlc >= 4.9');
    });

    it('renames the pathway in `tests for`', async () => {
        const docs = await workspace();
        const pathway = docs['cascade.pmpath'];
        const edit = await lsp.RenameProvider!.rename(pathway, { ...at(pathway, 'Cascade {'), newName: 'FhCascade' });
        expect(applyEdits(SUITE, edit?.changes?.[docs['cascade.pmtest'].textDocument.uri] ?? [])).toContain('tests for FhCascade {');
    });
});

describe('hover in a suite', () => {
    it('describes the pathway under test, its states and data, escaped', async () => {
        const docs = await workspace();
        const suite = docs['cascade.pmtest'];
        const pathway = await hover(suite, 'Cascade {');
        expect(pathway).toContain('**pathway** `Cascade` — FH &lt;b&gt;cascade&lt;/b&gt; \\*testing\\*');
        expect(pathway).toContain('3 states, 2 transitions');
        expect(pathway).toContain('scenarios start in `Relative`');
        expect(await hover(suite, 'state AtRisk', 6)).toContain('hybrid (at-risk)');
        expect(await hover(suite, 'observe ldl', 8)).toContain('- unit: `mmol/L`');
    });

    it('says what the step keywords do in the simulation', async () => {
        const suite = (await workspace())['cascade.pmtest'];
        expect(await hover(suite, 'wait')).toContain('stopping at every `after`');
        expect(await hover(suite, 'observe')).toContain('every transition that is enabled is taken');
        expect(await hover(suite, 'expect state')).toContain('exactly these');
        expect(await hover(suite, 'start')).toContain('No machine time');
    });
});

describe('completion in a suite', () => {
    const labels = (items: CompletionItem[]) => items.map(i => i.label);

    it('proposes the pathways the suite imports after `tests for`', async () => {
        const document = (await ws.build({ 'lipids.pmpath': LIBRARY, 'cascade.pmpath': PATHWAY, 's.pmtest': 'import "./cascade.pmpath"\n\ntests for \n' }))['s.pmtest'];
        expect(labels(await complete(document, 'tests for '))).toEqual(['Cascade']);
    });

    it('proposes the states of the pathway after `expect state`, `from` and `->`, and its data after `observe`', async () => {
        const text = SUITE.replace('  scenario "from the at-risk status" from AtRisk {', '  scenario "typing" {\n    expect state \n    expect path Relative -> \n    observe \n  }\n  scenario "new" from  {');
        const document = (await ws.build({ 'lipids.pmpath': LIBRARY, 'cascade.pmpath': PATHWAY, 's.pmtest': text }))['s.pmtest'];
        const states = ['Relative', 'AtRisk', 'FH'];
        expect(labels(await complete(document, 'expect state \n', 13))).toEqual(states);
        expect(labels(await complete(document, 'Relative -> \n', 12))).toEqual(states);
        expect(labels(await complete(document, 'from  {', 5))).toEqual(states);
        const data = await complete(document, 'observe \n', 8);
        expect(labels(data)).toEqual(expect.arrayContaining(['variant', 'ldl', 'cyp']));
        expect(labels(data)).not.toContain('High');
        expect(data.find(i => i.label === 'ldl')?.detail).toBe('data: biomarker unit "mmol/L" (imported from lipids.pmpath)');
    });

    it('proposes the unit of the observed data after the number', async () => {
        const document = (await ws.build({ 'lipids.pmpath': LIBRARY, 'cascade.pmpath': PATHWAY, 's.pmtest': SUITE.replace('observe ldl = 5.2 "mmol/L"', 'observe ldl = 5.2 ') }))['s.pmtest'];
        const items = await complete(document, 'observe ldl = 5.2 ');
        expect(items[0]).toMatchObject({ label: '"mmol/L"', detail: "the unit of data 'ldl'" });
    });

    it('proposes only the classes the data takes after `is`', async () => {
        const text = SUITE.replace('observe variant is pathogenic', 'observe variant is ').replace('observe cyp is poor-metabolizer', 'observe cyp is ');
        const document = (await ws.build({ 'lipids.pmpath': LIBRARY, 'cascade.pmpath': PATHWAY, 's.pmtest': text }))['s.pmtest'];
        expect(labels(await complete(document, 'variant is '))).toEqual(['pathogenic', 'likely-pathogenic', 'uncertain', 'likely-benign', 'benign']);
        expect(labels(await complete(document, 'cyp is '))).toEqual(['poor-metabolizer', 'intermediate-metabolizer', 'normal-metabolizer', 'rapid-metabolizer', 'ultrarapid-metabolizer']);
    });

    it('proposes the step keywords inside a scenario, and the same deep in a long suite as in a short one', async () => {
        const many = Array.from({ length: 300 }, (_, i) => `  scenario "s${i}" {\n    observe ldl = ${i} "mmol/L"\n    wait 1 day\n  }`).join('\n');
        const long = SUITE.replace('  scenario "from the at-risk status"', `${many}\n  scenario "from the at-risk status"`).replace('    expect state FH\n', '    expect state FH\n    \n');
        const short = SUITE.replace('    expect state FH\n', '    expect state FH\n    \n');
        const docs = await ws.build({ 'lipids.pmpath': LIBRARY, 'cascade.pmpath': PATHWAY, 'long.pmtest': long, 'short.pmtest': short });
        const inLong = labels(await complete(docs['long.pmtest'], 'expect state FH\n    ', 20));
        expect(inLong).toEqual(expect.arrayContaining(['observe', 'wait', 'expect']));
        expect(inLong).toEqual(labels(await complete(docs['short.pmtest'], 'expect state FH\n    ', 20)));
    });
});

describe('outline, folding, formatting and colours of a suite', () => {
    it('outlines the suite with one entry per scenario', async () => {
        const suite = (await workspace())['cascade.pmtest'];
        const symbols: DocumentSymbol[] = await lsp.DocumentSymbolProvider!.getSymbols(suite, { textDocument: { uri: suite.textDocument.uri } });
        expect(symbols.map(s => [s.name, s.kind, s.detail])).toEqual([['tests for Cascade', SymbolKind.Module, '2 scenarios, start 2025-01-01']]);
        expect(symbols[0].children!.map(s => [s.name, s.kind, s.detail])).toEqual([
            ['raised LDL, then a pathogenic variant', SymbolKind.Method, '5 steps'],
            ['from the at-risk status', SymbolKind.Method, 'from AtRisk, 2 steps'],
        ]);
        expect(symbols[0].children![1].selectionRange.start).toEqual(positionOf(suite, '"from the at-risk status"'));
    });

    it('folds the suite and each scenario', async () => {
        const suite = (await workspace())['cascade.pmtest'];
        const ranges = await lsp.FoldingRangeProvider!.getFoldingRanges(suite, { textDocument: { uri: suite.textDocument.uri } });
        expect(ranges.map(r => r.startLine).sort((a, b) => a - b)).toEqual([2, 5, 13]);
    });

    it('formats a suite: one step per line, single spaces, at most one blank line kept', async () => {
        const formatting = expectFormatting(ws.services);
        await formatting({
            before: 'import "./p.pmpath"\ntests   for    P{\nstart   "2025-01-01"\n// people\n  scenario   "a"   from A{\nobserve v=3    "mg/dL"\n\n\n\n    expect   state    B\n  wait   2   weeks\n    expect path A->B  }\n\n\n\n   scenario "c" { observe g  is benign }}',
            after: 'import "./p.pmpath"\n\ntests for P {\n  start "2025-01-01"\n  // people\n  scenario "a" from A {\n    observe v = 3 "mg/dL"\n\n    expect state B\n    wait 2 weeks\n    expect path A -> B\n  }\n\n  scenario "c" {\n    observe g is benign\n  }\n}',
            parseOptions: { documentUri: 'file:///format/suite.pmtest' },
        });
    });

    it('colours the names a suite refers to like the declarations they name', async () => {
        const suite = (await workspace())['cascade.pmtest'];
        const tokens = lsp.SemanticTokenProvider!;
        const decoded = SemanticTokensDecoder.decode(await tokens.semanticHighlight(suite, { textDocument: { uri: suite.textDocument.uri } }), tokens.tokenTypes, suite);
        const typeAt = (needle: string, delta = 0) => decoded.find(t => t.offset === suite.textDocument.offsetAt(positionOf(suite, needle, delta)))?.tokenType;
        expect(typeAt('Cascade {')).toBe('namespace');
        expect(typeAt('state AtRisk', 6)).toBe('enumMember');
        expect(typeAt('from AtRisk', 5)).toBe('enumMember');
        expect(typeAt('observe ldl', 8)).toBe('variable');
        expect(typeAt('5.2')).toBe('number');
        expect(typeAt('is pathogenic', 3)).toBe('enum');
    });
});

describe('quick fixes in a suite', () => {
    async function fixes(suiteText: string, pathwayText = PATHWAY) {
        const docs = await ws.build({ 'lipids.pmpath': LIBRARY, 'cascade.pmpath': pathwayText, 'cascade.pmtest': suiteText });
        const suite = docs['cascade.pmtest'];
        const diagnostic = diagnosticsOf(suite, RuleId.testObservationMismatch)[0];
        expect(diagnostic).toBeDefined();
        const actions = (await lsp.CodeActionProvider!.getCodeActions(suite, {
            textDocument: { uri: suite.textDocument.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
        }) ?? []) as CodeAction[];
        return { docs, actions };
    }

    it('writes the data\'s unit after an observation that has none', async () => {
        const text = SUITE.replace('observe ldl = 5.2 "mmol/L"', 'observe ldl = 5.2');
        const { docs, actions } = await fixes(text);
        expect(actions.map(a => a.title)).toEqual(["Write the observation of 'ldl' in \"mmol/L\", the unit of data 'ldl'"]);
        const fixed = applyEdits(text, actions[0].edit!.changes![docs['cascade.pmtest'].textDocument.uri]);
        expect(fixed).toContain('observe ldl = 5.2 "mmol/L"\n');
        const rebuilt = await ws.build({ 'lipids.pmpath': LIBRARY, 'cascade.pmpath': PATHWAY, 'cascade.pmtest': fixed });
        expect(rebuilt['cascade.pmtest'].diagnostics).toEqual([]);
    });

    it('removes a unit the data does not declare, or declares it on the data (before a code)', async () => {
        const pathway = PATHWAY.replace('data variant: genomic "Familial variant"', 'data variant: genomic "Familial variant"\n  data score: genomic-score "Risk score" code loinc "2077-6"');
        const text = SUITE.replace('    observe variant is pathogenic', '    observe score = 1.2 "SD"\n    observe variant is pathogenic');
        const { docs, actions } = await fixes(text, pathway);
        expect(actions.map(a => a.title)).toEqual([
            "Remove the unit from the observation of 'score' (data 'score' declares none)",
            'Declare unit "SD" on data \'score\'',
        ]);
        expect(applyEdits(text, actions[0].edit!.changes![docs['cascade.pmtest'].textDocument.uri])).toContain('    observe score = 1.2\n');
        expect(applyEdits(pathway, actions[1].edit!.changes![docs['cascade.pmpath'].textDocument.uri])).toContain('data score: genomic-score "Risk score" unit "SD" code loinc "2077-6"');
    });

    it('offers nothing for a unit that differs: the value must be converted, not relabelled', async () => {
        const { actions } = await fixes(SUITE.replace('observe ldl = 5.2 "mmol/L"', 'observe ldl = 201 "mg/dL"'));
        expect(actions).toEqual([]);
    });
});

describe('documents with the editor language id `pmtest`', () => {
    it('are served by the pmpath services, also without a file extension', () => {
        const { Pmpath } = createPmpathLspServices({ fileSystemProvider: () => new MemoryFileSystem({}) });
        const registry = new PmpathServiceRegistry({ workspace: { TextDocuments: { get: () => ({ languageId: 'pmtest' }) } } } as never);
        registry.register(Pmpath);
        expect(registry.getServices(URI.parse('untitled:Untitled-1'))).toBe(Pmpath);
        expect(registry.getServices(URI.parse('file:///a/b.pmtest'))).toBe(Pmpath);
    });
});

/** An in-memory file system, so the document builder can re-read edited files. */
class MemoryFileSystem implements FileSystemProvider {
    constructor(readonly files: Record<string, string>) { }
    private node(uri: URI): FileSystemNode { return { isFile: uri.toString() in this.files, isDirectory: false, uri }; }
    async stat(uri: URI) { return this.node(uri); }
    statSync(uri: URI) { return this.node(uri); }
    async exists(uri: URI) { return uri.toString() in this.files; }
    existsSync(uri: URI) { return uri.toString() in this.files; }
    async readBinary(uri: URI) { return new TextEncoder().encode(this.readFileSync(uri)); }
    readBinarySync(uri: URI) { return new TextEncoder().encode(this.readFileSync(uri)); }
    async readFile(uri: URI) { return this.readFileSync(uri); }
    readFileSync(uri: URI) {
        const text = this.files[uri.toString()];
        if (text === undefined) throw new Error(`no file ${uri.toString()}`);
        return text;
    }
    async readDirectory() { return []; }
    readDirectorySync() { return []; }
}

describe('rebuilding after an edit', () => {
    async function editorWorkspace() {
        const files: Record<string, string> = {};
        const fileSystem = new MemoryFileSystem(files);
        const { shared, Pmpath } = createPmpathLspServices({ fileSystemProvider: () => fileSystem });
        Pmpath.config.ConfigProvider.override = parseConfig('{}');
        const uri = (name: string) => URI.parse(`file:///edit/${name}`);
        const documents = shared.workspace.LangiumDocuments;
        for (const [name, text] of Object.entries({ 'lipids.pmpath': LIBRARY, 'cascade.pmpath': PATHWAY, 'cascade.pmtest': SUITE })) {
            files[uri(name).toString()] = text;
            documents.addDocument(shared.workspace.LangiumDocumentFactory.fromString(text, uri(name)));
        }
        await shared.workspace.DocumentBuilder.build(documents.all.toArray(), { validation: true });
        const linked: string[] = [];
        shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.Linked, docs => linked.push(...docs.map(d => d.uri.path.split('/').pop()!)));
        return {
            linked,
            document: (name: string) => documents.getDocument(uri(name))!,
            async edit(name: string, text: string) {
                linked.length = 0;
                files[uri(name).toString()] = text;
                await shared.workspace.DocumentBuilder.update([uri(name)], []);
            },
        };
    }

    it('relinks a suite when a library its pathway imports changes (the suite does not import it)', async () => {
        const editor = await editorWorkspace();
        await editor.edit('lipids.pmpath', LIBRARY.replace('data ldl:', 'data ldlc:'));
        expect(editor.linked).toContain('cascade.pmtest');
        expect(diagnosticsOf(editor.document('cascade.pmtest'), RuleId.unresolvedReference).map(d => d.range.start.line + 1)).toEqual([7]);
        await editor.edit('lipids.pmpath', LIBRARY);
        expect(diagnosticsOf(editor.document('cascade.pmtest'), RuleId.unresolvedReference)).toEqual([]);
    });

    it('relinks a suite when its pathway changes', async () => {
        const editor = await editorWorkspace();
        await editor.edit('cascade.pmpath', PATHWAY.replace(/AtRisk/g, 'Raised'));
        expect(editor.linked).toContain('cascade.pmtest');
        expect(diagnosticsOf(editor.document('cascade.pmtest'), RuleId.unresolvedReference)).toHaveLength(3);
    });

    it('relinks only the suite when the suite changes, not its pathway or libraries', async () => {
        const editor = await editorWorkspace();
        await editor.edit('cascade.pmtest', SUITE.replace('wait 3 months', 'wait 4 months'));
        expect(editor.linked).toEqual(['cascade.pmtest']);
        expect(editor.document('cascade.pmtest').diagnostics).toEqual([]);
    });
});
