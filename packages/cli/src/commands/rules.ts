/**
 * `pmpath rules [--format text|json|markdown]`: every rule id, its default
 * severity and a one-line description, generated from the rule registry. The
 * markdown output is the rule table of the README.
 */
import { Command, Option } from 'commander';

export const RULES_FORMATS = ['text', 'json', 'markdown'] as const;
export type RulesFormat = typeof RULES_FORMATS[number];

/** The `rules` command. */
export function rulesCommand(): Command {
    return new Command('rules')
        .description('list every rule id, its default severity and a one-line description')
        .addOption(new Option('--format <format>', 'output format').choices(RULES_FORMATS).default('text'))
        .action(async (options: { format: RulesFormat }) => {
            const { formatRules } = await import('../format/rules-format.js');
            process.stdout.write(formatRules(options.format));
        });
}
