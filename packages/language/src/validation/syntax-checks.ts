/**
 * Constraints that are still syntax but that the grammar cannot express
 * (SPEC §4 "Rule details"): a metadata line given twice, a zero or fractional
 * duration, a DUO argument that is missing or not allowed, a hybrid kind on a
 * non-hybrid state, an empty interval, and states, transitions or flows in a
 * library, and a test suite's `start` that is not a real `YYYY-MM-DD` date.
 * All are reported as `syntax`.
 */
import { AstUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type { DuoTerm, Duration, IntervalComparison, Library, Pathway, PmpathAstType, PmpathFile, State, TestSuite } from '../generated/ast.js';
import { daysInMonth, parseIsoDate } from '../simulation/calendar.js';
import { duoTerm } from '../domain.js';
import { RuleId } from '../rules.js';
import type { CheckProvider } from './pmpath-validator.js';
import { report } from './report.js';

export class SyntaxChecks implements CheckProvider {
    checks(): ValidationChecks<PmpathAstType> {
        return {
            PmpathFile: this.checkFileKind,
            Pathway: this.checkMetadataOnce,
            Library: [this.checkMetadataOnce, this.checkLibraryElements],
            Duration: this.checkDuration,
            DuoTerm: this.checkDuoArgument,
            State: this.checkHybridKind,
            IntervalComparison: this.checkInterval,
            TestSuite: this.checkStartDate,
        };
    }

    /** A test suite belongs in a `.pmtest` file, a pathway or library in a `.pmpath` file (SPEC §7). */
    checkFileKind(file: PmpathFile, accept: ValidationAcceptor): void {
        const body = file.body;
        if (!body) return;
        const path = AstUtils.getDocument(file).uri.path;
        const isSuite = body.$type === 'TestSuite';
        if (path.endsWith('.pmtest') && !isSuite) {
            const what = body.$type === 'Pathway' ? 'pathway' : 'library';
            report(accept, RuleId.syntax, `A .pmtest file holds one test suite (\`tests for PATHWAY { … }\`), not a ${what}: move ${what} '${body.name}' into a .pmpath file.`, { node: body, keyword: what });
        } else if (path.endsWith('.pmpath') && isSuite) {
            report(accept, RuleId.syntax, 'A test suite (`tests for …`) belongs in a .pmtest file, not in a .pmpath file: move it into a file ending in .pmtest.', { node: body, keyword: 'tests' });
        }
    }

    checkMetadataOnce(container: Pathway | Library, accept: ValidationAcceptor): void {
        const seen = new Set<string>();
        for (const line of container.metadata) {
            if (seen.has(line.key)) {
                report(accept, RuleId.syntax, `\`${line.key}\` is given twice in ${container.$type === 'Pathway' ? 'pathway' : 'library'} '${container.name}'; keep one \`${line.key}\` line.`, { node: line, property: 'key' });
            }
            seen.add(line.key);
        }
    }

    checkLibraryElements(library: Library, accept: ValidationAcceptor): void {
        for (const element of library.elements) {
            if (element.$type === 'State' || element.$type === 'Transition' || element.$type === 'Flow') {
                const what = element.$type === 'State' ? `State '${element.name}'` : element.$type === 'Flow' ? 'A flow' : 'A transition';
                report(accept, RuleId.syntax, `${what} cannot be declared in library '${library.name}': a library holds only actors, data, cutoffs and consents. Move it into a pathway.`, { node: element });
            }
        }
    }

    checkDuration(duration: Duration, accept: ValidationAcceptor): void {
        if (!Number.isInteger(duration.value) || duration.value <= 0) {
            report(accept, RuleId.syntax, `A duration must be a positive whole number of ${duration.unit.replace(/s$/, '')}s, not ${duration.value}.`, { node: duration, property: 'value' });
        }
    }

    checkDuoArgument(term: DuoTerm, accept: ValidationAcceptor): void {
        const info = duoTerm(term.code);
        if (!info) return;
        if (info.argument === 'required' && term.argument === undefined) {
            report(accept, RuleId.syntax, `DUO term ${term.code} (${info.curie}, ${info.label}) needs an argument naming the disease, for example \`${term.code} "cystic fibrosis"\`.`, { node: term, property: 'code' });
        } else if (info.argument === 'none' && term.argument !== undefined) {
            report(accept, RuleId.syntax, `DUO term ${term.code} (${info.curie}) takes no argument; remove the string after it.`, { node: term, property: 'argument' });
        } else if (term.argument !== undefined && term.argument.trim() === '') {
            report(accept, RuleId.syntax, `The argument of DUO term ${term.code} is empty; write what it restricts, or leave it out.`, { node: term, property: 'argument' });
        }
    }

    checkHybridKind(state: State, accept: ValidationAcceptor): void {
        if (state.hybridKind && state.kind !== 'hybrid') {
            report(accept, RuleId.syntax, `'${state.hybridKind}' qualifies hybrid states only; state '${state.name}' is ${state.kind}. Write \`hybrid ${state.hybridKind}\` or remove '${state.hybridKind}'.`, { node: state, property: 'hybridKind' });
        }
    }

    checkInterval(interval: IntervalComparison, accept: ValidationAcceptor): void {
        const empty = interval.low > interval.high
            || (interval.low === interval.high && (interval.lowerBracket === '(' || interval.upperBracket === ')'));
        if (empty) {
            report(accept, RuleId.syntax, `The interval ${interval.lowerBracket}${interval.low}, ${interval.high}${interval.upperBracket} contains no value; write the lower bound first.`, { node: interval });
        }
    }

    /** A suite's clock starts on a real calendar day (SPEC §7): `2025-02-30` is `syntax`. */
    checkStartDate(suite: TestSuite, accept: ValidationAcceptor): void {
        if (suite.start === undefined || parseIsoDate(suite.start) !== undefined) return;
        report(accept, RuleId.syntax, `The start date ${JSON.stringify(suite.start)} is not a valid date: ${whyNotADate(suite.start)}. Write the suite's first day as YYYY-MM-DD, for example "2025-01-01".`, { node: suite, property: 'start' });
    }
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** What is wrong with a start date that `parseIsoDate` rejects. */
function whyNotADate(text: string): string {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!match) return 'a date is written as four digits for the year, two for the month and two for the day';
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (month < 1 || month > 12) return `there is no month ${match[2]}`;
    if (day < 1) return `there is no day ${match[3]}`;
    return `${MONTH_NAMES[month - 1]} ${year} has ${daysInMonth(year, month)} days, not ${day}`;
}
