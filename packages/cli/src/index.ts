/**
 * Programmatic API of the `pmpath` CLI: the program entry and the pure
 * formatters, so other tools can produce the same reports.
 */
export { main } from './main.js';
export { CHECK_FORMATS, type CheckFormat, type CheckOptions } from './commands/check.js';
export { runCheck, checkExitCode } from './commands/check-run.js';
export { RULES_FORMATS, type RulesFormat } from './commands/rules.js';
export { TEST_FORMATS, type TestFormat, type TestOptions } from './commands/test.js';
export { collectTestReport, renderTestReport, runTest } from './commands/test-run.js';
export { buildTestReport, testExitCode, type TestReport, type SuiteReport, type ScenarioReport, type CoverageReport } from './format/test-report.js';
export { formatTestJson } from './format/test-json.js';
export { formatTestJunit } from './format/test-junit.js';
export { formatTestStylish } from './format/test-stylish.js';
export { formatRules, orderedRules } from './format/rules-format.js';
export { CliError, ExitCode, describeError, type ExitCodeValue } from './errors.js';
export { expandPaths, displayPath, messagePath, PMPATH_EXTENSION, PMTEST_EXTENSION } from './files.js';
export { writeReport } from './output.js';
export { buildCheckReport, type CheckReport, type CheckedFile, type CheckSummary } from './format/report-model.js';
export { formatJson } from './format/json.js';
export { formatSarif, buildSarif } from './format/sarif.js';
export { formatStylish, stdoutSupportsColor } from './format/stylish.js';
