import { test } from 'node:test';
import assert from 'node:assert/strict';
import { regressionDocuments, runFuzz } from './runner.js';

/**
 * The quick fuzz run (the long one is `npm run bench fuzz`): a few dozen generated documents with
 * mutations, edits, hovers, CodeLens and protocol faults through the real server over stdio, a few
 * through the CLI, plus every input that once failed (test/fuzz/regressions). Seeded: a failure
 * here reproduces with the same seed.
 */
test('fuzz (quick): no crash, no hang, bounded memory', { timeout: 120_000 }, async () => {
  const r = await runFuzz({ seed: 20261207, documents: 30, cliFiles: 6, extra: regressionDocuments(), log: (m) => console.log(m) });
  console.log(`fuzz quick: ${r.documents} documents, ${r.cliFiles} CLI files in ${r.ms} ms; peak server ${r.peakServerMb.toFixed(0)} MB; slowest diagnostics ${r.slowestDiagnosticsMs} ms, hover ${r.slowestHoverMs} ms, CLI ${r.slowestCliMs} ms`);
  assert.deepEqual(r.failures, []);
  assert.ok(r.peakServerMb < 500, `peak server memory ${r.peakServerMb} MB`);
});
