// Issue 13, class 8: facts stated in words or as set membership ("$y \in \{0, 1\}$", "where $t$ is
// one-hot", "a one-hot label vector $(y_1, y_2, y_3)$", "$\sum_k y_k = 1$") are the conditions a claim
// holds under, and the verdict says whether the text states the condition or GradLens assumed it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../src/documents/analyzeDocument.js';

const derivative = (md: string) => analyzeDocument(md, 'markdown').find((f) => f.kind === 'derivative')!;
const logistic = (label: string) => `$$m = \\log(1 + e^{-(2${label} - 1) u})$$\n\n$$\\frac{\\partial m}{\\partial u} = \\sigma(u) - ${label}$$`;

test('a claim right for binary labels says where the text states y ∈ {0, 1}', () => {
  const f = derivative(`The label is $t \\in \\{0, 1\\}$.\n\n${logistic('t')}`);
  assert.equal(f.verdict, 'ok');
  assert.match(f.message, /binary labels \(t ∈ \{0, 1\}\), as the text states at line 1/);
});

test('the same claim with nothing stated names the condition as an assumption', () => {
  const f = derivative(logistic('t'));
  assert.equal(f.verdict, 'ok');
  assert.match(f.message, /does not state/);
});

test('"where $t$ is binary" in words counts as stating it', () => {
  assert.match(derivative(`Here $t$ is a binary label.\n\n${logistic('t')}`).message, /as the text states at line 1/);
});

test('a one-hot vector named in words and its sum written out state the one-hot condition', () => {
  const md = 'Take a one-hot label vector $(y_1, y_2)$, so $y_1 + y_2 = 1$.\n\n$$p_1 = \\frac{e^{z_1}}{e^{z_1} + e^{z_2}}$$\n\n$$L = -y_1 \\log p_1 - y_2 \\log(1 - p_1)$$\n\n$$\\frac{\\partial L}{\\partial z_1} = p_1 - y_1$$';
  const f = derivative(md);
  assert.equal(f.verdict, 'ok', f.message);
  assert.match(f.message, /one-hot labels .*as the text states at line 1/);
});
