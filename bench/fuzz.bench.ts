/**
 * The long fuzz run (`npm run bench fuzz`; not part of the default `npm run bench`, it takes many
 * minutes): two seeds of 1,000 generated documents each, with the costly mutations (1 MB lines,
 * 10,000-parameter functions) allowed, through the real server and 50 per seed through the CLI.
 * Failing inputs are kept in test/fuzz/regressions, which the quick fuzz test replays.
 * `FUZZ_DOCUMENTS=n` shortens it.
 */
import { loadavg } from 'node:os';
import { runFuzz, LIMITS } from '../test/fuzz/runner.js';
import { target } from './harness.js';

export async function runFuzzBenchmarks(): Promise<void> {
  const perSeed = Number(process.env.FUZZ_DOCUMENTS ?? 1000);
  console.log(`\nfuzz: 2 seeds × ${perSeed} documents (load average ${loadavg().map((x) => x.toFixed(2)).join(' ')})`);
  let crashes = 0, hangs = 0, peak = 0, cliSlowest = 0, docs = 0, cli = 0, diag = 0, hover = 0;
  for (const seed of [1, 2]) {
    const r = await runFuzz({ seed, documents: perSeed, cliFiles: 50, long: true, keep: true, log: (m) => console.log(m) });
    console.log(`  seed ${seed}: ${r.documents} documents, ${r.cliFiles} CLI files, ${(r.ms / 1000).toFixed(0)} s; ${r.crashes} crashes, ${r.hangs} hangs; peak server ${r.peakServerMb.toFixed(0)} MB; slowest diagnostics ${r.slowestDiagnosticsMs} ms, hover ${r.slowestHoverMs} ms, CLI file ${r.slowestCliMs} ms`);
    crashes += r.crashes; hangs += r.hangs; peak = Math.max(peak, r.peakServerMb); cliSlowest = Math.max(cliSlowest, r.slowestCliMs);
    docs += r.documents; cli += r.cliFiles; diag = Math.max(diag, r.slowestDiagnosticsMs); hover = Math.max(hover, r.slowestHoverMs);
  }
  console.log(`  (load average ${loadavg().map((x) => x.toFixed(2)).join(' ')})`);
  target('fuzz: crashes', `${crashes} in ${docs} documents and ${cli} CLI files`, '0', crashes === 0);
  target('fuzz: hangs', `${hangs} (slowest diagnostics ${diag} ms, hover ${hover} ms)`, `0 (hover <= ${LIMITS.hoverMs} ms, diagnostics <= ${LIMITS.diagnosticsMs} ms)`, hangs === 0);
  target('fuzz: peak server memory', `${peak.toFixed(0)} MB`, '< 500 MB', peak < 500);
  target('fuzz: slowest CLI file', `${cliSlowest} ms`, `< ${LIMITS.cliMs} ms`, cliSlowest < LIMITS.cliMs);
}
