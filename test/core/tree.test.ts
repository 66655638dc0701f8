import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression, freeVariables, ExpressionError, toText } from '../../src/core/expr/tree.js';

test('parses vocabulary expressions and lists free variables in order', () => {
  const n = parseExpression('sigmoid(w*x + b) * (1 - y) + max(z, 0)');
  assert.deepEqual(freeVariables(n), ['w', 'x', 'b', 'y', 'z']);
  assert.equal(toText(parseExpression('((x))')), 'x');
});

test('rejects names outside the vocabulary with a readable message', () => {
  assert.throws(() => parseExpression('evil(x)'), (e: unknown) => e instanceof ExpressionError && /unknown function "evil"/.test(e.message));
  assert.throws(() => parseExpression('x = 3'), ExpressionError);
  assert.throws(() => parseExpression('[1, 2]'), /unsupported syntax/);
  assert.throws(() => parseExpression('"str"'), /unsupported constant/);
  assert.throws(() => parseExpression('max(x)'), /max takes 2 to 64 arguments, got 1/);
  assert.throws(() => parseExpression('x +'), /cannot parse/);
  assert.throws(() => parseExpression(''), /empty expression/);
});

test('bounds nesting depth instead of overflowing the stack', () => {
  const deep = '('.repeat(500) + 'x' + ')'.repeat(500);
  assert.throws(() => parseExpression(deep), ExpressionError);
});
