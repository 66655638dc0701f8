/**
 * Cold start and memory, as a new user meets them: `gradlens check` on one seed as a process (past a
 * bare `node -e 0`), a freshly spawned language server's first diagnostics for the largest seed
 * (from spawn) and for the 5,000-line derivation (from didOpen), each beside the same run in a warm
 * server; the server's resident memory idle after initialize and with the seeds open; and the
 * costliest equation of the seeds, fixtures and examples against the budget (src/core/limits.ts).
 * The machine is shared: the load average is printed with the figures.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, PublishDiagnosticsNotification, InitializeRequest,
  InitializedNotification, DidOpenTextDocumentNotification, type ProtocolConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { derivationDocument } from './documents.bench.js';
import { median, target, wallMs } from './harness.js';
import { SEEDS, seedNames } from '../test/helpers/seeds.js';
import { analyzeDocument } from '../src/documents/analyzeDocument.js';
import { kindOfPath } from '../src/shared/fileKinds.js';
import { budgetPeak } from '../src/core/budget.js';
import { EQUATION_BUDGET } from '../src/core/limits.js';

const ROOT = resolve(__dirname, '..');
const SERVER = resolve(ROOT, 'dist/server.js');
const CLI = resolve(ROOT, 'bin/gradlens.js');
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

interface Server { connection: ProtocolConnection; pid: number; spawned: bigint; kill(): void; diagnostics(uri: string): Promise<PublishDiagnosticsParams>; open(uri: string, text: string, languageId?: string): void }

/** A fresh server process; `spawned` is taken just before spawn. */
async function freshServer(): Promise<Server> {
  const spawned = process.hrtime.bigint();
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map<string, (p: PublishDiagnosticsParams) => void>();
  const got = new Map<string, PublishDiagnosticsParams>();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => { got.set(p.uri, p); waiting.get(p.uri)?.(p); });
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: {}, initializationOptions: {} });
  await connection.sendNotification(InitializedNotification.type, {});
  return {
    connection, pid: child.pid!, spawned,
    kill: () => { connection.dispose(); child.kill('SIGKILL'); },
    open: (uri, text, languageId = 'markdown') => { got.delete(uri); void connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } }); },
    diagnostics: (uri) => got.has(uri) ? Promise.resolve(got.get(uri)!) : new Promise((res) => waiting.set(uri, res)),
  };
}

/** Resident memory of a process, threads (the analysis workers) included, in MB. */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function equationPeak(): { work: number; ms: number } {
  const files: string[] = [];
  const walk = (d: string) => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else if (/\.(md|tex|txt)$/.test(n)) files.push(p); } };
  for (const d of [SEEDS, join(ROOT, 'test/fixtures/derivations'), join(ROOT, 'examples')]) if (d) walk(d);
  budgetPeak(true);
  for (const f of files) analyzeDocument(readFileSync(f, 'utf8'), kindOfPath(f) === 'tex' ? 'tex' : 'markdown', { budget: { equation: { ms: 1e9, work: 1e12 } } });
  return budgetPeak(true);
}

export async function runColdBenchmarks(): Promise<void> {
  console.log(`\ncold start and memory (load average ${load()})`);
  const seeds = seedNames();
  if (seeds.length === 0) { console.log('  (no seeds: skipped)'); return; }
  const largest = seeds.map((n) => join(SEEDS, n)).sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
  const seedText = readFileSync(largest, 'utf8');

  const bare = median(Array.from({ length: 7 }, () => wallMs(['-e', '0'])));
  const cli = median(Array.from({ length: 7 }, () => wallMs([CLI, 'check', largest])));
  console.log(`  node -e 0: ${bare.toFixed(0)} ms; gradlens check on the largest seed (${(seedText.length / 1024).toFixed(0)} KB): ${cli.toFixed(0)} ms`);
  target('gradlens check on one seed, past Node start-up', `${(cli - bare).toFixed(0)} ms`, '<= 250 ms', cli - bare <= 250);

  const big = derivationDocument(5000).text;
  const firstSeed: number[] = [], firstBig: number[] = [], warmSeed: number[] = [], warmBig: number[] = [], idle: number[] = [], open: number[] = [];
  for (let round = 0; round < 3; round++) {
    const s = await freshServer();
    try {
      s.open('file:///cold/seed.txt', seedText);
      await s.diagnostics('file:///cold/seed.txt');
      firstSeed.push(ms(s.spawned));
    } finally { s.kill(); }
    const b = await freshServer();
    try {
      const t = process.hrtime.bigint();
      b.open('file:///cold/problems.md', big);
      await b.diagnostics('file:///cold/problems.md');
      firstBig.push(ms(t));
      // Warm: the same texts under new names in the running server (JIT warm, no region cache).
      let w = process.hrtime.bigint();
      b.open('file:///warm/seed.txt', seedText);
      await b.diagnostics('file:///warm/seed.txt');
      warmSeed.push(ms(w));
      w = process.hrtime.bigint();
      b.open('file:///warm/problems.md', big);
      await b.diagnostics('file:///warm/problems.md');
      warmBig.push(ms(w));
    } finally { b.kill(); }
    const m = await freshServer();
    try {
      await sleep(1500); // the workers have started and settled
      idle.push(rssMb(m.pid));
      for (const n of seeds) m.open(`file:///mem/${n}`, readFileSync(join(SEEDS, n), 'utf8'));
      for (const n of seeds) await m.diagnostics(`file:///mem/${n}`);
      await sleep(300);
      open.push(rssMb(m.pid));
    } finally { m.kill(); }
  }
  console.log(`  (load average ${load()}; medians of 3 fresh servers)`);
  console.log(`  largest seed: first diagnostics ${median(firstSeed).toFixed(0)} ms after spawn (warm server: ${median(warmSeed).toFixed(0)} ms after didOpen)`);
  console.log(`  5,000-line derivation: ${median(firstBig).toFixed(0)} ms after didOpen in a fresh server (warm: ${median(warmBig).toFixed(0)} ms)`);
  target('fresh server, first diagnostics of a seed after spawn', `${median(firstSeed).toFixed(0)} ms`, '<= 800 ms', median(firstSeed) <= 800);
  target('fresh server, 5,000-line derivation after didOpen', `${median(firstBig).toFixed(0)} ms`, '<= 1500 ms', median(firstBig) <= 1500);
  target('server memory idle after initialize', `${median(idle).toFixed(0)} MB`, '<= 150 MB', median(idle) <= 150);
  target('server memory with the seeds open', `${median(open).toFixed(0)} MB`, '<= 200 MB', median(open) <= 200);

  const peak = equationPeak();
  target('costliest equation of seeds, fixtures, examples vs the equation budget', `${peak.work} work units, ${peak.ms} ms`, `<= ${EQUATION_BUDGET.work / 4} units (a quarter of the budget)`, peak.work <= EQUATION_BUDGET.work / 4);
}
