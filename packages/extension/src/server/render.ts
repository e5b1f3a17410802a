/**
 * Renders diagrams and dossiers in the server with `@pmpath/diagram`, the
 * same pure renderers the CLI uses, so the preview and `pmpath diagram` agree.
 */
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import type { LangiumDocument } from 'langium';
import { suppressedLintDiagnostics, type LintDiagnostic, type Pathway, type PmpathFile } from '@pmpath/language';
import { buildDossier, buildFlowsModel, buildStatesModel, layoutSvg, renderDot, renderReportHtml, renderReportMarkdown } from '@pmpath/diagram';
import type { DiagramDirection, DiagramView } from '../messages.js';

let graphviz: Promise<Graphviz> | undefined;

/**
 * The SVG of one view of a pathway. The DOT renderer lays diagrams out left
 * to right; for the `TB` direction setting a later `rankdir` statement
 * overrides that (in DOT the last assignment of a graph attribute wins).
 */
export async function renderDiagram(pathway: Pathway, findings: readonly LintDiagnostic[], view: DiagramView, direction: DiagramDirection): Promise<string> {
    const model = view === 'flows' ? buildFlowsModel(pathway, findings) : buildStatesModel(pathway, findings);
    let dot = renderDot(model);
    if (direction === 'TB') dot = withRankdir(dot, 'TB');
    graphviz ??= Graphviz.load();
    const gv = await graphviz;
    return layoutSvg(gv.dot(dot, 'svg'), model);
}

/** Appends a graph-level `rankdir` statement before the closing brace of the root graph. */
export function withRankdir(dot: string, rankdir: DiagramDirection): string {
    const end = dot.lastIndexOf('}');
    return end < 0 ? dot : `${dot.slice(0, end)}  rankdir=${rankdir};\n${dot.slice(end)}`;
}

/** The ethics-review dossier of one document, as the CLI's `pmpath report` writes it. */
export async function renderDossier(document: LangiumDocument, findings: readonly LintDiagnostic[], format: 'html' | 'md'): Promise<string> {
    const dossier = buildDossier([{
        path: document.uri.path.split('/').pop() ?? document.uri.path,
        file: document.parseResult.value as PmpathFile,
        findings,
        suppressed: suppressedLintDiagnostics(document),
    }]);
    return format === 'md' ? renderReportMarkdown(dossier).text : renderReportHtml(dossier);
}
