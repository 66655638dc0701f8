/**
 * Source positions as the Language Server Protocol counts them (0-based lines, characters in
 * UTF-16 code units, which is what JavaScript string indices count), shared by every reader.
 */
export interface Position {
  line: number;
  character: number;
}

export interface SourceRange {
  start: Position;
  end: Position;
}

/** Offsets ↔ positions for one text. Line breaks are \n, \r\n and a lone \r, as in LSP. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  offsetAt(p: Position): number {
    const line = Math.max(0, Math.min(p.line, this.starts.length - 1));
    const start = this.starts[line]!;
    const end = line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length;
    return Math.max(start, Math.min(end, start + Math.max(0, p.character)));
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(Number.isFinite(offset) ? Math.floor(offset) : 0, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo]! };
  }
}
