/**
 * Finds math in LaTeX sources: `$…$`, `\(…\)`, `$$…$$`, `\[…\]` and the display environments.
 * Comments, verbatim-like environments and `\verb` are skipped; `% gradlens:` comments become
 * directive events. Every loop advances, and each character is visited a bounded number of times.
 */
import { parseDirectiveComment } from './directives.js';
import type { LineIndex } from './positions.js';
import { isLineBreak, lineEnd, startsBlankLine, trimEnd, type ScanEvent } from './scan.js';

const MATH_ENVS = new Set(['equation', 'align', 'gather', 'multline', 'eqnarray', 'flalign', 'alignat', 'math', 'displaymath', 'dmath', 'dgroup']);
const VERBATIM_ENVS = new Set(['verbatim', 'Verbatim', 'BVerbatim', 'LVerbatim', 'lstlisting', 'minted', 'comment', 'alltt', 'filecontents']);
const INLINE_ENVS = new Set(['math']);

type Closer = { kind: 'text'; text: string } | { kind: 'env'; name: string };

interface Found {
  /** End of the math content. */
  end: number;
  /** Where scanning resumes. */
  resume: number;
  unterminated: boolean;
}

export function scanTex(src: string, index: LineIndex): ScanEvent[] {
  const out: ScanEvent[] = [];
  const n = src.length;
  let i = 0;
  const region = (start: number, closer: Closer, display: boolean, env: string | null, delimiter: string): number => {
    const f = findCloser(src, start, closer, !display);
    out.push({ kind: 'region', start, end: f.end, display, env, delimiter, unterminated: f.unterminated });
    return f.resume;
  };
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 37 /* % */) {
      const eol = lineEnd(src, i);
      const ds = parseDirectiveComment(src.slice(i + 1, eol), { start: index.positionAt(i), end: index.positionAt(eol) });
      if (ds.length > 0) out.push({ kind: 'directives', directives: ds });
      i = eol;
      continue;
    }
    if (c === 36 /* $ */) {
      if (src.charCodeAt(i + 1) === 36) i = region(i + 2, { kind: 'text', text: '$$' }, true, null, '$$');
      else i = region(i + 1, { kind: 'text', text: '$' }, false, null, '$');
      continue;
    }
    if (c !== 92 /* \ */) {
      i++;
      continue;
    }
    const next = src[i + 1];
    if (next === '[') {
      i = region(i + 2, { kind: 'text', text: '\\]' }, true, null, '\\[');
      continue;
    }
    if (next === '(') {
      i = region(i + 2, { kind: 'text', text: '\\)' }, false, null, '\\(');
      continue;
    }
    const name = /^[A-Za-z]+/.exec(src.slice(i + 1, i + 40))?.[0] ?? '';
    if (name === '') {
      i += 2; // \$, \%, \\ and friends: escaped, never delimiters
      continue;
    }
    if (name === 'verb') {
      i = skipVerb(src, i + 5);
      continue;
    }
    if (name === 'begin') {
      const m = /^\s*\{([A-Za-z]+\*?)\}/.exec(src.slice(i + 6, i + 80));
      if (m) {
        const env = m[1]!;
        const base = env.replace(/\*$/, '');
        let contentStart = i + 6 + m[0].length;
        if (VERBATIM_ENVS.has(base)) {
          const endTag = `\\end{${env}}`;
          const e = src.indexOf(endTag, contentStart);
          i = e < 0 ? n : e + endTag.length;
          continue;
        }
        if (MATH_ENVS.has(base)) {
          // alignat{n} carries a column count that is not math.
          if (base === 'alignat') contentStart += /^\s*\{[^}]*\}/.exec(src.slice(contentStart, contentStart + 40))?.[0].length ?? 0;
          i = region(contentStart, { kind: 'env', name: env }, !INLINE_ENVS.has(base), env, `\\begin{${env}}`);
          continue;
        }
        i = contentStart;
        continue;
      }
    }
    i += 1 + name.length;
  }
  return out;
}

/** `\verb|…|` and `\verb*|…|`: the delimiter is any character; the argument cannot span lines. */
function skipVerb(src: string, i: number): number {
  let j = i;
  if (src[j] === '*') j++;
  const d = src[j];
  if (d === undefined || isLineBreak(src.charCodeAt(j))) return j;
  const close = src.indexOf(d, j + 1);
  const eol = lineEnd(src, j + 1);
  return close < 0 || close > eol ? eol : close + 1;
}

/**
 * Finds the end of math content starting at `start`. Inline math stops at a blank line, as TeX
 * itself does; display math runs to the end of the document when unclosed.
 */
function findCloser(src: string, start: number, closer: Closer, inline: boolean): Found {
  const n = src.length;
  const endTag = closer.kind === 'env' ? `\\end{${closer.name}}` : '';
  let j = start;
  while (j < n) {
    const c = src.charCodeAt(j);
    if (c === 37 /* % */) {
      j = lineEnd(src, j);
      continue;
    }
    if (inline && isLineBreak(c) && startsBlankLine(src, j)) {
      return { end: trimEnd(src, start, j), resume: j, unterminated: true };
    }
    if (c === 92 /* \ */) {
      if (closer.kind === 'env') {
        if (src.startsWith(endTag, j)) return { end: j, resume: j + endTag.length, unterminated: false };
      } else if (closer.text.length === 2 && closer.text[0] === '\\' && src[j + 1] === closer.text[1]) {
        return { end: j, resume: j + 2, unterminated: false };
      }
      j += 2;
      continue;
    }
    if (c === 36 /* $ */ && closer.kind === 'text') {
      if (closer.text === '$') return { end: j, resume: j + 1, unterminated: false };
      if (closer.text === '$$') {
        if (src.charCodeAt(j + 1) === 36) return { end: j, resume: j + 2, unterminated: false };
      }
    }
    j++;
  }
  return { end: trimEnd(src, start, n), resume: n, unterminated: true };
}
