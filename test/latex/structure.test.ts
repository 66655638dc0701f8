import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toText } from '../../src/core/expr/tree.js';
import { collectFunctionNames } from '../../src/latex/parse.js';
import type { ParsedLine } from '../../src/latex/types.js';
import { ctx, parse } from './helpers.js';

const chain = (l: ParsedLine): string =>
  l.members.map((m, k) => (m.node ? toText(m.node) : m.error === null ? '<prev>' : `!${m.error}`) + (k < l.relations.length ? ` [${l.relations[k]}] ` : '')).join('');

test('relation chains with offsets into the text', () => {
  const text = 'h = \\sigma(z) \\approx 1 + x';
  const [line] = parse(text).lines;
  assert.equal(chain(line!), 'h [eq] sigma(z) [approx] 1 + x');
  assert.deepEqual(line!.members.map((m) => text.slice(m.start, m.end)), ['h', '\\sigma(z)', '1 + x']);
  assert.equal(line!.continuesPrevious, false);
});

test('every relation kind', () => {
  const l = parse('a := b \\coloneqq c \\equiv d < e > f \\le g \\geq h \\ne k \\neq m \\leq n').lines[0]!;
  assert.deepEqual(l.relations, ['def', 'def', 'def', 'lt', 'gt', 'le', 'ge', 'ne', 'ne', 'le']);
  assert.deepEqual(parse('a \\stackrel{\\text{def}}{=} b').lines[0]!.relations, ['def']);
});

test('implies separates chains inside a line; a leading \\therefore is dropped', () => {
  const l = parse('2x = 4 \\Rightarrow x = 2 \\implies y = 1').lines[0]!;
  assert.equal(chain(l), '2 * x [eq] 4 [implies] x [eq] 2 [implies] y [eq] 1');
  assert.equal(chain(parse('\\therefore x = 2').lines[0]!), 'x [eq] 2');
});

test('align lines: & markers removed, &= lines continue the previous first member', () => {
  const text = 'f(x) &= (x+1)^2 \\\\\n &= x^2 + 2x + 1 \\nonumber \\\\\n &\\approx x^2 \\label{eq:a}';
  const lines = parse(text).lines;
  assert.equal(lines.length, 3);
  assert.equal(chain(lines[0]!), 'f * x [eq] (x + 1) ^ 2');
  assert.equal(chain(lines[1]!), 'f * x [eq] x ^ 2 + 2 * x + 1');
  assert.equal(lines[1]!.continuesPrevious, true);
  assert.deepEqual(lines[1]!.members[0]!, { ...lines[0]!.members[0]!, node: lines[1]!.members[0]!.node });
  assert.equal(text.slice(lines[1]!.members[1]!.start, lines[1]!.members[1]!.end), 'x^2 + 2x + 1');
  assert.deepEqual(lines[2]!.relations, ['approx']);
  assert.equal(text.slice(lines[2]!.start, lines[2]!.end), '\\approx x^2');
});

test('a formula starting with = continues a previous region: placeholder left member', () => {
  const l = parse('= 0').lines[0]!;
  assert.equal(l.continuesPrevious, true);
  assert.deepEqual(l.members[0], { node: null, error: null, start: 0, end: 0 });
  assert.equal(chain(l), '<prev> [eq] 0');
});

test('split/aligned wrappers and cases inside a line', () => {
  const lines = parse('\\begin{split} a &= b \\\\ &= c \\end{split}').lines;
  assert.deepEqual(lines.map(chain), ['a [eq] b', 'a [eq] c']);
  const c = parse('g(z) = \\begin{cases} 1 & z > 0 \\\\ 0 & \\text{otherwise} \\end{cases}', ctx).lines;
  assert.equal(c.length, 1);
  assert.equal(chain(c[0]!), 'g * z [eq] (z > 0) ? 1 : 0');
});

test('conditions: \\text{if}, comma, \\quad, where', () => {
  const a = parse('f(x) = x^2 \\quad \\text{if } x > 0').lines[0]!;
  assert.equal(a.members.length, 2);
  assert.deepEqual(a.conditions.map((c) => [c.text, c.node ? toText(c.node) : null]), [['x > 0', 'x > 0']]);
  const b = parse('\\ell = -y\\log p, \\quad y \\in \\{0,1\\}').lines[0]!;
  assert.equal(chain(b), 'l [eq] -(y * log(p))');
  assert.deepEqual(b.conditions.map((c) => [c.text, c.node]), [['y \\in \\{0,1\\}', null]]);
  const c = parse('L = (y - t)^2 \\text{ where } t = wx').lines[0]!;
  assert.equal(chain(c), 'L [eq] (y - t) ^ 2');
  assert.equal(c.conditions[0]!.text, 't = wx');
  assert.equal(toText(c.conditions[0]!.node!), 't == w * x');
  const d = parse('\\text{if } i \\neq k, \\text{ then } g &= 0').lines[0]!;
  assert.equal(chain(d), 'g [eq] 0');
  assert.equal(d.conditions[0]!.text, 'i \\neq k,');
});

test('punctuation, tags, labels and prose around formulas are ignored', () => {
  assert.equal(chain(parse('h = \\frac{1}{1 + e^{-z}}. \\quad (1)').lines[0]!), 'h [eq] 1 / (1 + exp(-z))');
  assert.equal(chain(parse('a = b, ').lines[0]!), 'a [eq] b');
  assert.equal(chain(parse('\\displaystyle a = b \\tag{3}\\label{x}').lines[0]!), 'a [eq] b');
  assert.equal(chain(parse('\\text{Answer: } a = b').lines[0]!), 'a [eq] b');
  assert.equal(chain(parse('d = y - \\hat y \\qquad \\text{(Same as 1.1)}').lines[0]!), 'd [eq] y - y_hat');
  assert.equal(chain(parse('a\\,=\\;b\\!+\\:c ~').lines[0]!), 'a [eq] b + c');
  assert.equal(chain(parse('\\left. a \\right. = b').lines[0]!), 'a [eq] b');
  // "p =" at the end of an inline formula continues in the next one: nothing to check
  assert.equal(chain(parse('p =').lines[0]!), 'p');
});

test('\\quad-separated equations become separate lines; enumerators are dropped', () => {
  const lines = parse('1) \\quad p_1 &= \\frac{1}{50} \\quad p_2 = \\frac{6}{50} \\\\ 2) L = 1 \\quad 3) M = 2').lines;
  assert.deepEqual(lines.map(chain), ['p_1 [eq] 1 / 50', 'p_2 [eq] 6 / 50', 'L [eq] 1', 'M [eq] 2']);
});

test('a member that fails keeps its neighbours', () => {
  const l = parse('a = \\foo{x} = b').lines[0]!;
  assert.equal(chain(l), 'a [eq] !unknown macro \\foo [eq] b');
  assert.equal(l.members[1]!.start, 4);
});

test('collectFunctionNames finds definitions', () => {
  assert.deepEqual(collectFunctionNames('f(x) = x^2'), ['f']);
  assert.deepEqual(collectFunctionNames('\\sigma(z) := \\frac{1}{1+e^{-z}}'), ['sigma']);
  assert.deepEqual(collectFunctionNames('\\operatorname{sig}[z] = \\frac{1}{1 + \\exp[-z]}'), ['sig']);
  assert.deepEqual(collectFunctionNames('g(x, y) \\coloneqq xy'), ['g']);
  assert.deepEqual(collectFunctionNames('L(\\mathbf{x}, \\mathbf{W}) = 0 \\\\ \\text{logit}^{-1}(x) = S(x) = 1'), ['L', 'S']);
  assert.deepEqual(collectFunctionNames('h = \\sigma(z) = \\frac{1}{2}'), ['sigma']);
  assert.deepEqual(collectFunctionNames('softmax(z) = z'), ['softmax']);
  assert.deepEqual(collectFunctionNames('L_{SVM}(x_i, y_i) = 1'), ['L_SVM']);
  // not definitions: applications, products, values, vocabulary
  assert.deepEqual(collectFunctionNames('y = h(1 - h) + f(2) + \\exp(x) = 1 \\\\ p(1) = 3 \\\\ \\log(x) = 2'), []);
  assert.deepEqual(collectFunctionNames("f'(x) = 2x"), []);
  assert.deepEqual(collectFunctionNames(''), []);
});
