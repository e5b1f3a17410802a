/**
 * Completion finds the tokens around the cursor by lexing only the elements
 * near it: at every offset of the examples, the answer equals Langium's
 * lexing of the whole text.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DefaultCompletionProvider } from 'langium/lsp';
import { describe, expect, it } from 'vitest';
import { createLspWorkspace } from './lsp-helpers.js';

const examplesDir = path.resolve(import.meta.dirname, '../../../examples');
const ws = createLspWorkspace();

describe('completion token lookup', () => {
    it('gives the same previous and next tokens as lexing the whole text, at every offset of the examples', async () => {
        for (const name of ['cf-newborn-screening.pmpath', 'brca-carriers.pmpath', 'flawed/suppressions.pmpath']) {
            const text = fs.readFileSync(path.join(examplesDir, name), 'utf8');
            const document = await ws.one(text);
            const provider = ws.services.lsp.CompletionProvider as unknown as {
                completing: unknown;
                backtrackToAnyToken(text: string, offset: number): unknown;
            };
            provider.completing = document;
            try {
                for (let offset = 0; offset <= text.length; offset++) {
                    const whole = (DefaultCompletionProvider.prototype as unknown as { backtrackToAnyToken(t: string, o: number): unknown })
                        .backtrackToAnyToken.call(provider, text, offset);
                    expect(provider.backtrackToAnyToken(text, offset), `${name} at offset ${offset}`).toEqual(whole);
                }
            } finally {
                provider.completing = undefined;
            }
        }
    });
});
