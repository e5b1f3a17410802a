/**
 * `pmpath export fhir` end to end, through the BUILT CLI (`npm run build`
 * first): folder and Bundle output, exit codes, warnings for uncoded data,
 * refusal of files with syntax or unresolved-reference errors, and an
 * unwritable output folder. The bundled CLI must carry the exporter.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ROOT, pmpath, removeTempTrees, tempTree } from './helpers.js';

const TIMEOUT = 240_000;

let tmp: string;
beforeAll(() => {
    tmp = tempTree({
        'shared/lib.pmpath': 'library Lib {\n  actor doc: clinician\n  data ldl: biomarker "LDL" unit "mmol/L" code loinc "22748-8"\n}\n',
        'main.pmpath': 'import "./shared/lib.pmpath"\npathway Main {\n  data note: clinical "Clinic note"\n  cutoff High: ldl > 4.9 "mmol/L" source "s"\n  initial state A: healthy\n  final state B: sick\n  A -> B when High by doc\n  flow ldl, note from doc to doc for care\n}\n',
        'broken.pmpath': 'pathway Broken {\n  initial state A: healthy\n  A -> Nowhere by doc\n}\n',
        'a-file': 'not a folder',
    }, 'pmpath-export-fhir-');
});
afterAll(removeTempTrees);

describe('pmpath export fhir', () => {
    it('writes a folder of RESOURCETYPE-ID.json files (default fhir/), with the imported library, and names uncoded data in one warning line each', async () => {
        const result = await pmpath(['export', 'fhir', 'main.pmpath'], { cwd: tmp });
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/^Wrote \d+ FHIR R4 resources to fhir\/\n$/);
        expect(result.stderr.trim().split('\n')).toEqual([
            "pmpath: warning: main.pmpath: data 'note' has no LOINC or SNOMED CT code; it is exported with code.text only (add `code loinc \"…\"` or `code snomed \"…\"`)",
        ]);
        const files = fs.readdirSync(path.join(tmp, 'fhir')).sort();
        expect(files).toContain('PlanDefinition-main.json');
        expect(files).toContain('Library-lib.json');
        expect(files).toContain('ObservationDefinition-lib.ldl.json');
        expect(files).toContain('StructureDefinition-pmpath-flow.json');
        expect(files.every(f => /^[A-Za-z]+-[A-Za-z0-9.-]{1,64}\.json$/.test(f))).toBe(true);
        const note = JSON.parse(fs.readFileSync(path.join(tmp, 'fhir/ObservationDefinition-main.note.json'), 'utf8'));
        expect(note.code).toEqual({ text: 'Clinic note' });
        expect(fs.readdirSync(tmp).filter(f => f.includes('.pmpath-'))).toEqual([]);
    }, TIMEOUT);

    it('writes one collection Bundle with --bundle, to stdout or --output FILE, with --canonical', async () => {
        const stdout = await pmpath(['export', 'fhir', 'main.pmpath', '--bundle', '--canonical', 'https://fhir.example.org/pm'], { cwd: tmp });
        expect(stdout.status).toBe(0);
        const bundle = JSON.parse(stdout.stdout);
        expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
        expect(bundle.entry.find((e: { resource: { resourceType: string; id: string } }) => e.resource.resourceType === 'PlanDefinition' && e.resource.id === 'main').fullUrl)
            .toBe('https://fhir.example.org/pm/PlanDefinition/main');
        const toFile = await pmpath(['export', 'fhir', 'main.pmpath', '--bundle', '--output', 'out/bundle.json'], { cwd: tmp });
        expect(toFile.status).toBe(0);
        expect(JSON.parse(fs.readFileSync(path.join(tmp, 'out/bundle.json'), 'utf8'))).toEqual({ ...bundle, entry: expect.any(Array) });
        // The same input gives byte-identical output.
        const again = await pmpath(['export', 'fhir', 'main.pmpath', '--bundle', '--canonical', 'https://fhir.example.org/pm'], { cwd: tmp });
        expect(again.stdout).toBe(stdout.stdout);
    }, TIMEOUT);

    it('exports nothing and exits 1 when a file has syntax or unresolved-reference errors, printing them', async () => {
        const result = await pmpath(['export', 'fhir', 'main.pmpath', 'broken.pmpath', '--output', 'refused'], { cwd: tmp });
        expect(result.status).toBe(1);
        expect(result.stderr).toContain('broken.pmpath:3:');
        expect(result.stderr).toContain('[unresolved-reference]');
        expect(fs.existsSync(path.join(tmp, 'refused'))).toBe(false);
    }, TIMEOUT);

    it('is blocked by a syntax constraint in an imported library, but not by findings of other rules', async () => {
        const cwd = tempTree({
            'lib.pmpath': 'library L {\n  title "a"\n  title "b"\n  actor doc: clinician\n}\n',
            'p.pmpath': 'import "./lib.pmpath"\npathway P {\n  initial state A: healthy\n  final state B: healthy\n  A -> B by doc\n}\n',
            'fixed/lib.pmpath': 'library L {\n  title "a"\n  actor doc: clinician\n  actor unused: payer\n}\n',
            'fixed/p.pmpath': 'import "./lib.pmpath"\npathway P {\n  initial state A: healthy\n  state Stuck: healthy\n  final state B: healthy\n  A -> B by doc\n}\n',
        });
        const blocked = await pmpath(['export', 'fhir', 'p.pmpath', '--output', 'out'], { cwd });
        expect(blocked.status).toBe(1);
        expect(blocked.stderr).toContain('lib.pmpath:3:3: error: `title` is given twice');
        expect(fs.existsSync(path.join(cwd, 'out'))).toBe(false);
        // An unused actor and a dead end are check's business: exported, and not printed.
        const exported = await pmpath(['export', 'fhir', 'fixed/p.pmpath', '--output', 'out'], { cwd });
        expect(exported.status, exported.stderr).toBe(0);
        expect(exported.stderr).not.toMatch(/unused-declaration|dead-end-state|unreachable-state/);
        expect(fs.readdirSync(path.join(cwd, 'out')).some(f => f.startsWith('PlanDefinition-'))).toBe(true);
    }, TIMEOUT);

    it('fails with one line and exit 2, writing nothing, when the output folder cannot be written', async () => {
        const result = await pmpath(['export', 'fhir', 'main.pmpath', '--output', 'a-file/fhir'], { cwd: tmp });
        expect(result.status).toBe(2);
        const lines = result.stderr.trim().split('\n').filter(l => !l.includes('warning'));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^pmpath: a-file\/fhir: cannot write the FHIR export \(E[A-Z]+\)$/);
        const onFile = await pmpath(['export', 'fhir', 'main.pmpath', '--output', 'a-file'], { cwd: tmp });
        expect(onFile.status).toBe(2);
        expect(onFile.stderr).toMatch(/a-file: is a file, not a folder/);
        expect(fs.readFileSync(path.join(tmp, 'a-file'), 'utf8')).toBe('not a folder');
    }, TIMEOUT);

    it('rejects a bad --canonical and a missing file with exit 2', async () => {
        const bad = await pmpath(['export', 'fhir', 'main.pmpath', '--canonical', 'example org'], { cwd: tmp });
        expect(bad.status).toBe(2);
        expect(bad.stderr).toMatch(/^pmpath: --canonical "example org" is not an absolute http\(s\) URL/);
        const missing = await pmpath(['export', 'fhir', 'nope.pmpath'], { cwd: tmp });
        expect(missing.status).toBe(2);
        expect(missing.stderr).toBe('pmpath: nope.pmpath: no such file or directory\n');
    }, TIMEOUT);

    it('is in the CLI bundle as its own lazily loaded chunk', () => {
        const dist = path.join(CLI_ROOT, 'dist');
        const chunks = fs.readdirSync(dist).filter(f => f.endsWith('.js'));
        const exportChunk = chunks.find(f => /^export-[A-Z0-9]+\.js$/.test(f));
        expect(exportChunk).toBeDefined();
        const main = fs.readFileSync(path.join(dist, 'main.js'), 'utf8');
        expect(main).toContain(exportChunk);
        // The exporter is inlined: no import of @pmpath/fhir at run time.
        const all = chunks.map(f => fs.readFileSync(path.join(dist, f), 'utf8')).join('\n');
        expect(all).not.toMatch(/from ["']@pmpath\/fhir["']/);
        expect(all).toContain('cpg-pathwaydefinition');
        expect(all).not.toContain('@medplum');
    });
});
