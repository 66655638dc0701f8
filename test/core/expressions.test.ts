/**
 * Bad expressions: every one is an ExpressionError with a readable message, quickly, never a hang
 * or a raw engine error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExpressionError, parseExpression } from '../../src/core/index.js';
import { timed } from './support/ref.js';

const BOUND_MS = 2000;

function rejects(text: string, message?: RegExp): void {
  const { value: err, ms } = timed(() => {
    try { parseExpression(text); return null; } catch (e) { return e; }
  });
  assert.ok(ms < BOUND_MS, `took ${ms} ms`);
  assert.ok(err !== null, `${text.slice(0, 40)} was accepted`);
  assert.ok(err instanceof ExpressionError, `${(err as Error).name}: ${(err as Error).message}`);
  assert.equal(err.name, 'ExpressionError');
  assert.ok(err.message.length > 0 && err.message.length < 400, `readable message: ${err.message.length} chars`);
  if (message) assert.match(err.message, message);
}

const CASES: Array<[string, string, RegExp]> = [
  ['empty', '', /empty/],
  ['blank', '   \n\t', /empty/],
  ['dangling operator', 'x +', /cannot parse/],
  ['unknown function', 'foo(x)', /unknown function "foo"/],
  ['max with one argument', 'max(x)', /max takes 2 to 64 arguments, got 1/],
  ['exp with two arguments', 'exp(x, y)', /exp takes 1 argument, got 2/],
  ['matrix', '[1,2]', /unsupported syntax/],
  ['string', '"s"', /unsupported constant/],
  ['assignment', 'x = 1', /unsupported syntax/],
  ['function definition', 'f(x) = x^2', /unsupported syntax/],
  ['block', 'x; y', /unsupported syntax/],
  ['property access', 'a.b', /unsupported syntax/],
  ['index', 'x[1]', /unsupported syntax/],
  ['object', '{a: 1}', /unsupported syntax/],
  ['factorial', 'x!', /unsupported operator/],
  ['modulo', 'x mod 2', /unsupported operator/],
  ['unit conversion', 'x to cm', /unsupported operator/],
  ['boolean constant', 'true', /unsupported constant/],
  ['function name without call', 'sigmoid', /sigmoid is a function and needs an argument/],
  ['JS global', 'Math + 1', /not a valid variable name/],
  ['incomplete conditional', 'x ? y', /cannot parse/],
];

for (const [what, text, message] of CASES) {
  test(`rejects ${what}: ${JSON.stringify(text)}`, () => rejects(text, message));
}

test('rejects a 30 KB expression by its length, quickly', () => {
  const text = 'x+'.repeat(15_000) + 'x';
  assert.ok(text.length > 30_000);
  rejects(text, /characters long/);
});

test('rejects 10,000 nested parentheses', () => {
  rejects('('.repeat(10_000) + 'x' + ')'.repeat(10_000));
});

test('rejects deep nesting below the length limit (5,000 parentheses, 500 exp calls, 3,000 powers)', () => {
  rejects('('.repeat(5_000) + 'x' + ')'.repeat(5_000));
  rejects('exp('.repeat(500) + 'x' + ')'.repeat(500));
  rejects('x' + '^x'.repeat(3_000), /nested/);
});

test('accepts nesting within the depth limit', () => {
  assert.doesNotThrow(() => parseExpression('exp('.repeat(50) + 'x' + ')'.repeat(50)));
  assert.doesNotThrow(() => parseExpression('-'.repeat(100) + 'x'));
});

test('deeply nested unary operators are an ExpressionError, never a stack overflow',
  {},
  () => {
    for (let n = 2_000; n <= 9_500; n += 500) {
      for (const op of ['-', '+']) rejects(op.repeat(n) + 'x');
      rejects('not '.repeat(Math.floor(n / 4)) + 'x');
    }
  });

test('messages quote long input abbreviated', () => {
  const text = 'x + ' + 'y*'.repeat(100) + ')';
  try { parseExpression(text); assert.fail('accepted'); } catch (e) {
    assert.ok(e instanceof ExpressionError);
    assert.ok(e.message.length < 200, e.message);
    assert.match(e.message, /…/);
  }
});
