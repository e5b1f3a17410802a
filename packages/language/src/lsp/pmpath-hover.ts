/**
 * Hovers: what a declaration means for the pathway (an actor's role and
 * whether it is fiduciary, a cutoff's range and source, a state's monitoring
 * plan, a consent's terms) and what a DUO term, role or category stands for.
 * In a test suite, the pathway under test and the step keywords (`observe`,
 * `wait`, `expect`) say what they do in the simulation (SPEC §7).
 * All user text is escaped: labels are text, never Markdown.
 */
import { CstUtils, type LangiumDocument, type LeafCstNode, type MaybePromise, type References } from 'langium';
import type { HoverProvider } from 'langium/lsp';
import type { CancellationToken, Hover, HoverParams } from 'vscode-languageserver';
import {
    isPmpathFile,
    type Actor, type Consent, type Cutoff, type Data, type Declaration, type DiscloseClause, type Guard, type MonitorClause, type Pathway, type State
} from '../generated/ast.js';
import { formatCutoffComparison } from '../analysis/cutoff-ranges.js';
import { duoTerm, formatDuration, isFiduciary } from '../domain.js';
import { checkCode, CODE_SYSTEM_LABELS, CODE_SYSTEM_URIS } from '../terminology/codes.js';
import type { PmpathServices } from '../pmpath-module.js';
import { escapeMarkdown } from './text-utils.js';
import { describeWord } from './vocabulary.js';

export class PmpathHoverProvider implements HoverProvider {
    protected readonly references: References;

    constructor(services: PmpathServices) {
        this.references = services.references.References;
    }

    getHoverContent(document: LangiumDocument, params: HoverParams, _cancelToken?: CancellationToken): MaybePromise<Hover | undefined> {
        const root = document.parseResult.value.$cstNode;
        if (!root) {
            return undefined;
        }
        const leaf = CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(params.position));
        if (!leaf || leaf.hidden) {
            return undefined;
        }
        const file = document.parseResult.value;
        const inSuite = isPmpathFile(file) && file.body?.$type === 'TestSuite';
        const markdown = this.codeHover(leaf) ?? this.declarationHover(leaf) ?? (inSuite ? suiteKeywordHover(leaf.text) : undefined) ?? this.wordHover(leaf.text);
        return markdown ? { contents: { kind: 'markdown', value: markdown }, range: leaf.range } : undefined;
    }

    /** A hover for the code string of a data item (`code loinc "2077-6"`): system, code and the data's label. */
    protected codeHover(leaf: LeafCstNode): string | undefined {
        const node = leaf.astNode;
        if (node.$type !== 'Data' || leaf.grammarSource?.$container?.$type !== 'Assignment') return undefined;
        const data = node as Data;
        const assignment = leaf.grammarSource.$container as { feature?: string };
        if (assignment.feature !== 'code' || !data.codeSystem || data.code === undefined) return undefined;
        return describeCode(data);
    }

    /** A hover for a declaration's name or a reference to it (a suite's pathway included). */
    protected declarationHover(leaf: LeafCstNode): string | undefined {
        const targets = this.references.findDeclarations(leaf);
        const pathway = targets.find(t => t.$type === 'Pathway') as Pathway | undefined;
        if (pathway) return describePathway(pathway);
        const target = targets.find(t => ['Actor', 'Data', 'Cutoff', 'Consent', 'State'].includes(t.$type)) as Declaration | undefined;
        return target ? describeDeclaration(target) : undefined;
    }

    /** A hover for a fixed word: a DUO term, role, category, purpose, kind, trait or variant class. */
    protected wordHover(word: string): string | undefined {
        const info = describeWord(word);
        if (!info) {
            return undefined;
        }
        const duo = duoTerm(word);
        if (duo) {
            const link = `https://purl.obolibrary.org/obo/${duo.curie.replace(':', '_')}`;
            return `**${word}** — [${duo.curie}](${link})\n\n${escapeMarkdown(info.documentation.replace(/^DUO:\d+: /, ''))}`;
        }
        return `**${word}** (${info.detail})\n\n${escapeMarkdown(info.documentation)}`;
    }
}

/** Markdown describing a declaration. */
export function describeDeclaration(decl: Declaration): string {
    switch (decl.$type) {
        case 'Actor': return describeActor(decl);
        case 'Data': return describeData(decl);
        case 'Cutoff': return describeCutoff(decl);
        case 'Consent': return describeConsent(decl);
        case 'State': return describeState(decl);
    }
}

/** What a pathway is: its title, states and transitions (the hover on `tests for PATHWAY`). */
export function describePathway(pathway: Pathway): string {
    const title = pathway.metadata.find(m => m.key === 'title')?.value;
    const version = pathway.metadata.find(m => m.key === 'version')?.value;
    const states = pathway.elements.filter((e): e is State => e.$type === 'State');
    const transitions = pathway.elements.filter(e => e.$type === 'Transition').length;
    const initial = states.find(s => s.modifier === 'initial');
    const lines = [`**pathway** ${name(pathway.name)}${label(title)}`, ''];
    if (version !== undefined) lines.push(`- version: ${escapeMarkdown(version)}`);
    lines.push(`- ${states.length} state${states.length === 1 ? '' : 's'}, ${transitions} transition${transitions === 1 ? '' : 's'}`);
    lines.push(`- scenarios start in ${initial ? name(initial.name) : 'no initial state'} unless they say \`from STATE\``);
    return lines.join('\n');
}

/** What the keywords of a test suite do in the simulation (SPEC §7). */
const SUITE_KEYWORDS: Readonly<Record<string, string>> = {
    tests: '`tests for PATHWAY { … }`: the scenarios of one pathway. Names inside resolve as inside that pathway.',
    start: '`start "YYYY-MM-DD"`: the clock\'s first day for every scenario (default 2000-01-01). No machine time or time zone is used.',
    scenario: '`scenario "NAME" (from STATE)? { … }`: one synthetic person, starting in the pathway\'s initial state (or `from STATE`), entered at the start date.',
    observe: '`observe DATA = NUMBER "unit"` or `observe DATA is CLASS`: the data item now holds this value; then every transition that is enabled is taken, one at a time, until none is.',
    wait: '`wait DURATION`: the clock moves on (months and years by the calendar, clamped to the end of a shorter month), stopping at every `after` of the current state that falls due.',
    expect: '`expect state STATE` holds when the person is in STATE; `expect path A -> … -> Z` when the states entered since the start, the start state included, are exactly these. The scenario stops at its first failing expectation.',
};

function suiteKeywordHover(word: string): string | undefined {
    const text = Object.hasOwn(SUITE_KEYWORDS, word) ? SUITE_KEYWORDS[word] : undefined;
    return text ? `**${word}** (test suite)\n\n${text}` : undefined;
}

const label = (text: string | undefined): string => text ? ` — ${escapeMarkdown(text)}` : '';
const name = (text: string | undefined): string => `\`${(text ?? '').replace(/`/g, '')}\``;

function describeActor(actor: Actor): string {
    const lines = [`**actor** ${name(actor.name)}${label(actor.label)}`, ''];
    lines.push(`- role: ${actor.role ?? '?'}${actor.role ? ` (${escapeMarkdown(describeWord(actor.role)?.documentation ?? '')})` : ''}`);
    lines.push(`- ${isFiduciary(actor) ? 'fiduciary: owes the patient a duty of care' : 'not fiduciary: owes the patient no duty of care'}`);
    if (actor.traits.length > 0) {
        lines.push(`- traits: ${actor.traits.join(', ')}`);
    }
    return lines.join('\n');
}

function describeData(data: Data): string {
    return [
        `**data** ${name(data.name)}${label(data.label)}`, '',
        `- category: ${data.category ?? '?'}`,
        `- unit: ${data.unit !== undefined ? `\`${escapeMarkdown(data.unit)}\`` : 'none'}`,
        `- code: ${data.codeSystem && data.code !== undefined ? `${CODE_SYSTEM_LABELS[data.codeSystem]} \`${data.code.replace(/`/g, '')}\`` : 'none (exported to FHIR as text only)'}`,
    ].join('\n');
}

/** Markdown for a data item's code: the system with its URI, the code, whether it can be right, the data's label. */
export function describeCode(data: Data): string {
    const system = data.codeSystem!;
    const code = data.code ?? '';
    const problem = checkCode(system, code);
    return [
        `**${CODE_SYSTEM_LABELS[system]}** \`${code.replace(/`/g, '')}\`${label(data.label)}`, '',
        `- system: ${CODE_SYSTEM_URIS[system]}`,
        `- data: ${name(data.name)}${data.unit !== undefined ? ` in \`${escapeMarkdown(data.unit)}\`` : ''}`,
        `- ${problem ? `cannot be right: it ${escapeMarkdown(problem.reason)}` : 'check digit correct'}`,
    ].join('\n');
}

function describeCutoff(cutoff: Cutoff): string {
    const comparison = cutoff.comparison;
    const unit = comparison && comparison.$type !== 'ClassComparison' ? comparison.unit : undefined;
    const dataUnit = cutoff.data?.ref?.unit;
    const lines = [`**cutoff** ${name(cutoff.name)}`, ''];
    lines.push(`- range: ${name(cutoff.data?.$refText)} \`${formatCutoffComparison(comparison).replace(/`/g, '')}\``);
    if (comparison?.$type !== 'ClassComparison') {
        lines.push(`- unit: ${unit !== undefined ? `\`${escapeMarkdown(unit)}\`` : 'none'}${dataUnit !== undefined && dataUnit !== unit ? ` (data unit: \`${escapeMarkdown(dataUnit)}\`)` : ''}`);
    }
    lines.push(`- source: ${cutoff.source !== undefined ? escapeMarkdown(cutoff.source) : 'none given'}`);
    return lines.join('\n');
}

function describeConsent(consent: Consent): string {
    const lines = [`**consent** ${name(consent.name)}${consent.by ? ` by ${name(consent.by.$refText)}` : ''}`, ''];
    const permits: string[] = [];
    const duo: string[] = [];
    const covers: string[] = [];
    let withdrawable = false;
    let recontact = false;
    let expires: string | undefined;
    for (const clause of consent.clauses) {
        switch (clause.$type) {
            case 'PermitsClause': permits.push(...clause.purposes); break;
            case 'DuoClause':
                duo.push(...clause.terms.map(t => {
                    const info = duoTerm(t.code);
                    const argument = t.argument !== undefined ? ` "${escapeMarkdown(t.argument)}"` : '';
                    return `${t.code}${argument}${info ? ` (${info.curie}, ${escapeMarkdown(info.label)})` : ''}`;
                }));
                break;
            case 'CoversClause': covers.push(...clause.data.map(d => name(d.$refText))); break;
            case 'WithdrawableClause': withdrawable = true; break;
            case 'RecontactClause': recontact = true; break;
            case 'ExpiresClause': expires = formatDuration(clause.duration); break;
        }
    }
    lines.push(`- permits: ${permits.length > 0 ? permits.join(', ') : 'nothing'}`);
    lines.push(`- DUO: ${duo.length > 0 ? duo.join('; ') : 'none'}`);
    lines.push(`- covers: ${covers.length > 0 ? covers.join(', ') : 'no data'}`);
    lines.push(`- withdrawable: ${withdrawable ? 'yes' : 'no'}`);
    lines.push(`- recontact: ${recontact ? 'yes' : 'no'}`);
    lines.push(`- expires: ${expires ? `after ${expires}` : 'never'}`);
    return lines.join('\n');
}

function describeState(state: State): string {
    const kind = state.kind === 'hybrid' && state.hybridKind ? `hybrid (${state.hybridKind})` : state.kind ?? '?';
    const lines = [`**${state.modifier ? state.modifier + ' ' : ''}state** ${name(state.name)}${label(state.label)}`, ''];
    lines.push(`- kind: ${kind}`);
    lines.push(`- ${state.modifier === 'initial' ? 'initial: the pathway starts here' : state.modifier === 'final' ? 'final: the pathway ends here' : 'neither initial nor final'}`);
    const monitors = state.clauses.filter((c): c is MonitorClause => c.$type === 'MonitorClause');
    const discloses = state.clauses.filter((c): c is DiscloseClause => c.$type === 'DiscloseClause');
    if (monitors.length === 0) {
        lines.push(`- monitoring: ${state.kind === 'hybrid' ? 'none (a hybrid status needs a monitoring plan)' : 'none'}`);
    }
    for (const monitor of monitors) {
        const parts = [`${monitor.data.map(d => name(d.$refText)).join(', ')} every ${formatDuration(monitor.every)} by ${name(monitor.by?.$refText)}`];
        if (monitor.review) {
            parts.push(`review after ${formatDuration(monitor.review)}`);
        }
        if (monitor.until) {
            parts.push(`until ${name(formatGuard(monitor.until))}`);
        }
        lines.push(`- monitoring: ${parts.join(', ')}`);
    }
    for (const disclose of discloses) {
        const what = disclose.data.length > 0 ? disclose.data.map(d => name(d.$refText)).join(', ') : 'results';
        lines.push(`- disclosure: ${what} to ${disclose.recipients.map(r => name(r.$refText)).join(', ')} by ${name(disclose.by?.$refText)}${disclose.counselling ? ' with counselling' : ' without counselling'}`);
    }
    return lines.join('\n');
}

/** A guard as text, written out iteratively (guards can be nested very deep). */
export function formatGuard(guard: Guard, maxLength = 200): string {
    type Item = Guard | string;
    const stack: Item[] = [guard];
    let out = '';
    while (stack.length > 0 && out.length <= maxLength) {
        const item = stack.pop()!;
        if (typeof item === 'string') {
            out += item;
            continue;
        }
        switch (item.$type) {
            case 'CutoffGuard': out += item.cutoff?.$refText ?? '?'; break;
            case 'NotGuard': out += 'not '; if (item.operand) stack.push(item.operand); break;
            case 'GroupGuard': stack.push(')'); if (item.inner) stack.push(item.inner); out += '('; break;
            case 'AndGuard':
            case 'OrGuard':
                if (item.right) stack.push(item.right);
                stack.push(item.$type === 'AndGuard' ? ' and ' : ' or ');
                if (item.left) stack.push(item.left);
                break;
        }
    }
    return out.length > maxLength || stack.length > 0 ? out.slice(0, maxLength) + '…' : out;
}
