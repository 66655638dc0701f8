// Jupyter notebooks through the CLI as a process: Markdown cells are derivations read in cell order,
// findings carry their cell and a cell-relative range, and a broken notebook is that file's error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { analyzeNotebook } from '../../src/notebooks/analyzeNotebook.js';
import { readNotebook, NotebookError } from '../../src/notebooks/notebook.js';

type Cell = { cell_type: 'markdown' | 'code' | 'raw'; source: string | string[] };
const notebook = (cells: Cell[], nbformat: unknown = 4) => JSON.stringify({
  nbformat, nbformat_minor: 5, metadata: { kernelspec: { language: 'python', name: 'python3' } },
  cells: cells.map((c) => ({ ...c, metadata: {}, ...(c.cell_type === 'code' ? { outputs: [], execution_count: null } : {}) })),
});

// A lab in the usual shape: the definition in one Markdown cell, code in between, the derivative
// claimed two cells later (line 2 of its cell), written as a list of lines the way Jupyter saves them.
const LAB: Cell[] = [
  { cell_type: 'markdown', source: ['# Logistic unit\n', '\n', 'We use $\\sigma(z) = \\frac{1}{1 + e^{-z}}$.\n'] },
  { cell_type: 'code', source: 'import numpy as np\n%matplotlib inline\n' },
  { cell_type: 'markdown', source: 'Its derivative:\n$$\\frac{d\\sigma}{dz} = \\sigma(z)\\,(1 + \\sigma(z))$$\n' },
  { cell_type: 'markdown', source: 'And the right one: $$\\frac{d\\sigma}{dz} = \\sigma(z)\\,(1 - \\sigma(z))$$' },
];

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-nb-'));
  try { fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

test('a notebook definition in one Markdown cell is used by a claim in a later cell; the wrong claim names its cell (1-based) and its line in the cell', () => {
  withDir((dir) => {
    writeFileSync(join(dir, 'lab.ipynb'), notebook(LAB));
    const r = runCli(['check', join(dir, 'lab.ipynb')]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /lab\.ipynb:cell 3:2:\d+: error: .*is wrong/);
    assert.match(r.stdout, /1 file checked: 1 wrong, 1 right/);
  });
});

test('JSON findings of a notebook carry the 0-based cell index and a range inside that cell', () => {
  withDir((dir) => {
    writeFileSync(join(dir, 'lab.ipynb'), notebook(LAB));
    const out = JSON.parse(runCli(['check', dir, '--format', 'json']).stdout);
    const findings = out.files[0].findings as { verdict: string | null; cell: number; range: { start: { line: number } }; related?: { cell: number }[] }[];
    const wrong = findings.find((f) => f.verdict === 'mismatch')!;
    assert.equal(wrong.cell, 2);
    assert.equal(wrong.range.start.line, 1);
    assert.equal(wrong.related?.[0]?.cell, 0, 'the definition it was checked against is in the first cell');
    assert.ok(findings.every((f) => typeof f.cell === 'number'));
  });
});

test('a broken notebook is an error for that file and the run goes on with the others', () => {
  withDir((dir) => {
    writeFileSync(join(dir, 'a-broken.ipynb'), '{"cells": [');
    writeFileSync(join(dir, 'b-old.ipynb'), notebook(LAB, 3));
    writeFileSync(join(dir, 'c-good.ipynb'), notebook(LAB));
    const r = runCli(['check', dir]);
    assert.equal(r.status, 2, 'an unreadable file makes the exit status 2, as for any other file');
    assert.match(r.stdout, /a-broken\.ipynb: error: not a notebook: invalid JSON/);
    assert.match(r.stdout, /b-old\.ipynb: error: notebook format 3 is not read \(nbformat 4 only/);
    assert.match(r.stdout, /c-good\.ipynb:cell 3:2:\d+: error:/);
  });
});

test('math never runs from one cell into the next: a display left open in a cell is that cell\'s alone', () => {
  const cells: Cell[] = [
    { cell_type: 'markdown', source: 'Open display $$\\sigma(z) = \\frac{1}{1+e^{-z}}' },
    { cell_type: 'markdown', source: '$$\\frac{d}{dx} x^2 = 3x$$' },
  ];
  const findings = analyzeNotebook(notebook(cells));
  const wrong = findings.filter((f) => f.verdict === 'mismatch');
  assert.equal(wrong.length, 1);
  assert.equal(wrong[0]!.cell, 1);
  assert.equal(wrong[0]!.range.start.line, 0);
});

test('code and raw cells are not read as derivations, and cells keep their own line numbering', () => {
  const cells: Cell[] = [
    { cell_type: 'code', source: '# $\\frac{d}{dx} x^2 = 3x$ in a comment is code, not a claim\n' },
    { cell_type: 'raw', source: '$\\frac{d}{dx} x^2 = 3x$' },
    { cell_type: 'markdown', source: 'line one\r\nline two $\\frac{d}{dx} x^3 = 3x^2$' },
  ];
  const findings = analyzeNotebook(notebook(cells));
  assert.deepEqual(findings.map((f) => [f.cell, f.range.start.line, f.verdict]), [[2, 1, 'ok']]);
});

test('readNotebook refuses what is not nbformat 4, with the reason', () => {
  assert.throws(() => readNotebook('[]'), (e: unknown) => e instanceof NotebookError && /no "cells" list/.test(e.message));
  assert.throws(() => readNotebook(notebook([{ cell_type: 'markdown', source: 'x' }], 5)), /notebook format 5/);
  assert.throws(() => readNotebook(JSON.stringify({ nbformat: 4, cells: [{ cell_type: 'heading', source: 'x' }] })), /unknown cell_type "heading"/);
  assert.throws(() => readNotebook(JSON.stringify({ nbformat: 4, cells: [{ cell_type: 'markdown', source: 3 }] })), /no readable source/);
  assert.equal(readNotebook(notebook([])).language, 'python');
});

test('gradlens grade reads a notebook in a hand-in folder: its wrong claim is in the student\'s section, named by file and cell', () => {
  withDir((dir) => {
    const student = join(dir, 'student-7');
    mkdirSync(student);
    writeFileSync(join(student, 'lab.ipynb'), notebook(LAB));
    const r = runCli(['grade', student, '--out', join(dir, 'out'), '--jobs', '1']);
    assert.equal(r.status, 0, r.stderr);
    const csv = readFileSync(join(dir, 'out', 'grades.csv'), 'utf8');
    assert.match(csv, /student-7/);
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    assert.match(html, /lab\.ipynb, cell 3/);
    assert.doesNotMatch(html, /skipped \(not a derivation or code\): lab\.ipynb/);
  });
});

test('gradlens grade lists a broken notebook in a hand-in with its reason, and grades the rest of the class', () => {
  withDir((dir) => {
    const broken = join(dir, 'student-8');
    const good = join(dir, 'student-9');
    mkdirSync(broken); mkdirSync(good);
    writeFileSync(join(broken, 'lab.ipynb'), '{"cells": [ oops');
    writeFileSync(join(good, 'lab.ipynb'), notebook(LAB));
    const r = runCli(['grade', broken, good, '--out', join(dir, 'out'), '--jobs', '1']);
    assert.ok(r.status === 0 || r.status === 2, r.stderr);
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    assert.match(html, /not a notebook: invalid JSON/);
    assert.match(html, /lab\.ipynb, cell 3/);
  });
});
