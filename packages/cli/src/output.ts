/** Where command reports go: a file given with `--output`, or stdout. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from './errors.js';

/**
 * Writes `text` to `output` (creating its folders) or, without `output`, to
 * stdout. A file that cannot be written is a `CliError` (exit 2) naming it.
 */
export function writeReport(text: string, output: string | undefined, cwd: string = process.cwd()): void {
    if (!output) {
        process.stdout.write(text);
        return;
    }
    const target = path.resolve(cwd, output);
    try {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, text);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new CliError(`${output}: cannot write the report (${code ?? (error instanceof Error ? error.message : String(error))})`);
    }
}
