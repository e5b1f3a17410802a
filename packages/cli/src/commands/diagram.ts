/**
 * Placeholder for `pmpath diagram` until the diagram engineer's implementation
 * lands (this file is theirs to overwrite): it says so and exits with code 2.
 */
import { Command } from 'commander';
import { CliError } from '../errors.js';

/** The `diagram` command (not available yet). */
export function diagramCommand(): Command {
    return new Command('diagram')
        .description('render the state-transition or data-flow diagram of a pathway' + ' (not available yet)')
        .allowUnknownOption()
        .argument('[args...]')
        .action(() => {
            throw new CliError('diagram is not available yet in this build');
        });
}
