import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../src/documents/analyzeDocument.js';
import type { Finding } from '../../src/documents/findings.js';

// Classes of writing met in derivations published by other authors (issue 13). Each test states
// the class in words and uses text written for it; none comes from a corpus document.

const on = (fs: Finding[], line: number) => fs.filter((f) => f.kind !== 'definition' && f.range.start.line + 1 === line);
const mismatches = (fs: Finding[]) => fs.filter((f) => f.verdict === 'mismatch').map((f) => `${f.range.start.line + 1}: ${f.message}`);

test('scope: a name set to one number and later to another is a new case, not a contradiction', () => {
  const doc = [
    'Take $K = 2$ classes first.',                        // 1
    'Later we use $K = 7$ classes instead.',              // 2
    'With label $y = 1$ the loss is $-\\log p$; with label $y = 0$ it is $-\\log(1-p)$.', // 3
    '| case | $t = 0.1$ | $t = 3.2$ |',                   // 4
  ].join('\n');
  assert.deepEqual(mismatches(analyzeDocument(doc, 'markdown')), []);
});

test('scope: the case that is in force is the latest one (a value after a rebinding is checked against it)', () => {
  const doc = ['Let $n = 2$.', 'Now let $n = 3$, so $$n + 1 = 4$$', 'and $$n + 1 = 3$$ would be wrong.'].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.equal(on(fs, 2).find((f) => f.kind === 'value')?.verdict, 'ok');
  assert.equal(on(fs, 3)[0]?.verdict, 'mismatch');
});

test('scope: restating the same number is a value that agrees, not a new definition', () => {
  const fs = analyzeDocument('Let $a = 3$. Indeed $a = 3$.', 'markdown');
  assert.ok(fs.some((f) => f.kind === 'value' && f.verdict === 'ok'));
});

test('an undefined function applied to different arguments is never one quantity (odd/even properties)', () => {
  // g is a function of a vector here (read componentwise, its body in the entries v_1 … v_n), applied
  // to a scalar −x: never one quantity, and never evidence either way.
  const doc = 'Let $g(\\mathbf{v}) = \\mathbf{v}^T \\mathbf{v}$. The integrand is odd, i.e. $g(-x) = -g(x)$.';
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(mismatches(fs), []);
  const odd = fs.find((f) => /g\(/.test(f.message) && f.verdict === 'unverified' && /different|not that vector/.test(f.message));
  assert.ok(odd, 'the odd-function statement is unverified');
  assert.match(odd.message, /different arguments|not that vector/);
});

test('a definition through unreadable math shadows an older one: the name becomes an independent quantity', () => {
  const doc = [
    '$$L = (w - 1)^2$$',
    'Later the loss is an expectation, $$L = \\mathbb{E}[(w x - y)^2]$$',
    '$$\\frac{\\partial L}{\\partial w} = 2(w - 1)$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  const claim = on(fs, 3)[0];
  assert.ok(claim);
  // checked against the first L this would be "right"; it is about the second L, which GradLens cannot read
  assert.equal(claim.verdict, 'unverified');
  assert.match(claim.message, /cannot read/);
});

test('a name given through unreadable math is unknown in the variables that math mentions, not constant', () => {
  // S names an inner product GradLens cannot read; S does vary with a_j, so ∂h/∂a_j = e^{a_j} is no error.
  const doc = [
    'where $h = \\langle e^{a}, \\mathbf{1} \\rangle = S$',
    '$$\\frac{\\partial}{\\partial a_j} h = e^{a_j}$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(mismatches(fs), []);
  assert.equal(on(fs, 2)[0]?.verdict, 'unverified');
});

test('a name defined by unreadable tuple notation can still be used as a scalar in what it does not mention', () => {
  const doc = [
    'For $p = (p_1, p_2)$ …',
    'Now for scalars, $K = p\\log\\frac{p}{q}$ and $$\\frac{dK}{dq} = -\\frac{p}{q}$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.equal(on(fs, 2).find((f) => f.kind === 'derivative')?.verdict, 'ok');
});

test('the inverse of a transpose, X^{-T}, is matrix notation (unverified), never a power of T', () => {
  const fs = analyzeDocument('$$(X^{-1})^{\\top} = X^{-T}$$ and $$\\frac{\\partial \\ln|X|}{\\partial X} = X^{-\\top}$$', 'markdown');
  assert.deepEqual(mismatches(fs), []);
  assert.ok(fs.length > 0 && fs.every((f) => f.verdict !== 'ok'));
});

test('sums over i = 1 … n are checked by instantiating n: right claims pass, a slip is caught', () => {
  const doc = [
    '$$\\ell(\\lambda) = \\sum_{i=1}^{n} \\left( y_i \\log\\lambda - \\lambda \\right)$$',
    '$$\\frac{d\\ell}{d\\lambda} = \\frac{1}{\\lambda}\\sum_{i=1}^{n} y_i - n$$',
    '$$\\frac{d\\ell}{d\\lambda} = \\frac{1}{\\lambda}\\sum_{i=1}^{n} y_i + n$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.equal(on(fs, 2)[0]?.verdict, 'ok');
  assert.equal(on(fs, 3)[0]?.verdict, 'mismatch');
});

test('an implicit range (\\sum x_i next to n) and a bound written as a name (\\prod^{N}) are instantiated alike', () => {
  const doc = [
    '$$L(p) = \\prod_{i=1}^{n} p^{x_i}(1-p)^{1-x_i} = p^{\\sum x_i}(1-p)^{n - \\sum x_i}$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(mismatches(fs), []);
  assert.ok(fs.some((f) => f.verdict === 'ok'));
});

test('index notation: a softmax Jacobian with the cases i = j and i ≠ j is checked entry by entry', () => {
  const doc = [
    '$$s_i = \\frac{e^{x_i}}{\\sum_{k=1}^{K} e^{x_k}}$$',
    '$$\\frac{\\partial s_i}{\\partial x_j} = s_i(\\delta_{ij} - s_j)$$',
    '$$\\frac{\\partial s_i}{\\partial x_j} = s_i(1 - s_j)$$',
    '$$\\frac{\\partial s_i}{\\partial x_j} = \\begin{cases} s_i(1 - s_i) & i = j \\\\ -s_i s_j & i \\neq j \\end{cases}$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.equal(on(fs, 2)[0]?.verdict, 'ok');
  const wrong = on(fs, 3)[0];
  assert.equal(wrong?.verdict, 'mismatch');
  assert.match(wrong!.message, /with i = \d, j = \d/);
  assert.equal(on(fs, 4)[0]?.verdict, 'ok');
});

test('an index range written "i = 1, …, K" is neither a definition nor a claim', () => {
  const fs = analyzeDocument('for $i = 1, \\dots, K$ and $n = 1, 2, \\ldots, N$', 'markdown');
  assert.deepEqual(fs, []);
});

test('steps solving a condition set to zero are not identities (no error on them)', () => {
  const doc = [
    'With $m = 10$ trials,',
    '$$\\ell(p) = k\\log p + (m - k)\\log(1 - p)$$',
    '$$\\frac{d\\ell}{dp} = \\frac{k}{p} - \\frac{m-k}{1-p} = 0$$',
    '$$\\frac{k}{p} = \\frac{m-k}{1-p}$$',
    '$$k(1-p) = p(m-k)$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(mismatches(fs), []);
  assert.match(on(fs, 4)[0]!.message, /solving the equation/);
});

test('the per-item derivative of a mean (1/n dropped) is a convention: unverified, with the reason', () => {
  const doc = [
    '$$L = \\frac{1}{n}\\sum_{i=1}^{n} (y_i - \\hat{y}_i)^2$$',
    '$$\\frac{\\partial L}{\\partial \\hat{y}_i} = -2(y_i - \\hat{y}_i)$$',
  ].join('\n');
  const f = on(analyzeDocument(doc, 'markdown'), 2)[0];
  assert.equal(f?.verdict, 'unverified');
  assert.match(f!.message, /1\/n/);
});

test('a vector defined only as a whole: derivatives through its entries are unknown, not zero', () => {
  const doc = [
    // A vector function GradLens has no formula for (softmax itself is read by its formula, see vector-notation.test.ts).
    'Let $\\mathbf{p} = \\text{sparsemax}(\\mathbf{z})$ and $L = -\\sum_{k=1}^{K} y_k \\log p_k$.',
    '$$\\frac{\\partial L}{\\partial z_k} = p_k - y_k$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(mismatches(fs), []);
  assert.equal(on(fs, 2)[0]?.verdict, 'unverified');
});

test('a claim that holds when a label vector written by components is one-hot says so', () => {
  const doc = [
    '$$y_k = \\frac{e^{a_k}}{\\sum_{j=1}^{K} e^{a_j}}$$',
    '$$\\sum_{k=1}^{K} t_k \\, y_j = y_j$$',
  ].join('\n');
  const f = on(analyzeDocument(doc, 'markdown'), 2)[0];
  assert.equal(f?.verdict, 'ok');
  assert.match(f!.condition ?? '', /one-hot/);
});

test('primes on a name defined as an expression (y = …, then y\', y\'\') are its derivatives; a later y shadows', () => {
  const doc = [
    '$$y = x^3 - 2x$$',                       // 1
    'Then $y\' = 3x^2 - 2$ and $y\'\' = 6x > 0$ for $x > 0$.', // 2
    '$$y = 5x^2$$',                            // 3
    'Now $y\'\' = 10$.',                        // 4
    'And $y\' = 3x^2$ here would be wrong.',   // 5
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.ok(on(fs, 2).length >= 2 && on(fs, 2).every((f) => f.verdict === 'ok'));
  assert.equal(on(fs, 4)[0]?.verdict, 'ok');
  assert.equal(on(fs, 5)[0]?.verdict, 'mismatch');
});

test('a claim right for an earlier definition of a reused name, wrong for the one in force, is unverified', () => {
  const doc = [
    '(a) $$y = x^2$$ (b) $$y = x^3$$',
    'Answers: (a) $y\' = 2x$. (b) $y\' = 3x^2$.',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(mismatches(fs), []);
  assert.ok(fs.some((f) => f.verdict === 'unverified' && /earlier definition of y/.test(f.message)));
  assert.ok(fs.some((f) => f.verdict === 'ok'));
});

test('equalities before an inequality in one chain are claims (… = 5/6 ≠ 3/4)', () => {
  const fs = analyzeDocument('$P = \\frac{1}{3}\\cdot\\frac{1}{2} + \\frac{2}{3} = \\frac{5}{6} \\neq \\frac{3}{4}$ and $\\frac{1}{2} + \\frac{1}{4} = \\frac{4}{5} < 1$', 'markdown');
  assert.ok(fs.some((f) => f.verdict === 'ok' && /5/.test(f.message)));
  assert.equal(fs.filter((f) => f.verdict === 'mismatch').length, 1);
});

test('a function defined again with other parameters is a new definition, not a given equation', () => {
  const doc = [
    '$$g(u, v) = u v$$',
    'Later, in logits, $$g(t, z) = -z + t$$',
    '$$\\frac{\\partial g}{\\partial z} = -1$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.equal(on(fs, 3)[0]?.verdict, 'ok');
});

test('binomial coefficients and factorials of counts are opaque constants of a likelihood, not errors', () => {
  const doc = [
    '$$\\ell(p) = \\log\\binom{m}{k} + k\\log p + (m-k)\\log(1-p)$$',
    '$$\\frac{d\\ell}{dp} = \\frac{k}{p} - \\frac{m-k}{1-p}$$',
    '$$\\frac{d\\ell}{dp} = \\frac{k}{p} - \\frac{k}{1-p}$$',
    '$$q(\\lambda) = \\log {r \\choose s} + s\\log\\lambda - \\lambda - \\log(s!)$$',
    '$$\\frac{dq}{d\\lambda} = \\frac{s}{\\lambda} - 1$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.equal(on(fs, 2)[0]?.verdict, 'ok');
  assert.equal(on(fs, 3)[0]?.verdict, 'mismatch');
  assert.equal(on(fs, 5)[0]?.verdict, 'ok');
});

test('a case on two indices in prose ("if j ≠ k") limits the instances a following claim is checked on', () => {
  const doc = [
    '$$y_k = \\frac{e^{a_k}}{\\sum_{i=1}^{K} e^{a_i}}$$',
    'If $j \\neq k$, $$\\frac{\\partial y_k}{\\partial a_j} = -y_k y_j$$',
    'If $j = k$, $$\\frac{\\partial y_k}{\\partial a_j} = y_k(1 - y_k)$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(mismatches(fs), []);
  assert.equal(on(fs, 2).find((f) => f.kind === 'derivative')?.verdict, 'ok');
  assert.equal(on(fs, 3).find((f) => f.kind === 'derivative')?.verdict, 'ok');
});

test('a family of functions y_k(φ): its instantiated entries y_1, y_2 … are the same formula reindexed', () => {
  const doc = [
    '$$y_k(\\phi) = \\frac{e^{a_k}}{\\sum_{j=1}^{K} e^{a_j}}$$',
    '$$\\frac{\\partial y_k}{\\partial a_k} = \\frac{e^{a_k}}{\\sum_j e^{a_j}} - \\left(\\frac{e^{a_k}}{\\sum_j e^{a_j}}\\right)^2$$',
    '$$\\frac{\\partial y_k}{\\partial a_k} = \\frac{e^{a_k}}{\\sum_j e^{a_j}} - \\left(\\frac{e^{a_k}}{\\sum_j e^{a_j}}\\right)^3$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.equal(on(fs, 2)[0]?.verdict, 'ok');
  assert.equal(on(fs, 3)[0]?.verdict, 'mismatch');
});

test('a function of the variance written ℓ(μ, σ²) is a definition in μ and σ (its argument is the square)', () => {
  const doc = [
    '$$\\ell(\\mu, \\sigma^2) = -\\frac{1}{2}\\log\\sigma^2 - \\frac{(x - \\mu)^2}{2\\sigma^2}$$',
    '$$\\frac{\\partial \\ell}{\\partial \\mu} = \\frac{x - \\mu}{\\sigma^2}$$',
    '$$\\frac{\\partial \\ell}{\\partial \\mu} = \\frac{\\mu - x}{\\sigma^2}$$',
    'and $$\\ell(0, 4) = -\\frac{1}{2}\\log 4 - \\frac{x^2}{8}$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.equal(on(fs, 2)[0]?.verdict, 'ok');
  assert.equal(on(fs, 3)[0]?.verdict, 'mismatch');
  assert.equal(on(fs, 4)[0]?.verdict, 'ok');
});
