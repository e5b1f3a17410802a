import { spawnSync } from 'node:child_process';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import * as parse5 from 'parse5';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDossier } from '../src/dossier-model.js';
import { cleanText, escapeDotHtml, escapeDotString, escapeMarkdown, escapeMermaid, escapeXml } from '../src/escape.js';
import { buildFlowsModel, buildStatesModel, type FlowsModel, type StatesModel } from '../src/model.js';
import { renderDot } from '../src/render-dot.js';
import { renderMermaid } from '../src/render-mermaid.js';
import { renderReportHtml } from '../src/render-report-html.js';
import { renderReportMarkdown } from '../src/render-report-markdown.js';
import { renderSvg } from '../src/render-svg.js';
import { INJECTION_PATHWAY, PAYLOADS, pmString, VISIBLE_PAYLOADS } from './fixtures.js';
import { parsePathway, type Parsed } from './helpers.js';
import { toLintDiagnostic, type PmpathFile } from '@pmpath/language';
import { createTestWorkspace } from '../../language/test/test-services.js';

const hasDot = spawnSync('dot', ['-V']).status === 0;
if (!hasDot) console.warn('SKIPPED: Graphviz `dot` is not installed (apt-get install graphviz); injected DOT is not checked with native Graphviz.');

let parsed: Parsed;
let states: StatesModel;
let flows: FlowsModel;

beforeAll(async () => {
    parsed = await parsePathway(INJECTION_PATHWAY);
    states = buildStatesModel(parsed.pathway, parsed.diagnostics);
    flows = buildFlowsModel(parsed.pathway, parsed.diagnostics);
});

/** All text content of an XML document, entities decoded. */
function xmlText(xml: string): string {
    const parser = new XMLParser({ ignoreAttributes: true, processEntities: true, htmlEntities: true, preserveOrder: true });
    const out: string[] = [];
    const stack: unknown[] = [parser.parse(xml)];
    while (stack.length > 0) {
        const node = stack.pop();
        if (Array.isArray(node)) stack.push(...node);
        else if (node && typeof node === 'object') {
            for (const [key, value] of Object.entries(node)) {
                if (key === '#text') out.push(String(value));
                else stack.push(value);
            }
        }
    }
    return out.join('\n');
}

/** The text of every `<text>` element, in document order, entities decoded. */
function drawnText(svg: string): string {
    return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map(m => xmlText(`<t>${m[1]}</t>`)).join('\n');
}

/**
 * Whether `text` shows `payload` whole once line breaks are ignored: the
 * diagrams wrap long labels, at spaces or inside a long word, so compare
 * with all whitespace removed (every character present, in order).
 */
function showsWhole(text: string, payload: string): boolean {
    return text.replace(/\s+/g, '').includes(payload.replace(/\s+/g, ''));
}

/** Element names of an XML document. */
function elementNames(xml: string): Set<string> {
    const parser = new XMLParser({ ignoreAttributes: false, preserveOrder: true });
    const names = new Set<string>();
    const stack: unknown[] = [parser.parse(xml)];
    while (stack.length > 0) {
        const node = stack.pop();
        if (Array.isArray(node)) stack.push(...node);
        else if (node && typeof node === 'object') {
            for (const [key, value] of Object.entries(node)) {
                if (key !== '#text' && key !== ':@') names.add(key);
                stack.push(value);
            }
        }
    }
    return names;
}

describe('escape helpers', () => {
    it('escape every markup character for XML and HTML, text and attributes', () => {
        expect(escapeXml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
        expect(escapeDotHtml(']]> \\N')).toBe(']]&gt; \\\\N');
    });

    it('quote DOT strings with doubled backslashes so \\N and \\G stay literal', () => {
        expect(escapeDotString('a "b" \\N')).toBe('"a \\"b\\" \\\\N"');
        expect(escapeDotString('ends with \\')).toBe('"ends with \\\\"');
    });

    it('entity-encode every Mermaid syntax character', () => {
        const out = escapeMermaid('"%%{}[]()|;:#<>`&\'\\');
        expect(out).toMatch(/^(#\d+;)+$/);
        expect(escapeMermaid('plain text 1.5, ok-ish')).toBe('plain text 1.5, ok-ish');
    });

    it('backslash-escape Markdown punctuation and entity-encode HTML', () => {
        expect(escapeMarkdown('<b>|*x*|</b> [a](javascript:1)')).toBe('&lt;b&gt;\\|\\*x\\*\\|&lt;/b&gt; \\[a\\](javascript:1)');
        expect(escapeMarkdown('- item')).toBe('\\- item');
    });

    it('fold line breaks and drop control characters', () => {
        expect(cleanText('a\nb\r\nc\u0000d\u2028e')).toBe('a b cd e');
    });

    it('drop C1 controls, noncharacters and lone surrogates, and fold U+0085 (next line) into a space', () => {
        expect(cleanText('a\u0080b\u009Fc\u007Fd')).toBe('abcd');
        expect(cleanText('a\u0085b')).toBe('a b');
        expect(cleanText('n\uFDD0\uFDEF\uFFFE\uFFFF\u{1FFFE}\u{10FFFF}o')).toBe('no');
        expect(cleanText('lone \uD800 and \uDC00 surrogates')).toBe('lone  and  surrogates');
        expect(cleanText('kept: tab\t, é, 😀, \u{10FFFD}, \uFDCF')).toBe('kept: tab\t, é, 😀, \u{10FFFD}, \uFDCF');
    });
});

describe('labels with characters HTML forbids', () => {
    it('leave none of them in the HTML dossier: parse5 reports no parse error', async () => {
        const odd = '\u0080\u0085\u009F\uFDD0\uFFFE\u{1FFFF}\u{10FFFF}\u0001';
        const pathway = parsed.file.$cstNode!.text;
        // Put them in the pathway's title and in a state's label.
        const text = pathway.replace(/title "[^"]*"/, `title "Odd ${odd} title"`).replace(/(state \w+: \w+(?: [a-z-]+)?) "/, `$1 "Odd ${odd} label `);
        const odds = await parsePathway(text);
        const html = await renderReportHtml(buildDossier([{ path: 'odd.pmpath', file: odds.file, findings: odds.diagnostics }]));
        expect(html).toContain('Odd');
        const errors: string[] = [];
        parse5.parse(html, { onParseError: error => errors.push(error.code) });
        expect(errors.filter(code => /control-character|noncharacter|surrogate/.test(code))).toEqual([]);
        expect(html).not.toMatch(/[\u0080-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]/);
    });
});

describe('injected labels', () => {
    it('come out of SVG as text: valid XML, no script, handler, link or foreign element, every payload visible', async () => {
        for (const model of [states, flows]) {
            const svg = await renderSvg(model);
            expect(XMLValidator.validate(svg)).toBe(true);
            const names = elementNames(svg);
            for (const bad of ['script', 'img', 'iframe', 'foreignObject', 'a', 'b', 'image', 'use']) expect(names.has(bad), bad).toBe(false);
            // Escaped text cannot contain `<` or `>`, so this only sees real tags.
            expect(svg).not.toMatch(/<[^<>]*\son[a-z]+\s*=/i);
            expect(svg).not.toMatch(/href=|javascript:[^<]*"/i);
            const text = xmlText(svg);
            // Full text, unwrapped, in the <title> of each element (tooltips, screen readers).
            const titles = [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map(m => xmlText(`<t>${m[1]}</t>`)).join('\n');
            const drawn = drawnText(svg);
            if (model.view === 'states') {
                for (const payload of [PAYLOADS.script, PAYLOADS.cdata, PAYLOADS.mermaid, PAYLOADS.punctuation, PAYLOADS.unit]) {
                    expect(titles).toContain(payload);
                    expect(showsWhole(drawn, payload), payload).toBe(true);
                }
            } else {
                for (const payload of [PAYLOADS.script, PAYLOADS.img, PAYLOADS.svgOnload, PAYLOADS.punctuation]) {
                    expect(titles).toContain(payload);
                    expect(showsWhole(drawn, payload), payload).toBe(true);
                }
                expect(titles).toContain(`waiver "${PAYLOADS.waiver}"`);
                expect(showsWhole(drawn, `waiver "${PAYLOADS.waiver}"`)).toBe(true);
            }
            expect(text).toContain(PAYLOADS.title);
            // data-pmpath-* attributes hold names only, escaped; no attribute value breaks out.
            for (const [, value] of svg.matchAll(/ data-pmpath-[a-z]+="([^"]*)"/g)) expect(value).toMatch(/^[A-Za-z0-9_]*$/);
        }
    });

    it('come out of DOT as literal text that native Graphviz renders verbatim', async ({ skip }) => {
        if (!hasDot) skip();
        for (const model of [states, flows]) {
            const dot = renderDot(model);
            const result = spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
            expect(result.status, result.stderr).toBe(0);
            expect(result.stderr).not.toMatch(/error|syntax/i);
            const text = drawnText(result.stdout);
            expect(showsWhole(text, PAYLOADS.script)).toBe(true);
            expect(showsWhole(text, PAYLOADS.punctuation)).toBe(true);
            // Graphviz escString sequences must not expand: the literal \N and \G survive.
            expect(text).toContain('\\N');
            expect(text).toContain('\\G');
            expect(text).not.toContain('__label_');
        }
    });

    it('never break out of Mermaid labels: no raw quote, markup, %% or brace inside any label', () => {
        for (const model of [states, flows]) {
            const { text } = renderMermaid(model);
            for (const line of text.split('\n')) {
                if (line.startsWith('  classDef') || line.startsWith('  linkStyle') || line.startsWith('%%')) continue;
                // Label texts: quoted strings, and the transition text after ` : `.
                const labels = [...line.matchAll(/"([^"\n]*)"/g)].map(m => m[1]);
                const transition = / : (.*)$/.exec(line);
                if (transition) labels.push(transition[1]);
                for (const label of labels) expect(label).not.toMatch(/<(?!br\/>)|>(?<!<br\/>)|%%|[{}[\]|:`'"\\]|;(?<!#\d+;)/);
                // Outside the labels only ids and Mermaid syntax remain: no entity codes from user text.
                expect(line.replace(/"[^"\n]*"/g, '""').replace(/ : .*$/, '')).not.toMatch(/#\d+;/);
            }
            for (const payload of VISIBLE_PAYLOADS) {
                if (model.view === 'states' && [PAYLOADS.img, PAYLOADS.svgOnload].includes(payload as never)) continue;
                if (model.view === 'flows' && [PAYLOADS.cdata, PAYLOADS.mermaid].includes(payload as never)) continue;
                const unwrapped = text.replace(/<br\/>/g, '');
                expect(showsWhole(unwrapped, escapeMermaid(payload)), payload).toBe(true);
            }
        }
    });

    it('stay text in the Markdown dossier: no raw HTML tag, link or code fence from a label', () => {
        const { text } = renderReportMarkdown(buildDossier([{ path: 'injected.pmpath', file: parsed.file, findings: parsed.diagnostics }]));
        const outsideMermaid = text.replace(/```mermaid\n[\s\S]*?```/g, '');
        expect(outsideMermaid).not.toMatch(/<(?!br>)[a-z!/]/i);
        expect(outsideMermaid).not.toMatch(/\]\(|```/);
        expect(outsideMermaid).toContain(escapeMarkdown(PAYLOADS.source));
        expect(outsideMermaid).toContain('DUO:0000007');
    });

    it('stay text in a printed part: the stubs of states drawn elsewhere and the caption note', async () => {
        // A print part: the states view without Sick, which is drawn "elsewhere" as a stub.
        const part = { ...states, states: states.states.filter(s => s.name !== 'Sick') };
        const svg = await renderSvg(part, { elsewhere: new Map([['Sick', 'part 2']]), note: `Part 1 of 2: ${PAYLOADS.script}` });
        expect(XMLValidator.validate(svg)).toBe(true);
        expect(elementNames(svg).has('script')).toBe(false);
        expect(svg).toContain('drawn in part 2');
        expect(drawnText(svg)).toContain(`Part 1 of 2: ${PAYLOADS.script}`);
    });

    it('stay text in the dossier tables of states, transitions and actors, in HTML and Markdown', async () => {
        const dossier = buildDossier([{ path: 'injected.pmpath', file: parsed.file, findings: parsed.diagnostics }]);
        const html = await renderReportHtml(dossier);
        const section = (heading: string) => html.slice(html.indexOf(`<h3>${heading}</h3>`), html.indexOf('</table>', html.indexOf(`<h3>${heading}</h3>`)));
        expect(section('States')).toContain(escapeXml(PAYLOADS.script));
        expect(section('States')).toContain(escapeXml(PAYLOADS.cdata));
        expect(section('Transitions')).toContain(escapeXml(PAYLOADS.unit));
        expect(section('Actors')).toContain(escapeXml(PAYLOADS.img));
        expect(section('Actors')).toContain(escapeXml(PAYLOADS.svgOnload));
        for (const heading of ['States', 'Transitions', 'Actors']) expect(section(heading)).not.toMatch(/<script|<img|<svg|<b>|<[^<>]*\son[a-z]+\s*=/i);
        const md = renderReportMarkdown(dossier).text;
        const mdSection = md.slice(md.indexOf('### States\n'), md.indexOf('### Hybrid statuses'));
        expect(mdSection).toContain(escapeMarkdown(PAYLOADS.script));
        expect(mdSection).toContain(escapeMarkdown(PAYLOADS.img));
        expect(mdSection).not.toMatch(/<(?!br>)[a-z!/]/i);
    });

    it('stay text in the HTML dossier: no element, attribute or URL from a label', async () => {
        const html = await renderReportHtml(buildDossier([{ path: 'injected.pmpath', file: parsed.file, findings: parsed.diagnostics }]));
        expect(html).not.toMatch(/<script|<img|<iframe|<svg onload|<b>|<a /i);
        expect(html).not.toMatch(/\son[a-z]+=["']?window/i);
        expect(html).toContain(escapeXml(PAYLOADS.waiver));
        expect(html).toContain(escapeXml(PAYLOADS.source));
        expect(html).toContain(escapeXml(PAYLOADS.duoArg));
    });
});

describe('injected scenario names, suite paths and file names in the tested-scenarios section', () => {
    const suiteText = `import "./main.pmpath"
tests for Injected {
  scenario ${pmString(PAYLOADS.script)} {
    observe marker = 6 ${pmString(PAYLOADS.unit)}
    expect state Sick
  }
  scenario ${pmString(`${PAYLOADS.img} | \`code\` [link](javascript:x) ${PAYLOADS.punctuation}`)} {
    observe marker = 6 ${pmString(PAYLOADS.unit)}
    expect state Well
  }
  scenario ${pmString(PAYLOADS.cdata)} {
    observe marker = 4 ${pmString(PAYLOADS.unit)}
  }
}
`;
    const suitePath = `tests/${PAYLOADS.svgOnload}.pmtest`;
    const pathwayPath = `pathways/${PAYLOADS.comment}.pmpath`;

    /** Dossier inputs for the injected pathway and suite; `run` drops the pathway's findings so the scenarios run. */
    async function injectedDossier(run: boolean) {
        const workspace = createTestWorkspace();
        const docs = await workspace.build({ 'main.pmpath': INJECTION_PATHWAY, 'suite.pmtest': suiteText });
        const findings = (name: string) => (docs[name].diagnostics ?? []).map(toLintDiagnostic);
        expect(findings('suite.pmtest')).toEqual([]);
        return buildDossier([
            { path: pathwayPath, file: docs['main.pmpath'].parseResult.value as PmpathFile, findings: run ? [] : [{ rule: 'dead-end-state', severity: 'error', message: PAYLOADS.script, line: 1, column: 1, endLine: 1, endColumn: 2 }] },
            { path: suitePath, file: docs['suite.pmtest'].parseResult.value as PmpathFile, findings: findings('suite.pmtest') },
        ]);
    }

    it('stay text in the HTML dossier, run or not run', async () => {
        for (const run of [true, false]) {
            const dossier = await injectedDossier(run);
            expect(dossier.tests!.suites[0].scenarios.map(s => s.status)).toEqual(run ? ['passed', 'failed', 'passed'] : ['not-run', 'not-run', 'not-run']);
            const html = await renderReportHtml(dossier);
            expect(html).not.toMatch(/<script|<img|<iframe|<svg onload|<b>|<a /i);
            expect(html).not.toMatch(/\son[a-z]+=["']?window/i);
            const section = html.slice(html.indexOf('<section class="tests"'));
            expect(section).toContain(escapeXml(PAYLOADS.script));
            expect(section).toContain(escapeXml(PAYLOADS.cdata));
            expect(section).toContain(escapeXml(suitePath));
            if (run) expect(section).toContain(escapeXml(`${pathwayPath}:`));
        }
    });

    it('stay text in the Markdown dossier, run or not run', async () => {
        for (const run of [true, false]) {
            const { text } = renderReportMarkdown(await injectedDossier(run));
            const section = text.slice(text.indexOf('## Tested scenarios'));
            expect(section).not.toMatch(/<(?!br>)[a-z!/]/i);
            // No link (`](` after an unescaped `[`) and no code fence from a label.
            expect(section).not.toMatch(/(?<!\\)\]\(|```/);
            expect(section).toContain('\\[link\\](javascript:x)');
            // Each table row keeps its four cells: no label adds a `|` cell boundary.
            for (const row of section.split('\n').filter(l => l.startsWith('| ✓') || l.startsWith('| ✗') || l.startsWith('| –'))) {
                expect(row.replace(/\\\|/g, '').split('|').length, row).toBe(6);
            }
            expect(section).toContain(escapeMarkdown(PAYLOADS.script));
            expect(section).toContain(escapeMarkdown(suitePath));
        }
    });
});
