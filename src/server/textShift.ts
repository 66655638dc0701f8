/**
 * Where the text the results were computed for and the text on screen agree. While a document is
 * being typed in, its results describe an older version; everything before the first changed
 * character and after the last one is the same text, only moved, so a hover there can answer from
 * the older results with its positions moved. Inside the changed span nothing is answered.
 */
import { LineIndex } from '../text/positions.js';
import type { Position, Range as SourceRange } from 'vscode-languageserver';

export class TextShift {
  private readonly prefix: number;
  private readonly suffix: number;
  private readonly delta: number;
  private readonly oldIndex: LineIndex;
  private readonly newIndex: LineIndex;

  constructor(private readonly oldText: string, private readonly newText: string) {
    const max = Math.min(oldText.length, newText.length);
    let p = 0;
    while (p < max && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
    let s = 0;
    while (s < max - p && oldText.charCodeAt(oldText.length - 1 - s) === newText.charCodeAt(newText.length - 1 - s)) s++;
    this.prefix = p;
    this.suffix = s;
    this.delta = newText.length - oldText.length;
    this.oldIndex = new LineIndex(oldText);
    this.newIndex = new LineIndex(newText);
  }

  /** A position on screen as a position in the old text, or null inside what changed. */
  toOld(p: Position): Position | null {
    const o = this.newIndex.offsetAt(p);
    if (o < this.prefix) return this.oldIndex.positionAt(o);
    if (o >= this.newText.length - this.suffix) return this.oldIndex.positionAt(o - this.delta);
    return null;
  }

  /** A range of the old text on screen, or null when it overlaps what changed. */
  rangeToNew(r: SourceRange): SourceRange | null {
    const a = this.oldIndex.offsetAt(r.start), b = this.oldIndex.offsetAt(r.end);
    const changedEnd = this.oldText.length - this.suffix;
    if (b <= this.prefix) return { start: this.newIndex.positionAt(a), end: this.newIndex.positionAt(b) };
    if (a >= changedEnd && a >= this.prefix) return { start: this.newIndex.positionAt(a + this.delta), end: this.newIndex.positionAt(b + this.delta) };
    return null;
  }
}
