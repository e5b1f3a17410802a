/**
 * `@pmpath/fhir`: pmpath pathways as FHIR R4 resources (SPEC §8). Pure: the
 * CLI and the language server do the I/O.
 */
export * from './export.js';
export * from './input.js';
export * from './resources.js';
export { EXTENSIONS, type ExtensionDefinition } from './extensions.js';
export { slug, shortHash, isFhirId, fhirName, IdAllocator, MAX_ID_LENGTH } from './ids.js';
export { cqlString, cqlIdentifier } from './cql.js';
export * as terminology from './terminology.js';
