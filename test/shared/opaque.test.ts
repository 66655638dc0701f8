// The naming convention for undefined functions, made, recognised and shown in one place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOpaqueSymbol, opaqueFunction, opaqueSymbol, showName, showOpaquesIn } from '../../src/text/opaque.js';

test('f(x_i, φ) is the symbol f_of; it is recognised back and shown as f(…)', () => {
  assert.equal(opaqueSymbol('f'), 'f_of');
  assert.equal(opaqueFunction(opaqueSymbol('sig')), 'sig');
  assert.equal(showName('f_of'), 'f(…)');
  assert.equal(showOpaquesIn('sigmoid(f_of) - y_i + g_of * 2'), 'sigmoid(f(…)) - y_i + g(…) * 2');
});

test('names that merely contain "of" are not opaque symbols', () => {
  for (const n of ['_of', 'of', 'prof', 'y_off', 'of_x']) assert.equal(isOpaqueSymbol(n), false, n);
  assert.equal(showName('y_off'), 'y_off');
  assert.equal(showOpaquesIn('proof_offset'), 'proof_offset');
});
