#!/usr/bin/env node
// Regenerates the example diagrams shown in the README (examples/diagrams/*.svg) from
// examples/cf-newborn-screening.pmpath. Run `npm run build` first, then
// `npm run docs -w packages/diagram`. Output is deterministic, so an unchanged
// pathway gives an unchanged file (CI can check `git diff --exit-code examples/diagrams/`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintFiles } from '@pmpath/language';
import { buildFlowsModel, buildStatesModel, renderMermaid, renderSvg } from '@pmpath/diagram';

const root = path.resolve(import.meta.dirname, '../../..');
const example = path.join(root, 'examples/cf-newborn-screening.pmpath');
const docs = path.join(root, 'examples', 'diagrams');

const run = await lintFiles([example]);
const result = run.files[0];
const pathway = result.document?.parseResult.value.body;
if (pathway?.$type !== 'Pathway') {
    console.error(`pmpath docs: ${path.relative(root, example)} does not parse as a pathway; run pmpath check on it`);
    process.exit(2);
}
fs.mkdirSync(docs, { recursive: true });
const outputs = {
    'cf-newborn-screening-states.svg': await renderSvg(buildStatesModel(pathway, result.diagnostics), { idPrefix: 'cf-states-' }),
    'cf-newborn-screening-flows.svg': await renderSvg(buildFlowsModel(pathway, result.diagnostics), { idPrefix: 'cf-flows-' }),
    'cf-newborn-screening-states.mmd': renderMermaid(buildStatesModel(pathway, result.diagnostics)).text,
};
for (const [name, text] of Object.entries(outputs)) {
    fs.writeFileSync(path.join(docs, name), text);
    console.log(`wrote examples/diagrams/${name}`);
}
