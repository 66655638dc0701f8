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

test("plain TeX's infix fraction {a \\over b} reads as \\frac{a}{b}: derivatives, values and slips alike", () => {
  const md = [
    'Take $$g(u, v) = 5u^2 v + v^3$$',
    '$${\\partial g \\over \\partial u} = 10uv$$',
    '$${\\partial g \\over \\partial v} = 5u^2 - 3v^2$$',
    '$$r = {3 \\over 12} = 0.25$$',
  ].join('\n');
  assert.deepEqual(claims(md).map((f) => [f.range.start.line + 1, f.verdict]), [[2, 'ok'], [3, 'mismatch'], [4, 'ok']]);
  assert.equal(claims(md).find((f) => f.verdict === 'mismatch')!.slipKind, 'sign');
});

test('an \\over TeX would reject or read across the whole formula stays unread, never guessed', () => {
  for (const md of ['$${a \\over b \\over c} = 1$$', '$$y = 1 \\over 2$$']) {
    const fs = claims(md);
    assert.ok(fs.length > 0 && fs.every((f) => f.verdict === 'unverified'), md);
  }
});

test('a partial derivative of a function of several variables holds the others fixed, even where an earlier example defined one of them', () => {
  const earlier = 'In one example $q = \\sin(2u)$.\n\n';
  // The function's parameters (u, q) are its independent variables: the earlier q = sin 2u is not substituted.
  const fs = claims(earlier + 'Now $$h(u, q) = u^3 + 4q^2$$ so $$\\frac{\\partial h}{\\partial u} = 3u^2$$ and $$\\frac{\\partial h}{\\partial q} = 8q$$');
  assert.deepEqual(fs.map((f) => f.verdict), ['ok', 'ok']);
  // Named as a quantity in the same chain (h(u, q) = s = …), the same holds for s; a slip is still a slip.
  const gs = claims(earlier + '$$h(u, q) = s = u^3 + 4q^2$$ then $$\\frac{\\partial s}{\\partial u} = 3u^2$$ and $$\\frac{\\partial s}{\\partial q} = 4q$$');
  assert.deepEqual(gs.map((f) => f.verdict), ['ok', 'mismatch']);
  // Differentiating by a variable the function does not take is the chain rule through the definitions.
  const chain = claims('Let $a = 3t$ and $$P(a) = a^2$$ then $$\\frac{\\partial P}{\\partial t} = 18t$$');
  assert.deepEqual(chain.map((f) => f.verdict), ['ok']);
});

test('a derivative operator followed by a product with an explicit product sign has an unwritten reach: unverified, never wrong', () => {
  const fs = claims('Let $y = t^3 \\sin t$. $$\\frac{dy}{dt} = \\frac{d}{dt}t^3 \\cdot \\sin t + t^3 \\cdot \\frac{d}{dt}\\sin t = 3t^2 \\sin t + t^3 \\cos t$$');
  assert.ok(!fs.some((f) => f.verdict === 'mismatch'));
  assert.ok(fs.some((f) => f.verdict === 'unverified' && /reach of the derivative operator/.test(f.message)));
  // Without the sign, or with brackets, the operand is the whole term, as before.
  assert.deepEqual(claims('$$\\frac{d}{dt} t^3 \\sin t = 3t^2 \\sin t + t^3 \\cos t$$').map((f) => f.verdict), ['ok']);
  assert.deepEqual(claims('$$\\frac{d}{dt}\\left(t^3 \\cdot \\sin t\\right) = 3t^2 \\sin t - t^3 \\cos t$$').map((f) => f.verdict), ['mismatch']);
});
