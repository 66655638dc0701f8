// Doc text → tags (src/code/ir/doc.ts) reads as the JSDoc reader does, so a tag means the same in a
// TS JSDoc block and in a Python docstring; the bodies below are the forms each writes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocText } from '../../../src/code/ir/doc.js';
import { parseJsDocText } from '../../../src/code/jsdoc.js';

const BODIES = [
  '*\n * Logistic function.\n * @gradient sigmoidPrime\n * @param {number} x the input\n ',
  '* @gradientOf relu @wrt x ',
  '\n   * Two lines\n   * of text.\n   *\n   * @dims 4\n   * @dims x 2\n   ',
  'Derivative of the softplus.\n\n@gradientOf softplus\n@wrt z, beta\n    continued on a line of its own',
  'Computes the backward pass.\n\nArgs:\n    dout: upstream gradient\n    cache: (x, w, b)',
  '',
];

test('every body reads the same as through the JSDoc reader', () => {
  for (const b of BODIES) assert.deepEqual(parseDocText(b), parseJsDocText(b), JSON.stringify(b));
});

test('a docstring\'s tags and text', () => {
  const d = parseDocText('Derivative of the softplus.\n\n@gradientOf softplus\n@wrt z, beta');
  assert.deepEqual(d, { tags: { gradientOf: ['softplus'], wrt: ['z, beta'] }, text: 'Derivative of the softplus.' });
});
