import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '@pmpath/language';
import { createTestWorkspace, only } from './test-services.js';

const ws = createTestWorkspace();

const library = `library Shared {
  actor geneticist: clinician "Clinical geneticist" { genomics-trained }
  data panel: genomic "Gene panel"
}
`;

describe('scoping across files', () => {
    it('resolves names from a directly imported library', async () => {
        const result = await ws.validateFiles({
            'shared/lib.pmpath': library,
            'main.pmpath': `import "./shared/lib.pmpath"\npathway P {\n  consent C by geneticist { covers panel }\n  initial state A: healthy\n  final state B: healthy\n  A -> B by geneticist\n  flow panel from geneticist to geneticist for care under C\n}\n`,
        });
        expect(only(result['main.pmpath'], 'unresolved-reference')).toEqual([]);
        expect(only(result['shared/lib.pmpath'], 'unused-declaration')).toEqual([]);
    });

    it('does not make imports transitive', async () => {
        const result = await ws.validateFiles({
            'a.pmpath': library,
            'b.pmpath': 'import "./a.pmpath"\nlibrary B {\n  actor nurse: clinician\n}\n',
            'main.pmpath': 'import "./b.pmpath"\npathway P {\n  initial state A: healthy\n  final state B: healthy\n  A -> B by geneticist, nurse\n}\n',
        });
        const unresolved = only(result['main.pmpath'], 'unresolved-reference');
        expect(unresolved).toHaveLength(1);
        expect(unresolved[0]).toMatchObject({ severity: 'error', line: 5, column: 13 });
        expect(unresolved[0].message).toContain("'geneticist'");
    });

    it('does not see names of files that are not imported', async () => {
        const result = await ws.validateFiles({
            'lib.pmpath': library,
            'main.pmpath': 'pathway P {\n  initial state A: healthy\n  final state B: healthy\n  A -> B by geneticist\n}\n',
        });
        expect(only(result['main.pmpath'], 'unresolved-reference')).toHaveLength(1);
        expect(only(result['lib.pmpath'], 'unused-declaration')).toHaveLength(2);
    });

    it('survives cyclic imports', async () => {
        const result = await ws.validateFiles({
            'a.pmpath': 'import "./b.pmpath"\nlibrary A {\n  actor a: clinician\n  cutoff c: b > 1 "u" source "s"\n}\n',
            'b.pmpath': 'import "./a.pmpath"\nlibrary B {\n  data b: biomarker unit "u"\n  consent K by a { covers b }\n}\n',
        });
        expect(only(result['a.pmpath'], 'unresolved-reference')).toEqual([]);
        expect(only(result['b.pmpath'], 'unresolved-reference')).toEqual([]);
    });

    it('reports a missing import and an import that is not a .pmpath file', async () => {
        const result = await ws.validateFiles({
            'main.pmpath': 'import "./nowhere.pmpath"\nimport "./notes.txt"\nlibrary L {\n}\n',
        });
        const missing = only(result['main.pmpath'], 'import-not-found');
        expect(missing).toMatchObject([
            { severity: 'error', line: 1, column: 1 },
            { severity: 'error', line: 2, column: 1 },
        ]);
        expect(missing[0].message).toContain('nowhere.pmpath');
    });

    it('stays quiet on imports that exist', async () => {
        const result = await ws.validateFiles({ 'lib.pmpath': library, 'main.pmpath': 'import "./lib.pmpath"\nlibrary L {\n}\n' });
        expect(only(result['main.pmpath'], 'import-not-found')).toEqual([]);
    });
});

describe('duplicate-name', () => {
    it('reports the later of two local declarations, across kinds', async () => {
        const d = await ws.validate('library L {\n  actor x: clinician\n  data x: clinical\n}\n');
        expect(only(d, 'duplicate-name')).toMatchObject([{ severity: 'error', line: 3, column: 3 }]);
    });

    it('reports a state name that repeats another declaration on the state name', async () => {
        const d = await ws.validate('pathway P {\n  actor x: clinician\n  initial state x: healthy\n}\n');
        expect(only(d, 'duplicate-name')).toMatchObject([{ line: 3, column: 17 }]);
    });

    it('reports a local declaration that repeats an imported name on the local one', async () => {
        const result = await ws.validateFiles({
            'lib.pmpath': library,
            'main.pmpath': 'import "./lib.pmpath"\nlibrary L {\n  actor geneticist: clinician\n}\n',
        });
        expect(only(result['main.pmpath'], 'duplicate-name')).toMatchObject([{ line: 3 }]);
        expect(only(result['lib.pmpath'], 'duplicate-name')).toEqual([]);
    });

    it('reports two imports bringing the same name on the second import line', async () => {
        const result = await ws.validateFiles({
            'a.pmpath': 'library A {\n  actor shared: clinician\n}\n',
            'b.pmpath': 'library B {\n  actor shared: clinician\n}\n',
            'main.pmpath': 'import "./a.pmpath"\nimport "./b.pmpath"\npathway P {\n  initial state S: healthy\n  final state T: healthy\n  S -> T by shared\n}\n',
        });
        expect(only(result['main.pmpath'], 'duplicate-name')).toMatchObject([{ line: 2, column: 1 }]);
    });

    it('stays quiet on distinct names', async () => {
        const d = await ws.validate('library L {\n  actor x: clinician\n  data y: clinical\n}\n');
        expect(only(d, 'duplicate-name')).toEqual([]);
    });
});

describe('unused-declaration', () => {
    it('reports actors, data, cutoffs and consents nothing references', async () => {
        const d = await ws.validate('pathway P {\n  actor a: clinician\n  actor idle: payer\n  data x: biomarker unit "u"\n  cutoff c: x > 1 "u" source "s"\n  consent K { covers x }\n  initial state S: healthy\n  final state T: healthy\n  S -> T by a\n}\n');
        expect(only(d, 'unused-declaration')).toMatchObject([
            { severity: 'warning', line: 3, column: 3 },
            { line: 5, column: 3 },
            { line: 6, column: 3 },
        ]);
    });

    it('counts data referenced only by an unused cutoff as used', async () => {
        const d = await ws.validate('library L {\n  data x: biomarker unit "u"\n  cutoff c: x > 1 "u" source "s"\n}\n');
        expect(only(d, 'unused-declaration').map(x => x.line)).toEqual([3]);
    });

    it('counts a library declaration as used when an importing pathway references it', async () => {
        const result = await ws.validateFiles({
            'lib.pmpath': 'library L {\n  actor used: clinician\n  actor spare: clinician\n}\n',
            'main.pmpath': 'import "./lib.pmpath"\npathway P {\n  initial state S: healthy\n  final state T: healthy\n  S -> T by used\n}\n',
        });
        expect(only(result['lib.pmpath'], 'unused-declaration')).toMatchObject([{ line: 3 }]);
    });

    it('counts a declaration as used even when its name is declared twice', async () => {
        const d = await ws.validate('library L {\n  data x: biomarker unit "u"\n  data x: biomarker unit "u"\n  cutoff c: x > 1 "u" source "s"\n  consent K { covers c }\n}\n');
        expect(only(d, 'unused-declaration').map(x => x.line)).toEqual([5]);
    });
});

describe('obsolete-duo-term', () => {
    it('flags GRU-CC and RU', async () => {
        const d = await ws.validate('library L {\n  consent K {\n    duo GRU-CC, HMB, RU\n  }\n}\n');
        expect(only(d, 'obsolete-duo-term')).toMatchObject([
            { severity: 'warning', line: 3, column: 9 },
            { severity: 'warning', line: 3, column: 22 },
        ]);
    });

    it('stays quiet on current DUO terms, with and without arguments', async () => {
        const d = await ws.validate('library L {\n  consent K {\n    duo HMB, DS "cystic fibrosis", GS "EU", MOR "2027-06-30", NPU\n  }\n}\n');
        expect(only(d, 'obsolete-duo-term')).toEqual([]);
        expect(only(d, 'syntax')).toEqual([]);
    });
});

describe('checking a library on its own (lintFiles)', () => {
    it('finds the pathways that import it in the surrounding folders, and reports only what they leave unused', async () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pmpath-library-'));
        fs.mkdirSync(path.join(root, 'shared'));
        fs.writeFileSync(path.join(root, 'shared', 'team.pmpath'), 'library Team {\n  actor used: clinician\n  actor spare: clinician\n}\n');
        fs.writeFileSync(path.join(root, 'main.pmpath'), 'import "./shared/team.pmpath"\npathway P {\n  initial state S: healthy\n  final state T: healthy\n  S -> T by used\n}\n');
        const run = await lintFiles([path.join(root, 'shared', 'team.pmpath')]);
        expect(run.files).toHaveLength(1);
        expect(run.files[0].diagnostics.map(d => [d.rule, d.line])).toEqual([['unused-declaration', 3]]);
    });
});
