/**
 * Finds math in Markdown (and plain text): `$…$`, `$$…$$`, `\(…\)`, `\[…\]` and ```math fences.
 * Other fenced code, inline code spans and HTML comments are skipped. `$` follows Pandoc's rule
 * (an opening `$` is followed by a non-space, a closing one preceded by a non-space and not followed
 * by a digit) so prices like "$5 and $6" are not math. Inline constructs never cross a blank line.
 * The scan is linear: searches that fail are remembered per paragraph instead of being repeated.
 */
import { isDirectiveComment, parseDirectiveComment } from './directives.js';
import type { LineIndex } from './positions.js';
import { isLineBreak, lineEnd, startsBlankLine, trimEnd, type ScanEvent } from './scan.js';

const FENCE_OPEN = /^[ \t]*(?:>[ \t]?)*(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^[ \t]*(?:>[ \t]?)*(`{3,}|~{3,})[ \t]*$/;
const DIRECTIVE_LINE = /^[ \t]*%(.*)$/;
const MATHY = /[\\^_={}]/;

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

export function scanMarkdown(src: string, index: LineIndex): ScanEvent[] {
  const out: ScanEvent[] = [];
  const n = src.length;
  // Memo for failed searches: offset of the paragraph end up to which no closer exists.
  let noDollarCloserBefore = -1;
  const noTickCloserBefore = new Map<number, number>();
  const noCloserBefore = new Map<string, number>();
  /** findInParagraph, remembering failures so repeated unclosed `\(` cannot make the scan quadratic. */
  const findClose = (from: number, close: string): number => {
    const known = noCloserBefore.get(close);
    if (known !== undefined && from < known) return -1;
    const e = findInParagraph(src, from, close);
    if (e < 0) noCloserBefore.set(close, paragraphEnd(src, from));
    return e;
  };
  const push = (start: number, end: number, display: boolean, env: string | null, delimiter: string, unterminated: boolean) =>
    out.push({ kind: 'region', start, end, display, env, delimiter, unterminated });

  let i = 0;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (i === 0 || isLineBreak(src.charCodeAt(i - 1))) {
      const eol = lineEnd(src, i);
      const line = src.slice(i, Math.min(eol, i + 1000));
      const fence = FENCE_OPEN.exec(line);
      if (fence && !(fence[1]![0] === '`' && fence[2]!.includes('`'))) {
        i = fencedBlock(src, i, eol, fence[1]!, fence[2]!.trim(), push);
        continue;
      }
      const d = DIRECTIVE_LINE.exec(line);
      if (d && isDirectiveComment(d[1]!)) {
        const at = i + line.indexOf('%');
        out.push({ kind: 'directives', directives: parseDirectiveComment(d[1]!, { start: index.positionAt(at), end: index.positionAt(eol) }) });
        i = eol;
        continue;
      }
    }
    if (c === 60 /* < */ && src.startsWith('<!--', i)) {
      const e = src.indexOf('-->', i + 4);
      const end = e < 0 ? n : e + 3;
      const body = src.slice(i + 4, e < 0 ? n : e);
      if (isDirectiveComment(body)) {
        out.push({ kind: 'directives', directives: parseDirectiveComment(body, { start: index.positionAt(i), end: index.positionAt(end) }) });
      }
      i = end;
      continue;
    }
    if (c === 92 /* \ */) {
      const d = src[i + 1];
      if (d === '(' || d === '[') {
        const close = d === '(' ? '\\)' : '\\]';
        const e = findClose(i + 2, close);
        if (e >= 0) {
          push(i + 2, e, d === '[', null, `\\${d}`, false);
          i = e + 2;
          continue;
        }
      }
      i += 2; // Markdown escape: \$ and \` are literal characters
      continue;
    }
    if (c === 96 /* ` */) {
      let len = 1;
      while (src.charCodeAt(i + len) === 96) len++;
      const known = noTickCloserBefore.get(len);
      const close = known !== undefined && i < known ? -1 : findTickRun(src, i + len, len);
      if (close < 0) {
        if (known === undefined || i >= known) noTickCloserBefore.set(len, paragraphEnd(src, i));
        i += len;
      } else {
        i = close + len;
      }
      continue;
    }
    if (c === 36 /* $ */) {
      if (src.charCodeAt(i + 1) === 36) {
        const e = findClose(i + 2, '$$');
        if (e >= 0) {
          push(i + 2, e, true, null, '$$', false);
          i = e + 2;
        } else {
          const pe = paragraphEnd(src, i);
          push(i + 2, trimEnd(src, i + 2, pe), true, null, '$$', true);
          i = pe;
        }
        continue;
      }
      i = inlineDollar(i);
      continue;
    }
    i++;
  }
  return out;

  /** Handles a single `$` at `i`; returns where scanning resumes. */
  function inlineDollar(i: number): number {
    const after = src.charCodeAt(i + 1);
    if (i + 1 >= n || isSpace(after)) {
      // Lenient form `$ x^2 $` (Jupyter accepts it): only when the content is unmistakably math.
      const e = findInParagraph(src, i + 1, '$');
      if (e >= 0 && MATHY.test(src.slice(i + 1, e))) {
        push(i + 1, e, false, null, '$', false);
        return e + 1;
      }
      return i + 1;
    }
    if (i < noDollarCloserBefore) return unclosedDollar(i);
    const e = findStrictCloser(i + 1);
    // "$5 and $10, $x$": a price opens, and the span would swallow other dollars. Not math.
    if (e >= 0 && isDigit(after) && /(^|[^\\])\$/.test(src.slice(i + 1, e))) return i + 1;
    if (e >= 0) {
      push(i + 1, e, false, null, '$', false);
      return e + 1;
    }
    noDollarCloserBefore = paragraphEnd(src, i);
    return unclosedDollar(i);
  }

  /** An opening `$` with no closer: a price when a digit follows, otherwise unterminated math. */
  function unclosedDollar(i: number): number {
    if (isDigit(src.charCodeAt(i + 1))) return i + 1;
    const pe = paragraphEnd(src, i);
    push(i + 1, trimEnd(src, i + 1, pe), false, null, '$', true);
    return pe;
  }

  function findStrictCloser(from: number): number {
    for (let j = from; j < n; j++) {
      const c = src.charCodeAt(j);
      if (c === 92) {
        j++;
        continue;
      }
      if (isLineBreak(c) && startsBlankLine(src, j)) return -1;
      if (c === 36 && !isSpace(src.charCodeAt(j - 1)) && !isDigit(src.charCodeAt(j + 1))) return j;
    }
    return -1;
  }
}

/** A fenced block starting at line `start`; math fences become regions. Returns the resume offset. */
function fencedBlock(
  src: string,
  start: number,
  eol: number,
  fence: string,
  info: string,
  push: (s: number, e: number, display: boolean, env: string | null, delimiter: string, unterminated: boolean) => void,
): number {
  const n = src.length;
  const contentStart = eol < n ? eol + (src.charCodeAt(eol) === 13 && src.charCodeAt(eol + 1) === 10 ? 2 : 1) : n;
  let j = contentStart;
  let closeStart = -1;
  let resume = n;
  while (j < n) {
    const e = lineEnd(src, j);
    const m = FENCE_CLOSE.exec(src.slice(j, Math.min(e, j + 1000)));
    if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length) {
      closeStart = j;
      resume = e;
      break;
    }
    j = e < n ? e + (src.charCodeAt(e) === 13 && src.charCodeAt(e + 1) === 10 ? 2 : 1) : n;
  }
  if (/^math\b/i.test(info)) {
    const contentEnd = closeStart < 0 ? trimEnd(src, contentStart, n) : lastLineEnd(src, contentStart, closeStart);
    push(contentStart, contentEnd, true, 'math', fence + 'math', closeStart < 0);
  }
  return resume;
}

/** End of the content that precedes the line starting at `lineStart` (drops that line break). */
function lastLineEnd(src: string, from: number, lineStart: number): number {
  let e = lineStart;
  if (e > from && src.charCodeAt(e - 1) === 10) e--;
  if (e > from && src.charCodeAt(e - 1) === 13) e--;
  return Math.max(from, e);
}

/** First occurrence of `close` from `from`, skipping backslash escapes, before a blank line; -1 if none. */
function findInParagraph(src: string, from: number, close: string): number {
  const n = src.length;
  const c0 = close.charCodeAt(0);
  for (let j = from; j < n; j++) {
    const c = src.charCodeAt(j);
    if (c === c0 && src.startsWith(close, j)) return j;
    if (c === 92) {
      j++;
      continue;
    }
    if (isLineBreak(c) && startsBlankLine(src, j)) return -1;
  }
  return -1;
}

/** Start of the next backtick run of exactly `len` in the paragraph, or -1. */
function findTickRun(src: string, from: number, len: number): number {
  const n = src.length;
  let j = from;
  while (j < n) {
    const c = src.charCodeAt(j);
    if (c === 96) {
      let k = j;
      while (src.charCodeAt(k) === 96) k++;
      if (k - j === len) return j;
      j = k;
      continue;
    }
    if (isLineBreak(c) && startsBlankLine(src, j)) return -1;
    j++;
  }
  return -1;
}

/** Offset of the line break that ends the paragraph containing `i` (or the text length). */
function paragraphEnd(src: string, i: number): number {
  const n = src.length;
  for (let j = i; j < n; j++) {
    if (isLineBreak(src.charCodeAt(j)) && startsBlankLine(src, j)) return j;
  }
  return n;
}
