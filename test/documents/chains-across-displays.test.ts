// Issue 13, class 7: a chain of equalities may run over several rows of an aligned block and over
// displays that start with `=`. Every step is checked, the first wrong step is the one reported as
// the slip, and the steps that merely carry it forward say so instead of naming a slip of their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../src/documents/analyzeDocument.js';

const claimsOf = (md: string) => analyzeDocument(md, 'markdown').filter((f) => f.verdict !== null);
const line = (f: { range: { start: { line: number } } }) => f.range.start.line + 1;

const expansion = [
  'Expanding the square of a difference:',
  '',
  '$$(p - q)^2$$',
  '$$= p^2 - 2pq + q^2$$',
  '$$= p^2 - 2pq - q^2$$',
  '$$= p^2 - q^2 - 2pq$$',
  '$$= -2pq + p^2 - q^2$$',
].join('\n');

test('a slip in a chain of `=`-started displays is reported where it happens, and later steps carry it', () => {
  const fs = claimsOf(expansion);
  assert.deepEqual(fs.map((f) => [line(f), f.verdict]), [[4, 'ok'], [5, 'mismatch'], [6, 'mismatch'], [7, 'mismatch']]);
  for (const f of fs.filter((x) => line(x) > 5)) assert.match(f.message, /carries the slip made at line 5/);
  assert.doesNotMatch(fs.find((f) => line(f) === 5)!.message, /carries/);
});

test('the same chain written as rows of an aligned block reads the same', () => {
  const md = '$$\n\\begin{aligned}\n(p - q)^2 &= p^2 - 2pq - q^2 \\\\\n&= p^2 - q^2 - 2pq\n\\end{aligned}\n$$';
  const fs = claimsOf(md);
  assert.deepEqual(fs.map((f) => f.verdict), ['mismatch', 'mismatch']);
  assert.match(fs[1]!.message, /carries the slip made at line 3/);
});

test('a right chain across displays is right at every step', () => {
  const fs = claimsOf('$$(p + q)^2$$\n$$= p^2 + 2pq + q^2$$\n$$= q^2 + 2pq + p^2$$');
  assert.deepEqual(fs.map((f) => f.verdict), ['ok', 'ok']);
});
