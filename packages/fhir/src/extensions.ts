/**
 * pmpath's own FHIR extensions: what the CPG shapes have no element for
 * (state kinds, flows, consent terms, …), so that nothing of a pathway is
 * lost. Each is published in the export as a `StructureDefinition`
 * (`buildExtensionDefinitions`), so IG tooling and validators know them.
 */
import type { FhirResource } from './resources.js';

export interface ExtensionPart {
    readonly name: string;
    readonly type: string;
    readonly min: number;
    readonly max: '1' | '*';
    readonly description: string;
    /** For `Reference` parts: the resource types referenced. */
    readonly targets?: readonly string[];
}

export interface ExtensionDefinition {
    /** The extension's id and the last part of its URL: `pmpath-state`. */
    readonly id: string;
    readonly title: string;
    readonly description: string;
    /** FHIRPath contexts where the extension may appear. */
    readonly context: readonly string[];
    /** A simple extension's value type. */
    readonly value?: string;
    readonly targets?: readonly string[];
    /** A complex extension's parts. */
    readonly parts?: readonly ExtensionPart[];
}

const part = (name: string, type: string, min: number, max: '1' | '*', description: string, targets?: readonly string[]): ExtensionPart =>
    ({ name, type, min, max, description, targets });

export const EXTENSIONS = {
    actor: {
        id: 'pmpath-actor', title: 'pmpath actor',
        description: 'An actor declared in a pmpath pathway or library: who takes part, in which role, with which traits.',
        context: ['PlanDefinition', 'Library'],
        parts: [
            part('name', 'string', 1, '1', 'The actor\'s pmpath name, as the other pmpath extensions refer to it.'),
            part('role', 'Coding', 1, '1', 'The actor\'s role (pmpath CodeSystem, actor-role).'),
            part('label', 'string', 0, '1', 'The actor\'s label.'),
            part('trait', 'Coding', 0, '*', 'The actor\'s traits (pmpath CodeSystem, actor-trait).'),
        ],
    },
    actorRef: {
        id: 'pmpath-actor-ref', title: 'pmpath actor reference',
        description: 'The pmpath name of the actor meant here (declared by a pmpath-actor extension): a gatekeeper of a transition, the actor responsible for monitoring or disclosure, the person who gives a consent.',
        context: ['PlanDefinition.action.participant', 'ActivityDefinition.participant', 'Consent'],
        value: 'string',
    },
    state: {
        id: 'pmpath-state', title: 'pmpath state',
        description: 'What a strategy\'s state is in the pathway: healthy, sick or hybrid (with its hybrid kind), and whether it is the initial or a final state.',
        context: ['PlanDefinition'],
        parts: [
            part('kind', 'Coding', 1, '1', 'healthy, sick or hybrid (pmpath CodeSystem, state-kind).'),
            part('hybridKind', 'Coding', 0, '1', 'patient-in-waiting, carrier, subclinical or at-risk (pmpath CodeSystem, hybrid-kind).'),
            part('modifier', 'Coding', 0, '1', 'initial or final (pmpath CodeSystem, state-modifier).'),
        ],
    },
    flow: {
        id: 'pmpath-flow', title: 'pmpath data flow',
        description: 'A flow of data between two actors of the pathway, for a purpose, under a consent or an ethics board\'s waiver.',
        context: ['PlanDefinition'],
        parts: [
            part('data', 'Reference', 1, '*', 'The data items that flow.', ['ObservationDefinition']),
            part('from', 'string', 1, '1', 'The sending actor (pmpath name).'),
            part('to', 'string', 1, '1', 'The receiving actor (pmpath name).'),
            part('purpose', 'Coding', 1, '1', 'The purpose of the flow as PurposeOfUse.'),
            part('consent', 'Reference', 0, '1', 'The consent the flow relies on.', ['Consent']),
            part('waiver', 'string', 0, '1', 'The ethics-board decision that waived consent.'),
        ],
    },
    after: {
        id: 'pmpath-after', title: 'pmpath after',
        description: 'The time a person must have been in the current state before the transition may be taken (`after DURATION`); the CQL condition of the transition includes it.',
        context: ['PlanDefinition.action'],
        value: 'Duration',
    },
    reviewAfter: {
        id: 'pmpath-review-after', title: 'pmpath review after',
        description: 'When a monitoring plan must be reviewed (`review after DURATION`).',
        context: ['ActivityDefinition'],
        value: 'Duration',
    },
    until: {
        id: 'pmpath-until', title: 'pmpath until',
        description: 'The condition that ends a monitoring plan (`until GUARD`), as the CQL define that evaluates it.',
        context: ['ActivityDefinition'],
        value: 'Expression',
    },
    recipient: {
        id: 'pmpath-recipient', title: 'pmpath disclosure recipient',
        description: 'An actor (pmpath name) to whom results are disclosed.',
        context: ['ActivityDefinition'],
        value: 'string',
    },
    withdrawable: {
        id: 'pmpath-withdrawable', title: 'pmpath withdrawable',
        description: 'Whether the consent can be withdrawn.',
        context: ['Consent'],
        value: 'boolean',
    },
    recontact: {
        id: 'pmpath-recontact', title: 'pmpath recontact',
        description: 'Whether the participant may be re-contacted, for example about incidental findings.',
        context: ['Consent'],
        value: 'boolean',
    },
    expiresAfter: {
        id: 'pmpath-expires-after', title: 'pmpath expires after',
        description: 'How long after it is given the consent expires (`expires after DURATION`).',
        context: ['Consent'],
        value: 'Duration',
    },
    duoArgument: {
        id: 'pmpath-duo-argument', title: 'pmpath DUO argument',
        description: 'The argument of a DUO term: the disease of DS, the region of GS, the date of MOR, …',
        context: ['Coding'],
        value: 'string',
    },
    dataCategory: {
        id: 'pmpath-data-category', title: 'pmpath data category',
        description: 'The pmpath category of a data item (genomic, biomarker, passive, …; pmpath CodeSystem, data-category).',
        context: ['ObservationDefinition'],
        value: 'Coding',
    },
} as const satisfies Record<string, ExtensionDefinition>;

export type ExtensionKey = keyof typeof EXTENSIONS;

/** The StructureDefinition of one extension. */
export function buildExtensionDefinition(definition: ExtensionDefinition, canonical: string, version: string | undefined): FhirResource {
    const url = `${canonical}/StructureDefinition/${definition.id}`;
    const elements: Record<string, unknown>[] = [{
        id: 'Extension', path: 'Extension', short: definition.title, definition: definition.description,
    }];
    if (definition.parts) {
        elements.push({
            id: 'Extension.extension', path: 'Extension.extension',
            slicing: { discriminator: [{ type: 'value', path: 'url' }], rules: 'open' }, min: definition.parts.some(p => p.min > 0) ? 1 : 0,
        });
        for (const p of definition.parts) {
            const slice = `Extension.extension:${p.name}`;
            elements.push(
                { id: slice, path: 'Extension.extension', sliceName: p.name, short: p.description, definition: p.description, min: p.min, max: p.max },
                { id: `${slice}.extension`, path: 'Extension.extension.extension', max: '0' },
                { id: `${slice}.url`, path: 'Extension.extension.url', fixedUri: p.name },
                { id: `${slice}.value[x]`, path: 'Extension.extension.value[x]', min: 1, type: [typeOf(p.type, p.targets)] },
            );
        }
        elements.push(
            { id: 'Extension.url', path: 'Extension.url', fixedUri: url },
            { id: 'Extension.value[x]', path: 'Extension.value[x]', max: '0' },
        );
    } else {
        elements.push(
            { id: 'Extension.extension', path: 'Extension.extension', max: '0' },
            { id: 'Extension.url', path: 'Extension.url', fixedUri: url },
            { id: 'Extension.value[x]', path: 'Extension.value[x]', min: 1, type: [typeOf(definition.value!, definition.targets)] },
        );
    }
    return {
        resourceType: 'StructureDefinition',
        id: definition.id,
        url,
        version,
        name: definition.id.split('-').map(w => w[0].toUpperCase() + w.slice(1)).join(''),
        title: definition.title,
        status: 'draft',
        description: definition.description,
        fhirVersion: '4.0.1',
        kind: 'complex-type',
        abstract: false,
        context: definition.context.map(expression => ({ type: 'element', expression })),
        type: 'Extension',
        baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Extension',
        derivation: 'constraint',
        differential: { element: elements },
    };
}

function typeOf(code: string, targets: readonly string[] | undefined): Record<string, unknown> {
    return targets ? { code, targetProfile: targets.map(t => `http://hl7.org/fhir/StructureDefinition/${t}`) } : { code };
}
