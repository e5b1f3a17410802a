/**
 * The pmpath → FHIR R4 exporter (SPEC §8): a pure function from parsed
 * pathways and libraries to FHIR resources shaped after the HL7 Clinical
 * Practice Guidelines IG (CPG 2.0.0). No I/O: the CLI writes the resources
 * to files, the language server hands them to the editor.
 *
 * | pmpath | FHIR R4 |
 * |---|---|
 * | pathway | PlanDefinition (CPG pathway), one action per state |
 * | state | PlanDefinition (CPG strategy), exits grouped `at-most-one` |
 * | transition | PlanDefinition (CPG recommendation, eca-rule) |
 * | pathway or library | Library (CQL: data, cutoffs, guards) |
 * | data | ObservationDefinition |
 * | monitor / disclose | ActivityDefinition |
 * | consent | Consent (a template) |
 * | flow, actor, state kind, … | pmpath extensions |
 */
import type { AstNode } from 'langium';
import {
    formatCutoffComparison, formatDuration, valueKindOf,
    type Actor, type Consent, type Cutoff, type Data, type DiscloseClause, type Duration, type Flow, type Guard, type Library,
    type MonitorClause, type Pathway, type PmpathFile, type State, type Transition
} from '@pmpath/language';
import {
    classCondition, codeDeclaration, cqlDuration, cqlIdentifier, cqlString, dataDefine, ENTERED_STATE_PARAMETER, numericCondition
} from './cql.js';
import { buildExtensionDefinition, EXTENSIONS, type ExtensionKey } from './extensions.js';
import { fhirName, IdAllocator, shortHash, slug } from './ids.js';
import { clean, escapeMarkdown, type FhirResource } from './resources.js';
import {
    classAnswer, codeSystemConcepts, CONSENT_SCOPE, CPG_COMMON_PROCESS, CPG_PART_OF, CPG_PROFILES, DUO_BY_CODE, DUO_SYSTEM,
    DURATION_UCUM, LIBRARY_TYPE, LOINC, participantType, PLAN_DEFINITION_TYPE, PURPOSE_OF_USE, R5_PARTICIPANT_TYPE, SNOMED_CT, UCUM,
    type Coding, type Concept
} from './terminology.js';

/** One parsed file of the export: a pathway or a library (test suites are skipped). */
export interface ExportUnit {
    /** Where the file is, as shown to users; also the tie-breaker that keeps ids stable. */
    readonly path: string;
    readonly file: PmpathFile;
    /** The paths of the units this file imports (each must be a unit of the export too). */
    readonly imports: readonly string[];
}

export interface ExportOptions {
    /** Base of every canonical URL (`--canonical`); default `http://example.org/fhir`. */
    readonly canonical?: string;
}

/** Something the user should know about the export, named by file and element. */
export interface ExportWarning {
    readonly path: string;
    readonly element: string;
    readonly message: string;
}

export interface FhirExport {
    /** Every resource, sorted by resource type, then id. */
    readonly resources: FhirResource[];
    readonly warnings: ExportWarning[];
    /** The canonical base the URLs start with. */
    readonly canonical: string;
}

/** Input the exporter cannot turn into FHIR (an unresolved reference, an import outside the export). */
export class FhirExportError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'FhirExportError';
    }
}

export const DEFAULT_CANONICAL = 'http://example.org/fhir';

/** Whether a `--canonical` value can start canonical URLs: an absolute http(s) URL without spaces, `|`, `#` or `?`. */
export function isValidCanonical(url: string): boolean {
    return /^https?:\/\/[^\s|#?]+$/.test(url);
}

/** Exports the pathways and libraries of `units` (with everything they import) as FHIR R4 resources. */
export function exportFhir(units: readonly ExportUnit[], options: ExportOptions = {}): FhirExport {
    const canonical = (options.canonical ?? DEFAULT_CANONICAL).replace(/\/+$/, '');
    if (!isValidCanonical(canonical)) {
        throw new FhirExportError(`"${options.canonical}" is not a usable canonical base: give an absolute http(s) URL without spaces, '|', '#' or '?'`);
    }
    return new Exporter(units, canonical).run();
}

type Body = Pathway | Library;

interface Container {
    readonly unit: ExportUnit;
    readonly body: Body;
    readonly key: string;
    readonly slug: string;
    readonly version?: string;
    readonly libraryId: string;
    readonly libraryUrl: string;
    /** The CQL library name, unique in the export. */
    readonly cqlName: string;
    readonly imports: Container[];
    /** The local CodeSystem for data items without a LOINC or SNOMED CT code. */
    dataCodeSystem?: { id: string; url: string };
}

const PMPATH_CODE_SYSTEM_ID = 'pmpath';

class Exporter {
    private readonly ids = new IdAllocator();
    /** Ids of data items, consents and states, by element (see `memoId`). */
    private readonly elementIds = new Map<Data | Consent | State, string>();
    private readonly containers: Container[] = [];
    private readonly containerByBody = new Map<AstNode, Container>();
    private readonly resources: FhirResource[] = [];
    private readonly warnings: ExportWarning[] = [];
    private readonly codeSystemUrl: string;

    constructor(private readonly units: readonly ExportUnit[], private readonly canonical: string) {
        this.codeSystemUrl = `${canonical}/CodeSystem/${PMPATH_CODE_SYSTEM_ID}`;
        // Reserved ids: pmpath's own CodeSystem and extension definitions.
        this.ids.allocate('CodeSystem', 'pmpath', PMPATH_CODE_SYSTEM_ID);
        for (const definition of Object.values(EXTENSIONS)) this.ids.allocate('StructureDefinition', definition.id, definition.id);
    }

    run(): FhirExport {
        this.collectContainers();
        // Local code systems first: a pathway's CQL may retrieve the uncoded data of a library exported after it.
        for (const container of this.containers) this.prepareDataCodes(container);
        for (const container of this.containers) this.exportContainer(container);
        this.resources.push(this.pmpathCodeSystem());
        for (const definition of Object.values(EXTENSIONS)) {
            this.resources.push(buildExtensionDefinition(definition, this.canonical, undefined));
        }
        const resources = this.resources
            .map(r => clean(r)!)
            .sort((a, b) => compare(a.resourceType, b.resourceType) || compare(a.id, b.id));
        return { resources, warnings: this.warnings, canonical: this.canonical };
    }

    // ------------------------------------------------------------ containers

    private collectContainers(): void {
        const byPath = new Map<string, ExportUnit>();
        for (const unit of [...this.units].sort((a, b) => compare(a.path, b.path))) {
            if (!byPath.has(unit.path)) byPath.set(unit.path, unit);
        }
        const cqlNames = new Set<string>();
        const pending: Array<{ container: Omit<Container, 'imports'> & { imports: Container[] }; unit: ExportUnit }> = [];
        for (const unit of byPath.values()) {
            const body = unit.file.body;
            if (!body || (body.$type !== 'Pathway' && body.$type !== 'Library') || !body.name) continue;
            const kind = body.$type === 'Pathway' ? 'pathway' : 'library';
            const key = `${kind}|${unit.path}|${body.name}`;
            const base = slug(body.name);
            const libraryId = this.ids.allocate('Library', key, base);
            if (kind === 'pathway') this.ids.allocate('PlanDefinition', key, base);
            let cqlName = fhirName(body.name);
            if (cqlNames.has(cqlName.toLowerCase())) cqlName = `${cqlName}_${shortHash(key)}`;
            cqlNames.add(cqlName.toLowerCase());
            const version = metadata(body, 'version');
            const container = {
                unit, body, key, slug: libraryId, version, libraryId,
                libraryUrl: `${this.canonical}/Library/${libraryId}`, cqlName, imports: [] as Container[],
            };
            pending.push({ container, unit });
            this.containers.push(container);
            this.containerByBody.set(body, container);
        }
        const byUnitPath = new Map(this.containers.map(c => [c.unit.path, c]));
        for (const { container, unit } of pending) {
            for (const path of unit.imports) {
                const imported = byUnitPath.get(path);
                if (imported && imported !== container && !container.imports.includes(imported)) container.imports.push(imported);
            }
        }
    }

    /** The container that declares a node. */
    private containerOf(node: AstNode): Container {
        let current: AstNode | undefined = node;
        while (current && current.$type !== 'Pathway' && current.$type !== 'Library') current = current.$container;
        const container = current ? this.containerByBody.get(current) : undefined;
        if (!container) {
            throw new FhirExportError(`'${(node as { name?: string }).name ?? node.$type}' is declared in a file that is not part of the export; export the files it imports too`);
        }
        return container;
    }

    private prepareDataCodes(container: Container): void {
        const uncoded = container.body.elements.filter((e): e is Data => e.$type === 'Data' && !!e.name && (!e.codeSystem || e.code === undefined));
        if (uncoded.length === 0) return;
        const id = this.ids.allocate('CodeSystem', `data|${container.key}`, `${container.slug}.data`);
        container.dataCodeSystem = { id, url: `${this.canonical}/CodeSystem/${id}` };
        for (const item of uncoded) {
            this.warnings.push({
                path: container.unit.path, element: item.name,
                message: `data '${item.name}' has no LOINC or SNOMED CT code; it is exported with code.text only (add \`code loinc "…"\` or \`code snomed "…"\`)`,
            });
        }
    }

    private exportContainer(container: Container): void {
        const body = container.body;
        const data = body.elements.filter((e): e is Data => e.$type === 'Data' && !!e.name);
        const uncoded = data.filter(d => !d.codeSystem || d.code === undefined);
        for (const item of data) this.resources.push(this.observationDefinition(item, container));
        if (container.dataCodeSystem) this.resources.push(this.dataCodeSystem(container, uncoded));
        for (const consent of body.elements.filter((e): e is Consent => e.$type === 'Consent' && !!e.name)) {
            this.resources.push(this.consent(consent, container));
        }
        const logic = new LogicLibrary(container, this);
        if (body.$type === 'Pathway') this.exportPathway(body, container, logic);
        this.resources.push(logic.build());
    }

    // ------------------------------------------------------------ references

    url(resourceType: string, id: string): string {
        return `${this.canonical}/${resourceType}/${id}`;
    }

    extensionUrl(key: ExtensionKey): string {
        return this.url('StructureDefinition', EXTENSIONS[key].id);
    }

    pmpathCoding(code: string | undefined, display?: string): Coding | undefined {
        return code ? { system: this.codeSystemUrl, code, display: display ?? code } : undefined;
    }

    dataId(data: Data): string {
        return this.memoId(data, () => {
            const container = this.containerOf(data);
            return this.ids.allocate('ObservationDefinition', `${container.key}|data|${data.name}`, `${container.slug}.${slug(data.name)}`);
        });
    }

    /**
     * The id of a data item, consent or state, allocated on first use: every
     * reference to the element asks again, and building the key and slug each
     * time was a tenth of a large export.
     */
    private memoId(node: Data | Consent | State, allocate: () => string): string {
        let id = this.elementIds.get(node);
        if (id === undefined) {
            id = allocate();
            this.elementIds.set(node, id);
        }
        return id;
    }

    dataReference(data: Data): Record<string, unknown> {
        return { reference: `ObservationDefinition/${this.dataId(data)}`, display: data.label ?? data.name };
    }

    consentId(consent: Consent): string {
        return this.memoId(consent, () => {
            const container = this.containerOf(consent);
            return this.ids.allocate('Consent', `${container.key}|consent|${consent.name}`, `${container.slug}.${slug(consent.name)}`);
        });
    }

    private stateId(state: State): string {
        return this.memoId(state, () => {
            const container = this.containerOf(state);
            return this.ids.allocate('PlanDefinition', `${container.key}|state|${state.name}`, `${container.slug}.${slug(state.name)}`);
        });
    }

    /** The coding of a data item: its LOINC or SNOMED CT code, else its code in the container's local CodeSystem. */
    dataCoding(data: Data): Coding {
        if (data.codeSystem && data.code !== undefined) {
            return { system: data.codeSystem === 'loinc' ? LOINC : SNOMED_CT, code: data.code };
        }
        const container = this.containerOf(data);
        return { system: container.dataCodeSystem!.url, code: data.name, display: data.label ?? data.name };
    }

    containerFor(node: AstNode): Container {
        return this.containerOf(node);
    }

    // ------------------------------------------------------------ data

    private observationDefinition(data: Data, container: Container): FhirResource {
        const coded = !!data.codeSystem && data.code !== undefined;
        const numeric = valueKindOf(data.category) === 'number';
        const cutoffs = this.cutoffsOn(data).filter(c => c.comparison && c.comparison.$type !== 'ClassComparison');
        return {
            resourceType: 'ObservationDefinition',
            id: this.dataId(data),
            extension: [{ url: this.extensionUrl('dataCategory'), valueCoding: this.pmpathCoding(data.category) }],
            identifier: [{ system: `${this.canonical}/data`, value: `${container.cqlName}.${data.name}` }],
            code: coded
                ? { coding: [{ system: data.codeSystem === 'loinc' ? LOINC : SNOMED_CT, code: data.code }], text: data.label ?? data.name }
                : { text: data.label ?? data.name },
            permittedDataType: [numeric ? 'Quantity' : 'CodeableConcept'],
            multipleResultsAllowed: true,
            preferredReportName: data.label ?? data.name,
            quantitativeDetails: numeric && data.unit !== undefined ? { unit: { coding: [{ system: UCUM, code: data.unit }], text: data.unit } } : undefined,
            qualifiedInterval: numeric ? cutoffs.map(c => this.qualifiedInterval(c)) : undefined,
        };
    }

    private cutoffIndex: Map<Data, Cutoff[]> | undefined;

    /** Every cutoff of the export on this data item, in declaration order (indexed once: exports can hold thousands of files). */
    private cutoffsOn(data: Data): Cutoff[] {
        if (!this.cutoffIndex) {
            this.cutoffIndex = new Map();
            for (const container of this.containers) {
                for (const element of container.body.elements) {
                    const target = element.$type === 'Cutoff' ? element.data?.ref : undefined;
                    if (!target) continue;
                    const list = this.cutoffIndex.get(target);
                    if (list) list.push(element as Cutoff); else this.cutoffIndex.set(target, [element as Cutoff]);
                }
            }
        }
        return this.cutoffIndex.get(data) ?? [];
    }

    /**
     * A numeric cutoff as an informative interval: R4 `Range` bounds are
     * inclusive, so the exact comparison is in `condition` and in the CQL.
     */
    private qualifiedInterval(cutoff: Cutoff): Record<string, unknown> {
        const comparison = cutoff.comparison;
        const quantity = (value: number, unit: string | undefined) =>
            unit !== undefined ? { value, unit, system: UCUM, code: unit } : { value };
        let low: unknown;
        let high: unknown;
        if (comparison.$type === 'NumericComparison') {
            if (comparison.op === '>=' || comparison.op === '>' || comparison.op === '=') low = quantity(comparison.value, comparison.unit);
            if (comparison.op === '<=' || comparison.op === '<' || comparison.op === '=') high = quantity(comparison.value, comparison.unit);
        } else if (comparison.$type === 'IntervalComparison') {
            low = quantity(comparison.low, comparison.unit);
            high = quantity(comparison.high, comparison.unit);
        }
        return {
            category: 'reference',
            range: { low, high },
            condition: `${cutoff.name}: ${cutoff.data?.$refText ?? ''} ${formatCutoffComparison(comparison)}${cutoff.source ? ` (source: ${cutoff.source})` : ''}`,
        };
    }

    private dataCodeSystem(container: Container, uncoded: readonly Data[]): FhirResource {
        const { id, url } = container.dataCodeSystem!;
        return {
            resourceType: 'CodeSystem',
            id,
            url,
            version: container.version,
            name: `${container.cqlName}Data`,
            title: `Data items of ${container.body.name} without a standard code`,
            status: 'draft',
            description: `Local codes for the data items of ${escapeMarkdown(container.body.name)} that carry no LOINC or SNOMED CT code, so that the CQL can retrieve them. Map each to a standard code before production use.`,
            caseSensitive: true,
            content: 'complete',
            count: uncoded.length,
            concept: uncoded.map(d => ({ code: d.name, display: d.label ?? d.name })),
        };
    }

    // ------------------------------------------------------------ consents

    private consent(consent: Consent, container: Container): FhirResource {
        const purposes: string[] = [];
        const duo: Array<{ code: string; argument?: string }> = [];
        const covers: Data[] = [];
        let withdrawable = false;
        let recontact = false;
        let expires: Duration | undefined;
        for (const clause of consent.clauses) {
            switch (clause.$type) {
                case 'PermitsClause': purposes.push(...clause.purposes); break;
                case 'DuoClause': duo.push(...clause.terms.map(t => ({ code: t.code, argument: t.argument }))); break;
                case 'CoversClause':
                    for (const ref of clause.data) covers.push(this.resolve(ref, consent));
                    break;
                case 'WithdrawableClause': withdrawable = true; break;
                case 'RecontactClause': recontact = true; break;
                case 'ExpiresClause': expires = clause.duration; break;
            }
        }
        const research = purposes.includes('research') || duo.some(t => DUO_BY_CODE.get(t.code)?.kind === 'permission' && !DUO_BY_CODE.get(t.code)?.obsolete);
        const coded = covers.filter(d => d.codeSystem && d.code !== undefined);
        return {
            resourceType: 'Consent',
            id: this.consentId(consent),
            extension: [
                consent.by ? { url: this.extensionUrl('actorRef'), valueString: consent.by.$refText } : undefined,
                { url: this.extensionUrl('withdrawable'), valueBoolean: withdrawable },
                { url: this.extensionUrl('recontact'), valueBoolean: recontact },
                expires ? { url: this.extensionUrl('expiresAfter'), valueDuration: duration(expires) } : undefined,
            ],
            identifier: [{ system: `${this.canonical}/consent`, value: `${container.cqlName}.${consent.name}` }],
            // A template of the terms a person agrees to, not a record of anyone's consent.
            status: 'proposed',
            scope: { coding: [research
                ? { system: CONSENT_SCOPE, code: 'research', display: 'Research' }
                : { system: CONSENT_SCOPE, code: 'patient-privacy', display: 'Privacy Consent' }] },
            category: [{ coding: [{ system: LOINC, code: '59284-0' }], text: 'Patient consent' }],
            policyRule: { text: `pmpath consent template ${consent.name}${consent.by ? `, given by ${consent.by.$refText}` : ''}` },
            provision: {
                type: 'permit',
                purpose: [
                    ...[...new Set(purposes)].map(p => PURPOSE_OF_USE[p]),
                    ...duo.map(t => {
                        const info = DUO_BY_CODE.get(t.code);
                        return {
                            extension: t.argument !== undefined ? [{ url: this.extensionUrl('duoArgument'), valueString: t.argument }] : undefined,
                            system: DUO_SYSTEM, code: info?.curie ?? t.code, display: info?.label,
                        };
                    }),
                ],
                data: covers.map(d => ({ meaning: 'related', reference: this.dataReference(d) })),
                code: coded.map(d => ({ coding: [this.dataCoding(d)], text: d.label ?? d.name })),
            },
        };
    }

    // ------------------------------------------------------------ pathways

    private exportPathway(pathway: Pathway, container: Container, logic: LogicLibrary): void {
        const states = pathway.elements.filter((e): e is State => e.$type === 'State' && !!e.name);
        const transitions = pathway.elements.filter((e): e is Transition => e.$type === 'Transition');
        const pathwayId = this.ids.allocate('PlanDefinition', container.key, container.slug);
        const pathwayUrl = this.url('PlanDefinition', pathwayId);
        const recommendationIds = new Map<Transition, string>();
        const pairCounts = new Map<string, number>();
        for (const transition of transitions) {
            const source = this.resolve(transition.source, transition);
            const target = this.resolve(transition.target, transition);
            const pair = `${source.name}->${target.name}`;
            const n = (pairCounts.get(pair) ?? 0) + 1;
            pairCounts.set(pair, n);
            const id = this.ids.allocate('PlanDefinition', `${container.key}|transition|${pair}|${n}`,
                `${container.slug}.${slug(source.name)}-to-${slug(target.name)}${n > 1 ? `-${n}` : ''}`);
            recommendationIds.set(transition, id);
            this.resources.push(this.recommendation(transition, id, source, target, container, pathwayUrl, logic));
        }
        for (const state of states) {
            const exits = transitions.filter(t => t.source?.ref === state);
            this.resources.push(this.strategy(state, exits, recommendationIds, container, pathwayUrl, logic));
        }
        const flows = pathway.elements.filter((e): e is Flow => e.$type === 'Flow');
        this.resources.push({
            resourceType: 'PlanDefinition',
            id: pathwayId,
            meta: { profile: [CPG_PROFILES.pathway] },
            extension: [
                ...this.actorExtensions(pathway),
                ...flows.map(flow => this.flowExtension(flow)),
            ],
            url: pathwayUrl,
            version: container.version,
            name: container.cqlName,
            title: metadata(pathway, 'title') ?? pathway.name,
            type: { coding: [{ system: PLAN_DEFINITION_TYPE, code: 'clinical-protocol', display: 'Clinical Protocol' }] },
            status: 'draft',
            experimental: true,
            publisher: metadata(pathway, 'owner'),
            description: markdown(metadata(pathway, 'description')),
            library: [container.libraryUrl],
            action: states.map(state => ({
                id: state.name,
                title: state.label ?? state.name,
                description: stateDescription(state),
                definitionCanonical: this.url('PlanDefinition', this.stateId(state)),
            })),
        });
    }

    private strategy(state: State, exits: readonly Transition[], recommendationIds: ReadonlyMap<Transition, string>,
        container: Container, pathwayUrl: string, logic: LogicLibrary): FhirResource {
        const id = this.stateId(state);
        const monitors = state.clauses.filter((c): c is MonitorClause => c.$type === 'MonitorClause');
        const discloses = state.clauses.filter((c): c is DiscloseClause => c.$type === 'DiscloseClause');
        const actions: unknown[] = [];
        monitors.forEach((monitor, i) => {
            const activityId = this.ids.allocate('ActivityDefinition', `${container.key}|state|${state.name}|monitor|${i + 1}`, `${id}.monitor-${i + 1}`);
            const untilDefine = monitor.until ? logic.untilDefine(state, i + 1, monitor.until) : undefined;
            this.resources.push(this.monitorActivity(monitor, activityId, state, container, untilDefine));
            actions.push({
                title: `Monitor ${monitor.data.map(d => d.$refText).join(', ')} every ${formatDuration(monitor.every)}`,
                timingTiming: timing(monitor.every),
                condition: untilDefine ? [{ kind: 'stop', expression: { language: 'text/cql-identifier', expression: untilDefine, reference: container.libraryUrl } }] : undefined,
                participant: [this.participant(this.resolve(monitor.by, monitor))],
                definitionCanonical: this.url('ActivityDefinition', activityId),
            });
        });
        discloses.forEach((disclose, i) => {
            const activityId = this.ids.allocate('ActivityDefinition', `${container.key}|state|${state.name}|disclose|${i + 1}`, `${id}.disclose-${i + 1}`);
            this.resources.push(this.discloseActivity(disclose, activityId, state, container));
            actions.push({
                title: `Disclose ${disclose.data.length > 0 ? disclose.data.map(d => d.$refText).join(', ') : 'results'} to ${disclose.recipients.map(r => r.$refText).join(', ')}`,
                participant: [this.participant(this.resolve(disclose.by, disclose))],
                definitionCanonical: this.url('ActivityDefinition', activityId),
            });
        });
        if (exits.length > 0) {
            actions.push({
                title: `Leave ${state.name}`,
                description: 'At most one exit is taken: the one whose recommendation applies.',
                groupingBehavior: 'logical-group',
                selectionBehavior: 'at-most-one',
                action: exits.map(t => ({
                    title: `${t.source?.$refText} -> ${t.target?.$refText}`,
                    definitionCanonical: this.url('PlanDefinition', recommendationIds.get(t)!),
                })),
            });
        }
        return {
            resourceType: 'PlanDefinition',
            id,
            meta: { profile: [CPG_PROFILES.strategy] },
            extension: [
                { url: CPG_PART_OF, valueCanonical: pathwayUrl },
                {
                    url: this.extensionUrl('state'),
                    extension: [
                        { url: 'kind', valueCoding: this.pmpathCoding(state.kind) },
                        state.hybridKind ? { url: 'hybridKind', valueCoding: this.pmpathCoding(state.hybridKind) } : undefined,
                        state.modifier ? { url: 'modifier', valueCoding: this.pmpathCoding(state.modifier) } : undefined,
                    ],
                },
            ],
            url: this.url('PlanDefinition', id),
            version: container.version,
            name: fhirName(`${container.cqlName}_${state.name}`),
            title: state.label ?? state.name,
            type: { coding: [{ system: PLAN_DEFINITION_TYPE, code: 'workflow-definition', display: 'Workflow Definition' }] },
            status: 'draft',
            experimental: true,
            description: markdown(stateDescription(state)),
            library: [container.libraryUrl],
            action: actions,
        };
    }

    private recommendation(transition: Transition, id: string, source: State, target: State, container: Container,
        pathwayUrl: string, logic: LogicLibrary): FhirResource {
        const define = logic.transitionDefine(transition, source, target);
        const gatekeepers = transition.gatekeepers.map(g => this.resolve(g, transition));
        return {
            resourceType: 'PlanDefinition',
            id,
            meta: { profile: [CPG_PROFILES.recommendation] },
            extension: [{ url: CPG_PART_OF, valueCanonical: pathwayUrl }],
            url: this.url('PlanDefinition', id),
            version: container.version,
            name: fhirName(`${container.cqlName}_${source.name}_to_${target.name}`),
            title: `${source.name} -> ${target.name}`,
            type: { coding: [{ system: PLAN_DEFINITION_TYPE, code: 'eca-rule', display: 'ECA Rule' }] },
            status: 'draft',
            experimental: true,
            description: markdown(`Move from ${source.label ?? source.name} to ${target.label ?? target.name}${transition.guard ? ` when ${guardText(transition.guard)}` : ''}${transition.after ? ` after ${formatDuration(transition.after)}` : ''}, authorized by ${gatekeepers.map(g => g.name).join(', ')}.`),
            library: [container.libraryUrl],
            action: [{
                extension: transition.after ? [{ url: this.extensionUrl('after'), valueDuration: duration(transition.after) }] : undefined,
                title: `${source.name} -> ${target.name}`,
                condition: [{
                    kind: 'applicability',
                    expression: {
                        description: [transition.guard ? `when ${guardText(transition.guard)}` : undefined, transition.after ? `after ${formatDuration(transition.after)}` : undefined].filter(Boolean).join(' ') || 'always',
                        language: 'text/cql-identifier',
                        expression: define,
                        reference: container.libraryUrl,
                    },
                }],
                participant: gatekeepers.map(actor => this.participant(actor)),
                definitionCanonical: this.url('PlanDefinition', this.stateId(target)),
            }],
        };
    }

    private monitorActivity(monitor: MonitorClause, id: string, state: State, container: Container, untilDefine: string | undefined): FhirResource {
        const by = this.resolve(monitor.by, monitor);
        const data = monitor.data.map(d => this.resolve(d, monitor));
        return {
            resourceType: 'ActivityDefinition',
            id,
            extension: [
                monitor.review ? { url: this.extensionUrl('reviewAfter'), valueDuration: duration(monitor.review) } : undefined,
                untilDefine ? { url: this.extensionUrl('until'), valueExpression: { description: `until ${guardText(monitor.until!)}`, language: 'text/cql-identifier', expression: untilDefine, reference: container.libraryUrl } } : undefined,
            ],
            url: this.url('ActivityDefinition', id),
            version: container.version,
            name: fhirName(`${container.cqlName}_${state.name}_monitor`),
            title: `Monitor ${data.map(d => d.label ?? d.name).join(', ')} every ${formatDuration(monitor.every)} (${state.name})`,
            status: 'draft',
            experimental: true,
            description: markdown(`Monitoring plan of ${state.label ?? state.name}: ${data.map(d => d.name).join(', ')} every ${formatDuration(monitor.every)} by ${by.name}${monitor.review ? `, review after ${formatDuration(monitor.review)}` : ''}${monitor.until ? `, until ${guardText(monitor.until)}` : ''}.`),
            library: [container.libraryUrl],
            kind: 'ServiceRequest',
            code: { coding: [{ system: CPG_COMMON_PROCESS, code: 'monitor-and-follow-up-of-patient', display: 'Monitor and follow up of patient' }] },
            timingTiming: timing(monitor.every),
            participant: [this.participant(by)],
            observationRequirement: data.map(d => this.dataReference(d)),
        };
    }

    private discloseActivity(disclose: DiscloseClause, id: string, state: State, container: Container): FhirResource {
        const by = this.resolve(disclose.by, disclose);
        const data = disclose.data.map(d => this.resolve(d, disclose));
        const recipients = disclose.recipients.map(r => this.resolve(r, disclose));
        const what = data.length > 0 ? data.map(d => d.label ?? d.name).join(', ') : 'results';
        return {
            resourceType: 'ActivityDefinition',
            id,
            extension: recipients.map(r => ({ url: this.extensionUrl('recipient'), valueString: r.name })),
            url: this.url('ActivityDefinition', id),
            version: container.version,
            name: fhirName(`${container.cqlName}_${state.name}_disclose`),
            title: `Disclose ${what} to ${recipients.map(r => r.label ?? r.name).join(', ')} (${state.name})`,
            status: 'draft',
            experimental: true,
            description: markdown(`${by.name} discloses ${data.length > 0 ? data.map(d => d.name).join(', ') : 'results'} to ${recipients.map(r => r.name).join(', ')}${disclose.counselling ? ' with counselling' : ' without counselling'}.`),
            kind: 'CommunicationRequest',
            code: disclose.counselling
                ? { coding: [{ system: CPG_COMMON_PROCESS, code: 'provide-counseling', display: 'Provide counseling' }], text: 'Disclose results with counselling' }
                : { text: 'Disclose results' },
            participant: [this.participant(by)],
            observationRequirement: data.map(d => this.dataReference(d)),
        };
    }

    /** An actor as an R4 participant: its type, its role coded, its name in an extension. */
    participant(actor: Actor): Record<string, unknown> {
        const { type, organization } = participantType(actor.role);
        return {
            extension: [
                { url: this.extensionUrl('actorRef'), valueString: actor.name },
                organization ? { url: R5_PARTICIPANT_TYPE, valueCode: 'organization' } : undefined,
            ],
            type,
            role: { coding: [this.pmpathCoding(actor.role)], text: actor.label ?? actor.name },
        };
    }

    actorExtensions(body: Body): unknown[] {
        return body.elements.filter((e): e is Actor => e.$type === 'Actor' && !!e.name).map(actor => ({
            url: this.extensionUrl('actor'),
            extension: [
                { url: 'name', valueString: actor.name },
                { url: 'role', valueCoding: this.pmpathCoding(actor.role) },
                actor.label !== undefined ? { url: 'label', valueString: actor.label } : undefined,
                ...actor.traits.map(trait => ({ url: 'trait', valueCoding: this.pmpathCoding(trait) })),
            ],
        }));
    }

    private flowExtension(flow: Flow): unknown {
        const consent = flow.consent ? this.resolve(flow.consent, flow) : undefined;
        return {
            url: this.extensionUrl('flow'),
            extension: [
                ...flow.data.map(d => ({ url: 'data', valueReference: this.dataReference(this.resolve(d, flow)) })),
                { url: 'from', valueString: flow.from?.$refText },
                { url: 'to', valueString: flow.to?.$refText },
                { url: 'purpose', valueCoding: PURPOSE_OF_USE[flow.purpose] },
                consent ? { url: 'consent', valueReference: { reference: `Consent/${this.consentId(consent)}`, display: consent.name } } : undefined,
                flow.waiver !== undefined ? { url: 'waiver', valueString: flow.waiver } : undefined,
            ],
        };
    }

    private pmpathCodeSystem(): FhirResource {
        const concepts = codeSystemConcepts();
        const count = (list: readonly Concept[]): number => list.reduce((n, c) => n + 1 + count(c.concept ?? []), 0);
        return {
            resourceType: 'CodeSystem',
            id: PMPATH_CODE_SYSTEM_ID,
            url: this.codeSystemUrl,
            name: 'Pmpath',
            title: 'pmpath vocabulary',
            status: 'draft',
            description: 'The words pmpath codes itself: actor roles and traits, data categories, state kinds, hybrid kinds and state modifiers (pmpath SPEC §2).',
            caseSensitive: true,
            hierarchyMeaning: 'grouped-by',
            content: 'complete',
            count: count(concepts),
            concept: concepts,
        };
    }

    /** A resolved reference, or a clear error (export is refused for unresolved references, but stay safe). */
    resolve<T extends AstNode>(ref: { ref?: T; $refText: string } | undefined, where: AstNode): T {
        const target = ref?.ref;
        if (!target) {
            const container = (() => { try { return this.containerOf(where); } catch { return undefined; } })();
            throw new FhirExportError(`unresolved reference '${ref?.$refText ?? '?'}'${container ? ` in ${container.unit.path}` : ''}; run pmpath check`);
        }
        this.containerOf(target);
        return target;
    }
}

/**
 * The CQL Library of one pathway or library: a define per data item (its
 * latest observation), per cutoff and per transition guard (and per
 * monitoring `until`), with the data requirements and the sources of the
 * cutoffs as citations.
 */
class LogicLibrary {
    private readonly defines: string[] = [];
    private readonly outputs: Array<{ name: string; type: string }> = [];
    private readonly defineNames = new Set<string>();
    private usesEnteredState = false;
    private readonly answerCodes = new Map<string, Coding>();
    private readonly externalData = new Set<Data>();

    constructor(private readonly container: Container, private readonly exporter: Exporter) {
        const body = container.body;
        for (const element of body.elements) {
            if (element.$type === 'Data' && element.name) {
                this.addDefine(element.name, dataDefine(element.name, codeName(element.name)), 'Observation');
            }
        }
        for (const element of body.elements) {
            if (element.$type === 'Cutoff' && element.name) {
                this.addDefine(element.name, `define ${cqlIdentifier(element.name)}:\n  ${this.cutoffExpression(element)}`, 'boolean');
            }
        }
    }

    /** The define for a transition: its guard, and `after` as time in the current state. */
    transitionDefine(transition: Transition, source: State, target: State): string {
        const name = this.uniqueName(`Transition ${source.name} -> ${target.name}`);
        const parts: string[] = [];
        if (transition.guard) parts.push(this.guard(transition.guard));
        if (transition.after) {
            this.usesEnteredState = true;
            parts.push(`Now() >= ${cqlIdentifier(ENTERED_STATE_PARAMETER)} + ${cqlDuration(transition.after.value, transition.after.unit)}`);
        }
        const body = parts.length === 0 ? 'true' : parts.length === 1 ? parts[0] : parts.map(p => `(${p})`).join(' and ');
        this.addDefine(name, `define ${cqlIdentifier(name)}:\n  ${body}`, 'boolean');
        return name;
    }

    /** The define for a monitoring plan's `until` guard. */
    untilDefine(state: State, index: number, guard: Guard): string {
        const name = this.uniqueName(`Monitoring ${state.name} ${index} until`);
        this.addDefine(name, `define ${cqlIdentifier(name)}:\n  ${this.guard(guard)}`, 'boolean');
        return name;
    }

    private uniqueName(base: string): string {
        let name = base;
        for (let n = 2; this.defineNames.has(name); n++) name = `${base} #${n}`;
        return name;
    }

    private addDefine(name: string, text: string, type: string): void {
        this.defineNames.add(name);
        this.defines.push(text);
        this.outputs.push({ name, type });
    }

    /** A data item or cutoff as a CQL expression, qualified by its library when imported. */
    private reference(node: Data | Cutoff): string {
        const owner = this.exporter.containerFor(node);
        if (owner !== this.container) {
            // The data behind an imported cutoff is retrieved by the imported library, but this library needs it too.
            const data = node.$type === 'Data' ? node : node.data?.ref;
            if (data) this.externalData.add(data);
        }
        return owner === this.container ? cqlIdentifier(node.name) : `${owner.cqlName}.${cqlIdentifier(node.name)}`;
    }

    private cutoffExpression(cutoff: Cutoff): string {
        const data = this.exporter.resolve(cutoff.data, cutoff);
        const comparison = cutoff.comparison;
        const observation = this.reference(data);
        if (comparison.$type === 'ClassComparison') {
            const answers = comparison.classes.map(c => {
                const coding = classAnswer(c)!;
                const name = `LOINC ${coding.code} ${coding.display}`;
                this.answerCodes.set(name, coding);
                return cqlIdentifier(name);
            });
            return classCondition(`(${observation}.value as CodeableConcept)`, answers);
        }
        return numericCondition(`(${observation}.value as Quantity)`, comparison);
    }

    /** A guard in CQL: operator for operator, parenthesised as the pmpath tree groups it. */
    private guard(guard: Guard): string {
        switch (guard.$type) {
            case 'CutoffGuard': return this.reference(this.exporter.resolve(guard.cutoff, guard));
            case 'NotGuard': return `not (${this.guard(guard.operand)})`;
            case 'GroupGuard': return this.guard(guard.inner);
            case 'AndGuard': return `(${this.guard(guard.left)} and ${this.guard(guard.right)})`;
            case 'OrGuard': return `(${this.guard(guard.left)} or ${this.guard(guard.right)})`;
            default: throw new FhirExportError(`unsupported guard ${(guard as Guard).$type}`);
        }
    }

    build(): FhirResource {
        const { container, exporter } = this;
        const body = container.body;
        const localData = body.elements.filter((e): e is Data => e.$type === 'Data' && !!e.name);
        const cutoffs = body.elements.filter((e): e is Cutoff => e.$type === 'Cutoff' && !!e.name);
        const version = (v: string | undefined) => (v !== undefined ? ` version ${cqlString(v)}` : '');
        const lines: string[] = [
            `// ${body.$type === 'Pathway' ? 'Pathway' : 'Library'} ${body.name}, generated by pmpath from ${container.unit.path.split('/').pop()!.replace(/[\r\n]/g, ' ')}.`,
            '// The most recent final observation of each data item; a cutoff on data without a value is null (unknown),',
            "// and CQL's three-valued and/or/not then combine guards exactly as pmpath does.",
            `library ${container.cqlName}${version(container.version)}`,
            '',
            "using FHIR version '4.0.1'",
            '',
            "include FHIRHelpers version '4.0.1' called FHIRHelpers",
            ...container.imports.map(i => `include ${i.cqlName}${version(i.version)} called ${i.cqlName}`),
            '',
        ];
        const systems = new Map<string, string>();
        const systemName = (url: string): string => {
            if (url === LOINC) return 'LOINC';
            if (url === SNOMED_CT) return 'SNOMEDCT';
            return 'Local data codes';
        };
        const codes: string[] = [];
        for (const data of localData) {
            const coding = exporter.dataCoding(data);
            systems.set(systemName(coding.system), coding.system);
            codes.push(codeDeclaration(codeName(data.name), { ...coding, display: data.label ?? coding.display }, systemName(coding.system)));
        }
        for (const [name, coding] of [...this.answerCodes].sort((a, b) => compare(a[0], b[0]))) {
            systems.set('LOINC', LOINC);
            codes.push(codeDeclaration(name, coding, 'LOINC'));
        }
        for (const [name, url] of [...systems].sort((a, b) => compare(a[0], b[0]))) lines.push(`codesystem ${cqlIdentifier(name)}: ${cqlString(url)}`);
        if (systems.size > 0) lines.push('');
        if (codes.length > 0) lines.push(...codes, '');
        if (this.usesEnteredState) {
            lines.push('// When the person entered the state they are in now (for `after`).', `parameter ${cqlIdentifier(ENTERED_STATE_PARAMETER)} DateTime`, '');
        }
        lines.push('context Patient', '');
        for (const define of this.defines) lines.push(define, '');
        const cql = lines.join('\n');

        const requirementData = [...localData, ...[...this.externalData].sort((a, b) => compare(exporter.dataId(a), exporter.dataId(b)))];
        return {
            resourceType: 'Library',
            id: container.libraryId,
            meta: { profile: [CPG_PROFILES.library] },
            extension: body.$type === 'Library' ? exporter.actorExtensions(body) : undefined,
            url: container.libraryUrl,
            version: container.version,
            name: container.cqlName,
            title: `${metadata(body, 'title') ?? body.name}: logic`,
            status: 'draft',
            experimental: true,
            type: { coding: [{ system: LIBRARY_TYPE, code: 'logic-library', display: 'Logic Library' }] },
            publisher: metadata(body, 'owner'),
            description: markdown(`The cutoffs${body.$type === 'Pathway' ? ' and transition conditions' : ''} of ${body.name} in CQL, generated by pmpath.`),
            relatedArtifact: [
                ...container.imports.map(i => ({ type: 'depends-on', display: i.body.name, resource: i.libraryUrl })),
                ...cutoffs.filter(c => c.source !== undefined && c.source.trim() !== '')
                    .map(c => ({ type: 'citation', label: c.name, citation: escapeMarkdown(c.source!) })),
            ],
            parameter: [
                this.usesEnteredState ? { name: ENTERED_STATE_PARAMETER, use: 'in', min: 0, max: '1', type: 'dateTime' } : undefined,
                ...this.outputs.map(o => ({ name: o.name, use: 'out', min: 0, max: '1', type: o.type })),
            ],
            dataRequirement: requirementData.map(d => ({
                type: 'Observation',
                profile: ['http://hl7.org/fhir/StructureDefinition/Observation'],
                mustSupport: ['status', 'issued', 'value'],
                codeFilter: [{ path: 'code', code: [exporter.dataCoding(d)] }],
            })),
            content: [{ contentType: 'text/cql', data: base64(cql) }],
        };
    }
}

function codeName(dataName: string): string {
    return `${dataName} code`;
}

function metadata(body: Body, key: string): string | undefined {
    return body.metadata.find(m => m.key === key)?.value;
}

function markdown(text: string | undefined): string | undefined {
    return text === undefined ? undefined : escapeMarkdown(text);
}

function stateDescription(state: State): string {
    const kind = state.kind === 'hybrid' ? `hybrid${state.hybridKind ? ` (${state.hybridKind})` : ''}` : state.kind;
    return `${state.modifier ? `${state.modifier} ` : ''}state ${state.name}: ${kind}`;
}

/** A pmpath duration as a FHIR Duration in UCUM. */
function duration(d: Duration): Record<string, unknown> {
    const unit = DURATION_UCUM[d.unit.replace(/s$/, '')];
    return { value: d.value, unit: formatDuration(d).replace(/^\S+ /, ''), system: UCUM, code: unit.code };
}

/** `every 2 weeks` as a FHIR Timing: once per period. */
function timing(d: Duration): Record<string, unknown> {
    const unit = DURATION_UCUM[d.unit.replace(/s$/, '')];
    return { repeat: { frequency: 1, period: d.value, periodUnit: unit.timing } };
}

/** A guard as pmpath text (for descriptions). */
function guardText(guard: Guard): string {
    switch (guard.$type) {
        case 'CutoffGuard': return guard.cutoff?.$refText ?? '?';
        case 'NotGuard': return `not ${guardText(guard.operand)}`;
        case 'GroupGuard': return `(${guardText(guard.inner)})`;
        case 'AndGuard': return `${guardText(guard.left)} and ${guardText(guard.right)}`;
        case 'OrGuard': return `${guardText(guard.left)} or ${guardText(guard.right)}`;
        default: return '?';
    }
}

function base64(text: string): string {
    return Buffer.from(text, 'utf8').toString('base64');
}

function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
