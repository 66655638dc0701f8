/**
 * Reading a Jupyter notebook (nbformat 4) as its cells: JSON in, the cells' kinds and source texts
 * out, nothing run. A file that is not a notebook GradLens can read gets one clear reason, so that a
 * run over a folder reports it and goes on.
 */
export type CellKind = 'markdown' | 'code' | 'raw';

export interface NotebookCell {
  /** 0-based index into the notebook's `cells` array (what findings name as `cell`). */
  index: number;
  kind: CellKind;
  source: string;
}

export interface Notebook {
  cells: NotebookCell[];
  /** The kernel's language (`python`, `julia`…), or null when the notebook does not say. */
  language: string | null;
}

export class NotebookError extends Error {
  override readonly name = 'NotebookError';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** nbformat stores a cell's source as one string or as a list of lines that keep their line ends. */
function sourceText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v.join('');
  return null;
}

export function readNotebook(text: string): Notebook {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new NotebookError(`not a notebook: invalid JSON (${(e as Error).message})`);
  }
  if (!isObject(doc) || !Array.isArray(doc.cells)) throw new NotebookError('not a notebook: no "cells" list');
  if (doc.nbformat !== 4) throw new NotebookError(`notebook format ${JSON.stringify(doc.nbformat ?? null)} is not read (nbformat 4 only; jupyter nbconvert --to notebook upgrades older ones)`);
  const cells: NotebookCell[] = [];
  doc.cells.forEach((c, index) => {
    if (!isObject(c)) throw new NotebookError(`cell ${index + 1} is not an object`);
    const kind = c.cell_type;
    if (kind !== 'markdown' && kind !== 'code' && kind !== 'raw') throw new NotebookError(`cell ${index + 1} has an unknown cell_type ${JSON.stringify(kind ?? null)}`);
    const source = sourceText(c.source);
    if (source === null) throw new NotebookError(`cell ${index + 1} has no readable source`);
    // Windows line ends in a cell are still one line each, as in the notebook's own editor.
    cells.push({ index, kind, source: source.replace(/\r\n?/g, '\n') });
  });
  const meta = isObject(doc.metadata) ? doc.metadata : {};
  const lang = isObject(meta.language_info) && typeof meta.language_info.name === 'string' ? meta.language_info.name
    : isObject(meta.kernelspec) && typeof meta.kernelspec.language === 'string' ? meta.kernelspec.language : null;
  return { cells, language: lang };
}
