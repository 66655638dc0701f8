/** `npm run bench`: every benchmark, with a "met/MISSED" line per target and a summary. */
import { runCoreBenchmarks } from './core.bench.js';
import { runDocumentBenchmarks } from './documents.bench.js';
import { runCodeBenchmarks } from './code.bench.js';
import { runLspBenchmarks } from './lsp.bench.js';
import { runCorpusBenchmarks } from './corpus/run.js';
import { runHoldoutBenchmarks } from './corpus/holdout/run.js';
import { runGradeBenchmarks } from './grade.bench.js';
import { runColdBenchmarks } from './cold.bench.js';
import { runFuzzBenchmarks } from './fuzz.bench.js';
import { runPythonBenchmarks } from './python.bench.js';
import { results } from './harness.js';

const only = process.argv[2];
void (async () => {
  if (!only || only === 'core') runCoreBenchmarks();
  if (!only || only === 'documents') runDocumentBenchmarks();
  if (!only || only === 'code') runCodeBenchmarks();
  if (!only || only === 'lsp') await runLspBenchmarks();
  if (!only || only === 'corpus') await runCorpusBenchmarks();
  if (!only || only === 'holdout') await runHoldoutBenchmarks(); // held out: not part of the development loop
  if (!only || only === 'grade') runGradeBenchmarks();
  if (!only || only === 'cold') await runColdBenchmarks();
  if (!only || only === 'python') await runPythonBenchmarks();
  if (only === 'fuzz') await runFuzzBenchmarks(); // many minutes: only when asked
  const missed = results.filter((r) => !r.met);
  console.log(`\n${results.length - missed.length} of ${results.length} targets met${missed.length ? `; missed: ${missed.map((m) => m.name).join('; ')}` : ''}`);
})();
