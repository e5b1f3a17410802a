/**
 * Runs the geometric legibility check (`legibility-check.js`) on SVG
 * documents in a Chromium page, so the boxes are those of the text Chromium
 * actually draws with the installed fonts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

const CHECK_SCRIPT = fs.readFileSync(path.join(import.meta.dirname, 'legibility-check.js'), 'utf8');

export interface LegibilityOptions {
    /** Overlap (in points, in both directions) below which two boxes only touch. Default 1. */
    readonly tolerance?: number;
    /** Largest distance from an edge label to its own line, in points. Default 12. */
    readonly maxEdgeDistance?: number;
    /** How much nearer another line may pass a label than its own before the label is ambiguous. Default 4. */
    readonly ambiguityMargin?: number;
}

export interface LegibilityViolation {
    readonly rule: string;
    readonly a: string;
    readonly b: string;
    readonly detail?: string;
}

export interface LegibilityResult {
    readonly violations: readonly LegibilityViolation[];
    readonly stats: { nodes: number; edges: number; edgeLabels: number; labels: number; farthestEdgeLabel: number };
}

/** Loads `svg` into `page` and checks it. */
export async function checkLegibility(page: Page, svg: string, options: LegibilityOptions = {}): Promise<LegibilityResult> {
    await page.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">${svg}</body></html>`);
    await page.addScriptTag({ content: CHECK_SCRIPT });
    return page.evaluate(o => (window as unknown as { pmpathLegibility(svg: Element | null, o: object): LegibilityResult })
        .pmpathLegibility(document.querySelector('svg'), o), options);
}

/** One line per violation, for assertion messages. */
export function describeViolations(result: LegibilityResult): string {
    return result.violations.map(v => `${v.rule}: ${v.a} / ${v.b}${v.detail ? ` (${v.detail})` : ''}`).join('\n');
}
