/**
 * The result of `pmpath test` as the formatters see it (SPEC §7): plain data
 * with paths relative to the working directory, suites sorted by path,
 * scenarios in file order, coverage per tested pathway and the summary. Built
 * by `commands/test-run.ts` from the simulator's results; the stylish, JSON
 * and JUnit formatters only read it.
 */
import type { LintDiagnostic } from '@pmpath/language';
import { compareStrings } from '../files.js';

/** A finding that kept a suite from running, with the file it is in. */
export interface BlockingFinding extends LintDiagnostic {
    /** Relative to the working directory, forward slashes. */
    readonly path: string;
}

export interface TransitionRef {
    readonly from: string;
    readonly to: string;
    /** The pathway file, relative to the working directory. */
    readonly path: string;
    /** 1-based. */
    readonly line: number;
}

export interface ScenarioFailureReport {
    readonly kind: 'expectation' | 'ambiguous' | 'does-not-settle' | 'cannot-start';
    /** 1-based position in the suite file. */
    readonly line: number;
    readonly column: number;
    readonly message: string;
    readonly expected?: string;
    readonly actual?: string;
    /** Every enabled transition of an ambiguity, the loop of one that does not settle. */
    readonly transitions: readonly TransitionRef[];
}

export interface ScenarioReport {
    readonly name: string;
    /** 1-based line and column of the `scenario` keyword. */
    readonly line: number;
    readonly column: number;
    readonly status: 'passed' | 'failed';
    /** The states entered since the scenario started, the start state included. */
    readonly path: readonly string[];
    readonly failure: ScenarioFailureReport | null;
    readonly notes: readonly string[];
    /** The clock when the scenario ended, `YYYY-MM-DD`. */
    readonly endDate: string;
    /** Wall-clock time of the simulation (JUnit `time`). */
    readonly durationMs: number;
}

export interface SuiteReport {
    /** The suite file, relative to the working directory. */
    readonly path: string;
    /** The name after `tests for` (as written when it does not resolve). */
    readonly pathway: string;
    /** The pathway's file, relative to the working directory; null when the name does not resolve. */
    readonly pathwayPath: string | null;
    /** Error-severity findings of the suite, its pathway or the pathway's imports: when any, no scenario ran. */
    readonly findings: readonly BlockingFinding[];
    /** The scenarios run (matching `--filter`), in file order; empty when the suite did not run. */
    readonly scenarios: readonly ScenarioReport[];
}

export interface CoverageReport {
    readonly pathway: string;
    /** The pathway's file, relative to the working directory. */
    readonly path: string;
    readonly transitions: {
        readonly taken: number;
        readonly total: number;
        /** In source order. */
        readonly notTaken: ReadonlyArray<{ readonly line: number; readonly from: string; readonly to: string }>;
    };
    readonly states: { readonly entered: number; readonly total: number; readonly notEntered: readonly string[] };
    readonly guards: { readonly outcomesSeen: number; readonly outcomesTotal: number };
    /** Transitions taken / all, in percent (100 for a pathway without transitions). */
    readonly percent: number;
}

export interface TestSummary {
    readonly suites: number;
    /** Scenarios run: passed + failed. */
    readonly scenarios: number;
    readonly passed: number;
    readonly failed: number;
    /** Suites whose scenarios were not run because of error findings. */
    readonly notRun: number;
}

export interface TestReport {
    /** Sorted by path. */
    readonly suites: readonly SuiteReport[];
    /** One per pathway that had a suite run, sorted by path, then name. */
    readonly coverage: readonly CoverageReport[];
    readonly summary: TestSummary;
    /** `--min-coverage`, when given. */
    readonly minCoverage?: number;
    /** The pathways whose transition coverage is below `minCoverage`. */
    readonly belowMinimum: readonly CoverageReport[];
}

/** Assembles the report: sorts, counts and compares coverage with the minimum. */
export function buildTestReport(suites: readonly SuiteReport[], coverage: readonly CoverageReport[], minCoverage?: number): TestReport {
    const sortedSuites = [...suites].sort((a, b) => compareStrings(a.path, b.path));
    const sortedCoverage = [...coverage].sort((a, b) => compareStrings(a.path, b.path) || compareStrings(a.pathway, b.pathway));
    let passed = 0;
    let failed = 0;
    let notRun = 0;
    for (const suite of sortedSuites) {
        if (suite.findings.length > 0) notRun++;
        for (const scenario of suite.scenarios) {
            if (scenario.status === 'passed') passed++;
            else failed++;
        }
    }
    const belowMinimum = minCoverage === undefined ? [] : sortedCoverage.filter(c => c.percent < minCoverage);
    return {
        suites: sortedSuites,
        coverage: sortedCoverage,
        summary: { suites: sortedSuites.length, scenarios: passed + failed, passed, failed, notRun },
        minCoverage,
        belowMinimum,
    };
}

/** 1 when a scenario failed, a suite did not run, or coverage is below the minimum; else 0. */
export function testExitCode(report: TestReport): 0 | 1 {
    const { failed, notRun } = report.summary;
    return failed > 0 || notRun > 0 || report.belowMinimum.length > 0 ? 1 : 0;
}

/** A percentage for people: one decimal at most, never rounded up to 100 (199 of 200 is 99.5%, not 100%). */
export function formatPercent(percent: number): string {
    const floored = Math.floor(percent * 10) / 10;
    return `${Number.isInteger(floored) ? floored.toFixed(0) : floored.toFixed(1)}%`;
}
