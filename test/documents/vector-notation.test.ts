import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../src/documents/analyzeDocument.js';
import type { Finding } from '../../src/documents/findings.js';

// Vector and matrix notation as course notes write it (issue 13, points 3 and 4): read entry by entry
// with the dimension instantiated (n = 3 and n = 4), every entry checked. Notation that is not
// understood ends unverified with its reason, never wrong. The documents are written for these tests.

const claimsOn = (fs: Finding[], line: number) => fs.filter((f) => f.kind !== 'definition' && f.range.start.line + 1 === line);
const verdicts = (fs: Finding[], line: number) => claimsOn(fs, line).map((f) => f.verdict);
const mismatches = (fs: Finding[]) => fs.filter((f) => f.verdict === 'mismatch');

test('a gradient by a bold vector of a dot product is checked for every entry; a dropped factor is caught', () => {
  const doc = [
    'Take $g(\\mathbf{u}) = (3 + \\mathbf{u}^\\top \\mathbf{v})^2$.',
    '$$\\frac{\\partial g}{\\partial \\mathbf{u}} = 2(3 + \\mathbf{u}^\\top\\mathbf{v})\\mathbf{v}$$',
    '$$\\nabla_{\\mathbf{u}} g(\\mathbf{u}) = (3 + \\mathbf{u}^\\top\\mathbf{v})\\mathbf{v}$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(verdicts(fs, 2), ['ok']);
  assert.match(claimsOn(fs, 2)[0]!.message, /for every entry/);
  assert.deepEqual(verdicts(fs, 3), ['mismatch']);
  assert.match(claimsOn(fs, 3)[0]!.message, /entry \d/);
});

test('∇ without a subscript differentiates by the one vector its operand is written in; ellipses and ⋮ columns read as their pattern', () => {
  const doc = [
    '$$\\nabla (\\mathbf{v}^T\\mathbf{v}) = \\nabla (v_1^2 + v_2^2 + \\cdots + v_n^2) = \\begin{bmatrix} 2v_1 \\\\ 2v_2 \\\\ \\vdots \\\\ 2v_n \\end{bmatrix} = 2\\mathbf{v}$$',
    '$$\\nabla \\|\\mathbf{v}\\|^2 = \\mathbf{v}$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(verdicts(fs, 1), ['ok', 'ok', 'ok']);
  assert.deepEqual(verdicts(fs, 2), ['mismatch']);
});

test('a quadratic form is the double sum over entries; a sum that skips the index (k ≠ i) and a stated symmetry are read', () => {
  const doc = [
    'Let $\\mathbf{B}$ be a symmetric matrix.',
    '$$\\frac{\\partial}{\\partial v_i} \\mathbf{v}^T \\mathbf{B} \\mathbf{v} = \\sum_{k \\neq i} b_{ik} v_k + \\sum_{j \\ne i} b_{ji} v_j + 2 b_{ii} v_i = 2\\sum_{k=1}^n b_{ik} v_k$$',
    '$$\\frac{\\partial}{\\partial v_i} \\mathbf{v}^T \\mathbf{B} \\mathbf{v} = \\sum_{k=1}^n b_{ik} v_k$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(verdicts(fs, 2), ['ok', 'ok']);
  assert.deepEqual(verdicts(fs, 3), ['mismatch']);
});

test('a bold-letter shorthand from a style file (\\bv) is the bold letter', () => {
  const doc = 'Let $h(\\bv) = \\bv^T \\bv$. $$\\frac{\\partial h}{\\partial \\bv} = 2\\bv$$';
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(verdicts(fs, 1).filter((v) => v !== null), ['ok']);
});

test('an index free in the claim that the left side sums over reads as one term of the sum: checked summed over it, never called wrong', () => {
  const doc = [
    '$$J(\\mathbf{u}) = \\sum_{i=1}^n (t_i - \\mathbf{u}^T\\mathbf{a}_i)^2$$',
    '$$\\frac{\\partial J}{\\partial u_j} = -2(t_i - \\mathbf{u}^T\\mathbf{a}_i) a_{ij}$$',
    '$$\\frac{\\partial J}{\\partial u_j} = -3(t_i - \\mathbf{u}^T\\mathbf{a}_i) a_{ij}$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(mismatches(fs), []);
  assert.deepEqual(verdicts(fs, 2), ['ok']);
  assert.match(claimsOn(fs, 2)[0]!.message, /one term of the sum over i/);
  assert.deepEqual(verdicts(fs, 3), ['unverified']);
  assert.match(claimsOn(fs, 3)[0]!.message, /one term of that sum/);
});

test('a chain that writes its vectors out with a fixed number of entries is not compared with vector notation read for n entries', () => {
  const doc = '$$\\mathbf{a}^T\\mathbf{c} = \\begin{pmatrix} a_1 & a_2 \\end{pmatrix}\\begin{pmatrix} c_1 \\\\ c_2 \\end{pmatrix} = a_1 c_1 + a_2 c_2$$';
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(mismatches(fs), []);
  assert.ok(claimsOn(fs, 1).some((f) => /written out with a fixed number of entries/.test(f.message)));
});

test('a function of a vector applied to something else, and a case on the index a sum runs over, are unknown, not wrong', () => {
  const doc = [
    'Let $m(\\mathbf{v}) = \\mathbf{v}^T\\mathbf{v}$, so $m(-y) = m(y) + 1$.',
    '$$\\text{if } i \\neq k, \\text{ then } \\frac{\\partial m}{\\partial \\mathbf{v}} = \\sum_{i=1}^n v_i$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(mismatches(fs), []);
  assert.ok(claimsOn(fs, 1).some((f) => f.verdict === 'unverified' && /not that vector/.test(f.message)));
});

test('an entry of an entrywise function of a vector (tanh(z)_i) is that function of the entry; an activation of a vector applies entry by entry', () => {
  const doc = [
    '$$\\frac{\\partial \\tanh(\\mathbf{z})_i}{\\partial z_i} = 1 - \\tanh^2(z_i)$$',
    '$$\\frac{\\partial \\sigma(\\mathbf{z})}{\\partial \\mathbf{z}} = \\sigma(\\mathbf{z})(1 - \\sigma(\\mathbf{z})) = \\sigma(\\mathbf{z})^2$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(verdicts(fs, 1), ['ok']);
  assert.deepEqual(verdicts(fs, 2), ['ok', 'mismatch']);
});

test('a second derivative written at an estimate (d²ℓ(θ̂)/dθ²) is the derivative at that estimate; a data count cancelling out does not block it', () => {
  const doc = [
    '$$\\ell(\\theta) = \\sum_{i=1}^n \\log \\frac{\\theta^{c_i} e^{-\\theta}}{c_i!}$$',
    '$$\\hat{\\theta} = \\frac{1}{n} \\sum_{i=1}^n c_i = \\bar{c}$$',
    '$$\\frac{d^2 \\ell(\\hat{\\theta})}{d\\theta^2} = -\\frac{n}{\\bar{c}}$$',
    '$$\\frac{d^2 \\ell(\\hat{\\theta})}{d\\theta^2} = -\\frac{n}{\\bar{c}^2}$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(verdicts(fs, 3), ['ok']);
  assert.deepEqual(verdicts(fs, 4), ['mismatch']);
});

test('a case written on the indices themselves is instantiated with them (the i = j and i ≠ j entries of a derivative)', () => {
  const doc = [
    'Let $g_i = e^{b_i}$ and $$\\sum_{k=1}^K b_k = K.$$',
    '$$\\frac{\\partial}{\\partial b_j} g_i = \\begin{cases} e^{b_i} & i = j \\\\ 0 & i \\neq j \\end{cases}$$',
    '$$\\frac{\\partial}{\\partial b_j} g_i = \\begin{cases} e^{b_j} & i = j \\\\ 1 & i \\neq j \\end{cases}$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(verdicts(fs, 2), ['ok']);
  assert.deepEqual(verdicts(fs, 3), ['mismatch']);
});

test('softmax and log-sum-exp of a vector the document does not define mean their formulas, entry by entry', () => {
  const doc = [
    'Let $\\mathbf{q} = \\text{softmax}(\\mathbf{s})$ and $\\mathbf{t}$ be one-hot, with $$E = -\\sum_k t_k \\log q_k.$$',
    '$$\\frac{\\partial E}{\\partial s_k} = q_k - t_k$$',
    '$$\\frac{\\partial E}{\\partial s_k} = t_k - q_k$$',
    '$$\\text{softmax}(\\mathbf{s})_j = \\frac{e^{s_j}}{\\sum_m e^{s_m}} = e^{s_j - \\text{logsumexp}(\\mathbf{s})}$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(verdicts(fs, 2), ['ok']);
  assert.deepEqual(verdicts(fs, 3), ['mismatch']);
  assert.deepEqual(verdicts(fs, 4), ['ok', 'ok']);
});

test('least squares in matrix form: a norm of y − Xw, a transposed group times a group, and Xᵀ(…) as the gradient', () => {
  const doc = [
    '$$Q(\\boldsymbol{\\beta}) = \\sum_{i=1}^{n} (t_i - \\boldsymbol{\\beta}^T \\mathbf{a}_i)^2 + \\mu \\|\\boldsymbol{\\beta}\\|^2$$',
    '$$Q(\\boldsymbol{\\beta}) = \\|\\mathbf{t} - \\mathbf{A}\\boldsymbol{\\beta}\\|^2 + \\mu \\boldsymbol{\\beta}^T\\boldsymbol{\\beta} = (\\mathbf{t} - \\mathbf{A}\\boldsymbol{\\beta})^T(\\mathbf{t} - \\mathbf{A}\\boldsymbol{\\beta}) + \\mu \\boldsymbol{\\beta}^T\\boldsymbol{\\beta}$$',
    '$$\\nabla_{\\boldsymbol{\\beta}} Q = -2 \\mathbf{A}^T (\\mathbf{t} - \\mathbf{A}\\boldsymbol{\\beta}) + 2\\mu \\boldsymbol{\\beta}$$',
    '$$\\nabla_{\\boldsymbol{\\beta}} Q = 2 \\mathbf{A}^T (\\mathbf{t} - \\mathbf{A}\\boldsymbol{\\beta}) + 2\\mu \\boldsymbol{\\beta}$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(verdicts(fs, 2), ['ok', 'ok']);
  assert.deepEqual(verdicts(fs, 3), ['ok']);
  assert.deepEqual(verdicts(fs, 4), ['mismatch']);
});

test('operator and index forms: (ln σ)′(x) is the derivative of ln σ(x), never (1/σ)·x; a family member under another index letter; π_k is a name; a limit inside an expression is its value', () => {
  const doc = [
    '$$(\\ln \\sigma)\'(t) = 1 - \\sigma(t)$$',
    '$$(\\ln \\sigma)\'(t) = \\sigma(t)$$',
    '$$r_k(\\mathbf{s}) = \\frac{e^{s_k}}{\\sum_m e^{s_m}}$$',
    '$$\\frac{\\partial r_i}{\\partial s_i} = r_i(1 - r_i)$$',
    '$$\\sum_{k=1}^K \\pi_k \\cdot 2 = 2\\sum_{k=1}^K \\pi_k$$',
    '$$e = \\lim_{m\\to\\infty}\\left(1+\\frac{1}{m}\\right)^m$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(verdicts(fs, 1), ['ok']);
  assert.deepEqual(verdicts(fs, 2), ['mismatch']);
  assert.deepEqual(verdicts(fs, 4), ['ok']);
  assert.deepEqual(verdicts(fs, 5), ['ok']);
  assert.deepEqual(verdicts(fs, 6), ['ok']);
});

test('exercise statements that reuse f: the variable of ∂f/∂w says which f is meant when only an earlier f takes it', () => {
  const doc = [
    'First let $f(\\mathbf{u}) = (2 + \\mathbf{u}^T\\mathbf{c})^2$. Then let $f(\\mathbf{c}) = \\mathbf{c}^T\\mathbf{c} + \\mathbf{u}^T\\mathbf{c}$.',
    '$$\\frac{\\partial f}{\\partial \\mathbf{u}} = 2(2 + \\mathbf{u}^T\\mathbf{c})\\mathbf{c}$$',
    '$$\\frac{\\partial f}{\\partial \\mathbf{u}} = 3(2 + \\mathbf{u}^T\\mathbf{c})\\mathbf{c}$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(verdicts(fs, 2), ['ok']);
  assert.match(claimsOn(fs, 2)[0]!.message, /takes u as its argument/);
  assert.deepEqual(verdicts(fs, 3), ['mismatch']);
});

test('a likelihood named like its own parameter, p(y|p), is applied to its arguments; a binomial coefficient is one opaque value in an identity', () => {
  const doc = [
    '$$\\mathrm{p}(k|p) = {m \\choose k} \\, p^k \\, (1-p)^{m-k}$$',
    '$$\\mathrm{LL}(p) = \\log \\mathrm{p}(k|p) = \\log {m \\choose k} + k \\log p + (m-k) \\log (1-p)$$',
    '$$\\frac{d\\,\\mathrm{LL}(p)}{dp} = \\frac{k}{p} + \\frac{m-k}{1-p}$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(verdicts(fs, 2), ['ok']);
  assert.deepEqual(verdicts(fs, 3), ['mismatch']);
});

test("the point-free shorthand σ' = σ(1 − σ) is the derivative in the activation's own value; a σ' in a document where σ is a quantity stays unread", () => {
  const sigmoid = ['Recall $\\sigma(z) = \\frac{1}{1 + e^{-z}}$, so that $\\sigma\' = \\sigma(1-\\sigma)$.', '$$\\sigma\' = \\sigma(1+\\sigma)$$', '$$\\tanh\' = 1 - \\tanh^2$$'].join('\n');
  const fs = analyzeDocument(sigmoid, 'markdown');
  assert.deepEqual(verdicts(fs, 1).filter((v) => v !== null), ['ok']);
  assert.deepEqual(verdicts(fs, 2), ['mismatch']);
  assert.deepEqual(verdicts(fs, 3), ['ok']);
  const deviation = analyzeDocument('With $\\sigma^2$ the variance and $\\sigma(x)$ unrelated, $$\\sigma\' = \\frac{\\sigma}{2}$$', 'markdown');
  assert.deepEqual(mismatches(deviation), []);
});

test('a dot written with \\cdot between vectors is the dot product; two different vectors side by side are not read entry by entry', () => {
  const doc = [
    'Let $h(\\vec{u}) = \\tanh(\\vec{u} \\cdot \\vec{c})$ with $$\\sum_i c_i = n$$',
    '$$\\frac{\\partial h}{\\partial \\vec{u}} = (1 - \\tanh^2(\\vec{u}\\cdot\\vec{c}))\\vec{c}$$',
    '$$\\frac{\\partial h}{\\partial \\vec{u}} = (1 - \\tanh^2(\\vec{u}\\cdot\\vec{c}))\\vec{u}$$',
    '$$\\mathbf{a} \\mathbf{c} = \\mathbf{c} \\mathbf{a}$$',
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.deepEqual(verdicts(fs, 2), ['ok']);
  assert.match(claimsOn(fs, 2)[0]!.message, /every entry/);
  assert.deepEqual(verdicts(fs, 3), ['mismatch']);
  assert.ok(claimsOn(fs, 4).every((f) => f.verdict === 'unverified'));
  assert.ok(claimsOn(fs, 4).some((f) => /only as a dot product/.test(f.message)));
});
