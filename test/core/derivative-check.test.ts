/**
 * checkDerivative beyond the catalog: naive right claims deep in saturation, wrong claims that are
 * only visible there, claims right only for binary labels, and checks that carry no information.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDerivative, parseExpression as P } from '../../src/core/index.js';
import { dsigmoid, sech } from './support/ref.js';

describe('deep saturation', () => {
  test('σ(z)(1 − σ(z)) written naively is right, also at z = 20, 30, 35', () => {
    const r = checkDerivative({ f: P('1/(1+exp(-z))'), wrt: 'z', claim: P('sigmoid(z)*(1-sigmoid(z))'), extraValues: [20, 30, 35] });
    assert.equal(r.verdict, 'ok', r.message);
  });
  test('σ(z)(1 − σ(z)) is right over [20, 35] alone, where 1 − σ(z) keeps few digits', () => {
    // At z = 35, e^-35 ≈ 6.3e-16: float64 1 − σ(z) is 6.66e-16, 5 % off, yet the claim is mathematically right.
    const r = checkDerivative({ f: P('1/(1+exp(-z))'), wrt: 'z', claim: P('sigmoid(z)*(1-sigmoid(z))'), range: [20, 35], extraValues: [20, 30, 35] });
    assert.equal(r.verdict, 'ok', r.message);
    assert.ok(r.informative >= 4);
  });
  test('1 − tanh(x)² over [−40, 40] is right', () => {
    const r = checkDerivative({ f: P('tanh(x)'), wrt: 'x', claim: P('1 - tanh(x)^2'), range: [-40, 40] });
    assert.equal(r.verdict, 'ok', r.message);
  });
  test('y(1 − y) with y written out as the sigmoid is right over [−30, 30]', () => {
    const r = checkDerivative({ f: P('1/(1+exp(-z))'), wrt: 'z', claim: P('1/(1+exp(-z)) * (1 - 1/(1+exp(-z)))'), range: [-30, 30] });
    assert.equal(r.verdict, 'ok', r.message);
  });
  test('σ(z)(1 + σ(z)) is caught in saturation, with the worst point checked by hand', () => {
    const r = checkDerivative({ f: P('1/(1+exp(-z))'), wrt: 'z', claim: P('sigmoid(z)*(1+sigmoid(z))'), range: [20, 40], extraValues: [20, 30, 35] });
    assert.equal(r.verdict, 'mismatch', r.message);
    const w = r.worst!;
    const z = w.point.z!;
    assert.ok(z >= 20 && z <= 40);
    const s = 1 / (1 + Math.exp(-z));
    assert.ok(Math.abs(w.actual - s * (1 + s)) <= 1e-12);
    assert.ok(Math.abs(w.expected - dsigmoid(z)) <= 1e-6 * dsigmoid(z));
  });
  test('a claim off by a factor 2 only in the tail (z > 25) is caught where σ′ ≈ 1e-11', () => {
    const r = checkDerivative({ f: P('1/(1+exp(-z))'), wrt: 'z', claim: P('z < 25 ? sigmoid(z)*sigmoid(-z) : 2*sigmoid(z)*sigmoid(-z)'), range: [0, 27], extraValues: [25.5, 26, 26.5] });
    assert.equal(r.verdict, 'mismatch', r.message);
    assert.ok(r.worst!.point.z! >= 25, JSON.stringify(r.worst));
  });
  test('1 + tanh(x)² is caught over [−40, 40]', () => {
    const r = checkDerivative({ f: P('tanh(x)'), wrt: 'x', claim: P('1 + tanh(x)^2'), range: [-40, 40] });
    assert.equal(r.verdict, 'mismatch', r.message);
    const x = r.worst!.point.x!;
    assert.ok(Math.abs(r.worst!.expected - sech(x) ** 2) <= 1e-9 * Math.max(1e-300, sech(x) ** 2) + 1e-300);
  });
  test('softplus: σ(x) is right at x = ±700, e^x/(1+e^x) over [−700, 700] is right where it is finite', () => {
    const r = checkDerivative({ f: P('log(1+exp(x))'), wrt: 'x', claim: P('sigmoid(x)'), extraValues: [700, -700, 800] });
    assert.equal(r.verdict, 'ok', r.message);
  });
});

describe('binary labels', () => {
  const bce = '-(y*log(sigmoid(z))+(1-y)*log(1-sigmoid(z)))';
  const claim = '-(2*y - 1)*(1 - sigmoid((2*y - 1)*z))';
  test('the (2y − 1) form of the BCE gradient is right for binary labels, and says so', () => {
    // y = 1: −(1 − σ(z)) = σ(z) − 1; y = 0: 1 − σ(−z) = σ(z). Both equal σ(z) − y. For y = ½ the claim is 0 ≠ σ(z) − ½.
    const r = checkDerivative({ f: P(bce), wrt: 'z', claim: P(claim) });
    assert.equal(r.verdict, 'ok', r.message);
    assert.ok(r.condition, 'a condition is stated');
    assert.match(r.condition, /binary labels/);
    assert.match(r.condition, /\by\b/);
    assert.match(r.message, /binary labels/);
  });
  test('σ(z) − y needs no condition', () => {
    const r = checkDerivative({ f: P(bce), wrt: 'z', claim: P('sigmoid(z) - y') });
    assert.equal(r.verdict, 'ok', r.message);
    assert.equal(r.condition, null);
  });
  test('the same claim against the logistic loss log(1 + e^(−yz)) is a mismatch', () => {
    // There y = 0 gives derivative 0 while the claim gives σ(z): wrong even for binary labels.
    const r = checkDerivative({ f: P('log(1+exp(-y*z))'), wrt: 'z', claim: P(claim) });
    assert.equal(r.verdict, 'mismatch', r.message);
    assert.equal(r.condition, null);
  });
  test('the same claim against (σ(z) − y)² is a mismatch', () => {
    const r = checkDerivative({ f: P('(sigmoid(z) - y)^2'), wrt: 'z', claim: P(claim) });
    assert.equal(r.verdict, 'mismatch', r.message);
    assert.equal(r.condition, null);
  });
  test('BCE with a sign error in the linear term is a mismatch for binary labels too', () => {
    const r = checkDerivative({ f: P('log(1+exp(z)) + y*z'), wrt: 'z', claim: P(claim) });
    assert.equal(r.verdict, 'mismatch', r.message);
  });
});

describe('uninformative checks', () => {
  const cases: Array<[string, string, string]> = [
    ['sign(x)', '0', 'derivative identically 0'],
    ['heaviside(x)', '0', 'step function, derivative 0 almost everywhere'],
    ['3 + 0*x', '0', 'constant'],
    ['sqrt(-1 - x^2)', '-x/sqrt(-1 - x^2)', 'undefined (NaN) everywhere'],
  ];
  for (const [f, claim, why] of cases) {
    test(`${f} with claim ${claim} is unverified (${why})`, () => {
      const r = checkDerivative({ f: P(f), wrt: 'x', claim: P(claim) });
      assert.equal(r.verdict, 'unverified', r.message);
      assert.equal(r.ok, false);
      assert.ok(r.reason && r.reason.length > 10, `reason: ${r.reason}`);
      assert.match(r.message, /could not be verified/);
      assert.equal(r.informative, 0);
    });
  }
  test('a wrong claim of a constant is still a mismatch', () => {
    const r = checkDerivative({ f: P('3 + 0*x'), wrt: 'x', claim: P('1') });
    assert.equal(r.verdict, 'mismatch', r.message);
  });
  test('a function undefined everywhere is unverified even when its formal derivative is finite',
    {},
    () => {
      const r = checkDerivative({ f: P('log(-(x^2) - 1)'), wrt: 'x', claim: P('2*x/(x^2+1)') });
      assert.equal(r.verdict, 'unverified', r.message);
    });
  test('a claim that is +Infinity where the derivative exists is wrong', () => {
    const r = checkDerivative({ f: P('x^2'), wrt: 'x', claim: P('1/(x-x)') });
    assert.equal(r.verdict, 'mismatch', r.message);
  });
  test('a claim that is NaN everywhere is a mismatch (not a crash)',
    {},
    () => {
      const r = checkDerivative({ f: P('x^2'), wrt: 'x', claim: P('2*x + sqrt(-1)') });
      assert.equal(r.verdict, 'mismatch', r.message);
      assert.ok(r.worst && Number.isNaN(r.worst.actual));
    });
  test('a claim that is NaN for x > 5 is reported at a failing point',
    {},
    () => {
      const r = checkDerivative({ f: P('x^2'), wrt: 'x', claim: P('x > 5 ? sqrt(-1) : 2*x') });
      assert.equal(r.verdict, 'mismatch', r.message);
      assert.ok(r.worst!.point.x! > 5, `worst point ${JSON.stringify(r.worst)} should be where the claim is NaN`);
    });
});

describe('report fields', () => {
  test('an ok report has checked ≥ informative ≥ 4, no worst failure, message with "right"', () => {
    const r = checkDerivative({ f: P('x^3'), wrt: 'x', claim: P('3*x^2') });
    assert.equal(r.verdict, 'ok');
    assert.ok(r.checked >= r.informative && r.informative >= 4);
    assert.equal(r.reason, null);
    assert.match(r.message, /right/);
    assert.ok(r.maxRelError < 1e-12, `x³ is exact: ${r.maxRelError}`);
  });
  test('subject names the claim in the message', () => {
    const r = checkDerivative({ f: P('x^3'), wrt: 'x', claim: P('2*x^2'), subject: 'cubeGrad' });
    assert.match(r.message, /^cubeGrad is wrong/);
  });
  test('the default range is honoured: a claim wrong only beyond |x| = 10 passes, and is caught with a wider range', () => {
    const claim = P('abs(x) < 10.5 ? 3*x^2 : 0');
    assert.equal(checkDerivative({ f: P('x^3'), wrt: 'x', claim }).verdict, 'ok');
    assert.equal(checkDerivative({ f: P('x^3'), wrt: 'x', claim, range: [-20, 20] }).verdict, 'mismatch');
  });
  test('the same input gives the same report (deterministic sampling)', () => {
    const a = checkDerivative({ f: P('sin(x)*y'), wrt: 'x', claim: P('cos(x)*y + 1e-3') });
    const b = checkDerivative({ f: P('sin(x)*y'), wrt: 'x', claim: P('cos(x)*y + 1e-3') });
    assert.deepEqual(a, b);
  });
});
