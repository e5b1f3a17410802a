/**
 * Reporting helpers shared by every check: the default severity always comes
 * from the rule registry, so a check only names its rule.
 */
import type { AstNode, DiagnosticInfo, Properties, ValidationAcceptor } from 'langium';
import { findRule, type RuleIdValue } from '../rules.js';

/** Reports a finding of `rule` with the rule's default severity (configuration is applied later). */
export function report<N extends AstNode, P extends string = Properties<N>>(
    accept: ValidationAcceptor,
    rule: RuleIdValue,
    message: string,
    info: Omit<DiagnosticInfo<N, P>, 'code'>
): void {
    const severity = findRule(rule)?.defaultSeverity ?? 'error';
    accept(severity === 'info' ? 'info' : severity, message, { ...info, code: rule } as unknown as DiagnosticInfo<N>);
}

/**
 * Where a finding about a declaration goes (SPEC §4): a state's name for
 * state rules, the whole declaration for actors, data, cutoffs and consents.
 */
export function declarationTarget(decl: AstNode & { name: string }): { node: AstNode; property?: string } {
    return decl.$type === 'State' ? { node: decl, property: 'name' } : { node: decl };
}
