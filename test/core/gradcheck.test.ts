/**
 * gradcheck: gradients of functions GradLens cannot read, checked by finite differences.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GradcheckError, assertGradcheck, gradcheck } from '../../src/core/index.js';
import { dsigmoid, sech, sigmoid, softplus } from './support/ref.js';

const SCALAR: Array<[string, (x: number) => number, (x: number) => number]> = [
  ['sigmoid', sigmoid, dsigmoid],
  ['tanh', Math.tanh, (x) => sech(x) ** 2],
  ['softplus', softplus, sigmoid],
  ['SiLU', (x) => x * sigmoid(x), (x) => sigmoid(x) + x * dsigmoid(x)],
];

describe('gradcheck, f: R → R', () => {
  for (const [name, f, df] of SCALAR) {
    test(`${name}: right gradient over [−8, 8] passes with max rel. error < 1e-6`, () => {
      const r = gradcheck(f, df);
      assert.equal(r.verdict, 'ok', r.message);
      assert.equal(r.ok, true);
      assert.ok(r.maxRelError < 1e-6, `maxRelError ${r.maxRelError}`);
      assert.ok(r.checked >= 200, `checked ${r.checked}`);
    });
    test(`${name}: right gradient over [−20, 20] with rtol 1e-9, atol 0 has no failure`, () => {
      const r = gradcheck(f, df, { range: [-20, 20], rtol: 1e-9, atol: 0 });
      assert.equal(r.verdict, 'ok', r.message);
      assert.ok(r.maxRelError <= 1e-9, `maxRelError ${r.maxRelError}`);
    });
    test(`${name}: twice the gradient fails, with the worst point checked by hand`, () => {
      const r = gradcheck(f, (x: number) => 2 * df(x));
      assert.equal(r.verdict, 'mismatch', r.message);
      assert.match(r.message, /wrong/);
      const x = r.worst!.point.x!;
      assert.ok(x >= -8 && x <= 8);
      assert.equal(r.worst!.actual, 2 * df(x));
      assert.ok(Math.abs(r.worst!.expected - df(x)) <= 1e-6 * Math.abs(df(x)), `expected ${r.worst!.expected} vs f′ = ${df(x)}`);
      assert.ok(r.message.includes('x = '), r.message);
    });
  }
  for (const [name, f, df] of SCALAR.slice(0, 2)) {
    test(`${name}: over [−20, 20] with rtol 1e-9 the flat tails are unresolved, not failures`, () => {
      // σ′(20) ≈ 2e-9 while σ(20) ≈ 1: a difference quotient with step ~1e-2 carries rounding ~1e-14,
      // far above 1e-9·2e-9: finite differences cannot decide there.
      const r = gradcheck(f, df, { range: [-20, 20], rtol: 1e-9, atol: 0 });
      assert.ok(r.unresolved > 0, `unresolved ${r.unresolved}`);
      assert.equal(r.verdict, 'ok', r.message);
    });
  }
  test('the function name of grad, or options.name, names the gradient in messages', () => {
    function sigmoidGrad(x: number): number { return sigmoid(x); }
    assert.match(gradcheck(sigmoid, sigmoidGrad).message, /^sigmoidGrad is wrong/);
    assert.match(gradcheck(sigmoid, sigmoidGrad, { name: 'my σ′' }).message, /^my σ′ is wrong/);
  });
  test('σ instead of σ′ is caught; σ(x)(1 + σ(x)) is caught', () => {
    assert.equal(gradcheck(sigmoid, sigmoid).verdict, 'mismatch');
    assert.equal(gradcheck(sigmoid, (x: number) => sigmoid(x) * (1 + sigmoid(x))).verdict, 'mismatch');
  });
  test('a gradient wrong only near x = 3 is caught with its point', () => {
    const r = gradcheck(Math.sin, (x: number) => (Math.abs(x - 3) < 0.5 ? -Math.cos(x) : Math.cos(x)), { samples: 400 });
    assert.equal(r.verdict, 'mismatch');
    assert.ok(Math.abs(r.worst!.point.x! - 3) < 0.5);
  });
  test('explicit points replace sampling', () => {
    const r = gradcheck((x: number) => x ** 3, (x: number) => 3 * x * x, { points: [1, 2, 3, -4, 0.5] });
    assert.equal(r.verdict, 'ok', r.message);
    assert.equal(r.checked, 5);
  });
});

describe('gradcheck, kinks', () => {
  const relu = (x: number) => Math.max(x, 0);
  const pts = [0, 1, -1, 2, -2, 0.5, 3];
  test('ReLU with 0 at 0 passes, 0 counted at a kink', () => {
    const r = gradcheck(relu, (x: number) => (x > 0 ? 1 : 0), { points: pts });
    assert.equal(r.verdict, 'ok', r.message);
    assert.ok(r.kinks >= 1, `kinks ${r.kinks}`);
  });
  test('ReLU with 1 or 0.5 at 0 passes', () => {
    assert.equal(gradcheck(relu, (x: number) => (x >= 0 ? 1 : 0), { points: pts }).verdict, 'ok');
    assert.equal(gradcheck(relu, (x: number) => (x > 0 ? 1 : x === 0 ? 0.5 : 0), { points: pts }).verdict, 'ok');
  });
  test('ReLU with 2 or −1 at 0 fails at 0', () => {
    for (const v of [2, -1]) {
      const r = gradcheck(relu, (x: number) => (x > 0 ? 1 : x === 0 ? v : 0), { points: pts });
      assert.equal(r.verdict, 'mismatch', `${v}: ${r.message}`);
      assert.equal(r.worst!.point.x, 0);
      assert.equal(r.worst!.actual, v);
    }
  });
  test('abs with sign(x) passes at 0; 3 at 0 fails', () => {
    const p = [0, 1, -1, 2, -2, 0.25];
    assert.equal(gradcheck(Math.abs, Math.sign, { points: p }).verdict, 'ok');
    assert.equal(gradcheck(Math.abs, (x: number) => (x === 0 ? 3 : Math.sign(x)), { points: p }).verdict, 'mismatch');
  });
});

describe('gradcheck, f: Rⁿ → R and Jacobians', () => {
  const f3 = (v: number[]) => v[0]! * v[1]! + Math.sin(v[2]!) + Math.exp(0.1 * v[0]!);
  const g3 = (v: number[]) => [v[1]! + 0.1 * Math.exp(0.1 * v[0]!), v[0]!, Math.cos(v[2]!)];
  test('right gradient of f: R³ → R passes (dims from options)', () => {
    const r = gradcheck(f3, g3, { dims: 3, samples: 30 });
    assert.equal(r.verdict, 'ok', r.message);
    assert.equal(r.checked, 90, 'every entry of every point is checked');
  });
  test('right gradient passes with explicit points (dims from the points)', () => {
    const r = gradcheck(f3, g3, { points: [[1, 2, 3], [-1, 0.5, 2], [0, 0, 0], [3, -2, 1]] });
    assert.equal(r.verdict, 'ok', r.message);
  });
  test('one wrong partial is caught and named', () => {
    const r = gradcheck(f3, (v: number[]) => { const g = g3(v); g[2] = -g[2]!; return g; }, { dims: 3, samples: 30 });
    assert.equal(r.verdict, 'mismatch', r.message);
    assert.equal(r.worst!.component, '∂f/∂x[2]');
    assert.ok(r.message.includes('∂f/∂x[2]'), r.message);
    const p = r.worst!.point;
    assert.deepEqual(Object.keys(p), ['x[0]', 'x[1]', 'x[2]']);
    assert.ok(Math.abs(r.worst!.expected - Math.cos(p['x[2]']!)) < 1e-6);
    assert.equal(r.worst!.actual, -Math.cos(p['x[2]']!));
  });
  const F = (v: number[]) => [v[0]! * v[1]!, Math.exp(v[0]!), Math.sin(v[1]!) * v[0]!];
  const J = (v: number[]) => [[v[1]!, v[0]!], [Math.exp(v[0]!), 0], [Math.sin(v[1]!), v[0]! * Math.cos(v[1]!)]];
  const P2 = [[1, 2], [0.5, -1], [-2, 3], [0.1, 0.2], [1.5, -0.7]];
  test('right Jacobian of F: R² → R³ passes', () => {
    const r = gradcheck(F, J, { points: P2 });
    assert.equal(r.verdict, 'ok', r.message);
  });
  test('one wrong Jacobian entry is caught and named [row][column]', () => {
    const r = gradcheck(F, (v: number[]) => { const j = J(v); j[1]![0] = 2 * j[1]![0]!; return j; }, { points: P2 });
    assert.equal(r.verdict, 'mismatch', r.message);
    assert.equal(r.worst!.component, '∂f[1]/∂x[0]');
    const x0 = r.worst!.point['x[0]']!;
    assert.ok(Math.abs(r.worst!.expected - Math.exp(x0)) < 1e-6 * Math.exp(x0));
    assert.equal(r.worst!.actual, 2 * Math.exp(x0));
  });
  test('a transposed Jacobian is caught', () => {
    const r = gradcheck((v: number[]) => [v[0]! * v[1]!, v[0]! + 2 * v[1]!], (v: number[]) => [[v[1]!, 1], [v[0]!, 2]], { points: [[1, 3], [2, 5], [-1, 4]] });
    assert.equal(r.verdict, 'mismatch', r.message);
  });
});

describe('assertGradcheck and argument errors', () => {
  test('assertGradcheck returns the result when right', () => {
    const r = assertGradcheck(Math.sin, Math.cos);
    assert.equal(r.ok, true);
  });
  test('assertGradcheck throws GradcheckError carrying the message and result', () => {
    assert.throws(() => assertGradcheck(Math.sin, (x: number) => -Math.cos(x)), (e: unknown) => {
      assert.ok(e instanceof GradcheckError);
      assert.ok(e instanceof Error);
      assert.equal(e.name, 'GradcheckError');
      assert.match(e.message, /wrong/);
      assert.equal(e.message, e.result.message);
      assert.equal(e.result.verdict, 'mismatch');
      return true;
    });
  });
  test('non-functions are a TypeError', () => {
    assert.throws(() => gradcheck(1 as never, Math.cos), (e: unknown) => e instanceof TypeError && /must be functions/.test(e.message));
    assert.throws(() => gradcheck(Math.sin, null as never), (e: unknown) => e instanceof TypeError && /must be functions/.test(e.message));
    assert.throws(() => gradcheck('sin' as never, 'cos' as never), TypeError);
  });
  test('an empty or inverted range is a RangeError naming it', () => {
    assert.throws(() => gradcheck(Math.sin, Math.cos, { range: [1, 1] }), (e: unknown) => e instanceof RangeError && /\[1, 1\] is empty/.test(e.message));
    assert.throws(() => gradcheck(Math.sin, Math.cos, { range: [2, -2] }), RangeError);
    assert.throws(() => gradcheck(Math.sin, Math.cos, { range: [Number.NaN, 1] }), RangeError);
  });
  test('grad returning a string is a TypeError saying what it returned', () => {
    assert.throws(() => gradcheck(Math.sin, (() => 'cos') as never), (e: unknown) => e instanceof TypeError && /returned string/.test(e.message) && /expected a number/.test(e.message));
    assert.throws(() => gradcheck((v: number[]) => v[0]! + v[1]!, (() => 'g') as never, { dims: 2 }), (e: unknown) => e instanceof TypeError && /string/.test(e.message));
  });
  test('a gradient with too few entries is a TypeError naming the missing entry', () => {
    assert.throws(() => gradcheck((v: number[]) => v[0]! + v[1]!, () => [1], { dims: 2 }), (e: unknown) => e instanceof TypeError && /\[0\]\[1\]/.test(e.message));
  });
  test('a gradient that is +Infinity is a mismatch', () => {
    const r = gradcheck((x: number) => x * x, (x: number) => (x > 0 ? Infinity : 2 * x));
    assert.equal(r.verdict, 'mismatch', r.message);
  });
  test('a gradient that is NaN everywhere is a mismatch, not a crash',
    {},
    () => {
      const r = gradcheck((x: number) => x * x, () => Number.NaN);
      assert.equal(r.verdict, 'mismatch', r.message);
    });
});
