// The document-run unit on its own, with an analysis that answers when the test says so: edits
// coalesce, a result for an old version is never kept, waiting requests learn of edits and closes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentRuns, Stale, type Results } from '../../src/server/documentRuns.js';
import { ScopedSettings, readTuning } from '../../src/server/settings.js';
import type { WorkerPool } from '../../src/server/pool.js';

interface Asked { text: string; resolve: (findings: number) => void }

function harness() {
  const docs = new Map<string, TextDocument>();
  const documents = { get: (uri: string) => docs.get(uri), all: () => [...docs.values()] } as unknown as TextDocuments<TextDocument>;
  const asked: Asked[] = [];
  const settledLog: { uri: string; version: number; findings: number }[] = [];
  // The analysis: each run waits for the test to answer it with a number of findings.
  const workers = { run: (body: { text: string }) => new Promise((res) => asked.push({ text: body.text, resolve: (n) => res({ findings: Array.from({ length: n }, () => ({})), inputs: [], fixes: [], stats: null, ms: 1, error: null }) })) } as unknown as WorkerPool;
  const runs = new DocumentRuns({
    documents, kindOf: () => 'markdown', workers: () => workers, settings: new ScopedSettings(null, () => undefined), tuning: () => ({ ...readTuning({}), debounceMs: 20 }),
    settled: (uri: string, r: Results) => settledLog.push({ uri, version: r.version, findings: r.findings.length }),
    progress: () => ({ done() {} }), log: () => undefined,
  });
  const edit = (uri: string, text: string) => {
    const old = docs.get(uri);
    docs.set(uri, TextDocument.create(uri, 'markdown', (old?.version ?? 0) + 1, text));
    runs.changed(uri);
  };
  return { docs, runs, asked, settledLog, edit };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await tick(5);
  assert.ok(cond(), 'timed out waiting');
}

test('the first text is checked at once; edits typed quickly after it are checked once, as their last version', async () => {
  const h = harness();
  h.edit('file:///a.md', 'v1');
  await until(() => h.asked.length === 1);
  h.asked[0]!.resolve(1);
  await until(() => h.settledLog.length === 1);
  for (const t of ['v2', 'v3', 'v4']) h.edit('file:///a.md', t);
  await until(() => h.asked.length === 2);
  await tick(40);
  assert.equal(h.asked.length, 2, 'three quick edits make one run');
  assert.equal(h.asked[1]!.text, 'v4');
});

test('a run that finishes after the document changed is not kept; the newer version is checked', async () => {
  const h = harness();
  h.edit('file:///b.md', 'old');
  await until(() => h.asked.length === 1);
  h.edit('file:///b.md', 'new');
  h.asked[0]!.resolve(5);
  await until(() => h.asked.length === 2);
  h.asked[1]!.resolve(2);
  await until(() => h.settledLog.length === 1);
  assert.deepEqual(h.settledLog, [{ uri: 'file:///b.md', version: 2, findings: 2 }]);
});

test('a request waiting for results learns of an edit (Stale) and of cancellation; it gets results of its version', async () => {
  const h = harness();
  h.edit('file:///c.md', 'one');
  const waiting = h.runs.current('file:///c.md', new CancellationTokenSource().token);
  await until(() => h.asked.length === 1);
  h.edit('file:///c.md', 'two');
  await assert.rejects(waiting, (e) => e instanceof Stale);
  const cts = new CancellationTokenSource();
  const cancelledWait = h.runs.current('file:///c.md', cts.token);
  cts.cancel();
  await assert.rejects(cancelledWait);
  const fine = h.runs.current('file:///c.md', new CancellationTokenSource().token);
  await until(() => h.asked.length >= 2);
  h.asked.at(-1)!.resolve(3);
  assert.equal((await fine).results.findings.length, 3);
});

test('recheckAll runs every open document again with the new settings generation; a closed document lets its waiters go', async () => {
  const h = harness();
  h.edit('file:///d.md', 'x');
  await until(() => h.asked.length === 1);
  h.asked[0]!.resolve(0);
  await until(() => h.settledLog.length === 1);
  h.runs.recheckAll();
  await until(() => h.asked.length === 2);
  const waiting = h.runs.current('file:///d.md', new CancellationTokenSource().token);
  h.docs.delete('file:///d.md');
  h.runs.closed('file:///d.md');
  await assert.rejects(waiting, (e) => e instanceof Stale);
});
