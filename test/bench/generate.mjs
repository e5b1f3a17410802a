/**
 * Synthetic pmpath sources for the benchmarks, generated from a fixed seed so
 * every run measures exactly the same text. The pathways mix every construct a
 * real one uses (actors with traits, data with units, numeric/interval/variant
 * cutoffs with sources, consents with DUO terms, hybrid states with monitor and
 * disclose plans, guarded transitions, flows under consents or waivers) and can
 * import a shared library, so linking, scoping and the cross-file rules all do
 * real work. About a fifth of the lines are comments or blank, as in the
 * hand-written examples (where it is nearer a third).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG. */
export function mulberry32(seed) {
    let a = seed >>> 0;
    return function next() {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const pick = (rng, items) => items[Math.floor(rng() * items.length)];
const int = (rng, lo, hi) => lo + Math.floor(rng() * (hi - lo + 1));

const UNITS = ['mg/dL', 'mmol/L', 'ng/mL', '%', 'mmol/mol', 'U/L'];
const GUIDELINES = ['NICE NG28 2022', 'ADA Standards of Care 2024', 'ESC/EAS 2019', 'ACMG/AMP 2015', 'CFF consensus 2017', 'CPIC 2022'];
const HYBRIDS = ['patient-in-waiting', 'carrier', 'subclinical', 'at-risk'];
const DURATION_UNITS = ['weeks', 'months', 'years'];

/**
 * A library with `blocks` groups of shared declarations. Names are prefixed so
 * that several libraries never clash.
 */
export function generateLibrary(rng, name, blocks) {
    const lines = [
        `// Shared declarations for the ${name} programme (synthetic benchmark data).`,
        `library ${name} {`,
        `  title "Shared services of ${name}"`,
        `  version "1.0.${int(rng, 0, 9)}"`,
        '',
    ];
    const exported = { actors: [], clinicians: [], data: [], cutoffs: [], consents: [] };
    for (let b = 0; b < blocks; b++) {
        const p = `${name}_${b}`;
        const unit = pick(rng, UNITS);
        lines.push(
            `  actor ${p}_genetics: clinician "Clinical geneticist ${b}" { genomics-trained }`,
            `  actor ${p}_lab: laboratory "Genomic laboratory hub ${b}"`,
            `  data ${p}_panel: genomic "Germline panel ${b}"`,
            `  data ${p}_marker: biomarker "Serum marker ${b}" unit "${unit}"`,
            `  cutoff ${p}_Pathogenic: ${p}_panel is pathogenic, likely-pathogenic source "ACMG/AMP 2015"`,
            `  cutoff ${p}_High: ${p}_marker >= ${int(rng, 50, 200)} "${unit}" source "${pick(rng, GUIDELINES)}"`,
            `  consent ${p}_Research {`,
            '    permits research',
            `    duo HMB, ${pick(rng, ['IRB', 'PUB', 'NPU', 'COL'])}`,
            `    covers ${p}_panel, ${p}_marker`,
            '    withdrawable',
            '    recontact',
            '  }',
            ''
        );
        exported.actors.push(`${p}_genetics`, `${p}_lab`);
        exported.clinicians.push(`${p}_genetics`);
        exported.data.push(`${p}_panel`, `${p}_marker`);
        exported.cutoffs.push(`${p}_Pathogenic`, `${p}_High`);
        exported.consents.push(`${p}_Research`);
    }
    lines.push('}', '');
    return { text: lines.join('\n'), exported };
}

/**
 * A pathway of roughly `targetLines` lines. `library` (optional) is
 * `{ importPath, exported }`: some blocks then reference the library's names.
 * `unresolved` adds a few references to names that exist nowhere.
 */
export function generatePathway(rng, name, targetLines, options = {}) {
    const { library, unresolved = 0 } = options;
    const lines = [];
    if (library) {
        lines.push(`import "${library.importPath}"`, '');
    }
    lines.push(
        `// ${name}: a synthetic screening pathway for the pmpath benchmarks.`,
        `pathway ${name} {`,
        `  title "Synthetic screening pathway ${name}"`,
        `  version "${int(rng, 1, 3)}.${int(rng, 0, 9)}.0"`,
        `  owner "Benchmark programme"`,
        '',
        '  actor person: patient "Screened person"',
        '  actor relatives: family "Relatives"',
        '  actor gp: clinician "General practitioner"',
        '  actor app: platform "Symptom-tracking app" { monetizes }',
        '  data diary: self-tracked "Symptom diary"',
        '  data steps: passive "Step count"',
        '  consent AppTerms by person {',
        '    permits care, commercial',
        '    covers diary, steps',
        '    withdrawable',
        '  }',
        '  initial state Start: healthy "Invited to screening"',
        '  final state Discharged: healthy "Discharged from the pathway"',
        '  flow diary, steps from person to app for commercial under AppTerms',
        ''
    );
    // Lines a block adds (kept in sync with the template below).
    const BLOCK_LINES = 34;
    const closing = 2;
    const blocks = Math.max(1, Math.round((targetLines - lines.length - closing) / BLOCK_LINES));
    let previous = 'Start';
    let unresolvedLeft = unresolved;
    for (let b = 0; b < blocks; b++) {
        const unit = pick(rng, UNITS);
        const lo = int(rng, 10, 90);
        const hi = lo + int(rng, 10, 90);
        const useLib = library && rng() < 0.5 ? library.exported : undefined;
        const libIndex = useLib ? int(rng, 0, useLib.clinicians.length - 1) : 0;
        const clinician = useLib ? useLib.clinicians[libIndex] : `clin${b}`;
        const genomic = useLib ? useLib.data[libIndex * 2] : `panel${b}`;
        const pathogenic = useLib ? `Pathogenic${b} or ${useLib.cutoffs[libIndex * 2]}` : `Pathogenic${b}`;
        const libConsent = useLib ? useLib.consents[libIndex] : undefined;
        const hybrid = pick(rng, HYBRIDS);
        const every = int(rng, 1, 12);
        const everyUnit = pick(rng, DURATION_UNITS);
        const missing = unresolvedLeft > 0 ? `missingMarker${b}` : undefined;
        if (missing) unresolvedLeft--;
        lines.push(
            `  // ---- block ${b}: ${hybrid} follow-up on marker ${b} and variant panel ${b}`,
            `  actor clin${b}: clinician "Specialist ${b}" { genomics-trained }`,
            `  actor lab${b}: laboratory "Laboratory ${b}"`,
            `  actor reg${b}: researcher "Registry ${b}"`,
            `  data marker${b}: biomarker "Marker ${b}" unit "${unit}"`,
            `  data panel${b}: genomic "Variant panel ${b}"`,
            '',
            `  // Bands meet without gaps; the sources are the guidelines the programme follows.`,
            `  cutoff Low${b}: marker${b} < ${lo} "${unit}" source "${pick(rng, GUIDELINES)}"`,
            `  cutoff Mid${b}: marker${b} in [${lo}, ${hi}) "${unit}" source "${pick(rng, GUIDELINES)}"`,
            `  cutoff High${b}: marker${b} >= ${hi} "${unit}" source "${pick(rng, GUIDELINES)}"`,
            `  cutoff Pathogenic${b}: panel${b} is pathogenic, likely-pathogenic source "ACMG/AMP 2015"`,
            '',
            '  // Registry consent: research use only, re-contact for incidental findings.',
            `  consent Registry${b} by person {`,
            `    permits research`,
            `    duo ${pick(rng, ['HMB', 'GRU', 'DS "hereditary disease"'])}, ${pick(rng, ['NPU', 'IRB', 'PUB'])}`,
            `    covers marker${b}, panel${b}`,
            '    withdrawable',
            '    recontact',
            '  }',
            '',
            `  // People in this status are watched until the marker crosses the upper band.`,
            `  state Risk${b}: hybrid ${hybrid} "Hybrid status ${b}" {`,
            `    monitor ${missing ?? `marker${b}`} every ${every} ${everyUnit} by ${clinician} review after ${int(rng, 1, 3)} years until High${b}`,
            `    disclose ${genomic} to person, relatives by ${clinician} with counselling`,
            '  }',
            `  final state Sick${b}: sick "Diagnosed ${b}"`,
            `  ${previous} -> Risk${b} when Mid${b} or ${pathogenic} by lab${b}, ${clinician}`,
            `  Risk${b} -> Sick${b} when High${b} and not (Low${b} or Mid${b}) by ${useLib ? `${clinician}, clin${b}` : clinician}`,
            `  flow marker${b}, panel${b} from lab${b} to clin${b} for care`,
            `  flow panel${b} from clin${b} to reg${b} for research under Registry${b}`,
            libConsent
                ? `  flow ${genomic} from ${clinician} to reg${b} for research under ${libConsent}`
                : `  flow marker${b} from clin${b} to gp for care`,
            ''
        );
        previous = `Risk${b}`;
    }
    lines.push(`  ${previous} -> Discharged when Low${blocks - 1} by gp, clin${blocks - 1}`, '}', '');
    return lines.join('\n');
}

/**
 * One valid pathway of `targetLines` lines that are nearly all the same flow
 * under one consent: the shape that exposed superlinear costs (every element
 * a sibling of every other in one container).
 */
export function generateRepeatedFlows(targetLines) {
    const lines = [
        'pathway RepeatedFlows {',
        '  actor a: clinician "Sender"',
        '  actor b: clinician "Recipient"',
        '  data d: clinical "Record"',
        '  consent C by a {',
        '    permits care',
        '    covers d',
        '  }',
        '  initial state S: healthy',
        '  final state F: healthy',
        '  S -> F by a',
    ];
    while (lines.length < targetLines - 1) lines.push('  flow d from a to b for care under C');
    lines.push('}');
    return lines.join('\n') + '\n';
}

/** Counts lines the way `wc -l` does (plus one if the text does not end with a newline). */
export function countLines(text) {
    let n = 0;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
    return text.endsWith('\n') ? n : n + 1;
}

/**
 * Writes a workspace of `files` pathways of about `linesPerFile` lines into
 * `dir`; every third pathway imports one of `libraries` shared libraries. With
 * `unresolvedFiles`, that many pathways reference undeclared names.
 * Returns `{ paths, lines }`.
 */
export function writeWorkspace(dir, { seed, files, linesPerFile, libraries = 10, unresolvedFiles = 0 }) {
    const rng = mulberry32(seed);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, 'shared'), { recursive: true });
    const libs = [];
    const paths = [];
    let lines = 0;
    for (let l = 0; l < libraries; l++) {
        const name = `SharedLib${l}`;
        const { text, exported } = generateLibrary(rng, name, 3);
        const file = path.join(dir, 'shared', `lib${l}.pmpath`);
        fs.writeFileSync(file, text);
        libs.push({ file: `lib${l}.pmpath`, exported });
        paths.push(file);
        lines += countLines(text);
    }
    const pathwayCount = files - libraries;
    for (let f = 0; f < pathwayCount; f++) {
        const lib = libs.length > 0 && f % 3 === 0 ? libs[f % libs.length] : undefined;
        const text = generatePathway(rng, `Pathway${f}`, linesPerFile, {
            library: lib && { importPath: `./shared/${lib.file}`, exported: lib.exported },
            unresolved: f < unresolvedFiles ? 2 : 0,
        });
        const file = path.join(dir, `pathway${String(f).padStart(4, '0')}.pmpath`);
        fs.writeFileSync(file, text);
        paths.push(file);
        lines += countLines(text);
    }
    return { paths, lines };
}
