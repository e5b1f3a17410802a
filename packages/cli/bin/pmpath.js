#!/usr/bin/env node
// The `pmpath` executable: runs the compiled CLI (build first with `npm run build`).
import { main } from '../out/main.js';

process.exitCode = await main(process.argv.slice(2));
