/** The version of the `pmpath` CLI, read once from its package.json. */
import * as fs from 'node:fs';

let cached: string | undefined;

/** The `version` field of the `pmpath` package's package.json. */
export function cliVersion(): string {
    if (cached === undefined) {
        // `out/version.js` and `src/version.ts` both sit one folder below package.json.
        const manifest = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
        cached = typeof manifest.version === 'string' ? manifest.version : '0.0.0';
    }
    return cached;
}
