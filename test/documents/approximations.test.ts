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

// Class 2 across rows: an align/aligned block (or a display starting with `=`) that continues a chain
// after ≈ is as approximate as that chain; its own `=` steps are checked against the step before.
test('rows after an ≈ row are not checked against the left side, but each exact step is checked against the one before', () => {
  const md = 'Let $q(t) = t^2$.\n\n$$\n\\begin{aligned}\nq(t + s) &\\approx q(t) + s\\, q\'(t) \\\\\n&= t^2 + 2ts \\\\\n&= t^2 + 4ts\n\\end{aligned}\n$$';
  const fs = analyzeDocument(md, 'markdown').filter((f) => f.verdict !== null && f.kind !== 'definition');
  assert.deepEqual(fs.map((f) => f.verdict), ['unverified', 'ok', 'mismatch']);
  assert.match(fs[2]!.message, /does not follow from the step before it/);
});

test('a function defined in the first row of an aligned block is a definition, not a product', () => {
  const md = '$$\n\\begin{aligned}\nk(x) &= e^{x} \\\\\nk(x + \\epsilon) &\\approx k(x) + \\epsilon\\, k(x)\n\\end{aligned}\n$$';
  assert.ok(!verdicts(md).includes('mismatch'));
});

test('an increment \\Delta t is one name: the first-order step is an approximation, its exact rewriting is checked', () => {
  const md = 'Let $u(t) = t^2$.\n\n$$u(t + \\Delta t) \\approx u(t) + \\Delta t\\, u\'(t) = t^2 + 2 t \\Delta t$$';
  const fs = analyzeDocument(md, 'markdown').filter((f) => f.verdict !== null);
  assert.deepEqual(fs.map((f) => f.verdict), ['unverified', 'ok']);
  assert.ok(!fs.some((f) => /Delta \*|Δ ·/.test(f.expression ?? '')), 'Δt is not Δ times t');
});

test('a difference quotient under a limit toward a point settles to the derivative, not to it plus rounding noise', () => {
  const md = 'Let $w(t) = t^3$.\n\n$$\\lim_{h \\to 0} \\frac{w(t + h) - w(t)}{h} = 3t^2$$\n\n$$\\lim_{h \\to 0} \\frac{w(2 + h) - w(2)}{h} = 12$$\n\n$$\\lim_{h \\to 0} \\frac{w(2 + h) - w(2)}{h} = 13$$';
  assert.deepEqual(verdicts(md), ['ok', 'ok', 'mismatch']);
});

test('an equality the sentence qualifies by a regime ("for small", "when … is large", "… for small h") is an approximation', () => {
  for (const md of ['For small $\\epsilon$, $\\sin \\epsilon = \\epsilon$.', 'When $x$ is large, $$\\log(1 + e^{x}) = x$$', '$$\\cos h = 1 - h^2/2$$ for small $h$.']) {
    assert.ok(!verdicts(md).includes('mismatch'), md);
  }
  // The regime belongs to its own sentence: a list item after "for large x" is read exactly.
  assert.deepEqual(verdicts('- for large $x$ it tends to 1\n- symmetry: $1 - \\tanh(x) = 2 - \\tanh(x)$'), ['mismatch']);
});

test('a derivative written with ≈ (a difference quotient for f′) is an approximation, not a wrong derivative', () => {
  assert.ok(!verdicts('Let $v(x) = x^3$.\n\n$$\\frac{dv}{dx} \\approx 3x^2 + 1$$').includes('mismatch'));
});

test('an estimate written with ≈ within a percent of the value is an illustration (unverified); far off it is wrong', () => {
  assert.deepEqual(verdicts('Let $r(x) = x^3$.\n\n$$r\'(2) \\approx 12.06$$'), ['unverified']);
  assert.deepEqual(verdicts('Let $r(x) = x^3$.\n\n$$r\'(2) \\approx 13.5$$'), ['mismatch']);
});
