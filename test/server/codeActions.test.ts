/** Quick fixes for numerically fragile code, over stdio: the edit applied and the file checked again. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CodeActionRequest, DiagnosticSeverity, DidChangeTextDocumentNotification, type CodeAction, type Diagnostic, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { startClient, type Client } from './lspClient.js';

const URI = 'file:///tmp/gradlens-test/fragile.ts';
const CODE = [
  'export function softplus(x: number): number {',
  '  return Math.log(1 + Math.exp(x));',
  '}',
  '',
  'export const scaled = (z: number) => 2 * Math.log(1 + Math.exp(z));',
  '',
  'export function bce(z: number, y: number): number {',
  '  return -(y * Math.log(1 / (1 + Math.exp(-z))) + (1 - y) * Math.log(1 - 1 / (1 + Math.exp(-z))));',
  '}',
  '',
  'export function logSigmoid(t: number): number {',
  '  const s = Math.log(1 / (1 + Math.exp(-t)));',
  '  return s;',
  '}',
  '',
  'export function nll(p: number): number {',
  '  return -Math.log(p);',
  '}',
  '',
].join('\n');
const FIXABLE = ['softplus', 'scaled', 'bce', 'logSigmoid'];

let client: Client;
before(async () => { client = await startClient({ capabilities: { workspace: { workspaceEdit: { documentChanges: true } } } }); });
after(async () => { await client?.close(); });

function offsetAt(text: string, p: { line: number; character: number }): number {
  const lines = text.split('\n');
  return lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
}

function apply(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  for (const e of sorted) text = text.slice(0, offsetAt(text, e.range.start)) + e.newText + text.slice(offsetAt(text, e.range.end));
  return text;
}

/** The test's own evaluation of the functions (the server never runs code; the test may). */
function load(text: string): Record<string, (...a: number[]) => number> {
  const js = text.replace(/export /g, '').replace(/: number/g, '');
  return new Function(`${js}\nreturn { ${FIXABLE.join(', ')}, nll };`)() as Record<string, (...a: number[]) => number>;
}

const warningOf = (d: Diagnostic[], name: string) => d.find((x) => x.severity === DiagnosticSeverity.Warning && CODE.split('\n')[x.range.start.line]!.slice(x.range.start.character, x.range.end.character) === name);

test('instability warnings on code get a quick fix whose edit makes the warning go away and keeps the values', async () => {
  client.open(URI, 'typescript', CODE);
  const d = await client.diagnostics(URI);
  let text = CODE;
  const edits: TextEdit[] = [];
  for (const name of FIXABLE) {
    const w = warningOf(d.diagnostics, name);
    assert.ok(w, `a warning on ${name}: ${JSON.stringify(d.diagnostics.map((x) => x.message))}`);
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: URI }, range: w.range, context: { diagnostics: [w], only: ['quickfix'] } }) as CodeAction[];
    assert.equal(actions.length, 1, `${name}: ${JSON.stringify(actions)}`);
    const a = actions[0]!;
    assert.equal(a.kind, 'quickfix');
    assert.equal(a.isPreferred, true);
    assert.deepEqual(a.diagnostics, [w]);
    const change = a.edit!.documentChanges![0] as { textDocument: { uri: string; version: number }; edits: TextEdit[] };
    assert.deepEqual(change.textDocument, { uri: URI, version: 1 });
    edits.push(...change.edits);
  }
  // advice, not a rewrite: no fix for a log of a probability
  const nll = warningOf(d.diagnostics, 'nll');
  assert.ok(nll, 'a warning on nll');
  assert.deepEqual(await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: URI }, range: nll.range, context: { diagnostics: [nll] } }), []);
  // other kinds asked for: none of ours
  const w0 = warningOf(d.diagnostics, 'softplus')!;
  assert.deepEqual(await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: URI }, range: w0.range, context: { diagnostics: [], only: ['source.organizeImports'] } }), []);

  text = apply(text, edits);
  assert.match(text, /return Math\.max\(x, 0\) \+ Math\.log1p\(Math\.exp\(-Math\.abs\(x\)\)\);/);
  assert.match(text, /2 \* \(Math\.max\(z, 0\) \+ Math\.log1p\(Math\.exp\(-Math\.abs\(z\)\)\)\)/, 'the factor 2 is kept');

  const before = load(CODE), after = load(text);
  // Where the naive form is still accurate the two agree to rounding (beyond, the naive one is the wrong one).
  for (const x of [-3.5, -0.4, 0, 0.7, 2.5]) {
    for (const name of FIXABLE) {
      const a = before[name]!(x, 0.3), b = after[name]!(x, 0.3);
      assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a)), `${name}(${x}): ${a} vs ${b}`);
    }
  }
  for (const name of FIXABLE) assert.ok(Number.isFinite(after[name]!(800, 0.3)) && Number.isFinite(after[name]!(-800, 0.3)), `${name} is finite at ±800 after the fix`);
  assert.ok(!Number.isFinite(before.softplus!(800)), 'and was not before');

  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text }] });
  const d2 = await client.diagnostics(URI, (p) => p.version === 2);
  const warnings = d2.diagnostics.filter((x) => x.severity === DiagnosticSeverity.Warning);
  assert.deepEqual(warnings.map((x) => text.split('\n')[x.range.start.line]!.slice(x.range.start.character, x.range.end.character)), ['nll'], JSON.stringify(warnings.map((x) => x.message)));
  assert.equal(d2.diagnostics.filter((x) => x.severity === DiagnosticSeverity.Error).length, 0);
});

test('code actions: stale or unknown documents and bad params get an empty answer or an error, never a crash', async () => {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } };
  assert.deepEqual(await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: 'file:///nowhere.ts' }, range, context: { diagnostics: [] } }), []);
  await assert.rejects(client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: URI } }), (e: { code?: number }) => e.code === -32602);
  await assert.rejects(client.connection.sendRequest('textDocument/codeAction', null));
  // a derivation's instability warning is about math, not code: no edit
  const md = 'file:///tmp/gradlens-test/fragile.md';
  client.open(md, 'markdown', '$$f(x) = \\log(1 + e^{x})$$\n');
  const d = await client.diagnostics(md);
  assert.ok(d.diagnostics.length > 0);
  assert.deepEqual(await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: md }, range: d.diagnostics[0]!.range, context: { diagnostics: d.diagnostics } }), []);
  assert.equal(client.child.exitCode, null);
});
