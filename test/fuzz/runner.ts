/**
 * Drives generated documents through the real language server over stdio and the CLI as a process,
 * and reports what a user would call a failure: a crash (the server exits or logs an uncaught
 * error; the CLI dies with a signal or an unexpected status), a hang (a hover slower than 1 s,
 * diagnostics or a CodeLens slower than 15 s, a CLI file slower than 10 s), and the server's peak
 * resident memory. Shared by the quick fuzz test (`npm test`) and the long run (`npm run bench fuzz`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, HoverRequest, CodeLensRequest } from 'vscode-languageserver-protocol/node';
import { startClient, type Client } from '../server/lspClient.js';
import { fuzzDocument, fuzzEdit, rng, type FuzzDocument } from './grammar.js';

export const REGRESSIONS = resolve(__dirname, 'regressions');
const CLI = resolve(__dirname, '..', '..', 'bin', 'gradlens.js');

export const LIMITS = { hoverMs: 1000, diagnosticsMs: 15_000, codeLensMs: 15_000, cliMs: 10_000 };

export interface Failure { document: string; what: string; mutations: string[] }

export interface FuzzReport {
  documents: number;
  cliFiles: number;
  crashes: number;
  hangs: number;
  failures: Failure[];
  peakServerMb: number;
  slowestDiagnosticsMs: number;
  slowestHoverMs: number;
  slowestCliMs: number;
  ms: number;
}

const LANGUAGE = { markdown: 'markdown', latex: 'latex', code: 'typescript' } as const;

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch { return 0; }
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

async function timed<T>(p: Promise<T>, limitMs: number): Promise<{ ms: number; value: T | null; timedOut: boolean }> {
  const t = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), limitMs); });
  const v = await Promise.race([p.then((x) => x, () => null), timeout]);
  clearTimeout(timer);
  return { ms: Date.now() - t, value: v === 'timeout' ? null : (v as T | null), timedOut: v === 'timeout' };
}

/** Malformed requests and notifications a misbehaving client sends; each must be answered or ignored, never fatal. */
async function protocolFaults(c: Client, uri: string): Promise<void> {
  const send = (method: string, params: unknown) => c.connection.sendRequest(method, params).then(() => undefined, () => undefined);
  await Promise.all([
    send('textDocument/hover', {}), send('textDocument/hover', null), send('textDocument/codeLens', { textDocument: null }),
    send('textDocument/documentSymbol', { textDocument: { uri: 42 } }), send('textDocument/codeAction', { textDocument: { uri }, range: null }),
    send('workspace/executeCommand', { command: 'gradlens.plotData', arguments: [{ uri, index: 1e9 }] }),
    send('workspace/executeCommand', { command: 'gradlens.checkGradient', arguments: ['x', -1] }),
    send('gradlens/findingsAt', { uri, range: { start: { line: -1, character: 0 }, end: null } }),
    send('gradlens/checkText', { uri: 'file:///x.md', languageId: 'markdown', text: null }),
    send('no/such/method', {}),
  ]);
  void c.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: 'file:///never-opened.md', version: 3 }, contentChanges: [{ text: 'x' }] });
  void c.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///bad-open.md', languageId: 'markdown', version: 1, text: { not: 'text' } } });
}

export async function runFuzz(opts: { seed: number; documents: number; cliFiles: number; long?: boolean; keep?: boolean; extra?: FuzzDocument[]; log?: (m: string) => void }): Promise<FuzzReport> {
  const started = Date.now();
  const log = opts.log ?? (() => undefined);
  const docs: FuzzDocument[] = [...(opts.extra ?? []), ...Array.from({ length: opts.documents }, (_, n) => fuzzDocument(opts.seed, n, { long: opts.long }))];
  const report: FuzzReport = { documents: docs.length, cliFiles: 0, crashes: 0, hangs: 0, failures: [], peakServerMb: 0, slowestDiagnosticsMs: 0, slowestHoverMs: 0, slowestCliMs: 0, ms: 0 };
  const fail = (d: FuzzDocument, what: string, crash: boolean) => {
    if (crash) report.crashes++; else report.hangs++;
    report.failures.push({ document: d.name, what, mutations: d.mutations });
    log(`  FAIL ${d.name} [${d.mutations.join(', ')}]: ${what}`);
    if (opts.keep) { mkdirSync(REGRESSIONS, { recursive: true }); writeFileSync(join(REGRESSIONS, d.name), d.text); }
  };

  let client = await startClient({ initializationOptions: {} });
  let stderrSeen = 0;
  const sampler = setInterval(() => { report.peakServerMb = Math.max(report.peakServerMb, rssMb(client.child.pid)); }, 100);
  try {
    for (const [n, d] of docs.entries()) {
      const uri = `file:///fuzz/${d.name}`;
      const r = rng(opts.seed * 31 + n);
      client.open(uri, LANGUAGE[d.kind], d.text);
      const first = await timed(client.diagnostics(uri, (p) => p.version === 1, LIMITS.diagnosticsMs + 1000), LIMITS.diagnosticsMs);
      report.slowestDiagnosticsMs = Math.max(report.slowestDiagnosticsMs, first.ms);
      if (first.timedOut || !first.value) fail(d, `no diagnostics within ${LIMITS.diagnosticsMs} ms`, false);
      for (let k = 0; k < 3 && d.text.length > 0; k++) {
        const position = positionAt(d.text, Math.floor(r() * d.text.length));
        const h = await timed(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }), LIMITS.hoverMs * 5);
        report.slowestHoverMs = Math.max(report.slowestHoverMs, h.ms);
        if (h.ms > LIMITS.hoverMs) fail(d, `hover took ${h.ms} ms`, false);
      }
      const lens = await timed(client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }), LIMITS.codeLensMs);
      if (lens.timedOut) fail(d, `codeLens took longer than ${LIMITS.codeLensMs} ms`, false);
      // Two edits, then the diagnostics of the edited version.
      let text = d.text;
      for (let k = 0; k < 2; k++) {
        const e = fuzzEdit(opts.seed, n, k, text.length);
        const range = { start: positionAt(text, e.start), end: positionAt(text, e.end) };
        text = text.slice(0, e.start) + e.text + text.slice(e.end);
        void client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: k + 2 }, contentChanges: [{ range, text: e.text }] });
      }
      const edited = await timed(client.diagnostics(uri, (p) => p.version === 3, LIMITS.diagnosticsMs + 1000), LIMITS.diagnosticsMs);
      report.slowestDiagnosticsMs = Math.max(report.slowestDiagnosticsMs, edited.ms);
      if (edited.timedOut || !edited.value) fail(d, `no diagnostics for the edited version within ${LIMITS.diagnosticsMs} ms`, false);
      if (n % 10 === 0) await protocolFaults(client, uri);
      void client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      const err = client.stderr().slice(stderrSeen);
      stderrSeen = client.stderr().length;
      const exited = client.child.exitCode !== null || client.child.signalCode !== null;
      if (exited || /uncaught|unhandled rejection|FATAL ERROR/i.test(err)) {
        fail(d, exited ? `the server exited (${client.child.exitCode ?? client.child.signalCode})` : `the server logged: ${err.trim().slice(0, 300)}`, true);
        if (exited) { client = await startClient({ initializationOptions: {} }); stderrSeen = 0; }
      }
      if ((n + 1) % 100 === 0) log(`  ${n + 1} documents, peak ${report.peakServerMb.toFixed(0)} MB`);
    }
  } finally {
    clearInterval(sampler);
    await client.close().catch(() => undefined);
  }

  // The CLI as a process, one file at a time (each gets its own time limit).
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-fuzz-'));
  try {
    const step = Math.max(1, Math.floor(docs.length / Math.max(1, opts.cliFiles)));
    for (let i = 0; i < docs.length && report.cliFiles < opts.cliFiles; i += step) {
      const d = docs[i]!;
      const file = join(dir, d.name);
      writeFileSync(file, d.text);
      const t = Date.now();
      const run = spawnSync(process.execPath, [CLI, 'check', file, '--format', 'json'], { encoding: 'utf8', timeout: LIMITS.cliMs * 2, maxBuffer: 256 * 1024 * 1024 });
      const ms = Date.now() - t;
      report.cliFiles++;
      report.slowestCliMs = Math.max(report.slowestCliMs, ms);
      if (run.signal || ![0, 1, 2].includes(run.status ?? -1)) fail(d, `gradlens check ended with ${run.signal ?? `status ${run.status}`}: ${run.stderr.slice(0, 300)}`, true);
      else if (ms > LIMITS.cliMs) fail(d, `gradlens check took ${ms} ms`, false);
      else if (run.status !== 2) {
        try { JSON.parse(run.stdout); } catch { fail(d, 'gradlens check printed invalid JSON', true); }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  report.ms = Date.now() - started;
  return report;
}

/** The inputs that once failed, kept as fixtures: replayed by the quick fuzz test. */
export function regressionDocuments(): FuzzDocument[] {
  let names: string[] = [];
  try { names = readdirSync(REGRESSIONS); } catch { return []; }
  return names.filter((n) => /\.(md|tex|ts)$/.test(n)).sort().map((name) => ({
    name: `regression-${name}`, kind: name.endsWith('.ts') ? 'code' : name.endsWith('.tex') ? 'latex' : 'markdown',
    text: readFileSync(join(REGRESSIONS, name), 'utf8'), mutations: ['kept regression'],
  }));
}
