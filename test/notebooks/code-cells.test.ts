// A notebook's code cells joined into one Python module: masked, in cell order, each offset of
// the module mapping back to its cell and to the same characters there; a definition in one cell
// is in the module before its use in a later one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lowerPython } from '../../src/code/lang/python/lower.js';
import { loadPythonParser } from '../../src/code/lang/python/parser.js';
import { joinCodeCells } from '../../src/notebooks/codeCells.js';
import type { NotebookCell } from '../../src/notebooks/notebook.js';

const CELLS: NotebookCell[] = [
  { index: 0, kind: 'markdown', source: '# Logistic regression\n$\\sigma(z) = 1/(1+e^{-z})$' },
  { index: 1, kind: 'code', source: '%matplotlib inline\nimport numpy as np' },
  { index: 2, kind: 'code', source: 'def sigma(z):\n    return 1. / (1 + np.exp(-z))\n' },
  { index: 3, kind: 'markdown', source: 'Its derivative is $\\sigma(z)(1-\\sigma(z))$.' },
  { index: 4, kind: 'raw', source: 'not code' },
  { index: 5, kind: 'code', source: '!pip install tqdm\ndef sigma_grad(z):\n    s = sigma(z)\n    return s * (1 - s)' },
];

test('code cells join in order, masked, each on lines of its own; other cells add nothing', () => {
  const j = joinCodeCells(CELLS);
  assert.deepEqual(j.cells.map((c) => c.index), [1, 2, 5]);
  assert.ok(!j.text.includes('%matplotlib') && !j.text.includes('!pip') && !j.text.includes('not code') && !j.text.includes('Logistic'));
  assert.ok(j.text.indexOf('def sigma(') < j.text.indexOf('def sigma_grad('));
  for (const c of j.cells) assert.equal(j.text.slice(c.start, c.end).length, CELLS[c.index]!.source.length);
});

test('every offset of a cell maps back to the same characters in its own source', () => {
  const j = joinCodeCells(CELLS);
  for (const c of j.cells) {
    const source = CELLS[c.index]!.source;
    for (let o = c.start; o < c.end; o++) {
      const at = j.locate(o)!;
      assert.equal(at.cell, c.index);
      if (j.text[o] !== ' ') assert.equal(source[at.offset], j.text[o]);
    }
  }
  const grad = j.text.indexOf('sigma_grad');
  assert.deepEqual(j.locate(grad), { cell: 5, offset: CELLS[5]!.source.indexOf('sigma_grad'), position: { line: 1, character: 4 } });
  assert.equal(j.locate(j.cells[0]!.end + 0.5), null, 'between cells');
});

test('the joined module parses clean and holds both definitions', async () => {
  const j = joinCodeCells(CELLS);
  const m = lowerPython(await loadPythonParser(), 'lab.ipynb', j.text);
  assert.deepEqual(m.syntaxErrors, []);
  const names = m.body.flatMap((s) => (s.kind === 'funcDecl' ? [s.fn.name] : []));
  assert.deepEqual(names, ['sigma', 'sigma_grad']);
  const fn = m.body.find((s) => s.kind === 'funcDecl' && s.fn.name === 'sigma_grad')!;
  assert.equal(j.locate(fn.span.start)!.cell, 5);
});

test('a notebook without code cells joins to nothing', () => {
  const j = joinCodeCells(CELLS.filter((c) => c.kind !== 'code'));
  assert.equal(j.text, '');
  assert.equal(j.locate(0), null);
});
