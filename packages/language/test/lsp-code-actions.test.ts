import { describe, expect, it } from 'vitest';
import type { LangiumDocument } from 'langium';
import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import { RuleId, type RuleIdValue } from '@pmpath/language';
import { SOURCE_PLACEHOLDER, SUPPRESSION_REASON_PLACEHOLDER } from '@pmpath/language/lsp';
import { applyEdits, createLspWorkspace, diagnosticsOf, editsFor, positionOf } from './lsp-helpers.js';

const ws = createLspWorkspace();

/** A pathway with one finding for most quick-fixable rules (line numbers in comments are 1-based). */
const BASE = `pathway P {
  actor doc: clinician "GP" { genomics-trained }
  actor pat: patient
  actor lab: laboratory
  actor reg: researcher
  actor app: platform { monetizes }
  data ldl: biomarker "LDL" unit "mg/dL"
  data gene: genomic "Panel"
  data loc: passive
  cutoff High: ldl >= 190 "mmol/L"
  cutoff Path: gene is pathogenic source "ACMG"
  consent Broad by pat {
    permits research
    covers gene
    withdrawable
    recontact
  }
  initial state Well: healthy
  state Risk: hybrid at-risk
  state Waiting: hybrid carrier {
    monitor ldl every 6 months by doc review after 1 year
    disclose gene to pat by doc
  }
  final state Ill: sick
  state Limbo: healthy
  Well -> Risk when High by doc
  Well -> Waiting when Path by doc
  Risk -> Ill when High by doc
  Waiting -> Ill when Path by doc
  Waiting -> Limbo after 1 year by doc
  // pmpath-disable-next-line unused-declaration
  flow ldl from lab to doc for care
  flow gene from lab to doc for care
  flow gene from doc to reg for research
  flow loc from pat to app for care
}
`;

interface FixResult {
    readonly actions: CodeAction[];
    readonly before: LangiumDocument;
    readonly after: LangiumDocument;
    readonly text: string;
    readonly diagnostic: Diagnostic;
}

/**
 * The diagnostic of `rule` that starts at `needle`; when that rule is not
 * (yet) implemented, one is constructed there with the rule id as code.
 */
function findingAt(document: LangiumDocument, rule: RuleIdValue, needle: string, delta = 0): Diagnostic {
    const start = positionOf(document, needle, delta);
    const real = diagnosticsOf(document, rule).find(d => d.range.start.line === start.line);
    return real ?? {
        code: rule, message: '', severity: DiagnosticSeverity.Warning,
        range: { start, end: positionOf(document, needle, needle.length) },
    };
}

/** Builds `text`, asks for the quick fixes of the finding at `needle`, applies the chosen one and rebuilds. */
async function fix(text: string, rule: RuleIdValue, needle: string, choose: (actions: CodeAction[]) => CodeAction | undefined = preferred, delta = 0): Promise<FixResult> {
    const before = await ws.one(text);
    const diagnostic = findingAt(before, rule, needle, delta);
    const actions = await codeActions(before, diagnostic);
    const action = choose(actions);
    expect(action, `a quick fix for ${rule}; got ${actions.map(a => a.title).join(' | ')}`).toBeDefined();
    expect(action!.kind).toBe(CodeActionKind.QuickFix);
    expect(action!.diagnostics).toEqual([diagnostic]);
    const newText = applyEdits(text, editsFor(action!.edit, before));
    const after = await ws.one(newText);
    return { actions, before, after, text: newText, diagnostic };
}

async function codeActions(document: LangiumDocument, diagnostic: Diagnostic): Promise<CodeAction[]> {
    const result = await ws.services.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.textDocument.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
    });
    return (result ?? []) as CodeAction[];
}

const preferred = (actions: CodeAction[]) => actions.find(a => a.isPreferred);
const titled = (pattern: RegExp) => (actions: CodeAction[]) => actions.find(a => pattern.test(a.title));

/** The fix removed one finding of `rule` and introduced no syntax or reference error. */
function expectResolved(result: FixResult, rule: RuleIdValue): void {
    expect(diagnosticsOf(result.after, RuleId.syntax)).toEqual([]);
    expect(diagnosticsOf(result.after, RuleId.unresolvedReference)).toEqual([]);
    const beforeCount = Math.max(diagnosticsOf(result.before, rule).length, 1);
    expect(diagnosticsOf(result.after, rule).length).toBe(beforeCount - 1);
}

describe('quick fixes', () => {
    it('adds a monitor block to a hybrid state without a block, with the guard data and a clinician', async () => {
        const r = await fix(BASE, RuleId.hybridStatusRequiresMonitoring, 'Risk: hybrid');
        expect(r.text).toContain('  state Risk: hybrid at-risk {\n    monitor ldl every 3 months by doc review after 1 year\n  }\n');
        expectResolved(r, RuleId.hybridStatusRequiresMonitoring);
    });

    it('adds the monitor plan as the last clause of an existing multi-line block', async () => {
        const text = BASE.replace('state Risk: hybrid at-risk\n', 'state Risk: hybrid at-risk {\n    disclose ldl to pat by doc with counselling\n  }\n');
        const r = await fix(text, RuleId.hybridStatusRequiresMonitoring, 'Risk: hybrid');
        expect(r.text).toContain('{\n    disclose ldl to pat by doc with counselling\n    monitor ldl every 3 months by doc review after 1 year\n  }\n');
        expectResolved(r, RuleId.hybridStatusRequiresMonitoring);
    });

    it('opens up a one-line `{ }` block to add the monitor plan', async () => {
        const text = BASE.replace('state Risk: hybrid at-risk\n', 'state Risk: hybrid at-risk { }\n');
        const r = await fix(text, RuleId.hybridStatusRequiresMonitoring, 'Risk: hybrid');
        expect(r.text).toContain('state Risk: hybrid at-risk {\n    monitor ldl every 3 months by doc review after 1 year\n  }\n');
        expectResolved(r, RuleId.hybridStatusRequiresMonitoring);
    });

    it('adds a disclosure with counselling by a genomics-trained clinician to the patient', async () => {
        const r = await fix(BASE, RuleId.hybridStatusRequiresDisclosure, 'Risk: hybrid');
        expect(r.text).toContain('state Risk: hybrid at-risk {\n    disclose ldl to pat by doc with counselling\n  }');
        expectResolved(r, RuleId.hybridStatusRequiresDisclosure);
    });

    it('adds `with counselling` to a genomic disclosure', async () => {
        const r = await fix(BASE, RuleId.disclosureWithoutCounselling, 'disclose gene');
        expect(r.text).toContain('disclose gene to pat by doc with counselling\n');
        expectResolved(r, RuleId.disclosureWithoutCounselling);
    });

    it('attaches the one existing consent that covers a research flow, as the preferred fix', async () => {
        const r = await fix(BASE, RuleId.researchUseRequiresConsent, 'flow gene from doc');
        expect(r.actions.filter(a => a.isPreferred).map(a => a.title)).toEqual(["Put the flow under consent 'Broad'"]);
        expect(r.text).toContain('flow gene from doc to reg for research under Broad\n');
        expectResolved(r, RuleId.researchUseRequiresConsent);
        expect(diagnosticsOf(r.after, RuleId.unusedDeclaration)).toEqual([]);
    });

    it('creates a consent skeleton covering a research flow above the flows and their comments', async () => {
        const r = await fix(BASE, RuleId.researchUseRequiresConsent, 'flow gene from doc', titled(/^Create consent/));
        expect(r.text).toContain([
            '  Waiting -> Limbo after 1 year by doc',
            '  consent GeneResearchConsent by pat {',
            '    permits research',
            '    covers gene',
            '    withdrawable',
            '    recontact',
            '  }',
            '',
            '  // pmpath-disable-next-line unused-declaration',
            '  flow ldl from lab to doc for care',
        ].join('\n'));
        expect(r.text).toContain('flow gene from doc to reg for research under GeneResearchConsent\n');
        expectResolved(r, RuleId.researchUseRequiresConsent);
        expect(diagnosticsOf(r.after, RuleId.incidentalFindingsPolicy)).toEqual([]);
        expect(diagnosticsOf(r.after, RuleId.consentScopeMismatch)).toEqual([]);
    });

    it('creates a consent permitting the stated purpose and commercial use for a flow to a monetizing platform', async () => {
        const r = await fix(BASE, RuleId.commercialUseRequiresConsent, 'flow loc', titled(/^Create consent/));
        expect(r.actions.some(a => /under consent 'Broad'/.test(a.title))).toBe(false);
        expect(r.text).toContain('consent LocCareCommercialConsent by pat {\n    permits care, commercial\n    covers loc\n');
        expect(r.text).toContain('flow loc from pat to app for care under LocCareCommercialConsent\n');
        expectResolved(r, RuleId.commercialUseRequiresConsent);
        expect(diagnosticsOf(r.after, RuleId.passiveDataRequiresConsent)).toEqual([]);
        expect(diagnosticsOf(r.after, RuleId.consentScopeMismatch)).toEqual([]);
    });

    it('puts a passive-data flow under a consent that covers it', async () => {
        const text = BASE.replace('  initial state Well', '  consent Tracking by pat {\n    permits care, commercial\n    covers loc\n    withdrawable\n  }\n  initial state Well');
        const r = await fix(text, RuleId.passiveDataRequiresConsent, 'flow loc');
        expect(r.text).toContain('flow loc from pat to app for care under Tracking\n');
        expectResolved(r, RuleId.passiveDataRequiresConsent);
        expect(diagnosticsOf(r.after, RuleId.commercialUseRequiresConsent)).toEqual([]);
    });

    it('replaces a consent that does not cover the flow with one that does', async () => {
        const text = BASE
            .replace('  initial state Well', '  consent Narrow by pat {\n    permits research\n    covers ldl\n    recontact\n  }\n  initial state Well')
            .replace('for research\n', 'for research under Narrow\n')
            .replace('flow ldl from lab to doc for care', 'flow ldl from lab to doc for care\n  flow ldl from doc to reg for research under Narrow');
        const r = await fix(text, RuleId.consentScopeMismatch, 'flow gene from doc');
        expect(r.text).toContain('flow gene from doc to reg for research under Broad\n');
        expectResolved(r, RuleId.consentScopeMismatch);
    });

    it('offers one action per covering consent in scope, imported ones included, and none preferred', async () => {
        const library = 'library Shared {\n  consent Imported {\n    permits research\n    covers gene\n    recontact\n  }\n}\n';
        const main = 'import "./shared.pmpath"\n' + BASE;
        const docs = await ws.build({ 'main.pmpath': main, 'shared.pmpath': library });
        const diagnostic = findingAt(docs['main.pmpath'], RuleId.researchUseRequiresConsent, 'flow gene from doc');
        const titles = (await codeActions(docs['main.pmpath'], diagnostic)).map(a => [a.title, a.isPreferred]);
        expect(titles).toEqual([
            ["Put the flow under consent 'Broad'", false],
            ["Put the flow under consent 'Imported'", false],
            ["Create consent 'GeneResearchConsent' covering this flow", false],
        ]);
    });

    it('replaces a waiver when putting a commercial flow under a consent', async () => {
        const text = BASE.replace('flow loc from pat to app for care', 'flow loc from pat to app for care waiver "IRB-7"');
        const r = await fix(text, RuleId.commercialUseRequiresConsent, 'flow loc', titled(/^Create consent/));
        expect(r.text).toContain('flow loc from pat to app for care under LocCareCommercialConsent\n');
        expectResolved(r, RuleId.commercialUseRequiresConsent);
    });

    it('adds a source to a cutoff', async () => {
        const r = await fix(BASE, RuleId.cutoffWithoutSource, 'cutoff High');
        expect(r.text).toContain(`cutoff High: ldl >= 190 "mmol/L" source "${SOURCE_PLACEHOLDER}"\n`);
        expectResolved(r, RuleId.cutoffWithoutSource);
    });

    it("changes a cutoff's unit to its data's unit", async () => {
        const r = await fix(BASE, RuleId.cutoffUnitMismatch, 'cutoff High');
        expect(r.text).toContain('cutoff High: ldl >= 190 "mg/dL"\n');
        expectResolved(r, RuleId.cutoffUnitMismatch);
    });

    it("adds the data's unit to a cutoff that has none, also for intervals", async () => {
        const text = BASE.replace('cutoff High: ldl >= 190 "mmol/L"', 'cutoff High: ldl in [160, 190)');
        const r = await fix(text, RuleId.cutoffUnitMismatch, 'cutoff High');
        expect(r.text).toContain('cutoff High: ldl in [160, 190) "mg/dL"\n');
        expectResolved(r, RuleId.cutoffUnitMismatch);
    });

    it('removes the unit of a cutoff whose data has none, or declares it on the data', async () => {
        const text = BASE.replace('data ldl: biomarker "LDL" unit "mg/dL"', 'data ldl: biomarker "LDL"');
        const removed = await fix(text, RuleId.cutoffUnitMismatch, 'cutoff High', titled(/^Remove the unit/));
        expect(removed.text).toContain('cutoff High: ldl >= 190\n');
        expectResolved(removed, RuleId.cutoffUnitMismatch);
        const declared = await fix(text, RuleId.cutoffUnitMismatch, 'cutoff High', titled(/^Declare unit/));
        expect(declared.text).toContain('data ldl: biomarker "LDL" unit "mmol/L"\n');
        expectResolved(declared, RuleId.cutoffUnitMismatch);
    });

    it('marks the only state without incoming transitions initial when the pathway has none', async () => {
        const text = BASE.replace('initial state Well', 'state Well');
        const r = await fix(text, RuleId.initialState, 'pathway P', preferred, 'pathway '.length);
        expect(r.actions.map(a => a.title)).toEqual(["Mark state 'Well' initial"]);
        expect(r.text).toContain('  initial state Well: healthy\n');
        expectResolved(r, RuleId.initialState);
    });

    it('offers each state without incoming transitions, none preferred, when several qualify', async () => {
        const text = BASE.replace('initial state Well', 'state Well').replace('  final state Ill', '  state Orphan: healthy\n  final state Ill');
        const r = await fix(text, RuleId.initialState, 'pathway P', titled(/'Well'/), 'pathway '.length);
        expect(r.actions.map(a => [a.title, a.isPreferred])).toEqual([["Mark state 'Well' initial", false], ["Mark state 'Orphan' initial", false]]);
        expectResolved(r, RuleId.initialState);
    });

    it('removes `initial` from a second initial state', async () => {
        const text = BASE.replace('  state Limbo: healthy', '  initial state Limbo: healthy');
        const r = await fix(text, RuleId.initialState, 'Limbo: healthy');
        expect(r.text).toContain('\n  state Limbo: healthy\n');
        expectResolved(r, RuleId.initialState);
    });

    it('marks a dead-end state final', async () => {
        const r = await fix(BASE, RuleId.deadEndState, 'Limbo: healthy');
        expect(r.text).toContain('  final state Limbo: healthy\n');
        expectResolved(r, RuleId.deadEndState);
    });

    it('appends a reason to a suppression comment', async () => {
        const r = await fix(BASE, RuleId.suppressionWithoutReason, '// pmpath-disable');
        expect(r.text).toContain(`// pmpath-disable-next-line unused-declaration -- ${SUPPRESSION_REASON_PLACEHOLDER}\n`);
        expectResolved(r, RuleId.suppressionWithoutReason);
    });

    it('completes a reason after a dangling `--` and inside a block comment', async () => {
        const dangling = await fix(BASE.replace('unused-declaration\n', 'unused-declaration --\n'), RuleId.suppressionWithoutReason, '// pmpath-disable');
        expect(dangling.text).toContain(`unused-declaration -- ${SUPPRESSION_REASON_PLACEHOLDER}\n`);
        expectResolved(dangling, RuleId.suppressionWithoutReason);
        const block = await fix(BASE.replace('// pmpath-disable-next-line unused-declaration', '/* pmpath-disable-next-line unused-declaration */'), RuleId.suppressionWithoutReason, '/* pmpath-disable');
        expect(block.text).toContain(`/* pmpath-disable-next-line unused-declaration -- ${SUPPRESSION_REASON_PLACEHOLDER} */\n`);
        expectResolved(block, RuleId.suppressionWithoutReason);
    });

    it('chooses fixes by rule id, never by message text', async () => {
        const document = await ws.one(BASE);
        const start = positionOf(document, 'Limbo: healthy');
        const range = { start, end: positionOf(document, 'Limbo: healthy', 5) };
        const byCode = await codeActions(document, { code: RuleId.deadEndState, message: 'anything at all', range });
        expect(byCode.map(a => a.title)).toEqual(["Mark state 'Limbo' final"]);
        const noCode = await codeActions(document, { message: 'State Limbo is a dead end', range });
        expect(noCode).toEqual([]);
    });

    it('answers with no fix, not an error, for diagnostics that point nowhere useful', async () => {
        const document = await ws.one('pathway P {\n  state\n');
        const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 7 } };
        for (const code of Object.values(RuleId)) {
            await expect(codeActions(document, { code, message: '', range })).resolves.toEqual([]);
        }
        const outside = { start: { line: 40, character: 0 }, end: { line: 41, character: 0 } };
        await expect(codeActions(document, { code: RuleId.deadEndState, message: '', range: outside })).resolves.toEqual([]);
    });
});
