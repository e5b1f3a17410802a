/**
 * A generated pathway with `n` states and about two labelled transitions per
 * state, for size and speed tests. Plain JavaScript so that the unit tests
 * and the diagram benchmark (`test/bench/diagram-bench.mjs`) share it.
 */
export function generatePathway(n) {
    const lines = [
        `pathway Generated${n} {`,
        `  title "Generated pathway with ${n} states"`,
        '  actor doc: clinician "Clinician" { genomics-trained }',
        '  actor lab: laboratory "Laboratory"',
        '  data v: biomarker "Value" unit "mg/dL"',
        '  cutoff Up: v >= 10 "mg/dL" source "Synthetic"',
        '  cutoff Down: v < 10 "mg/dL" source "Synthetic"',
        '  flow v from lab to doc for care',
        '  initial state S0: healthy "State 0"',
    ];
    for (let i = 1; i < n - 1; i++) {
        lines.push(i % 3 === 1
            ? `  state S${i}: hybrid at-risk "State ${i}" {\n    monitor v every 6 months by doc review after 1 year\n    disclose v to doc by doc with counselling\n  }`
            : `  state S${i}: ${i % 3 === 2 ? 'healthy' : 'sick'} "State ${i}"`);
    }
    lines.push(`  final state S${n - 1}: healthy "Discharged"`);
    for (let i = 0; i < n - 1; i++) {
        lines.push(`  S${i} -> S${i + 1} when Up by doc`);
        lines.push(`  S${i} -> S${Math.min(n - 1, i + 2 + (i % 5))} when Down after 1 year by doc, lab`);
    }
    lines.push('}');
    return lines.join('\n') + '\n';
}
