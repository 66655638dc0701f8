import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findMathRegions } from '../../src/latex/regions.js';
import { parseMath } from '../../src/latex/parse.js';
import { ctx } from './helpers.js';

const timed = <T>(fn: () => T, ms: number, what: string): T => {
  const t0 = performance.now();
  const r = fn();
  const dt = performance.now() - t0;
  assert.ok(dt < ms, `${what} took ${dt.toFixed(0)} ms`);
  return r;
};

test('empty and whitespace input', () => {
  assert.deepEqual(findMathRegions('', 'tex'), []);
  assert.deepEqual(findMathRegions('', 'markdown'), []);
  assert.deepEqual(parseMath('', ctx), { lines: [] });
  assert.deepEqual(parseMath('  \n ', ctx), { lines: [] });
  assert.deepEqual(parseMath('\\quad \\label{x}', ctx), { lines: [] });
});

test('unbalanced input yields member errors, never exceptions', () => {
  for (const t of ['{', '}', '\\frac{', '\\left( x', 'x \\right)', '\\begin{cases} 1 & x', '((((', '|x', '\\sqrt', 'x^', 'x_', '\\', '$', '&&&', '\\\\\\\\', '\\frac{d}{dx}', '\\lim_{x \\to}', '\\sum_{i=1}^{', "f'", '\\mathbb{1}', '= = =', '\\left.\\right|_{x=}', "''''"]) {
    const pm = parseMath(t, ctx);
    for (const l of pm.lines) for (const m of l.members) assert.ok((m.node === null) === (m.error !== null) || (m.node === null && m.error === null && l.continuesPrevious), t);
  }
  const pm = parseMath('x + \\frac{1}{2', ctx);
  assert.match(pm.lines[0]!.members[0]!.error!, /unbalanced braces/);
});

test('a 100 KB one-line formula returns within a second', () => {
  const sum = Array.from({ length: 20000 }, (_, k) => `x_{${k % 10}}`).join(' + ');
  const pm = timed(() => parseMath(`y = ${sum}`, ctx), 1000, 'long sum');
  assert.equal(pm.lines[0]!.members.length, 2);
  assert.match(pm.lines[0]!.members[1]!.error!, /characters long/);
  const deep = '\\frac{'.repeat(20000) + 'x' + '}{2}'.repeat(20000);
  const d = timed(() => parseMath(deep, ctx), 1000, 'deep fractions');
  assert.ok(d.lines[0]!.members[0]!.error);
  const parens = '('.repeat(50000) + 'x' + ')'.repeat(50000);
  assert.ok(timed(() => parseMath(parens, ctx), 1000, 'deep parentheses').lines[0]!.members[0]!.error);
  const minus = '-'.repeat(100000) + 'x';
  assert.ok(timed(() => parseMath(minus, ctx), 1000, 'many minus signs').lines[0]!.members[0]!.error);
  const lines = Array.from({ length: 5000 }, (_, k) => `a_${k % 10} &= ${k}`).join(' \\\\ ');
  assert.equal(timed(() => parseMath(lines, ctx), 1000, 'many lines').lines.length, 5000);
  const braces = '}'.repeat(50000) + '{'.repeat(50000);
  timed(() => parseMath(braces, ctx), 1000, 'stray braces');
});

test('region scanning stays linear on hostile documents', () => {
  const big = 'costs $5 and $6 '.repeat(10000);
  assert.deepEqual(timed(() => findMathRegions(big, 'markdown'), 1000, 'prices'), []);
  const ticks = '` `` ``` '.repeat(10000);
  timed(() => findMathRegions(ticks, 'markdown'), 1000, 'backticks');
  const opens = '\\( '.repeat(30000);
  timed(() => findMathRegions(opens, 'markdown'), 1000, 'unclosed \\(');
  const dollars = '$ '.repeat(50000);
  timed(() => findMathRegions(dollars, 'markdown'), 1000, 'lone dollars');
  timed(() => findMathRegions('%'.repeat(100000) + '\\verb'.repeat(20000), 'tex'), 1000, 'comments');
  const line = 'x'.repeat(100000);
  assert.deepEqual(findMathRegions(`$${line}$`, 'tex').map((r) => r.text.length), [100000]);
  const unclosed = timed(() => findMathRegions('$$' + 'a'.repeat(100000), 'markdown'), 1000, 'unclosed $$');
  assert.equal(unclosed[0]!.unterminated, true);
});

test('binary garbage neither throws nor hangs', () => {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let round = 0; round < 30; round++) {
    const chars = Array.from({ length: 3000 }, () => {
      const r = rand();
      if (r < 0.3) return '$\\{}[]()^_&%`|\'<>='[Math.floor(rand() * 19)]!;
      if (r < 0.35) return '\\frac';
      if (r < 0.4) return '\\begin{cases}';
      if (r < 0.45) return '\n';
      return String.fromCharCode(Math.floor(rand() * 0xffff));
    }).join('');
    for (const f of ['tex', 'markdown'] as const) {
      const regions = findMathRegions(chars, f);
      for (const r of regions) {
        assert.equal(typeof r.positionAt(r.text.length).line, 'number');
        parseMath(r.text, ctx);
      }
    }
    parseMath(chars, ctx);
  }
});

test('a context that throws is treated as knowing no functions', () => {
  const pm = parseMath('\\sigma(z)', { isFunction: () => { throw new Error('boom'); } });
  assert.equal(pm.lines[0]!.members[0]!.error, null);
});
