/**
 * Identifies the build of pmpath that is running, for the `--cache` key: the
 * bundle's chunk names carry esbuild's content hashes, so any change to the
 * code changes them, even without a new version number. Running from the
 * compiled modules (`out/`, development) the version alone identifies it.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function buildId(): string {
    if (cached === undefined) {
        cached = 'dev';
        try {
            const dir = path.dirname(fileURLToPath(import.meta.url));
            if (path.basename(dir) === 'dist') {
                const chunks = fs.readdirSync(dir).filter(name => name.endsWith('.js')).sort();
                cached = createHash('sha1').update(chunks.join('\n')).digest('hex').slice(0, 12);
            }
        } catch {
            // Keep 'dev': the version still identifies the release.
        }
    }
    return cached;
}
