/**
 * `@pmpath/language/lsp`: the language server services and everything the
 * server entry point needs. The core package (`@pmpath/language`) stays free
 * of LSP machinery for the CLI.
 */
// Before anything loads Langium: Node 20 lacks Object.groupBy (see polyfill.ts).
import '../polyfill.js';
export * from './pmpath-lsp-module.js';
export * from './pmpath-language-server.js';
export { PmpathCodeActionProvider, consentCoversFlow, SOURCE_PLACEHOLDER, SUPPRESSION_REASON_PLACEHOLDER } from './pmpath-code-actions.js';
export { PmpathCompletionProvider, detailOf } from './pmpath-completion.js';
export { PmpathConfigReloader, PmpathDocumentUpdateHandler, configProblemDiagnostics, isConfigFileUri } from './pmpath-config-reload.js';
export { PmpathFoldingRangeProvider, lineCommentFoldingRanges } from './pmpath-folding.js';
export { PmpathFormatter } from './pmpath-formatter.js';
export { PmpathHoverProvider, describeDeclaration, formatGuard } from './pmpath-hover.js';
export { PmpathSemanticTokenProvider, DECLARATION_TOKEN_TYPES } from './pmpath-semantic-tokens.js';
export { PmpathDocumentSymbolProvider, PmpathNodeKindProvider } from './pmpath-symbols.js';
export { escapeMarkdown } from './text-utils.js';
export { DocumentReadiness } from './pmpath-request-handlers.js';
