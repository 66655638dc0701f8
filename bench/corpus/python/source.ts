// Reading the labelled code of the Python corpus: a `.py` file's lines, or one cell's lines of a
// notebook (nbformat 4 `source` is a string or a list of lines), and the region a label covers.
import { readFileSync, writeFileSync } from 'node:fs';

export interface Label {
  repo: string;
  file: string;
  /** 0-based notebook cell (notebooks only); `line` is then 1-based inside that cell's source. */
  cell?: number;
  line: number;
  function: string;
  /** helper, output-form, functional, loss, class, autograd, vjp, micrograd, notebook, not-a-derivative, stub, claim. */
  shape: string;
  label: 'right' | 'wrong' | 'not-a-derivative' | 'stub';
  kind: 'scalar' | 'array' | 'claim' | 'none';
  note?: string;
}

interface Notebook {
  cells: { cell_type: string; source: string | string[] }[];
}

function cellText(nb: Notebook, cell: number): string {
  const s = nb.cells[cell]?.source ?? '';
  return Array.isArray(s) ? s.join('') : s;
}

/** The lines a label's line numbers count in: the file's, or its notebook cell's. */
export function labelLines(path: string, cell?: number): string[] {
  const text = readFileSync(path, 'utf8');
  if (cell === undefined) return text.split('\n');
  return cellText(JSON.parse(text) as Notebook, cell).split('\n');
}

/** Writes `lines` back as the file, or as that notebook cell's source (the rest of the notebook unchanged). */
export function writeLabelLines(path: string, lines: string[], cell?: number): void {
  if (cell === undefined) {
    writeFileSync(path, lines.join('\n'));
    return;
  }
  const nb = JSON.parse(readFileSync(path, 'utf8')) as Notebook;
  const text = lines.join('\n');
  const src = nb.cells[cell]!.source;
  nb.cells[cell]!.source = Array.isArray(src) ? text.split(/(?<=\n)/) : text;
  writeFileSync(path, JSON.stringify(nb, null, 1));
}

const indent = (s: string) => /^\s*/.exec(s)![0].replace(/\t/g, '    ').length;

/**
 * The 1-based lines [from, to] a label covers: a `def` (or decorated def, or `class`) and its
 * indented block; otherwise the statement that starts on the line, with its continuation lines
 * (a trailing backslash or brackets still open). A Markdown claim covers its own line.
 */
export function regionOf(lines: string[], l: Pick<Label, 'line' | 'kind'>): [number, number] {
  const first = lines[l.line - 1] ?? '';
  if (l.kind === 'claim') return [l.line, l.line];
  if (/^\s*(@|async\s+def\b|def\b|class\b)/.test(first)) {
    const base = indent(first);
    let end = l.line;
    let n = l.line;
    // A decorator line: the block is the def's that follows.
    while (/^\s*@/.test(lines[n - 1] ?? '') && n < lines.length) n++;
    for (let k = n + 1; k <= lines.length; k++) {
      const t = lines[k - 1]!;
      if (t.trim() === '') continue;
      if (indent(t) <= base) break;
      end = k;
    }
    return [l.line, Math.max(end, n)];
  }
  let depth = 0;
  let n = l.line;
  for (; n <= lines.length; n++) {
    const t = lines[n - 1]!.replace(/#.*$/, '');
    for (const ch of t) {
      if ('([{'.includes(ch)) depth++;
      else if (')]}'.includes(ch)) depth--;
    }
    if (depth <= 0 && !/\\\s*$/.test(t)) break;
  }
  return [l.line, Math.min(n, lines.length)];
}
