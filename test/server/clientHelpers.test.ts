/** The requests and notifications the VS Code client uses beyond standard LSP, over stdio. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CancellationTokenSource, DiagnosticSeverity, DidChangeTextDocumentNotification, ExecuteCommandRequest, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { ROOT, startClient, type Client } from './lspClient.js';

interface Summary { index: number; kind: string; name: string | null; label: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; verdict: string | null }
interface Status { uri: string; version: number; ok: number; wrong: number; unverified: number; definitions: number; ms: number; health: string; problem: { message: string; short: string } | null }
interface CheckText { diagnostics: Diagnostic[]; summary: { uri: string; ok: number; wrong: number; unverified: number; definitions: number; ms: number } }

const URI = 'file:///tmp/gradlens-test/helpers.md';
const DOC = [
  'The sigmoid is $$h = \\sigma(z) = \\frac{1}{1 + e^{-z}}$$',
  '',
  '$$\\frac{\\partial h}{\\partial z} = h(1 - h)$$',
  '',
  '$$\\frac{\\partial h}{\\partial z} = h(1 + h)$$',
  '',
].join('\n');

let client: Client;
const statuses: Status[] = [];

before(async () => {
  client = await startClient({ initializationOptions: { statusNotifications: true, maxChars: 200_000 } });
  client.connection.onNotification('gradlens/status', (p: Status) => { statuses.push(p); });
});
after(async () => { await client?.close(); });

const findingsAt = (range: unknown, uri = URI) => client.connection.sendRequest('gradlens/findingsAt', { uri, range }) as Promise<Summary[]>;
const at = (line: number, character: number) => ({ start: { line, character }, end: { line, character } });

test('gradlens/status reports a document\'s counts each time its results settle', async () => {
  client.open(URI, 'markdown', DOC);
  await client.diagnostics(URI);
  const deadline = Date.now() + 5000;
  while (!statuses.some((s) => s.uri === URI) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const s = statuses.find((x) => x.uri === URI)!;
  assert.ok(s, 'a status notification');
  assert.deepEqual({ version: s.version, ok: s.ok, wrong: s.wrong, definitions: s.definitions }, { version: 1, ok: 1, wrong: 1, definitions: 1 });
  assert.equal(typeof s.ms, 'number');
  // Fix the wrong claim: a new status for version 2.
  const line = DOC.split('\n')[4]!;
  const plus = line.indexOf('1 + h') + 2;
  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: { line: 4, character: plus }, end: { line: 4, character: plus + 1 } }, text: '-' }],
  });
  await client.diagnostics(URI, (p) => p.version === 2);
  while (!statuses.some((x) => x.uri === URI && x.version === 2) && Date.now() < deadline + 5000) await new Promise((r) => setTimeout(r, 20));
  const s2 = statuses.find((x) => x.uri === URI && x.version === 2)!;
  assert.equal(s2.wrong, 0);
  assert.equal(s2.ok, 2);
  // and back, for the next tests
  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: URI, version: 3 }, contentChanges: [{ text: DOC }] });
  await client.diagnostics(URI, (p) => p.version === 3);
});

test('a run-level problem reaches a status client as the status\'s health, not as a diagnostic at 0:0', async () => {
  const uri = 'file:///tmp/gradlens-test/binary-status.tex';
  client.open(uri, 'latex', '\u0000\u0001PK\u0003\u0004'.repeat(500));
  const d = await client.diagnostics(uri);
  assert.deepEqual(d.diagnostics, []);
  const deadline = Date.now() + 5000;
  while (!statuses.some((x) => x.uri === uri) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const s = statuses.find((x) => x.uri === uri)!;
  assert.equal(s.health, 'warning');
  assert.equal(s.problem?.short, 'not checked');
  assert.match(s.problem!.message, /binary/);
  assert.equal(statuses.find((x) => x.uri === URI)?.health, 'ok');
  assert.equal(statuses.find((x) => x.uri === URI)?.problem, null);
});

test('clients that did not ask get no gradlens/status', async () => {
  const plain = await startClient();
  let got = 0;
  plain.connection.onNotification('gradlens/status', () => { got++; });
  try {
    plain.open(URI, 'markdown', DOC);
    await plain.diagnostics(URI);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(got, 0);
  } finally {
    await plain.close();
  }
});

test('gradlens/findingsAt: the findings under the cursor, innermost first, labelled; their index drives the commands', async () => {
  const wrong = await findingsAt(at(4, 38));
  assert.equal(wrong.length, 1, JSON.stringify(wrong));
  assert.equal(wrong[0]!.verdict, 'mismatch');
  assert.equal(wrong[0]!.kind, 'derivative');
  assert.equal(wrong[0]!.label, '∂h/∂z = h(1 + h) (line 5)');
  const report = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'gradlens.checkGradient', arguments: [{ uri: URI, index: wrong[0]!.index, version: 3 }] });
  assert.equal(report.finding.verdict, 'mismatch');
  assert.equal(report.definition.name, 'sigmoid');

  const all = await findingsAt({ start: { line: 0, character: 0 }, end: { line: 6, character: 0 } });
  assert.equal(all.length, 3);
  const def = all.find((f) => f.kind === 'definition')!;
  assert.equal(def.name, 'sigmoid');
  assert.match(def.label, /σ/);
  assert.ok(all.every((f) => /\(line \d+\)$/.test(f.label) && f.label.length < 90));
  // innermost first: sorted by the size of their ranges
  const sizes = all.map((f) => (f.range.end.line - f.range.start.line) * 1e6 + f.range.end.character - f.range.start.character);
  assert.deepEqual(sizes, [...sizes].sort((a, b) => a - b));
  assert.deepEqual(await findingsAt(at(1, 0)), []);
  // the left-hand side of a claim (its range is the right-hand side) still finds it
  assert.deepEqual((await findingsAt(at(4, 10))).map((f) => f.index), [wrong[0]!.index]);

  // bad input: errors or empty, never a crash
  assert.deepEqual(await findingsAt(at(0, 0), 'file:///nowhere.md'), []);
  await assert.rejects(findingsAt({ start: 1 }), (e: { code?: number }) => e.code === -32602);
  await assert.rejects(client.connection.sendRequest('gradlens/findingsAt', null), (e: { code?: number }) => e.code === -32602);
  assert.deepEqual(await findingsAt(at(99_999, 99_999)), []);
});

test('gradlens/findingsAt on code labels functions by name and role', async () => {
  const uri = 'file:///tmp/gradlens-test/helpers-activations.ts';
  client.open(uri, 'typescript', readFileSync(resolve(ROOT, 'test/fixtures/code/activations.ts'), 'utf8'));
  await client.diagnostics(uri);
  const all = await findingsAt({ start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } }, uri);
  const labels = all.map((f) => f.label);
  assert.ok(labels.includes('dSquare: gradient (line 89)'), labels.join('\n'));
  assert.ok(labels.some((l) => /^sigmoid: logistic sigmoid \(line \d+\)$/i.test(l)), labels.join('\n'));
});

test('gradlens/checkText checks files that are not open, like open ones, and keeps nothing', async () => {
  const code = readFileSync(resolve(ROOT, 'test/fixtures/code/activations.ts'), 'utf8');
  const uri = 'file:///tmp/gradlens-test/not-open/activations.ts';
  const r = await client.connection.sendRequest('gradlens/checkText', { uri, languageId: 'typescript', text: code }) as CheckText;
  const errors = r.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
  assert.ok(errors.some((d) => /dSquare is wrong/.test(d.message)), JSON.stringify(r.diagnostics.map((d) => d.message)));
  assert.ok(r.diagnostics.some((d) => d.severity === DiagnosticSeverity.Warning && /softplus/.test(d.message)), 'the instability warning');
  assert.equal(r.summary.uri, uri);
  assert.equal(r.summary.wrong, errors.length);
  assert.ok(r.summary.ok > 5 && r.summary.definitions > 3);

  const md = await client.connection.sendRequest('gradlens/checkText', { uri: 'file:///tmp/gradlens-test/not-open/doc.md', languageId: 'markdown', text: DOC }) as CheckText;
  assert.equal(md.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).length, 1);
  assert.equal(md.diagnostics[0]!.range.start.line, 4);
  // by file name when the language id is unknown
  const byName = await client.connection.sendRequest('gradlens/checkText', { uri: 'file:///tmp/x/doc.tex', languageId: 'whatever', text: DOC }) as CheckText;
  assert.equal(byName.summary.wrong, 1);
  // not open, so no diagnostics were published for it and no state kept
  assert.equal(await client.connection.sendRequest('gradlens/analysisStats', { uri }), null);

  const binary = await client.connection.sendRequest('gradlens/checkText', { uri: 'file:///tmp/x/b.tex', languageId: 'latex', text: '\u0000\u0001PK\u0003'.repeat(100) }) as CheckText;
  assert.match(binary.diagnostics[0]!.message, /binary/);
  const big = await client.connection.sendRequest('gradlens/checkText', { uri: 'file:///tmp/x/big.md', languageId: 'markdown', text: 'x'.repeat(300_000) }) as CheckText;
  assert.match(big.diagnostics[0]!.message, /larger than/);
  const unknown = await client.connection.sendRequest('gradlens/checkText', { uri: 'file:///tmp/x/a.png', languageId: 'png', text: 'whatever' }) as CheckText;
  assert.deepEqual(unknown.diagnostics, []);
  await assert.rejects(client.connection.sendRequest('gradlens/checkText', { uri: 'file:///x.md', text: 42 }), (e: { code?: number }) => e.code === -32602);
  await assert.rejects(client.connection.sendRequest('gradlens/checkText', null), (e: { code?: number }) => e.code === -32602);
});

test('gradlens/checkText is cancellable: -32800, and the server goes on', async () => {
  // A long one (seconds of honest work): cancelled while queued or running.
  const heavy = Array.from({ length: 600 }, (_, k) =>
    `$$h_{${k}} = \\sigma(z_{${k}})$$\n$$\\frac{d h_{${k}}}{d z_{${k}}} = h_{${k}}(1 + h_{${k}})$$\n$$\\frac{d}{dz_{${k}}}\\tanh(z_{${k}}) = 1 - \\tanh^2(z_{${k}}) + ${k}$$\n`).join('\n');
  const source = new CancellationTokenSource();
  const pending = client.connection.sendRequest('gradlens/checkText', { uri: 'file:///tmp/x/heavy.md', languageId: 'markdown', text: heavy }, source.token);
  setTimeout(() => source.cancel(), 50);
  await assert.rejects(pending, (e: { code?: number }) => e.code === -32800);
  const md = await client.connection.sendRequest('gradlens/checkText', { uri: 'file:///tmp/x/after.md', languageId: 'markdown', text: DOC }) as CheckText;
  assert.equal(md.summary.wrong, 1);
  assert.equal(client.child.exitCode, null);
});
