import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression } from '../../src/core/index.js';
import { APPROXIMATE_TOLERANCE, analyzeDocument, identicallyZero, parameterDraws } from '../../src/documents/analyzeDocument.js';
import { isDefinableFunctionName } from '../../src/documents/knownFunctions.js';

// The rules of the derivation checker, each named and tested on its own (issue 11, point 9), so
// that a rule tuned for one document would show here.

const claims = (doc: string) => analyzeDocument(doc, 'markdown').filter((f) => f.kind !== 'definition');

test('elementary functions are never redefined by a document; activations may be', () => {
  for (const name of ['exp', 'log', 'log2', 'log10', 'cbrt', 'asin', 'atanh', 'sech', 'erf', 'max']) assert.equal(isDefinableFunctionName(name), false, name);
  for (const name of ['relu', 'sigmoid', 'softplus', 'heaviside', 'f', 'g_k', 'loss']) assert.equal(isDefinableFunctionName(name), true, name);
  // `sech(x) = 1/cosh(x)` is a claim about sech (right), not a definition that would shadow it
  const [c] = claims('$$\\operatorname{sech}(x) = \\frac{1}{\\cosh(x)}$$');
  assert.equal(c?.verdict, 'ok');
  const [wrong] = claims('$$\\operatorname{sech}(x) = \\frac{1}{\\sinh(x)}$$');
  assert.equal(wrong?.verdict, 'mismatch');
});

test('≈ between a formula whose variables cancel and a number holds to 1% unless the document sets a tolerance', () => {
  assert.equal(APPROXIMATE_TOLERANCE.rtol, 1e-2);
  assert.equal(claims('$$\\frac{\\pi x}{x} \\approx 3.14$$')[0]?.verdict, 'ok'); // 0.05% off
  assert.notEqual(claims('$$\\frac{\\pi x}{x} \\approx 3.0$$')[0]?.verdict, 'ok'); // 4.5% off
  assert.equal(claims('% gradlens: tolerance 0.1\n$$\\frac{\\pi x}{x} \\approx 3.0$$')[0]?.verdict, 'ok');
});

test('limit parameters are drawn apart from each other and away from 0 and 1, three times', () => {
  assert.deepEqual(parameterDraws([]), [{}]);
  const draws = parameterDraws(['alpha', 'beta']);
  assert.equal(draws.length, 3);
  for (const d of draws) {
    assert.notEqual(d.alpha, d.beta);
    for (const v of Object.values(d)) assert.ok(v > 0 && Math.abs(v - 1) > 0.1, String(v));
  }
  const [ok] = claims('$$\\lim_{x \\to -\\infty} \\alpha(e^x - 1) = -\\alpha$$');
  assert.equal(ok?.verdict, 'ok');
});

test('the zero test tells a cancellation from a tiny value that float64 would round away', () => {
  assert.equal(identicallyZero(parseExpression('(x + 1)^2 - x^2 - 2*x - 1')), true);
  assert.equal(identicallyZero(parseExpression('(x + 1e-30)^2 - x^2')), false);
  assert.equal(identicallyZero(parseExpression('x')), false);
});
