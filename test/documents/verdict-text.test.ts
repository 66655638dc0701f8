import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression } from '../../src/core/index.js';
import { catalogDerivativeText, definitionSentence, disagreementAt, fmtValue, pointText, recognizeQuietly, toTextQuietly, wrongSentence } from '../../src/documents/verdictText.js';

// The one wording of verdicts, shared by the derivation and the code checker.

test('numbers in verdicts: six significant digits, exponents outside 1e-4 … 1e6, a missing value named', () => {
  assert.equal(fmtValue(1 / 3), '0.333333');
  assert.equal(fmtValue(2.5e-7), '2.5e-7');
  assert.equal(fmtValue(123456789), '1.2346e+8');
  assert.equal(fmtValue(NaN), 'undefined');
  assert.equal(fmtValue(-Infinity), '−∞');
});

test('where a check disagrees: the value given, then the truth (or the one-sided derivatives at a kink)', () => {
  const w = { point: { x: 2, y: 0.5 }, actual: 3, expected: 4 };
  assert.equal(disagreementAt(w, pointText(w.point), 'derivative'), 'At x = 2, y = 0.5 it gives 3, the derivative is 4');
  assert.equal(disagreementAt({ ...w, subgradient: [0, 1] }, 'x = 0', 'derivative'), 'At x = 0 it gives 3, outside the one-sided derivatives [0, 1]');
  // code quotes what JavaScript computes; math says the value does not exist
  assert.match(disagreementAt({ ...w, actual: NaN }, 'x = 0', 'derivative', 'NaN'), /gives NaN,/);
  assert.match(disagreementAt({ ...w, actual: NaN }, 'x = 0', 'left-hand side'), /gives undefined, the left-hand side is 4/);
});

test('a mismatch names the slip with the verdict, before the evidence', () => {
  assert.equal(wrongSentence({ subject: 'dsig', qualifier: ' in output 1', slip: 'a sign is wrong', evidence: 'At x = 1 …' }), 'dsig is wrong in output 1: a sign is wrong. At x = 1 …');
  assert.equal(wrongSentence({ subject: 'σ(z) − y', slip: null, evidence: '' }), 'σ(z) − y is wrong. ');
});

test('a recognised definition: its title, then saturation, then where float64 breaks with the stable form', () => {
  const s = definitionSentence({ name: 'p', title: 'logistic sigmoid', input: 'x', affine: false, saturation: 'saturates for |x| > 6', instability: [{ from: 710, to: 1000 }], stableForm: 'sigmoid(x)' });
  assert.equal(s, 'p is the logistic sigmoid; saturates for |x| > 6; float64 evaluation as written breaks for 710 ≤ x ≤ 1000 (stable form: sigmoid(x))');
  assert.equal(definitionSentence({ name: 'q', title: 'softplus', input: 'z', affine: true, saturation: null, instability: [], stableForm: null }), 'q is the softplus (of an affine function of z)');
});

test('quiet readings never throw, and the catalog form is given only for the entry itself', () => {
  assert.equal(recognizeQuietly(null), null);
  assert.equal(recognizeQuietly(parseExpression('3')), null); // a constant is no activation
  assert.equal(recognizeQuietly(parseExpression('1/(1+exp(-t))'))?.entry.id, 'sigmoid');
  assert.match(catalogDerivativeText(parseExpression('1/(1+exp(-t))'), 't') ?? '', /t/);
  assert.equal(catalogDerivativeText(parseExpression('1/(1+exp(-2*t))'), 't'), null); // scaled: no catalog form
  assert.equal(toTextQuietly(parseExpression('a+b')), 'a + b');
});
