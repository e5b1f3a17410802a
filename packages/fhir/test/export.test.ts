/**
 * The FHIR export (SPEC §8): every resource of every example and of a
 * synthetic pathway using every construct passes two independent R4
 * validators; every reference resolves inside the export; each row of the
 * mapping table is checked on its own; output is deterministic; bad input
 * (long names, slug collisions, hostile labels) still gives valid output.
 */
import { describe, expect, it } from 'vitest';
import { bundleChunks, isFhirId, serializeResource, toBundle, type FhirExport, type FhirResource } from '@pmpath/fhir';
import { exampleFiles, exportFiles, exportTexts } from './helpers.js';
import { medplumErrors, schemaErrors } from './validators.js';

/** A library and a pathway that together use every construct of the language. */
const LIBRARY = `library SharedServices {
  title "Shared services"
  version "1.0.0"
  owner "Regional genomics"
  actor genetics: clinician "Clinical geneticist" { genomics-trained }
  actor lab: laboratory "Genomic laboratory"
  actor insurer: payer "Insurer"
  data panel: genomic "Gene panel"
  data pgx: pharmacogenomic "CYP2C19 phenotype"
  cutoff Pathogenic: panel is pathogenic, likely-pathogenic source "ACMG/AMP 2015"
  cutoff PoorMetabolizer: pgx is poor-metabolizer, intermediate-metabolizer source "CPIC 2022"
  consent ResearchConsent by genetics {
    permits research, care
    duo HMB, DS "cystic fibrosis", GS "EU", NPU
    covers panel
    withdrawable
    recontact
    expires after 10 years
  }
}
`;

const PATHWAY = `import "./shared.pmpath"

pathway EveryConstruct {
  title "Every construct"
  version "2.0.0"
  owner "Test team"
  description "A pathway with *everything* in it"
  actor gp: clinician "GP"
  actor person: patient
  actor parent: family "Parent"
  actor app: platform "Tracker app" { monetizes }
  actor registry: researcher "Registry"
  actor board: regulator
  actor admin: administrator
  actor charity: advocacy
  data ldl: biomarker "LDL cholesterol" unit "mmol/L" code loinc "22748-8"
  data dx: clinical "Diagnosis" code snomed "190905008"
  data score: genomic-score "Polygenic score"
  data bmi: lifestyle unit "kg/m2"
  data steps: passive "Steps"
  cutoff LdlHigh: ldl >= 4.9 "mmol/L" source "Simon Broome"
  cutoff LdlLow: ldl < 1.8 "mmol/L" source "ESC/EAS 2019"
  cutoff LdlBand: ldl in (1.8, 4.9] "mmol/L" source "ESC/EAS 2019"
  cutoff LdlClosed: ldl in [2, 3] "mmol/L" source "test"
  cutoff LdlOpen: ldl in (2, 3) "mmol/L" source "test"
  cutoff ScoreTop: score > 92 source "Khera 2018"
  cutoff ScoreExact: score = 50 source "test"
  cutoff ScoreLow: score <= 10
  cutoff BmiHigh: bmi >= 30 "kg/m2" source "WHO"
  consent AppConsent by person {
    permits commercial, quality, billing, public-health
    covers steps, bmi
  }
  initial state Start: healthy "Start"
  state Watch: hybrid patient-in-waiting "Watch" {
    monitor ldl, score every 2 weeks by gp review after 3 months until LdlLow or not LdlHigh
    monitor bmi every 1 day by gp
    disclose ldl to person, parent by gp with counselling
    disclose to person by gp
  }
  state Carrier: hybrid carrier
  state Sub: hybrid subclinical
  state Risk: hybrid at-risk
  final state Sick: sick "Sick"
  final state Well: healthy
  Start -> Watch when LdlHigh and (Pathogenic or not ScoreTop) by gp, lab
  Start -> Well when LdlLow by gp
  Start -> Carrier when PoorMetabolizer by genetics, insurer, app, board, admin, charity, parent, person, registry
  Start -> Carrier after 1 year by gp
  Watch -> Sick when LdlBand after 6 months by gp
  Watch -> Well after 2 years by gp
  Carrier -> Sub when ScoreExact or ScoreLow by gp
  Sub -> Risk when BmiHigh and LdlClosed by gp
  Risk -> Sick when LdlOpen by gp
  Risk -> Well by gp
  flow ldl from lab to gp for care
  flow panel from lab to registry for research under ResearchConsent
  flow steps, bmi from person to app for commercial under AppConsent
  flow dx from gp to board for public-health waiver "IRB-2024-17"
}
`;

async function everyConstruct(options: { canonical?: string } = {}): Promise<FhirExport & { diagnostics: Record<string, unknown[]> }> {
    return exportTexts({ 'shared.pmpath': LIBRARY, 'main.pmpath': PATHWAY }, { ...options, exported: ['main.pmpath'] });
}

function byId(result: FhirExport, resourceType: string, id: string): FhirResource {
    const found = result.resources.find(r => r.resourceType === resourceType && r.id === id);
    if (!found) throw new Error(`no ${resourceType}/${id} among ${result.resources.map(r => `${r.resourceType}/${r.id}`).join(', ')}`);
    return found;
}

function cqlOf(library: FhirResource): string {
    const content = (library.content as Array<{ contentType: string; data: string }>)[0];
    expect(content.contentType).toBe('text/cql');
    return Buffer.from(content.data, 'base64').toString('utf8');
}

function validationProblems(resources: readonly FhirResource[]): string[] {
    const problems: string[] = [];
    for (const r of resources) {
        for (const e of schemaErrors(r)) problems.push(`schema ${r.resourceType}/${r.id}: ${e}`);
        for (const e of medplumErrors(r)) problems.push(`medplum ${r.resourceType}/${r.id}: ${e}`);
    }
    return problems;
}

/** Every canonical URL and literal reference in a resource, with where it is. */
function linksOf(value: unknown, out: Array<{ kind: string; target: string }> = []): Array<{ kind: string; target: string }> {
    if (Array.isArray(value)) {
        value.forEach(v => linksOf(v, out));
    } else if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
            // Expression.reference is the canonical URL of a Library; every other `reference` is literal (Type/id).
            if (key === 'reference' && typeof item === 'string') out.push({ kind: item.includes('://') ? 'expression' : 'reference', target: item });
            else if ((key === 'definitionCanonical' || key === 'valueCanonical') && typeof item === 'string') out.push({ kind: key, target: item });
            else if (key === 'library' && Array.isArray(item)) item.forEach(t => out.push({ kind: 'library', target: String(t) }));
            else if (key === 'resource' && typeof item === 'string') out.push({ kind: 'relatedArtifact', target: item });
            else linksOf(item, out);
        }
    }
    return out;
}

function unresolvedLinks(result: FhirExport): string[] {
    const urls = new Set(result.resources.map(r => (typeof r.url === 'string' ? r.url : `${result.canonical}/${r.resourceType}/${r.id}`)));
    const literal = new Set(result.resources.map(r => `${r.resourceType}/${r.id}`));
    const missing: string[] = [];
    for (const resource of result.resources) {
        for (const link of linksOf(resource)) {
            const ok = link.kind === 'reference' ? literal.has(link.target) : urls.has(link.target);
            if (!ok) missing.push(`${resource.resourceType}/${resource.id} ${link.kind} → ${link.target}`);
        }
    }
    return missing;
}

describe('validation with two independent FHIR R4 validators', () => {
    it('the validators catch defects (they are not vacuous)', () => {
        expect(schemaErrors({ resourceType: 'PlanDefinition', id: 'bad_id', status: 'draft' } as FhirResource)).not.toEqual([]);
        expect(schemaErrors({ resourceType: 'Consent', id: 'x', status: 'agreed-maybe', scope: { text: 's' }, category: [{ text: 'c' }] } as FhirResource)).not.toEqual([]);
        expect(schemaErrors({ resourceType: 'PlanDefinition', id: 'x', status: 'draft', action: [{ condition: [{ kind: 'applicability', expression: { language: 'text/javascript' } }] }] } as FhirResource)).not.toEqual([]);
        expect(medplumErrors({ resourceType: 'PlanDefinition', id: 'x' } as FhirResource)).not.toEqual([]);
        expect(medplumErrors({ resourceType: 'Consent', id: 'x', status: 'proposed', scope: { text: 's' }, category: [{ text: 'c' }] } as FhirResource)).not.toEqual([]);
    });

    it('every resource of every example passes both', async () => {
        const result = await exportFiles(exampleFiles());
        expect(result.resources.length).toBeGreaterThan(100);
        expect(validationProblems(result.resources)).toEqual([]);
    });

    it('every resource of a pathway using every construct passes both, and so does the Bundle', async () => {
        const result = await everyConstruct();
        expect(result.diagnostics['main.pmpath'].filter(d => (d as { rule: string }).rule === 'syntax' || (d as { rule: string }).rule === 'unresolved-reference')).toEqual([]);
        const types = new Set(result.resources.map(r => r.resourceType));
        expect([...types].sort()).toEqual(['ActivityDefinition', 'CodeSystem', 'Consent', 'Library', 'ObservationDefinition', 'PlanDefinition', 'StructureDefinition']);
        expect(validationProblems(result.resources)).toEqual([]);
        const bundle = toBundle(result.resources, result.canonical);
        // The streamed Bundle text is exactly the serialized Bundle.
        expect([...bundleChunks(result.resources, result.canonical)].join('')).toBe(serializeResource(bundle));
        expect(schemaErrors(bundle)).toEqual([]);
        expect(medplumErrors(bundle)).toEqual([]);
    });
});

describe('references', () => {
    it('every reference, definitionCanonical, library and partOf canonical resolves inside the export (examples)', async () => {
        const result = await exportFiles(exampleFiles());
        expect(unresolvedLinks(result)).toEqual([]);
        expect(linksOf(result.resources).length).toBeGreaterThan(200);
    });

    it('every link resolves in the every-construct export too, with a custom canonical', async () => {
        const result = await everyConstruct({ canonical: 'https://fhir.example.net/pm/' });
        expect(result.canonical).toBe('https://fhir.example.net/pm');
        expect(unresolvedLinks(result)).toEqual([]);
        for (const r of result.resources) {
            if (typeof r.url === 'string') expect(r.url.startsWith('https://fhir.example.net/pm/')).toBe(true);
        }
    });

    it('exports what a pathway imports with it, and shares library resources between pathways', async () => {
        const second = PATHWAY.replace('pathway EveryConstruct', 'pathway Second');
        const result = await exportTexts({ 'shared.pmpath': LIBRARY, 'main.pmpath': PATHWAY, 'second.pmpath': second }, { exported: ['main.pmpath', 'second.pmpath'] });
        const libraries = result.resources.filter(r => r.resourceType === 'Library').map(r => r.id).sort();
        expect(libraries).toEqual(['every-construct', 'second', 'shared-services']);
        expect(result.resources.filter(r => r.resourceType === 'Consent' && r.id === 'shared-services.research-consent')).toHaveLength(1);
        expect(unresolvedLinks(result)).toEqual([]);
        const cql = cqlOf(byId(result, 'Library', 'second'));
        expect(cql).toContain("include SharedServices version '1.0.0' called SharedServices");
        expect(cql).toContain('SharedServices."Pathogenic"');
    });
});

describe('the mapping table, row by row', () => {
    it('pathway → PlanDefinition clinical-protocol with the CPG pathway profile, metadata, one action per state, its Library', async () => {
        const result = await everyConstruct();
        const pathway = byId(result, 'PlanDefinition', 'every-construct');
        expect(pathway).toMatchObject({
            meta: { profile: ['http://hl7.org/fhir/uv/cpg/StructureDefinition/cpg-pathwaydefinition'] },
            url: 'http://example.org/fhir/PlanDefinition/every-construct',
            version: '2.0.0', title: 'Every construct', publisher: 'Test team', name: 'EveryConstruct',
            type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/plan-definition-type', code: 'clinical-protocol' }] },
            library: ['http://example.org/fhir/Library/every-construct'],
        });
        expect(pathway.description).toBe('A pathway with \\*everything\\* in it');
        const actions = pathway.action as Array<{ title: string; definitionCanonical: string }>;
        expect(actions.map(a => a.definitionCanonical.split('/').pop())).toEqual([
            'every-construct.start', 'every-construct.watch', 'every-construct.carrier', 'every-construct.sub',
            'every-construct.risk', 'every-construct.sick', 'every-construct.well',
        ]);
    });

    it('state → strategy PlanDefinition (workflow-definition, cpg-partOf) with its exits as one at-most-one group and its kind in an extension', async () => {
        const result = await everyConstruct();
        const watch = byId(result, 'PlanDefinition', 'every-construct.watch');
        expect(watch.meta).toEqual({ profile: ['http://hl7.org/fhir/uv/cpg/StructureDefinition/cpg-strategydefinition'] });
        expect(watch.type).toMatchObject({ coding: [{ code: 'workflow-definition' }] });
        const extensions = watch.extension as Array<{ url: string; valueCanonical?: string; extension?: Array<{ url: string; valueCoding: { code: string } }> }>;
        expect(extensions.find(e => e.url === 'http://hl7.org/fhir/uv/cpg/StructureDefinition/cpg-partOf')?.valueCanonical).toBe('http://example.org/fhir/PlanDefinition/every-construct');
        const state = extensions.find(e => e.url.endsWith('/StructureDefinition/pmpath-state'))!;
        expect(state.extension!.map(e => `${e.url}=${e.valueCoding.code}`)).toEqual(['kind=hybrid', 'hybridKind=patient-in-waiting']);
        const group = (watch.action as Array<Record<string, unknown>>).find(a => a.selectionBehavior);
        expect(group).toMatchObject({ groupingBehavior: 'logical-group', selectionBehavior: 'at-most-one' });
        expect((group!.action as Array<{ definitionCanonical: string }>).map(a => a.definitionCanonical.split('/').pop()))
            .toEqual(['every-construct.watch-to-sick', 'every-construct.watch-to-well']);
        const start = byId(result, 'PlanDefinition', 'every-construct.start');
        const startState = (start.extension as typeof extensions).find(e => e.url.endsWith('pmpath-state'))!;
        expect(startState.extension!.map(e => e.valueCoding.code)).toEqual(['healthy', 'initial']);
        const sick = byId(result, 'PlanDefinition', 'every-construct.sick');
        expect((sick.action as unknown[] | undefined)?.some(a => (a as { selectionBehavior?: string }).selectionBehavior)).toBeFalsy();
    });

    it('transition → eca-rule recommendation with a cql-identifier applicability condition, participants, and definitionCanonical to the target strategy', async () => {
        const result = await everyConstruct();
        const rec = byId(result, 'PlanDefinition', 'every-construct.start-to-watch');
        expect(rec.meta).toEqual({ profile: ['http://hl7.org/fhir/uv/cpg/StructureDefinition/cpg-recommendationdefinition'] });
        expect(rec.type).toMatchObject({ coding: [{ code: 'eca-rule' }] });
        const [action] = rec.action as Array<Record<string, unknown>>;
        expect(action.condition).toEqual([{
            kind: 'applicability',
            expression: {
                description: 'when LdlHigh and (Pathogenic or not ScoreTop)', language: 'text/cql-identifier',
                expression: 'Transition Start -> Watch', reference: 'http://example.org/fhir/Library/every-construct',
            },
        }]);
        expect(action.definitionCanonical).toBe('http://example.org/fhir/PlanDefinition/every-construct.watch');
        const participants = action.participant as Array<{ type: string; role: { coding: Array<{ code: string }> }; extension: Array<{ url: string; valueString?: string; valueCode?: string }> }>;
        expect(participants.map(p => [p.extension[0].valueString, p.type, p.role.coding[0].code])).toEqual([
            ['gp', 'practitioner', 'clinician'], ['lab', 'practitioner', 'laboratory'],
        ]);
        expect(participants[1].extension[1]).toEqual({ url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-PlanDefinition.action.participant.type', valueCode: 'organization' });
        const many = byId(result, 'PlanDefinition', 'every-construct.start-to-carrier');
        const types = ((many.action as Array<Record<string, unknown>>)[0].participant as Array<{ type: string; extension: Array<{ valueString?: string }> }>)
            .map(p => `${p.extension[0].valueString}:${p.type}`);
        expect(types).toEqual(['genetics:practitioner', 'insurer:practitioner', 'app:device', 'board:practitioner', 'admin:practitioner',
            'charity:practitioner', 'parent:related-person', 'person:patient', 'registry:practitioner']);
    });

    it('`after` is part of the CQL condition (time in the current state) and kept in an extension', async () => {
        const result = await everyConstruct();
        const rec = byId(result, 'PlanDefinition', 'every-construct.watch-to-sick');
        const [action] = rec.action as Array<Record<string, unknown>>;
        expect(action.extension).toEqual([{ url: 'http://example.org/fhir/StructureDefinition/pmpath-after', valueDuration: { value: 6, unit: 'months', system: 'http://unitsofmeasure.org', code: 'mo' } }]);
        const cql = cqlOf(byId(result, 'Library', 'every-construct'));
        expect(cql).toContain('parameter "Entered current state" DateTime');
        expect(cql).toContain('define "Transition Watch -> Sick":\n  ("LdlBand") and (Now() >= "Entered current state" + 6 months)');
        expect(cql).toContain('define "Transition Watch -> Well":\n  Now() >= "Entered current state" + 2 years');
        expect(cql).toContain('define "Transition Start -> Carrier #2":\n  Now() >= "Entered current state" + 1 year');
        expect(cql).toContain('define "Transition Risk -> Well":\n  true');
    });

    it('cutoffs → one define each with exact bounds, open and closed ends and UCUM quantities', async () => {
        const cql = cqlOf(byId(await everyConstruct(), 'Library', 'every-construct'));
        expect(cql).toContain('define "LdlHigh":\n  ("ldl".value as Quantity) >= 4.9 \'mmol/L\'');
        expect(cql).toContain('define "LdlLow":\n  ("ldl".value as Quantity) < 1.8 \'mmol/L\'');
        expect(cql).toContain('define "LdlBand":\n  ("ldl".value as Quantity) in Interval(1.8 \'mmol/L\', 4.9 \'mmol/L\']');
        expect(cql).toContain('define "LdlClosed":\n  ("ldl".value as Quantity) in Interval[2 \'mmol/L\', 3 \'mmol/L\']');
        expect(cql).toContain('define "LdlOpen":\n  ("ldl".value as Quantity) in Interval(2 \'mmol/L\', 3 \'mmol/L\')');
        expect(cql).toContain('define "ScoreTop":\n  ("score".value as Quantity) > 92 \'1\'');
        expect(cql).toContain('define "ScoreExact":\n  ("score".value as Quantity) = 50 \'1\'');
        expect(cql).toContain('define "ScoreLow":\n  ("score".value as Quantity) <= 10 \'1\'');
        expect(cql).toContain("library EveryConstruct version '2.0.0'");
        expect(cql).toContain("using FHIR version '4.0.1'");
        expect(cql).toContain("code \"ldl code\": '22748-8' from \"LOINC\" display 'LDL cholesterol'");
        expect(cql).toContain("code \"dx code\": '190905008' from \"SNOMEDCT\" display 'Diagnosis'");
        expect(cql).toMatch(/define "ldl":\n {2}Last\(\[Observation: "ldl code"\] O\n {4}where O\.status in \{ 'final', 'amended', 'corrected' \}\n {4}sort by issued\)/);
    });

    it('variant classes as LOINC 53037-8 answers and metabolizer phenotypes as LOINC 53040-2 answers, unknown without a value', async () => {
        const cql = cqlOf(byId(await everyConstruct(), 'Library', 'shared-services'));
        expect(cql).toContain("code \"LOINC LA6668-3 Pathogenic\": 'LA6668-3' from \"LOINC\" display 'Pathogenic'");
        expect(cql).toContain("code \"LOINC LA26332-9 Likely pathogenic\": 'LA26332-9' from \"LOINC\" display 'Likely pathogenic'");
        expect(cql).toContain("code \"LOINC LA9657-3 Poor metabolizer\": 'LA9657-3' from \"LOINC\"");
        expect(cql).toContain("code \"LOINC LA10317-8 Intermediate metabolizer\": 'LA10317-8' from \"LOINC\"");
        expect(cql).toContain('define "Pathogenic":\n  if ("panel".value as CodeableConcept) is null then null as Boolean\n    else (("panel".value as CodeableConcept) ~ "LOINC LA6668-3 Pathogenic") or (("panel".value as CodeableConcept) ~ "LOINC LA26332-9 Likely pathogenic")');
    });

    it('guards translate to CQL\'s three-valued and/or/not with pmpath\'s grouping, imported cutoffs qualified by their library', async () => {
        const result = await everyConstruct();
        const cql = cqlOf(byId(result, 'Library', 'every-construct'));
        expect(cql).toContain('define "Transition Start -> Watch":\n  ("LdlHigh" and (SharedServices."Pathogenic" or not ("ScoreTop")))');
        expect(cql).toContain('define "Transition Carrier -> Sub":\n  ("ScoreExact" or "ScoreLow")');
        expect(cql).toContain('define "Monitoring Watch 1 until":\n  ("LdlLow" or not ("LdlHigh"))');
        expect(cql).toContain("include SharedServices version '1.0.0' called SharedServices");
        expect(cql).toContain("include FHIRHelpers version '4.0.1' called FHIRHelpers");
    });

    it('the Library: CPG computable library, logic-library, dataRequirements per data item, sources as citations, parameters', async () => {
        const result = await everyConstruct();
        const library = byId(result, 'Library', 'every-construct');
        expect(library).toMatchObject({
            meta: { profile: ['http://hl7.org/fhir/uv/cpg/StructureDefinition/cpg-computablelibrary'] },
            type: { coding: [{ code: 'logic-library' }] },
            url: 'http://example.org/fhir/Library/every-construct',
        });
        const requirements = library.dataRequirement as Array<{ type: string; codeFilter: Array<{ code: Array<{ system: string; code: string }> }> }>;
        expect(requirements.map(r => r.codeFilter[0].code[0].code)).toEqual(['22748-8', '190905008', 'score', 'bmi', 'steps', 'panel', 'pgx']);
        expect(requirements[0].codeFilter[0].code[0].system).toBe('http://loinc.org');
        expect(requirements[2].codeFilter[0].code[0].system).toBe('http://example.org/fhir/CodeSystem/every-construct.data');
        const related = library.relatedArtifact as Array<{ type: string; resource?: string; label?: string; citation?: string }>;
        expect(related[0]).toEqual({ type: 'depends-on', display: 'SharedServices', resource: 'http://example.org/fhir/Library/shared-services' });
        expect(related.find(r => r.label === 'LdlHigh')).toEqual({ type: 'citation', label: 'LdlHigh', citation: 'Simon Broome' });
        expect(related.find(r => r.label === 'ScoreLow')).toBeUndefined();
        const parameters = library.parameter as Array<{ name: string; use: string; type: string }>;
        expect(parameters[0]).toEqual({ name: 'Entered current state', use: 'in', min: 0, max: '1', type: 'dateTime' });
        expect(parameters.some(p => p.name === 'LdlHigh' && p.use === 'out' && p.type === 'boolean')).toBe(true);
    });

    it('numeric cutoffs as ObservationDefinition.qualifiedInterval with UCUM units (informative ranges, exact text in condition)', async () => {
        const result = await everyConstruct();
        const ldl = byId(result, 'ObservationDefinition', 'every-construct.ldl');
        const ucum = (value: number) => ({ value, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' });
        expect(ldl.qualifiedInterval).toEqual([
            { category: 'reference', range: { low: ucum(4.9) }, condition: 'LdlHigh: ldl >= 4.9 "mmol/L" (source: Simon Broome)' },
            { category: 'reference', range: { high: ucum(1.8) }, condition: 'LdlLow: ldl < 1.8 "mmol/L" (source: ESC/EAS 2019)' },
            { category: 'reference', range: { low: ucum(1.8), high: ucum(4.9) }, condition: 'LdlBand: ldl in (1.8, 4.9] "mmol/L" (source: ESC/EAS 2019)' },
            { category: 'reference', range: { low: ucum(2), high: ucum(3) }, condition: 'LdlClosed: ldl in [2, 3] "mmol/L" (source: test)' },
            { category: 'reference', range: { low: ucum(2), high: ucum(3) }, condition: 'LdlOpen: ldl in (2, 3) "mmol/L" (source: test)' },
        ]);
        const score = byId(result, 'ObservationDefinition', 'every-construct.score');
        expect((score.qualifiedInterval as Array<{ range: unknown }>)[1]).toMatchObject({ range: { low: { value: 50 }, high: { value: 50 } } });
    });

    it('data → ObservationDefinition with its LOINC or SNOMED CT coding, else code.text (and a warning), and its UCUM unit', async () => {
        const result = await everyConstruct();
        const ldl = byId(result, 'ObservationDefinition', 'every-construct.ldl');
        expect(ldl.code).toEqual({ coding: [{ system: 'http://loinc.org', code: '22748-8' }], text: 'LDL cholesterol' });
        expect(ldl.quantitativeDetails).toEqual({ unit: { coding: [{ system: 'http://unitsofmeasure.org', code: 'mmol/L' }], text: 'mmol/L' } });
        expect(ldl.permittedDataType).toEqual(['Quantity']);
        expect(byId(result, 'ObservationDefinition', 'every-construct.dx').code).toEqual({ coding: [{ system: 'http://snomed.info/sct', code: '190905008' }], text: 'Diagnosis' });
        expect(byId(result, 'ObservationDefinition', 'every-construct.score').code).toEqual({ text: 'Polygenic score' });
        expect(byId(result, 'ObservationDefinition', 'every-construct.bmi').code).toEqual({ text: 'bmi' });
        expect(byId(result, 'ObservationDefinition', 'shared-services.panel').permittedDataType).toEqual(['CodeableConcept']);
        expect(result.warnings.map(w => `${w.path}:${w.element}`)).toEqual([
            'main.pmpath:score', 'main.pmpath:bmi', 'main.pmpath:steps', 'shared.pmpath:panel', 'shared.pmpath:pgx',
        ]);
        expect(result.warnings[0].message).toContain("data 'score'");
        const local = byId(result, 'CodeSystem', 'every-construct.data');
        expect((local.concept as Array<{ code: string }>).map(c => c.code)).toEqual(['score', 'bmi', 'steps']);
    });

    it('monitor → ActivityDefinition (monitor-and-follow-up-of-patient, periodic timing, review and until), disclose → CommunicationRequest activity', async () => {
        const result = await everyConstruct();
        const monitor = byId(result, 'ActivityDefinition', 'every-construct.watch.monitor-1');
        expect(monitor).toMatchObject({
            kind: 'ServiceRequest',
            code: { coding: [{ system: 'http://hl7.org/fhir/uv/cpg/CodeSystem/cpg-common-process-cs', code: 'monitor-and-follow-up-of-patient' }] },
            timingTiming: { repeat: { frequency: 1, period: 2, periodUnit: 'wk' } },
            observationRequirement: [{ reference: 'ObservationDefinition/every-construct.ldl' }, { reference: 'ObservationDefinition/every-construct.score' }],
        });
        expect(monitor.extension).toEqual([
            { url: 'http://example.org/fhir/StructureDefinition/pmpath-review-after', valueDuration: { value: 3, unit: 'months', system: 'http://unitsofmeasure.org', code: 'mo' } },
            { url: 'http://example.org/fhir/StructureDefinition/pmpath-until', valueExpression: { description: 'until LdlLow or not LdlHigh', language: 'text/cql-identifier', expression: 'Monitoring Watch 1 until', reference: 'http://example.org/fhir/Library/every-construct' } },
        ]);
        expect(byId(result, 'ActivityDefinition', 'every-construct.watch.monitor-2')).toMatchObject({ timingTiming: { repeat: { period: 1, periodUnit: 'd' } } });
        const counselled = byId(result, 'ActivityDefinition', 'every-construct.watch.disclose-1');
        expect(counselled).toMatchObject({ kind: 'CommunicationRequest', code: { coding: [{ code: 'provide-counseling' }] } });
        expect((counselled.extension as Array<{ valueString: string }>).map(e => e.valueString)).toEqual(['person', 'parent']);
        const plain = byId(result, 'ActivityDefinition', 'every-construct.watch.disclose-2');
        expect(plain.code).toEqual({ text: 'Disclose results' });
        const watch = byId(result, 'PlanDefinition', 'every-construct.watch');
        const canonicals = (watch.action as Array<{ definitionCanonical?: string; condition?: unknown }>).map(a => a.definitionCanonical?.split('/').pop());
        expect(canonicals.slice(0, 4)).toEqual(['every-construct.watch.monitor-1', 'every-construct.watch.monitor-2', 'every-construct.watch.disclose-1', 'every-construct.watch.disclose-2']);
        expect((watch.action as Array<{ condition?: unknown }>)[0].condition).toEqual([{ kind: 'stop', expression: { language: 'text/cql-identifier', expression: 'Monitoring Watch 1 until', reference: 'http://example.org/fhir/Library/every-construct' } }]);
    });

    it('consent → Consent template with PurposeOfUse and DUO codings (CURIEs, arguments), provision.data, and its extensions', async () => {
        const result = await everyConstruct();
        const consent = byId(result, 'Consent', 'shared-services.research-consent');
        expect(consent).toMatchObject({ status: 'proposed', scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'research' }] } });
        const provision = consent.provision as { type: string; purpose: Array<{ system: string; code: string; extension?: unknown }>; data: unknown[] };
        expect(provision.purpose.map(p => `${p.system === 'http://purl.obolibrary.org/obo/duo.owl' ? 'duo' : 'pou'}:${p.code}`))
            .toEqual(['pou:HRESCH', 'pou:TREAT', 'duo:DUO:0000006', 'duo:DUO:0000007', 'duo:DUO:0000022', 'duo:DUO:0000045']);
        expect(provision.purpose[3].extension).toEqual([{ url: 'http://example.org/fhir/StructureDefinition/pmpath-duo-argument', valueString: 'cystic fibrosis' }]);
        expect(provision.data).toEqual([{ meaning: 'related', reference: { reference: 'ObservationDefinition/shared-services.panel', display: 'Gene panel' } }]);
        expect(consent.extension).toEqual([
            { url: 'http://example.org/fhir/StructureDefinition/pmpath-actor-ref', valueString: 'genetics' },
            { url: 'http://example.org/fhir/StructureDefinition/pmpath-withdrawable', valueBoolean: true },
            { url: 'http://example.org/fhir/StructureDefinition/pmpath-recontact', valueBoolean: true },
            { url: 'http://example.org/fhir/StructureDefinition/pmpath-expires-after', valueDuration: { value: 10, unit: 'years', system: 'http://unitsofmeasure.org', code: 'a' } },
        ]);
        const app = byId(result, 'Consent', 'every-construct.app-consent');
        expect(app.scope).toEqual({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy', display: 'Privacy Consent' }] });
        expect((app.provision as typeof provision).purpose.map(p => p.code)).toEqual(['HMARKT', 'HQUALIMP', 'HPAYMT', 'PUBHLTH']);
        expect((app.extension as Array<{ valueBoolean?: boolean }>).map(e => e.valueBoolean)).toEqual([undefined, false, false]);
    });

    it('flows → pmpath extensions on the pathway: data, from, to, purpose, consent or waiver; actors too', async () => {
        const result = await everyConstruct();
        const pathway = byId(result, 'PlanDefinition', 'every-construct');
        const flows = (pathway.extension as Array<{ url: string; extension: Array<Record<string, unknown>> }>).filter(e => e.url.endsWith('/pmpath-flow'));
        expect(flows).toHaveLength(4);
        expect(flows[1].extension).toEqual([
            { url: 'data', valueReference: { reference: 'ObservationDefinition/shared-services.panel', display: 'Gene panel' } },
            { url: 'from', valueString: 'lab' },
            { url: 'to', valueString: 'registry' },
            { url: 'purpose', valueCoding: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'HRESCH', display: 'healthcare research' } },
            { url: 'consent', valueReference: { reference: 'Consent/shared-services.research-consent', display: 'ResearchConsent' } },
        ]);
        expect(flows[3].extension.at(-1)).toEqual({ url: 'waiver', valueString: 'IRB-2024-17' });
        const actors = (pathway.extension as Array<{ url: string; extension: Array<{ url: string; valueString?: string; valueCoding?: { code: string } }> }>).filter(e => e.url.endsWith('/pmpath-actor'));
        expect(actors.map(a => a.extension[0].valueString)).toEqual(['gp', 'person', 'parent', 'app', 'registry', 'board', 'admin', 'charity']);
        expect(actors[3].extension.map(e => e.valueCoding?.code ?? e.valueString)).toEqual(['app', 'platform', 'Tracker app', 'monetizes']);
        const shared = byId(result, 'Library', 'shared-services');
        expect((shared.extension as unknown[]).length).toBe(3);
    });

    it('publishes every pmpath extension as a StructureDefinition and pmpath\'s own codes as a CodeSystem', async () => {
        const result = await everyConstruct();
        const used = new Set<string>();
        const collect = (value: unknown): void => {
            if (Array.isArray(value)) value.forEach(collect);
            else if (value && typeof value === 'object') {
                for (const [key, item] of Object.entries(value)) {
                    if (key === 'url' && typeof item === 'string' && item.includes('/StructureDefinition/pmpath-')) used.add(item);
                    collect(item);
                }
            }
        };
        result.resources.filter(r => r.resourceType !== 'StructureDefinition').forEach(collect);
        const definitions = new Set(result.resources.filter(r => r.resourceType === 'StructureDefinition').map(r => r.url));
        expect([...used].filter(u => !definitions.has(u))).toEqual([]);
        expect(definitions.size).toBe(used.size);
        const codeSystem = byId(result, 'CodeSystem', 'pmpath');
        const codes = new Set<string>();
        const walk = (concepts: Array<{ code: string; concept?: unknown[] }>) => concepts.forEach(c => { codes.add(c.code); walk((c.concept ?? []) as never); });
        walk(codeSystem.concept as never);
        const pmpathCodes = new Set<string>();
        const collectCodes = (value: unknown): void => {
            if (Array.isArray(value)) value.forEach(collectCodes);
            else if (value && typeof value === 'object') {
                const v = value as Record<string, unknown>;
                if (v.system === 'http://example.org/fhir/CodeSystem/pmpath' && typeof v.code === 'string') pmpathCodes.add(v.code);
                Object.values(v).forEach(collectCodes);
            }
        };
        result.resources.forEach(collectCodes);
        expect(pmpathCodes.size).toBeGreaterThan(10);
        expect([...pmpathCodes].filter(c => !codes.has(c))).toEqual([]);
    });
});

describe('determinism and ids', () => {
    it('gives byte-identical output for the same input', async () => {
        const first = (await exportFiles(exampleFiles())).resources.map(serializeResource).join('');
        const second = (await exportFiles(exampleFiles())).resources.map(serializeResource).join('');
        expect(second).toBe(first);
        const a = (await everyConstruct()).resources.map(serializeResource).join('');
        const b = (await everyConstruct()).resources.map(serializeResource).join('');
        expect(b).toBe(a);
    });

    it('keeps every id at most 64 characters of [A-Za-z0-9-.], unique per resource type', async () => {
        const result = await exportFiles(exampleFiles());
        for (const r of result.resources) expect(isFhirId(r.id), `${r.resourceType}/${r.id}`).toBe(true);
        const keys = result.resources.map(r => `${r.resourceType}/${r.id.toLowerCase()}`);
        expect(new Set(keys).size).toBe(keys.length);
    });
});

describe('bad input', () => {
    it('gives unique valid ids to long names and to names that collide after slugging', async () => {
        const long = `Very${'Long'.repeat(20)}`;
        const text = `pathway ${long}Pathway {
  actor doc: clinician
  data Foo_bar: biomarker
  data FooBar: biomarker
  data foo_Bar: biomarker
  cutoff A: Foo_bar > 1 source "s"
  initial state ${long}StateNumberOne: healthy
  final state ${long}StateNumberTwo: sick
  final state S_x: sick
  final state Sx: sick
  ${long}StateNumberOne -> ${long}StateNumberTwo when A by doc
  ${long}StateNumberOne -> ${long}StateNumberTwo by doc
  ${long}StateNumberOne -> S_x by doc
  ${long}StateNumberOne -> Sx by doc
  flow Foo_bar, FooBar, foo_Bar from doc to doc for care
}
`;
        const result = await exportTexts({ 'long.pmpath': text });
        for (const r of result.resources) expect(isFhirId(r.id), `${r.resourceType}/${r.id}`).toBe(true);
        const keys = result.resources.map(r => `${r.resourceType}/${r.id.toLowerCase()}`);
        expect(new Set(keys).size).toBe(keys.length);
        const data = result.resources.filter(r => r.resourceType === 'ObservationDefinition').map(r => r.id);
        expect(new Set(data).size).toBe(3);
        const short = await exportTexts({ 'short.pmpath': 'pathway P {\n  data Foo_bar: biomarker\n  data FooBar: biomarker\n}\n' });
        const ids = short.resources.filter(r => r.resourceType === 'ObservationDefinition').map(r => r.id);
        expect(ids).toEqual(['p.foo-bar', expect.stringMatching(/^p\.foo-bar-[0-9a-f]{8}$/)]);
        const pathway = result.resources.find(r => r.resourceType === 'PlanDefinition' && (r.meta as { profile: string[] }).profile[0].endsWith('pathwaydefinition'))!;
        expect(pathway.id).toMatch(/^very-long-long-.*-[0-9a-f]{8}$/);
        expect(pathway.id.length).toBeLessThanOrEqual(64);
        expect(unresolvedLinks(result)).toEqual([]);
        expect(validationProblems(result.resources)).toEqual([]);
    });

    it('keeps labels with quotes, backslashes, markup and escaped newlines as text: valid JSON, CQL literals unbroken, markdown escaped', async () => {
        const hostile = String.raw`Say \"hi\" <script>alert('x')</script> \\n */ -- 'quote' C:\path`;
        const text = `pathway Hostile {
  title "${hostile}"
  description "${hostile}"
  actor doc: clinician "${hostile}"
  data x: biomarker "${hostile}" unit "mg'/dL"
  cutoff High: x > 1 "mg'/dL" source "${hostile}"
  initial state A: healthy "${hostile}"
  final state B: sick
  A -> B when High by doc
  flow x from doc to doc for care waiver "${hostile}"
}
`;
        const result = await exportTexts({ 'hostile.pmpath': text });
        expect(result.diagnostics['hostile.pmpath'].filter(d => (d as { rule: string }).rule === 'syntax')).toEqual([]);
        for (const r of result.resources) {
            const json = serializeResource(r);
            expect(JSON.parse(json)).toEqual(r);
        }
        const cql = cqlOf(byId(result, 'Library', 'hostile'));
        expect(cql).toContain(String.raw`display 'Say "hi" <script>alert(\'x\')</script> \\n */ -- \'quote\' C:\\path'`);
        expect(cql).toContain(String.raw`("x".value as Quantity) > 1 'mg\'/dL'`);
        const pathway = byId(result, 'PlanDefinition', 'hostile');
        expect(pathway.description).not.toContain('<script>');
        expect(pathway.description).toContain('&lt;script&gt;');
        expect(pathway.title).toBe(String.raw`Say "hi" <script>alert('x')</script> \n */ -- 'quote' C:\path`);
        expect(validationProblems(result.resources)).toEqual([]);
    });

    it('refuses a canonical base that cannot start URLs', async () => {
        await expect(exportTexts({ 'a.pmpath': 'pathway A {\n}\n' }, { canonical: 'not a url' })).rejects.toThrow(/canonical/);
    });

    it('exports a library on its own', async () => {
        const result = await exportTexts({ 'shared.pmpath': LIBRARY });
        expect(result.resources.filter(r => r.resourceType === 'PlanDefinition')).toEqual([]);
        expect(byId(result, 'Library', 'shared-services').name).toBe('SharedServices');
        expect(validationProblems(result.resources)).toEqual([]);
        expect(unresolvedLinks(result)).toEqual([]);
    });
});
