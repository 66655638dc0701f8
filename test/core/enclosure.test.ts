import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression } from '../../src/core/expr/tree.js';
import { certainlyNotFinite, enclose, provenAccurate } from '../../src/core/precise/enclosure.js';
import { preciseNumber } from '../../src/core/precise/decimalEval.js';
import { evaluateDecimal } from '../../src/core/precise/decimalEval.js';
import { compileOnVector } from '../../src/core/expr/compile.js';
import Decimal from 'decimal.js';

const EXPRESSIONS = [
  'log(1 + exp(x))', '1 / (1 + exp(-x))', 'x / (1 + exp(-x))', 'tanh(x)', '(exp(x) - exp(-x)) / (exp(x) + exp(-x))',
  '-(0.3 * log(sigmoid(x)) + 0.7 * log(1 - sigmoid(x)))', '0.5 * x * (1 + erf(x / sqrt(2)))', 'x * tanh(softplus(x))',
  'x > 0 ? x : 0.01 * x', 'max(x, 0) + log1p(exp(-abs(x)))', 'x^3 - 2 * x^2 + x', 'sqrt(x^2 + 1) - 1', 'cosh(x) * sech(x)',
  '(x + 3)^0.5', 'expm1(x) / x', 'atan(x) + asinh(x) + cbrt(x)', 'erfc(x) * 2', 'log(x^2 + 1, 10)', 'pi * e * x',
];

/** The double's exact binary value (decimal.js reads a number through its shortest decimal string). */
function exactly(x: number): Decimal {
  const D = Decimal.clone({ precision: 80 });
  const bits = new BigUint64Array(new Float64Array([x]).buffer)[0]!;
  const sign = bits >> 63n ? -1 : 1;
  const e = Number((bits >> 52n) & 0x7ffn);
  const m = bits & ((1n << 52n) - 1n);
  const mant = e === 0 ? m : m | (1n << 52n);
  return new D(mant.toString()).mul(new D(2).pow((e === 0 ? 1 : e) - 1075)).mul(sign);
}

test('enclosures contain the exact (60-digit) value wherever they are given', () => {
  let given = 0, total = 0;
  for (const text of EXPRESSIONS) {
    const node = parseExpression(text);
    for (let i = 0; i <= 200; i++) {
      const x = -800 + i * 8.0137;
      total++;
      const e = enclose(node, { x });
      if (!e) continue;
      given++;
      let exact: Decimal;
      try { exact = evaluateDecimal(node, { x: exactly(x) }, 60); } catch { assert.fail(`${text} at ${x}: enclosed ${e} but has no exact value`); }
      if (!exact.isFinite()) assert.fail(`${text} at ${x}: enclosed ${e} but exact value is ${exact}`);
      // Literals such as 0.01 are read by decimal.js as written, not as their binary doubles: a 1e-14 slack.
      const slack = exact.abs().mul(1e-14);
      assert.ok(exact.plus(slack).gte(e[0]) && exact.minus(slack).lte(e[1]), `${text} at x = ${x}: ${exact.toString()} outside [${e[0]}, ${e[1]}]`);
    }
  }
  assert.ok(given > total / 2, `enclosures given at only ${given} of ${total} points`);
});

test('enclosures decline what float64 cannot bound: overflow, domains left, conditions too close, unknown names', () => {
  assert.equal(enclose(parseExpression('exp(x)'), { x: 800 }), null);
  assert.equal(enclose(parseExpression('log(x)'), { x: -1 }), null);
  assert.equal(enclose(parseExpression('1 / x'), { x: 0 }), null);
  assert.equal(enclose(parseExpression('(x - 0.1 > 0.2) ? 1 : 2'), { x: 0.30000000000000004 }), null);
  assert.equal(enclose(parseExpression('y + 1'), { x: 1 }), null);
  assert.equal(enclose(parseExpression('sin(x + 1e-300)'), { x: 1 }), null);
  assert.deepEqual(enclose(parseExpression('x > 0 ? 2 : 3'), { x: 1 }), [2, 2]);
});

test('provenAccurate: float64 proven where it is fine, never where it loses digits', () => {
  const softplus = parseExpression('log(1 + exp(x))');
  const f = compileOnVector(softplus, ['x']);
  assert.equal(provenAccurate(softplus, { x: 1 }, f([1]), 1e-3), true);
  // Below x ≈ −36.7, 1 + e^x rounds to 1 and the result to 0: all digits lost.
  assert.equal(provenAccurate(softplus, { x: -40 }, f([-40]), 1e-3), false);
  assert.equal(provenAccurate(softplus, { x: 1 }, f([1]) * (1 + 1e-2), 1e-3), false);
});

test('50-digit erfc keeps its digits far in the tail (1 − erf cancels e^(x²)-fold there)', () => {
  // erfc(15) = 7.2129941724512066665650665586929271e-100 (Abramowitz–Stegun asymptotic series, 35 digits)
  const v = evaluateDecimal(parseExpression('erfc(x)'), { x: 15 }, 50);
  assert.ok(v.minus('7.2129941724512066665650665586929271e-100').abs().lt('1e-130'), v.toString());
});

test('"certainly not finite" only where decimal.js finds no finite value either', () => {
  const texts = [
    '-(0.3 * log(x) + 0.7 * log(1 - x))', 'sqrt(x) + 1', 'log(x) * 0', '1 / (x - x)', 'exp(log(x))', 'x > 0 ? log(x) : 0',
    'relu(log(x))', 'max(log(x), 1)', '(log(x))^0', '1 / log(x - x)', 'log(x, 10)', 'abs(log(x))', 'acosh(x) + asin(x)', 'x^0.5',
  ];
  let flagged = 0;
  for (const text of texts) {
    const node = parseExpression(text);
    for (const x of [-5, -1, -0.5, 0, 0.5, 1, 2, 5]) {
      if (!certainlyNotFinite(node, { x })) continue;
      flagged++;
      const v = preciseNumber(node, { x }, 30);
      assert.ok(!Number.isFinite(v), `${text} at ${x}: flagged not finite, but decimal.js gives ${v}`);
    }
  }
  assert.ok(flagged >= 20, `only ${flagged} flagged`);
});
