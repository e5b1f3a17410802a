/**
 * Renders diagrams and dossiers in the server with `@pmpath/diagram`, the
 * same pure renderers the CLI uses, so the preview and `pmpath diagram`
 * agree. Graphviz runs in a worker thread (`LayoutService`); this thread only
 * builds the model and the DOT text and post-processes the SVG, which takes
 * milliseconds even for large pathways.
 */
import * as path from 'node:path';
import type { LangiumDocument } from 'langium';
import { suppressedLintDiagnostics, type LintDiagnostic, type Pathway, type PmpathFile } from '@pmpath/language';
import {
    buildDossier, buildDot, buildFlowsModel, buildStatesModel, layoutSvg, renderReportHtml, renderReportMarkdown, withRunOverlay,
    type DiagramModel, type RunOverlay,
} from '@pmpath/diagram';
import type { DiagramDirection, DiagramView } from '../messages.js';
import { LayoutService, type CancellationLike } from './layout-service.js';

/**
 * Above this many edges (transitions or flows, parallel ones merged) the
 * preview first shows a draft layout (straight lines, labels placed after
 * layout, bounded iterations) and then the full one.
 */
export const DRAFT_ABOVE_EDGES = 60;

let service: LayoutService | undefined;

/** The server's layout service; the worker script is bundled next to the server (dist/layout-worker.cjs). */
export function layoutService(): LayoutService {
    service ??= new LayoutService(path.join(__dirname, 'layout-worker.cjs'));
    return service;
}

export interface RenderedDiagram {
    readonly svg: string;
    /** A quick draft layout: the full layout follows (see `onFullLayout`). */
    readonly draft: boolean;
    /** The layout came from the cache. */
    readonly cached: boolean;
}

function edgeCount(model: DiagramModel): number {
    const pairs = model.view === 'states' ? model.transitions.map(t => `${t.source}\u0000${t.target}`) : model.flows.map(f => `${f.from}\u0000${f.to}`);
    return new Set(pairs).size;
}

/**
 * The SVG of one view of a pathway. `key` names the diagram (document and
 * view): a newer request with the same key supersedes this one. For a big
 * pathway without a cached full layout this returns a draft at once and
 * calls `onFullLayout` when the full layout is in the cache. `overlay` draws
 * a test run over the states view (a scenario's path, a run's coverage).
 */
export async function renderDiagram(
    pathway: Pathway, findings: readonly LintDiagnostic[], view: DiagramView, direction: DiagramDirection,
    key: string, token?: CancellationLike, onFullLayout?: () => void, overlay?: RunOverlay,
): Promise<RenderedDiagram> {
    const layouts = layoutService();
    const model = view === 'flows' ? buildFlowsModel(pathway, findings) : withRunOverlay(buildStatesModel(pathway, findings), overlay);
    const options = { rankdir: direction };
    const full = buildDot(model, options);
    const cached = layouts.cached(full.dot);
    if (cached !== undefined) return { svg: layoutSvg(cached, model, options, full.elements), draft: false, cached: true };
    if (edgeCount(model) > DRAFT_ABOVE_EDGES && onFullLayout) {
        const draftOptions = { ...options, draft: true };
        const draft = buildDot(model, draftOptions);
        // Both queued now, the draft first; the full layout goes on after this request is answered.
        const draftLayout = layouts.layout(draft.dot, `${key}|draft`, token);
        layouts.layout(full.dot, `${key}|full`).then(onFullLayout, () => undefined);
        return { svg: layoutSvg(await draftLayout, model, draftOptions, draft.elements), draft: true, cached: false };
    }
    const svg = await layouts.layout(full.dot, `${key}|full`, token);
    return { svg: layoutSvg(svg, model, options, full.elements), draft: false, cached: false };
}

/** The ethics-review dossier of one document, as the CLI's `pmpath report` writes it; its layouts run in the worker too. */
export async function renderDossier(document: LangiumDocument, findings: readonly LintDiagnostic[], format: 'html' | 'md'): Promise<string> {
    const dossier = buildDossier([{
        path: document.uri.path.split('/').pop() ?? document.uri.path,
        file: document.parseResult.value as PmpathFile,
        findings,
        suppressed: suppressedLintDiagnostics(document),
    }]);
    if (format === 'md') return renderReportMarkdown(dossier).text;
    // A key per request: the dossier's layouts run one after another and must not supersede each other.
    const key = `report|${document.uri.toString()}|${++reports}`;
    return renderReportHtml(dossier, { layout: dot => layoutService().layout(dot, key) });
}

let reports = 0;
