/**
 * Pure helpers for the gatekeeping rules (SPEC §4): the cutoffs a guard uses
 * and which actors hold which data through the pathway's flows.
 */
import type { Actor, CutoffGuard, Data, Guard, Pathway } from '../generated/ast.js';

/**
 * Every cutoff reference in a guard, under `not`, `and`, `or` and
 * parentheses, in source order. Iterative: a guard may be a left-nested chain
 * of many thousands of `and`s.
 */
export function guardCutoffs(guard: Guard | undefined): CutoffGuard[] {
    const found: CutoffGuard[] = [];
    const stack: Guard[] = guard ? [guard] : [];
    while (stack.length > 0) {
        const current = stack.pop()!;
        switch (current.$type) {
            case 'CutoffGuard':
                found.push(current);
                break;
            case 'NotGuard':
                if (current.operand) stack.push(current.operand);
                break;
            case 'GroupGuard':
                if (current.inner) stack.push(current.inner);
                break;
            case 'AndGuard':
            case 'OrGuard':
                // Right first, so the left operand is popped (and listed) first.
                if (current.right) stack.push(current.right);
                if (current.left) stack.push(current.left);
                break;
        }
    }
    return found;
}

/** Who sends or receives which data in a pathway's flows; see {@link dataHolders}. */
export interface DataHolders {
    /** For every data item that appears in a flow, the actors that send or receive it. */
    readonly holders: ReadonlyMap<Data, ReadonlySet<Actor>>;
    /** Data items of flows with an unresolved sender or recipient: anyone may hold them. */
    readonly unknownHolders: ReadonlySet<Data>;
    /** Actors of flows with an unresolved data item: they may hold any data. */
    readonly unknownData: ReadonlySet<Actor>;
    /** Some flow has both an unresolved end and an unresolved data item: anyone may hold anything. */
    readonly unknown: boolean;
}

/**
 * Indexes the pathway's flows by data item. Unresolved references are kept
 * as uncertainty rather than dropped, so that a typo in a flow never makes a
 * gatekeeper look as if they lacked data.
 */
export function dataHolders(pathway: Pathway): DataHolders {
    const holders = new Map<Data, Set<Actor>>();
    const unknownHolders = new Set<Data>();
    const unknownData = new Set<Actor>();
    let unknown = false;
    for (const element of pathway.elements) {
        if (element.$type !== 'Flow') continue;
        const from = element.from?.ref;
        const to = element.to?.ref;
        const ends = [from, to].filter((a): a is Actor => a !== undefined);
        const endUnresolved = ends.length < 2;
        for (const ref of element.data) {
            const data = ref.ref;
            if (!data) {
                ends.forEach(actor => unknownData.add(actor));
                unknown ||= endUnresolved;
                continue;
            }
            if (endUnresolved) unknownHolders.add(data);
            let set = holders.get(data);
            if (!set) {
                set = new Set();
                holders.set(data, set);
            }
            ends.forEach(actor => set.add(actor));
        }
    }
    return { holders, unknownHolders, unknownData, unknown };
}

/** Whether `actor` sends or receives `data` in some flow, or might, given unresolved references. */
export function mayHoldData(index: DataHolders, actor: Actor, data: Data): boolean {
    return index.unknown || index.unknownHolders.has(data) || index.unknownData.has(actor)
        || (index.holders.get(data)?.has(actor) ?? false);
}
