// Shared helpers for the LaTeX reader tests: parse one member, print it, evaluate it.
import assert from 'node:assert/strict';
import * as math from 'mathjs';
import type { MathNode } from 'mathjs';
import { freeVariables, toText } from '../../src/core/expr/tree.js';
import { parseMath } from '../../src/latex/parse.js';
import type { ParseContext, ParsedMath } from '../../src/latex/types.js';

export const FUNCTIONS_IN_CONTEXT = new Set(['sigma', 'sig', 'relu', 'softplus', 'S', 'J', 'softmax', 'ReLU', 'logit']);
export const ctx: ParseContext = { isFunction: (n) => FUNCTIONS_IN_CONTEXT.has(n) };
export const noFunctions: ParseContext = { isFunction: () => false };

export function parse(text: string, c: ParseContext = ctx): ParsedMath {
  return parseMath(text, c);
}

/** The single member of a formula without relations; fails the test when it did not parse. */
export function node(text: string, c: ParseContext = ctx): MathNode {
  const pm = parseMath(text, c);
  assert.equal(pm.lines.length, 1, `one line expected for ${text}`);
  const m = pm.lines[0]!.members;
  assert.equal(m.length, 1, `one member expected for ${text}, got ${m.length}`);
  assert.equal(m[0]!.error, null, `unexpected error for ${text}: ${m[0]!.error}`);
  return m[0]!.node!;
}

export const show = (text: string, c: ParseContext = ctx): string => toText(node(text, c));

/** The error of a formula's only member. */
export function errorOf(text: string, c: ParseContext = ctx): string {
  const pm = parseMath(text, c);
  const errors = pm.lines.flatMap((l) => l.members.map((m) => m.error)).filter((e): e is string => e !== null);
  assert.ok(errors.length > 0, `an error was expected for ${text}`);
  return errors[0]!;
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const SCOPE_FUNCTIONS: Record<string, (...a: number[]) => number> = {
  sigma: logistic, sig: logistic, sigmoid: logistic, S: logistic, relu: (x) => Math.max(x, 0),
  softplus: (x) => Math.log1p(Math.exp(x)), f: (a, b) => a * a + 3 * (b ?? 0), g: (a) => Math.sin(a), heaviside: (x) => (x > 0 ? 1 : x < 0 ? 0 : 0.5),
};

/** Evaluates a tree with the given variable values and the test functions above. */
export function evaluate(n: MathNode, values: Record<string, number>): number {
  return n.compile().evaluate({ ...SCOPE_FUNCTIONS, ...values }) as number;
}

/** Asserts that the LaTeX and the mathjs text agree at several points of their variables. */
export function assertSame(latex: string, mathjsText: string, c: ParseContext = ctx): void {
  const got = node(latex, c);
  const want = math.parse(mathjsText);
  const vars = [...new Set([...freeVariables(got), ...freeVariables(want)])].sort();
  assert.deepEqual(freeVariables(got).sort(), freeVariables(want).sort(), `variables of ${latex}: got ${toText(got)}`);
  // Points inside (0, 1) keep logarithms of 1 - p real.
  for (const seed of [0.11, 0.43, 0.77]) {
    const values: Record<string, number> = {};
    vars.forEach((v, k) => (values[v] = ((seed + k * 0.29) % 0.9) + 0.05));
    const a = evaluate(got, values);
    const b = evaluate(want, values);
    assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${latex} → ${toText(got)} = ${a}, expected ${mathjsText} = ${b}`);
  }
}
