import { describe, expect, it } from 'vitest';
import { checkLoincCode, checkSnomedCode, luhnCheckDigit, RuleId, verhoeffCheckDigit } from '@pmpath/language';
import { createTestWorkspace, only } from './test-services.js';

const ws = createTestWorkspace();

/** A clean pathway around one data declaration line. */
function pathway(dataLine: string): string {
    return `pathway P {
  actor doc: clinician
  ${dataLine}
  cutoff High: x > 1 source "s"
  initial state A: healthy
  final state B: sick
  A -> B when High by doc
  flow x from doc to doc for care
}
`;
}

describe('check digits', () => {
    it('computes the LOINC mod-10 check digit of the digits before the hyphen', () => {
        expect(luhnCheckDigit('2077')).toBe(6);
        expect(luhnCheckDigit('59261')).toBe(8);
        expect(luhnCheckDigit('22748')).toBe(8);
        for (const code of ['2077-6', '59261-8', '22748-8', '67151-1', '53037-8']) expect(checkLoincCode(code)).toBeUndefined();
        expect(checkLoincCode('22748-9')).toMatchObject({ corrected: '22748-8' });
        for (const bad of ['2077', '2077-', '-6', '2077-66', 'LP2077-6', ' 2077-6', '2077–6', '']) expect(checkLoincCode(bad), bad).toBeDefined();
    });

    it('computes the SNOMED CT Verhoeff check digit and the 6-18 digit length', () => {
        expect(verhoeffCheckDigit('7321100')).toBe(9);
        for (const code of ['73211009', '190905008', '22298006', '138875005', '404684003']) expect(checkSnomedCode(code)).toBeUndefined();
        expect(checkSnomedCode('22298007')).toMatchObject({ corrected: '22298006' });
        for (const bad of ['12345', '1234567890123456789', '7321100x', '73211009 ', '']) expect(checkSnomedCode(bad), bad).toBeDefined();
    });
});

describe('invalid-code', () => {
    it('reports a LOINC code with a wrong check digit on the code, naming the data item and the right digit', async () => {
        const text = pathway('data x: biomarker "LDL" unit "mmol/L" code loinc "22748-9"');
        const findings = only(await ws.validate(text), RuleId.invalidCode);
        expect(findings).toHaveLength(1);
        const line = text.split('\n')[2];
        expect(findings[0]).toMatchObject({
            severity: 'error', line: 3,
            column: line.indexOf('"22748-9"') + 1, endLine: 3, endColumn: line.indexOf('"22748-9"') + '"22748-9"'.length + 1,
        });
        expect(findings[0].message).toContain("'x'");
        expect(findings[0].message).toContain('22748-8');
    });

    it('reports a LOINC code that is not DIGITS-CHECKDIGIT', async () => {
        const findings = only(await ws.validate(pathway('data x: biomarker code loinc "2160"')), RuleId.invalidCode);
        expect(findings).toHaveLength(1);
        expect(findings[0].message).toMatch(/DIGITS-CHECKDIGIT/);
    });

    it('reports a SNOMED CT identifier with a wrong Verhoeff digit or a wrong length', async () => {
        expect(only(await ws.validate(pathway('data x: clinical code snomed "22298007"')), RuleId.invalidCode)).toHaveLength(1);
        expect(only(await ws.validate(pathway('data x: clinical code snomed "4855"')), RuleId.invalidCode)).toHaveLength(1);
        expect(only(await ws.validate(pathway('data x: clinical code snomed "2077-6"')), RuleId.invalidCode)).toHaveLength(1);
    });

    it('stays quiet on correct codes and on data without a code', async () => {
        for (const line of [
            'data x: biomarker "Sweat chloride" unit "mmol/L" code loinc "2077-6"',
            'data x: biomarker code loinc "59261-8"',
            'data x: clinical code snomed "73211009"',
            'data x: clinical "Cystic fibrosis" code snomed "190905008"',
            'data x: biomarker unit "mg/dL"',
        ]) {
            expect(only(await ws.validate(pathway(line)), RuleId.invalidCode), line).toEqual([]);
        }
    });

    it('checks codes in libraries too', async () => {
        const diagnostics = await ws.validate('library L {\n  data x: biomarker code loinc "2077-7"\n}\n');
        expect(only(diagnostics, RuleId.invalidCode)).toHaveLength(1);
    });

    it('can be switched off in the configuration', async () => {
        const diagnostics = await ws.validate(pathway('data x: biomarker code loinc "2077-7"'), { config: { rules: { 'invalid-code': 'off' } } });
        expect(only(diagnostics, RuleId.invalidCode)).toEqual([]);
    });
});
