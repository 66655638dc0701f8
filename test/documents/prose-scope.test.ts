// Issue 13, class 1 (scope): a value given in words is a case assumption for what follows, and `:=`
// is a definition by its own words. Either shadows an earlier binding of the same name; neither is a
// claim checked against it. A value stated as a consequence ("so $z = 5$") is still checked; a heading
// starts afresh, and a value set in the text holds for its passage (a failing value through it further on
// reads as an equation in that name).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../src/documents/analyzeDocument.js';

const claims = (md: string) => analyzeDocument(md, 'markdown').filter((f) => f.verdict !== null);

test('a walk-through that restarts at t := 0 after using t = 1 is not a contradiction', () => {
  const fs = claims('Let $g(t) = 3t$. At $t = 1$ it is $3$.\n\nNow we begin again at $t := 0$, where $t := 0$ is the first step.');
  assert.ok(!fs.some((f) => f.verdict === 'mismatch'), JSON.stringify(fs.map((f) => f.message)));
});

test('cases given in prose ("with label $y = 1$ … with label $y = 0$", "take $a = 3$") are assumptions, and what follows is read under them', () => {
  const fs = claims('Let $a = 2$, so $a^2 = 4$. Now take $a = 3$: then $a^2 = 9$.');
  assert.deepEqual(fs.map((f) => f.verdict), ['ok', 'ok']);
  assert.ok(!claims('With label $y = 1$ the loss is one thing; with label $y = 0$ it is another.').some((f) => f.verdict === 'mismatch'));
});

test('a displayed := rebinds a name set earlier, and later values are checked under the new binding', () => {
  const fs = claims('Let $z = 2x + 1$ and $x = 2$, so $z = 5$.\n\n$$x := 4$$\n\nThen $z = 9$.');
  assert.deepEqual(fs.map((f) => f.verdict), ['ok', 'ok']);
});

test('a value stated as a consequence is still a claim: "so $z = 6$" after $z = 2x + 1$ with $x = 2$ is wrong', () => {
  const fs = claims('Let $z = 2x + 1$ and $x = 2$, so $z = 6$.');
  assert.deepEqual(fs.map((f) => f.verdict), ['mismatch']);
});

test('a name that held a value (y = 4 at x = 2) and is written again as a formula is redefined, and its derivative follows the new formula', () => {
  const md = 'Take $y = x^2$. At $x = 2$ we have $y = 4$.\n\nNow for $y = x^3 + 2$:\n\n$$\\frac{dy}{dx} = 3x^2$$';
  const fs = claims(md).filter((f) => f.kind !== 'definition');
  assert.ok(!fs.some((f) => f.verdict === 'mismatch'), JSON.stringify(fs.map((f) => f.message)));
  assert.equal(fs.find((f) => f.kind === 'derivative')?.verdict, 'ok');
});

test('a heading starts afresh: a value set in the text of one example does not turn the next example\'s equation into a wrong value', () => {
  const md = '## Example 1\n\nThe population is $N = 24.42$ here.\n\nIt grows slowly.\n\nThe end.\n\n## Example 2\n\nThe growth rate is $R(N) = 3.8 N - 0.01 N^2$, and $R\'(N) = 3.8 - 0.02 N$. Setting $3.8 - 0.02N = 0$ gives $N = 190$.';
  assert.ok(!claims(md).some((f) => f.verdict === 'mismatch'));
});

test('a passage later, an equation in a name that was given a value earlier in the text is not a wrong value', () => {
  const md = 'At $x = 2$ the slope is $4$.\n\nMore on slopes.\n\nThe turning point solves $6x^2 - 10x - 4 = 0$, so $x = \\frac{10}{12} = \\frac{5}{6}$.';
  const fs = claims(md);
  assert.ok(!fs.some((f) => f.verdict === 'mismatch'), JSON.stringify(fs.map((f) => f.message)));
});

test('a constant set in a display is document-wide: values computed from it after a heading are still checked', () => {
  const md = '$$c = 1.5$$\n\n## Numbers\n\n$$2c = 3$$\n\n$$2c = 4$$';
  assert.deepEqual(claims(md).map((f) => f.verdict), ['ok', 'mismatch']);
});

test('after a top-level heading, a failing claim through a name defined in an earlier topic is unverified, not wrong', () => {
  const md = '# Notes\n\n$$q = w x + b$$\n\n# Classification\n\nNow the prediction goes through a sigmoid.\n\n$$L = -y \\log(q) - (1 - y) \\log(1 - q)$$\n\n$$\\frac{\\partial L}{\\partial b} = q - y$$';
  const fs = claims(md).filter((f) => f.kind === 'derivative');
  assert.deepEqual(fs.map((f) => f.verdict), ['unverified']);
  assert.match(fs[0]!.message, /earlier section/);
});

test('a name restated in the new section keeps its definition in force, and a wrong claim through it is still wrong', () => {
  const md = '# Notes\n\n$$q = w x + b$$\n\n# Regression\n\n$$q = w x + b$$\n\n$$L = (y - q)^2$$\n\n$$\\frac{\\partial L}{\\partial b} = 2(y - q)$$';
  assert.deepEqual(claims(md).filter((f) => f.kind === 'derivative').map((f) => f.verdict), ['mismatch']);
});

test('a name defined again on the next line ("… = 2 ln u. Let u = a − x") leaves a failing claim through the older definition unverified', () => {
  const md = '- Let $u = x^2$, then $\\frac{d}{dx} e^{u} = 2x e^{x^2}$.\n- Another one.\n- And one more.\n- So $v = 2\\ln(a - x) = 2\\ln u$.\n- Let $u = (a - x)$.';
  assert.ok(!claims(md).some((f) => f.verdict === 'mismatch'));
});

test('after a heading, a claim through a prediction whose new model is unwritten is wrong only when no model of it can make it right', () => {
  const md = [
    '# Fitting a line', '', '$$\\hat y = a u + c$$', '', '$$L(y, \\hat y) = (y - \\hat y)^2$$', '',
    '# Fitting a classifier', '', 'Now the output goes through a sigmoid.', '',
    '$$L(y, \\hat y) = -y \\log \\hat y - (1 - y) \\log(1 - \\hat y)$$', '',
    // Right when ŷ = σ(au + c), a model the text only says in words: unverified, with the scope reason.
    '$$\\frac{\\partial L}{\\partial c} = \\hat y - y$$', '',
    // ∂ŷ/∂c would have to be ŷ²(1 − ŷ)²/(ŷ − y): a function of the label, which no prediction is.
    '$$\\frac{\\partial L}{\\partial a} = \\hat y (1 - \\hat y) u$$',
  ].join('\n');
  const fs = analyzeDocument(md, 'markdown').filter((f) => f.kind !== 'definition');
  const at = (line: number) => fs.find((f) => f.range.start.line + 1 === line)!;
  assert.equal(at(13).verdict, 'unverified');
  assert.equal(at(15).verdict, 'mismatch');
  assert.match(at(15).message, /whatever model gives ŷ here.*label y/);
});
