/**
 * Public API of the pmpath language package: services, AST, rules, domain
 * vocabulary, configuration and the lint engine. No VS Code or LSP server code.
 */
// Before anything loads Langium: Node 20 lacks Object.groupBy (see polyfill.ts).
import './polyfill.js';
export * from './pmpath-module.js';
export * as ast from './generated/ast.js';
export * from './generated/ast.js';
export * from './generated/module.js';
export * from './rules.js';
export * from './domain.js';
export * from './config/pmpath-config.js';
export * from './scoping/pmpath-scope.js';
export * from './validation/suppression.js';
export { SYNTAX_CHECKS } from './validation/pmpath-document-validator.js';
export * from './lint/lint-files.js';
export { keywordAsNameMessage, unescapeString } from './parser/pmpath-parser.js';
export { MAX_GUARD_NESTING, MAX_GUARD_OPERATORS, MAX_SYNTAX_ERRORS } from './parser/pmpath-lexer.js';
export * from './analysis/state-graph.js';
export * from './analysis/cutoff-ranges.js';
export * from './analysis/consent-flows.js';
export * from './terminology/codes.js';
export * from './simulation/calendar.js';
export * from './simulation/simulator.js';
export * from './simulation/generate.js';
