// A notebook's code cells are Python, checked with its Markdown cells in one run (CLI as a process):
// a function defined in one code cell is the primal of a gradient in a later one, magics are masked,
// and every code finding names its cell (0-based in JSON, 1-based in text) and a range in that cell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

type Cell = { cell_type: 'markdown' | 'code'; source: string | string[] };
const notebook = (cells: Cell[]) => JSON.stringify({
  nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { language: 'python', name: 'python3' } },
  cells: cells.map((c) => ({ ...c, metadata: {}, ...(c.cell_type === 'code' ? { outputs: [], execution_count: null } : {}) })),
});

const LAB: Cell[] = [
  /* 0 */ { cell_type: 'markdown', source: 'We use $\\sigma(z) = \\frac{1}{1 + e^{-z}}$.\n' },
  /* 1 */ { cell_type: 'code', source: ['import numpy as np\n', '%matplotlib inline\n', '\n', 'def sigmoid(z):\n', '    return 1 / (1 + np.exp(-z))\n'] },
  /* 2 */ { cell_type: 'markdown', source: 'So $$\\frac{d\\sigma}{dz} = \\sigma(z)\\,(1 + \\sigma(z))$$\n' },
  /* 3 */ { cell_type: 'code', source: '!pip install numpy\n# the derivative, a cell later\ndef sigmoid_prime(z):\n    s = sigmoid(z)\n    return s * (1 + s)\n' },
  /* 4 */ { cell_type: 'code', source: 'def relu(x):\n    return np.maximum(0, x)\n\ndef relu_grad(x):\n    return np.where(x > 0, 1.0, 0.0)\n' },
];

function inDir<T>(cells: Cell[], fn: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-nbcode-'));
  try {
    const file = join(dir, 'lab.ipynb');
    writeFileSync(file, notebook(cells));
    return fn(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('gradlens check on a notebook reports the Markdown claim and the code gradients together, with cell positions', () => {
  inDir(LAB, (file) => {
    const r = runCli(['check', file]);
    assert.equal(r.status, 1, r.stderr);
    // The Markdown slip in cell 3 (1-based) and the code slip in cell 4, line 3 (`def sigmoid_prime`).
    assert.match(r.stdout, /lab\.ipynb:cell 3:1:\d+: error: .*is wrong/);
    assert.match(r.stdout, /lab\.ipynb:cell 4:3:5: error: sigmoid_prime is wrong/);
    assert.match(r.stdout, /1 file checked: 2 wrong, 1 right/);
  });
});

test('JSON: code findings carry the 0-based cell and a range inside that cell', () => {
  inDir(LAB, (file) => {
    const out = JSON.parse(runCli(['check', file, '--format', 'json']).stdout);
    const findings = out.files[0].findings as { kind: string; verdict: string | null; message: string; cell: number; range: { start: { line: number; character: number } } }[];
    const grad = findings.find((f) => f.kind === 'derivative' && f.message.startsWith('relu_grad'))!;
    assert.equal(grad.verdict, 'ok');
    assert.equal(grad.cell, 4);
    assert.deepEqual(grad.range.start, { line: 3, character: 4 });
    const wrong = findings.find((f) => f.message.startsWith('sigmoid_prime'))!;
    assert.equal(wrong.cell, 3);
    assert.equal(wrong.range.start.line, 2);
    const def = findings.find((f) => f.kind === 'definition' && f.message.startsWith('sigmoid is'))!;
    assert.equal(def.cell, 1);
    assert.equal(def.range.start.line, 3);
  });
});

test('a later cell redefining a function wins, as when the cells run in order', () => {
  const fixed: Cell[] = [...LAB, { cell_type: 'code', source: 'def sigmoid_prime(z):\n    s = sigmoid(z)\n    return s * (1 - s)\n' }];
  inDir(fixed, (file) => {
    const out = JSON.parse(runCli(['check', file, '--format', 'json']).stdout);
    const primes = (out.files[0].findings as { message: string; verdict: string; cell: number }[]).filter((f) => f.message.startsWith('sigmoid_prime'));
    assert.ok(primes.some((f) => f.cell === 5 && f.verdict === 'ok'), JSON.stringify(primes));
  });
});

test('a Python file and a notebook in one folder: both read, exit status from the wrong one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-py-'));
  try {
    writeFileSync(join(dir, 'act.py'), 'import math\n\ndef f(t):\n    return math.exp(2 * t)\n\ndef df(t):\n    return 2 * math.exp(2 * t)\n');
    writeFileSync(join(dir, 'lab.ipynb'), notebook(LAB.slice(0, 2)));
    const r = runCli(['check', dir]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /2 files checked: 0 wrong, 1 right/);
    const bad = runCli(['check', join(dir, 'act.py')].concat([]));
    assert.equal(bad.status, 0);
    writeFileSync(join(dir, 'act.py'), 'import math\n\ndef f(t):\n    return math.exp(2 * t)\n\ndef df(t):\n    return math.exp(2 * t)\n');
    const wrong = runCli(['check', join(dir, 'act.py')]);
    assert.equal(wrong.status, 1);
    assert.match(wrong.stdout, /act\.py:6:5: error: df is wrong/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
