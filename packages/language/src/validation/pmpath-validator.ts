/**
 * Registers every check with Langium's validation registry. Each concern lives
 * in its own file as a class with a `checks()` table; this file only merges
 * the tables. Whole-pathway graph checks are registered per `Pathway` node.
 */
import type { ValidationChecks } from 'langium';
import type { PmpathAstType } from '../generated/ast.js';
import type { PmpathServices } from '../pmpath-module.js';
import { CareChecks } from './care-checks.js';
import { CodeChecks } from './code-checks.js';
import { ConsentChecks } from './consent-checks.js';
import { CutoffChecks } from './cutoff-checks.js';
import { DeclarationChecks } from './declaration-checks.js';
import { StateGraphChecks } from './state-graph-checks.js';
import { SuiteChecks } from './suite-checks.js';
import { SyntaxChecks } from './syntax-checks.js';
import { SYNTAX_CHECKS } from './pmpath-document-validator.js';

export interface CheckProvider {
    checks(): ValidationChecks<PmpathAstType>;
}

export function registerValidationChecks(services: PmpathServices): void {
    const registry = services.validation.ValidationRegistry;
    const syntax = new SyntaxChecks();
    registry.register(syntax.checks(), syntax, SYNTAX_CHECKS);
    const providers: CheckProvider[] = [
        new DeclarationChecks(services),
        new StateGraphChecks(services),
        new CareChecks(services),
        new CutoffChecks(services),
        new ConsentChecks(services),
        new SuiteChecks(),
        new CodeChecks(),
    ];
    for (const provider of providers) {
        registry.register(provider.checks(), provider);
    }
}
