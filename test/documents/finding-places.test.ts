import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../src/documents/analyzeDocument.js';
import { movePositions, rangesOf, type Finding } from '../../src/documents/findings.js';
import { analyzeNotebook } from '../../src/notebooks/analyzeNotebook.js';

// A finding carries where its claim sits (issue 11: one fact, one owner): the left-hand side as
// written, the whole equation's range, and the definition it was checked against, so that labels,
// hovers on the left-hand side and plots need no rescan of the source.

const claimsOn = (fs: Finding[], line: number) => fs.filter((f) => f.kind !== 'definition' && f.range.start.line + 1 === line);

test('a claim knows its left-hand side, its equation and its definition', () => {
  const doc = [
    '$$q(u) = \\frac{1}{1 + e^{-u}}$$',                                 // 1
    'so',
    '$$\\frac{dq}{du} = q(u)(1 - q(u)) = \\frac{e^{-u}}{(1+e^{-u})^2}$$', // 3
  ].join('\n');
  const fs = analyzeDocument(doc, 'markdown');
  const [first, second] = claimsOn(fs, 3);
  assert.equal(first!.verdict, 'ok');
  assert.deepEqual(first!.subject, { text: '\\frac{dq}{du}', adjacent: true });
  assert.deepEqual(second!.subject, { text: '\\frac{dq}{du}', adjacent: false });
  // the equation runs from the left-hand side to the claim itself
  assert.deepEqual(first!.equation!.start, { line: 2, character: 2 });
  assert.deepEqual(first!.equation!.end, first!.range.end);
  const def = fs.find((f) => f.kind === 'definition')!;
  assert.deepEqual(first!.definition, { range: def.range });
});

test('a display that starts with = has the previous head as subject but no equation (prose lies between)', () => {
  const doc = ['$$\\frac{d}{dv} v^2$$', 'which is', '$$= 2v$$'].join('\n');
  const [claim] = claimsOn(analyzeDocument(doc, 'markdown'), 3);
  assert.equal(claim!.verdict, 'ok');
  assert.equal(claim!.subject?.text, '\\frac{d}{dv} v^2');
  assert.equal(claim!.equation, undefined);
});

test('moving a finding moves every position it carries, in the order rangesOf lists them', () => {
  const doc = ['$$q(u) = u^2$$', '$$\\frac{dq}{du} = 2u$$'].join('\n');
  const claim = claimsOn(analyzeDocument(doc, 'markdown'), 2)[0]!;
  assert.equal(rangesOf(claim).length, 4); // range, equation, one related, definition
  const down = movePositions(claim, (r) => ({ range: { start: { ...r.start, line: r.start.line + 10 }, end: { ...r.end, line: r.end.line + 10 } } }));
  assert.deepEqual(rangesOf(down).map((r) => r.start.line), rangesOf(claim).map((r) => r.start.line + 10));
});

test('in a notebook the definition a claim was checked against is found in its own cell', () => {
  const cell = (source: string) => ({ cell_type: 'markdown', metadata: {}, source: [source] });
  const nb = JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell('$$q(u) = u^3$$'), cell('Then\n$$\\frac{dq}{du} = 3u^2$$')] });
  const fs = analyzeNotebook(nb);
  const claim = fs.find((f) => f.kind === 'derivative')!;
  const def = fs.find((f) => f.kind === 'definition')!;
  assert.equal(claim.cell, 1);
  assert.deepEqual(claim.definition, { range: def.range, cell: def.cell });
  assert.equal(claim.equation!.start.line, claim.range.start.line); // relative to its cell, like its range
});
