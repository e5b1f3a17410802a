/**
 * Programmatic API of the `pmpath` CLI: the program entry and the pure
 * formatters, so other tools can produce the same reports.
 */
export { main } from './main.js';
export { runCheck, checkExitCode, CHECK_FORMATS, type CheckFormat, type CheckOptions } from './commands/check.js';
export { formatRules, orderedRules, RULES_FORMATS, type RulesFormat } from './commands/rules.js';
export { CliError, ExitCode, describeError, type ExitCodeValue } from './errors.js';
export { expandPaths, displayPath } from './files.js';
export { buildCheckReport, type CheckReport, type CheckedFile, type CheckSummary } from './format/report-model.js';
export { formatJson } from './format/json.js';
export { formatSarif, buildSarif } from './format/sarif.js';
export { formatStylish, stdoutSupportsColor } from './format/stylish.js';
