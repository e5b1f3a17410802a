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

/**
 * For every data item that appears in a flow of the pathway, the actors that
 * send or receive it. Flow ends or data items that do not resolve are left out.
 */
export function dataHolders(pathway: Pathway): Map<Data, Set<Actor>> {
    const holders = new Map<Data, Set<Actor>>();
    for (const element of pathway.elements) {
        if (element.$type !== 'Flow') continue;
        const ends = [element.from?.ref, element.to?.ref].filter((a): a is Actor => a !== undefined);
        if (ends.length === 0) continue;
        for (const ref of element.data) {
            const data = ref.ref;
            if (!data) continue;
            let set = holders.get(data);
            if (!set) {
                set = new Set();
                holders.set(data, set);
            }
            ends.forEach(actor => set.add(actor));
        }
    }
    return holders;
}
