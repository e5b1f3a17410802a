/**
 * `pmpath test --format json` (SPEC §7): a stable, versioned document for
 * scripts and CI. Exactly SPEC's shape; a suite that did not run because of
 * error findings has no scenarios and lists those findings under `findings`.
 */
import type { TestReport } from './test-report.js';

/** The JSON report text, ending with a newline. */
export function formatTestJson(report: TestReport): string {
    const document = {
        version: 1,
        suites: report.suites.map(suite => ({
            path: suite.path,
            pathway: suite.pathway,
            pathwayPath: suite.pathwayPath,
            scenarios: suite.scenarios.map(scenario => ({
                name: scenario.name,
                line: scenario.line,
                status: scenario.status,
                path: scenario.path,
                failure: scenario.failure
                    ? { line: scenario.failure.line, column: scenario.failure.column, message: scenario.failure.message }
                    : null,
                notes: scenario.notes,
            })),
            ...(suite.findings.length > 0 ? {
                findings: suite.findings.map(f => ({
                    path: f.path, rule: f.rule, severity: f.severity, message: f.message,
                    line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn,
                })),
            } : {}),
        })),
        coverage: report.coverage.map(c => ({
            pathway: c.pathway,
            path: c.path,
            transitions: { taken: c.transitions.taken, total: c.transitions.total, notTaken: c.transitions.notTaken.map(t => ({ line: t.line, from: t.from, to: t.to })) },
            states: { entered: c.states.entered, total: c.states.total, notEntered: c.states.notEntered },
            guards: { outcomesSeen: c.guards.outcomesSeen, outcomesTotal: c.guards.outcomesTotal },
        })),
        summary: {
            suites: report.summary.suites,
            scenarios: report.summary.scenarios,
            passed: report.summary.passed,
            failed: report.summary.failed,
        },
    };
    return `${JSON.stringify(document, null, 2)}\n`;
}
