/**
 * Friction a first-time user met (issue 10), in the language: a keyword used
 * as a name, a transition without `by`, a consent in an imported library that
 * cannot cover the pathway's data, ESLint's `"warn"` in `.pmpathrc.json`, and
 * the quick fixes that go with them.
 */
import { describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { keywordAsNameMessage, parseConfig, RuleId } from '@pmpath/language';
import { applyEdits, createLspWorkspace, diagnosticsOf, editsFor } from './lsp-helpers.js';
import { createTestWorkspace, only } from './test-services.js';

const ws = createTestWorkspace();
const lsp = createLspWorkspace();

const CLEAN = `pathway P {
  actor doc: clinician
  data bm: biomarker unit "%"
  cutoff High: bm > 6 "%" source "s"
  initial state A: healthy
  final state B: sick
  A -> B when High by doc
  flow bm from doc to doc for care
}
`;

describe('a keyword used as a name', () => {
    it('says it is a keyword and suggests names that work', async () => {
        const found = only(await ws.validate(CLEAN.replace('  data bm', '  actor patient: patient "Index case"\n  data bm')), 'syntax');
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ line: 3, column: 9, endColumn: 16 });
        expect(found[0].message).toBe('`patient` is a keyword and cannot be a name; try `Patient` or `proband`.');
    });

    it.each([
        ['state', CLEAN.replace('initial state A', 'initial state carrier').replace('A -> B', 'carrier -> B'), 'carrier', '`Carrier`'],
        ['data', CLEAN.replace('data bm', 'data passive').replace('High: bm', 'High: passive').replace('flow bm', 'flow passive'), 'passive', '`Passive`'],
        ['hyphenated', CLEAN.replace('initial state A', 'initial state at-risk').replace('A -> B', 'at-risk -> B'), 'at-risk', '`AtRisk`'],
        ['a reference', CLEAN.replace('flow bm from doc', 'flow bm from clinician'), 'clinician', '`Clinician`'],
    ])('names the keyword in a %s declaration or reference', async (_where, text, keyword, suggestion) => {
        const messages = only(await ws.validate(text), 'syntax').map(d => d.message);
        expect(messages[0]).toContain(`\`${keyword}\` is a keyword and cannot be a name`);
        expect(messages[0]).toContain(suggestion);
    });

    it('suggests a capitalised name that is not itself a keyword', () => {
        expect(keywordAsNameMessage('family')).toBe('`family` is a keyword and cannot be a name; try `Family` or `relatives`.');
        expect(keywordAsNameMessage('monitor')).toBe('`monitor` is a keyword and cannot be a name; try `Monitor`.');
    });

    it('leaves other syntax errors worded as before', async () => {
        const messages = only(await ws.validate(CLEAN.replace('actor doc: clinician', 'actor doc: doctor')), 'syntax').map(d => d.message);
        expect(messages.join(' ')).not.toContain('is a keyword');
    });
});

describe('a missing `by`', () => {
    it('is reported on the transition that lacks it, not on the next line', async () => {
        const text = CLEAN.replace('A -> B when High by doc', 'A -> B when High');
        const found = only(await ws.validate(text), 'syntax');
        expect(found).toEqual([expect.objectContaining({ line: 7, column: 3, endLine: 7, endColumn: 19 })]);
        expect(found[0].message).toBe('The transition `A -> B` has no `by`: add `by ACTOR` naming the gatekeepers who authorize the move.');
    });

    it('is reported on the transition when it is the last line of the pathway', async () => {
        const text = CLEAN.replace('A -> B when High by doc', 'flow bm from doc to doc for quality\n  A -> B after 2 weeks').replace('  flow bm from doc to doc for care\n', '');
        const found = only(await ws.validate(text), 'syntax');
        expect(found.map(d => [d.line, d.column])).toEqual([[8, 3]]);
        expect(found[0].message).toContain('`A -> B` has no `by`');
    });

    it('is reported on a `monitor` plan or `disclose` clause without `by`', async () => {
        const state = (clause: string) => CLEAN.replace('final state B: sick', `state H: hybrid at-risk {\n    ${clause}\n  }\n  final state B: sick`);
        const monitor = only(await ws.validate(state('monitor bm every 2 weeks review after 1 year')), 'syntax');
        expect(monitor).toEqual([expect.objectContaining({ line: 7, column: 5 })]);
        expect(monitor[0].message).toContain('`monitor` plan has no `by`');
        const disclose = only(await ws.validate(state('disclose bm to doc\n    monitor bm every 2 weeks by doc review after 1 year')), 'syntax');
        expect(disclose).toEqual([expect.objectContaining({ line: 7, column: 5, endLine: 7 })]);
        expect(disclose[0].message).toContain('`disclose` clause has no `by`');
    });
});

describe('consent-scope-mismatch with a consent from an imported library', () => {
    const library = `library Shared {
  actor parents: family
  data sweat: biomarker unit "mmol/L"
  consent Registry by parents {
    permits research
    covers sweat
    recontact
  }
}
`;
    const main = `import "./shared.pmpath"
pathway P {
  actor doc: clinician
  actor reg: researcher
  data cftr: biomarker unit "%"
  cutoff High: cftr > 6 "%" source "s"
  initial state A: healthy
  final state B: sick
  A -> B when High by doc
  flow cftr from doc to doc for care
  flow cftr, sweat from doc to reg for research under Registry
}
`;

    it('never suggests adding to the library consent data the library cannot see, and says what works', async () => {
        const found = (await ws.validateFiles({ 'main.pmpath': main, 'shared.pmpath': library }))['main.pmpath'];
        const mismatch = only(found, RuleId.consentScopeMismatch);
        expect(mismatch).toHaveLength(1);
        const message = mismatch[0].message;
        expect(message).not.toMatch(/add 'cftr' to the `covers`/);
        expect(message).toContain("library 'Shared', which cannot see 'cftr'");
        expect(message).toContain("move the declaration of 'cftr' into library 'Shared'");
        expect(message).toContain('put the flow under a consent declared in this pathway that covers it');
    });

    it('still suggests `covers` when the consent is declared in the same file', async () => {
        const local = main.replace('import "./shared.pmpath"\n', '').replace('  actor reg', `${library.split('\n').slice(1, -2).join('\n')}\n  actor reg`);
        const mismatch = only(await ws.validate(local), RuleId.consentScopeMismatch);
        expect(mismatch[0].message).toContain("add 'cftr' to the `covers` of 'Registry'");
    });

    async function actionsFor(files: Record<string, string>): Promise<{ actions: CodeAction[]; diagnostic: Diagnostic; docs: Awaited<ReturnType<typeof lsp.build>> }> {
        const docs = await lsp.build(files);
        const diagnostic = diagnosticsOf(docs['main.pmpath'], RuleId.consentScopeMismatch)[0];
        expect(diagnostic).toBeDefined();
        const actions = (await lsp.services.lsp.CodeActionProvider!.getCodeActions(docs['main.pmpath'], {
            textDocument: { uri: docs['main.pmpath'].textDocument.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
        }) ?? []) as CodeAction[];
        return { actions, diagnostic, docs };
    }

    it('offers no quick fix that edits the library consent, but one that creates a local consent', async () => {
        const { actions } = await actionsFor({ 'main.pmpath': main, 'shared.pmpath': library });
        const titles = actions.map(a => a.title);
        expect(titles.filter(t => /covers/.test(t))).toEqual([]);
        expect(titles).toContain("Create consent 'CftrResearchConsent' covering this flow");
        for (const action of actions) {
            expect(Object.keys(action.edit?.changes ?? {}).filter(uri => uri.endsWith('shared.pmpath'))).toEqual([]);
        }
    });

    it('adds the data to the covers of a consent that can see it', async () => {
        const local = main.replace('import "./shared.pmpath"\n', '').replace('  actor reg', `${library.split('\n').slice(1, -2).join('\n')}\n  actor reg`);
        const { actions, docs } = await actionsFor({ 'main.pmpath': local });
        const add = actions.find(a => a.title === "Add 'cftr' to the covers of consent 'Registry'");
        expect(add, actions.map(a => a.title).join(' | ')).toBeDefined();
        const fixed = applyEdits(local, editsFor(add!.edit, docs['main.pmpath']));
        expect(fixed).toContain('    covers sweat, cftr\n');
        expect(diagnosticsOf(await lsp.one(fixed), RuleId.consentScopeMismatch)).toEqual([]);
    });
});

describe('unused-suppression quick fix', () => {
    it('removes the stale comment line', async () => {
        const text = 'library L {\n  actor idle: payer\n  // pmpath-disable-next-line cutoff-without-source -- pending\n  actor other: payer\n}\n';
        const document = await lsp.one(text);
        const diagnostic = diagnosticsOf(document, RuleId.unusedSuppression)[0];
        expect(diagnostic).toBeDefined();
        const actions = (await lsp.services.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.textDocument.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
        }) ?? []) as CodeAction[];
        expect(actions.map(a => [a.title, a.isPreferred])).toEqual([['Remove this stale suppression', true]]);
        expect(applyEdits(text, editsFor(actions[0].edit, document))).toBe('library L {\n  actor idle: payer\n  actor other: payer\n}\n');
    });
});

describe('.pmpathrc.json severities', () => {
    it('accepts ESLint\'s "warn" for "warning"', async () => {
        const config = parseConfig('{ "rules": { "unused-declaration": "warn", "cutoff-without-source": "error" } }');
        expect(config.problems).toEqual([]);
        expect(config.rules.get('unused-declaration')).toBe('warning');
        const found = await ws.validate('library L {\n  actor idle: payer\n}\n', { config: { rules: { 'unused-declaration': 'warn' } } });
        expect(found).toMatchObject([{ rule: 'unused-declaration', severity: 'warning' }]);
    });

    it('still rejects other spellings, naming the accepted ones', () => {
        const config = parseConfig('{ "rules": { "unused-declaration": "warnings" } }');
        expect(config.problems.map(p => p.message).join()).toContain('use "error", "warning" (or "warn"), "info" or "off"');
    });
});
