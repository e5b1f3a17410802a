/**
 * Parser customisations: error messages in the words of the language, the
 * STRING escape rules of SPEC §2, and a guard against pathologically deep
 * nesting (a stack overflow must become a `syntax` diagnostic, never a crash).
 */
import type { IParserErrorMessageProvider, IRecognitionException, IToken, TokenType } from 'chevrotain';
import {
    createLangiumParser, DefaultValueConverter, GrammarAST,
    type CstNode, type LangiumCoreServices, type LangiumParser, type ParseResult, type ValueType
} from 'langium';
import { MAX_GUARD_NESTING } from './pmpath-lexer.js';

/** What each grammar rule stands for, in the words of SPEC §2. */
const RULE_PHRASES: Readonly<Record<string, string>> = {
    PmpathFile: '`import`, `pathway`, `library` or `tests for`',
    Element: 'a state, actor, data, cutoff, consent, flow or transition',
    Pathway: 'a state, actor, data, cutoff, consent, flow or transition',
    Library: 'an actor, data, cutoff or consent',
    Name: 'a name',
    Role: 'an actor role (clinician, patient, family, laboratory, researcher, platform, payer, administrator, regulator or advocacy)',
    Trait: 'an actor trait (genomics-trained or monetizes)',
    Category: 'a data category (genomic, biomarker, clinical, imaging, family-history, environmental, lifestyle, self-tracked, passive, genomic-score or pharmacogenomic)',
    CodeSystem: 'a code system (loinc or snomed)',
    Comparison: 'a comparison (>=, >, <=, <, = NUMBER; in [a, b]; or is CLASS)',
    ComparisonOperator: 'a comparison operator (>=, >, <=, < or =)',
    VariantClass: 'a variant class (pathogenic, likely-pathogenic, uncertain, likely-benign or benign)',
    MetabolizerPhenotype: 'a metabolizer phenotype (poor-metabolizer, intermediate-metabolizer, normal-metabolizer, rapid-metabolizer or ultrarapid-metabolizer)',
    ClassName: 'a variant class (pathogenic, likely-pathogenic, uncertain, likely-benign, benign) or a metabolizer phenotype (poor-metabolizer … ultrarapid-metabolizer)',
    TestSuite: 'a `start` date or a `scenario`',
    Scenario: 'a step (observe, wait or expect)',
    Step: 'a step (observe, wait or expect)',
    Expect: '`expect state STATE` or `expect path STATE -> …`',
    Observe: '`= NUMBER "unit"` or `is CLASS`',
    ConsentClause: 'a consent clause (permits, duo, covers, withdrawable, recontact or expires after)',
    Purpose: 'a purpose (care, research, quality, billing, commercial or public-health)',
    DuoCode: 'a DUO term (for example GRU, HMB, DS "disease", NPU)',
    DuoTerm: 'a DUO term (for example GRU, HMB, DS "disease", NPU)',
    StateModifier: '`initial` or `final`',
    StateKind: 'a state kind (healthy, sick or hybrid)',
    HybridKind: 'a hybrid kind (patient-in-waiting, carrier, subclinical or at-risk)',
    StateClause: 'a `monitor` or `disclose` clause',
    Duration: 'a duration (a positive whole number and day, week, month or year)',
    DurationUnit: 'a duration unit (day, week, month or year)',
    Guard: 'a guard (a cutoff name, `not`, or a parenthesised guard)',
    OrGuard: 'a guard (a cutoff name, `not`, or a parenthesised guard)',
    AndGuard: 'a guard (a cutoff name, `not`, or a parenthesised guard)',
    NotGuard: 'a guard (a cutoff name, `not`, or a parenthesised guard)',
    PrimaryGuard: 'a guard (a cutoff name, `not`, or a parenthesised guard)',
    MetadataKey: 'a metadata line (title, version, owner or description)',
};

const TERMINAL_PHRASES: Readonly<Record<string, string>> = {
    ID: 'a name',
    STRING: 'a string in double quotes',
    NUMBER: 'a number',
    EOF: 'the end of the file',
};

/** Chevrotain's rule names may carry invisible suffixes; keep the grammar rule's name. */
function cleanRuleName(name: string | undefined): string {
    return (name ?? '').replace(/[^A-Za-z0-9_]/g, '');
}

function describeToken(token: TokenType): string {
    return TERMINAL_PHRASES[token.name] ?? `\`${token.name}\``;
}

function describeActual(token: IToken | undefined): string {
    if (!token || token.tokenType?.name === 'EOF' || token.image === '') {
        return 'end of file';
    }
    return `\`${token.image.length > 40 ? token.image.slice(0, 40) + '…' : token.image}\``;
}

/** A readable list of alternatives: `a`, `b` or `c`. */
function orList(items: string[]): string {
    const unique = [...new Set(items)];
    if (unique.length <= 1) {
        return unique[0] ?? 'something else';
    }
    return `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}

function firstTokens(paths: TokenType[][][]): string[] {
    const words: string[] = [];
    for (const alt of paths) {
        for (const path of alt) {
            if (path.length > 0) {
                words.push(describeToken(path[0]));
            }
        }
    }
    return words;
}

/**
 * Names people reach for that are keywords, with a suggestion that is not:
 * an actor called `patient` is better named `proband` than `Patient2`.
 */
const NAME_ALTERNATIVES: Readonly<Record<string, string>> = {
    patient: 'proband', family: 'relatives', clinician: 'physician', laboratory: 'lab',
    researcher: 'investigator', platform: 'app', payer: 'insurer', administrator: 'admin',
    regulator: 'authority', advocacy: 'advocates', carrier: 'heterozygote', state: 'status',
    data: 'record', consent: 'agreement', genomic: 'genome', imaging: 'scan', passive: 'sensor',
    clinical: 'findings', lifestyle: 'habits', healthy: 'well', sick: 'ill', code: 'coding',
    path: 'route', start: 'begin', scenario: 'case', tests: 'checks', wait: 'delay',
};

/** Whether a token is a keyword of the language (its token type is named after its text). */
function isKeywordToken(token: IToken | undefined): token is IToken {
    return token !== undefined && /^[A-Za-z][A-Za-z-]*$/.test(token.image) && token.tokenType?.name === token.image;
}

/**
 * "`patient` is a keyword and cannot be a name; try `Patient` or `proband`."
 * Keywords are reserved (SPEC §2): the capitalised word always works, since
 * keywords are lowercase (the uppercase DUO terms stay usable as names).
 */
export function keywordAsNameMessage(keyword: string): string {
    const capitalised = keyword.split('-').map(part => part.charAt(0).toUpperCase() + part.slice(1)).join('');
    const tries = [capitalised, NAME_ALTERNATIVES[keyword]].filter((t): t is string => t !== undefined);
    return `\`${keyword}\` is a keyword and cannot be a name; try ${tries.map(t => `\`${t}\``).join(' or ')}.`;
}

/**
 * The keyword a mismatch expected, keyed by the token found instead. The
 * document validator reads it to report a missing `by` on the clause that
 * lacks it rather than on whatever follows (often the next line).
 */
export const expectedKeywordAt = new WeakMap<IToken, string>();

export class PmpathParserErrorMessageProvider implements IParserErrorMessageProvider {
    buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
        const { expected, actual } = options;
        const ruleName = cleanRuleName(options.ruleName);
        if (actual && /^[a-z][a-z-]*$/.test(expected.name)) {
            expectedKeywordAt.set(actual, expected.name);
        }
        if (expected.name === 'ID' && isKeywordToken(actual)) {
            return keywordAsNameMessage(actual.image);
        }
        if (expected.name === '}' && (ruleName === 'Pathway' || ruleName === 'Library')) {
            return `Unexpected ${describeActual(actual)}: expected ${RULE_PHRASES[ruleName]} (or \`}\` to close the ${ruleName.toLowerCase()}).`;
        }
        const phrase = describeToken(expected);
        return `Unexpected ${describeActual(actual)}: expected ${phrase}.`;
    }

    buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
        return `Unexpected ${describeActual(options.firstRedundant)}: expected the end of the file, since a file holds exactly one \`pathway\` or \`library\`.`;
    }

    buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
        const ruleName = cleanRuleName(options.ruleName);
        if (ruleName === 'Name' && isKeywordToken(options.actual[0])) {
            return keywordAsNameMessage(options.actual[0].image);
        }
        const phrase = RULE_PHRASES[cleanRuleName(options.ruleName)] ?? orList(firstTokens(options.expectedPathsPerAlt));
        return `Unexpected ${describeActual(options.actual[0])}: expected ${phrase}.`;
    }

    buildEarlyExitMessage(options: { expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
        const phrase = RULE_PHRASES[cleanRuleName(options.ruleName)] ?? orList(firstTokens([options.expectedIterationPaths]));
        return `Unexpected ${describeActual(options.actual[0])}: expected at least one ${phrase.replace(/^(a|an) /, '')}.`;
    }
}

/**
 * STRING: `\"` and `\\` are escapes; a backslash before any other character is
 * kept as written (`"C:\path"`), SPEC §2.
 */
export class PmpathValueConverter extends DefaultValueConverter {
    protected override runConverter(rule: GrammarAST.AbstractRule, input: string, cstNode: CstNode): ValueType {
        if (rule.name === 'STRING') {
            return unescapeString(input);
        }
        if (rule.name === 'NUMBER') {
            return Number(input);
        }
        return super.runConverter(rule, input, cstNode);
    }
}

export function unescapeString(input: string): string {
    return input.slice(1, -1).replace(/\\(["\\])/g, '$1');
}


/**
 * Wraps the generated parser as a safety net behind `PmpathLexer`'s guard
 * limits, which keep every realistic and pathological guard within the
 * parser's stack. Should the parser still overflow it, the file is reported
 * as one `syntax` error instead of crashing the CLI or the language server.
 */
export function createPmpathParser(services: LangiumCoreServices): LangiumParser {
    const parser = createLangiumParser(services);
    const parse = parser.parse.bind(parser);
    parser.parse = (<T>(input: string, options?: Parameters<LangiumParser['parse']>[1]): ParseResult<T> => {
        try {
            return parse(input, options) as ParseResult<T>;
        } catch (error) {
            if (!(error instanceof RangeError)) {
                throw error;
            }
            resetParserState(parser);
            // Keep line breaks so positions stay valid; parse nothing else.
            const result = parse(input.replace(/[^\r\n]/g, ' '), options) as ParseResult<T>;
            result.parserErrors.unshift(tooDeepError());
            return result;
        }
    }) as LangiumParser['parse'];
    return parser;
}

function resetParserState(parser: LangiumParser): void {
    const internal = parser as unknown as { stack?: unknown[]; assignmentMap?: Map<unknown, unknown> };
    if (Array.isArray(internal.stack)) {
        internal.stack.length = 0;
    }
    internal.assignmentMap?.clear();
}

function tooDeepError(): IRecognitionException {
    const start = { image: '', startOffset: 0, endOffset: 0, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1, tokenTypeIdx: 0, tokenType: { name: 'EOF' } } as unknown as IToken;
    return {
        name: 'NestingTooDeepException',
        message: `This file is nested too deeply to parse (more than ${MAX_GUARD_NESTING} levels of parentheses or \`not\` in a guard); split deep guards into several cutoffs or transitions.`,
        token: start,
        resyncedTokens: [],
        context: { ruleStack: [], ruleOccurrenceStack: [] },
    };
}
