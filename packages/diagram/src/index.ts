/**
 * Public API of `@pmpath/diagram`: pure graph models built from a pathway's
 * AST and its lint findings, and renderers for DOT, SVG, Mermaid and the
 * ethics-review dossier (HTML and Markdown). Shared by the CLI, the language
 * server and the VS Code preview.
 */
export * from './model.js';
export * from './run-overlay.js';
export * from './escape.js';
export * from './style.js';
export { renderDot, buildDot, isLargeLayout, flowLabelLines, flowViolationLines, LARGE_GRAPH_EDGES, type DotOptions, type DotDocument, type DiagramElement, type Rankdir } from './render-dot.js';
export { wrapText, type Wrapped } from './wrap.js';
export { renderSvg, layoutSvg, svgDescription, graphvizVersion, graphvizLayout, preloadGraphviz, type SvgOptions, type LayoutEngine } from './render-svg.js';
export { renderMermaid, MERMAID_MAX_EDGES, type MermaidDiagram } from './render-mermaid.js';
export * from './dossier-model.js';
export * from './dossier-tests.js';
export { renderReportHtml, legendText, consentTerms, type ReportOptions } from './render-report-html.js';
export { renderReportMarkdown, type MarkdownReport } from './render-report-markdown.js';
export { testedScenariosHtml, testedScenariosMarkdown } from './render-report-tests.js';
export { printLayout, printScale, svgSize, statesInPhaseOrder, PRINT_AREA, MIN_PRINT_FONT_PT, MIN_PRINT_SCALE, type PrintPart, type Orientation } from './print-layout.js';
