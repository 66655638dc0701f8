/**
 * The compiler turns trees into JS source. Names from the user's text must never reach that source:
 * variables become positional parameters, functions come from a fixed table, constants are printed
 * numbers. Trees are built by hand here, as a buggy producer (LaTeX parser, TS translator) might.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as math from 'mathjs';
import { ExpressionError, compile, compileDerivative, freeVariables, parseExpression, validate, type MathNode } from '../../src/core/index.js';
import { compile as compileDirect } from '../../src/core/expr/compile.js';
import { add, call, mul, num, sym } from '../../src/core/expr/tree.js';

/** 2·v + 1 with v a variable of the given name. */
const linear = (name: string): MathNode => add(mul(num(2), sym(name)), num(1));

describe('variable names are never code', () => {
  test('compile is the same function from the index and from expr/compile.ts', () => {
    assert.equal(compile, compileDirect);
  });
  for (const name of ['process', 'require', 'globalThis', 'v', 'H', 'a0', 'a1', 'compiled', 'arguments0', 'return_', 'new_', 'this_']) {
    test(`a variable named ${name} is a plain variable`, () => {
      const f = compileDirect(linear(name), [name]);
      assert.equal(f(3), 7);
      assert.equal(f(-0.5), 0);
      assert.deepEqual(freeVariables(linear(name)), [name]);
    });
  }
  for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
    test(`a variable named ${name} (an Object.prototype member) is a plain variable`,
      {},
      () => {
        const f = compileDirect(linear(name), [name]);
        assert.equal(f(3), 7);
        assert.deepEqual(freeVariables(linear(name)), [name]);
      });
  }
  test('parsed text with a variable named constructor lists it as a free variable',
    {},
    () => {
      assert.deepEqual(freeVariables(parseExpression('constructor + 1')), ['constructor']);
    });
  test('a variable named __proto__ is a plain variable or rejected as an invalid name, never a constant',
    {},
    () => {
      let f: ((...a: number[]) => number) | null = null;
      try { f = compileDirect(linear('__proto__'), ['__proto__']); } catch (e) {
        assert.ok(e instanceof ExpressionError);
        assert.match(e.message, /not a valid variable name/);
      }
      if (f) assert.equal(f(3), 7);
      assert.throws(() => validate(parseExpression('__proto__ + 1')), /not a valid variable name/);
    });
  test('variables are positional: the order of the list decides, not the name', () => {
    const t = parseExpression('a0 - 10*a1');
    assert.equal(compileDirect(t, ['a1', 'a0'])(1, 100), 100 - 10 * 1);
    assert.equal(compileDirect(t, ['a0', 'a1'])(1, 100), 1 - 1000);
  });
  test('a variable missing from the list is an error, not a lookup in scope', () => {
    assert.throws(() => compileDirect(parseExpression('process + 1'), []), (e: unknown) => e instanceof ExpressionError && /no value for variable "process"/.test(e.message));
    assert.throws(() => compileDirect(parseExpression('x + y'), ['x']), /no value for variable "y"/);
  });
  test('a symbol that is not an identifier is rejected', () => {
    for (const name of ['x); process.exit(1); (', 'a b', '1x', 'x-y', '']) {
      assert.throws(() => compileDirect(linear(name), [name]), (e: unknown) => e instanceof ExpressionError && /not a valid variable name/.test(e.message), name);
    }
  });
  test('the derivative compiler treats names the same way', () => {
    const d = compileDerivative(mul(sym('process'), sym('process')), ['process'], 'process');
    assert.equal(d(3), 6);
  });
});

describe('functions, constants and operators come from fixed tables', () => {
  for (const name of ['evil', 'eval', 'Function', 'constructor', 'toString', '__proto__', 'require', 'process']) {
    test(`a call to ${name} is rejected`, () => {
      const t = call(name, sym('x'));
      assert.throws(() => compileDirect(t, ['x']), (e: unknown) => e instanceof ExpressionError && new RegExp(`unknown function "${name.replace(/[()]/g, '\\$&')}"`).test(e.message));
      assert.throws(() => compileDerivative(t, ['x'], 'x'), ExpressionError);
      assert.throws(() => validate(t), ExpressionError);
    });
  }
  test('a vocabulary function with the wrong arity is rejected', () => {
    assert.throws(() => compileDirect(call('exp', sym('x'), sym('x')), ['x']), /exp takes 1 argument/);
  });
  test('a string constant is rejected, whatever it contains', () => {
    const t = add(new math.ConstantNode('1; globalThis.pwned = 1' as never) as MathNode, sym('x'));
    assert.throws(() => compileDirect(t, ['x']), ExpressionError);
    assert.equal((globalThis as Record<string, unknown>).pwned, undefined);
  });
  test('an operator is emitted from its fn name, never from its op text', () => {
    const t = new math.OperatorNode('); globalThis.pwned = 1; (' as never, 'add' as never, [sym('x'), sym('y')]) as MathNode;
    const f = compileDirect(t, ['x', 'y']);
    assert.equal(f(2, 3), 5);
    assert.equal((globalThis as Record<string, unknown>).pwned, undefined);
  });
  test('an operator outside the vocabulary is rejected', () => {
    const t = new math.OperatorNode('%' as never, 'mod' as never, [sym('x'), num(2)]) as MathNode;
    assert.throws(() => compileDirect(t, ['x']), /unsupported operator/);
  });
  test('constants pi and e are numbers, not variables', () => {
    const t = parseExpression('pi*x + e');
    assert.deepEqual(freeVariables(t), ['x']);
    assert.equal(compileDirect(t, ['x'])(2), 2 * Math.PI + Math.E);
  });
  test('vocabulary helpers evaluate correctly in compiled code', () => {
    const f = compileDirect(parseExpression('sigmoid(x) + softplus(x) + relu(x) + heaviside(x) + sech(x)'), ['x']);
    const x = 0.7;
    const want = 1 / (1 + Math.exp(-x)) + Math.log(1 + Math.exp(x)) + x + 1 + 1 / Math.cosh(x);
    assert.ok(Math.abs(f(x) - want) < 1e-14);
    assert.equal(compileDirect(parseExpression('log(x, 2)'), ['x'])(8), Math.log(8) / Math.log(2));
    assert.equal(compileDirect(parseExpression('x > 1 ? 5 : 7'), ['x'])(2), 5);
  });
});
