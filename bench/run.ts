/** `npm run bench`: every benchmark, with a "met/MISSED" line per target and a summary. */
import { runCoreBenchmarks } from './core.bench.js';
import { results } from './harness.js';

const only = process.argv[2];
if (!only || only === 'core') runCoreBenchmarks();
const missed = results.filter((r) => !r.met);
console.log(`\n${results.length - missed.length} of ${results.length} targets met${missed.length ? `; missed: ${missed.map((m) => m.name).join('; ')}` : ''}`);
