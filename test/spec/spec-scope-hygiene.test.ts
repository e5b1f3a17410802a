/**
 * SPEC §2 scoping (imports), §4 duplicate-name / import-not-found /
 * unused-declaration placement, suppression comments, and "every rule must
 * also work across files".
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '@pmpath/language';
import { at, check, columnOf, lineOf, ofRule, pathway, workspace } from './spec-helpers.js';

const LIB = `library Shared {
  actor genetic: clinician "Clinical geneticist" { genomics-trained }
  actor lab: laboratory
  data ldl: biomarker unit "mg/dL"
  cutoff LdlHigh: ldl >= 190 "mg/dL" source "ESC 2019"
  consent Biobank { permits research duo HMB covers ldl recontact }
}
`;

/** A pathway that imports the library and uses every one of its names. */
const USES_ALL = `import "./lib/shared.pmpath"
pathway Uses {
  initial state A: healthy
  final state B: sick
  A -> B when LdlHigh by genetic
  flow ldl from lab to genetic for care
  flow ldl from genetic to lab for research under Biobank
}
`;

describe('imports and scope', () => {
    it('names from an imported library are in scope and count as used', async () => {
        const files = await workspace.validateFiles({ 'lib/shared.pmpath': LIB, 'main.pmpath': USES_ALL });
        expect(files['main.pmpath']).toEqual([]);
        expect(files['lib/shared.pmpath']).toEqual([]);
    });

    it('imports are not transitive', async () => {
        const files = await workspace.validateFiles({
            'lib/shared.pmpath': LIB,
            'lib/mid.pmpath': 'import "./shared.pmpath"\nlibrary Mid {\n  actor nurse: clinician\n}\n',
            'main.pmpath': 'import "./lib/mid.pmpath"\npathway P {\n  initial state A: healthy\n  final state B: sick\n  A -> B by nurse, genetic\n}\n',
        });
        expect(at(files['main.pmpath'])).toEqual(['unresolved-reference@5']);
        expect(files['main.pmpath'][0].column).toBe(columnOf('  A -> B by nurse, genetic', 'genetic'));
    });

    it('names of a file that is not imported are not in scope', async () => {
        const files = await workspace.validateFiles({
            'lib/shared.pmpath': LIB,
            'main.pmpath': 'pathway P {\n  initial state A: healthy\n  final state B: sick\n  A -> B by genetic\n}\n',
        });
        expect(at(files['main.pmpath'])).toEqual(['unresolved-reference@4']);
    });

    it('a library can import another library', async () => {
        const files = await workspace.validateFiles({
            'lib/shared.pmpath': LIB,
            'lib/more.pmpath': 'import "./shared.pmpath"\nlibrary More {\n  cutoff LdlVeryHigh: ldl >= 250 "mg/dL" source "x"\n}\n',
            'main.pmpath': 'import "./lib/more.pmpath"\npathway P {\n  actor doc: clinician\n  data d: clinical\n  flow d from doc to doc for care\n  initial state A: healthy\n  final state B: sick\n  A -> B when LdlVeryHigh by doc\n}\n',
        });
        expect(ofRule(files['lib/more.pmpath'], 'unresolved-reference')).toEqual([]);
        expect(ofRule(files['main.pmpath'], 'unresolved-reference')).toEqual([]);
    });

    it('an import of a missing file is import-not-found, an error on the import line', async () => {
        const text = `import "./nope.pmpath"\n${pathway()}`;
        const diags = ofRule(await check(text), 'import-not-found');
        expect(diags.map(d => [d.severity, d.line])).toEqual([['error', 1]]);
    });

    it('import paths are relative to the importing file', async () => {
        const files = await workspace.validateFiles({
            'lib/shared.pmpath': LIB,
            'sub/main.pmpath': USES_ALL.replace('./lib/shared.pmpath', '../lib/shared.pmpath'),
        });
        expect(files['sub/main.pmpath']).toEqual([]);
    });

    it('an import of an existing file that is not a .pmpath file is import-not-found (on disk)', async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmpath-spec-'));
        try {
            fs.writeFileSync(path.join(dir, 'notes.txt'), 'library Notes {\n}\n');
            fs.writeFileSync(path.join(dir, 'main.pmpath'), `import "./notes.txt"\n${pathway()}`);
            const run = await lintFiles([path.join(dir, 'main.pmpath')]);
            expect(at(run.files[0].diagnostics)).toEqual(['import-not-found@1']);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it('lintFiles follows imports on disk so imported names resolve', async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmpath-spec-'));
        try {
            fs.mkdirSync(path.join(dir, 'lib'));
            fs.writeFileSync(path.join(dir, 'lib/shared.pmpath'), LIB);
            fs.writeFileSync(path.join(dir, 'main.pmpath'), USES_ALL);
            const run = await lintFiles([path.join(dir, 'main.pmpath')]);
            expect(run.files.map(f => [path.basename(f.filePath), f.diagnostics])).toEqual([['main.pmpath', []]]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe('duplicate-name', () => {
    it('is an error on the later of two local declarations', async () => {
        const text = pathway('  data bm: clinical');
        const diags = ofRule(await check(text), 'duplicate-name');
        expect(diags.map(d => [d.severity, d.line])).toEqual([['error', lineOf(text, 'data bm: clinical')]]);
    });

    it('actors, data, cutoffs, consents and states share one namespace', async () => {
        const text = pathway('  state doc: healthy\n  consent High { permits care }\n  actor Done: family');
        expect(at(await check(text), 'duplicate-name')).toEqual([
            `duplicate-name@${lineOf(text, 'state doc')}`,
            `duplicate-name@${lineOf(text, 'consent High')}`,
            `duplicate-name@${lineOf(text, 'actor Done')}`,
        ].sort());
    });

    it('a local declaration that repeats an imported name is reported on the local one', async () => {
        const main = USES_ALL.replace('  initial state A: healthy', '  initial state A: healthy\n  data ldl: biomarker unit "mg/dL"');
        const files = await workspace.validateFiles({ 'lib/shared.pmpath': LIB, 'main.pmpath': main });
        expect(at(files['main.pmpath'], 'duplicate-name')).toEqual([`duplicate-name@${lineOf(main, 'data ldl')}`]);
        expect(ofRule(files['lib/shared.pmpath'], 'duplicate-name')).toEqual([]);
    });

    it('a local declaration before its import position is still the one reported', async () => {
        const main = USES_ALL.replace('  initial state A: healthy', '  initial state A: healthy\n  actor lab: laboratory');
        const files = await workspace.validateFiles({ 'lib/shared.pmpath': LIB, 'main.pmpath': main });
        expect(at(files['main.pmpath'], 'duplicate-name')).toEqual([`duplicate-name@${lineOf(main, 'actor lab')}`]);
    });

    it('two imports bringing the same name are reported on the second import line', async () => {
        const files = await workspace.validateFiles({
            'lib/shared.pmpath': LIB,
            'lib/other.pmpath': 'library Other {\n  actor lab: laboratory\n}\n',
            'main.pmpath': `import "./lib/other.pmpath"\n${USES_ALL}`,
        });
        expect(at(files['main.pmpath'], 'duplicate-name')).toEqual(['duplicate-name@2']);
    });

    it('the same file imported twice is reported on the second import line', async () => {
        const files = await workspace.validateFiles({
            'lib/shared.pmpath': LIB,
            'main.pmpath': USES_ALL.replace('import "./lib/shared.pmpath"', 'import "./lib/shared.pmpath"\nimport "./lib/shared.pmpath"'),
        });
        const dup = ofRule(files['main.pmpath'], 'duplicate-name');
        expect(dup.length).toBeGreaterThan(0);
        expect(new Set(dup.map(d => d.line))).toEqual(new Set([2]));
    });

    it('a name declared twice still counts as used (no unused-declaration on either copy)', async () => {
        const text = pathway('  actor lab: laboratory\n  actor lab: laboratory\n  flow bm from lab to doc for care');
        expect(at(await check(text))).toEqual([`duplicate-name@${lineOf(text, 'actor lab', 2)}`]);
    });

    it('duplicates inside a library are reported in the library', async () => {
        expect(at(await check('library L {\n  actor a: clinician\n  data a: clinical\n}\n'), 'duplicate-name')).toEqual(['duplicate-name@3']);
    });
});

describe('unused-declaration', () => {
    it.each([
        ['actor', '  actor idle: family', 'actor idle'],
        ['data', '  data idle: clinical', 'data idle'],
        ['cutoff', '  cutoff Idle: bm > 1 "mg/dL" source "s"', 'cutoff Idle'],
        ['consent', '  consent Idle { permits care }', 'consent Idle'],
    ])('an unreferenced %s is a warning on its declaration', async (_kind, decl, needle) => {
        const text = pathway(decl);
        const diags = ofRule(await check(text), 'unused-declaration');
        expect(diags.map(d => [d.severity, d.line, d.column])).toEqual([['warning', lineOf(text, needle), columnOf(text, needle)]]);
        expect(at(await check(text))).toHaveLength(1);
    });

    it('states are not subject to unused-declaration', async () => {
        const text = pathway('  state Lonely: healthy\n  Lonely -> Done by doc');
        expect(ofRule(await check(text), 'unused-declaration')).toEqual([]);
    });

    it('data referenced only by an unused cutoff still counts as used', async () => {
        const text = pathway('  data chol: biomarker unit "%"\n  cutoff Idle: chol > 1 "%" source "s"');
        expect(at(await check(text))).toEqual([`unused-declaration@${lineOf(text, 'cutoff Idle')}`]);
    });

    it('an actor referenced only as a consent giver counts as used', async () => {
        const text = pathway('  actor fam: family\n  consent K by fam { permits care covers bm }\n  flow bm from doc to doc for care under K');
        expect(await check(text)).toEqual([]);
    });

    it('an actor referenced only by an unused consent counts as used; the consent is unused', async () => {
        const text = pathway('  actor fam: family\n  consent K by fam { permits care covers bm }');
        expect(at(await check(text))).toEqual([`unused-declaration@${lineOf(text, 'consent K')}`]);
    });

    it('a cutoff referenced only in a monitor plan\'s `until` guard counts as used', async () => {
        const text = pathway('  cutoff Low: bm < 5 "mg/dL" source "s"\n  state W: healthy {\n    monitor bm every 1 month by doc until Low\n  }\n  Start -> W after 1 year by doc\n  W -> Done by doc');
        expect(await check(text)).toEqual([]);
    });

    it('data referenced only in a disclose clause counts as used', async () => {
        const text = pathway('  data note: clinical\n  actor fam: family\n  state W: healthy {\n    disclose note to fam by doc\n  }\n  Start -> W after 1 year by doc\n  W -> Done by doc');
        expect(await check(text)).toEqual([]);
    });

    it('library declarations that no file imports are unused (data referenced by an unused cutoff still counts as used)', async () => {
        const files = await workspace.validateFiles({ 'lib/shared.pmpath': LIB, 'main.pmpath': pathway() });
        expect(ofRule(files['lib/shared.pmpath'], 'unused-declaration').map(d => d.line)).toEqual([2, 3, 5, 6]);
    });

    it('library declarations referenced by an importing pathway are used; the rest are not', async () => {
        const main = 'import "./lib/shared.pmpath"\npathway P {\n  data d: clinical\n  flow d from lab to genetic for care\n  initial state A: healthy\n  final state B: sick\n  A -> B by genetic\n}\n';
        const files = await workspace.validateFiles({ 'lib/shared.pmpath': LIB, 'main.pmpath': main });
        // ldl is referenced by LdlHigh and Biobank inside the library, so only the cutoff and the consent are unused.
        expect(at(files['lib/shared.pmpath'])).toEqual(['unused-declaration@5', 'unused-declaration@6']);
        expect(files['main.pmpath']).toEqual([]);
    });
});

describe('suppression comments', () => {
    it('a reasoned comment silences the named rule on the next line', async () => {
        const text = pathway('  // pmpath-disable-next-line unused-declaration -- kept for the next release\n  actor idle: family');
        expect(await check(text)).toEqual([]);
    });

    it('several rules may be listed', async () => {
        const text = pathway('  // pmpath-disable-next-line unused-declaration, cutoff-without-source -- legacy\n  cutoff Idle: bm > 1 "mg/dL"');
        expect(await check(text)).toEqual([]);
    });

    it('only the next line is silenced', async () => {
        const text = pathway('  // pmpath-disable-next-line unused-declaration -- reason\n  actor idle: family\n  actor idle2: family');
        expect(at(await check(text))).toEqual([`unused-declaration@${lineOf(text, 'idle2')}`]);
    });

    it('other rules on the next line are not silenced', async () => {
        const text = pathway('  // pmpath-disable-next-line cutoff-without-source -- reason\n  actor idle: family');
        // The comment hides nothing, so it is stale as well (unused-suppression).
        expect(at(await check(text))).toEqual([`unused-declaration@${lineOf(text, 'actor idle')}`, `unused-suppression@${lineOf(text, 'pmpath-disable')}`]);
    });

    it('unused-suppression: a comment with a reason naming a rule not reported on the next line (warning, on the comment)', async () => {
        const text = pathway('  // pmpath-disable-next-line unused-declaration -- kept for later\n  actor doc2: clinician\n  flow bm from doc2 to doc for care');
        const diags = await check(text);
        expect(at(diags)).toEqual([`unused-suppression@${lineOf(text, 'pmpath-disable')}`]);
        expect(ofRule(diags, 'unused-suppression')[0]).toMatchObject({ severity: 'warning', column: 3 });
    });

    it('unused-suppression stays quiet when the suppression hides a finding', async () => {
        const text = pathway('  // pmpath-disable-next-line unused-declaration -- kept for later\n  actor idle: family');
        expect(at(await check(text))).toEqual([]);
    });

    it('a comment without a reason suppresses nothing and is reported as suppression-without-reason', async () => {
        const text = pathway('  // pmpath-disable-next-line unused-declaration\n  actor idle: family');
        const diags = await check(text);
        expect(at(diags)).toEqual([`suppression-without-reason@${lineOf(text, 'pmpath-disable')}`, `unused-declaration@${lineOf(text, 'actor idle')}`].sort());
        expect(ofRule(diags, 'suppression-without-reason')[0].severity).toBe('warning');
    });

    it('an empty reason after `--` counts as no reason', async () => {
        const text = pathway('  // pmpath-disable-next-line unused-declaration --   \n  actor idle: family');
        expect(at(await check(text))).toEqual([`suppression-without-reason@${lineOf(text, 'pmpath-disable')}`, `unused-declaration@${lineOf(text, 'actor idle')}`].sort());
    });

    it('an unknown rule id is reported as suppression-unknown-rule', async () => {
        const text = pathway('  // pmpath-disable-next-line no-such-rule -- because\n  actor idle: family');
        const diags = await check(text);
        expect(at(diags)).toEqual([`suppression-unknown-rule@${lineOf(text, 'pmpath-disable')}`, `unused-declaration@${lineOf(text, 'actor idle')}`].sort());
        expect(ofRule(diags, 'suppression-unknown-rule')[0].severity).toBe('warning');
    });

    it.each(['syntax', 'unresolved-reference'])('`%s` cannot be suppressed and is reported as suppression-unknown-rule', async rule => {
        const text = pathway(`  // pmpath-disable-next-line ${rule} -- because\n  Start -> Ghost by doc`);
        expect(at(await check(text))).toEqual([`suppression-unknown-rule@${lineOf(text, 'pmpath-disable')}`, `unresolved-reference@${lineOf(text, 'Ghost')}`].sort());
    });

    it('a block-structured finding on the next line is silenced (a flow)', async () => {
        const text = pathway('  actor r: researcher\n  // pmpath-disable-next-line research-use-requires-consent -- registry predates the consent process\n  flow bm from doc to r for care');
        expect(await check(text)).toEqual([]);
    });
});

describe('every rule works across files', () => {
    it('sick-role-gatekeeper sees an imported non-clinician', async () => {
        const main = 'import "./lib/shared.pmpath"\npathway P {\n  initial state A: healthy\n  final state B: sick\n  A -> B by lab\n  flow ldl from lab to genetic for research under Biobank\n  A -> B when LdlHigh by genetic\n}\n';
        const files = await workspace.validateFiles({ 'lib/shared.pmpath': LIB, 'main.pmpath': main });
        expect(at(files['main.pmpath'])).toEqual(['sick-role-gatekeeper@5']);
    });

    it('gatekeeper-lacks-data sees imported cutoffs and actors', async () => {
        const main = 'import "./lib/shared.pmpath"\npathway P {\n  actor adm: administrator\n  initial state A: healthy\n  final state B: healthy\n  A -> B when LdlHigh by adm\n  flow ldl from lab to genetic for research under Biobank\n  A -> B by genetic\n}\n';
        const files = await workspace.validateFiles({ 'lib/shared.pmpath': LIB, 'main.pmpath': main });
        expect(at(files['main.pmpath'])).toEqual(['gatekeeper-lacks-data@6']);
    });

    it('consent rules see an imported consent and its restrictions', async () => {
        const lib = 'library Consents {\n  actor fam: family\n  data g: genomic\n  consent Narrow by fam { permits research duo NPU covers g }\n}\n';
        const main = 'import "./lib/c.pmpath"\npathway P {\n  actor reg: researcher\n  actor app: platform { monetizes }\n  actor doc: clinician\n  initial state A: healthy\n  final state B: healthy\n  A -> B by doc\n  flow g from fam to reg for research under Narrow\n  flow g from reg to app for commercial under Narrow\n}\n';
        const files = await workspace.validateFiles({ 'lib/c.pmpath': lib, 'main.pmpath': main });
        const rules = ofRule(files['main.pmpath'], 'downstream-consent-violation').map(d => d.line);
        expect(rules).toEqual([10]);
        expect(at(files['main.pmpath'], 'incidental-findings-policy')).toContain('incidental-findings-policy@9');
    });

    it('cutoff rules see the unit of imported data', async () => {
        const main = 'import "./lib/shared.pmpath"\npathway P {\n  cutoff Mine: ldl > 100 "mmol/L" source "s"\n  initial state A: healthy\n  final state B: sick\n  A -> B when Mine by genetic\n  flow ldl from lab to genetic for research under Biobank\n  A -> B when LdlHigh by genetic\n}\n';
        const files = await workspace.validateFiles({ 'lib/shared.pmpath': LIB, 'main.pmpath': main });
        expect(at(files['main.pmpath'], 'cutoff-unit-mismatch')).toEqual(['cutoff-unit-mismatch@3']);
    });
});
