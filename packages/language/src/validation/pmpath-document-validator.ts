/**
 * Turns Langium's raw diagnostics into pmpath's: every diagnostic gets its rule
 * id as `code` (lexer and parser errors become `syntax`, linking errors
 * `unresolved-reference`), then suppression comments and the configured
 * severities of `.pmpathrc.json` are applied. The CLI and the language server
 * both see the result, so they always agree.
 */
import {
    AstUtils, Cancellation, DefaultDocumentValidator, DocumentValidator, interruptAndCheck,
    type AstNode, type AstReflection, type LangiumDocument, type LangiumDocuments, type ParseResult, type ValidationAcceptor,
    type ValidationCheck, type ValidationOptions
} from 'langium';
import type { IRecognitionException, IToken } from 'chevrotain';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-types';
import type { Transition } from '../generated/ast.js';
import { expectedKeywordAt } from '../parser/pmpath-parser.js';
import type { PmpathConfigProvider } from '../config/pmpath-config.js';
import { isPmpathFile } from '../generated/ast.js';
import { importTargets } from '../scoping/pmpath-scope.js';
import type { PmpathServices } from '../pmpath-module.js';
import { findRule, RuleId, ruleDocsUrl, type ConfiguredSeverity } from '../rules.js';
import { isTruncatingLexingError } from '../parser/pmpath-lexer.js';
import { findSuppressions, setSuppressedDiagnostics, type SuppressedDiagnostic, type SuppressionComment } from './suppression.js';

/**
 * The validation category of the checks that report `syntax` (constraints
 * the grammar cannot express). They run with every `fast` validation; asking
 * for `['built-in', SYNTAX_CHECKS]` alone gives exactly the findings that
 * make a file unusable (`syntax`, `unresolved-reference`), which is all an
 * export needs (see `LintOptions.blockingOnly`).
 */
export const SYNTAX_CHECKS = 'syntax';

const TO_LSP_SEVERITY: Record<Exclude<ConfiguredSeverity, 'off'>, DiagnosticSeverity> = {
    error: DiagnosticSeverity.Error,
    warning: DiagnosticSeverity.Warning,
    info: DiagnosticSeverity.Information,
};

const REFERENCE_KINDS: Record<string, string> = {
    Actor: 'actor', Data: 'data item', Cutoff: 'cutoff', Consent: 'consent', State: 'state', Pathway: 'pathway',
};

export class PmpathDocumentValidator extends DefaultDocumentValidator {
    protected readonly configProvider: PmpathConfigProvider;
    protected readonly reflection: AstReflection;
    protected readonly langiumDocuments: LangiumDocuments;

    constructor(services: PmpathServices) {
        super(services);
        this.configProvider = services.config.ConfigProvider;
        this.reflection = services.shared.AstReflection;
        this.langiumDocuments = services.shared.workspace.LangiumDocuments;
    }

    /**
     * Validates every node with the checks registered for its type. Langium's
     * default asks the registry for a fresh filtered stream per node; looking
     * the checks up once per type and category set saves ~20% of validation.
     */
    protected override async validateAstNodes(rootNode: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        const checksByType = new Map<string, ValidationCheck[]>();
        // The syntax checks belong to every `fast` validation (the editor's updates ask for `fast`).
        const categories = options.categories?.includes('fast') && !options.categories.includes(SYNTAX_CHECKS)
            ? [...options.categories, SYNTAX_CHECKS] : options.categories;
        const nodes = AstUtils.streamAst(rootNode).iterator();
        let visited = 0;
        for (const node of nodes) {
            // Yield to cancellation every few hundred nodes rather than at every node.
            if (++visited % 512 === 0) {
                await interruptAndCheck(cancelToken);
            }
            let checks = checksByType.get(node.$type);
            if (!checks) {
                checks = this.validationRegistry.getChecks(node.$type, categories).toArray();
                checksByType.set(node.$type, checks);
            }
            for (const check of checks) {
                // Checks are synchronous (see PmpathValidationRegistry): await only a promise.
                const result = check(node, acceptor, cancelToken);
                if (result) await result;
            }
        }
    }

    override async validateDocument(document: LangiumDocument, options: ValidationOptions = {}, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<Diagnostic[]> {
        // After a parse error the AST holds what error recovery guessed; findings
        // about it (an "unknown state 'Weeks'", a dead end after `initial final`)
        // would be noise, so a file with parse errors reports only those.
        // Likewise when the lexer stopped early (an unclosed `/*`, too many errors):
        // the AST then lacks the rest of the file.
        const truncated = document.parseResult.lexerErrors.some(isTruncatingLexingError);
        const raw = await super.validateDocument(document, { ...options, stopAfterParsingErrors: true, stopAfterLexingErrors: truncated || options.stopAfterLexingErrors }, cancelToken);
        return this.finish(document, raw.map(d => this.assignRule(d)));
    }

    /**
     * Drops parse errors that only echo an earlier one: after failing at token
     * X, error recovery often restarts at X as the beginning of a transition
     * (`actor a: doctor` → "`doctor` -> …?") and fails again at the next token.
     * An error whose previous token is the token of an earlier error is that
     * echo; reporting it would point the author at a problem that is not there.
     */
    protected override processParsingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const failedAt = new Set<number>();
        const kept = parseResult.parserErrors.filter(error => {
            const previous = (error as { previousToken?: { startOffset: number } }).previousToken;
            // "Expected the end of the file" after an earlier error is recovery
            // having closed the pathway too early.
            const echo = (previous !== undefined && failedAt.has(previous.startOffset))
                || (error.name === 'NotAllInputParsedException' && failedAt.size > 0);
            if (!Number.isNaN(error.token.startOffset)) {
                failedAt.add(error.token.startOffset);
            }
            return !echo;
        });
        super.processParsingErrors({ ...parseResult, parserErrors: kept.map(error => this.placeMissingBy(parseResult, error)) }, diagnostics, options);
    }

    /**
     * A missing `by` is noticed at the next token, which is usually on the
     * next line (`A -> B when High` followed by `flow …`): report it on the
     * transition, `monitor` or `disclose` clause that lacks it instead.
     */
    protected placeMissingBy(parseResult: ParseResult, error: IRecognitionException): IRecognitionException {
        const previous = (error as { previousToken?: IToken }).previousToken;
        if (expectedKeywordAt.get(error.token) !== 'by' || !previous || !Number.isFinite(previous.startOffset) || !Number.isFinite(previous.endOffset)) {
            return error;
        }
        const root = parseResult.value as AstNode;
        let clause: AstNode | undefined;
        for (const node of AstUtils.streamAst(root)) {
            const cst = node.$cstNode;
            if ((node.$type === 'Transition' || node.$type === 'MonitorClause' || node.$type === 'DiscloseClause')
                && cst && cst.offset <= previous.startOffset && previous.endOffset! < cst.end) {
                clause = node;
            }
        }
        const start = clause?.$cstNode?.range.start;
        if (!clause || !start) {
            return error;
        }
        const token = {
            ...previous,
            image: '',
            startOffset: clause.$cstNode!.offset,
            startLine: start.line + 1,
            startColumn: start.character + 1,
        } as IToken;
        return { ...error, name: error.name, message: missingByMessage(clause), token };
    }

    /**
     * Unresolved references, worded for the author. In a test suite whose
     * pathway does not resolve, every other name of the suite is unresolved
     * too (they resolve in the pathway's scope); one clear finding on the
     * pathway's name says more than one per step.
     */
    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], _options: ValidationOptions): void {
        const root = document.parseResult.value;
        const suite = isPmpathFile(root) && root.body?.$type === 'TestSuite' ? root.body : undefined;
        const pathwayUnresolved = suite !== undefined && suite.pathway !== undefined && suite.pathway.ref === undefined;
        for (const reference of document.references) {
            const linkingError = reference.error;
            if (!linkingError) continue;
            const info = linkingError.info;
            const isPathwayName = info.container === suite && info.property === 'pathway';
            if (pathwayUnresolved && !isPathwayName) continue;
            const refText = info.reference.$refText;
            let message: string;
            if (isPathwayName) {
                message = this.unresolvedPathwayMessage(document, refText);
            } else if (suite) {
                const kind = REFERENCE_KINDS[this.reflection.getReferenceType(info)] ?? 'declaration';
                const pathway = suite.pathway?.ref?.name ?? suite.pathway?.$refText ?? '?';
                message = `Unknown ${kind} '${refText}': pathway '${pathway}' has no ${kind} of that name (a suite sees what its pathway declares and imports). Fix the spelling, or declare it in the pathway.`;
            } else {
                message = unresolvedMessage(refText, linkingError.message);
            }
            diagnostics.push(this.toDiagnostic('error', message, {
                node: info.container,
                range: reference.$refNode?.range,
                property: info.property,
                index: info.index,
                data: { code: DocumentValidator.LinkingError, containerType: info.container.$type, property: info.property, refText },
            }));
        }
    }

    /** Why `tests for NAME` does not resolve: which pathways the suite's imports do declare. */
    protected unresolvedPathwayMessage(document: LangiumDocument, name: string): string {
        const imports = importTargets(document);
        if (imports.length === 0) {
            return `Unknown pathway '${name}': this suite imports no file. Import the .pmpath file that declares pathway '${name}' (for example \`import "./${kebab(name)}.pmpath"\`), since a suite tests a pathway of the files it imports.`;
        }
        const declared: string[] = [];
        for (const { uri } of imports) {
            const imported = this.langiumDocuments.getDocument(uri)?.parseResult.value;
            if (isPmpathFile(imported) && imported.body?.$type === 'Pathway' && imported.body.name) declared.push(`'${imported.body.name}'`);
        }
        const found = declared.length === 0
            ? 'declare no pathway'
            : `declare ${declared.length === 1 ? 'pathway' : 'pathways'} ${declared.join(', ')}, not '${name}'`;
        return `Unknown pathway '${name}': the files this suite imports ${found}. Import the .pmpath file that declares pathway '${name}', or fix the name.`;
    }

    /** Gives Langium's built-in diagnostics their pmpath rule ids and messages. */
    protected assignRule(diagnostic: Diagnostic): Diagnostic {
        const dataCode = (diagnostic.data as { code?: string } | undefined)?.code;
        if (dataCode === DocumentValidator.LexingError) {
            return { ...diagnostic, code: RuleId.syntax, message: lexerMessage(messageText(diagnostic.message)) };
        }
        if (dataCode === DocumentValidator.ParsingError) {
            return { ...diagnostic, code: RuleId.syntax };
        }
        if (dataCode === DocumentValidator.LinkingError) {
            // Worded in `processLinkingErrors`.
            return { ...diagnostic, code: RuleId.unresolvedReference };
        }
        return diagnostic;
    }

    /**
     * Applies configured severities and suppressions, reports stale
     * suppressions (`unused-suppression`), and links each rule's
     * documentation. Suppressed findings are not dropped: they are kept on the
     * document with their comment's reason (`suppressedDiagnosticsOf`), so the
     * CLI can list them for an audit.
     */
    protected finish(document: LangiumDocument, diagnostics: Diagnostic[]): Diagnostic[] {
        const config = this.configProvider.getConfig(document.uri);
        const comments = findSuppressions(document.textDocument.getText());
        const hasSyntaxErrors = diagnostics.some(d => d.code === RuleId.syntax);
        const pool: Diagnostic[] = [];
        for (const diagnostic of [...diagnostics, ...comments.flatMap(checkSuppression)]) {
            const configured = this.configure(diagnostic, config.rules);
            if (configured) pool.push(configured);
        }

        // The comments that can silence a finding on each line (their next line).
        const byTarget = new Map<number, SuppressionComment[]>();
        for (const comment of comments) {
            if (comment.reason === undefined) continue;
            const list = byTarget.get(comment.line + 1) ?? [];
            list.push(comment);
            byTarget.set(comment.line + 1, list);
        }
        const silencing = (diagnostic: Diagnostic): SuppressionComment | undefined => {
            const rule = typeof diagnostic.code === 'string' ? findRule(diagnostic.code) : undefined;
            if (!rule?.configurable) return undefined;
            return byTarget.get(diagnostic.range.start.line)?.find(c => c.rules.length === 0 || c.rules.includes(rule.id));
        };

        // A stale suppression hides nothing. Comments are judged from the
        // bottom up, so that a finding about a stale comment can itself make
        // the comment above it (naming `unused-suppression`) used. After a
        // parse error only syntax errors are reported, so nothing is judged.
        if (!hasSyntaxErrors) {
            const byLine = new Map<number, Diagnostic[]>();
            for (const diagnostic of pool) {
                const list = byLine.get(diagnostic.range.start.line) ?? [];
                list.push(diagnostic);
                byLine.set(diagnostic.range.start.line, list);
            }
            for (const comment of [...comments].sort((a, b) => b.line - a.line)) {
                if (comment.reason === undefined || !comment.rules.some(id => findRule(id)?.configurable)) continue;
                const hides = (byLine.get(comment.line + 1) ?? []).some(d => typeof d.code === 'string' && comment.rules.includes(d.code) && findRule(d.code)?.configurable);
                if (hides) continue;
                const stale = this.configure(unusedSuppression(comment), config.rules);
                if (!stale) continue;
                pool.push(stale);
                const list = byLine.get(comment.line) ?? [];
                list.push(stale);
                byLine.set(comment.line, list);
            }
        }

        const result: Diagnostic[] = [];
        const suppressed: SuppressedDiagnostic[] = [];
        for (const diagnostic of pool) {
            const comment = silencing(diagnostic);
            if (comment) {
                suppressed.push({ diagnostic, reason: comment.reason!, comment: comment.range });
            } else {
                result.push(diagnostic);
            }
        }
        setSuppressedDiagnostics(document, suppressed);
        return result;
    }

    /**
     * A diagnostic with its configured severity and documentation link, or
     * undefined when its rule is turned off. Diagnostics without a pmpath rule
     * pass unchanged.
     */
    protected configure(diagnostic: Diagnostic, rules: ReadonlyMap<string, ConfiguredSeverity>): Diagnostic | undefined {
        const id = typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
        const rule = id ? findRule(id) : undefined;
        if (!rule) {
            return diagnostic;
        }
        const configured = rule.configurable ? rules.get(rule.id) : undefined;
        if (configured === 'off') {
            return undefined;
        }
        return {
            ...diagnostic,
            severity: TO_LSP_SEVERITY[configured ?? rule.defaultSeverity],
            codeDescription: { href: ruleDocsUrl(rule.id) },
            source: 'pmpath',
        };
    }
}

function unusedSuppression(comment: SuppressionComment): Diagnostic {
    const named = comment.rules.filter(id => findRule(id)?.configurable);
    const list = named.map(id => `\`${id}\``).join(', ');
    return {
        range: comment.range,
        severity: DiagnosticSeverity.Warning,
        code: RuleId.unusedSuppression,
        // Editors fade unnecessary code: the comment does nothing.
        tags: [DiagnosticTag.Unnecessary],
        message: `This suppression of ${list} hides nothing: no ${named.length === 1 ? 'such finding is' : 'finding of these rules is'} reported on the next line. Remove the comment, or move it to the line above the finding it is meant for.`,
    };
}

function checkSuppression(comment: SuppressionComment): Diagnostic[] {
    const found: Diagnostic[] = [];
    if (comment.reason === undefined) {
        found.push({
            range: comment.range,
            severity: DiagnosticSeverity.Warning,
            code: RuleId.suppressionWithoutReason,
            message: `This suppression has no reason, so it suppresses nothing: add \`-- reason\` after the rule ids (for example \`// pmpath-disable-next-line ${comment.rules[0] ?? 'RULE'} -- agreed with the ethics board\`).`,
        });
    }
    comment.rules.forEach((id, index) => {
        const rule = findRule(id);
        if (!rule || !rule.configurable) {
            found.push({
                range: comment.ruleRanges[index],
                severity: DiagnosticSeverity.Warning,
                code: RuleId.suppressionUnknownRule,
                message: rule
                    ? `Rule '${id}' cannot be suppressed; fix the ${id === RuleId.syntax ? 'syntax error' : 'reference'} instead.`
                    : `Unknown rule '${id}' in suppression comment; \`pmpath rules\` lists the rule ids.`,
            });
        }
    });
    return found;
}

function missingByMessage(clause: AstNode): string {
    if (clause.$type === 'Transition') {
        const transition = clause as Transition;
        const name = `${transition.source?.$refText ?? '?'} -> ${transition.target?.$refText ?? '?'}`;
        return `The transition \`${name}\` has no \`by\`: add \`by ACTOR\` naming the gatekeepers who authorize the move.`;
    }
    return clause.$type === 'MonitorClause'
        ? 'This `monitor` plan has no `by`: add `by ACTOR` naming who is responsible for the monitoring (a clinician).'
        : 'This `disclose` clause has no `by`: add `by ACTOR` naming who tells the results (a clinician, genomics-trained for genomic data).';
}

function lexerMessage(message: string): string {
    const match = /unexpected character: ->(.)<-/.exec(message);
    if (match) {
        const ch = match[1];
        const code = ch.codePointAt(0) ?? 0;
        const shown = code < 32 || code === 0xfffd ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `'${ch}'`;
        return `Unexpected character ${shown}: pmpath files are UTF-8 text with names, keywords, numbers, strings in double quotes and punctuation (: , { } ( ) [ ] -> >= <= < > =).`;
    }
    return message;
}

/** `CysticFibrosisNewbornScreening` → `cystic-fibrosis-newborn-screening`, for an example file name. */
function kebab(name: string): string {
    return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();
}

function unresolvedMessage(refText: string, original: string): string {
    const typeMatch = /reference to (\w+) named/.exec(original);
    const kind = typeMatch ? REFERENCE_KINDS[typeMatch[1]] ?? typeMatch[1] : 'declaration';
    return `Unknown ${kind} '${refText}': declare it, fix the spelling, or import the library that declares it.`;
}

/** LSP 3.18 lets a diagnostic's message be markup; pmpath's are always plain text. */
export function messageText(message: string | { value: string }): string {
    return typeof message === 'string' ? message : message.value;
}
