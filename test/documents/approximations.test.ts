// ≈ between expressions (a truncated expansion, an asymptote) holds only in a limit or a regime said
// in words: never a mismatch. ≈ with a number is still checked to the precision written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../src/documents/analyzeDocument.js';

const verdicts = (md: string) => analyzeDocument(md, 'markdown').filter((f) => f.verdict !== null).map((f) => f.verdict);

test('an asymptote written with ≈ is not checked as an equality (softplus(z) ≈ z for large z)', () => {
  const fs = analyzeDocument('For large $z$: $$\\log(1 + e^{z}) \\approx z$$', 'markdown').filter((f) => f.verdict !== null);
  assert.deepEqual(fs.map((f) => f.verdict), ['unverified']);
  assert.match(fs[0]!.message, /approximation between expressions/);
});

test('a first-order expansion with ≈ is not wrong, nor are the exact steps after it in the same chain', () => {
  assert.ok(!verdicts('Let $g(t) = t^3$. $$g(t + h) \\approx g(t) + h\\, g\'(t) = t^3 + 3 h t^2$$').includes('mismatch'));
});

test('≈ with a number is still checked to the digits written, both ways', () => {
  assert.deepEqual(verdicts('$$\\frac{1}{1 + e^{-2}} \\approx 0.88$$'), ['ok']);
  assert.deepEqual(verdicts('$$\\frac{1}{1 + e^{-2}} \\approx 0.5$$'), ['mismatch']);
});
