/** Pieces shared by the TeX and Markdown region scanners. */
import type { Directive } from './types.js';

/** What a scanner reports, in source order; regions.ts attaches directives to the next region. */
export type ScanEvent =
  | { kind: 'region'; start: number; end: number; display: boolean; env: string | null; delimiter: string; unterminated: boolean }
  | { kind: 'directives'; directives: Directive[] };

/** Offset of the line break ending the line that contains `i` (or the text length). */
export function lineEnd(src: string, i: number): number {
  let j = i;
  while (j < src.length) {
    const c = src.charCodeAt(j);
    if (c === 10 || c === 13) break;
    j++;
  }
  return j;
}

/**
 * When `i` is a line break, whether the next line is blank (or absent): the end of a paragraph.
 * Only looks at the next line's leading blanks, so a scanner stays linear overall.
 */
export function startsBlankLine(src: string, i: number): boolean {
  let j = i + 1;
  if (src.charCodeAt(i) === 13 && src.charCodeAt(j) === 10) j++;
  while (j < src.length) {
    const c = src.charCodeAt(j);
    if (c === 32 || c === 9) j++;
    else return c === 10 || c === 13;
  }
  return true;
}

export const isLineBreak = (c: number): boolean => c === 10 || c === 13;

/** Moves `end` back over whitespace, not before `start`: unterminated regions end at their last character. */
export function trimEnd(src: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(src[e - 1]!)) e--;
  return e;
}
