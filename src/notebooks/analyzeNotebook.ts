/**
 * A notebook's derivations: its Markdown cells read as one Markdown document in cell order, so a
 * symbol defined in one cell is known in the next (as a reader of the notebook reads it), and every
 * finding placed back in its cell (`cell`, and a range relative to that cell's source).
 *
 * Jupyter renders each cell on its own, so math never runs from one cell into the next. The cells are
 * joined with blank lines; if the joined text's math regions are not exactly each cell's own (a `$$`
 * or a code fence left open in a cell would run on into the next), each cell is analysed alone
 * instead: fewer claims can be resolved then, but nothing is read across a cell boundary.
 *
 * Code cells are Python: masked and joined in cell order into one module (codeCells.ts), so a
 * function defined in one cell is the primal of a gradient in a later one, checked as a `.py` file
 * is (lang/python/analyze.ts), and each finding placed back in its cell. When the Python parser is
 * not loaded in this process (an entry point that did not await `preparePython()`), code cells are
 * skipped as before and the Markdown findings stand alone.
 */
import { analyzeDocument, type DocumentOptions } from '../documents/analyzeDocument.js';
import { movePositions, type Finding } from '../documents/findings.js';
import { findMathRegions } from '../latex/index.js';
import type { SourceRange } from '../latex/types.js';
import { readNotebook, type NotebookCell } from './notebook.js';
import { joinCodeCells } from './codeCells.js';
import { LineIndex, type Position } from '../text/positions.js';
import { readPython } from '../code/lang/python/analyze.js';
import { pythonReader } from '../code/lang/python/runtime.js';
import { analyzeReadCode } from '../codecheck/analyzeCode.js';

const SEPARATOR = '\n\n';

interface Placed { cell: NotebookCell; firstLine: number }

const lineCount = (s: string): number => s.split('\n').length;

function regionSpans(text: string): string[] {
  return findMathRegions(text, 'markdown').map((r) => `${r.range.start.line}:${r.range.start.character}-${r.range.end.line}:${r.range.end.character}`);
}

/** Whether each cell's math, read inside the joined text, is what the cell alone holds. */
function cellsStayApart(placed: readonly Placed[], joined: string): boolean {
  const expected = placed.flatMap((p) => findMathRegions(p.cell.source, 'markdown').map((r) =>
    `${r.range.start.line + p.firstLine}:${r.range.start.character}-${r.range.end.line + p.firstLine}:${r.range.end.character}`));
  const actual = regionSpans(joined);
  return expected.length === actual.length && expected.every((e, i) => e === actual[i]);
}

function shift(range: SourceRange, by: number): SourceRange {
  return { start: { line: range.start.line - by, character: range.start.character }, end: { line: range.end.line - by, character: range.end.character } };
}

/** Moves findings of the joined text into their cells. */
function place(findings: readonly Finding[], placed: readonly Placed[]): Finding[] {
  const at = (line: number): Placed => {
    let best = placed[0]!;
    for (const p of placed) if (p.firstLine <= line) best = p;
    return best;
  };
  return findings.map((f) => movePositions(f, (r) => {
    const p = at(r.start.line);
    return { cell: p.cell.index, range: shift(r, p.firstLine) };
  }));
}

/** The path code findings of a notebook are read under (never shown: findings carry their cell). */
const CODE_PATH = 'notebook-code-cells.py';

/** The code cells' findings, each in its cell; empty when the notebook's kernel is not Python or the parser is not loaded. */
function codeFindings(cells: readonly NotebookCell[], language: string | null, options: DocumentOptions): Finding[] {
  if (language !== null && language.toLowerCase() !== 'python') return [];
  if (!cells.some((c) => c.kind === 'code' && c.source.trim() !== '') || !pythonReader()) return [];
  const joined = joinCodeCells(cells);
  const read = readPython(CODE_PATH, joined.text);
  if (typeof read === 'string') return [];
  const report = analyzeReadCode(CODE_PATH, joined.text, read, options);
  const lines = new LineIndex(joined.text);
  const at = (p: Position) => joined.locate(lines.offsetAt(p));
  return report.findings.map((f) => movePositions(f, (r) => {
    const start = at(r.start);
    if (!start) return { range: r };
    const end = at(r.end);
    const endPos = end && end.cell === start.cell ? end.position : start.position;
    return { cell: start.cell, range: { start: start.position, end: endPos } };
  }));
}

export function analyzeNotebook(text: string, options: DocumentOptions = {}): Finding[] {
  const notebook = readNotebook(text);
  const code = codeFindings(notebook.cells, notebook.language, options);
  if (code.length === 0) return markdownFindings(notebook.cells, options);
  return [...markdownFindings(notebook.cells, options), ...code].sort((a, b) => (a.cell ?? 0) - (b.cell ?? 0) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function markdownFindings(cells: readonly NotebookCell[], options: DocumentOptions): Finding[] {
  const markdown = cells.filter((c) => c.kind === 'markdown' && c.source.trim() !== '');
  if (markdown.length === 0) return [];
  const placed: Placed[] = [];
  let line = 0;
  for (const cell of markdown) {
    placed.push({ cell, firstLine: line });
    line += lineCount(cell.source + SEPARATOR) - 1;
  }
  const joined = markdown.map((c) => c.source).join(SEPARATOR);
  if (cellsStayApart(placed, joined)) return place(analyzeDocument(joined, 'markdown', options), placed);
  return placed.flatMap((p) => place(analyzeDocument(p.cell.source, 'markdown', options), [{ ...p, firstLine: 0 }]));
}
