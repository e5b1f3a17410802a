/**
 * Rules on test suites (`.pmtest`, SPEC §7): `duplicate-name` for two
 * scenarios with one name in a suite, and `test-observation-mismatch` for an
 * observation that does not fit its data (judged like `cutoff-unit-mismatch`
 * and `cutoff-type-mismatch`, through the same helpers in `domain.ts`).
 * The suite's `start` date is a `syntax` constraint (`syntax-checks.ts`);
 * unresolved names in suites are worded in `pmpath-document-validator.ts`.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { Observe, PmpathAstType, TestSuite } from '../generated/ast.js';
import { classKindOf, valueKindMismatch, valueKindOf } from '../domain.js';
import { RuleId } from '../rules.js';
import type { CheckProvider } from './pmpath-validator.js';
import { report } from './report.js';

export class SuiteChecks implements CheckProvider {
    checks(): ValidationChecks<PmpathAstType> {
        return {
            TestSuite: this.checkScenarioNames,
            Observe: this.checkObservation,
        };
    }

    /** `duplicate-name`: scenario names identify results (JSON, JUnit, `--filter`), so each is unique in its suite. */
    checkScenarioNames(suite: TestSuite, accept: ValidationAcceptor): void {
        const seen = new Map<string, number>();
        for (const scenario of suite.scenarios) {
            if (scenario.name === undefined) continue;
            const line = (scenario.$cstNode?.range.start.line ?? 0) + 1;
            const earlier = seen.get(scenario.name);
            if (earlier !== undefined) {
                report(accept, RuleId.duplicateName,
                    `Duplicate scenario name ${JSON.stringify(scenario.name)}: the scenario on line ${earlier} of this suite has the same name. Rename this scenario so that every result names one scenario.`,
                    { node: scenario, property: 'name' });
            } else {
                seen.set(scenario.name, line);
            }
        }
    }

    /**
     * `test-observation-mismatch`: a number for data that holds numbers, in the
     * data's unit (a unit on one side only is a difference); a variant class
     * for `genomic` data; a metabolizer phenotype for `pharmacogenomic` data.
     */
    checkObservation(observe: Observe, accept: ValidationAcceptor): void {
        const data = observe.data?.ref;
        if (!data || !data.category) return;
        const isClass = observe.class !== undefined;
        if (!isClass && observe.value === undefined) return;
        const kind = isClass ? classKindOf(observe.class!) : 'number';
        const problem = valueKindMismatch(data, kind);
        const written = isClass ? `is ${observe.class}` : `= ${observe.value}${observe.unit !== undefined ? ` ${JSON.stringify(observe.unit)}` : ''}`;
        if (problem) {
            const expected = valueKindOf(data.category);
            const fix = expected === 'number'
                ? `Observe a number instead, for example \`observe ${data.name} = VALUE${data.unit !== undefined ? ` ${JSON.stringify(data.unit)}` : ''}\``
                : expected === 'variant-class'
                    ? `Observe a variant class instead, for example \`observe ${data.name} is pathogenic\``
                    : `Observe a metabolizer phenotype instead, for example \`observe ${data.name} is poor-metabolizer\``;
            report(accept, RuleId.testObservationMismatch,
                `Observation \`${data.name} ${written}\` does not fit its data: ${problem}. ${fix}, or change the data's category.`,
                { node: observe, property: isClass ? 'class' : 'value' });
            return;
        }
        if (isClass) return;
        const observed = observe.unit;
        const declared = data.unit;
        if (observed === declared) return;
        let message: string;
        if (observed === undefined) {
            message = `Observation \`${data.name} ${written}\` gives no unit, but data '${data.name}' is measured in ${quote(declared)}: write ${quote(declared)} after the value.`;
        } else if (declared === undefined) {
            message = `Observation \`${data.name} ${written}\` is in ${quote(observed)}, but data '${data.name}' declares no unit: remove the unit from the observation, or add \`unit ${quote(observed)}\` to data '${data.name}'.`;
        } else {
            message = `Observation \`${data.name} ${written}\` is in ${quote(observed)}, but data '${data.name}' is measured in ${quote(declared)}: convert the value to ${quote(declared)}, since the pathway's cutoffs compare numbers as written.`;
        }
        report(accept, RuleId.testObservationMismatch, message, observe.unit !== undefined ? { node: observe, property: 'unit' } : { node: observe, property: 'value' });
    }
}

function quote(unit: string | undefined): string {
    return JSON.stringify(unit ?? '');
}
