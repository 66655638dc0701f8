/**
 * A notebook's code cells as one Python module (design: docs/design/code-model.md §8), so that a
 * function defined in cell 3 is the primal of a gradient in cell 5 and a later redefinition wins,
 * Python's own rule when the cells run in order. Not yet used by the analysis (issue 15 step 11).
 *
 * Each code cell is masked first (IPython magics become spaces of the same length,
 * lang/python/magics.ts), then the cells are joined in cell order with one line break between
 * them, so every cell starts on a line of its own and no offset inside a cell moves. `locate` maps
 * an offset of the joined module back to its cell and the position inside that cell's source.
 * Markdown and raw cells add nothing to the module.
 */
import { maskMagics } from '../code/lang/python/magics.js';
import { LineIndex, type Position } from '../text/positions.js';
import type { NotebookCell } from './notebook.js';

export interface CodeCellSpan {
  /** Index into the notebook's `cells` array. */
  index: number;
  /** Offset of the cell's first character in the joined module. */
  start: number;
  /** Offset just past its last character (the joining line break is not part of it). */
  end: number;
}

export interface JoinedCode {
  /** The masked code cells in order, separated by a line break. */
  text: string;
  cells: CodeCellSpan[];
  /** The cell an offset of `text` falls in, and its position in that cell's source; null between cells. */
  locate(offset: number): { cell: number; offset: number; position: Position } | null;
}

export function joinCodeCells(cells: readonly NotebookCell[]): JoinedCode {
  const spans: CodeCellSpan[] = [];
  const parts: string[] = [];
  const indexes = new Map<number, LineIndex>();
  let at = 0;
  for (const c of cells) {
    if (c.kind !== 'code') continue;
    const masked = maskMagics(c.source);
    if (parts.length > 0) {
      parts.push('\n');
      at += 1;
    }
    spans.push({ index: c.index, start: at, end: at + masked.length });
    parts.push(masked);
    at += masked.length;
    indexes.set(c.index, new LineIndex(c.source));
  }
  return {
    text: parts.join(''),
    cells: spans,
    locate(offset: number) {
      // Binary search for the last cell starting at or before the offset.
      let lo = 0;
      let hi = spans.length - 1;
      if (hi < 0) return null;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (spans[mid]!.start <= offset) lo = mid;
        else hi = mid - 1;
      }
      const s = spans[lo]!;
      if (offset < s.start || offset > s.end) return null;
      const inCell = offset - s.start;
      return { cell: s.index, offset: inCell, position: indexes.get(s.index)!.positionAt(inCell) };
    },
  };
}
