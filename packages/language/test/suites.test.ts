/**
 * Lint of test suites (`.pmtest`, SPEC §7): `syntax`, `unresolved-reference`,
 * `import-not-found`, `duplicate-name` and `test-observation-mismatch` fire
 * where they should and stay quiet on a correct suite; no pathway rule fires on
 * a suite, and suites do not change their pathway's findings.
 */
import { describe, expect, it } from 'vitest';
import { RuleId } from '@pmpath/language';
import { createTestWorkspace, only, rulesOf } from './test-services.js';

const ws = createTestWorkspace();

const LIBRARY = `library Lab {
  actor lab: laboratory "Clinical laboratory"
  data ldl: biomarker "LDL cholesterol" unit "mmol/L"
  data pgx: pharmacogenomic "CYP2C19 phenotype"
}
`;

/** A clean pathway importing `lib.pmpath`: numeric, genomic, genomic-score and pharmacogenomic data. */
const PATHWAY = `import "./lib.pmpath"

pathway P {
  actor doc: clinician { genomics-trained }
  actor person: patient
  data hba1c: biomarker "HbA1c" unit "mmol/mol"
  data variant: genomic "Familial variant"
  data prs: genomic-score "Polygenic score"
  data steps: self-tracked "Daily steps"
  cutoff High: hba1c >= 48 "mmol/mol" source "ADA 2024"
  cutoff Carrier: variant is pathogenic, likely-pathogenic source "ACMG"
  cutoff HighScore: prs >= 1.5 source "Khera 2018"
  cutoff HighLdl: ldl >= 4.9 "mmol/L" source "Simon Broome"
  cutoff Poor: pgx is poor-metabolizer source "CPIC 2022"
  initial state Start: healthy "Screened"
  final state Sick: sick "Diagnosed"
  final state Fine: healthy "Discharged"
  Start -> Sick when High or Carrier or HighScore or HighLdl or Poor by doc
  Start -> Fine after 1 year by doc
  flow hba1c, variant, prs, ldl, pgx from lab to doc for care
  flow steps from person to doc for care
}
`;

function suite(body: string, header = 'import "./p.pmpath"\n\ntests for P {'): string {
    return `${header}\n${body}\n}\n`;
}

async function lintSuite(text: string, extra: Record<string, string> = {}) {
    const result = await ws.validateFiles({ 'lib.pmpath': LIBRARY, 'p.pmpath': PATHWAY, 's.pmtest': text, ...extra });
    return result;
}

describe('a correct suite', () => {
    it('has no findings, and resolves names declared in the pathway and in the libraries it imports', async () => {
        const text = suite(`  start "2024-02-29"
  scenario "raised HbA1c" {
    observe hba1c = 52 "mmol/mol"
    observe ldl = 3.1 "mmol/L"
    observe variant is likely-benign
    observe prs = -0.4
    observe pgx is normal-metabolizer
    observe steps = 4000
    wait 2 weeks
    expect state Sick
    expect path Start -> Sick
  }
  scenario "discharged after a year" from Start {
    wait 12 months
    expect state Fine
  }`);
        const result = await lintSuite(text);
        expect(result['s.pmtest']).toEqual([]);
        expect(result['p.pmpath']).toEqual([]);
        expect(result['lib.pmpath']).toEqual([]);
    });
});

describe('syntax in suites', () => {
    it.each([
        ['2025-02-30', 'February 2025 has 28 days, not 30'],
        ['2023-02-29', 'February 2023 has 28 days, not 29'],
        ['2025-13-01', 'no month 13'],
        ['2025-1-1', 'four digits for the year'],
        ['tomorrow', 'four digits for the year'],
        ['2025-04-00', 'no day 00'],
    ])('reports the start date "%s" as syntax on the date', async (date, why) => {
        const diagnostics = (await lintSuite(suite(`  start "${date}"\n  scenario "s" { wait 1 day }`)))['s.pmtest'];
        expect(rulesOf(diagnostics)).toEqual([RuleId.syntax]);
        expect(diagnostics[0]).toMatchObject({ line: 4, column: 9 });
        expect(diagnostics[0].message).toContain(why);
        expect(diagnostics[0].message).toContain(`"${date}"`);
    });

    it('accepts 29 February in a leap year', async () => {
        expect((await lintSuite(suite('  start "2000-02-29"')))['s.pmtest']).toEqual([]);
    });

    it('reports a zero wait as syntax', async () => {
        const diagnostics = (await lintSuite(suite('  scenario "s" {\n    wait 0 months\n  }')))['s.pmtest'];
        expect(diagnostics.map(d => [d.rule, d.line])).toEqual([[RuleId.syntax, 5]]);
    });

    it('reports a suite in a .pmpath file and a pathway in a .pmtest file', async () => {
        const result = await ws.validateFiles({
            'p.pmpath': 'pathway P {\n  actor doc: clinician\n  initial state A: healthy\n  final state B: healthy\n  A -> B by doc\n}\n',
            'suite-in.pmpath': 'import "./p.pmpath"\ntests for P {\n}\n',
            'pathway-in.pmtest': 'pathway Q {\n  actor doc: clinician\n  initial state A: healthy\n  final state B: healthy\n  A -> B by doc\n}\n',
        });
        expect(only(result['suite-in.pmpath'], RuleId.syntax).map(d => d.line)).toEqual([2]);
        expect(only(result['suite-in.pmpath'], RuleId.syntax)[0].message).toContain('.pmtest');
        expect(only(result['pathway-in.pmtest'], RuleId.syntax).map(d => d.line)).toEqual([1]);
    });

    it('reports a parse error in a suite in the words of the language, and nothing else', async () => {
        const diagnostics = (await lintSuite(suite('  scenario "s" {\n    observe hba1c 52\n  }')))['s.pmtest'];
        expect(rulesOf(diagnostics)).toEqual([RuleId.syntax]);
    });
});

describe('names in suites', () => {
    it('reports an unknown state, data item or `from` state once each, naming the pathway', async () => {
        const diagnostics = (await lintSuite(suite(`  scenario "s" from Started {
    observe hba1c_ = 52 "mmol/mol"
    expect state Sik
    expect path Start -> Sickk
  }`)))['s.pmtest'];
        expect(diagnostics.map(d => [d.rule, d.line])).toEqual([
            [RuleId.unresolvedReference, 4], [RuleId.unresolvedReference, 5],
            [RuleId.unresolvedReference, 6], [RuleId.unresolvedReference, 7],
        ]);
        expect(diagnostics[0].message).toMatch(/^Unknown state 'Started': pathway 'P'/);
        expect(diagnostics[1].message).toMatch(/^Unknown data item 'hba1c_'/);
    });

    it('does not see names the suite imports itself but its pathway does not', async () => {
        const other = 'library Other {\n  data other: biomarker unit "g"\n}\n';
        const text = suite('  scenario "s" {\n    observe other = 1 "g"\n  }', 'import "./p.pmpath"\nimport "./other.pmpath"\n\ntests for P {');
        const diagnostics = (await lintSuite(text, { 'other.pmpath': other }))['s.pmtest'];
        expect(diagnostics.map(d => [d.rule, d.line])).toEqual([[RuleId.unresolvedReference, 6]]);
    });

    it('says which pathways the imports declare when the named one is not imported, with one finding for the whole suite', async () => {
        const steps = Array.from({ length: 40 }, (_, i) => `    observe hba1c = ${i} "mmol/mol"\n    expect state Start`).join('\n');
        const diagnostics = (await lintSuite(suite(`  scenario "s" from Start {\n${steps}\n  }`, 'import "./p.pmpath"\n\ntests for Diabetes {')))['s.pmtest'];
        expect(diagnostics).toHaveLength(1);
        expect(diagnostics[0]).toMatchObject({ rule: RuleId.unresolvedReference, line: 3, column: 11 });
        expect(diagnostics[0].message).toBe("Unknown pathway 'Diabetes': the files this suite imports declare pathway 'P', not 'Diabetes'. Import the .pmpath file that declares pathway 'Diabetes', or fix the name.");
    });

    it('says to import the pathway when the suite imports nothing, even if the pathway exists elsewhere', async () => {
        const diagnostics = (await lintSuite('tests for P {\n  scenario "s" {\n    expect state Start\n  }\n}\n'))['s.pmtest'];
        expect(diagnostics.map(d => d.rule)).toEqual([RuleId.unresolvedReference]);
        expect(diagnostics[0].message).toContain('this suite imports no file');
        expect(diagnostics[0].message).toContain('import "./p.pmpath"');
    });

    it('does not resolve a library as the pathway under test', async () => {
        const diagnostics = (await lintSuite(suite('', 'import "./lib.pmpath"\n\ntests for Lab {')))['s.pmtest'];
        expect(diagnostics.map(d => d.rule)).toEqual([RuleId.unresolvedReference]);
        expect(diagnostics[0].message).toContain('declare no pathway');
    });
});

describe('imports of suites', () => {
    it('reports a missing import and the pathway it would have declared, and nothing for the steps', async () => {
        const diagnostics = (await lintSuite('import "./missing.pmpath"\n\ntests for Missing {\n  scenario "s" {\n    observe x = 1\n  }\n}\n'))['s.pmtest'];
        expect(diagnostics.map(d => [d.rule, d.line])).toEqual([[RuleId.importNotFound, 1], [RuleId.unresolvedReference, 3]]);
    });

    it('reports an import of a file that is not a .pmpath file, asking for the pathway file', async () => {
        const diagnostics = (await lintSuite(suite('', 'import "./p.pmpath"\nimport "./other.pmtest"\n\ntests for P {'), { 'other.pmtest': suite('') }))['s.pmtest'];
        expect(diagnostics.map(d => [d.rule, d.line])).toEqual([[RuleId.importNotFound, 2]]);
        expect(diagnostics[0].message).toContain("the pathway's .pmpath file");
    });

    it('does not report names shared by two imported pathways: a suite sees only its pathway\'s names', async () => {
        const q = PATHWAY.replace('pathway P {', 'pathway Q {');
        const diagnostics = (await lintSuite(suite('  scenario "s" {\n    expect state Start\n  }', 'import "./p.pmpath"\nimport "./q.pmpath"\n\ntests for P {'), { 'q.pmpath': q }))['s.pmtest'];
        expect(diagnostics).toEqual([]);
    });

    it('reports the same file imported twice', async () => {
        const diagnostics = (await lintSuite(suite('', 'import "./p.pmpath"\nimport "./p.pmpath"\n\ntests for P {')))['s.pmtest'];
        expect(diagnostics.map(d => [d.rule, d.line])).toEqual([[RuleId.duplicateName, 2]]);
    });
});

describe('duplicate-name for scenarios', () => {
    it('fires on the later of two scenarios with one name, naming the earlier line', async () => {
        const diagnostics = (await lintSuite(suite('  scenario "same" { wait 1 day }\n  scenario "other" { wait 1 day }\n  scenario "same" { wait 2 days }')))['s.pmtest'];
        expect(diagnostics.map(d => [d.rule, d.line, d.column])).toEqual([[RuleId.duplicateName, 6, 12]]);
        expect(diagnostics[0].message).toContain('line 4');
    });

    it('stays quiet for names that differ only in case or spacing', async () => {
        const diagnostics = (await lintSuite(suite('  scenario "Same" { wait 1 day }\n  scenario "same" { wait 1 day }\n  scenario "same " { wait 1 day }')))['s.pmtest'];
        expect(diagnostics).toEqual([]);
    });
});

describe('test-observation-mismatch', () => {
    async function observe(line: string) {
        return only((await lintSuite(suite(`  scenario "s" from Start {\n    ${line}\n  }`)))['s.pmtest'], RuleId.testObservationMismatch);
    }

    it.each([
        ['observe hba1c = 6.5 "%"', 'is in "%", but data \'hba1c\' is measured in "mmol/mol"', '"%"'],
        ['observe hba1c = 52', 'gives no unit, but data \'hba1c\' is measured in "mmol/mol"', '52'],
        ['observe steps = 4000 "steps/day"', 'declares no unit', '"steps/day"'],
        ['observe ldl = 190 "mg/dL"', 'is in "mg/dL", but data \'ldl\' is measured in "mmol/L"', '"mg/dL"'],
        ['observe variant = 1', "'variant' is genomic data, which takes a variant class", '1'],
        ['observe pgx = 2 "score"', "'pgx' is pharmacogenomic data, which takes a metabolizer phenotype", '2'],
        ['observe hba1c is pathogenic', "'hba1c' is biomarker data, which takes a number, not a variant class", 'pathogenic'],
        ['observe prs is likely-pathogenic', "'prs' is genomic-score data, which takes a number", 'likely-pathogenic'],
        ['observe variant is poor-metabolizer', "'variant' is genomic data, which takes a variant class", 'poor-metabolizer'],
        ['observe pgx is benign', "'pgx' is pharmacogenomic data, which takes a metabolizer phenotype", 'benign'],
    ])('fires on `%s`, on the value or unit that does not fit', async (line, message, at) => {
        const found = await observe(line);
        expect(found).toHaveLength(1);
        expect(found[0].severity).toBe('error');
        expect(found[0]).toMatchObject({ line: 5, column: 5 + line.lastIndexOf(at), endColumn: 5 + line.lastIndexOf(at) + at.length });
        expect(found[0].message).toContain(message);
    });

    it.each([
        'observe hba1c = 52 "mmol/mol"',
        'observe hba1c = -3.5 "mmol/mol"',
        'observe ldl = 4.9 "mmol/L"',
        'observe steps = 4000',
        'observe prs = 1.2',
        'observe variant is uncertain',
        'observe pgx is ultrarapid-metabolizer',
    ])('stays quiet on `%s`', async (line) => {
        expect(await observe(line)).toEqual([]);
    });

    it('stays quiet on an observation of an unknown data item (unresolved-reference reports it)', async () => {
        const diagnostics = (await lintSuite(suite('  scenario "s" {\n    observe nothing = 1 "mg"\n  }')))['s.pmtest'];
        expect(rulesOf(diagnostics)).toEqual([RuleId.unresolvedReference]);
    });

    it('is configurable and suppressible like any rule', async () => {
        const text = suite('  scenario "s" {\n    // pmpath-disable-next-line test-observation-mismatch -- the lab reports percent\n    observe hba1c = 6.5 "%"\n    observe hba1c = 7 "%"\n  }');
        const result = await ws.validateFiles({ 'lib.pmpath': LIBRARY, 'p.pmpath': PATHWAY, 's.pmtest': text }, { config: { rules: { 'test-observation-mismatch': 'warning' } } });
        expect(result['s.pmtest'].map(d => [d.rule, d.severity, d.line])).toEqual([[RuleId.testObservationMismatch, 'warning', 7]]);
    });
});

describe('suites and the rules about pathways', () => {
    it('do not count as uses of a declaration: data only a test observes is still unused in the pathway', async () => {
        const pathway = PATHWAY.replace('  flow steps from person to doc for care\n', '').replace('  actor person: patient\n', '');
        const alone = await ws.validateFiles({ 'lib.pmpath': LIBRARY, 'p.pmpath': pathway });
        const withSuite = await ws.validateFiles({ 'lib.pmpath': LIBRARY, 'p.pmpath': pathway, 's.pmtest': suite('  scenario "s" {\n    observe steps = 9000\n  }') });
        const unused = (r: typeof alone) => only(r['p.pmpath'], RuleId.unusedDeclaration).map(d => d.message);
        expect(unused(alone)).toEqual(["Data item 'steps' is never used; reference it or remove it."]);
        expect(unused(withSuite)).toEqual(unused(alone));
        expect(withSuite['s.pmtest']).toEqual([]);
    });

    it('leave the findings of the pathway and its libraries as they are', async () => {
        const alone = await ws.validateFiles({ 'lib.pmpath': LIBRARY, 'p.pmpath': PATHWAY });
        const withSuites = await lintSuite(suite('  scenario "s" {\n    observe ldl = 5 "mmol/L"\n    expect state Sick\n  }'), { 't.pmtest': suite('  scenario "t" from Fine {\n    wait 1 day\n  }') });
        expect(withSuites['p.pmpath']).toEqual(alone['p.pmpath']);
        expect(withSuites['lib.pmpath']).toEqual(alone['lib.pmpath']);
        expect(withSuites['t.pmtest']).toEqual([]);
    });
});
