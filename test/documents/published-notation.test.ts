import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../src/documents/analyzeDocument.js';
import type { Finding } from '../../src/documents/findings.js';

// Round 2 of the classes met in derivations published by other authors (issue 13). Each test states
// the class in words and uses text written for it; none comes from a corpus document.

const on = (fs: Finding[], line: number) => fs.filter((f) => f.kind !== 'definition' && f.range.start.line + 1 === line);

test('conditional notation: a density p(k | θ) is a function of the data and the parameter alike', () => {
  const doc = [
    '$$f(k \\mid \\theta) = \\theta^2 k + \\theta$$',                                // 1
    '$$\\frac{\\partial f(k \\mid \\theta)}{\\partial \\theta} = 2\\theta k + 1$$', // 2
    '$$\\frac{\\partial f(k \\mid \\theta)}{\\partial \\theta} = 2\\theta k - 1$$', // 3
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.equal(on(fs, 2)[0]?.verdict, 'ok');
  assert.equal(on(fs, 3)[0]?.verdict, 'mismatch');
});

test('counts: a factorial of the data is a constant when differentiating by a parameter, unknown by the count itself', () => {
  const doc = [
    '$$g(m, \\mu) = m \\log \\mu - \\mu - \\log m!$$',             // 1
    '$$\\frac{\\partial g(m, \\mu)}{\\partial \\mu} = \\frac{m}{\\mu} - 1$$', // 2
    '$$\\frac{\\partial g(m, \\mu)}{\\partial \\mu} = \\frac{m}{\\mu} + 1$$', // 3
    '$$\\frac{\\partial g(m, \\mu)}{\\partial m} = \\log \\mu$$',             // 4
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.equal(on(fs, 2)[0]?.verdict, 'ok');
  assert.equal(on(fs, 3)[0]?.verdict, 'mismatch');
  // d/dm of log m! is no derivative of a count: never checked, never wrong.
  assert.equal(on(fs, 4)[0]?.verdict, 'unverified');
});

test('a function name carrying a one-letter superscript label, applied to a list, is that labelled function', () => {
  const doc = [
    '$$q^b(u, v) = u^3 v$$',                                    // 1
    '$$\\frac{\\partial q^b(u, v)}{\\partial u} = 3u^2 v$$',    // 2
    '$$\\frac{\\partial q^b(u, v)}{\\partial u} = 3u v$$',      // 3
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.equal(on(fs, 2)[0]?.verdict, 'ok');
  assert.equal(on(fs, 3)[0]?.verdict, 'mismatch');
});

test('conditional notation with a plain bar: h(k|θ) is a function of both, while |x| stays an absolute value', () => {
  const doc = [
    '$$h(k|\\theta) = \\theta^3 + k$$',                                  // 1
    '$$\\frac{\\partial h(k|\\theta)}{\\partial \\theta} = 3\\theta^2$$', // 2
    '$$\\frac{\\partial h(k|\\theta)}{\\partial \\theta} = 3\\theta$$',   // 3
    '$$\\frac{d}{dx} |x|^2 = 2x$$',                                       // 4
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.equal(on(fs, 2)[0]?.verdict, 'ok');
  assert.equal(on(fs, 3)[0]?.verdict, 'mismatch');
  assert.equal(on(fs, 4)[0]?.verdict, 'ok');
});

test('a document function next to a bracket of its own values is a product: q_k(δ_kj − q_j), q_k q_j', () => {
  // q_k(u) is defined as a function, yet derivations write its values times brackets in its own family.
  const doc = [
    '$$q_k(u) = \\frac{e^{u_k}}{\\sum_{m=1}^{K} e^{u_m}}$$',                   // 1
    '$$\\frac{\\partial q_k}{\\partial u_j} = q_k(\\delta_{kj} - q_j)$$',      // 2
    '$$\\frac{\\partial q_k}{\\partial u_j} = q_k(\\delta_{kj} + q_j)$$',      // 3
    'If $k \\neq j$: $$\\frac{\\partial q_k}{\\partial u_j} = -q_k q_j$$',     // 4
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.equal(on(fs, 2)[0]?.verdict, 'ok');
  assert.equal(on(fs, 3)[0]?.verdict, 'mismatch');
  assert.equal(on(fs, 4)[0]?.verdict, 'ok');
});

test('markup: align* written inside $$ … $$ (Markdown rendered by MathJax) is read like aligned', () => {
  const doc = ['Notes', '$$\\begin{align*}', '(t + 1)^2 &= t^2 + 2t + 1 \\\\', '&= t^2 + 1', '\\end{align*}$$'].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.equal(on(fs, 3)[0]?.verdict, 'ok');
  assert.equal(on(fs, 4)[0]?.verdict, 'mismatch');
});

test('a plain indicator 1_{i=j} is the Kronecker delta, and a fresh name closing a definition chain abbreviates it', () => {
  const doc = [
    '$$s = \\sum_{k=1}^{K} e^{b_k} = S$$',                                          // 1
    '$$\\frac{\\partial}{\\partial b_j} \\frac{e^{b_i}}{S} = \\frac{1_{i=j} e^{b_i} S - e^{b_i} e^{b_j}}{S^2}$$', // 2
    '$$\\frac{\\partial}{\\partial b_j} \\frac{e^{b_i}}{S} = \\frac{1_{i=j} e^{b_i} S + e^{b_i} e^{b_j}}{S^2}$$', // 3
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.equal(on(fs, 1).length, 0, 'S is named, not claimed');
  assert.equal(on(fs, 2)[0]?.verdict, 'ok');
  assert.equal(on(fs, 3)[0]?.verdict, 'mismatch');
});

test('"saturates" is said only where the gradient vanishes toward an end of the range, not where it crosses zero', () => {
  const doc = [
    '$$m(x) = x \\tanh(\\log(1 + e^x))$$',   // 1: mish, f′ crosses zero near −1.19
    '$$q(u) = \\frac{1}{2} (u - 1)^2$$',     // 2: a squared error, f′ is zero at its minimum only
  ].join('\n');
  const defs = analyzeDocument(doc, 'markdown').filter((f) => f.kind === 'definition');
  const mish = defs.find((f) => f.range.start.line === 0)?.message ?? '';
  const squared = defs.find((f) => f.range.start.line === 1)?.message ?? '';
  assert.match(mish, /saturates for x < -6\.\d+:/);
  assert.doesNotMatch(mish, /and .*< x </);
  assert.doesNotMatch(squared, /saturates for/);
  assert.doesNotMatch(`${mish} ${squared}`, /\b(-?[\d.]+) < \w+ < \1\b/);
});

test('verdict sentences quote the claim as readable math, not as its LaTeX source', () => {
  const doc = [
    '$$\\ell(z) = -y \\log \\sigma(z) - (1 - y) \\log(1 - \\sigma(z))$$', // 1
    '$$\\frac{\\partial \\ell}{\\partial z} = \\sigma(z) - y$$',            // 2
    '$$\\frac{\\partial \\ell}{\\partial z} = \\frac{1}{1 + e^{-z}} + y$$', // 3
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  const ok = on(fs, 2)[0]!, wrong = on(fs, 3)[0]!;
  assert.equal(ok.verdict, 'ok');
  assert.match(ok.message, /^σ\(z\) − y is right/);
  assert.equal(wrong.verdict, 'mismatch');
  // The slip first, then the claim with its left-hand side as readable math (issue 13, messages).
  assert.match(wrong.message, /^the sign of the term y is wrong, so ∂ℓ\/∂z = 1\/\(1 \+ e\^\(−z\)\) \+ y is wrong/);
  assert.match(wrong.message, /The right derivative is σ\(z\) − y\./);
  assert.doesNotMatch(`${ok.message} ${wrong.message}`, /\\(frac|sigma)/);
});

test('a derivative with respect to the variance ∂ℓ/∂σ² treats σ² as one variable; ∂²g/∂t² stays a second derivative', () => {
  const doc = [
    '$$\\ell(\\mu, \\tau^2) = -\\frac{1}{2}\\ln(\\tau^2) - \\frac{(x - \\mu)^2}{2\\tau^2}$$',     // 1
    '$$\\frac{\\partial \\ell}{\\partial \\tau^2} = -\\frac{1}{2\\tau^2} + \\frac{(x - \\mu)^2}{2(\\tau^2)^2}$$', // 2
    '$$\\frac{\\partial \\ell}{\\partial \\tau^2} = -\\frac{1}{2\\tau^2} + \\frac{(x - \\mu)^2}{(\\tau^2)^2}$$',  // 3
    '$$g(t) = t^3$$',                                                                               // 4
    '$$\\frac{\\partial^2 g}{\\partial t^2} = 6t$$',                                                 // 5
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.equal(on(fs, 2)[0]?.verdict, 'ok');
  assert.equal(on(fs, 3)[0]?.verdict, 'mismatch');
  assert.equal(on(fs, 5)[0]?.verdict, 'ok');
});
