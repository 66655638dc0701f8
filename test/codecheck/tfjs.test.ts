// TF.js-style custom gradients: tf.customGrad's value and gradFunc, saved tensors, chained methods,
// element-wise tf functions with hand-written gradients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCode } from '../../src/codecheck/index.js';
import { about, fixture } from './helpers.js';

test('tf.customGrad: value and gradFunc checked as dy · f′', () => {
  const r = analyzeCode('tfjs-custom-grad.ts', fixture('tfjs-custom-grad.ts'));
  const s = about(r, 'customSigmoid.gradFunc');
  assert.equal(s.verdict, 'ok');
  assert.match(s.message, /checked as dy · f′/);
  const sq = about(r, 'customSquare.gradFunc');
  assert.equal(sq.verdict, 'mismatch');
  assert.equal(sq.slipKind, 'factor');
  assert.match(sq.message, /The right local derivative \(with dy = 1\) is 2 \* x/);
  assert.ok('dy' in sq.worstPoint! && 'x' in sq.worstPoint!);
  assert.equal(about(r, 'softplusTfGrad').verdict, 'ok');
  assert.match(about(r, 'meanSquareGrad').message, /could not be verified: .*tf\.mean/);
  assert.equal(r.findings.find((f) => f.kind === 'definition' && f.message.startsWith('customSigmoid '))?.name, 'sigmoid');
});

test('tf.customGrad: saved tensors, chained tensor methods, sign slips', () => {
  const r = analyzeCode('tfjs-more.ts', fixture('tfjs-more.ts'));
  assert.equal(about(r, 'customSoftplus.gradFunc').verdict, 'ok');
  const t = about(r, 'customTanh.gradFunc');
  assert.equal(t.verdict, 'mismatch');
  assert.equal(t.derivative, '1 - tanh(x) ^ 2');
  assert.equal(about(r, 'customExp.gradFunc').verdict, 'ok');
  const n = about(r, 'customNegLog.gradFunc');
  assert.equal(n.verdict, 'mismatch');
  assert.equal(n.slipKind, 'sign');
  // The softplus written with tf.log(tf.add(1, tf.exp(x))) overflows: the definition says so, with a rewrite.
  const sp = r.findings.find((f) => f.kind === 'definition' && f.name === 'softplus')!;
  assert.ok(sp.instability!.some((i) => i.from >= 700 && i.suggestion?.includes('Math.log1p')));
});

test('an inline customGrad with a gradient in terms of the saved output', () => {
  const r = analyzeCode('inline.ts', `// @ts-nocheck
import * as tf from '@tensorflow/tfjs';
export const swish = tf.customGrad((x, save) => {
  const s = tf.sigmoid(x);
  const y = tf.mul(x, s);
  save([x, s]);
  return { value: y, gradFunc: (dy, [xs, ss]) => dy.mul(ss.add(xs.mul(ss).mul(tf.sub(1, ss)))) };
});
export const swishWrong = tf.customGrad((x) => {
  const s = tf.sigmoid(x);
  return { value: tf.mul(x, s), gradFunc: (dy) => dy.mul(s) };
});
`);
  assert.equal(about(r, 'swish.gradFunc').verdict, 'ok', about(r, 'swish.gradFunc').message);
  assert.equal(about(r, 'swishWrong.gradFunc').verdict, 'mismatch');
  assert.equal(r.findings.find((f) => f.kind === 'definition' && f.message.startsWith('swish '))?.name, 'silu');
});
