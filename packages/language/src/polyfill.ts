/**
 * `Object.groupBy` and `Map.groupBy` for Node 20. Langium ≥ 4.2.2 (through
 * Chevrotain 13) calls `Object.groupBy`, which Node gained in version 21; VS
 * Code 1.100's extension host and the CLI's supported runtime are Node 20.
 * Every entry point (CLI, language server bundle, tests, grammar generation)
 * imports this module before anything that loads Langium. Both functions
 * follow the ECMAScript 2024 definitions: groups keep the order in which
 * their keys first appear, and `Object.groupBy` returns a null-prototype object.
 */
type KeySelector<T, K> = (item: T, index: number) => K;

if (typeof (Object as { groupBy?: unknown }).groupBy !== 'function') {
    Object.defineProperty(Object, 'groupBy', {
        configurable: true,
        writable: true,
        value: function groupBy<T>(items: Iterable<T>, keySelector: KeySelector<T, PropertyKey>): Record<PropertyKey, T[]> {
            const groups = Object.create(null) as Record<PropertyKey, T[]>;
            let index = 0;
            for (const item of items) {
                const raw = keySelector(item, index++);
                const key = typeof raw === 'symbol' ? raw : String(raw);
                (groups[key] ??= []).push(item);
            }
            return groups;
        },
    });
}

if (typeof (Map as { groupBy?: unknown }).groupBy !== 'function') {
    Object.defineProperty(Map, 'groupBy', {
        configurable: true,
        writable: true,
        value: function groupBy<T, K>(items: Iterable<T>, keySelector: KeySelector<T, K>): Map<K, T[]> {
            const groups = new Map<K, T[]>();
            let index = 0;
            for (const item of items) {
                const key = keySelector(item, index++);
                const group = groups.get(key);
                if (group) group.push(item);
                else groups.set(key, [item]);
            }
            return groups;
        },
    });
}

export {};
