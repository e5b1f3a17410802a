/**
 * Keyword tokens of the uppercase DUO terms also count as ID tokens
 * (Chevrotain token categories), so that a name — an identifier or one of
 * those terms, SPEC §2 — is a single ID token for the parser.
 */
import type { TokenType, TokenVocabulary } from 'chevrotain';
import { DefaultTokenBuilder, type Grammar, type TokenBuilderOptions } from 'langium';

/** DUO terms written in capitals only: usable as names. The obsolete `GRU-CC` is not a name. */
const NAME_KEYWORD = /^[A-Z]+$/;

export class PmpathTokenBuilder extends DefaultTokenBuilder {
    override buildTokens(grammar: Grammar, options?: TokenBuilderOptions): TokenVocabulary {
        const tokens = super.buildTokens(grammar, options) as TokenType[];
        const id = tokens.find(token => token.name === 'ID');
        if (id) {
            for (const token of tokens) {
                // Keyword tokens match their own text; terminals (ID, NUMBER, STRING) a regex.
                if (token.PATTERN === token.name && NAME_KEYWORD.test(token.name)) {
                    token.CATEGORIES = [...(token.CATEGORIES ?? []), id];
                }
            }
        }
        return tokens;
    }
}
