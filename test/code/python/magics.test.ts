// IPython magics in notebook code cells are masked before parsing: each kind of magic, offsets
// kept, Python text that merely looks like a magic left alone, and the masked cell parses cleanly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskMagics } from '../../../src/code/lang/python/magics.js';
import { loadPythonParser, withTree } from '../../../src/code/lang/python/parser.js';

const spaces = (s: string) => ' '.repeat(s.length);

test('line magics, shell escapes and help lines become spaces of the same length', () => {
  const cell = ['%matplotlib inline', '!pip install numpy', '  %load_ext autoreload', '?np.exp', 'np.exp??', 'import numpy as np', ''].join('\n');
  const masked = maskMagics(cell);
  assert.equal(masked.length, cell.length);
  assert.deepEqual(masked.split('\n'), [spaces('%matplotlib inline'), spaces('!pip install numpy'), spaces('  %load_ext autoreload'), spaces('?np.exp'), spaces('np.exp??'), 'import numpy as np', '']);
});

test('a capture keeps its target and blanks the magic on the right', () => {
  const masked = maskMagics('files = !ls data\nt = %timeit -o f(x)\ny = x\n');
  assert.equal(masked, `files = ${spaces('!ls data')}\nt = ${spaces('%timeit -o f(x)')}\ny = x\n`);
});

test('a cell magic masks the whole cell, line breaks kept', () => {
  const cell = '%%time\ndef f(x):\n    return x\n';
  assert.equal(maskMagics(cell), '      \n         \n            \n');
});

test('Python that only looks like a magic is left alone: operators, continuation lines, strings, comparisons', () => {
  const code = [
    'r = (a',
    '     % b)',
    's = c \\',
    '    % d',
    'doc = """',
    '%not a magic inside a string',
    '"""',
    'ok = x != y',
    'z = w  # a trailing ?',
    '',
  ].join('\n');
  assert.equal(maskMagics(code), code);
});

test('CRLF line ends are kept', () => {
  assert.equal(maskMagics('%pylab\r\nx = 1\r\n'), '      \r\nx = 1\r\n');
});

test('a masked notebook cell parses with no syntax error', async () => {
  const parser = await loadPythonParser();
  const cell = ['%matplotlib inline', '!pip install -q numpy', 'import numpy as np', 'def sigmoid(z):', '    return 1. / (1 + np.exp(-z))', ''].join('\n');
  assert.equal(withTree(parser, cell, (t) => t.rootNode.hasError), true, 'unmasked, the magics are errors');
  assert.equal(withTree(parser, maskMagics(cell), (t) => t.rootNode.hasError), false);
});
