/**
 * Issue 13, class 5: a sample point where the claim as written has no real value (0/0, the log of a
 * non-positive number, a real power of a negative base, the square root of a negative number) while
 * the reference is finite is no evidence either way. It never decides a mismatch and never names a slip.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDerivative, checkEquality, parseExpression as P } from '../../src/core/index.js';

test('a^x = e^(x log a) holds wherever both sides are real: integer x with a < 0 is no evidence against it', () => {
  // a = −3 and x = 2 give a^x = 9 while log a is not real: the rewrite states a > 0, it is not wrong.
  const r = checkEquality({ f: P('a^x'), wrt: 'x', claim: P('exp(x*log(a))'), extraValues: [1, 2, 3, -2] });
  assert.notEqual(r.verdict, 'mismatch', r.message);
  assert.equal(r.failed, 0);
});

test('log of a square restated as twice the log is not wrong where the log of x is undefined', () => {
  const r = checkEquality({ f: P('log(x^2)'), wrt: 'x', claim: P('2*log(x)') });
  assert.notEqual(r.verdict, 'mismatch', r.message);
});

test('a claimed derivative through a square root of a negative number is judged only where it is real', () => {
  // d/dx x^2 = 2x, written as 2·(√x)² — real only for x ≥ 0, right there.
  const r = checkDerivative({ f: P('x^2'), wrt: 'x', claim: P('2*sqrt(x)^2') });
  assert.equal(r.verdict, 'ok', r.message);
});

test('a wrong claim is still caught at the points where it is defined', () => {
  const r = checkEquality({ f: P('a^x'), wrt: 'x', claim: P('exp(-x*log(a))') });
  assert.equal(r.verdict, 'mismatch', r.message);
  assert.ok(Number.isFinite(r.worst!.actual), 'the worst point is one where the claim has a value');
});

test('a claim undefined at every sampled point is unverified, with the reason', () => {
  const r = checkEquality({ f: P('x^2 + 1'), wrt: 'x', claim: P('log(-(x^2) - 1)') });
  assert.equal(r.verdict, 'unverified');
  assert.match(r.message, /undefined|information/);
});

test('a claim that has no real value for any value of its variables is still wrong (the rule is about a domain, not about NaN)', () => {
  const r = checkDerivative({ f: P('x^3'), wrt: 'x', claim: P('3*x^2 + log(-2)') });
  assert.equal(r.verdict, 'mismatch', r.message);
});
