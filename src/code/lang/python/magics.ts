/**
 * IPython syntax in notebook code cells is not Python: line magics (`%matplotlib inline`,
 * `%timeit f(x)`), shell escapes (`!pip install numpy`), help (`?np.exp`, `np.exp??`), cell magics
 * (a cell starting `%%time`), and captures (`files = !ls`, `t = %timeit -o f(x)`). Fed to the
 * parser they are syntax errors that can swallow the code around them, so they are masked first.
 *
 * Masking replaces the characters with spaces of the same count, keeping every offset, line and
 * column of the rest, so findings map back to the cell exactly. A masked capture (`files = !ls`)
 * leaves `files =` and a blank right side: a syntax error in that statement alone, which the parser
 * isolates; nothing else in the cell changes meaning.
 *
 * Only lines that start a statement are candidates: a line inside brackets, a triple-quoted string
 * or after a backslash continuation is Python text (`x = (a\n  % b)` keeps its `%`).
 */

const HELP = /^\s*(\?{1,2}[\w.]+|[\w.]+\?{1,2})\s*$/;
const CAPTURE = /^(\s*[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*)([!%].*)$/;

export function maskMagics(source: string): string {
  const lines = source.split(/(?<=\n)/);
  const firstCode = lines.find((l) => l.trim() !== '');
  if (firstCode !== undefined && /^\s*%%/.test(firstCode)) return blank(source);
  const scan = new Scanner();
  return lines.map((line) => {
    const startsStatement = scan.atStatementStart();
    let out = line;
    if (startsStatement) {
      const body = line.replace(/\r?\n$/, '');
      const eol = line.slice(body.length);
      if (/^\s*[%!]/.test(body) || HELP.test(body)) out = blank(body) + eol;
      else {
        const m = CAPTURE.exec(body);
        if (m && !/^\s*[%!]=/.test(m[2]!)) out = m[1]! + blank(m[2]!) + eol;
      }
    }
    // Masked text is spaces; scanning the original would count brackets inside a magic's arguments.
    scan.feed(out);
    return out;
  }).join('');
}

/** Spaces for every character except line breaks. */
function blank(s: string): string {
  return s.replace(/[^\r\n]/g, ' ');
}

/** Just enough of Python's lexer to know whether the next line starts a statement. */
class Scanner {
  private depth = 0;
  private triple: string | null = null;
  private continued = false;

  atStatementStart(): boolean {
    return this.depth === 0 && this.triple === null && !this.continued;
  }

  feed(line: string): void {
    this.continued = false;
    let i = 0;
    while (i < line.length) {
      if (this.triple !== null) {
        const end = line.indexOf(this.triple, i);
        if (end < 0) return;
        i = end + 3;
        this.triple = null;
        continue;
      }
      const c = line[i]!;
      if (c === '#') break;
      if (c === '\\' && /^\\\r?\n?$/.test(line.slice(i))) {
        this.continued = true;
        return;
      }
      if (c === '"' || c === "'") {
        if (line.startsWith(c.repeat(3), i)) {
          this.triple = c.repeat(3);
          i += 3;
          continue;
        }
        // A one-line string: skip to its closing quote (escapes skipped), or to the line's end.
        i++;
        while (i < line.length && line[i] !== c && line[i] !== '\n') i += line[i] === '\\' ? 2 : 1;
        i++;
        continue;
      }
      if (c === '(' || c === '[' || c === '{') this.depth++;
      else if ((c === ')' || c === ']' || c === '}') && this.depth > 0) this.depth--;
      i++;
    }
  }
}
