/**
 * The element-level reparse gives exactly what a full parse gives: after
 * every edit of random edit sequences over the examples and large generated
 * pathways, the patched AST and every CST leaf (offset, length, line, column,
 * hidden or not) equal those of a fresh parse of the new text.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EmptyFileSystem, isCompositeCstNode, URI, type AstNode, type CstNode, type LangiumDocument } from 'langium';
import { describe, expect, it } from 'vitest';
import { createPmpathServices } from '@pmpath/language';
import { reparseElements } from '../src/workspace/incremental-parse.js';

const { shared, Pmpath } = createPmpathServices(EmptyFileSystem);
const parser = Pmpath.parser.LangiumParser;
const factory = shared.workspace.LangiumDocumentFactory;

const examplesDir = path.resolve(import.meta.dirname, '../../../examples');
const examples = fs.readdirSync(examplesDir, { recursive: true, encoding: 'utf8' })
    .filter(f => f.endsWith('.pmpath') && !f.includes('syntax'))
    .sort()
    .map(f => fs.readFileSync(path.join(examplesDir, f), 'utf8'));

let counter = 0;
function parse(text: string): LangiumDocument {
    return factory.fromString(text, URI.parse(`file:///incremental/doc${counter++}.pmpath`));
}

/** The AST as plain data: types, properties and reference texts (no containers, CST or links). */
function astData(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(astData);
    if (node && typeof node === 'object') {
        if ('$refText' in node) return { ref: (node as { $refText: string }).$refText };
        const out: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(node)) {
            if (key === '$container' || key === '$cstNode' || key === '$document') continue;
            out[key] = astData(value);
        }
        return out;
    }
    return node;
}

function leaves(node: CstNode, out: unknown[] = []): unknown[] {
    if (isCompositeCstNode(node)) {
        const range = node.range;
        out.push(['composite', node.offset, node.end, range.start.line, range.start.character, range.end.line, range.end.character]);
        for (const child of node.content) leaves(child, out);
    } else {
        const { start, end } = node.range;
        out.push([node.offset, node.length, start.line, start.character, end.line, end.character, node.hidden, node.text]);
    }
    return out;
}

/** Every AST node's CST node is the one a full parse gives it, and containers point back correctly. */
function containerErrors(root: AstNode): string[] {
    const errors: string[] = [];
    const visit = (node: AstNode) => {
        for (const [key, value] of Object.entries(node)) {
            if (key.startsWith('$')) continue;
            const items = Array.isArray(value) ? value : [value];
            items.forEach((item, index) => {
                if (item && typeof item === 'object' && '$type' in item) {
                    if (item.$container !== node) errors.push(`${item.$type} in ${key} has the wrong container`);
                    if (Array.isArray(value) && item.$containerIndex !== index) errors.push(`${item.$type} in ${key} has index ${item.$containerIndex}, not ${index}`);
                    visit(item);
                }
            });
        }
    };
    visit(root);
    return errors;
}

/** A small deterministic PRNG, so that a failing sequence reproduces. */
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

const WORDS = ['0', '7', 'x', 'Low', ' ', '\n', '\n  ', 'actor z: clinician\n  ', 'data q: clinical\n  ', '// note\n  ', '/* c */', ',', 'and', 'or not', '"s"', 'unit "mg/dL"', 'by gp', '{', '}', '->'];

function randomEdit(text: string, random: () => number): string {
    const at = Math.floor(random() * text.length);
    const kind = random();
    if (kind < 0.35) {
        // Change a digit or letter in place (the editor's most common edit).
        const word = /[0-9]/.test(text[at]) ? String((Number(text[at]) + 1) % 10) : WORDS[Math.floor(random() * 4)];
        return text.slice(0, at) + word + text.slice(at + 1);
    }
    if (kind < 0.6) return text.slice(0, at) + WORDS[Math.floor(random() * WORDS.length)] + text.slice(at);
    if (kind < 0.8) return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 6));
    // Delete or duplicate a whole line.
    const lines = text.split('\n');
    const line = Math.floor(random() * lines.length);
    if (random() < 0.5) lines.splice(line, 1); else lines.splice(line, 0, lines[line]);
    return lines.join('\n');
}

function checkSequence(start: string, seed: number, steps: number): { patched: number; full: number } {
    const random = prng(seed);
    let document = parse(start);
    let text = start;
    let patched = 0;
    let full = 0;
    for (let step = 0; step < steps; step++) {
        const next = randomEdit(text, random);
        const expected = parse(next);
        const broken = expected.parseResult.lexerErrors.length + expected.parseResult.parserErrors.length > 0;
        // Most edits that break the syntax are undone (as when typing goes on), so
        // that the sequences keep exercising edits of error-free documents.
        if (broken && random() < 0.7) continue;
        const patch = reparseElements(parser, document, next);
        if (patch) {
            patched++;
            const context = `seed ${seed}, step ${step}`;
            const actual = document.parseResult.value;
            expect(actual.$cstNode!.root.fullText, context).toBe(next);
            expect(astData(actual), context).toEqual(astData(expected.parseResult.value));
            expect(leaves(actual.$cstNode!), context).toEqual(leaves(expected.parseResult.value.$cstNode!));
            expect(containerErrors(actual), context).toEqual([]);
        } else {
            full++;
            document = expected;
        }
        text = next;
    }
    return { patched, full };
}

describe('incremental element reparse', () => {
    it('equals a full parse after every edit of random edit sequences over the examples', () => {
        let patched = 0;
        let full = 0;
        examples.forEach((text, i) => {
            for (let seed = 0; seed < 4; seed++) {
                const counts = checkSequence(text, 1000 * i + seed, 40);
                patched += counts.patched;
                full += counts.full;
            }
        });
        // Many edits are inside an element and get the fast path (the rest are in
        // comments before the pathway, in its header or metadata, or in a document
        // whose syntax an earlier random edit broke).
        expect(patched / (patched + full)).toBeGreaterThan(0.2);
    });

    it('patches a one-digit edit in a large pathway, keeping every other element object', () => {
        const lines = ['pathway Big {', '  actor gp: clinician'];
        for (let i = 0; i < 2000; i++) lines.push(`  data d${i}: biomarker unit "mg/dL"`, `  cutoff C${i}: d${i} < ${i} "mg/dL" source "x"`);
        lines.push('}');
        const text = lines.join('\n') + '\n';
        const document = parse(text);
        const elements = [...(document.parseResult.value as { body: { elements: AstNode[] } }).body.elements];
        const edited = text.replace('cutoff C1000: d1000 < 1000', 'cutoff C1000: d1000 < 1001');
        const patch = reparseElements(parser, document, edited);
        expect(patch?.removed.map(e => (e as { name?: string }).name)).toEqual(['C1000']);
        expect(patch?.added.map(e => (e as { name?: string }).name)).toEqual(['C1000']);
        const after = (document.parseResult.value as { body: { elements: AstNode[] } }).body.elements;
        expect(after.filter((e, i) => e !== elements[i]).length).toBe(1);
        expect(leaves(document.parseResult.value.$cstNode!)).toEqual(leaves(parse(edited).parseResult.value.$cstNode!));
    });

    it('falls back to a full parse for edits of the header, of metadata and of imports, and when either text has errors', () => {
        const text = 'import "./lib.pmpath"\n\npathway P {\n  title "T"\n  actor a: clinician\n  actor b: clinician\n}\n';
        expect(reparseElements(parser, parse(text), text.replace('pathway P', 'pathway Q'))).toBeUndefined();
        expect(reparseElements(parser, parse(text), text.replace('"T"', '"U"'))).toBeUndefined();
        expect(reparseElements(parser, parse(text), text.replace('lib', 'lab'))).toBeUndefined();
        expect(reparseElements(parser, parse(text), text.replace('actor b: clinician', 'actor b: clinic'))).toBeUndefined();
        expect(reparseElements(parser, parse(text.replace('actor b: clinician', 'actor b:')), text)).toBeUndefined();
        expect(reparseElements(parser, parse(text), text.replace('actor b', 'actor c'))).toBeDefined();
    });

    it('keeps large sequences exact in generated pathways with comments', () => {
        const lines = ['// header comment', 'pathway Gen {', '  title "Generated"'];
        for (let i = 0; i < 60; i++) {
            lines.push(`  // block ${i}`, `  actor a${i}: clinician { genomics-trained }`, `  data m${i}: biomarker "M ${i}" unit "%"`,
                `  cutoff Hi${i}: m${i} >= ${i} "%" source "g"  /* trailing */`, `  state S${i}: hybrid carrier {`, `    monitor m${i} every 1 year by a${i} review after 2 years`, '  }');
        }
        lines.push('}', '// trailing comment');
        const text = lines.join('\r\n');
        for (let seed = 0; seed < 6; seed++) checkSequence(text, 77 + seed, 60);
    });
});
