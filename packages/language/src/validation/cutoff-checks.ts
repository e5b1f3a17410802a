/**
 * Rules: cutoff-unit-mismatch, cutoff-type-mismatch, cutoff-without-source
 * (on each cutoff declaration), ambiguous-cutoffs and uncovered-range (over
 * the transitions of a pathway). The range arithmetic lives in
 * `analysis/cutoff-ranges.ts` so diagrams and reports can share it.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { Cutoff, Pathway, PmpathAstType, Transition } from '../generated/ast.js';
import {
    comparesNumbers, describeRange, findCutoffAmbiguities, findUncoveredRanges, formatCutoffComparison,
    type CutoffTransition
} from '../analysis/cutoff-ranges.js';
import type { PmpathServices } from '../pmpath-module.js';
import { classKindOf, valueKindMismatch, valueKindOf, type ValueKind } from '../domain.js';
import { RuleId } from '../rules.js';
import type { CheckProvider } from './pmpath-validator.js';
import { declarationTarget, report } from './report.js';

export class CutoffChecks implements CheckProvider {
    constructor(protected readonly services: PmpathServices) { }

    checks(): ValidationChecks<PmpathAstType> {
        return {
            Cutoff: [this.checkUnit, this.checkType, this.checkSource],
            Pathway: [this.checkAmbiguity, this.checkUncoveredRanges],
        };
    }

    /** `cutoff-unit-mismatch`: a numeric cutoff must use its data's unit; a unit on one side only is a difference. */
    checkUnit(cutoff: Cutoff, accept: ValidationAcceptor): void {
        const data = cutoff.data?.ref;
        const comparison = cutoff.comparison;
        if (!data || !comparesNumbers(comparison)) return;
        const cutoffUnit = comparison.unit;
        const dataUnit = data.unit;
        if (cutoffUnit === dataUnit) return;
        const name = cutoff.name;
        let message: string;
        if (cutoffUnit === undefined) {
            message = `Cutoff '${name}' gives no unit, but data '${data.name}' is measured in ${quote(dataUnit)}: write ${quote(dataUnit)} after the threshold.`;
        } else if (dataUnit === undefined) {
            message = `Cutoff '${name}' is in ${quote(cutoffUnit)}, but data '${data.name}' declares no unit: add \`unit ${quote(cutoffUnit)}\` to data '${data.name}', or remove the unit from the cutoff.`;
        } else {
            message = `Cutoff '${name}' is in ${quote(cutoffUnit)}, but data '${data.name}' is measured in ${quote(dataUnit)}: write the threshold in ${quote(dataUnit)}.`;
        }
        report(accept, RuleId.cutoffUnitMismatch, message, declarationTarget(cutoff));
    }

    /**
     * `cutoff-type-mismatch`: numbers for data that holds numbers, variant
     * classes for `genomic` data, metabolizer phenotypes for `pharmacogenomic` data.
     */
    checkType(cutoff: Cutoff, accept: ValidationAcceptor): void {
        const data = cutoff.data?.ref;
        const comparison = cutoff.comparison;
        if (!data || !comparison || !data.category) return;
        const kinds: ValueKind[] = comparison.$type === 'ClassComparison'
            ? [...new Set(comparison.classes.map(classKindOf))]
            : ['number'];
        for (const kind of kinds) {
            const problem = valueKindMismatch(data, kind);
            if (!problem) continue;
            const expected = valueKindOf(data.category);
            const fix = expected === 'number'
                ? `compare it with a number (for example \`${data.name} >= VALUE\`)`
                : expected === 'variant-class'
                    ? `classify it by variant class instead, for example \`${data.name} is pathogenic, likely-pathogenic\``
                    : `classify it by metabolizer phenotype instead, for example \`${data.name} is poor-metabolizer\``;
            report(accept, RuleId.cutoffTypeMismatch,
                `Cutoff '${cutoff.name}' (${formatCutoffComparison(comparison)}) does not fit its data: ${problem}. ${fix[0].toUpperCase()}${fix.slice(1)}, or change the data's category.`,
                declarationTarget(cutoff));
            return;
        }
    }

    /** `cutoff-without-source`: a blank source is no provenance either. */
    checkSource(cutoff: Cutoff, accept: ValidationAcceptor): void {
        if (cutoff.source === undefined || cutoff.source.trim() === '') {
            const what = cutoff.source === undefined ? 'has no source' : 'has an empty source';
            report(accept, RuleId.cutoffWithoutSource,
                `Cutoff '${cutoff.name}' ${what}: add \`source "guideline or study"\` so reviewers know where the threshold comes from.`,
                declarationTarget(cutoff));
        }
    }

    /** `ambiguous-cutoffs`: one finding per overlapping pair, on the later transition. */
    checkAmbiguity(pathway: Pathway, accept: ValidationAcceptor): void {
        for (const { earlier, later, overlap, classes } of findCutoffAmbiguities(transitionsOf(pathway))) {
            const data = later.data.name;
            const when = overlap
                ? `for ${describeRange(overlap)} of '${data}'`
                : `for a '${data}' variant classified ${classes!.join(' or ')}`;
            const fix = overlap
                ? `make the ranges of ${cutoffNames(earlier, later)} disjoint (mind shared boundary values)`
                : `make the variant classes of ${cutoffNames(earlier, later)} distinct`;
            report(accept, RuleId.ambiguousCutoffs,
                `Transitions from '${later.source.name}' ${describeTransition(earlier)} and ${describeTransition(later)} can both hold ${when}: ${fix} so that every value leads to one state.`,
                { node: later.transition });
        }
    }

    /** `uncovered-range`: one finding per (state, data) naming every hole. */
    checkUncoveredRanges(pathway: Pathway, accept: ValidationAcceptor): void {
        for (const { state, data, transitions, gaps } of findUncoveredRanges(transitionsOf(pathway))) {
            const cutoffs = [...new Set(transitions.map(t => `${t.cutoff.name} (${formatCutoffComparison(t.cutoff.comparison)})`))].join(', ');
            const holes = joinWords(gaps.map(describeRange));
            const message = `The transitions out of state '${state.name}' on '${data.name}' (${cutoffs}) leave ${holes} uncovered, and '${state.name}' does not monitor '${data.name}': a person whose value falls there stays in a state nobody watches. Close the gap between the cutoffs, or add \`monitor ${data.name} every DURATION by CLINICIAN\` to '${state.name}'.`;
            // A state declared in another file (a misplaced one in a library) cannot carry this file's finding.
            const target = state.$container === pathway ? declarationTarget(state) : { node: transitions[0].transition };
            report(accept, RuleId.uncoveredRange, message, target);
        }
    }
}

function transitionsOf(pathway: Pathway): Transition[] {
    return (pathway.elements ?? []).filter((e): e is Transition => e.$type === 'Transition');
}

function describeTransition(item: CutoffTransition): string {
    const target = item.transition.target?.ref?.name ?? item.transition.target?.$refText ?? '?';
    return `to '${target}' (when ${item.cutoff.name}: ${item.data.name} ${formatCutoffComparison(item.cutoff.comparison)})`;
}

function cutoffNames(a: CutoffTransition, b: CutoffTransition): string {
    return a.cutoff === b.cutoff ? `the guards (both '${a.cutoff.name}')` : `'${a.cutoff.name}' and '${b.cutoff.name}'`;
}

function quote(unit: string | undefined): string {
    return JSON.stringify(unit ?? '');
}

function joinWords(items: readonly string[]): string {
    if (items.length <= 1) return items.join('');
    return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
