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
    // Copy-on-write: an element that needs no cleaning is returned as it is
    // (most are), so a large export does not allocate every object twice;
    // plain loops instead of map/filter/Object.entries for the same reason.
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return (value.length > 0 ? value : undefined) as T | undefined;
    if (typeof value !== 'object') return value;
    if (Array.isArray(value)) {
        let items: unknown[] | undefined;
        for (let i = 0; i < value.length; i++) {
            const item = value[i] as unknown;
            const cleaned = clean(item);
            // `undefined` entries are dropped, not kept as JSON nulls.
            if (items === undefined && (cleaned !== item || cleaned === undefined)) items = value.slice(0, i);
            if (items !== undefined && cleaned !== undefined) items.push(cleaned);
        }
        const result = items ?? value;
        return (result.length > 0 ? result : undefined) as T | undefined;
    }
    const source = value as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    let kept = 0;
    for (const key in source) {
        if (!Object.prototype.hasOwnProperty.call(source, key)) continue;
        const item = source[key];
        const cleaned = clean(item);
        if (out === undefined && cleaned !== item) {
            // The first change: copy what came before it.
            out = {};
            for (const earlier in source) {
                if (earlier === key) break;
                if (Object.prototype.hasOwnProperty.call(source, earlier) && source[earlier] !== undefined) out[earlier] = source[earlier];
            }
        }
        if (cleaned !== undefined) {
            kept++;
            if (out !== undefined) out[key] = cleaned;
        }
    }
    if (kept === 0) return undefined;
    return (out ?? source) as T | undefined;
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
    // Each entry is serialized inside a stand-in `{ "entry": [ … ] }`, so that
    // JSON.stringify indents it at its depth in the Bundle; cutting the stand-in
    // off is a substring, cheaper than re-indenting tens of megabytes by regex.
    const head = '{\n  "entry": [\n    '.length;
    const tail = '\n  ]\n}'.length;
    for (let i = 0; i < resources.length; i++) {
        const resource = resources[i];
        const wrapped = JSON.stringify({ entry: [{ fullUrl: `${canonical}/${resource.resourceType}/${resource.id}`, resource }] }, null, 2);
        yield `${i > 0 ? ',' : ''}\n    ${wrapped.slice(head, wrapped.length - tail)}`;
    }
    yield '\n  ]\n}\n';
}
