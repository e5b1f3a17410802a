/**
 * `pmpath check --format sarif`: SARIF 2.1.0 for GitHub code scanning and
 * other SARIF viewers. Every rule of the registry is described in
 * `tool.driver.rules`; artifact URIs are relative to the working directory
 * (`%SRCROOT%`).
 */
import { pathToFileURL } from 'node:url';
import { RULES, ruleDocsUrl, type RuleInfo, type Severity } from '@pmpath/language/rules';
import type { Artifact, Log, ReportingDescriptor, Result } from 'sarif';
import type { CheckReport } from './report-model.js';

/** The project home, shown by SARIF viewers as the tool's information link. */
export const PMPATH_HOME = 'https://github.com/pmpath/pmpath';

const SRCROOT = '%SRCROOT%';

export interface SarifOptions {
    /** The `pmpath` version, `tool.driver.version`. */
    readonly toolVersion: string;
    /** Absolute working directory: the base of every artifact URI. */
    readonly cwd: string;
}

/** The SARIF log for a check report. */
export function buildSarif(report: CheckReport, options: SarifOptions): Log {
    const ruleIndex = new Map(RULES.map((rule, index) => [rule.id, index]));
    const artifacts: Artifact[] = report.files.map(file => ({
        location: { uri: toUriReference(file.path), uriBaseId: SRCROOT },
        sourceLanguage: 'pmpath',
    }));
    const results: Result[] = [];
    report.files.forEach((file, artifactIndex) => {
        for (const d of file.diagnostics) {
            const index = ruleIndex.get(d.rule);
            results.push({
                ruleId: d.rule,
                ...(index === undefined ? {} : { ruleIndex: index }),
                level: sarifLevel(d.severity),
                message: { text: d.message },
                locations: [{
                    physicalLocation: {
                        artifactLocation: { uri: toUriReference(file.path), uriBaseId: SRCROOT, index: artifactIndex },
                        region: {
                            startLine: d.line,
                            startColumn: d.column,
                            endLine: Math.max(d.endLine, d.line),
                            // An empty range (a finding at a point) stays a valid region.
                            endColumn: d.endLine > d.line ? Math.max(d.endColumn, 1) : Math.max(d.endColumn, d.column),
                        },
                    },
                }],
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
                [SRCROOT]: { uri: directoryUri(options.cwd) },
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
    return {
        id: rule.id,
        name: pascalCase(rule.id),
        shortDescription: { text: rule.description },
        fullDescription: { text: rule.documentation },
        help: { text: rule.documentation },
        helpUri: ruleDocsUrl(rule.id),
        defaultConfiguration: { level: sarifLevel(rule.defaultSeverity) },
        properties: { tags: ['pmpath', rule.category] },
    };
}

/** SARIF has no `info`; its closest level is `note`. */
export function sarifLevel(severity: Severity): 'error' | 'warning' | 'note' {
    return severity === 'info' ? 'note' : severity;
}

function pascalCase(id: string): string {
    return id.split('-').map(part => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

/** A relative forward-slash path as a URI reference (each segment percent-encoded). */
function toUriReference(relativePath: string): string {
    return relativePath.split('/').map(segment => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment))).join('/');
}

/** A directory as a `file:` URI ending with `/`, as SARIF requires for a base. */
function directoryUri(directory: string): string {
    const href = pathToFileURL(directory).href;
    return href.endsWith('/') ? href : `${href}/`;
}
