/**
 * The dossier's "Tested scenarios" (SPEC §7: `pmpath report` accepts
 * `.pmtest` files): every suite given is run with the simulator — unless it
 * or its pathway has error-severity findings, as `pmpath test` does — and the
 * results become plain rows: each scenario with its result, the path of
 * states the synthetic person took, the failure and the notes; and per
 * pathway the coverage of all suites together. Ethics committees read worked
 * examples more easily than rules.
 */
import {
    CoverageCollector, runSuite, type LintDiagnostic, type Pathway, type PmpathFile, type TestSuite,
} from '@pmpath/language';

/** One input file as the dossier receives it (see `DossierInput`). */
interface SuiteSource {
    readonly path: string;
    readonly file?: PmpathFile;
    readonly findings: readonly LintDiagnostic[];
}

export interface ScenarioRow {
    readonly name: string;
    /** 1-based line of the `scenario` keyword in its suite. */
    readonly line: number;
    /** `not-run` when the suite or its pathway has error findings. */
    readonly status: 'passed' | 'failed' | 'not-run';
    /** The states entered, the start state included (empty when not run). */
    readonly path: readonly string[];
    readonly failure?: { readonly line: number; readonly column: number; readonly message: string };
    readonly notes: readonly string[];
}

export interface SuiteEntry {
    /** The suite's file, as shown to the reader. */
    readonly path: string;
    /** The pathway it tests, as written after `tests for`. */
    readonly pathway: string;
    /** The pathway's file, as shown, when known. */
    readonly pathwayPath?: string;
    /** The clock's first day. */
    readonly start: string;
    /** Why the scenarios were not run (errors in the suite or its pathway); undefined when they ran. */
    readonly notRun?: string;
    /** How many scenarios the suite declares (also when they were not run). */
    readonly declared: number;
    /** Every scenario in file order, with status `not-run` when the suite was not run. */
    readonly scenarios: readonly ScenarioRow[];
    readonly findings: ReadonlyArray<LintDiagnostic & { readonly path: string }>;
}

export interface CoverageEntry {
    readonly pathway: string;
    readonly path?: string;
    readonly transitions: {
        readonly taken: number;
        readonly total: number;
        /** `from -> to` with the file and line of the transition, in source order. */
        readonly notTaken: ReadonlyArray<{ readonly from: string; readonly to: string; readonly location: string }>;
    };
    readonly states: { readonly entered: number; readonly total: number; readonly notEntered: readonly string[] };
    readonly guards: { readonly outcomesSeen: number; readonly outcomesTotal: number };
}

export interface TestedScenarios {
    readonly suites: readonly SuiteEntry[];
    /** Per pathway whose scenarios ran, over all its suites together. */
    readonly coverage: readonly CoverageEntry[];
    readonly totals: {
        readonly suites: number;
        readonly scenarios: number;
        readonly passed: number;
        readonly failed: number;
        /** Scenarios of suites that were not run. */
        readonly notRun: number;
    };
}

/** Whether an input holds a test suite. */
export function isSuiteInput(input: SuiteSource): boolean {
    return input.file?.body?.$type === 'TestSuite';
}

/**
 * Runs the suites among `all` and describes the results. `all` also holds
 * the pathways, so their findings decide whether a suite may run and their
 * display paths name files in messages.
 */
export function buildTestedScenarios(all: readonly SuiteSource[]): TestedScenarios {
    const byUri = new Map<string, SuiteSource>();
    for (const input of all) {
        const uri = input.file?.$document?.uri.toString();
        if (uri) byUri.set(uri, input);
    }
    // Files as the reader knows them: the input's display path, else the file name.
    const display = (uri: string): string => byUri.get(uri)?.path ?? decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
    const locate = (uri: string, line: number): string => `${display(uri)}:${line}`;
    const collector = new CoverageCollector();
    const suites: SuiteEntry[] = [];
    const errors = (findings: readonly LintDiagnostic[]) => findings.filter(f => f.severity === 'error').length;
    for (const input of all.filter(isSuiteInput)) {
        const suite = input.file!.body as TestSuite;
        const pathway: Pathway | undefined = suite.pathway?.ref;
        const pathwayUri = pathway?.$container?.$document?.uri.toString();
        const pathwayInput = pathwayUri ? byUri.get(pathwayUri) : undefined;
        const common = {
            path: input.path,
            pathway: suite.pathway?.$refText ?? '',
            pathwayPath: pathwayUri ? display(pathwayUri) : undefined,
            start: suite.start ?? '2000-01-01',
            declared: suite.scenarios.length,
            findings: input.findings.map(f => ({ ...f, path: input.path })),
        };
        const own = errors(input.findings);
        const theirs = pathwayInput ? errors(pathwayInput.findings) : 0;
        const notRun = own > 0 ? `the suite has ${plural(own, 'error finding')}; fix ${own === 1 ? 'it' : 'them'} to run its scenarios`
            : !pathway ? `pathway ${common.pathway || '(unnamed)'} is not resolved`
                : theirs > 0 ? `its pathway ${pathway.name} has ${plural(theirs, 'error finding')} (see its findings); scenarios run only against a pathway without errors`
                    : undefined;
        if (notRun) {
            const scenarios: ScenarioRow[] = suite.scenarios.map(s => ({
                name: s.name ?? '', line: (s.$cstNode?.range.start.line ?? 0) + 1, status: 'not-run', path: [], notes: [],
            }));
            suites.push({ ...common, notRun, scenarios });
            continue;
        }
        const result = runSuite(suite, { coverage: collector, locate });
        suites.push({
            ...common,
            start: result.start,
            scenarios: result.scenarios.map(s => ({
                name: s.name,
                line: s.line,
                status: s.status,
                path: s.path,
                failure: s.failure ? { line: s.failure.line, column: s.failure.column, message: s.failure.message } : undefined,
                notes: s.notes,
            })),
        });
    }
    const coverage: CoverageEntry[] = collector.summaries().map(c => ({
        pathway: c.name,
        path: display(c.uri),
        transitions: {
            taken: c.transitions.taken,
            total: c.transitions.total,
            notTaken: c.transitions.notTaken.map(t => ({ from: t.from, to: t.to, location: locate(t.uri, t.line) })),
        },
        // Only the numbers: the summary's per-element details hold AST nodes.
        states: { entered: c.states.entered, total: c.states.total, notEntered: c.states.notEntered },
        guards: { outcomesSeen: c.guards.outcomesSeen, outcomesTotal: c.guards.outcomesTotal },
    }));
    const ran = suites.flatMap(s => s.scenarios);
    return {
        suites,
        coverage,
        totals: {
            suites: suites.length,
            scenarios: suites.reduce((n, s) => n + s.declared, 0),
            passed: ran.filter(s => s.status === 'passed').length,
            failed: ran.filter(s => s.status === 'failed').length,
            notRun: ran.filter(s => s.status === 'not-run').length,
        },
    };
}

function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * A path short enough to print: all of it up to `max` states, else the first
 * and last states around the number left out (a daily cycle for a hundred
 * years enters 36,526 states).
 */
export function compactPath(path: readonly string[], max = 24): { readonly head: readonly string[]; readonly omitted: number; readonly tail: readonly string[] } {
    if (path.length <= max) return { head: path, omitted: 0, tail: [] };
    const keep = Math.floor(max / 2);
    return { head: path.slice(0, keep), omitted: path.length - 2 * keep, tail: path.slice(path.length - keep) };
}

/** `12 of 14 (86%)`. */
export function ratio(part: number, total: number): string {
    return total === 0 ? '0 of 0' : `${part} of ${total} (${Math.floor((100 * part) / total)}%)`;
}
