/**
 * Building blocks of the generated CQL (Clinical Quality Language 1.5,
 * FHIR 4.0.1 model). Everything pmpath puts into CQL text passes through
 * `cqlString` or `cqlIdentifier`, so a label with quotes, backslashes or
 * markup can never break out of its literal.
 *
 * Semantics kept equal to pmpath's (SPEC §2.1, §7):
 * - a data item's value is its most recent final observation; no
 *   observation, or one without a value, makes every cutoff on it `null`
 *   (unknown), as in `pmpath test`;
 * - CQL's `and`, `or` and `not` are three-valued exactly like the guards of
 *   SPEC §7 (`not null` is null; `false and null` is false; `true or null`
 *   is true), so guards translate operator by operator;
 * - intervals keep their open and closed ends (`Interval[30 'mmol/L', 60 'mmol/L')`);
 * - `after D` compares `Now()` with the moment the person entered the
 *   current state plus D, in CQL's calendar arithmetic (a month added to
 *   31 January is the last day of February, as in SPEC §7).
 */
import type { Comparison } from '@pmpath/language';
import type { Coding } from './terminology.js';

/** A CQL string literal: `'…'` with `\`, `'` and control characters escaped. */
export function cqlString(text: string): string {
    let out = "'";
    for (const ch of text) {
        const code = ch.codePointAt(0)!;
        if (ch === '\\') out += '\\\\';
        else if (ch === "'") out += "\\'";
        else if (ch === '\n') out += '\\n';
        else if (ch === '\r') out += '\\r';
        else if (ch === '\t') out += '\\t';
        else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
        else out += ch;
    }
    return `${out}'`;
}

/** A quoted CQL identifier: `"…"` with `\` and `"` escaped. */
export function cqlIdentifier(name: string): string {
    return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n\t]/g, ' ')}"`;
}

/** A CQL number literal from a pmpath number (never in exponent notation). */
export function cqlNumber(value: number): string {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    const text = String(value);
    if (!/e/i.test(text)) return text;
    // Very small or large numbers: write all the digits out.
    return value.toFixed(20).replace(/\.?0+$/, '');
}

/** A CQL quantity: `60 'ng/mL'`; without a unit, UCUM's unity `'1'`. */
export function cqlQuantity(value: number, unit: string | undefined): string {
    return `${cqlNumber(value)} ${cqlString(unit ?? '1')}`;
}

/** The comparison of a numeric or interval cutoff on `valueExpression`. */
export function numericCondition(valueExpression: string, comparison: Comparison): string {
    if (comparison.$type === 'NumericComparison') {
        const op = comparison.op === '=' ? '=' : comparison.op;
        return `${valueExpression} ${op} ${cqlQuantity(comparison.value, comparison.unit)}`;
    }
    if (comparison.$type === 'IntervalComparison') {
        const open = comparison.lowerBracket === '(' ? '(' : '[';
        const close = comparison.upperBracket === ')' ? ')' : ']';
        return `${valueExpression} in Interval${open}${cqlQuantity(comparison.low, comparison.unit)}, ${cqlQuantity(comparison.high, comparison.unit)}${close}`;
    }
    throw new Error('not a numeric comparison');
}

/**
 * A class cutoff: true when the coded value is one of the answers, false
 * when it is another code, null (unknown) when there is no value.
 */
export function classCondition(valueExpression: string, answers: readonly string[]): string {
    const tests = answers.map(a => `${valueExpression} ~ ${a}`);
    return `if ${valueExpression} is null then null as Boolean\n    else ${tests.length > 1 ? tests.map(t => `(${t})`).join(' or ') : tests[0]}`;
}

/** `code "NAME": 'CODE' from "SYSTEM" display '…'`. */
export function codeDeclaration(name: string, coding: Coding, systemName: string): string {
    return `code ${cqlIdentifier(name)}: ${cqlString(coding.code)} from ${cqlIdentifier(systemName)}${coding.display ? ` display ${cqlString(coding.display)}` : ''}`;
}

/** The define of a data item: its most recent final observation. */
export function dataDefine(name: string, codeName: string): string {
    return `define ${cqlIdentifier(name)}:\n  Last([Observation: ${cqlIdentifier(codeName)}] O\n    where O.status in { 'final', 'amended', 'corrected' }\n    sort by issued)`;
}

/** A pmpath duration as a CQL time quantity: `6 years`, `1 month`. */
export function cqlDuration(value: number, unit: string): string {
    const singular = unit.replace(/s$/, '');
    return `${cqlNumber(value)} ${value === 1 ? singular : `${singular}s`}`;
}

export const ENTERED_STATE_PARAMETER = 'Entered current state';
