/**
 * The language server on gradient code as libraries write it (issue 14), over stdio: a backward
 * closure stored with a tape node, a class backward method and a GPU kernel pair get the same
 * verdicts as the CLI, in hovers, diagnostics and CodeLens.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CodeLensRequest, HoverRequest, DiagnosticSeverity, ExecuteCommandRequest, type CodeLens, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { ROOT, startClient, type Client } from './lspClient.js';

// Written for this test: one right tape step, one wrong, and a layer whose backward fills V.dw.
const CODE = `export class Node {
  grad = 0;
  back: () => void = () => {};
  constructor(public data: number) {}

  sigmoid(): Node {
    const out = new Node(1 / (1 + Math.exp(-this.data)));
    out.back = () => {
      this.grad += out.data * (1 - out.data) * out.grad;
    };
    return out;
  }

  cube(): Node {
    const out = new Node(this.data ** 3);
    out.back = () => {
      this.grad += 3 * this.data * out.grad;
    };
    return out;
  }
}

export class Softsign {
  input = { w: [0, 0, 0], dw: [0, 0, 0] };
  forward(v: { w: number[]; dw: number[] }) {
    this.input = v;
    return v.w.map((x) => x / (1 + Math.abs(x)));
  }
  backward(dout: number[]) {
    const v = this.input;
    for (let i = 0; i < v.w.length; i++) v.dw[i] += dout[i]! / (1 + Math.abs(v.w[i]!)) ** 2;
  }
}
`;
const URI = 'file:///tmp/gradlens-test/tape-node.ts';
const lineOf = (needle: string, from = 0) => CODE.split('\n').findIndex((l, i) => i >= from && l.includes(needle));
const hoverText = (h: Hover | null): string => (h ? (h.contents as MarkupContent).value : '');

let client: Client;
before(async () => {
  assert.ok(existsSync(resolve(ROOT, 'dist/server.js')), 'build first: npm run build');
  client = await startClient();
});
after(async () => { await client?.close(); });

test("a tape node's backward closure: hover, diagnostic and CodeLens agree with the CLI", async () => {
  client.open(URI, 'typescript', CODE);
  const d = await client.diagnostics(URI);
  const right = lineOf('out.back = () => {');
  const wrong = lineOf('out.back = () => {', right + 1);
  const errors = d.diagnostics.filter((x) => x.severity === DiagnosticSeverity.Error);
  assert.ok(errors.some((x) => x.range.start.line === wrong && /cube\.back is wrong/.test(x.message)), JSON.stringify(d.diagnostics, null, 1));
  assert.ok(!errors.some((x) => x.range.start.line === right), 'no error on the right step');

  const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: right, character: 6 } });
  assert.match(hoverText(h), /right/);
  const hw = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: wrong, character: 6 } });
  assert.match(hoverText(hw), /wrong/);

  const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: URI } })) as CodeLens[];
  const lens = lenses.find((l) => l.command?.command === 'gradlens.checkGradient' && l.range.start.line === wrong);
  assert.ok(lens, `a Check gradient lens above the wrong step: ${JSON.stringify(lenses.map((l) => [l.range.start.line, l.command?.title]))}`);
  const report = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'gradlens.checkGradient', arguments: lens.command!.arguments });
  assert.equal(report.finding.verdict, 'mismatch');

  // The same verdicts from the CLI on the same text.
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-tape-'));
  writeFileSync(join(dir, 'tape-node.ts'), CODE);
  const cli = spawnSync(process.execPath, [resolve(ROOT, 'bin/gradlens.js'), 'check', dir, '--format', 'json'], { encoding: 'utf8' });
  const found = (JSON.parse(cli.stdout) as { files: { findings: { kind: string; verdict: string; range: { start: { line: number } } }[] }[] }).files[0]!.findings.filter((f) => f.kind === 'derivative');
  assert.equal(found.find((f) => f.range.start.line === right)?.verdict, 'ok');
  assert.equal(found.find((f) => f.range.start.line === wrong)?.verdict, 'mismatch');
});

test("a class backward method that writes into its input's dw: hover and CodeLens show it right", async () => {
  const line = lineOf('  backward(dout');
  const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line, character: 4 } });
  assert.match(hoverText(h), /right/, hoverText(h));
  const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: URI } })) as CodeLens[];
  assert.ok(lenses.some((l) => l.command?.command === 'gradlens.checkGradient' && l.range.start.line === line), JSON.stringify(lenses.map((l) => l.range.start.line)));
});

// Written for this test: a gpu.js-style kernel pair (one element per thread) and a wrong one.
const KERNELS = `interface KernelThis { thread: { x: number }; constants: Record<string, number> }
export function activateSoftsign(this: KernelThis, inputs: number[]): number {
  const v = inputs[this.thread.x];
  return v / (1 + Math.abs(v));
}
export function activateSoftsignBackward(this: KernelThis, inputs: number[], deltas: number[]): number {
  const v = inputs[this.thread.x];
  return deltas[this.thread.x] / ((1 + Math.abs(v)) * (1 + Math.abs(v)));
}
export function activateLeaky(this: KernelThis, inputs: number[]): number {
  const v = inputs[this.thread.x];
  return v > 0 ? v : this.constants.slope * v;
}
export function activateLeakyBackward(this: KernelThis, inputs: number[], deltas: number[]): number {
  return deltas[this.thread.x] * (inputs[this.thread.x] > 0 ? this.constants.slope : 1);
}
`;
const KURI = 'file:///tmp/gradlens-test/kernels.ts';

test('GPU kernels: the elementwise function is checked, and the server agrees with the CLI', async () => {
  client.open(KURI, 'typescript', KERNELS);
  const d = await client.diagnostics(KURI);
  const lines = KERNELS.split('\n');
  const right = lines.findIndex((l) => l.includes('function activateSoftsignBackward'));
  const wrong = lines.findIndex((l) => l.includes('function activateLeakyBackward'));
  const errors = d.diagnostics.filter((x) => x.severity === DiagnosticSeverity.Error);
  assert.ok(errors.some((x) => x.range.start.line === wrong && /activateLeakyBackward is wrong/.test(x.message)), JSON.stringify(d.diagnostics, null, 1));
  assert.ok(!errors.some((x) => x.range.start.line === right), 'no error on the right kernel');
  const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: KURI }, position: { line: right, character: 20 } });
  assert.match(hoverText(h), /right/, hoverText(h));

  const dir = mkdtempSync(join(tmpdir(), 'gradlens-kernels-'));
  writeFileSync(join(dir, 'kernels.ts'), KERNELS);
  const cli = spawnSync(process.execPath, [resolve(ROOT, 'bin/gradlens.js'), 'check', dir, '--format', 'json'], { encoding: 'utf8' });
  const found = (JSON.parse(cli.stdout) as { files: { findings: { kind: string; verdict: string; range: { start: { line: number } } }[] }[] }).files[0]!.findings.filter((f) => f.kind === 'derivative');
  assert.equal(found.find((f) => f.range.start.line === right)?.verdict, 'ok');
  assert.equal(found.find((f) => f.range.start.line === wrong)?.verdict, 'mismatch');
});
