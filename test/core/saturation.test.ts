/**
 * Saturation intervals of the scalar activations over the default scan range [−20, 20] at the
 * default threshold 1 %, against boundaries computed here from the derivative's formula (closed
 * forms where they exist, bisection on a hand-written f′ otherwise), to 3 significant digits.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSaturation, parseExpression as P, saturation, type Saturation } from '../../src/core/index.js';
import { Phi, bisect, dsigmoid, maximize, phi, sech, sig3, sigmoid } from './support/ref.js';

const LO = -20, HI = 20, TAU = 0.01;
type Iv = { from: number; to: number };

/** Boundaries equal to 3 significant digits (allowing for a last-digit rounding tie). */
function assertIntervals(s: Saturation | null, want: Iv[], what: string): void {
  assert.ok(s, `${what}: saturation() returned null`);
  const got = s.intervals;
  assert.equal(got.length, want.length, `${what}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
  got.forEach((iv, i) => {
    for (const k of ['from', 'to'] as const) {
      const g = iv[k], w = want[i]![k];
      if (w === LO || w === HI) { assert.equal(g, w, `${what}: ${k} of interval ${i}`); continue; }
      const unit = w === 0 ? 1e-9 : 10 ** (Math.floor(Math.log10(Math.abs(w))) - 2);
      assert.ok(g === sig3(w) || Math.abs(g - w) <= 0.5 * unit + 1e-12, `${what}: ${k} of interval ${i} is ${g}, analytically ${w} (3 s.f. ${sig3(w)})`);
    }
  });
}

/** Saturation of a hand-written |f′| on [LO, HI]: where |f′| < τ·peak, boundaries by bisection. */
function analyticIntervals(df: (x: number) => number): Iv[] {
  const peak = maximize((x) => Math.abs(df(x)), LO, HI).value;
  const level = TAU * peak;
  const g = (x: number) => Math.abs(df(x)) - level; // < 0 inside
  const n = 40000;
  const out: Iv[] = [];
  let start: number | null = null;
  let prev = LO;
  for (let i = 0; i <= n; i++) {
    const x = LO + ((HI - LO) * i) / n;
    const inside = g(x) < 0;
    if (inside && start === null) start = i === 0 ? LO : bisect(g, prev, x);
    if (!inside && start !== null) { out.push({ from: start, to: bisect(g, prev, x) }); start = null; }
    prev = x;
  }
  if (start !== null) out.push({ from: start, to: HI });
  return out;
}

describe('saturation boundaries, closed forms', () => {
  test('sigmoid: σ(x)(1 − σ(x)) = 0.01·¼ at |x| = logit((1 + √0.99)/2) ≈ 5.99', () => {
    const s = (1 + Math.sqrt(1 - 4 * TAU * 0.25)) / 2;
    const b = Math.log(s / (1 - s));
    assert.ok(b > 5.98 && b < 6);
    const r = saturation(P('1/(1+exp(-x))'), 'x');
    assertIntervals(r, [{ from: LO, to: -b }, { from: b, to: HI }], 'sigmoid');
    assert.ok(Math.abs(r!.peak - 0.25) < 1e-12 && Math.abs(r!.peakAt) < 1e-6);
    assert.equal(describeSaturation(r!, 'σ'), `saturates for |x| > ${sig3(b)}: |σ′| below 1% of its peak`);
  });
  test('tanh: sech²(x) = 0.01 at |x| = acosh(10) ≈ 2.99', () => {
    const b = Math.acosh(10);
    assertIntervals(saturation(P('tanh(x)'), 'x'), [{ from: LO, to: -b }, { from: b, to: HI }], 'tanh');
  });
  test('ReLU: saturated (f′ = 0) for x < 0', () => {
    assertIntervals(saturation(P('max(x, 0)'), 'x'), [{ from: LO, to: 0 }], 'relu');
    assert.equal(describeSaturation(saturation(P('max(x, 0)'), 'x')!), 'saturates for x < 0: |f′| below 1% of its peak');
  });
  test('leaky ReLU: slope 0.01 is below a 5 % threshold for x < 0, not below a 0.5 % one', () => {
    const f = P('max(x, 0.01*x)');
    assertIntervals(saturation(f, 'x', { threshold: 0.05 }), [{ from: LO, to: 0 }], 'leaky 5%');
    assertIntervals(saturation(f, 'x', { threshold: 0.005 }), [], 'leaky 0.5%');
  });
  test('ELU: e^x = 0.01 at x = ln 0.01 ≈ −4.61', () => {
    assertIntervals(saturation(P('x > 0 ? x : exp(x) - 1'), 'x'), [{ from: LO, to: Math.log(0.01) }], 'elu');
  });
  test('SELU: λα·e^x = 0.01·λα (peak at 0⁻) at x = ln 0.01', () => {
    const S = 1.0507009873554805, A = 1.6732632423543772;
    const r = saturation(P(`${S} * (x > 0 ? x : ${A} * (exp(x) - 1))`), 'x');
    assertIntervals(r, [{ from: LO, to: Math.log(0.01) }], 'selu');
    assert.ok(Math.abs(r!.peak - S * A) < 1e-6 * S * A, `peak ${r!.peak} vs λα = ${S * A}`);
  });
  test('softplus: σ(x) = 0.01·σ(20) at x = logit(0.01·σ(20)) ≈ −4.60', () => {
    const level = TAU * sigmoid(20);
    const b = Math.log(level / (1 - level));
    assertIntervals(saturation(P('log(1+exp(x))'), 'x'), [{ from: LO, to: b }], 'softplus');
  });
  test('softsign: 1/(1+|x|)² = 0.01 at |x| = 9', () => {
    assertIntervals(saturation(P('x/(1+abs(x))'), 'x'), [{ from: LO, to: -9 }, { from: 9, to: HI }], 'softsign');
  });
  test('hard sigmoid (x+3)/6: flat for |x| > 3', () => {
    assertIntervals(saturation(P('max(0, min(1, (x + 3) / 6))'), 'x'), [{ from: LO, to: -3 }, { from: 3, to: HI }], 'hard sigmoid');
  });
  test('hard sigmoid 0.2x + 0.5: flat for |x| > 2.5', () => {
    assertIntervals(saturation(P('max(0, min(1, 0.2*x + 0.5))'), 'x'), [{ from: LO, to: -2.5 }, { from: 2.5, to: HI }], 'hard sigmoid 0.2');
  });
  test('hard tanh: flat for |x| > 1', () => {
    assertIntervals(saturation(P('max(-1, min(1, x))'), 'x'), [{ from: LO, to: -1 }, { from: 1, to: HI }], 'hard tanh');
  });
  test('a scaled sigmoid σ(2x) saturates at half the distance', () => {
    const s = (1 + Math.sqrt(1 - 4 * TAU * 0.25)) / 2;
    const b = Math.log(s / (1 - s)) / 2;
    assertIntervals(saturation(P('1/(1+exp(-2*x))'), 'x'), [{ from: LO, to: -b }, { from: b, to: HI }], 'sigmoid(2x)');
  });
  test('a shifted sigmoid σ(x − 3) saturates around 3', () => {
    const s = (1 + Math.sqrt(1 - 4 * TAU * 0.25)) / 2;
    const b = Math.log(s / (1 - s));
    const r = saturation(P('sigmoid(x - 3)'), 'x');
    assertIntervals(r, [{ from: LO, to: 3 - b }, { from: 3 + b, to: HI }], 'sigmoid(x-3)');
    assert.ok(Math.abs(r!.peakAt - 3) < 1e-4, `peak at ${r!.peakAt}`);
  });
  test('a 10 % threshold moves the sigmoid boundary to logit((1 + √0.9)/2) ≈ 3.64', () => {
    const s = (1 + Math.sqrt(1 - 4 * 0.1 * 0.25)) / 2;
    const b = Math.log(s / (1 - s));
    assertIntervals(saturation(P('sigmoid(x)'), 'x', { threshold: 0.1 }), [{ from: LO, to: -b }, { from: b, to: HI }], 'sigmoid 10%');
  });
});

describe('saturation boundaries, by root finding on a hand-written derivative', () => {
  test('sigmoid (check of the root finder itself)', () => {
    const s = (1 + Math.sqrt(1 - 4 * TAU * 0.25)) / 2;
    const b = Math.log(s / (1 - s));
    const iv = analyticIntervals(dsigmoid);
    assert.equal(iv.length, 2);
    assert.ok(Math.abs(iv[1]!.from - b) < 1e-9 && Math.abs(iv[0]!.to + b) < 1e-9);
  });
  test('SiLU: left tail and the dip around the zero of f′ near x ≈ −1.28', () => {
    const df = (x: number) => sigmoid(x) * (1 + x * sigmoid(-x));
    const want = analyticIntervals(df);
    assert.equal(want.length, 2, JSON.stringify(want));
    assert.ok(want[1]!.from < -1.278 && want[1]!.to > -1.278);
    const r = saturation(P('x*sigmoid(x)'), 'x');
    assertIntervals(r, want, 'silu');
    const peak = maximize(df, LO, HI);
    assert.ok(Math.abs(r!.peak - peak.value) < 1e-9 && Math.abs(r!.peakAt - peak.x) < 1e-4, `peak ${r!.peak} at ${r!.peakAt}, analytically ${peak.value} at ${peak.x}`);
  });
  test('GELU: peak of Φ(x) + xφ(x) at √2, left tail and the dip near x ≈ −0.75', () => {
    const df = (x: number) => Phi(x) + x * phi(x);
    const want = analyticIntervals(df);
    assert.equal(want.length, 2, JSON.stringify(want));
    const r = saturation(P('0.5*x*(1+erf(x/sqrt(2)))'), 'x');
    assertIntervals(r, want, 'gelu');
    assert.ok(Math.abs(r!.peakAt - Math.SQRT2) < 1e-4, `peak at ${r!.peakAt}, analytically √2`);
    assert.ok(Math.abs(r!.peak - df(Math.SQRT2)) < 1e-9);
  });
  test('mish', () => {
    const sp = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    const df = (x: number) => Math.tanh(sp(x)) + x * sech(sp(x)) ** 2 * sigmoid(x);
    assertIntervals(saturation(P('x*tanh(log(1+exp(x)))'), 'x'), analyticIntervals(df), 'mish');
  });
});

describe('saturation of losses and degenerate cases', () => {
  test('BCE on logits with y = 1 (typical label): |σ(z) − 1| < 1 % of its peak for z > ln(99·…) ≈ 4.6', () => {
    // |f′| = σ(−z), peak σ(20) at z = −20: σ(−z) = 0.01·σ(20) ⇔ z = −logit(0.01·σ(20)).
    const level = TAU * sigmoid(20);
    const b = -Math.log(level / (1 - level));
    assertIntervals(saturation(P('-(y*log(sigmoid(z))+(1-y)*log(1-sigmoid(z)))'), 'z'), [{ from: b, to: HI }], 'bce logits');
  });
  test('fixed values of other variables are honoured: with y = 0 the BCE saturates on the left', () => {
    const level = TAU * sigmoid(20);
    const b = Math.log(level / (1 - level));
    assertIntervals(saturation(P('-(y*log(sigmoid(z))+(1-y)*log(1-sigmoid(z)))'), 'z', { fixed: { y: 0 } }), [{ from: LO, to: b }], 'bce logits y=0');
  });
  test('x² saturates only near its stationary point', () => {
    // |2x| < 0.01·40 for |x| < 0.2.
    assertIntervals(saturation(P('x^2'), 'x'), [{ from: -0.2, to: 0.2 }], 'x^2');
  });
  test('a constant has no saturation report', () => {
    assert.equal(saturation(P('3 + 0*x'), 'x'), null);
  });
  test('a linear function does not saturate', () => {
    const r = saturation(P('2*x + 1'), 'x');
    assert.deepEqual(r?.intervals, []);
    assert.equal(describeSaturation(r!), 'does not saturate on [-20, 20]');
  });
  test('a custom range is honoured', () => {
    const b = Math.acosh(10);
    assertIntervals2(saturation(P('tanh(x)'), 'x', { range: [0, 5] }), [{ from: b, to: 5 }]);
  });
});

function assertIntervals2(s: Saturation | null, want: Iv[]): void {
  assert.ok(s);
  assert.equal(s.intervals.length, want.length, JSON.stringify(s.intervals));
  s.intervals.forEach((iv, i) => {
    assert.equal(iv.from, sig3(want[i]!.from));
    assert.equal(iv.to, want[i]!.to);
  });
}
