/**
 * Kinks: at a point where the one-sided derivatives differ, any value between them is a right
 * (sub)gradient and must not be a false alarm; a value outside them is wrong and must be caught.
 * The kink point is always visited via `extraValues`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDerivative, hasKinks, parseExpression as P, type CheckReport, type Domain } from '../../src/core/index.js';

interface KinkCase {
  name: string;
  f: string;
  wrt: string;
  at: number[];
  domains?: Record<string, Domain['role']>;
  /** Right claims whose value at the kink lies between the one-sided derivatives. */
  right: string[];
  /** Claims right away from the kink but outside the one-sided derivatives at it. */
  wrong: string[];
}

const CASES: KinkCase[] = [
  {
    name: 'ReLU at 0', f: 'max(x, 0)', wrt: 'x', at: [0],
    right: ['x > 0 ? 1 : 0', 'x >= 0 ? 1 : 0', 'heaviside(x)', 'x > 0 ? 1 : (x == 0 ? 0.5 : 0)', 'x > 0 ? 1 : (x == 0 ? 0.999 : 0)'],
    wrong: ['x > 0 ? 1 : (x == 0 ? 2 : 0)', 'x > 0 ? 1 : (x == 0 ? -0.5 : 0)', 'x > 0 ? 1 : (x == 0 ? 1.01 : 0)'],
  },
  {
    name: 'abs at 0', f: 'abs(x)', wrt: 'x', at: [0],
    right: ['sign(x)', 'x >= 0 ? 1 : -1', 'x > 0 ? 1 : -1', 'x > 0 ? 1 : (x == 0 ? 0.3 : -1)'],
    wrong: ['x > 0 ? 1 : (x == 0 ? 3 : -1)', 'x > 0 ? 1 : (x == 0 ? -1.5 : -1)'],
  },
  {
    name: 'hinge at the margin y·z = 1', f: 'max(0, 1 - y*z)', wrt: 'z', at: [1, -1], domains: { y: 'signLabel' },
    right: ['y*z < 1 ? -y : 0', 'y*z <= 1 ? -y : 0', 'y*z < 1 ? -y : (y*z == 1 ? -y/2 : 0)'],
    wrong: ['y*z < 1 ? -y : (y*z == 1 ? y : 0)', 'y*z < 1 ? -y : (y*z == 1 ? -2*y : 0)'],
  },
  {
    name: 'hinge (y = 1) at z = 1', f: 'max(0, 1 - z)', wrt: 'z', at: [1],
    right: ['z < 1 ? -1 : 0', 'z <= 1 ? -1 : 0', 'z < 1 ? -1 : (z == 1 ? -0.25 : 0)'],
    wrong: ['z < 1 ? -1 : (z == 1 ? 0.5 : 0)', 'z < 1 ? -1 : (z == 1 ? -1.5 : 0)'],
  },
  {
    name: 'hard tanh at ±1', f: 'max(-1, min(1, x))', wrt: 'x', at: [1, -1],
    right: ['abs(x) < 1 ? 1 : 0', 'abs(x) <= 1 ? 1 : 0', 'abs(x) < 1 ? 1 : (abs(x) == 1 ? 0.5 : 0)'],
    wrong: ['abs(x) < 1 ? 1 : (abs(x) == 1 ? -1 : 0)', 'abs(x) < 1 ? 1 : (abs(x) == 1 ? 2 : 0)'],
  },
  {
    name: 'clipping to [0, 6] (ReLU6) at 0 and 6', f: 'min(max(x, 0), 6)', wrt: 'x', at: [0, 6],
    right: ['x > 0 and x < 6 ? 1 : 0', 'x >= 0 and x <= 6 ? 1 : 0', 'x > 0 and x < 6 ? 1 : (x == 0 or x == 6 ? 0.5 : 0)'],
    wrong: ['x > 0 and x < 6 ? 1 : (x == 6 ? 7 : 0)', 'x > 0 and x < 6 ? 1 : (x == 0 ? -1 : 0)'],
  },
  {
    name: 'gradient clipping max(-c, min(c, g)) at g = ±2', f: 'max(-2, min(2, g))', wrt: 'g', at: [2, -2],
    right: ['abs(g) < 2 ? 1 : 0', 'abs(g) <= 2 ? 1 : 0'],
    wrong: ['abs(g) < 2 ? 1 : (abs(g) == 2 ? 3 : 0)'],
  },
];

function check(c: KinkCase, claim: string): CheckReport {
  const domains = c.domains ? new Map(Object.entries(c.domains).map(([k, role]) => [k, { role }] as const)) : undefined;
  return checkDerivative({ f: P(c.f), wrt: c.wrt, claim: P(claim), extraValues: c.at, domains });
}

for (const c of CASES) {
  describe(`kink: ${c.name}`, () => {
    test('the function is seen to have kinks', () => {
      assert.equal(hasKinks(P(c.f)), true);
    });
    for (const claim of c.right) {
      test(`right: ${claim}`, () => {
        const r = check(c, claim);
        assert.equal(r.verdict, 'ok', r.message);
        assert.equal(r.ok, true);
      });
    }
    for (const claim of c.wrong) {
      test(`wrong at the kink: ${claim}`, () => {
        const r = check(c, claim);
        assert.equal(r.verdict, 'mismatch', r.message);
        assert.match(r.message, /wrong/);
        const w = r.worst!;
        // The only wrong points are kink points: the worst one is among them.
        assert.ok(c.at.includes(w.point[c.wrt]!), `worst point ${JSON.stringify(w.point)} is a kink point ${c.at.join(', ')}`);
      });
    }
  });
}

test('ReLU: a claim between the one-sided derivatives at 0 is counted at a kink', () => {
  // At 0 the left derivative is 0 and the right one is 1; 0.5 is neither, so it can only pass as a kink.
  const r = checkDerivative({ f: P('max(x, 0)'), wrt: 'x', claim: P('x > 0 ? 1 : (x == 0 ? 0.5 : 0)'), extraValues: [0] });
  assert.equal(r.verdict, 'ok', r.message);
  assert.ok(r.kinks >= 1, `kinks ${r.kinks}`);
});

test('hinge: the margin point is visited and both one-sided values are accepted there', () => {
  const r = checkDerivative({ f: P('max(0, 1 - z)'), wrt: 'z', claim: P('z <= 1 ? -1 : 0'), extraValues: [1] });
  assert.equal(r.verdict, 'ok', r.message);
  assert.ok(r.kinks >= 1, `kinks ${r.kinks}: z = 1 (claim −1, one-sided derivatives −1 and 0) must be a kink point`);
});

test('the ReLU kink check reports the one-sided derivatives [0, 1] for a claim of 2 at 0', () => {
  const r = checkDerivative({ f: P('max(x, 0)'), wrt: 'x', claim: P('x > 0 ? 1 : (x == 0 ? 2 : 0)'), extraValues: [0] });
  assert.equal(r.verdict, 'mismatch');
  assert.equal(r.worst!.point.x, 0);
  assert.equal(r.worst!.actual, 2);
  // The nearest admissible value is the right derivative 1.
  assert.equal(r.worst!.expected, 1);
});

test('smooth functions have no kinks; piecewise and max/abs do', () => {
  assert.equal(hasKinks(P('1/(1+exp(-x))')), false);
  assert.equal(hasKinks(P('x^2 + sin(x)')), false);
  assert.equal(hasKinks(P('abs(x)')), true);
  assert.equal(hasKinks(P('relu(x) + 1')), true);
  assert.equal(hasKinks(P('x > 0 ? x : 0')), true);
});

describe('smooth points of a piecewise expression are not kinks', () => {
  // exp(x²/2) on [−20, −15]: the branch x > 0 is never taken, so every point is smooth. A claim 10⁻⁵
  // too large (ten times the relative tolerance) is wrong everywhere there.
  const wrongClaim = '1.00001*x*exp(x^2/2)';
  test('without the unused branch the wrong claim is a mismatch (baseline)', () => {
    const r = checkDerivative({ f: P('exp(x^2/2)'), wrt: 'x', claim: P(wrongClaim), range: [-20, -15] });
    assert.equal(r.verdict, 'mismatch', r.message);
    assert.equal(r.kinks, 0);
  });
  test('with an unused x > 0 branch the verdict must not change',
    {},
    () => {
      const r = checkDerivative({ f: P('x > 0 ? x : exp(x^2/2)'), wrt: 'x', claim: P(`x > 0 ? 1 : ${wrongClaim}`), range: [-20, -15] });
      assert.equal(r.kinks, 0, `phantom kinks: ${r.kinks}`);
      assert.equal(r.verdict, 'mismatch', r.message);
    });
  test('ELU: v = −10 is not reported as a kink',
    {},
    () => {
      const r = checkDerivative({ f: P('v > 0 ? v : expm1(v)'), wrt: 'v', claim: P('v > 0 ? 1 : expm1(v)'), extraValues: [-10] });
      assert.equal(r.verdict, 'mismatch');
      const bad = r.worst!;
      if (bad.point.v !== 0) {
        assert.doesNotMatch(r.message, /kink/, r.message);
        assert.ok(Math.abs(bad.expected - Math.exp(bad.point.v!)) <= 1e-9 * Math.exp(bad.point.v!), `expected ${bad.expected} vs e^v = ${Math.exp(bad.point.v!)}`);
      }
    });
});
