/**
 * FHIR ids and names derived from pmpath names. An id is at most 64
 * characters of `[A-Za-z0-9-.]` (FHIR R4 `id`); pmpath names allow `_` and
 * any length, so names are turned into readable kebab-case slugs, and a slug
 * that is too long, or already taken by another element (`Foo_bar` and
 * `FooBar` both slug to `foo-bar`), gets a short hash of the element's full
 * key. Everything here is a pure function of the names, so the same input
 * always gives the same ids and re-exports diff cleanly.
 */

/** FNV-1a (32-bit) as 8 hex digits: short, stable, dependency-free. */
export function shortHash(text: string): string {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, '0');
}

/** `CysticFibrosisNewbornScreening` → `cystic-fibrosis-newborn-screening`; `Foo_bar` → `foo-bar`. */
export function slug(name: string): string {
    const words = name
        .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
        .split(/[^A-Za-z0-9]+/)
        .filter(w => w.length > 0)
        .map(w => w.toLowerCase());
    return words.join('-') || 'x';
}

export const MAX_ID_LENGTH = 64;
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function isFhirId(id: string): boolean {
    return FHIR_ID.test(id);
}

/** Cuts a slug so that `-` plus an 8-digit hash still fits in 64 characters. */
function withHash(base: string, key: string): string {
    const room = MAX_ID_LENGTH - 9;
    return `${base.slice(0, room).replace(/[-.]+$/, '')}-${shortHash(key)}`;
}

/**
 * Hands out unique ids per resource type. `key` identifies the element
 * (its kind and full name path); `base` is the readable id it would like.
 * The same key always gets the same id within one export.
 */
export class IdAllocator {
    private readonly byKey = new Map<string, string>();
    private readonly taken = new Map<string, Set<string>>();

    allocate(resourceType: string, key: string, base: string): string {
        const fullKey = `${resourceType}|${key}`;
        const known = this.byKey.get(fullKey);
        if (known) return known;
        let taken = this.taken.get(resourceType);
        if (!taken) {
            taken = new Set();
            this.taken.set(resourceType, taken);
        }
        let id = base.length <= MAX_ID_LENGTH ? base : withHash(base, fullKey);
        for (let attempt = 0; taken.has(id.toLowerCase()); attempt++) {
            id = withHash(base, attempt === 0 ? fullKey : `${fullKey}#${attempt}`);
        }
        // Ids that differ only in case would overwrite each other as file names on
        // case-insensitive file systems (macOS, Windows), so they count as taken.
        taken.add(id.toLowerCase());
        this.byKey.set(fullKey, id);
        return id;
    }
}

/**
 * A FHIR `name` (and CQL library name): starts with an uppercase letter and
 * holds only letters, digits and `_` (the constraint cnl-0 of R4 canonical
 * resources). pmpath names are identifiers already; only the first letter
 * may need raising and a leading `_` dropping.
 */
export function fhirName(name: string): string {
    const cleaned = name.replace(/[^A-Za-z0-9_]/g, '').replace(/^[^A-Za-z]+/, '');
    return cleaned ? cleaned[0].toUpperCase() + cleaned.slice(1) : 'Unnamed';
}
