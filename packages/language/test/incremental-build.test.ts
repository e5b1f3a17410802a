/**
 * Editor rebuilds reparse and relink only what an edit touched, and publish
 * exactly what a full rebuild would: after every edit of random edit
 * sequences (in a pathway, in the library it imports, in a pathway that
 * imports that library), the diagnostics of every document equal those of a
 * fresh workspace built from the same texts — and find-references still
 * finds what a fresh workspace finds.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseConfig } from '@pmpath/language';
import { createPmpathLspServices } from '@pmpath/language/lsp';

const examplesDir = path.resolve(import.meta.dirname, '../../../examples');
const read = (name: string) => fs.readFileSync(path.join(examplesDir, name), 'utf8');

/** An editor-like workspace: open text documents, edits through the document builder's update. */
function editorWorkspace(files: Record<string, string>) {
    const { shared, Pmpath } = createPmpathLspServices(EmptyFileSystem);
    Pmpath.config.ConfigProvider.override = parseConfig('{}');
    const textDocuments = shared.workspace.TextDocuments!;
    const versions = new Map<string, number>();
    const uriOf = (name: string) => URI.parse(`file:///editor/${name}`);
    return {
        shared,
        async open() {
            const documents: LangiumDocument[] = [];
            for (const [name, text] of Object.entries(files)) {
                const uri = uriOf(name);
                textDocuments.set(TextDocument.create(uri.toString(), 'pmpath', 1, text));
                versions.set(name, 1);
                const document = shared.workspace.LangiumDocumentFactory.fromTextDocument(textDocuments.get(uri.toString())!);
                shared.workspace.LangiumDocuments.addDocument(document);
                documents.push(document);
            }
            await shared.workspace.DocumentBuilder.build(documents, { validation: true });
        },
        async edit(name: string, text: string) {
            const version = (versions.get(name) ?? 1) + 1;
            versions.set(name, version);
            textDocuments.set(TextDocument.create(uriOf(name).toString(), 'pmpath', version, text));
            await shared.workspace.DocumentBuilder.update([uriOf(name)], []);
        },
        diagnostics(name: string) {
            return sorted(shared.workspace.LangiumDocuments.getDocument(uriOf(name))!.diagnostics ?? []);
        },
        references(name: string, declaration: string) {
            const document = shared.workspace.LangiumDocuments.getDocument(uriOf(name))!;
            const text = document.textDocument.getText();
            const at = text.indexOf(`${declaration}:`);
            if (at < 0) return [];
            return Pmpath.lsp.ReferencesProvider!.findReferences(document, {
                textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(at), context: { includeDeclaration: false },
            });
        },
    };
}

function sorted<T>(items: readonly T[]): string[] {
    return items.map(item => JSON.stringify(item)).sort();
}

/** Diagnostics and references of a fresh workspace holding these texts. */
async function fresh(files: Record<string, string>) {
    const workspace = editorWorkspace(files);
    await workspace.open();
    return workspace;
}

function prng(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** A parser to tell edits that break the syntax (most of which the sequence undoes). */
const probe = createPmpathLspServices(EmptyFileSystem).Pmpath.parser.LangiumParser;
function parses(text: string): boolean {
    const result = probe.parse(text);
    return result.lexerErrors.length === 0 && result.parserErrors.length === 0;
}

let extra = 0;

/** Edits an editor makes: digits changed, names extended, lines inserted or removed, stray characters. */
function randomEdit(text: string, random: () => number): string {
    const at = Math.floor(random() * text.length);
    const kind = random();
    if (kind < 0.35) {
        const digit = text.slice(at).search(/[0-9]/);
        if (digit >= 0) {
            const i = at + digit;
            return text.slice(0, i) + String((Number(text[i]) + 1) % 10) + text.slice(i + 1);
        }
    }
    if (kind < 0.55) {
        const lines = text.split('\n');
        const body = lines.findIndex(l => /^(pathway|library) /.test(l)) + 1;
        const line = body + Math.floor(random() * Math.max(1, lines.length - body - 1));
        const element = ['  data extra{n}: clinical "x"', '  actor extra{n}: payer', '  // a note', '  cutoff Extra{n}: ldl >= 1{n} "mg/dL"'][Math.floor(random() * 4)];
        lines.splice(line, 0, element.replaceAll('{n}', String(extra++)));
        return lines.join('\n');
    }
    if (kind < 0.7) {
        const lines = text.split('\n');
        lines.splice(Math.floor(random() * lines.length), 1);
        return lines.join('\n');
    }
    if (kind < 0.85) {
        const name = text.slice(at).search(/[a-z][A-Za-z]*[^A-Za-z0-9_]/);
        if (name >= 0) return text.slice(0, at + name + 1) + 'x' + text.slice(at + name + 1);
    }
    return text.slice(0, at) + [' ', '\n', ',', '{', 'x', '"'][Math.floor(random() * 6)] + text.slice(at);
}

describe('incremental rebuilds in the editor', () => {
    it('publish the diagnostics of a full rebuild after every edit of random edit sequences', async () => {
        const files: Record<string, string> = {
            'shared/genomics-services.pmpath': read('shared/genomics-services.pmpath'),
            'brca-carriers.pmpath': read('brca-carriers.pmpath').replace(/import "[^"]*"/, 'import "./shared/genomics-services.pmpath"'),
            'fh-cascade-testing.pmpath': read('fh-cascade-testing.pmpath').replace(/import "[^"]*"/, 'import "./shared/genomics-services.pmpath"'),
            'cf-newborn-screening.pmpath': read('cf-newborn-screening.pmpath'),
        };
        const names = Object.keys(files);
        const seeds = Number(process.env.PMPATH_EDIT_SEEDS ?? 3);
        for (let seed = 1; seed <= seeds; seed++) {
            const random = prng(seed);
            const texts = { ...files };
            const editor = editorWorkspace(texts);
            await editor.open();
            for (let step = 0; step < 40; step++) {
                const name = names[Math.floor(random() * names.length)];
                const next = randomEdit(texts[name], random);
                if (!parses(next) && random() < 0.7) continue;
                texts[name] = next;
                await editor.edit(name, texts[name]);
                const reference = await fresh(texts);
                for (const other of names) {
                    expect(editor.diagnostics(other), `seed ${seed}, step ${step}, edit in ${name}, diagnostics of ${other}`).toEqual(reference.diagnostics(other));
                }
            }
        }
    }, 300_000);

    it('keep find-references exact after edits that move declarations', async () => {
        const lines = ['pathway P {', '  actor gp: clinician', '  data ldl: biomarker unit "mg/dL"', '  cutoff High: ldl >= 190 "mg/dL"', '  initial state A: healthy', '  final state B: sick'];
        for (let i = 0; i < 30; i++) lines.push(`  A -> B when High by gp`);
        lines.push('}');
        const text = lines.join('\n') + '\n';
        const editor = editorWorkspace({ 'p.pmpath': text });
        await editor.open();
        // Insert an element before the declarations' uses, then change a digit: paths move.
        let next = text.replace('  initial state A', '  actor nurse: clinician\n  initial state A');
        await editor.edit('p.pmpath', next);
        next = next.replace('>= 190', '>= 191');
        await editor.edit('p.pmpath', next);
        const actual = (await editor.references('p.pmpath', 'High')).map(l => JSON.stringify(l.range)).sort();
        const expected = (await (await fresh({ 'p.pmpath': next })).references('p.pmpath', 'High')).map(l => JSON.stringify(l.range)).sort();
        expect(actual).toHaveLength(30);
        expect(actual).toEqual(expected);
        expect(editor.diagnostics('p.pmpath')).toEqual((await fresh({ 'p.pmpath': next })).diagnostics('p.pmpath'));
    });
});
