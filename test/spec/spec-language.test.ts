/**
 * SPEC §2 (language) and §2.1 (declarations), case by case.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { at, check, lineOf, ofRule, pathway, rulesOf, workspace } from './spec-helpers.js';

const example = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/spec-example.txt'), 'utf8');
const exampleWithoutImport = example.replace(/^import .*\n/, '');

describe('SPEC §2 example pathway', () => {
    it('without its import yields exactly the two flagged flows and the passive-data finding', async () => {
        const text = exampleWithoutImport;
        const diary = lineOf(text, 'flow diary');
        const location = lineOf(text, 'flow location');
        expect(at(await check(text))).toEqual([
            `commercial-use-requires-consent@${diary}`,
            `commercial-use-requires-consent@${location}`,
            `passive-data-requires-consent@${location}`,
        ].sort());
    });

    it('with its import of a missing file adds import-not-found on the import line', async () => {
        const diags = await check(example);
        expect(at(diags, 'import-not-found')).toEqual(['import-not-found@1']);
        expect(diags.filter(d => d.rule !== 'import-not-found').length).toBe(3);
    });

    it('with the imported library present (empty) has no import finding', async () => {
        const files = await workspace.validateFiles({
            'main.pmpath': example,
            'shared/regional-actors.pmpath': 'library RegionalActors {\n}\n',
        });
        expect(rulesOf(files['main.pmpath'])).toEqual(['commercial-use-requires-consent', 'passive-data-requires-consent']);
    });

    it('every diagnostic of the example is an error or a warning with a non-empty sentence', async () => {
        for (const d of await check(exampleWithoutImport)) {
            expect(['error', 'warning']).toContain(d.severity);
            expect(d.message.length).toBeGreaterThan(10);
        }
    });
});

describe('SPEC §2 lexical rules', () => {
    it('accepts // and /* */ comments, including multi-line block comments', async () => {
        expect(await check(`// leading\n/* block\n spanning lines */\n${pathway('  /* inner */ // trailing')}`)).toEqual([]);
    });

    it('`Carrier` is a fine name', async () => {
        expect(await check(pathway('  state Carrier: hybrid carrier { monitor bm every 1 month by doc review after 1 year\n disclose bm to doc by doc }\n  Start -> Carrier by doc\n  Carrier -> Done by doc'))).toEqual([]);
    });

    it('`carrier` is a reserved keyword, not a name', async () => {
        expect(rulesOf(await check(pathway('  actor carrier: family')))).toContain('syntax');
    });

    it.each(['state', 'monitor', 'care', 'pathway', 'initial', 'genomic', 'until'])('keyword `%s` cannot be an actor name', async kw => {
        expect(rulesOf(await check(pathway(`  actor ${kw}: family`)))).toContain('syntax');
    });

    it('keywords are case-sensitive: `Actor` is not `actor`', async () => {
        expect(rulesOf(await check(pathway('  Actor nurse: clinician')))).toContain('syntax');
    });

    it('uppercase DUO terms stay usable as names (`data TS`, `actor IRB`)', async () => {
        const text = pathway('  data TS: clinical\n  actor IRB: regulator\n  flow TS from doc to IRB for quality');
        expect(await check(text)).toEqual([]);
    });

    it.each(['NRES', 'GRU', 'HMB', 'DS', 'POA', 'NPU', 'NCU', 'NPUNCU', 'GS', 'MOR', 'RU'])('uppercase DUO term %s is usable as a data name', async term => {
        expect(await check(pathway(`  data ${term}: clinical\n  flow ${term} from doc to doc for care`))).toEqual([]);
    });

    it('names may use underscores and digits after the first character', async () => {
        expect(await check(pathway('  data _x_2: clinical\n  flow _x_2 from doc to doc for care'))).toEqual([]);
    });

    it('a name cannot start with a digit', async () => {
        expect(rulesOf(await check(pathway('  data 2x: clinical')))).toContain('syntax');
    });

    it('keeps a backslash before any other character (`"C:\\path"`) and decodes \\" and \\\\', async () => {
        const docs = await workspace.build({ 'main.pmpath': pathway('  actor a1: family "C:\\path"\n  actor a2: family "say \\"hi\\" \\\\ ok"\n  flow bm from doc to a1 for care\n  flow bm from doc to a2 for care') });
        const doc = docs['main.pmpath'];
        expect(doc.diagnostics ?? []).toEqual([]);
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const elements = (doc.parseResult.value as any).body.elements as Array<{ name?: string; label?: string }>;
        expect(elements.find(e => e.name === 'a1')?.label).toBe('C:\\path');
        expect(elements.find(e => e.name === 'a2')?.label).toBe('say "hi" \\ ok');
    });

    it('a string cannot span two lines', async () => {
        expect(rulesOf(await check(pathway('  actor a1: family "line one\nline two"\n  flow bm from doc to a1 for care')))).toContain('syntax');
    });

    it('a label may hold markup and any other character', async () => {
        const text = pathway('  actor a1: family "<script>alert(1)</script> & \'x\' ü → 🧬 ]]> {{x}}"\n  flow bm from doc to a1 for care');
        expect(await check(text)).toEqual([]);
    });

    it.each(['-2.5', '0.5', '190', '-3', '0'])('number %s is accepted in a cutoff', async n => {
        const text = pathway(`  cutoff C2: bm < ${n} "mg/dL" source "s"\n  state Mid: healthy\n  Start -> Mid when C2 by doc\n  Mid -> Done by doc`);
        expect(rulesOf(await check(text))).not.toContain('syntax');
    });

    it('interval bounds may be negative decimals', async () => {
        const text = pathway('  cutoff C2: bm in [-2.5, 0.5) "mg/dL" source "s"\n  state Mid: healthy\n  Start -> Mid when C2 by doc\n  Mid -> Done by doc');
        expect(rulesOf(await check(text))).not.toContain('syntax');
    });

    it.each(['1 day', '2 days', '1 week', '1 weeks', '2 week', '2 weeks', '1 month', '6 months', '1 year', '3 years'])('duration `%s` is fine', async d => {
        expect(await check(pathway(`  state W: healthy\n  Start -> W after ${d} by doc\n  W -> Done by doc`))).toEqual([]);
    });

    it.each(['0 weeks', '0 day'])('zero duration `%s` is a syntax error', async d => {
        expect(rulesOf(await check(pathway(`  state W: healthy\n  Start -> W after ${d} by doc\n  W -> Done by doc`)))).toContain('syntax');
    });

    it.each(['-1 weeks', '1.5 weeks'])('non-positive-integer duration `%s` is a syntax error', async d => {
        expect(rulesOf(await check(pathway(`  state W: healthy\n  Start -> W after ${d} by doc\n  W -> Done by doc`)))).toContain('syntax');
    });

    it('a zero duration in `expires after` is a syntax error', async () => {
        const text = pathway('  consent K { permits research\n covers bm\n expires after 0 years }\n  actor r: researcher\n  flow bm from doc to r for research under K');
        expect(rulesOf(await check(text))).toContain('syntax');
    });

    it('a zero duration in a monitor plan is a syntax error', async () => {
        const text = pathway('  state H: hybrid { monitor bm every 0 weeks by doc review after 1 year\n disclose bm to doc by doc }\n  Start -> H by doc\n  H -> Done by doc');
        expect(rulesOf(await check(text))).toContain('syntax');
    });

    it('hyphenated keywords parse (`self-tracked`, `genomics-trained`, `family-history`, `public-health`)', async () => {
        const text = pathway('  data d1: self-tracked\n  data d2: family-history\n  actor ph: regulator { genomics-trained }\n  flow d1, d2 from doc to ph for public-health');
        expect(rulesOf(await check(text))).not.toContain('syntax');
    });
});

describe('SPEC §2 file structure', () => {
    it('imports must come before the pathway', async () => {
        expect(rulesOf(await check(`${pathway()}import "./x.pmpath"\n`))).toContain('syntax');
    });

    it('a file holds exactly one pathway or library', async () => {
        expect(rulesOf(await check(`${pathway()}${pathway('', 'Q')}`))).toContain('syntax');
    });

    it('an empty file is a syntax error (a pathway or library is required)', async () => {
        expect(rulesOf(await check('// nothing here\n'))).toContain('syntax');
    });

    it('a library holds actors, data, cutoffs and consents', async () => {
        const lib = 'library L {\n  title "Shared"\n  actor a: clinician\n  data d: biomarker unit "%"\n  cutoff C: d > 5 "%" source "s"\n  consent K { permits research covers d }\n}\n';
        const files = await workspace.validateFiles({ 'lib.pmpath': lib, 'main.pmpath': `import "./lib.pmpath"\n${pathway('  flow d from a to doc for research under K\n  state X: healthy\n  Start -> X when C by a, doc\n  X -> Done by doc')}` });
        expect(ofRule(files['lib.pmpath'], 'syntax')).toEqual([]);
    });

    it.each([
        ['a state', '  initial state S: healthy'],
        ['a transition', '  actor a: clinician\n  A -> B by a'],
        ['a flow', '  actor a: clinician\n  data d: clinical\n  flow d from a to a for care'],
    ])('%s in a library is reported as syntax', async (_what, body) => {
        expect(rulesOf(await check(`library L {\n${body}\n}\n`))).toContain('syntax');
    });

    it.each(['title', 'version', 'owner', 'description'])('metadata `%s` is accepted at the top', async key => {
        expect(await check(`pathway P {\n  ${key} "x"\n${pathway().split('\n').slice(1).join('\n')}`)).toEqual([]);
    });

    it('all four metadata lines together are fine, in any order', async () => {
        expect(await check(`pathway P {\n  owner "o"\n  description "d"\n  version "1"\n  title "t"\n${pathway().split('\n').slice(1).join('\n')}`)).toEqual([]);
    });

    it('a metadata line given twice is a syntax error on the second one', async () => {
        const text = `pathway P {\n  title "a"\n  title "b"\n${pathway().split('\n').slice(1).join('\n')}`;
        expect(at(await check(text), 'syntax')).toEqual(['syntax@3']);
    });

    it('a metadata line given twice in a library is a syntax error', async () => {
        expect(rulesOf(await check('library L {\n  version "1"\n  version "2"\n}\n'))).toContain('syntax');
    });

    it('metadata after an element is a syntax error', async () => {
        expect(rulesOf(await check(pathway('  title "late"')))).toContain('syntax');
    });

    it('syntax errors speak the words of the language, not token names', async () => {
        const diags = ofRule(await check(pathway('  42')), 'syntax');
        expect(diags.length).toBeGreaterThan(0);
        const message = diags[0].message;
        expect(message).toMatch(/expected/i);
        for (const word of ['state', 'actor', 'data', 'cutoff', 'consent', 'flow', 'transition']) expect(message).toContain(word);
        expect(message).not.toMatch(/\b(ID|STRING|NUMBER|EOF|RBRACE|LBRACE)\b/);
    });
});

describe('SPEC §2.1 declarations', () => {
    it.each(['clinician', 'patient', 'family', 'laboratory', 'researcher', 'platform', 'payer', 'administrator', 'regulator', 'advocacy'])('actor role %s', async role => {
        expect(rulesOf(await check(pathway(`  actor x: ${role}\n  flow bm from doc to x for care waiver "W"`)))).not.toContain('syntax');
    });

    it('an unknown actor role is a syntax error', async () => {
        expect(rulesOf(await check(pathway('  actor x: nurse')))).toContain('syntax');
    });

    it.each(['genomic', 'biomarker', 'clinical', 'imaging', 'family-history', 'environmental', 'lifestyle', 'self-tracked', 'passive'])('data category %s', async cat => {
        expect(rulesOf(await check(pathway(`  data x: ${cat} "label" unit "mg/dL"\n  flow x from doc to doc for care`)))).not.toContain('syntax');
    });

    it.each(['>= 1', '> 1', '<= 1', '< 1', '= 1', 'in [1, 2]', 'in (1, 2)', 'in [1, 2)', 'in (1, 2]'])('numeric comparison `%s`', async cmp => {
        const text = pathway(`  cutoff C2: bm ${cmp} "mg/dL" source "s"\n  state Mid: healthy\n  Start -> Mid when C2 by doc\n  Mid -> Done by doc`);
        expect(rulesOf(await check(text))).not.toContain('syntax');
    });

    it('variant classes are the five ACMG/AMP tiers', async () => {
        const text = pathway('  data g: genomic\n  cutoff V: g is pathogenic, likely-pathogenic, uncertain, likely-benign, benign source "ACMG"\n  flow g from doc to doc for care\n  state Mid: healthy\n  Start -> Mid when V by doc\n  Mid -> Done by doc');
        expect(await check(text)).toEqual([]);
    });

    it('an unknown variant class is a syntax error', async () => {
        expect(rulesOf(await check(pathway('  data g: genomic\n  cutoff V: g is harmful source "x"')))).toContain('syntax');
    });

    it('a consent with every clause kind parses', async () => {
        const text = pathway('  actor r: researcher\n  actor fam: family\n  consent K by fam {\n    permits research, care\n    duo HMB, NPU\n    covers bm\n    withdrawable\n    recontact\n    expires after 5 years\n  }\n  flow bm from doc to r for research under K\n  flow bm from doc to fam for care');
        expect(await check(text)).toEqual([]);
    });

    it('a consent without `by` parses', async () => {
        const text = pathway('  actor r: researcher\n  consent K { permits research covers bm }\n  flow bm from doc to r for research under K');
        expect(await check(text)).toEqual([]);
    });

    it.each(['healthy', 'sick'])('`%s carrier` is not a state kind (HYBRID only follows hybrid)', async kind => {
        expect(rulesOf(await check(pathway(`  state X: ${kind} carrier\n  Start -> X by doc\n  X -> Done by doc`)))).toContain('syntax');
    });

    it.each(['patient-in-waiting', 'carrier', 'subclinical', 'at-risk', ''])('hybrid kind `hybrid %s`', async h => {
        const text = pathway(`  state X: hybrid ${h} "label" {\n    monitor bm every 1 month by doc review after 1 year\n    disclose bm to doc by doc\n  }\n  Start -> X by doc\n  X -> Done by doc`);
        expect(await check(text)).toEqual([]);
    });

    it('`initial final state` is a syntax error', async () => {
        expect(rulesOf(await check(pathway('  initial final state Z: healthy')))).toContain('syntax');
    });

    it('`final initial state` is a syntax error', async () => {
        expect(rulesOf(await check(pathway('  final initial state Z: healthy')))).toContain('syntax');
    });

    it('a disclose may omit its data list', async () => {
        const text = pathway('  actor fam: family\n  state X: hybrid {\n    monitor bm every 1 month by doc until High\n    disclose to fam, doc by doc\n  }\n  Start -> X by doc\n  X -> Done by doc\n  flow bm from doc to fam for care');
        expect(await check(text)).toEqual([]);
    });

    it('a monitor plan with both `review after` and `until` parses', async () => {
        const text = pathway('  state X: hybrid {\n    monitor bm every 1 month by doc review after 1 year until High\n    disclose bm to doc by doc\n  }\n  Start -> X by doc\n  X -> Done by doc');
        expect(await check(text)).toEqual([]);
    });

    it('a transition may carry both `when` and `after`, and several `by` actors', async () => {
        const text = pathway('  actor lab: laboratory\n  flow bm from lab to doc for care\n  state X: healthy\n  Start -> X after 2 weeks by doc, lab\n  X -> Done by doc');
        expect(await check(text)).toEqual([]);
    });

    it('a transition without `by` is a syntax error', async () => {
        expect(rulesOf(await check(pathway('  Start -> Done when High')))).toContain('syntax');
    });

    it('a flow may carry a waiver instead of a consent', async () => {
        expect(await check(pathway('  actor r: researcher\n  flow bm from doc to r for research waiver "IRB-2024-017"'))).toEqual([]);
    });

    it('a flow cannot carry both `under` and `waiver`', async () => {
        expect(rulesOf(await check(pathway('  actor r: researcher\n  consent K { permits research covers bm }\n  flow bm from doc to r for research under K waiver "W"')))).toContain('syntax');
    });

    it.each(['care', 'research', 'quality', 'billing', 'commercial', 'public-health'])('flow purpose %s parses', async p => {
        expect(rulesOf(await check(pathway(`  flow bm from doc to doc for ${p}`)))).not.toContain('syntax');
    });

    it('an unknown purpose is a syntax error', async () => {
        expect(rulesOf(await check(pathway('  flow bm from doc to doc for fun')))).toContain('syntax');
    });
});

describe('SPEC §2.1 guards', () => {
    const guardText = (guard: string) => pathway(`  data g2: clinical\n  flow g2 from doc to doc for care\n  cutoff A1: g2 > 1 source "s"\n  cutoff B1: g2 > 2 source "s"\n  cutoff C1: g2 > 3 source "s"\n  state X: healthy\n  Start -> X when ${guard} by doc\n  X -> Done by doc\n  X -> Done when A1 or B1 or C1 by doc`);

    it.each(['A1', 'not A1', 'A1 and B1', 'A1 or B1', '( A1 )', 'not (A1 or B1) and C1', 'not not A1'])('guard `%s` parses', async g => {
        expect(await check(guardText(g))).toEqual([]);
    });

    it('`not` binds tightest, then `and`, then `or`', async () => {
        const docs = await workspace.build({ 'main.pmpath': guardText('not A1 and B1 or C1') });
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const transition = (docs['main.pmpath'].parseResult.value as any).body.elements.find((e: any) => e.$type === 'Transition' && e.target?.$refText === 'X');
        const describe = (g: any): string => g.$type === 'CutoffGuard' ? g.cutoff.$refText
            : g.$type === 'NotGuard' ? `(not ${describe(g.operand)})`
            : g.$type === 'GroupGuard' ? describe(g.inner)
            : `(${describe(g.left)} ${g.$type === 'AndGuard' ? 'and' : 'or'} ${describe(g.right)})`;
        expect(describe(transition.guard)).toBe('(((not A1) and B1) or C1)');
    });

    it('`a or b and c` groups the `and` first', async () => {
        const docs = await workspace.build({ 'main.pmpath': guardText('A1 or B1 and C1') });
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const transition = (docs['main.pmpath'].parseResult.value as any).body.elements.find((e: any) => e.$type === 'Transition' && e.target?.$refText === 'X');
        expect(transition.guard.$type).toBe('OrGuard');
        expect(transition.guard.right.$type).toBe('AndGuard');
    });

    it('an unbalanced parenthesis is a syntax error', async () => {
        expect(rulesOf(await check(guardText('(A1 or B1')))).toContain('syntax');
    });
});

describe('SPEC §2.1 DUO terms', () => {
    const consentWith = (duo: string) => pathway(`  actor r: researcher\n  consent K { permits research\n duo ${duo}\n covers bm }\n  flow bm from doc to r for research under K`);

    it.each(['NRES', 'GRU', 'HMB', 'POA', 'NPOA', 'NMDS', 'GSO', 'CC', 'RS', 'IRB', 'PUB', 'COL', 'MOR', 'RTN', 'TS', 'US', 'PS', 'IS', 'GS', 'NPU', 'NCU', 'NPUNCU'])('term %s without argument is fine', async t => {
        expect(await check(consentWith(t))).toEqual([]);
    });

    it.each(['GS "EU"', 'MOR "2027-06-30"', 'IS "Karolinska"', 'PS "CF study"', 'US "Alice"', 'TS "2 years"', 'DS "cystic fibrosis"'])('`%s` takes its argument', async t => {
        expect(await check(consentWith(t))).toEqual([]);
    });

    it('`DS` without its disease argument is a syntax error', async () => {
        expect(rulesOf(await check(consentWith('DS')))).toContain('syntax');
    });

    it.each(['HMB "x"', 'NPU "x"', 'GRU "x"', 'NRES "x"', 'IRB "x"', 'NPUNCU "x"'])('`%s`: an argument on a term that takes none is a syntax error', async t => {
        expect(rulesOf(await check(consentWith(t)))).toContain('syntax');
    });

    it.each(['GRU-CC', 'RU'])('obsolete term %s is accepted by the grammar and flagged obsolete-duo-term', async t => {
        const diags = await check(consentWith(t));
        expect(rulesOf(diags)).not.toContain('syntax');
        expect(ofRule(diags, 'obsolete-duo-term').map(d => d.severity)).toEqual(['warning']);
    });

    it('an unknown DUO term is a syntax error', async () => {
        expect(rulesOf(await check(consentWith('XYZ')))).toContain('syntax');
    });

    it('DUO terms are bound to their CURIEs in the domain table', async () => {
        const domain = await import('@pmpath/language');
        const text = JSON.stringify(Object.entries(domain).filter(([, v]) => typeof v === 'object').map(([, v]) => v));
        for (const curie of ['DUO:0000004', 'DUO:0000042', 'DUO:0000006', 'DUO:0000007', 'DUO:0000011', 'DUO:0000044', 'DUO:0000015', 'DUO:0000016', 'DUO:0000043', 'DUO:0000012', 'DUO:0000021', 'DUO:0000019', 'DUO:0000020', 'DUO:0000024', 'DUO:0000029', 'DUO:0000025', 'DUO:0000026', 'DUO:0000027', 'DUO:0000028', 'DUO:0000022', 'DUO:0000045', 'DUO:0000046', 'DUO:0000018', 'DUO:0000005', 'DUO:0000014']) {
            expect(text).toContain(curie);
        }
    });
});

describe('SPEC §4 syntax constraints are reported once, precisely, without knock-on findings', () => {
    const K = (duo: string) => pathway(`  actor r: researcher\n  consent K { permits research\n duo ${duo}\n covers bm }\n  flow bm from doc to r for research under K`);
    it.each([
        ['metadata after an element', pathway('  title "late"'), 'title "late"'],
        ['a metadata line given twice', `pathway P {\n  title "a"\n  title "b"\n${pathway().split('\n').slice(1).join('\n')}`, 'title "b"'],
        ['a zero duration', pathway('  state W: healthy\n  Start -> W after 0 weeks by doc\n  W -> Done by doc'), 'after 0'],
        ['an argument on HMB', K('HMB "x"'), 'HMB "x"'],
        ['DS without argument', K('DS'), 'duo DS'],
        ['a keyword as a name', pathway('  actor carrier: family'), 'carrier'],
        ['a state in a library', 'library L {\n  initial state S: healthy\n}\n', 'state S'],
        ['a flow in a library', 'library L {\n  actor a: clinician\n  data d: clinical\n  flow d from a to a for care\n}\n', 'flow d'],
        ['a hybrid kind on a sick state', pathway('  state X: sick carrier\n  Start -> X by doc\n  X -> Done by doc'), 'sick carrier'],
        ['an import after the pathway', `${pathway()}import "./x.pmpath"\n`, 'import'],
        ['a second pathway', `${pathway()}${pathway('', 'Q')}`, 'pathway Q'],
    ])('%s', async (_what, text, needle) => {
        expect(at(await check(text))).toEqual([`syntax@${lineOf(text, needle)}`]);
    });
});
