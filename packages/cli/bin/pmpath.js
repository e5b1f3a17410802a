#!/usr/bin/env node
// The `pmpath` executable: runs the esbuild bundle in dist/, which holds the
// CLI with every dependency (built by `npm run build` at the repository root;
// the published package ships it). Nothing here looks outside this package.
import { runPmpath } from './run.js';

await runPmpath(process.argv.slice(2));
