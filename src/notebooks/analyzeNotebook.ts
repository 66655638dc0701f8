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
 * Code cells are Python, which GradLens does not check yet; they are skipped.
 */
import { analyzeDocument, type DocumentOptions } from '../documents/analyzeDocument.js';
import { movePositions, type Finding } from '../documents/findings.js';
import { findMathRegions } from '../latex/index.js';
import type { SourceRange } from '../latex/types.js';
import { readNotebook, type NotebookCell } from './notebook.js';

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

export function analyzeNotebook(text: string, options: DocumentOptions = {}): Finding[] {
  const notebook = readNotebook(text);
  const markdown = notebook.cells.filter((c) => c.kind === 'markdown' && c.source.trim() !== '');
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
