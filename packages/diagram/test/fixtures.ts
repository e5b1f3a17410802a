/**
 * Shared fixtures: a pathway whose every label is an injection attempt, and a
 * generator of large pathways. Payloads stay shorter than the diagram label
 * limit so that every format must carry them whole.
 */

/** Label texts as the reader must see them (after pmpath string unescaping). */
export const PAYLOADS = {
    title: 'Title <script>window.__pwned=1</script> & "quotes"',
    script: '<script>window.__pwned=2</script>',
    img: '<img src=x onerror="window.__pwned=3">',
    svgOnload: '<svg onload="window.__pwned=4"></svg>',
    jsUrl: '<a href="javascript:window.__pwned=5">click</a>',
    cdata: ']]><script>window.__pwned=6</script><!--',
    mermaid: '%%{init: {"securityLevel":"loose"}}%% --> end',
    punctuation: 'a|b;c#d{e}f[g]h(i)j`k*l_m\\n \'q\' \\N \\G',
    comment: '--> <!-- --> */ // x',
    unit: 'mg/dL<b>bold</b>',
    source: 'Guideline <iframe src="javascript:window.__pwned=7">',
    waiver: 'IRB-1 "><script>window.__pwned=8</script>',
    duoArg: 'cystic <b onmouseover=x>fibrosis',
} as const;

/** A pmpath string literal for a payload: `\` and `"` escaped. */
export function pmString(text: string): string {
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export const INJECTION_PATHWAY = `pathway Injected {
  title ${pmString(PAYLOADS.title)}
  owner ${pmString(PAYLOADS.comment)}
  description ${pmString(PAYLOADS.mermaid)}
  actor doc: clinician ${pmString(PAYLOADS.script)} { genomics-trained }
  actor lab: laboratory ${pmString(PAYLOADS.img)}
  actor app: platform ${pmString(PAYLOADS.svgOnload)} { monetizes }
  actor fam: family ${pmString(PAYLOADS.punctuation)}
  data marker: biomarker ${pmString(PAYLOADS.jsUrl)} unit ${pmString(PAYLOADS.unit)}
  data geno: genomic ${pmString(PAYLOADS.cdata)}
  cutoff High: marker >= 5 ${pmString(PAYLOADS.unit)} source ${pmString(PAYLOADS.source)}
  cutoff Low: marker < 5 ${pmString(PAYLOADS.unit)} source ${pmString(PAYLOADS.source)}
  consent C by fam {
    permits research
    duo DS ${pmString(PAYLOADS.duoArg)}, NPU
    covers marker, geno
    recontact
  }
  initial state Start: healthy ${pmString(PAYLOADS.script)}
  state Waiting: hybrid at-risk ${pmString(PAYLOADS.mermaid)} {
    monitor marker every 3 months by doc review after 1 year
    disclose marker to fam by doc with counselling
  }
  final state Sick: sick ${pmString(PAYLOADS.cdata)}
  final state Well: healthy ${pmString(PAYLOADS.punctuation)}
  Start -> Waiting when High by lab, doc
  Start -> Well when Low by lab, doc
  Waiting -> Sick when High by doc
  Waiting -> Well after 1 year by doc
  flow marker from lab to doc for care
  flow marker, geno from doc to app for research waiver ${pmString(PAYLOADS.waiver)}
  flow geno from fam to doc for research under C
}
`;

/** Every payload that must appear, as text, in a rendering that shows labels. */
export const VISIBLE_PAYLOADS: readonly string[] = [PAYLOADS.script, PAYLOADS.img, PAYLOADS.svgOnload, PAYLOADS.cdata, PAYLOADS.mermaid, PAYLOADS.punctuation];

export { generatePathway } from './generate-pathway.mjs';
