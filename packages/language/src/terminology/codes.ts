/**
 * Offline checks of the codes a data item may carry (`code loinc "2077-6"`,
 * `code snomed "190905008"`; SPEC §2.1, rule `invalid-code`). Both code
 * systems build a check digit into every identifier, so a typo is caught
 * without a terminology server and without a list of "known" codes:
 * - LOINC: `DIGITS-CHECKDIGIT`, the check digit being the mod-10 (Luhn)
 *   check digit of the digits before the hyphen;
 * - SNOMED CT: an SCTID of 6–18 digits whose last digit is a Verhoeff check
 *   digit over the digits before it.
 */

export type CodeSystemName = 'loinc' | 'snomed';

/** The FHIR system URI of each code system. */
export const CODE_SYSTEM_URIS: Readonly<Record<CodeSystemName, string>> = {
    loinc: 'http://loinc.org',
    snomed: 'http://snomed.info/sct',
};

export const CODE_SYSTEM_LABELS: Readonly<Record<CodeSystemName, string>> = {
    loinc: 'LOINC',
    snomed: 'SNOMED CT',
};

/** The Luhn (mod-10) check digit of a string of decimal digits, as LOINC computes it. */
export function luhnCheckDigit(digits: string): number {
    let sum = 0;
    // The rightmost digit is doubled, then every second digit going left.
    for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
        let d = digits.charCodeAt(i) - 48;
        if (double) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
    }
    return (10 - (sum % 10)) % 10;
}

// Verhoeff's dihedral-group tables (multiplication, permutation).
const VERHOEFF_D: readonly (readonly number[])[] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P: readonly (readonly number[])[] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const VERHOEFF_INV: readonly number[] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/** The Verhoeff check digit to append to a string of decimal digits. */
export function verhoeffCheckDigit(digits: string): number {
    let c = 0;
    for (let i = digits.length - 1, position = 1; i >= 0; i--, position++) {
        c = VERHOEFF_D[c][VERHOEFF_P[position % 8][digits.charCodeAt(i) - 48]];
    }
    return VERHOEFF_INV[c];
}

/** What is wrong with a code, or undefined when it can be right. */
export interface CodeProblem {
    /** A sentence fragment: `is not of the form DIGITS-CHECKDIGIT`. */
    readonly reason: string;
    /** The code with the right check digit, when only the check digit is wrong. */
    readonly corrected?: string;
}

/** Checks a LOINC code: `DIGITS-CHECKDIGIT` with the Luhn check digit of DIGITS. */
export function checkLoincCode(code: string): CodeProblem | undefined {
    const match = /^([0-9]{1,8})-([0-9])$/.exec(code);
    if (!match) {
        return { reason: 'is not of the form DIGITS-CHECKDIGIT (for example "2077-6")' };
    }
    const expected = luhnCheckDigit(match[1]);
    if (Number(match[2]) !== expected) {
        return { reason: `has the wrong check digit: the mod-10 check digit of ${match[1]} is ${expected}`, corrected: `${match[1]}-${expected}` };
    }
    return undefined;
}

/** Checks a SNOMED CT identifier: 6–18 digits, the last a Verhoeff check digit. */
export function checkSnomedCode(code: string): CodeProblem | undefined {
    if (!/^[0-9]{6,18}$/.test(code)) {
        return { reason: 'is not a SNOMED CT identifier of 6 to 18 digits (for example "190905008")' };
    }
    const body = code.slice(0, -1);
    const expected = verhoeffCheckDigit(body);
    if (Number(code[code.length - 1]) !== expected) {
        return { reason: `has the wrong check digit: the Verhoeff check digit of ${body} is ${expected}`, corrected: `${body}${expected}` };
    }
    return undefined;
}

/** Checks a code of either system. */
export function checkCode(system: CodeSystemName, code: string): CodeProblem | undefined {
    return system === 'loinc' ? checkLoincCode(code) : checkSnomedCode(code);
}
