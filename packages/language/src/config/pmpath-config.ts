/**
 * `.pmpathrc.json` (SPEC §5): rule severities (`"warn"` is accepted for `"warning"`). The nearest file searched from a
 * document's folder upward wins, with no merging; `--config FILE` (or an editor
 * setting) overrides the search for every file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'langium';
import { findRule, RULES, type ConfiguredSeverity } from '../rules.js';

export const CONFIG_FILE_NAME = '.pmpathrc.json';

const SEVERITIES: ReadonlySet<string> = new Set(['error', 'warning', 'info', 'off']);

/** ESLint spells it `warn`; people who write that mean `warning`. */
const SEVERITY_ALIASES: Readonly<Record<string, ConfiguredSeverity>> = { warn: 'warning' };

export interface ConfigProblem {
    /** A sentence naming the entry and what is wrong with it. */
    readonly message: string;
    /** The offending key (rule id), when the problem is about one entry. */
    readonly key?: string;
}

export interface PmpathConfig {
    /** Absolute path of the file, or undefined for the built-in defaults. */
    readonly path?: string;
    /** Severity overrides by rule id (only valid entries). */
    readonly rules: ReadonlyMap<string, ConfiguredSeverity>;
    readonly problems: readonly ConfigProblem[];
}

export const DEFAULT_CONFIG: PmpathConfig = { rules: new Map(), problems: [] };

/** Parses the text of a configuration file; never throws. */
export function parseConfig(text: string, filePath?: string): PmpathConfig {
    const problems: ConfigProblem[] = [];
    const rules = new Map<string, ConfiguredSeverity>();
    let json: unknown;
    try {
        json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { path: filePath, rules, problems: [{ message: `is not valid JSON (${reason})` }] };
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        return { path: filePath, rules, problems: [{ message: 'must be a JSON object such as { "rules": { "cutoff-without-source": "off" } }' }] };
    }
    for (const key of Object.keys(json)) {
        if (key !== 'rules' && key !== '$schema') {
            problems.push({ key, message: `has an unknown top-level key "${key}"; only "rules" is allowed` });
        }
    }
    const entries = (json as { rules?: unknown }).rules;
    if (entries === undefined) {
        return { path: filePath, rules, problems };
    }
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
        problems.push({ key: 'rules', message: '"rules" must be an object mapping rule ids to "error", "warning", "info" or "off"' });
        return { path: filePath, rules, problems };
    }
    for (const [id, value] of Object.entries(entries as Record<string, unknown>)) {
        const rule = findRule(id);
        if (!rule) {
            const hint = closestRuleId(id);
            problems.push({ key: id, message: `names an unknown rule "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}` });
            continue;
        }
        if (!rule.configurable) {
            problems.push({ key: id, message: `cannot configure "${id}": it is always an error` });
            continue;
        }
        const severity = typeof value === 'string' && Object.hasOwn(SEVERITY_ALIASES, value) ? SEVERITY_ALIASES[value] : value;
        if (typeof severity !== 'string' || !SEVERITIES.has(severity)) {
            problems.push({ key: id, message: `sets "${id}" to ${JSON.stringify(value)}; use "error", "warning" (or "warn"), "info" or "off"` });
            continue;
        }
        rules.set(id, severity as ConfiguredSeverity);
    }
    return { path: filePath, rules, problems };
}

/** Reads and parses a configuration file. Throws `ConfigError` when it cannot be read. */
export function loadConfigFile(filePath: string): PmpathConfig {
    let text: string;
    try {
        text = fs.readFileSync(filePath, 'utf8');
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new ConfigError(filePath, code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})`);
    }
    return parseConfig(text, path.resolve(filePath));
}

/** A configuration file that cannot be used: the CLI exits with code 2. */
export class ConfigError extends Error {
    constructor(readonly filePath: string, readonly reason: string) {
        super(`${filePath}: ${reason}`);
        this.name = 'ConfigError';
    }
}

/** The first `ConfigProblem` of a configuration as a one-line message, or undefined. */
export function describeConfigProblems(config: PmpathConfig): string | undefined {
    if (config.problems.length === 0) {
        return undefined;
    }
    return `${config.path ?? CONFIG_FILE_NAME}: ${config.problems.map(p => p.message).join('; ')}`;
}

function closestRuleId(id: string): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const rule of RULES) {
        const d = editDistance(id, rule.id);
        if (d < bestDistance) {
            bestDistance = d;
            best = rule.id;
        }
    }
    return bestDistance <= Math.max(2, Math.floor(id.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const tmp = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = tmp;
        }
    }
    return row[b.length];
}

/**
 * Finds the configuration that applies to a document. Lookups are cached per
 * folder; call `clear()` when a configuration file changes.
 */
export class PmpathConfigProvider {
    /** When set (`--config FILE`, tests, an editor setting), used for every document. */
    override: PmpathConfig | undefined;
    private readonly byFolder = new Map<string, PmpathConfig>();

    /** The configuration for a document URI (defaults for non-file URIs). */
    getConfig(documentUri: URI | string): PmpathConfig {
        if (this.override) {
            return this.override;
        }
        const uri = typeof documentUri === 'string' ? URI.parse(documentUri) : documentUri;
        if (uri.scheme !== 'file') {
            return DEFAULT_CONFIG;
        }
        return this.configForFolder(path.dirname(uri.fsPath));
    }

    /** The configuration file that applies to files in a folder, searched upward. */
    configForFolder(folder: string): PmpathConfig {
        const cached = this.byFolder.get(folder);
        if (cached) {
            return cached;
        }
        const candidate = path.join(folder, CONFIG_FILE_NAME);
        let config: PmpathConfig;
        if (isFile(candidate)) {
            try {
                config = loadConfigFile(candidate);
            } catch (error) {
                config = { path: candidate, rules: new Map(), problems: [{ message: (error as ConfigError).reason ?? String(error) }] };
            }
        } else {
            const parent = path.dirname(folder);
            config = parent === folder ? DEFAULT_CONFIG : this.configForFolder(parent);
        }
        this.byFolder.set(folder, config);
        return config;
    }

    clear(): void {
        this.byFolder.clear();
    }
}

function isFile(p: string): boolean {
    try {
        return fs.statSync(p).isFile();
    } catch {
        return false;
    }
}
