/**
 * The rule list of `pmpath rules` as text, JSON or Markdown, generated from the
 * rule registry. The Markdown table is the README's rule table.
 */
import { RULES, ruleDocsUrl, type RuleInfo } from '@pmpath/language/rules';
import type { RulesFormat } from '../commands/rules.js';

/** The order of the rule groups, following SPEC §4. */
const CATEGORY_ORDER: readonly RuleInfo['category'][] = ['language', 'states', 'monitoring', 'gatekeeping', 'cutoffs', 'consent', 'tests', 'hygiene'];

/** The rules in presentation order: by category, then as listed in the registry. */
export function orderedRules(rules: readonly RuleInfo[] = RULES): RuleInfo[] {
    // `Array.prototype.sort` is stable, so registry order survives within a category.
    return [...rules].sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category));
}

/** The rule list in one of the formats, ending with a newline. */
export function formatRules(format: RulesFormat, rules: readonly RuleInfo[] = RULES): string {
    const ordered = orderedRules(rules);
    switch (format) {
        case 'json':
            return `${JSON.stringify({
                version: 1,
                rules: ordered.map(rule => ({
                    id: rule.id,
                    defaultSeverity: rule.defaultSeverity,
                    description: rule.description,
                    configurable: rule.configurable,
                    category: rule.category,
                    documentation: rule.documentation,
                    helpUri: ruleDocsUrl(rule.id),
                })),
            }, null, 2)}\n`;
        case 'markdown':
            return rulesMarkdown(ordered);
        case 'text':
            return rulesText(ordered);
    }
}

function rulesText(rules: readonly RuleInfo[]): string {
    const idWidth = Math.max(...rules.map(r => r.id.length));
    const severityWidth = Math.max(...rules.map(r => r.defaultSeverity.length));
    const lines = rules.map(r => `${r.id.padEnd(idWidth)}  ${r.defaultSeverity.padEnd(severityWidth)}  ${r.description}`);
    const fixed = rules.filter(r => !r.configurable).map(r => r.id);
    if (fixed.length > 0) {
        lines.push('', `${fixed.join(' and ')} cannot be configured or suppressed; set the severity of any other rule in .pmpathrc.json.`);
    }
    return `${lines.join('\n')}\n`;
}

/**
 * The README rule reference: a table linking each rule id to a section that
 * holds its documentation. The sections' headings give GitHub the `#rule-id`
 * anchors that `ruleDocsUrl` (LSP `codeDescription`, SARIF `helpUri`) links to.
 * Descriptions are written in Markdown already (backticks); only `|` must be
 * escaped to stay inside a table cell.
 */
function rulesMarkdown(rules: readonly RuleInfo[]): string {
    const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
    const severity = (r: RuleInfo): string => `${r.defaultSeverity}${r.configurable ? '' : ' (always)'}`;
    const lines = [
        '| Rule | Default | Description |',
        '| --- | --- | --- |',
        ...rules.map(r => `| [\`${r.id}\`](#${r.id}) | ${severity(r)} | ${cell(r.description)} |`),
    ];
    for (const r of rules) {
        lines.push('', `### \`${r.id}\``, '', `Default: ${severity(r)}${r.configurable ? '' : ', cannot be configured or suppressed'}. ${r.documentation}`);
    }
    return `${lines.join('\n')}\n`;
}
