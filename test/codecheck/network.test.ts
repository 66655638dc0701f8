// A hand-written two-layer network module (forward/backward with sigmoid, ReLU, squared error and
// BCE), the conventions a gradient can be written in, multi-output backward functions and writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCode } from '../../src/codecheck/index.js';
import { about, fixture } from './helpers.js';

const net = () => analyzeCode('net-module.ts', fixture('net-module.ts'));

test('two-layer network: layers, losses and backpropagation, right and wrong', () => {
  const r = net();
  assert.equal(about(r, 'SigmoidLayer.backward').verdict, 'ok');
  assert.match(about(r, 'SigmoidLayer.backward').message, /checked as grad · f′/);
  const relu = about(r, 'ReluLayer.backward');
  assert.equal(relu.verdict, 'mismatch');
  assert.ok(relu.worstPoint!.z! > -1 && relu.worstPoint!.z! < 0, `the wrong region is -1 < z < 0: ${JSON.stringify(relu.worstPoint)}`);
  const sq = about(r, 'squaredErrorGrad');
  assert.equal(sq.slipKind, 'factor');
  assert.equal(sq.derivative, '2 * (yhat - y)');
  assert.equal(about(r, 'halfSquaredErrorGrad').verdict, 'ok');
  assert.equal(about(r, 'binaryCrossEntropyGrad').verdict, 'ok');
  assert.equal(about(r, 'bceLogitsGrad').verdict, 'ok');
  assert.equal(about(r, 'bceLogitsGradSwapped').slipKind, 'label-swap');
  const ok = about(r, 'netLossGrad');
  assert.equal(ok.verdict, 'ok');
  assert.match(ok.message, /all 7 outputs \(w\[0\], w\[1\], b\[0\], b\[1\], v\[0\], v\[1\], c\)/);
  const wrong = about(r, 'netLossGradNoSigmoid');
  assert.equal(wrong.verdict, 'mismatch');
  assert.match(wrong.message, /wrong in output \S+ \(the derivative with respect to \w+\)/);
  assert.match(wrong.message, /Also wrong: /);
});

test('definitions: each recognised primal with its catalog id, derivative, saturation and instability', () => {
  const r = net();
  const defs = new Map(r.findings.filter((f) => f.kind === 'definition' && f.name).map((f) => [f.message.split(' ')[0]!, f]));
  assert.equal(defs.get('SigmoidLayer.forward')?.name, 'sigmoid');
  assert.equal(defs.get('SigmoidLayer.forward')?.category, 'activation');
  assert.ok((defs.get('SigmoidLayer.forward')?.saturation ?? []).length > 0);
  assert.equal(defs.get('ReluLayer.forward')?.name, 'relu');
  assert.equal(defs.get('squaredError')?.name, 'squared_error');
  assert.equal(defs.get('halfSquaredError')?.name, 'half_squared_error');
  const bce = defs.get('binaryCrossEntropy')!;
  assert.equal(bce.name, 'binary_cross_entropy');
  assert.equal(bce.category, 'loss');
  assert.equal(bce.derivative, '(p - y) / (p * (1 - p))');
  assert.deepEqual(bce.instability!.map((i) => [i.from, i.to]), [[0, 0], [1, 1]]);
  assert.match(bce.instability![0]!.suggestion!, /Math\.min\(Math\.max\(p, 1e-7\), 1 - 1e-7\)/);
  const logits = defs.get('bceLogits')!;
  assert.equal(logits.name, 'binary_cross_entropy_logits');
  assert.ok(logits.instability!.length > 0);
  assert.match(logits.instability![0]!.suggestion!, /Math\.log1p\(Math\.exp\(-Math\.abs\(z\)\)\)/);
  // Gradients get verdicts, not definitions.
  assert.ok(!defs.has('bceLogitsGrad'));
});

test('multi-output backward: { dx, dw, db } and [dx, dw, db] are checked output by output', () => {
  const r = net();
  assert.equal(about(r, 'linearBackward').verdict, 'ok');
  const swapped = about(r, 'linearBackwardSwapped');
  assert.equal(swapped.verdict, 'mismatch');
  assert.match(swapped.message, /wrong in output 1 \(the derivative with respect to w\)/);
  assert.equal(swapped.derivative, 'x');
  const src = `
export function mul(a: number, b: number) { return a * b; }
export function mulBackward(a: number, b: number, dout: number) { return [b * dout, a * dout]; }
export function bce(p: number, y: number) { return -(y * Math.log(p) + (1 - y) * Math.log(1 - p)); }
/**
 * @gradientOf bce
 * @wrt p y
 */
export function bceBoth(p: number, y: number) { return { dp: (p - y) / (p * (1 - p)), dy: Math.log(p) - Math.log(1 - p) }; }
`;
  const m = analyzeCode('mul.ts', src);
  // No @wrt: an array with one entry per parameter is read as [∂/∂a, ∂/∂b].
  assert.equal(about(m, 'mulBackward').verdict, 'ok');
  const both = about(m, 'bceBoth');
  assert.equal(both.verdict, 'mismatch');
  assert.match(both.message, /wrong in output dy \(the derivative with respect to y\)/);
  assert.match(both.message, /the sign is flipped/);
});

test('writes into arguments: convnet-style V.dw[i] += … is a vector-Jacobian product', () => {
  const r = analyzeCode('convnet-style.js', fixture('convnet-style.js'));
  const s = about(r, 'SigmoidLayer.backward');
  assert.equal(s.verdict, 'ok');
  assert.match(s.message, /all 3 outputs \(V\.dw\[0\], V\.dw\[1\], V\.dw\[2\]\)/);
  const l = about(r, 'LeakyReluLayer.backward');
  assert.equal(l.verdict, 'mismatch');
  assert.ok(l.worstPoint!.V_w_0! < 0 || l.worstPoint!.V_w_1! < 0 || l.worstPoint!.V_w_2! < 0);
});

test('softmax backward with a vector upstream gradient and the output convention', () => {
  const src = `
/** @dims 3 */
export function softmax(z: number[]) {
  const m = Math.max(z[0], z[1], z[2]);
  const e = z.map((v) => Math.exp(v - m));
  const s = e[0] + e[1] + e[2];
  return e.map((v) => v / s);
}
/** @dims 3 */
export function softmaxBackward(dy: number[], s: number[]) {
  const dot = s[0] * dy[0] + s[1] * dy[1] + s[2] * dy[2];
  return s.map((v, i) => v * (dy[i] - dot));
}
/**
 * @gradientOf softmax
 * @dims 3
 */
export function softmaxBackwardDiagonal(dy: number[], s: number[]) {
  return s.map((v, i) => v * (1 - v) * dy[i]);
}
`;
  const r = analyzeCode('softmax.ts', src);
  const ok = about(r, 'softmaxBackward');
  assert.equal(ok.verdict, 'ok', ok.message);
  assert.match(ok.message, /assuming the argument s is the output y = softmax\(z\)/);
  assert.match(ok.message, /vector-Jacobian product/);
  const diag = about(r, 'softmaxBackwardDiagonal');
  assert.equal(diag.verdict, 'mismatch', diag.message);
  const def = r.findings.find((f) => f.kind === 'definition' && f.message.startsWith('softmax '));
  assert.equal(def?.name, 'softmax');
});

test('conventions: output-form gradients, the input/output confusion, callers as evidence', () => {
  const brain = analyzeCode('brain-style.js', fixture('brain-style.js'));
  const t = about(brain, 'tanhDerivative');
  assert.equal(t.verdict, 'ok');
  assert.match(t.message, /assuming the argument output is the output y = tanh\(value\)/);
  const conf = about(analyzeCode('input-output-confusion.ts', fixture('input-output-confusion.ts')), 'sigmoidGrad');
  assert.equal(conf.verdict, 'mismatch');
  assert.equal(conf.slipKind, 'output-form');
  // Callers decide: the same body is right when every caller passes the output.
  const body = `
export function softsign(x: number) { return x / (1 + Math.abs(x)); }
export function softsignGrad(v: number) { return (1 - Math.abs(v)) ** 2; }
`;
  // With no caller in view an output-form body is right under the output convention, and says so.
  const noCallers = about(analyzeCode('a.ts', body), 'softsignGrad');
  assert.equal(noCallers.verdict, 'ok', noCallers.message);
  assert.match(noCallers.message, /assuming the argument v is the output y = softsign\(x\).*no caller in view/);
  // A caller in view that passes the input makes it wrong as used.
  const inputCaller = about(analyzeCode('d.ts', `${body}
export function step(x: number, upstream: number) {
  return softsign(x) > 2 ? 0 : upstream * softsignGrad(x);
}`), 'softsignGrad');
  assert.equal(inputCaller.verdict, 'mismatch', inputCaller.message);
  const withCallers = about(analyzeCode('b.ts', `${body}
export function step(x: number, upstream: number) {
  const a = softsign(x);
  return upstream * softsignGrad(a);
}`), 'softsignGrad');
  assert.equal(withCallers.verdict, 'ok', withCallers.message);
  assert.match(withCallers.message, /assuming the argument v is the output y = softsign\(x\), as its callers pass it/);
  // A name that suggests the output, with a body in terms of the input: right, and the message says how it was read.
  const flipped = about(analyzeCode('c.ts', `
export function sigmoid(x: number) { return 1 / (1 + Math.exp(-x)); }
export function sigmoidDerivative(out: number) { const s = sigmoid(out); return s * (1 - s); }
`), 'sigmoidDerivative');
  assert.equal(flipped.verdict, 'ok');
  assert.match(flipped.message, /reading out as the input x/);
  // Neither convention fits: a mismatch that says so.
  const neither = about(net(), 'tanhActGrad');
  assert.equal(neither.verdict, 'mismatch');
  assert.match(neither.message, /wrong whether y is read as the input or as the output of tanhAct/);
});

test('@wrt picks the parameter; names are never trusted', () => {
  const r = analyzeCode('w.ts', `
export function scaled(x: number, k: number) { return k * x * x; }
/** @gradientOf scaled
 * @wrt k */
export function scaledDk(x: number, k: number) { return x * x; }
/** @gradientOf scaled
 * @wrt q */
export function scaledDq(x: number, k: number) { return 0; }
// Named like sigmoid's derivative, paired with a function named sigmoid that computes tanh.
export function sigmoid(x: number) { return Math.tanh(x); }
export function sigmoidPrime(x: number) { const s = 1 / (1 + Math.exp(-x)); return s * (1 - s); }
`);
  assert.equal(about(r, 'scaledDk').verdict, 'ok');
  assert.match(about(r, 'scaledDk').message, /with respect to k/);
  assert.match(about(r, 'scaledDq').message, /@wrt names q, which is not a parameter of scaled/);
  assert.equal(about(r, 'sigmoidPrime').verdict, 'mismatch');
  assert.equal(r.findings.find((f) => f.kind === 'definition' && f.message.startsWith('sigmoid '))?.name, 'tanh');
});

test('unverified gradients say why', () => {
  const r = analyzeCode('u.ts', `
const params = { alpha: 0.01 };
export function leaky(x: number) { return x > 0 ? x : params.alpha * x; }
export function leakyGrad(x: number) { return x > 0 ? 1 : params.alpha_; }
export function f(x: number) { return Math.floor(x) * x; }
export function fGrad(x: number) { return Math.floor(x); }
export class G {
  f(x: number) { return x * x; }
  df(x: number) { return 2 * x * this.scale; }
}
export function h(x: number) { return mystery(x); }
export function hGrad(x: number) { return 1; }
`);
  assert.match(about(r, 'leakyGrad').message, /could not be verified: reads undefined property params\.alpha_ \(value would be NaN\)/);
  assert.match(about(r, 'fGrad').message, /could not be verified: its primal f cannot be read as math \(.*floor/);
  assert.match(about(r, 'G.df').message, /could not be verified: it uses this_scale, which the primal does not have/);
  assert.match(about(r, 'hGrad').message, /could not be verified: its primal h cannot be read as math \(.*mystery/);
  for (const n of ['leakyGrad', 'fGrad', 'G.df', 'hGrad']) assert.equal(about(r, n).verdict, 'unverified');
});

test('instability warnings for code patterns, with stable rewrites as suggestions', () => {
  const r = analyzeCode('p.ts', `
export function softplusNaive(x: number, k: number) { return Math.log(1 + Math.exp(k * x)); }
/** @dims 3 */
export function softmaxNaive(z: number[]) {
  const e = z.map((v) => Math.exp(v));
  const s = e[0] + e[1] + e[2];
  return e.map((v) => v / s);
}
export function logSigmoidLoss(z: number, y: number) {
  const p = 1 / (1 + Math.exp(-z));
  return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
}
export function nll(prob: number) { return -Math.log(prob); }
export function safe(x: number) { return 1 / (1 + Math.exp(-x)); }
`);
  const warn = (name: string) => r.findings.find((f) => f.kind === 'definition' && f.message.startsWith(`${name} `));
  const sp = warn('softplusNaive')!;
  assert.ok(sp.instability!.some((i) => i.from > 700 && i.from < 720));
  assert.match(sp.instability![0]!.suggestion!, /Math\.max\(k \* x, 0\) \+ Math\.log1p\(Math\.exp\(-Math\.abs\(k \* x\)\)\)/);
  const sm = warn('softmaxNaive')!;
  assert.match(sm.message, /softmax without subtracting the maximum/);
  assert.match(sm.instability![0]!.suggestion!, /subtract the maximum/);
  const ls = warn('logSigmoidLoss')!;
  assert.ok(ls.instability!.length > 0);
  assert.ok(ls.instability!.every((i) => i.suggestion && /Math\.log1p/.test(i.suggestion)), JSON.stringify(ls.instability));
  const nll = warn('nll')!;
  assert.deepEqual(nll.instability!.map((i) => [i.from, i.to]), [[0, 0]]);
  // A sigmoid outside a log is fine in float64: no warning.
  const s = warn('safe');
  assert.ok(!s || !s.instability || s.instability.length === 0, s?.message);
});
