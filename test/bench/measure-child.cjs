// Preloaded into a benchmarked child process (`node --require measure-child.cjs …`):
// at exit, writes the process's own CPU time and peak resident set size to the
// file named by PMPATH_BENCH_USAGE, so the bench can report them per run.
'use strict';
const fs = require('node:fs');

process.on('exit', () => {
    const file = process.env.PMPATH_BENCH_USAGE;
    if (!file) return;
    const usage = process.resourceUsage();
    fs.writeFileSync(file, JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKb: usage.maxRSS }));
});
