import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findMathRegions } from '../../src/latex/regions.js';

const texts = (src: string, f: 'tex' | 'markdown') => findMathRegions(src, f).map((r) => r.text);

test('tex: inline and display delimiters with exact ranges', () => {
  const src = 'Let $x^2$ and \\(y\\).\n\\[ a = b \\]\n$$c$$';
  const rs = findMathRegions(src, 'tex');
  assert.deepEqual(rs.map((r) => [r.text, r.display, r.delimiter]), [
    ['x^2', false, '$'], ['y', false, '\\('], [' a = b ', true, '\\['], ['c', true, '$$'],
  ]);
  assert.deepEqual(rs[0]!.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 8 } });
  assert.deepEqual(rs[2]!.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } });
  assert.deepEqual(rs[3]!.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 3 } });
  assert.equal(rs[0]!.offset, 5);
});

test('tex: environments, starred, with inner aligned/cases kept in the text', () => {
  const src = [
    '\\begin{align*}',
    '  f(x) &= x^2 \\\\',
    '       &= x \\cdot x',
    '\\end{align*}',
    '\\begin{equation}\\begin{split} a &= b \\end{split}\\end{equation}',
    '\\begin{gather} g = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases} \\end{gather}',
    '\\begin{multline*}m\\end{multline*} \\begin{eqnarray}e\\end{eqnarray}',
  ].join('\n');
  const rs = findMathRegions(src, 'tex');
  assert.deepEqual(rs.map((r) => r.env), ['align*', 'equation', 'gather', 'multline*', 'eqnarray']);
  assert.equal(rs[0]!.text, '\n  f(x) &= x^2 \\\\\n       &= x \\cdot x\n');
  assert.deepEqual(rs[0]!.range.start, { line: 0, character: 14 });
  assert.deepEqual(rs[0]!.range.end, { line: 3, character: 0 });
  assert.equal(rs[1]!.text, '\\begin{split} a &= b \\end{split}');
  assert.ok(rs[2]!.text.includes('\\end{cases}'));
  assert.ok(rs.every((r) => r.display && !r.unterminated));
  // positionAt maps offsets inside the text back to the source
  const at = rs[0]!.text.indexOf('x^2');
  assert.deepEqual(rs[0]!.positionAt(at), { line: 1, character: 10 });
});

test('tex: comments, escaped dollars, verbatim and \\verb are not math', () => {
  const src = [
    'Price \\$5 and \\$6. % a comment with $x$ inside',
    '\\begin{verbatim}',
    '$not math$',
    '\\end{verbatim}',
    '\\verb|$y$| and \\verb*+$z$+',
    '\\begin{lstlisting}$q$\\end{lstlisting}\\begin{minted}{python}x = "$"\\end{minted}',
    '50\\% done, $real$',
  ].join('\n');
  assert.deepEqual(texts(src, 'tex'), ['real']);
});

test('tex: a % comment inside display math does not end it, and its $ does not count', () => {
  const src = '\\[ a = b % c $ d\n + c \\]';
  const rs = findMathRegions(src, 'tex');
  assert.equal(rs.length, 1);
  assert.equal(rs[0]!.text, ' a = b % c $ d\n + c ');
});

test('tex: directives apply to the next region; unknown ones are flagged', () => {
  const src = [
    '% gradlens: range -10 10',
    '% gradlens: tolerance 1e-6; samples 500',
    '$a$ $b$',
    '%gradlens: ignore',
    '% gradlens: frobnicate 3',
    '% gradlens: range 5',
    '\\begin{equation} c \\end{equation}',
  ].join('\n');
  const rs = findMathRegions(src, 'tex');
  assert.deepEqual(rs[0]!.directives.map((d) => [d.key, d.args, d.unknown, d.error]), [
    ['range', ['-10', '10'], false, null], ['tolerance', ['1e-6'], false, null], ['samples', ['500'], false, null],
  ]);
  assert.deepEqual(rs[0]!.directives[0]!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 24 } });
  assert.deepEqual(rs[1]!.directives, []);
  const ds = rs[2]!.directives;
  assert.deepEqual(ds.map((d) => [d.key, d.unknown]), [['ignore', false], ['frobnicate', true], ['range', false]]);
  assert.match(ds[2]!.error!, /range needs two numbers/);
});

test('tex: directive written inside the math applies to that region', () => {
  const rs = findMathRegions('\\begin{align}\n% gradlens: range 0 1\nf &= x\n\\end{align}', 'tex');
  assert.deepEqual(rs[0]!.directives.map((d) => [d.key, d.args]), [['range', ['0', '1']]]);
  assert.deepEqual(rs[0]!.directives[0]!.range.start, { line: 1, character: 0 });
});

test('tex: unterminated math is flagged; inline stops at the paragraph, display at the end', () => {
  const rs = findMathRegions('Text $x + y\nmore\n\nnext $z$', 'tex');
  assert.deepEqual(rs.map((r) => [r.text, r.unterminated]), [['x + y\nmore', true], ['z', false]]);
  const d = findMathRegions('\\begin{align} a = b\n\nc', 'tex');
  assert.deepEqual(d.map((r) => [r.text, r.unterminated, r.env]), [[' a = b\n\nc', true, 'align']]);
  assert.deepEqual(findMathRegions('$$ a', 'tex').map((r) => [r.text, r.unterminated]), [[' a', true]]);
});

test('markdown: dollars, double dollars over lines, \\( \\[ and math fences', () => {
  const src = ['Inline $a+b$ and \\(c\\).', '$$', 'x = 1 \\\\', 'y = 2', '$$', '\\[d\\]', '```math', 'e = mc^2', '```'].join('\n');
  const rs = findMathRegions(src, 'markdown');
  assert.deepEqual(rs.map((r) => [r.text, r.display, r.env]), [
    ['a+b', false, null], ['c', false, null], ['\nx = 1 \\\\\ny = 2\n', true, null], ['d', true, null], ['e = mc^2', true, 'math'],
  ]);
  assert.deepEqual(rs[2]!.range, { start: { line: 1, character: 2 }, end: { line: 4, character: 0 } });
  assert.deepEqual(rs[4]!.range, { start: { line: 7, character: 0 }, end: { line: 7, character: 8 } });
  assert.deepEqual(rs[2]!.positionAt(1), { line: 2, character: 0 });
});

test('markdown: code fences, code spans and escaped dollars are skipped', () => {
  const src = [
    'Use `$x$` or ``a ` $y$ ``, not \\$z\\$.',
    '```python',
    'cost = "$5"  # $w$',
    '```',
    '~~~',
    '$v$',
    '~~~',
    'Real: $r$',
  ].join('\n');
  assert.deepEqual(texts(src, 'markdown'), ['r']);
});

test('markdown: Pandoc dollar rules keep prices out of math', () => {
  assert.deepEqual(texts('It costs $5 and $6 today.', 'markdown'), []);
  assert.deepEqual(texts('Between $5 and $10, $x$ is fine', 'markdown'), ['x']);
  // a closing $ must follow a non-space: here nothing closes, so the math is unterminated
  assert.deepEqual(findMathRegions('a $x $ b', 'markdown').map((r) => [r.text, r.unterminated]), [['x $ b', true]]);
  // a lenient `$ x^2 $` (Jupyter style) is math only when it clearly is
  assert.deepEqual(texts('A $ x^2 $ here and $ 20 $ there', 'markdown'), [' x^2 ']);
});

test('markdown: unterminated $ runs to the end of the paragraph only', () => {
  const rs = findMathRegions('Look $x + y\nstill\n\nNew paragraph $z$.', 'markdown');
  assert.deepEqual(rs.map((r) => [r.text, r.unterminated]), [['x + y\nstill', true], ['z', false]]);
  const dd = findMathRegions('$$ a = b\n\n$$c$$', 'markdown');
  assert.deepEqual(dd.map((r) => [r.text, r.unterminated]), [[' a = b', true], ['c', false]]);
});

test('markdown: HTML-comment and % directives apply to the next region', () => {
  const src = ['<!-- gradlens: range -10 10 -->', 'Text $a$ and $b$.', '% gradlens: samples 50', '$$c$$', '<!-- plain comment $d$ -->'].join('\n');
  const rs = findMathRegions(src, 'markdown');
  assert.deepEqual(rs.map((r) => r.text), ['a', 'b', 'c']);
  assert.deepEqual(rs[0]!.directives.map((d) => [d.key, d.args]), [['range', ['-10', '10']]]);
  assert.deepEqual(rs[0]!.directives[0]!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 31 } });
  assert.deepEqual(rs[1]!.directives, []);
  assert.deepEqual(rs[2]!.directives.map((d) => [d.key, d.args]), [['samples', ['50']]]);
});

test('positions count UTF-16 code units and handle CRLF', () => {
  const src = 'é😀 $x$\r\nab $y$';
  const rs = findMathRegions(src, 'markdown');
  assert.deepEqual(rs[0]!.range.start, { line: 0, character: 5 });
  assert.deepEqual(rs[1]!.range.start, { line: 1, character: 4 });
});
