/** The language server as an editor sees it: the built dist/server.js, spoken to over stdio. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CancellationTokenSource, CodeLensRequest, DidChangeConfigurationNotification, DidChangeTextDocumentNotification, DocumentSymbolRequest,
  ExecuteCommandRequest, HoverRequest, DiagnosticSeverity, type CodeLens, type Hover, type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { ROOT, startClient, type Client } from './lspClient.js';

const SEED = [resolve(ROOT, '../shared/seeds/001_e77555796a2e6285.txt'), '/work/shared/seeds/001_e77555796a2e6285.txt'].find((p) => existsSync(p));
const SEED_URI = 'file:///tmp/gradlens-test/seed001.txt';
const TANH_URI = 'file:///tmp/gradlens-test/tanh.md';
const TANH = 'Derivative of tanh:\n\n$$\\frac{d}{dz}\\tanh(z) = 1 + \\tanh^2(z)$$\n';

let client: Client;
let seedText = '';
let seedMs = 0;

before(async () => {
  assert.ok(existsSync(resolve(ROOT, 'dist/server.js')), 'build first: npm run build');
  client = await startClient();
});
after(async () => { await client?.close(); });

const hoverText = (h: Hover | null): string => (h ? (h.contents as MarkupContent).value : '');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

test('a seed gets an Error on the wrong BCE derivative and none on the least-squares one', { skip: !SEED && 'seed 001 not found' }, async () => {
  seedText = readFileSync(SEED!, 'utf8');
  const started = Date.now();
  client.open(SEED_URI, 'markdown', seedText);
  const d = await client.diagnostics(SEED_URI);
  seedMs = Date.now() - started;
  const bce = lineOf(seedText, '(1 - \\exp\\left[');
  const lsq = lineOf(seedText, '= -2\\left(y_i');
  assert.ok(bce > 0 && lsq > 0);
  const errors = d.diagnostics.filter((x) => x.severity === DiagnosticSeverity.Error);
  const onBce = errors.find((x) => x.range.start.line <= bce && x.range.end.line >= bce);
  assert.ok(onBce, `an Error on line ${bce + 1}: ${JSON.stringify(d.diagnostics, null, 1)}`);
  assert.equal(onBce.source, 'gradlens');
  assert.match(onBce.message, /wrong/);
  assert.ok(onBce.relatedInformation?.length, 'points at the definition');
  assert.equal(onBce.relatedInformation![0]!.location.uri, SEED_URI);
  assert.ok(!d.diagnostics.some((x) => x.range.start.line <= lsq && x.range.end.line >= lsq && x.severity !== DiagnosticSeverity.Hint), 'no problem on the least-squares derivative');
  console.log(`  diagnostics for seed 001 after ${seedMs} ms`);

  const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: SEED_URI }, position: { line: bce, character: onBce.range.start.character + 5 } });
  const text = hoverText(h);
  assert.match(text, /wrong/);
  assert.match(text, /binary cross-entropy/i);
  assert.match(text, /max\. relative error/);

  // The left-hand side of the same equation (\frac{\partial \ell_i}{…} =) shows the claim too;
  // the $$ before it and the prose of other lines show nothing.
  const lhs = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: SEED_URI }, position: { line: bce, character: 8 } });
  assert.match(hoverText(lhs), /Derivative claim[\s\S]*wrong/);
  const dollars = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: SEED_URI }, position: { line: bce, character: 0 } });
  assert.equal(dollars, null);
  const prose = lineOf(seedText, 'Calculate the derivative');
  assert.equal(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: SEED_URI }, position: { line: prose, character: 4 } }), null);
});

test('every seed gets diagnostics', async () => {
  const dir = SEED ? resolve(SEED, '..') : null;
  if (!dir) return;
  for (const name of ['000_83589fbc33ef6a72.txt', '002_dfc14dbd4bc38f8f.txt', '003_255cc333c0345e74.txt', '004_71bf30a9aca29699.txt']) {
    const p = resolve(dir, name);
    if (!existsSync(p)) continue;
    const uri = `file:///tmp/gradlens-test/${name}`;
    const started = Date.now();
    client.open(uri, 'markdown', readFileSync(p, 'utf8'));
    await client.diagnostics(uri);
    console.log(`  diagnostics for ${name} after ${Date.now() - started} ms`);
  }
});

test('an edit that fixes a wrong claim clears its diagnostic', async () => {
  client.open(TANH_URI, 'markdown', TANH);
  const d1 = await client.diagnostics(TANH_URI);
  const err = d1.diagnostics.find((x) => x.severity === DiagnosticSeverity.Error);
  assert.ok(err, JSON.stringify(d1));
  const line = TANH.split('\n')[2]!;
  const plus = line.indexOf('1 + ') + 2;
  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: TANH_URI, version: 2 },
    contentChanges: [{ range: { start: { line: 2, character: plus }, end: { line: 2, character: plus + 1 } }, text: '-' }],
  });
  const d2 = await client.diagnostics(TANH_URI, (p) => p.version === 2);
  assert.deepEqual(d2.diagnostics.filter((x) => x.severity === DiagnosticSeverity.Error), []);
  // and back: the cached result for the old text is not reused for the new version
  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: TANH_URI, version: 3 },
    contentChanges: [{ range: { start: { line: 2, character: plus }, end: { line: 2, character: plus + 1 } }, text: '+' }],
  });
  const d3 = await client.diagnostics(TANH_URI, (p) => p.version === 3);
  assert.equal(d3.diagnostics.filter((x) => x.severity === DiagnosticSeverity.Error).length, 1);
});

test('while the document is being typed in, hovers answer from the last results, moved, except inside the edit', async () => {
  const uri = 'file:///tmp/gradlens-test/typing.md';
  const text = `${TANH}\nand\n\n$$\\frac{d}{dx} x^3 = 3x^2$$\n`;
  client.open(uri, 'markdown', text);
  await client.diagnostics(uri);
  // Two lines typed at the top: the analysis of version 2 waits for the debounce, the hover does not.
  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'Intro\n\n' }],
  });
  const moved = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 30 } });
  assert.match(hoverText(moved), /wrong/);
  assert.equal(moved!.range!.start.line, 4, 'the range is where the claim is now');
  assert.equal(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 2 } }), null);
  // an edit inside the claim: no answer for it until it is checked again
  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 4, character: 28 }, end: { line: 4, character: 28 } }, text: ' ' }],
  });
  assert.equal(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 30 } }), null);
  const right = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 8, character: 22 } });
  assert.match(hoverText(right), /right/);
  const d = await client.diagnostics(uri, (p) => p.version === 3);
  assert.equal(d.diagnostics.filter((x) => x.severity === DiagnosticSeverity.Error).length, 1);
  assert.match(hoverText(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 30 } })), /wrong/);
});

test('code lenses, Check gradient and Plot return JSON; symbols list definitions and claims', { skip: !SEED && 'seed 001 not found' }, async () => {
  const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: SEED_URI } })) as CodeLens[];
  const titles = lenses.map((l) => l.command?.title);
  assert.ok(titles.includes('Check gradient') && titles.includes('Plot'), JSON.stringify(titles));
  const bce = lineOf(seedText, '(1 - \\exp\\left[');
  const check = lenses.find((l) => l.command?.command === 'gradlens.checkGradient' && l.range.start.line === bce)!;
  assert.ok(check, 'a lens above the BCE claim');
  const report = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'gradlens.checkGradient', arguments: check.command!.arguments });
  assert.equal(report.finding.verdict, 'mismatch');
  assert.equal(report.finding.kind, 'derivative');
  assert.equal(report.definition.name, 'binary_cross_entropy_logits');
  JSON.parse(JSON.stringify(report));

  const plot = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'gradlens.plotData', arguments: check.command!.arguments });
  assert.ok(Array.isArray(plot.x) && plot.x.length > 10);
  assert.equal(plot.f.length, plot.x.length);
  assert.equal(plot.derivative.length, plot.x.length);
  assert.ok(plot.f.every((v: number | null) => v === null || Number.isFinite(v)));
  assert.ok(Array.isArray(plot.saturation) && Array.isArray(plot.instability));
  assert.equal(plot.variable, 'f_of');

  const def = lenses.find((l) => l.command?.command === 'gradlens.plotData' && l.range.start.line === lineOf(seedText, '$$l_i = (y_i'))!;
  assert.ok(def, 'a lens above the least-squares definition');
  const defPlot = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'gradlens.plotData', arguments: [{ ...def.command!.arguments![0], variable: 'f_of', range: [-2, 2], samples: 5 }] });
  // l = (y − f)² against f, y fixed: ∂l/∂f = −2(y − f)
  assert.deepEqual(defPlot.x, [-2, -1, 0, 1, 2]);
  const y = defPlot.fixed.y_i;
  assert.equal(typeof y, 'number');
  defPlot.x.forEach((x: number, i: number) => assert.ok(Math.abs(defPlot.derivative[i] - -2 * (y - x)) < 1e-12, `${x}: ${defPlot.derivative[i]}`));
  assert.equal(defPlot.name, 'squared_error');

  const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: SEED_URI } });
  assert.ok(symbols && symbols.length >= 4);

  // a lens from an older version is stale
  await assert.rejects(client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'gradlens.checkGradient', arguments: [{ uri: SEED_URI, index: 0, version: 999 }] }), (e: { code?: number }) => e.code === -32801);
});

test('an edit to the last equation reuses the regions before it', { skip: !SEED && 'seed 001 not found' }, async () => {
  const lines = seedText.split('\n');
  const last = lines.length - 1;
  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: SEED_URI, version: 2 },
    contentChanges: [{ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, text: 'Finally $$\\frac{d}{dx} x^2 = 3x$$\n' }],
  });
  const d = await client.diagnostics(SEED_URI, (p) => p.version === 2);
  assert.ok(d.diagnostics.some((x) => x.range.start.line === last && x.severity === DiagnosticSeverity.Error));
  const stats = await client.connection.sendRequest('gradlens/analysisStats', { uri: SEED_URI }) as { stats: { reused: number; regions: number; full: boolean } };
  assert.equal(stats.stats.full, false);
  assert.ok(stats.stats.reused > 0, JSON.stringify(stats));
});

test('cancellation is answered with -32800 and a request overtaken by an edit with -32801', async () => {
  const uri = 'file:///tmp/gradlens-test/cancel.md';
  client.open(uri, 'markdown', TANH);
  await client.diagnostics(uri);
  const change = (version: number, text: string) => client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  await change(2, `${TANH}\n$$\\frac{d}{dx}\\log(1+e^x) = \\frac{1}{1+e^{-x}}$$\n`);
  const source = new CancellationTokenSource();
  const pending = client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }, source.token);
  source.cancel();
  await assert.rejects(pending, (e: { code?: number }) => e.code === -32800);

  await change(3, `${TANH}\n$$\\frac{d}{dx}x^3 = 3x^2$$\n`);
  const overtaken = client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
  await change(4, `${TANH}\n$$\\frac{d}{dx}x^3 = 2x^2$$\n`);
  await assert.rejects(overtaken, (e: { code?: number }) => e.code === -32801);
  const d = await client.diagnostics(uri, (p) => p.version === 4);
  assert.equal(d.diagnostics.filter((x) => x.severity === DiagnosticSeverity.Error).length, 2);
});

test('settings: severity from workspace/configuration; didChangeConfiguration rechecks open documents', async () => {
  client.settings = { severity: 'warning' };
  await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
  const d = await client.diagnostics(TANH_URI, (p) => p.diagnostics.some((x) => x.severity === DiagnosticSeverity.Warning));
  assert.equal(d.diagnostics.filter((x) => x.severity === DiagnosticSeverity.Error).length, 0);
  client.settings = {};
  await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
  await client.diagnostics(TANH_URI, (p) => p.diagnostics.some((x) => x.severity === DiagnosticSeverity.Error));
});

test('bad input does not kill the server', async () => {
  const big = `$$ f(x) = ${'x + '.repeat(250_000)}x $$`;
  client.open('file:///tmp/gradlens-test/big.tex', 'latex', big);
  client.open('file:///tmp/gradlens-test/binary.tex', 'latex', '\u0000\u0001\u0002PK\u0003\u0004\u00ff\u00fe'.repeat(2000));
  client.open('untitled:Untitled-1', 'latex', '$$\\frac{d}{dx} x^2 = 2x$$');
  client.open('file:///tmp/gradlens-test/empty.md', 'markdown', '');
  client.open('file:///tmp/gradlens-test/code.ts', 'typescript', 'export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));\n');
  client.open('file:///tmp/gradlens-test/other.xyz', 'unknown-language', '$$x=1$$');
  const c = client.connection;
  const bin = await client.diagnostics('file:///tmp/gradlens-test/binary.tex');
  assert.match(bin.diagnostics[0]!.message, /binary/);
  assert.deepEqual((await client.diagnostics('file:///tmp/gradlens-test/empty.md')).diagnostics, []);
  assert.deepEqual((await client.diagnostics('untitled:Untitled-1')).diagnostics, []);
  assert.deepEqual((await client.diagnostics('file:///tmp/gradlens-test/code.ts')).diagnostics, []);
  await client.diagnostics('file:///tmp/gradlens-test/big.tex');
  assert.equal(await c.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///nowhere.tex' }, position: { line: 0, character: 0 } }), null);
  assert.equal(await c.sendRequest(HoverRequest.type, { textDocument: { uri: TANH_URI }, position: { line: 10_000, character: 99_999 } }), null);
  assert.equal(await c.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///tmp/gradlens-test/big.tex' }, position: { line: 0, character: 500_000 } }) === undefined, false);
  await assert.rejects(c.sendRequest('textDocument/hover', { nonsense: true }));
  await assert.rejects(c.sendRequest('textDocument/hover', null));
  await assert.rejects(c.sendRequest('textDocument/codeLens', { textDocument: 42 }));
  await assert.rejects(c.sendRequest(ExecuteCommandRequest.type, { command: 'gradlens.plotData', arguments: ['file:///nowhere', 'x'] }));
  await assert.rejects(c.sendRequest(ExecuteCommandRequest.type, { command: 'gradlens.checkGradient', arguments: [{ uri: TANH_URI, index: 9999 }] }));
  await assert.rejects(c.sendRequest(ExecuteCommandRequest.type, { command: 'gradlens.nope', arguments: [] }));
  assert.deepEqual(await c.sendRequest(CodeLensRequest.type, { textDocument: { uri: 'file:///nowhere.md' } }), []);
  await c.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: 'file:///nowhere.md', version: 2 }, contentChanges: [{ text: 'x' }] });
  await c.sendNotification('textDocument/didOpen', { garbage: true });
  await c.sendNotification('textDocument/didChange', { textDocument: { uri: TANH_URI, version: 99 }, contentChanges: [{ range: { start: { line: 900, character: 0 }, end: { line: 901, character: 3 } }, text: 'x' }] });
  // still alive and answering from its cache
  await client.diagnostics(TANH_URI, (p) => p.version === 99);
  const h = await c.sendRequest(HoverRequest.type, { textDocument: { uri: TANH_URI }, position: { line: 2, character: 30 } });
  assert.match(hoverText(h), /wrong/);
  assert.equal(client.child.exitCode, null);
});

test('a run past the time limit is stopped and reported; the worker is recreated', async () => {
  // The limit leaves a fresh worker's first small check room on a loaded machine (a cold worker took
  // over 400 ms for TANH at load 7); the heavy document is several times the limit even on an idle one.
  const slow = await startClient({ initializationOptions: { timeoutMs: 1200, workers: 1 } });
  try {
    // Many renamed copies of a real derivation: about three seconds of honest work, past the 1.2 s limit.
    const heavy = Array.from({ length: 4000 }, (_, k) =>
      `$$h_{${k}} = \\sigma(z_{${k}})$$\n$$\\frac{d h_{${k}}}{d z_{${k}}} = h_{${k}}(1 + h_{${k}})$$\n$$\\frac{d}{dz_{${k}}}\\tanh(z_{${k}}) = 1 - \\tanh^2(z_{${k}}) + ${k}$$\n`).join('\n');
    slow.open('file:///tmp/gradlens-test/slow.md', 'markdown', heavy);
    const d = await slow.diagnostics('file:///tmp/gradlens-test/slow.md');
    assert.match(d.diagnostics[0]!.message, /timed out/);
    slow.open(TANH_URI, 'markdown', TANH);
    const ok = await slow.diagnostics(TANH_URI);
    assert.equal(ok.diagnostics.filter((x) => x.severity === DiagnosticSeverity.Error).length, 1, JSON.stringify(ok.diagnostics.map((x) => x.message)));
  } finally {
    await slow.close();
  }
});

test('`gradlens lsp --stdio` starts the same server', async () => {
  const cli = await startClient({ args: [resolve(ROOT, 'dist/cli.js'), 'lsp', '--stdio'], configuration: false });
  try {
    cli.open(TANH_URI, 'markdown', TANH);
    const d = await cli.diagnostics(TANH_URI);
    assert.equal(d.diagnostics.filter((x) => x.severity === DiagnosticSeverity.Error).length, 1);
  } finally {
    await cli.close();
  }
  assert.equal(await cli.exited, 0);
});
