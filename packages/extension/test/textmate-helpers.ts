/**
 * Tokenizes text with one of the shipped TextMate grammars (syntaxes/*.tmLanguage.json)
 * through vscode-textmate and the Oniguruma WebAssembly build: the same engine VS Code
 * uses. Shared by the grammar tests of `.pmpath` and `.pmtest` files.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, type IGrammar } from 'vscode-textmate';

export interface Token { text: string; scopes: string[] }

export interface Tokenizer {
    /** Loads the grammar (call it in `beforeAll`); the other functions need it loaded. */
    load(): Promise<void>;
    /** Tokenizes lines in order (block comments carry over) and returns each line's tokens. */
    tokenize(text: string): Token[][];
    /** The innermost scope of the `occurrence`-th token of `line` whose text, trimmed, is `text`. */
    scopeOf(line: string, text: string, occurrence?: number): string;
}

const require = createRequire(import.meta.url);

/**
 * A tokenizer for the grammar of `scopeName` in `grammarPath`. Oniguruma's `loadWASM` may
 * be called again (by another test file in the same worker): it returns its first load.
 */
export function textMateTokenizer(scopeName: string, grammarPath: string): Tokenizer {
    let grammar: IGrammar | undefined;

    async function load(): Promise<void> {
        const wasm = readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
        await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
        const registry = new Registry({
            onigLib: Promise.resolve({
                createOnigScanner: patterns => new oniguruma.OnigScanner(patterns),
                createOnigString: text => new oniguruma.OnigString(text),
            }),
            loadGrammar: async name => name === scopeName ? JSON.parse(readFileSync(grammarPath, 'utf8')) : null,
        });
        const loaded = await registry.loadGrammar(scopeName);
        if (!loaded) throw new Error(`${scopeName} did not load`);
        grammar = loaded;
    }

    function tokenize(text: string): Token[][] {
        if (!grammar) throw new Error(`${scopeName} is not loaded: call load() in beforeAll`);
        let stack = INITIAL;
        return text.split('\n').map(line => {
            const result = grammar!.tokenizeLine(line, stack);
            stack = result.ruleStack;
            return result.tokens.map(t => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
        });
    }

    function scopeOf(line: string, text: string, occurrence = 0): string {
        const token = tokenize(line)[0].filter(t => t.text.trim() === text.trim())[occurrence];
        if (!token) throw new Error(`no token "${text}" in ${JSON.stringify(tokenize(line)[0].map(t => t.text))}`);
        return token.scopes[token.scopes.length - 1];
    }

    return { load, tokenize, scopeOf };
}
