/**
 * `pmpath check --format sarif`: SARIF 2.1.0 for GitHub code scanning and
 * other SARIF viewers, validated in the tests against the OASIS schema and by
 * the SARIF Multitool's SARIF and GitHub rules.
 *
 * - Every rule of the registry is described in `tool.driver.rules`, with a
 *   `name` distinct from its id and help as text and Markdown.
 * - Artifact URIs are relative to `%SRCROOT%`, the repository root (or
 *   `--base DIR`); the log holds no absolute path, so it can be shared and
 *   code scanning places the results in the repository.
 * - Each result carries `partialFingerprints` computed from its rule, file and
 *   offending text (not its line), so an alert survives edits that move it.
 * - Suppressed findings are results too, with `suppressions` of kind
 *   `inSource` whose justification is the comment's reason.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { RULES, ruleDocsUrl, type LintDiagnostic, type RuleInfo, type Severity, type SuppressedLintDiagnostic } from '@pmpath/language';
import type { Artifact, Log, ReportingDescriptor, Result } from 'sarif';
import type { CheckReport } from './report-model.js';

/** The project home, shown by SARIF viewers as the tool's information link. */
export const PMPATH_HOME = 'https://github.com/pmpath/pmpath';

/** The URI base id of every artifact location. */
export const SRCROOT = '%SRCROOT%';

/** The key of pmpath's fingerprint in `partialFingerprints` (versioned, as SARIF recommends). */
export const FINGERPRINT_KEY = 'pmpathFindingHash/v1';

export interface SarifOptions {
    /** The `pmpath` version, `tool.driver.version`. */
    readonly toolVersion: string;
    /** Absolute working directory: the report's paths are relative to it. */
    readonly cwd: string;
    /** Absolute folder that artifact URIs are relative to (`%SRCROOT%`); default `cwd`. */
    readonly base?: string;
}

/** The SARIF log for a check report. */
export function buildSarif(report: CheckReport, options: SarifOptions): Log {
    const base = options.base ?? options.cwd;
    const ruleIndex = new Map(RULES.map((rule, index) => [rule.id, index]));
    const uris = report.files.map(file => toUriReference(path.relative(base, path.resolve(options.cwd, file.path)).split(path.sep).join('/')));
    const artifacts: Artifact[] = uris.map(uri => ({
        location: { uri, uriBaseId: SRCROOT },
        sourceLanguage: 'pmpath',
    }));
    const results: Result[] = [];
    report.files.forEach((file, artifactIndex) => {
        const fingerprints = new FingerprintCounter(uris[artifactIndex], file.text);
        const findings: Array<LintDiagnostic | SuppressedLintDiagnostic> = [...file.diagnostics, ...file.suppressed];
        // Fingerprints count repeated findings in file order, suppressed or not.
        findings.sort((a, b) => a.line - b.line || a.column - b.column);
        const byFinding = new Map(findings.map(d => [d, fingerprints.next(d)]));
        const entries: Array<{ d: LintDiagnostic; reason?: string }> = [
            ...file.diagnostics.map(d => ({ d })),
            ...file.suppressed.map(d => ({ d, reason: d.reason })),
        ];
        for (const { d, reason } of entries) {
            const index = ruleIndex.get(d.rule);
            results.push({
                ruleId: d.rule,
                ...(index === undefined ? {} : { ruleIndex: index }),
                level: sarifLevel(d.severity),
                message: { text: d.message },
                locations: [{
                    physicalLocation: {
                        artifactLocation: { uri: uris[artifactIndex], uriBaseId: SRCROOT, index: artifactIndex },
                        region: {
                            startLine: d.line,
                            startColumn: d.column,
                            endLine: Math.max(d.endLine, d.line),
                            // An empty range (a finding at a point) stays a valid region.
                            endColumn: d.endLine > d.line ? Math.max(d.endColumn, 1) : Math.max(d.endColumn, d.column),
                        },
                    },
                }],
                partialFingerprints: { [FINGERPRINT_KEY]: byFinding.get(d)! },
                ...(reason === undefined ? {} : { suppressions: [{ kind: 'inSource' as const, status: 'accepted' as const, justification: reason }] }),
            });
        }
    });
    return {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [{
            tool: {
                driver: {
                    name: 'pmpath',
                    version: options.toolVersion,
                    semanticVersion: options.toolVersion,
                    informationUri: PMPATH_HOME,
                    rules: RULES.map(sarifRule),
                },
            },
            originalUriBaseIds: {
                // No `uri`: the log never records where it was made. Viewers and
                // code scanning resolve %SRCROOT% to the checkout's root.
                [SRCROOT]: { description: { text: 'The root of the repository that holds the checked files (or the folder given with --base).' } },
            },
            artifacts,
            results,
            columnKind: 'utf16CodeUnits',
        }],
    };
}

/** The SARIF log as text, ending with a newline. */
export function formatSarif(report: CheckReport, options: SarifOptions): string {
    return `${JSON.stringify(buildSarif(report, options), null, 2)}\n`;
}

function sarifRule(rule: RuleInfo): ReportingDescriptor {
    const url = ruleDocsUrl(rule.id);
    return {
        id: rule.id,
        name: sarifRuleName(rule.id),
        shortDescription: { text: plainText(rule.description), markdown: rule.description },
        fullDescription: { text: plainText(rule.documentation), markdown: rule.documentation },
        help: {
            text: `${plainText(rule.documentation)} Documentation: ${url}`,
            markdown: `${rule.documentation}\n\n[Documentation of \`${rule.id}\`](${url})`,
        },
        helpUri: url,
        defaultConfiguration: { level: sarifLevel(rule.defaultSeverity) },
        properties: { tags: ['pmpath', rule.category] },
    };
}

/**
 * The rule's `name`: its id in PascalCase (`HybridStatusRequiresMonitoring`).
 * SARIF wants `name` to differ from `id`, also in case only; the one-word
 * `syntax` would not, so it gets a descriptive name.
 */
export function sarifRuleName(id: string): string {
    const pascal = id.split('-').map(part => part.charAt(0).toUpperCase() + part.slice(1)).join('');
    return pascal.toLowerCase() === id.toLowerCase() ? `Invalid${pascal}` : pascal;
}

/** SARIF has no `info`; its closest level is `note`. */
export function sarifLevel(severity: Severity): 'error' | 'warning' | 'note' {
    return severity === 'info' ? 'note' : severity;
}

/** Rule documentation is Markdown with inline code only; the text form drops the backticks. */
function plainText(markdown: string): string {
    return markdown.replace(/`([^`]*)`/g, '$1');
}

/** A relative forward-slash path as a URI reference (each segment percent-encoded). */
function toUriReference(relativePath: string): string {
    return relativePath.split('/').map(segment => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment))).join('/');
}

/**
 * Partial fingerprints that stay the same when a finding moves to another
 * line: a hash of the rule id, the file and the offending text with its
 * whitespace normalised, plus the occurrence number among findings with the
 * same hash in the file (two identical offending lines stay two alerts).
 */
export class FingerprintCounter {
    private readonly seen = new Map<string, number>();
    private readonly lines: readonly string[];

    constructor(private readonly file: string, text: string | undefined) {
        this.lines = text === undefined ? [] : text.split(/\r\n|\r|\n/);
    }

    next(d: LintDiagnostic): string {
        const hash = createHash('sha256').update(`${d.rule}\0${this.file}\0${this.offendingText(d)}`).digest('hex').slice(0, 32);
        const occurrence = (this.seen.get(hash) ?? 0) + 1;
        this.seen.set(hash, occurrence);
        return `${hash}:${occurrence}`;
    }

    /** The text of the finding's range (its whole first line for an empty range), whitespace collapsed. */
    offendingText(d: Pick<LintDiagnostic, 'line' | 'column' | 'endLine' | 'endColumn'>): string {
        const first = this.lines[d.line - 1];
        if (first === undefined) return '';
        let text: string;
        if (d.endLine <= d.line) {
            text = first.slice(d.column - 1, Math.max(d.column - 1, d.endColumn - 1));
        } else {
            text = [first.slice(d.column - 1), ...this.lines.slice(d.line, d.endLine - 1), (this.lines[d.endLine - 1] ?? '').slice(0, d.endColumn - 1)].join('\n');
        }
        const normalised = text.replace(/\s+/g, ' ').trim();
        return normalised || first.replace(/\s+/g, ' ').trim();
    }
}
