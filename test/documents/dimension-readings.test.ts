import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../src/documents/analyzeDocument.js';
import type { Finding } from '../../src/documents/findings.js';

// A document with a sum over i = 1 … n is read again with n = 3 and n = 4. The class here: claims
// that never needed the dimension (no sum, no n) keep the judgement of the plain reading, and
// the conventions that only make sense for a sum (the 1/n of a mean dropped) do not reach them.

const on = (fs: Finding[], line: number) => fs.filter((f) => f.kind !== 'definition' && f.range.start.line + 1 === line);

test('a wrong claim unrelated to the sums is not excused as "the 1/n of the mean dropped"', () => {
  const doc = [
    'The mean squared error is',
    '$$E = \\frac{1}{n}\\sum_{i=1}^{n} (t_i - a u_i)^2$$',
    'and, on the side, a power rule:',
    '$$\\frac{d}{dv} \\frac{v^3}{3} = 3v^2$$', // 4: three times too large, whatever n is
    '$$\\frac{d}{dv} \\frac{v^3}{3} = v^2$$',  // 5
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.equal(on(fs, 4)[0]?.verdict, 'mismatch');
  assert.match(on(fs, 4)[0]!.message, /3 times/);
  assert.equal(on(fs, 5)[0]?.verdict, 'ok');
});

test('claims through the sum are still judged with the dimension instantiated, and a claim naming n is read again', () => {
  const doc = [
    '$$S(b) = \\sum_{i=1}^{n} (b - u_i)^2$$',
    '$$\\frac{dS}{db} = \\sum_{i=1}^{n} 2(b - u_i)$$',  // 2: right
    '$$\\frac{dS}{db} = \\sum_{i=1}^{n} (b - u_i)$$',   // 3: a factor of 2 dropped
    '$$\\frac{d}{db} n b^2 = 2 n b$$',                  // 4: names n, right for every n
    '$$\\frac{d}{db} b^2 = 2 b$$',                      // 5: needs no dimension
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.equal(on(fs, 2)[0]?.verdict, 'ok');
  assert.equal(on(fs, 3)[0]?.verdict, 'mismatch');
  assert.equal(on(fs, 4)[0]?.verdict, 'ok');
  assert.equal(on(fs, 5)[0]?.verdict, 'ok');
  // the same findings as a document holding only line 5 (the plain reading's judgement, unchanged)
  const alone = analyzeDocument('\n\n\n\n$$\\frac{d}{db} b^2 = 2 b$$', 'markdown');
  assert.deepEqual(on(fs, 5), on(alone, 5));
});

test('a document that fixes the number of terms has its general statements read at that size', () => {
  // three classes written out, then the general Jacobian entry: there is no s_4 to ask about
  const doc = [
    '$$p_k = \\frac{e^{a_k}}{\\sum_{m=1}^{3} e^{a_m}}$$',                                   // 1
    'and for the record $\\sum_k p_k = 1$, so',                                             // 2
    '$$\\frac{\\partial p_k}{\\partial a_l} = p_k(\\delta_{kl} - p_l)$$',                      // 3
    '$$\\frac{\\partial p_k}{\\partial a_l} = p_k(\\delta_{kl} + p_l)$$',                      // 4: a sign slip
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.notEqual(on(fs, 3)[0]?.verdict, 'mismatch', on(fs, 3)[0]?.message);
  assert.notEqual(on(fs, 4)[0]?.verdict, 'ok');
});

test('with a symbolic size a claim that holds for 3 terms only is still caught at 4', () => {
  const doc = [
    '$$T = \\sum_{i=1}^{n} u_i$$',
    '$$\\frac{\\partial T}{\\partial u_1} = 1$$',
    '$$T = \\sum_{i=1}^{n} u_i = u_1 + u_2 + u_3$$', // true only when n = 3
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  assert.equal(on(fs, 2)[0]?.verdict, 'ok');
  assert.notEqual(on(fs, 3).at(-1)?.verdict, 'ok');
});

test('a sum over a letter that indexes nothing (Σ_{t=1}^m k_j) is an index typo read as written, not one term of a sum', () => {
  const def = '$$g(q) = \\left( \\sum_{j=1}^m k_j \\right) \\log q + \\left( m - \\sum_{j=1}^m k_j \\right) \\log(1 - q)$$\n\n';
  const claim = (sum: string) => `$$\\frac{d g}{d q} = \\frac{\\sum_{j=1}^m k_j}{q} - \\frac{m - ${sum} k_j}{1 - q}$$`;
  const verdicts = (md: string) => analyzeDocument(md, 'markdown').filter((f) => f.kind !== 'definition' && f.range.start.line === 2).map((f) => f.verdict);
  assert.deepEqual(verdicts(def + claim('\\sum_{j=1}^m')), ['ok']);
  // The summed letter t occurs nowhere: as written the sum is m·k_j, with j left free by the typo.
  assert.deepEqual(verdicts(def + claim('\\sum_{t=1}^m')), ['mismatch']);
});
