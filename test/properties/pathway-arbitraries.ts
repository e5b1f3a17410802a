/**
 * fast-check arbitraries for pmpath sources: whole pathways generated from the
 * grammar (every construct, references that resolve or not, any layout,
 * comments anywhere a line can hold one) and mutations of real pathways
 * (tokens deleted, inserted, duplicated or replaced; control characters,
 * other line endings, unclosed comments and strings). Shared by the
 * property tests of the language and of the CLI.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';

const ROLES = ['clinician', 'patient', 'family', 'laboratory', 'researcher', 'platform', 'payer', 'administrator', 'regulator', 'advocacy'];
const CATEGORIES = ['genomic', 'biomarker', 'clinical', 'imaging', 'family-history', 'environmental', 'lifestyle', 'self-tracked', 'passive', 'genomic-score', 'pharmacogenomic'];
const PURPOSES = ['care', 'research', 'quality', 'billing', 'commercial', 'public-health'];
const DUO = ['GRU', 'HMB', 'DS "cystic fibrosis"', 'NPU', 'NCU', 'IRB', 'PUB', 'GS "EU"', 'RU', 'GRU-CC'];
const CLASSES = ['pathogenic', 'likely-pathogenic', 'uncertain', 'likely-benign', 'benign', 'poor-metabolizer', 'ultrarapid-metabolizer'];
const HYBRIDS = ['patient-in-waiting', 'carrier', 'subclinical', 'at-risk'];
const UNITS = ['"mg/dL"', '"mmol/L"', '"%"', ''];
const DURATIONS = ['1 day', '2 weeks', '6 months', '1 year', '3 years'];

/** A name: mostly from a small pool (so references resolve), sometimes a DUO term or a fresh name. */
const nameArb = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('a', 'b', 'c', 'doc', 'lab', 'x', 'y', 'z', 'S', 'T', 'U', 'V', 'K', 'H', 'L') },
    { weight: 1, arbitrary: fc.constantFrom('TS', 'IRB', 'HMB') },
    // Capitalised, so never a keyword (keywords are lower case, DUO terms all capitals).
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Z][a-z0-9_]{1,6}$/) },
);

const names = (min: number, max: number) => fc.array(nameArb, { minLength: min, maxLength: max }).map(ns => ns.join(', '));
const maybe = (arb: fc.Arbitrary<string>, weight = 1) => fc.oneof({ weight, arbitrary: arb }, { weight: 1, arbitrary: fc.constant('') });
const label = fc.oneof(fc.constant(''), fc.string({ maxLength: 12 }).map(s => ` "${s.replace(/["\\\r\n]/g, '')}"`), fc.constant(' "<b>&amp; \\"quoted\\""'));

const guardArb: fc.Arbitrary<string> = fc.letrec<{ guard: string }>(tie => ({
    guard: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        nameArb,
        tie('guard').map(g => `not ${g}`),
        fc.tuple(tie('guard'), fc.constantFrom('and', 'or'), tie('guard')).map(([l, op, r]) => `${l} ${op} ${r}`),
        tie('guard').map(g => `(${g})`),
    ),
})).guard;

const comparisonArb = fc.oneof(
    fc.tuple(fc.constantFrom('>=', '>', '<=', '<', '='), fc.double({ min: -50, max: 500, noNaN: true }), fc.constantFrom(...UNITS))
        .map(([op, n, unit]) => `${op} ${Number(n.toFixed(1))}${unit ? ' ' + unit : ''}`),
    fc.tuple(fc.constantFrom('[', '('), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), fc.constantFrom(']', ')'))
        .map(([l, a, b, r]) => `in ${l}${a}, ${b}${r}`),
    fc.array(fc.constantFrom(...CLASSES), { minLength: 1, maxLength: 3 }).map(cs => `is ${cs.join(', ')}`),
);

const commentArb = fc.oneof(
    fc.string({ maxLength: 20 }).map(s => `// ${s.replace(/[\r\n\u2028\u2029\u0085]/g, ' ')}`),
    fc.string({ maxLength: 20 }).map(s => `/* ${s.replace(/\*\//g, '')} */`),
    fc.constant('// pmpath-disable-next-line unused-declaration -- kept for the next version'),
    fc.constant('// pmpath-disable-next-line unused-declaration'),
);

const elementArb: fc.Arbitrary<string> = fc.oneof(
    fc.tuple(nameArb, fc.constantFrom(...ROLES), label, fc.constantFrom('', ' { genomics-trained }', ' { monetizes }', ' { }'))
        .map(([n, r, l, t]) => `actor ${n}: ${r}${l}${t}`),
    fc.tuple(nameArb, fc.constantFrom(...CATEGORIES), label, fc.constantFrom('', ' unit "mg/dL"', ' code loinc "2077-6"'))
        .map(([n, c, l, u]) => `data ${n}: ${c}${l}${u}`),
    fc.tuple(nameArb, nameArb, comparisonArb, maybe(fc.constant(' source "guideline"'), 2))
        .map(([n, d, c, s]) => `cutoff ${n}: ${d} ${c}${s}`),
    fc.tuple(nameArb, maybe(nameArb.map(n => ` by ${n}`)), fc.array(fc.oneof(
        fc.array(fc.constantFrom(...PURPOSES), { minLength: 1, maxLength: 2 }).map(ps => `permits ${ps.join(', ')}`),
        fc.array(fc.constantFrom(...DUO), { minLength: 1, maxLength: 2 }).map(ds => `duo ${ds.join(', ')}`),
        names(1, 3).map(ns => `covers ${ns}`),
        fc.constantFrom('withdrawable', 'recontact', 'expires after 2 years'),
        commentArb,
    ), { maxLength: 4 })).map(([n, by, clauses]) => `consent ${n}${by} {\n${clauses.map(c => `    ${c}`).join('\n')}\n  }`),
    fc.tuple(fc.constantFrom('', 'initial ', 'final '), nameArb, fc.constantFrom('healthy', 'sick', 'hybrid', ...HYBRIDS.map(h => `hybrid ${h}`)), label,
        fc.array(fc.oneof(
            fc.tuple(names(1, 2), fc.constantFrom(...DURATIONS), nameArb, maybe(fc.constantFrom(...DURATIONS).map(d => ` review after ${d}`)), maybe(guardArb.map(g => ` until ${g}`)))
                .map(([d, e, by, r, u]) => `monitor ${d} every ${e} by ${by}${r}${u}`),
            fc.tuple(maybe(names(1, 2)), names(1, 2), nameArb, fc.boolean())
                .map(([d, to, by, c]) => `disclose ${d ? d + ' ' : ''}to ${to} by ${by}${c ? ' with counselling' : ''}`),
            commentArb,
        ), { maxLength: 3 }), fc.boolean())
        .map(([m, n, k, l, clauses, block]) => `${m}state ${n}: ${k}${l}${block || clauses.length > 0 ? ` {\n${clauses.map(c => `    ${c}`).join('\n')}\n  }` : ''}`),
    fc.tuple(nameArb, nameArb, maybe(guardArb.map(g => ` when ${g}`)), maybe(fc.constantFrom(...DURATIONS).map(d => ` after ${d}`)), names(1, 2))
        .map(([s, t, g, a, by]) => `${s} -> ${t}${g}${a} by ${by}`),
    fc.tuple(names(1, 2), nameArb, nameArb, fc.constantFrom(...PURPOSES), fc.oneof(fc.constant(''), nameArb.map(n => ` under ${n}`), fc.constant(' waiver "IRB-2024-17"')))
        .map(([d, f, t, p, basis]) => `flow ${d} from ${f} to ${t} for ${p}${basis}`),
);

const indentArb = fc.constantFrom('  ', '    ', '\t', '', '   ');

/** A generated pathway or library, valid or not, laid out in any of several styles. */
export const generatedPathwayArb: fc.Arbitrary<string> = fc.tuple(
    fc.oneof({ weight: 4, arbitrary: fc.constant('pathway') }, { weight: 1, arbitrary: fc.constant('library') }),
    nameArb,
    fc.array(fc.constantFrom('title "T"', 'version "1.0"', 'owner "O"', 'description "D"'), { maxLength: 3 }),
    fc.array(fc.tuple(fc.option(commentArb, { freq: 4 }), elementArb, indentArb), { maxLength: 14 }),
    fc.constantFrom('\n', '\r\n', '\r'),
    fc.option(commentArb, { freq: 3 }),
).map(([kind, name, metadata, elements, eol, trailing]) => {
    const lines = [`${kind} ${name} {`, ...metadata.map(m => `  ${m}`)];
    for (const [comment, element, indent] of elements) {
        if (comment !== null) lines.push(indent + comment);
        // Re-indent the element's own inner lines with the same style.
        lines.push(indent + element.replace(/\n {4}/g, `\n${indent}${indent}`).replace(/\n {2}\}/g, `\n${indent}}`));
    }
    lines.push('}');
    if (trailing !== null) lines.push(trailing);
    return lines.join('\n').replace(/\n/g, eol) + eol;
});

function exampleTexts(): string[] {
    const dir = path.resolve(import.meta.dirname, '../../examples');
    return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter(f => f.endsWith('.pmpath'))
        .sort()
        .map(f => fs.readFileSync(path.join(dir, f), 'utf8'));
}

const INSERTS = ['flow', 'state', '->', '{', '}', 'by', ',', ':', 'TS', 'x', '"s"', '"unterminated', '12', '-3.5', 'when', 'and', 'not', '(', ')',
    'actor', 'data', 'covers', 'duo', 'HMB', 'permits', '\n', '\r', '/*', '*/', '//', '\u0000', '\u0085', '\uFFFF', '\u{10FFFF}', '\t', 'é', '😀',
    '// pmpath-disable-next-line cutoff-without-source -- why'];

type Mutation = { kind: 'delete' | 'insert' | 'replace' | 'duplicate'; at: number; word: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
    kind: fc.constantFrom('delete', 'insert', 'replace', 'duplicate'),
    at: fc.nat(),
    word: fc.constantFrom(...INSERTS),
}) as fc.Arbitrary<Mutation>;

/** A real pathway (an example) with one to four token-level mutations, or a different line ending. */
export const mutatedPathwayArb: fc.Arbitrary<string> = fc.tuple(
    fc.constantFrom(...exampleTexts()),
    fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
    fc.constantFrom('\n', '\r\n', '\r'),
).map(([text, mutations, eol]) => {
    const parts = text.replace(/\r?\n/g, eol).split(/(\s+)/);
    for (const m of mutations) {
        const i = m.at % Math.max(1, parts.length);
        if (m.kind === 'delete') parts.splice(i, 1);
        else if (m.kind === 'insert') parts.splice(i, 0, m.word, ' ');
        else if (m.kind === 'replace') parts[i] = m.word;
        else parts.splice(i, 0, parts[i] ?? '', ' ');
    }
    return parts.join('');
});

/** Both kinds of input. */
export const anyPathwayArb = fc.oneof(generatedPathwayArb, mutatedPathwayArb);

/** The lines of a text as the editor counts them (`\r\n`, `\r` and `\n` end a line). */
export function linesOf(text: string): string[] {
    return text.split(/\r\n|\r|\n/);
}
