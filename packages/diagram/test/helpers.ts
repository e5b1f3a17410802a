/**
 * Test helpers for the diagram package: parse pathway text in an in-memory
 * workspace and get the AST with its plain 1-based diagnostics, or lint the
 * example files from disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintFiles, toLintDiagnostic, type LintDiagnostic, type Pathway, type PmpathFile } from '@pmpath/language';
import { createTestWorkspace } from '../../language/test/test-services.js';
import type { DossierInput } from '../src/dossier-model.js';

const workspace = createTestWorkspace();

export interface Parsed {
    readonly file: PmpathFile;
    readonly pathway: Pathway;
    readonly diagnostics: LintDiagnostic[];
}

/** Parses and validates one pathway text (plus optional extra files it imports). */
export async function parsePathway(text: string, extra: Record<string, string> = {}): Promise<Parsed> {
    const documents = await workspace.build({ 'main.pmpath': text, ...extra });
    const document = documents['main.pmpath'];
    const diagnostics = (document.diagnostics ?? []).map(toLintDiagnostic).sort((a, b) => a.line - b.line || a.column - b.column);
    const file = document.parseResult.value as PmpathFile;
    if (file.body?.$type !== 'Pathway') {
        throw new Error(`test input is not a pathway: ${diagnostics.map(d => d.message).join('; ')}`);
    }
    return { file, pathway: file.body, diagnostics };
}

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const examplesDir = path.join(repoRoot, 'examples');

/** Every example pathway file (not libraries under shared/), sorted. */
export function examplePaths(): string[] {
    if (!fs.existsSync(examplesDir)) return [];
    return fs.readdirSync(examplesDir).filter(f => f.endsWith('.pmpath')).sort().map(f => path.join(examplesDir, f));
}

/** Lints files from disk and returns dossier inputs (paths relative to the repository root). */
export async function lintInputs(paths: readonly string[]): Promise<DossierInput[]> {
    const run = await lintFiles(paths);
    return run.files.map(f => ({
        path: path.relative(repoRoot, f.filePath),
        file: f.document?.parseResult.value as PmpathFile | undefined,
        findings: f.diagnostics,
    }));
}
