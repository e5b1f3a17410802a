/**
 * Placeholder for `pmpath report` until the diagram engineer's implementation
 * lands (this file is theirs to overwrite): it says so and exits with code 2.
 */
import { Command } from 'commander';
import { CliError } from '../errors.js';

/** The `report` command (not available yet). */
export function reportCommand(): Command {
    return new Command('report')
        .description('write the ethics-review dossier of pathways' + ' (not available yet)')
        .allowUnknownOption()
        .argument('[args...]')
        .action(() => {
            throw new CliError('report is not available yet in this build');
        });
}
