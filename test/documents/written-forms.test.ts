// Issue 13: notations with more than one reading, and words written inside the math. Where the
// written form is ambiguous the verdict is unverified with the reason, never wrong; a connective
// word inside a formula ("so", "hence") separates two equations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../src/documents/analyzeDocument.js';

const claims = (md: string) => analyzeDocument(md, 'markdown').filter((f) => f.verdict !== null && f.kind !== 'definition');

test('"so" or "hence" written inside the math ends one equation and starts the next', () => {
  assert.deepEqual(claims('$$u^1 = u^{1/2} \\times u^{1/2} {\\rm ~~so~~} u^{1/2} = \\sqrt{u}$$').map((f) => f.verdict), ['ok', 'ok']);
  assert.deepEqual(claims('$$x^2 - 1 = (x - 1)(x + 1) \\text{ hence } (x - 1)(x + 1) = x^2 - 2$$').map((f) => f.verdict), ['ok', 'mismatch']);
});

test('a point where the written form is undefined but float64 returns a number (a log to base 0) is no evidence', () => {
  assert.ok(!claims('$$c^{\\log_c d} = d$$').some((f) => f.verdict === 'mismatch'));
});

test('a left side of two to four letters that no definition explains (pH, RT) reads as one name', () => {
  const fs = claims("$$pH = -\\log_{10}(p + H)$$");
  assert.deepEqual(fs.map((f) => f.verdict), ['unverified']);
  assert.match(fs[0]!.message, /one name/);
});

test('ln(u)^2 that holds as ln(u²) is ambiguous, not wrong; a claim wrong under both readings is still wrong', () => {
  assert.deepEqual(claims('$$\\ln(a - x)^2 = 2\\ln(a - x)$$').map((f) => f.verdict), ['unverified']);
  assert.deepEqual(claims('$$\\ln(a - x)^2 = 3\\ln(a - x)$$').map((f) => f.verdict), ['mismatch']);
});

test('a name defined as a function in one example and as a quantity in the next is read by the newer definition', () => {
  const md = 'First $f(x) = \\sqrt{x}$.\n\nNext, let $f = 2x^3 - 1$ and $g = 3x^3 + 2x$. Therefore $f\'(x) = 6x^2$.';
  assert.ok(!claims(md).some((f) => f.verdict === 'mismatch'));
});

test('"the linear approximation formula" names a regime: the equality written with = is an approximation', () => {
  const md = 'Let $q(x) = x^2$. Using the linear approximation formula $$q(x_1 + h) = q(x_1) + h q\'(x_1)$$';
  assert.ok(!claims(md).some((f) => f.verdict === 'mismatch'));
});
