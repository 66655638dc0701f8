/**
 * Numerical instability of expressions as written, over the default range [−1000, 1000].
 * Thresholds derived by hand: exp(x) overflows for x > ln(MAX_VALUE) ≈ 709.78; 1 + e^x rounds to 1
 * (losing all digits of log(1 + e^x) ≈ e^x) once e^x falls below ~1e-16, x ≲ −36.7, and keeps < 2
 * digits from e^x ≲ 100·2⁻⁵³, x ≲ −32; 1 − σ(z) rounds to 0 once e^−z < 2⁻⁵³, z ≳ 36.7.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instability, parseExpression as P } from '../../src/core/index.js';

const OVERFLOW = Math.log(Number.MAX_VALUE); // 709.78…

test('log(1 + exp(x)) overflows from x ≈ 709.8 and loses its digits for very negative x', () => {
  assert.ok(OVERFLOW > 709.7 && OVERFLOW < 709.8);
  const ivs = instability(P('log(1+exp(x))'), 'x');
  const high = ivs.find((iv) => iv.to > 0);
  assert.ok(high, JSON.stringify(ivs));
  assert.ok(high.from > 709 && high.from < 711, `starts at ${high.from}`);
  assert.equal(high.to, 1000);
  assert.match(high.problem, /overflow|Infinity|NaN/i);
  const low = ivs.find((iv) => iv.to < 0);
  assert.ok(low, `an interval for very negative x: ${JSON.stringify(ivs)}`);
  // Below −36.7 the written form gives exactly 0 while the truth is e^x: it must be inside.
  assert.ok(low.from <= -40 && low.to >= -37 && low.to <= -30, JSON.stringify(low));
  assert.match(low.problem, /digits/);
  for (const iv of ivs) assert.ok(iv.suggestion, `suggestion for ${JSON.stringify(iv)}`);
  assert.ok(ivs.every((iv) => /softplus|log1p/.test(iv.suggestion!)), ivs.map((iv) => iv.suggestion).join('; '));
});

test('log(1 − σ(z)) written out breaks from z between 30 and 37', () => {
  const ivs = instability(P('log(1 - 1/(1+exp(-z)))'), 'z');
  const high = ivs.find((iv) => iv.to > 0);
  assert.ok(high, JSON.stringify(ivs));
  assert.ok(high.from > 30 && high.from < 37, `starts at ${high.from}`);
  assert.ok(high.suggestion && /softplus/.test(high.suggestion), String(high.suggestion));
});

test('the stable forms and polynomials have no instability', () => {
  for (const f of ['1/(1+exp(-z))', 'x^2', 'softplus(x)', 'max(x, 0) + log1p(exp(-abs(x)))', 'sigmoid(x)*sigmoid(-x)']) {
    const v = f.includes('z') ? 'z' : 'x';
    assert.deepEqual(instability(P(f), v), [], f);
  }
});

test('σ(x)(1 − σ(x)) written naively loses its digits for large x', () => {
  // 1 − σ(x) ≈ e^−x carries an absolute error ~1e-16: more than 1 % once e^−x < 1e-14, x > 32.2.
  const ivs = instability(P('sigmoid(x)*(1 - sigmoid(x))'), 'x');
  const high = ivs.find((iv) => iv.to > 0);
  assert.ok(high, JSON.stringify(ivs));
  assert.ok(high.from > 30 && high.from < 37, `starts at ${high.from}`);
});

test('exp(x) alone overflows only beyond 709.78 (the true value is infinite there: no interval)', () => {
  // The true value of exp(800) is not finite in float64 either: that is a range problem, not instability.
  assert.deepEqual(instability(P('exp(x)'), 'x'), []);
});

test('a custom range is honoured', () => {
  assert.deepEqual(instability(P('log(1+exp(x))'), 'x', { range: [-10, 10] }), []);
  const ivs = instability(P('log(1+exp(x))'), 'x', { range: [0, 800] });
  assert.equal(ivs.length, 1);
  assert.ok(ivs[0]!.from > 709 && ivs[0]!.from < 711 && ivs[0]!.to === 800);
});
