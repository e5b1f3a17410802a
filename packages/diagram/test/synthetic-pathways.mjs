/**
 * Holdout-style synthetic pathways for the legibility and print checks and
 * for the diagram benchmark: seeded, so every run sees the same text, but
 * shaped like pathways people write rather than like a ladder. Each has
 *
 *  - states of every kind (hybrid ones with monitoring plans whose `until`
 *    guard makes the line long, and with disclosures), several finals, forward
 *    and backward transitions (cycles), guards of one to three cutoffs joined
 *    by `and`/`or`/`not`, `after` durations and one to three gatekeepers;
 *  - actors of every role, with several flows between the same pair of actors
 *    (in both directions), research and commercial use with and without a
 *    consent, waivers, and a downstream-consent violation chain;
 *  - labels of realistic length, some long enough to need wrapping.
 *
 * Plain JavaScript so that the unit tests and `test/bench/diagram-bench.mjs`
 * share it.
 */

/** mulberry32: a tiny, well-distributed 32-bit PRNG (the benchmarks use the same). */
function mulberry32(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const STATE_WORDS = ['Screened', 'Referred', 'Confirmed', 'Counselled', 'Monitored', 'Escalated', 'Treated', 'Reviewed', 'Waiting', 'Enrolled', 'Cleared', 'Stable', 'Relapsed', 'Tested', 'Retested'];
const LABEL_WORDS = ['abnormal', 'screen', 'result', 'awaiting', 'confirmatory', 'genetic', 'testing', 'under', 'surveillance', 'after', 'borderline', 'value', 'with', 'family', 'history', 'of', 'early-onset', 'disease', 'and', 'uncertain', 'significance', 'referred', 'to', 'specialist', 'clinic'];
const ROLES = ['clinician', 'laboratory', 'platform', 'researcher', 'family', 'payer', 'administrator', 'patient', 'clinician', 'regulator', 'advocacy', 'clinician'];
const ACTOR_LABELS = {
    clinician: 'Consultant in clinical genetics', laboratory: 'Regional genomic laboratory hub', platform: 'Remote monitoring platform',
    researcher: 'University cohort study team', family: 'First-degree relatives', payer: 'Health insurer (utilisation review)',
    administrator: 'Hospital records office', patient: 'Person in the pathway', regulator: 'National screening committee', advocacy: 'Patient advocacy group',
};
const HYBRIDS = ['patient-in-waiting', 'carrier', 'subclinical', 'at-risk'];
const PURPOSES = ['care', 'research', 'quality', 'billing', 'commercial', 'public-health'];

/**
 * A pathway with `states` states and `actors` actors (3–12), generated from
 * `seed`. `crossLinks` adds a transition from almost every state to a random
 * other state, forward or back (re-referrals, relapses): many long edges,
 * the layout-heavy shape of the diagram benchmark. Returns the `.pmpath` text.
 */
export function syntheticPathway({ seed = 1, states = 20, actors = 6, name, crossLinks = false } = {}) {
    const rng = mulberry32(seed * 7919 + states * 31 + actors);
    const pick = items => items[Math.floor(rng() * items.length)];
    const int = (lo, hi) => lo + Math.floor(rng() * (hi - lo + 1));
    const words = (lo, hi) => Array.from({ length: int(lo, hi) }, () => pick(LABEL_WORDS)).join(' ');
    const pathwayName = name ?? `Synthetic${states}x${actors}s${seed}`;
    const lines = [
        `pathway ${pathwayName} {`,
        `  title "Synthetic pathway, ${states} states and ${actors} actors (seed ${seed})"`,
        '  owner "pmpath legibility checks"',
    ];

    // Actors: the first is always a clinician, so every transition has a gatekeeper.
    const actorNames = [];
    const roleOf = new Map();
    for (let i = 0; i < actors; i++) {
        const role = i === 0 ? 'clinician' : ROLES[(i + seed) % ROLES.length];
        const actorName = `${role === 'clinician' ? 'doc' : role.slice(0, 4)}${i}`;
        const traits = role === 'clinician' && rng() < 0.7 ? ' { genomics-trained }' : role === 'platform' || (role === 'researcher' && rng() < 0.4) ? ' { monetizes }' : '';
        lines.push(`  actor ${actorName}: ${role} "${ACTOR_LABELS[role]} ${i}"${traits}`);
        actorNames.push(actorName);
        roleOf.set(actorName, role);
    }
    const clinicians = actorNames.filter(a => roleOf.get(a) === 'clinician');

    // Data and cutoffs: numeric bands on two biomarkers, variant classes on a panel.
    lines.push(
        '  data marker: biomarker "Serum marker" unit "ng/mL"',
        '  data score: biomarker "Composite risk score" unit "%"',
        '  data panel: genomic "Germline panel"',
        '  data steps: passive "Step count from a wrist-worn tracker"',
        '  data diary: self-tracked "Symptom diary"',
        '  data notes: clinical "Clinic letters"',
        '  cutoff MarkerLow: marker < 20 "ng/mL" source "Synthetic protocol 2024"',
        '  cutoff MarkerMid: marker in [20, 60) "ng/mL" source "Synthetic protocol 2024"',
        '  cutoff MarkerHigh: marker >= 60 "ng/mL" source "Synthetic protocol 2024"',
        '  cutoff ScoreHigh: score >= 7.5 "%" source "Pooled cohort equations"',
        '  cutoff ScoreLow: score < 7.5 "%"',
        '  cutoff Pathogenic: panel is pathogenic, likely-pathogenic source "ACMG/AMP 2015"',
        '  cutoff Uncertain: panel is uncertain source "ACMG/AMP 2015"',
        '  consent StudyConsent {',
        '    permits research',
        '    duo HMB, NPU',
        '    covers marker, panel, notes',
        '    recontact',
        '  }',
        '  consent AppTerms {',
        '    permits care, commercial',
        '    covers steps, diary',
        '  }',
    );
    const cutoffs = ['MarkerLow', 'MarkerMid', 'MarkerHigh', 'ScoreHigh', 'ScoreLow', 'Pathogenic', 'Uncertain'];
    const guard = () => {
        const n = int(1, 3);
        let text = pick(cutoffs);
        for (let i = 1; i < n; i++) text += `${rng() < 0.5 ? ' and ' : ' or '}${rng() < 0.3 ? 'not ' : ''}${pick(cutoffs)}`;
        return text;
    };
    const duration = () => `${int(1, 18)} ${pick(['weeks', 'months', 'years'])}`;

    // States: S0 initial, about a sixth final, the rest healthy, sick or hybrid.
    const stateNames = [];
    const finals = new Set();
    for (let i = 0; i < states; i++) {
        const stateName = `${STATE_WORDS[i % STATE_WORDS.length]}${i}`;
        stateNames.push(stateName);
        const final = i === states - 1 || (i > 1 && i % 6 === 5);
        if (final) finals.add(stateName);
        const kind = i === 0 ? 'healthy' : final ? pick(['healthy', 'sick']) : pick(['healthy', 'sick', 'hybrid', 'hybrid']);
        const modifier = i === 0 ? 'initial ' : final ? 'final ' : '';
        const label = rng() < 0.85 ? ` "${words(2, rng() < 0.2 ? 14 : 6)}"` : '';
        if (kind === 'hybrid') {
            const plan = `monitor ${pick(['marker', 'score', 'panel, marker'])} every ${duration()} by ${pick(clinicians)}`
                + (rng() < 0.7 ? ` review after ${duration()}` : '') + (rng() < 0.6 ? ` until ${guard()}` : '');
            const disclose = rng() < 0.7 ? `\n    disclose ${pick(['marker', 'panel'])} to ${pick(actorNames)} by ${pick(clinicians)}${rng() < 0.6 ? ' with counselling' : ''}` : '';
            lines.push(`  ${modifier}state ${stateName}: hybrid ${pick(HYBRIDS)}${label} {\n    ${plan}${disclose}\n  }`);
        } else {
            lines.push(`  ${modifier}state ${stateName}: ${kind}${label}`);
        }
    }

    // Transitions: a forward spine (so every state is reachable), extra forward
    // edges of varying span, and some backward edges (cycles).
    const transition = (from, to) => {
        const parts = [`  ${from} -> ${to}`];
        if (rng() < 0.8) parts.push(`when ${guard()}`);
        if (rng() < 0.35) parts.push(`after ${duration()}`);
        const by = new Set([pick(clinicians)]);
        for (let k = int(0, 2); k > 0; k--) by.add(pick(actorNames));
        parts.push(`by ${[...by].join(', ')}`);
        lines.push(parts.join(' '));
    };
    for (let i = 0; i < states - 1; i++) {
        const from = stateNames[i];
        if (finals.has(from)) continue;
        transition(from, stateNames[i + 1]);
        if (rng() < 0.6) transition(from, stateNames[Math.min(states - 1, i + int(2, 6))]);
        if (i > 2 && rng() < 0.15) transition(from, stateNames[int(1, i - 1)]);
        if (crossLinks && rng() < 0.9) {
            const to = int(1, states - 1);
            if (to !== i && to !== i + 1) transition(from, stateNames[to]);
        }
    }

    // Flows: several between the same pair, both directions, every kind of use.
    const flowCount = Math.max(3, Math.round(actors * 1.4));
    const pairs = [];
    for (let i = 0; i < flowCount; i++) {
        const reuse = pairs.length > 0 && rng() < 0.45;
        const [from, to] = reuse ? pick(pairs) : [pick(actorNames), pick(actorNames.filter(a => a !== actorNames[0] || rng() < 0.5))];
        if (from === to) continue;
        pairs.push([from, to]);
        const purpose = pick(PURPOSES);
        const data = pick(['marker', 'panel', 'notes', 'steps, diary', 'marker, panel', 'diary']);
        const basis = purpose === 'research' ? pick([' under StudyConsent', '', ' waiver "Ethics committee decision EC-2024-0117"'])
            : purpose === 'commercial' ? pick([' under AppTerms', '']) : pick(['', '', ' under AppTerms']);
        lines.push(`  flow ${data} from ${from} to ${to} for ${purpose}${basis}`);
    }
    // A downstream violation chain: panel reaches a researcher under NPU, then goes on for commercial use.
    if (actors >= 3) {
        const [a, b, c] = [actorNames[0], actorNames[1], actorNames[2]];
        lines.push(`  flow panel from ${a} to ${b} for research under StudyConsent`, `  flow panel from ${b} to ${c} for commercial under AppTerms`);
    }
    lines.push('}');
    return lines.join('\n') + '\n';
}

/** The set the legibility and print checks run on: 5–60 states, 3–12 actors, fixed seeds. */
export const SYNTHETIC_SET = [
    { seed: 1, states: 5, actors: 3 },
    { seed: 2, states: 8, actors: 12 },
    { seed: 3, states: 12, actors: 4 },
    { seed: 4, states: 20, actors: 8 },
    { seed: 5, states: 30, actors: 6 },
    { seed: 6, states: 40, actors: 10 },
    { seed: 7, states: 60, actors: 12 },
];
