/** The JSON shape of the exported resources, and the helpers that keep it valid FHIR JSON. */

/** A FHIR resource as plain JSON. */
export interface FhirResource {
    resourceType: string;
    id: string;
    [element: string]: unknown;
}

/**
 * Drops what FHIR JSON forbids: `undefined` and `null` values, empty strings,
 * empty arrays and empty objects (FHIR JSON has no empty elements).
 * Returns `undefined` when nothing is left.
 */
export function clean<T>(value: T): T | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return (value.length > 0 ? value : undefined) as T | undefined;
    if (Array.isArray(value)) {
        const items = value.map(clean).filter(v => v !== undefined);
        return (items.length > 0 ? items : undefined) as T | undefined;
    }
    if (typeof value === 'object') {
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
            const cleaned = clean(item);
            if (cleaned !== undefined) out[key] = cleaned;
        }
        return (Object.keys(out).length > 0 ? out : undefined) as T | undefined;
    }
    return value;
}

/** The JSON text of a resource as written to a file: two-space indentation, a final newline. */
export function serializeResource(resource: FhirResource): string {
    return `${JSON.stringify(resource, null, 2)}\n`;
}

/** The file name of a resource in a folder export: `RESOURCETYPE-ID.json`. */
export function resourceFileName(resource: FhirResource): string {
    return `${resource.resourceType}-${resource.id}.json`;
}

/** A `collection` Bundle of the resources, each with its canonical `fullUrl`. */
export function toBundle(resources: readonly FhirResource[], canonical: string, id = 'pmpath-export'): FhirResource {
    return {
        resourceType: 'Bundle',
        id,
        type: 'collection',
        entry: resources.map(resource => ({ fullUrl: `${canonical}/${resource.resourceType}/${resource.id}`, resource })),
    };
}

/**
 * Escapes text for a FHIR `markdown` element: pmpath labels are text, never
 * markup, so Markdown punctuation is backslash-escaped and `&`, `<`, `>`
 * become entities (FHIR markdown renderers pass HTML through otherwise).
 */
export function escapeMarkdown(text: string): string {
    return text
        .replace(/[\\`*_{}[\]()#+\-.!|~]/g, ch => `\\${ch}`)
        .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The text of `toBundle(resources, canonical, id)` as `serializeResource`
 * writes it, produced entry by entry: a Bundle of a large workspace runs to
 * tens of megabytes, and one giant string costs more in garbage collection
 * than the export itself.
 */
export function* bundleChunks(resources: readonly FhirResource[], canonical: string, id = 'pmpath-export'): Generator<string> {
    if (resources.length === 0) {
        yield serializeResource(toBundle(resources, canonical, id));
        return;
    }
    yield `{\n  "resourceType": "Bundle",\n  "id": ${JSON.stringify(id)},\n  "type": "collection",\n  "entry": [`;
    for (let i = 0; i < resources.length; i++) {
        const resource = resources[i];
        const entry = JSON.stringify({ fullUrl: `${canonical}/${resource.resourceType}/${resource.id}`, resource }, null, 2);
        yield `${i > 0 ? ',' : ''}\n    ${entry.replace(/\n/g, '\n    ')}`;
    }
    yield '\n  ]\n}\n';
}
