/**
 * A test run drawn over the states view (the editor preview's scenario path
 * and coverage): which states and transitions are marked and how, that the
 * key lists exactly the run marks used, that parallel transitions are told
 * apart by their index, and that scenario names stay text.
 */
import { describe, expect, it } from 'vitest';
import { buildStatesModel } from '../src/model.js';
import { buildDot, renderDot } from '../src/render-dot.js';
import { renderSvg } from '../src/render-svg.js';
import { coverageOverlay, scenarioOverlay, stepList, transitionKey, withRunOverlay } from '../src/run-overlay.js';
import { NOT_REACHED_COLOR, RUN_COLOR } from '../src/style.js';
import { parsePathway } from './helpers.js';

const PATHWAY = `pathway P {
  actor doc: clinician
  actor lab: laboratory
  data v: biomarker unit "mg/dL"
  flow v from lab to doc for care
  cutoff Hi: v >= 10 "mg/dL" source "S"
  cutoff Lo: v < 10 "mg/dL" source "S"
  initial state A: healthy
  state W: hybrid at-risk { monitor v every 1 year by doc review after 2 years disclose v to doc by doc with counselling }
  final state B: sick
  final state C: healthy
  A -> W when Hi by doc
  W -> A when Lo by doc
  W -> B when Hi after 1 year by doc
  W -> B after 5 years by doc
  A -> C when Lo after 10 years by doc
}
`;

/** The DOT statement of a node or edge: the line that declares it. */
function statement(dot: string, start: string): string {
    const found = dot.split('\n').find(l => l.trimStart().startsWith(start));
    if (!found) throw new Error(`no DOT line starts with ${start}`);
    return found;
}

/** The caption (root graph label with the title and the key). */
function captionOf(dot: string): string {
    return dot.split('\n').filter(l => l.includes('labelloc="b"')).join('\n');
}

describe('the run overlay of the states view', () => {
    it('is drawn on a pathway without findings (so no red marks hide the run marks)', async () => {
        expect((await parsePathway(PATHWAY)).diagnostics.map(d => `${d.line} ${d.rule}`)).toEqual([]);
    });

    it('numbers a scenario path by step: states by their positions, transitions by the step they leave from', () => {
        const overlay = scenarioOverlay({
            name: 'loop', status: 'passed', path: ['A', 'W', 'A', 'W', 'B'],
            taken: [{ source: 'A', target: 'W', index: 0 }, { source: 'W', target: 'A', index: 0 }, { source: 'A', target: 'W', index: 0 }, { source: 'W', target: 'B', index: 0 }],
        });
        expect(overlay.states.get('A')).toEqual({ count: 2, steps: [1, 3] });
        expect(overlay.states.get('W')).toEqual({ count: 2, steps: [2, 4] });
        expect(overlay.states.has('C')).toBe(false);
        expect(overlay.transitions.get(transitionKey('A', 'W', 0))).toEqual({ count: 2, steps: [1, 3] });
        expect(overlay.transitions.get(transitionKey('W', 'B', 0))).toEqual({ count: 1, steps: [4] });
        expect(overlay.transitions.has(transitionKey('W', 'B', 1))).toBe(false);
        expect(overlay.caption).toBe('Path of scenario "loop" (passed): 5 states entered, numbered in order');
        expect(stepList([1, 3, 5, 7, 9], 36_526)).toBe('1, 3, 5, 7, … (36,526 times)');
        expect(stepList([2, 4], 2)).toBe('2, 4');
    });

    it('draws the scenario\'s states and transitions thick and dark blue with their steps, and keys only those marks', async () => {
        const { pathway, diagnostics } = await parsePathway(PATHWAY);
        const plain = renderDot(buildStatesModel(pathway, diagnostics));
        expect(plain).not.toContain(RUN_COLOR);
        expect(plain).not.toContain('▶');

        const overlay = scenarioOverlay({
            name: 'up and down', status: 'passed', path: ['A', 'W', 'A', 'W', 'B'],
            taken: [{ source: 'A', target: 'W', index: 0 }, { source: 'W', target: 'A', index: 0 }, { source: 'A', target: 'W', index: 0 }, { source: 'W', target: 'B', index: 0 }],
        });
        const dot = renderDot(withRunOverlay(buildStatesModel(pathway, diagnostics), overlay));
        const a = statement(dot, '"A" [');
        expect(a).toContain(`color="${RUN_COLOR}"`);
        expect(a).toContain('penwidth=3.5');
        expect(a).toContain('▶ steps 1, 3');
        expect(statement(dot, '"B" [')).toContain('▶ step 5');
        // C was not entered: its own colours, no run text.
        const c = statement(dot, '"C" [');
        expect(c).not.toContain(RUN_COLOR);
        expect(c).not.toContain('▶');
        // The edge A -> W (both legs through its label node) is blue; its label says the steps.
        const legs = dot.split('\n').filter(l => /"A" -> "__label_transition_0"|"__label_transition_0" -> "W"/.test(l));
        expect(legs).toHaveLength(2);
        for (const leg of legs) expect(leg).toContain(`color="${RUN_COLOR}"`);
        expect(statement(dot, '"__label_transition_0" [')).toContain('▶ steps 1 → 2, 3 → 4');
        // W -> B: two transitions, the first (after 1 year) taken at step 4, the second not.
        const wb = statement(dot, '"__label_transition_2" [');
        expect(wb).toContain('▶ step 4 → 5');
        expect(wb).not.toContain('not taken');
        // A -> C was not taken, and a scenario overlay does not say so: only coverage does.
        expect(statement(dot, '"__label_transition_4" [')).not.toContain('not taken');

        const caption = captionOf(dot);
        expect(caption).toContain('Path of scenario &quot;up and down&quot; (passed)');
        expect(caption).toContain('entered by the scenario');
        expect(caption).toContain('taken by the scenario');
        expect(caption).not.toContain('not taken');
        expect(caption).not.toContain('not entered');
        expect(captionOf(plain)).not.toContain('scenario');
    });

    it('draws coverage: counts on what was reached, dotted grey lines and ○ on what was not, and keys each mark used', async () => {
        const { pathway, diagnostics } = await parsePathway(PATHWAY);
        const overlay = coverageOverlay({
            what: '3 scenarios',
            states: [{ name: 'A', count: 3 }, { name: 'W', count: 2 }, { name: 'B', count: 1 }, { name: 'C', count: 0 }],
            transitions: [
                { source: 'A', target: 'W', index: 0, count: 2 },
                { source: 'W', target: 'A', index: 0, count: 0 },
                { source: 'W', target: 'B', index: 0, count: 0 },
                { source: 'W', target: 'B', index: 1, count: 1 },
                { source: 'A', target: 'C', index: 0, count: 0 },
            ],
        });
        expect(overlay.caption).toBe('Coverage of the last test run (3 scenarios): 2 of 5 transitions taken, 3 of 4 states entered');
        const dot = renderDot(withRunOverlay(buildStatesModel(pathway, diagnostics), overlay));
        expect(statement(dot, '"A" [')).toContain('▶ entered 3×');
        const c = statement(dot, '"C" [');
        expect(c).toContain('○ not entered');
        expect(c).not.toContain(`color="${RUN_COLOR}"`);
        expect(statement(dot, '"__label_transition_0" [')).toContain('▶ taken 2×');
        // W -> A and A -> C: never taken, dotted grey.
        for (const leg of dot.split('\n').filter(l => /-> "__label_transition_(1|4)"/.test(l))) {
            expect(leg).toContain(`color="${NOT_REACHED_COLOR}"`);
            expect(leg).toContain('style="dotted"');
        }
        // W -> B: the second of its two transitions was taken: a blue line, one block per transition.
        const wb = statement(dot, '"__label_transition_2" [');
        expect(wb.indexOf('○ not taken')).toBeGreaterThan(-1);
        expect(wb.indexOf('○ not taken')).toBeLessThan(wb.indexOf('▶ taken 1×'));
        expect(dot.split('\n').find(l => l.includes('-> "__label_transition_2"'))).toContain(`color="${RUN_COLOR}"`);

        const caption = captionOf(dot);
        for (const key of ['entered in the run', 'taken in the run', 'not entered in the run', 'not taken in the run: dotted grey line']) {
            expect(caption, key).toContain(key);
        }
        expect(caption).not.toContain('by the scenario');
    });

    it('keys ○ without a dotted line when every untaken transition shares its line with a taken one', async () => {
        const { pathway, diagnostics } = await parsePathway(PATHWAY);
        const overlay = coverageOverlay({
            states: ['A', 'W', 'B', 'C'].map(name => ({ name, count: 1 })),
            transitions: [
                { source: 'A', target: 'W', index: 0, count: 1 }, { source: 'W', target: 'A', index: 0, count: 1 },
                { source: 'W', target: 'B', index: 0, count: 1 }, { source: 'W', target: 'B', index: 1, count: 0 },
                { source: 'A', target: 'C', index: 0, count: 1 },
            ],
        });
        const caption = captionOf(renderDot(withRunOverlay(buildStatesModel(pathway, diagnostics), overlay)));
        expect(caption).toContain('transition not taken in the run');
        expect(caption).not.toContain('dotted grey');
        expect(caption).not.toContain('not entered');
    });

    it('keeps scenario names and failure messages as text in the DOT, the SVG and its description', async () => {
        const { pathway, diagnostics } = await parsePathway(PATHWAY);
        const name = '<script>alert(1)</script> & "quotes" \\N <!-- -->';
        const overlay = scenarioOverlay({
            name, status: 'failed', path: ['A', 'W'], taken: [{ source: 'A', target: 'W', index: 0 }],
            failure: { line: 9, message: 'expected state <b>B</b>, but the person is in W' },
        });
        const model = withRunOverlay(buildStatesModel(pathway, diagnostics), overlay);
        const { dot } = buildDot(model);
        expect(dot).not.toContain('<script');
        expect(dot).not.toContain('<b>');
        expect(dot).toContain('&lt;script&gt;');
        const svg = await renderSvg(model);
        expect(svg).not.toContain('<script');
        expect(svg).not.toMatch(/<b>/);
        expect(svg).toContain('&lt;script&gt;');
        expect(svg).toMatch(/<desc[^>]*>[^<]*Path of scenario &quot;&lt;script&gt;/);
        expect(svg).toContain('failed at line 9');
    });
});
