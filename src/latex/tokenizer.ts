/**
 * Splits LaTeX math into tokens with offsets. Decisions that need no grammar are made here so the
 * parser sees a clean stream: spacing, sizing and labels vanish; `\left(` is one token; the raw
 * argument of `\text{…}`-like commands is kept whole; Unicode symbols become their commands.
 */
import { GREEK_UNICODE } from '../text/greek.js';

export type TokenKind =
  | 'letter' // one ASCII letter
  | 'num' // 12, 0.5, 1e-3
  | 'char' // punctuation: + - * / = < > ( ) [ ] { } | , ; : ! ' ^ _ & .
  | 'cmd' // \name or \<symbol>; value is the name without the backslash
  | 'text' // \text{…}-like; value is the command, arg the raw content
  | 'left' // \left<delim>; value is the normalised delimiter
  | 'right'
  | 'begin' // \begin{env}; value is the environment name
  | 'end'
  | 'space' // \quad, \qquad: meaningless in an expression, a separator between statements
  | 'other'; // anything else (unknown Unicode, control characters)

export interface Token {
  kind: TokenKind;
  value: string;
  start: number;
  end: number;
  /** Whitespace (or a dropped token) precedes this one: plain letters around it are separate names. */
  spaceBefore: boolean;
  /** Raw argument of a 'text' token. */
  arg?: string;
  /** Offset of `arg` in the text. */
  argStart?: number;
}

/** Commands whose braced argument is taken raw (prose or an upright name). */
const TEXT_COMMANDS = new Set([
  'text', 'textrm', 'textit', 'textbf', 'textsf', 'texttt', 'textnormal', 'textup', 'mbox', 'hbox',
  'mathrm', 'mathit', 'mathsf', 'mathtt', 'mathnormal', 'operatorname', 'operatorname*', 'mathup',
]);
/** Dropped together with their braced argument. */
const DROP_WITH_ARG = new Set(['label', 'tag', 'tag*', 'hspace', 'hspace*', 'vspace', 'vspace*', 'color', 'phantom', 'hphantom', 'vphantom', 'textcolor', 'colorbox', 'kern', 'mkern']);
/** Dropped entirely: sizing, style and spacing that never change meaning. */
const DROP = new Set([
  'displaystyle', 'textstyle', 'scriptstyle', 'scriptscriptstyle', 'nonumber', 'notag', 'limits', 'nolimits',
  'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr', 'Biggl', 'Biggr', 'bigm', 'Bigm', 'biggm', 'Biggm',
  'mathstrut', 'strut', 'allowbreak', 'nobreak', ',', ';', ':', '!', ' ', '>', 'enspace', 'thinspace', 'medspace', 'thickspace',
  'negthinspace', 'negmedspace', 'negthickspace', 'centering', 'boxed', 'underline', 'middle',
]);
const SPACES = new Set(['quad', 'qquad']);
const FRACTIONS = new Set(['frac', 'dfrac', 'tfrac', 'cfrac', 'binom']);

/** Delimiters after \left / \right, normalised. */
const DELIMS: Readonly<Record<string, string>> = {
  '(': '(', ')': ')', '[': '[', ']': ']', '.': '.', '|': '|', '/': '/', '<': '<', '>': '>',
  '\\{': '{', '\\}': '}', '\\lbrace': '{', '\\rbrace': '}', '\\lbrack': '[', '\\rbrack': ']',
  '\\vert': '|', '\\lvert': '|', '\\rvert': '|', '\\|': '‖', '\\Vert': '‖', '\\lVert': '‖', '\\rVert': '‖',
  '\\langle': '<', '\\rangle': '>', '\\lfloor': '⌊', '\\rfloor': '⌋', '\\lceil': '⌈', '\\rceil': '⌉',
};

/** Unicode characters people paste into Markdown math, as the command they stand for. */
const UNICODE: Readonly<Record<string, string>> = {
  // Greek letters from the one table (text/greek.ts); ℓ is not Greek but is pasted the same way.
  ...GREEK_UNICODE, 'ℓ': 'ell',
  '∂': 'partial', '∇': 'nabla', '∞': 'infty', '·': 'cdot', '⋅': 'cdot', '×': 'times', '÷': 'div', '≈': 'approx', '≤': 'le',
  '≥': 'ge', '≠': 'ne', '≡': 'equiv', '≔': 'coloneqq', '⇒': 'Rightarrow', '⟹': 'implies', '→': 'to', '∑': 'sum', '∏': 'prod',
  '∫': 'int', '∈': 'in', '±': 'pm', '∀': 'forall', '√': 'sqrt', '′': 'prime', '∴': 'therefore',
};
const UNICODE_CHARS: Readonly<Record<string, string>> = { '−': '-', '–': '-', '∗': '*', '（': '(', '）': ')', '’': "'" };

/**
 * Escape damage: documents produced through program strings often lose the backslash of `\frac`,
 * `\beta`, `\times`… to a control character (\f, \b, \t). We read such a character followed by the
 * rest of a known command as that command.
 */
const DAMAGED: Readonly<Record<string, string>> = { '\f': 'f', '\b': 'b', '\t': 't', '\x07': 'a', '\v': 'v', '\r': 'r' };
const REPAIRABLE = new Set([
  'frac', 'beta', 'bar', 'boldsymbol', 'begin', 'bm', 'alpha', 'approx', 'times', 'text', 'theta', 'tau', 'tanh', 'tan', 'tilde',
  'top', 'to', 'textrm', 'vec', 'varphi', 'varepsilon', 'vert', 'rho', 'right', 'rightarrow', 'rvert',
]);

const PUNCT = new Set(['+', '-', '*', '/', '=', '<', '>', '(', ')', '[', ']', '{', '}', '|', ',', ';', ':', '!', "'", '^', '_', '&', '.', '?', '@', '"', '$', '#']);

const isLetter = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isWhite = (c: string): boolean => c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\f' || c === '\v';

export function tokenize(text: string, base = 0): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  let space = false;
  // TeX reads one digit as the argument of ^, _, \sqrt and \frac: x^23 is x²·3, \frac12 is ½.
  let singleDigits = 0;
  const push = (kind: TokenKind, value: string, start: number, end: number, extra?: Partial<Token>) => {
    out.push({ kind, value, start: base + start, end: base + end, spaceBefore: space, ...extra });
    space = false;
    if (kind === 'char' && (value === '^' || value === '_')) singleDigits = 1;
    else if (kind === 'cmd' && value === 'sqrt') singleDigits = 1;
    else if (kind === 'cmd' && FRACTIONS.has(value)) singleDigits = 2;
    else if (kind !== 'num') singleDigits = 0;
  };

  /** Reads a braced group starting at j (after optional spaces); returns [contentStart, contentEnd, next] or null. */
  const group = (j: number): [number, number, number] | null => {
    let k = j;
    while (k < n && isWhite(text[k]!)) k++;
    if (text[k] !== '{') return null;
    let depth = 0;
    for (let m = k; m < n; m++) {
      const c = text[m];
      if (c === '\\') m++;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return [k + 1, m, m + 1];
    }
    return [k + 1, n, n];
  };

  while (i < n) {
    const c = text[i]!;
    if (c === '%') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      space = true;
      continue;
    }
    const damaged = DAMAGED[c];
    if (damaged !== undefined) {
      const m = /^[A-Za-z]+/.exec(text.slice(i + 1, i + 20));
      if (m && REPAIRABLE.has(damaged + m[0])) {
        i = command(i, damaged + m[0], i + 1 + m[0].length);
        continue;
      }
    }
    if (isWhite(c) || c === '~') {
      space = true;
      i++;
      continue;
    }
    if (c === '\\') {
      const m = /^[A-Za-z]+/.exec(text.slice(i + 1, i + 60));
      if (m) {
        i = command(i, m[0], i + 1 + m[0].length);
      } else if (i + 1 < n) {
        i = command(i, text[i + 1]!, i + 2);
      } else {
        push('other', '\\', i, i + 1);
        i++;
      }
      continue;
    }
    // The same damage with the control character lost entirely: "rac{1}{2}" is \frac{1}{2}.
    if (c === 'r' && !isLetter(text[i - 1]) && text[i - 1] !== '\\' && text.startsWith('rac{', i)) {
      push('cmd', 'frac', i, i + 3);
      i += 3;
      continue;
    }
    if (isLetter(c)) {
      push('letter', c, i, i + 1);
      i++;
      continue;
    }
    if (isDigit(c) && singleDigits > 0) {
      singleDigits--;
      const keep = singleDigits;
      push('num', c, i, i + 1);
      singleDigits = keep;
      i++;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1]) && !isDigit(text[i - 1]))) {
      const m = /^(?:\d+(?:\.\d+)?|\.\d+)(?:e[+-]?\d+(?![A-Za-z.]))?/.exec(text.slice(i, i + 400))!;
      push('num', m[0], i, i + m[0].length);
      i += m[0].length;
      continue;
    }
    if (PUNCT.has(c)) {
      push('char', c, i, i + 1);
      i++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const cmd = UNICODE[ch];
    const alias = UNICODE_CHARS[ch];
    if (cmd) push('cmd', cmd, i, i + ch.length);
    else if (alias) push('char', alias, i, i + ch.length);
    else push('other', ch, i, i + ch.length);
    i += ch.length;
  }
  return out;

  /** Emits the token(s) for command `name` spanning [i, j); returns the next offset. */
  function command(i: number, name: string, j: number): number {
    if (name === 'tag' || name === 'hspace' || name === 'vspace') {
      if (text[j] === '*') j++;
    }
    if (name === 'operatorname' && text[j] === '*') {
      name = 'operatorname*';
      j++;
    }
    if (DROP.has(name)) {
      space = true;
      return j;
    }
    if (DROP_WITH_ARG.has(name)) {
      const g = group(j);
      space = true;
      return g ? g[2] : j;
    }
    if (name === 'lvert' || name === 'rvert' || name === 'vert') {
      push('char', '|', i, j);
      return j;
    }
    if (name === 'lbrace' || name === 'rbrace') {
      push('cmd', name === 'lbrace' ? '{' : '}', i, j);
      return j;
    }
    if (SPACES.has(name)) {
      push('space', name, i, j);
      space = true;
      return j;
    }
    if (name === 'left' || name === 'right') {
      let k = j;
      while (k < n && isWhite(text[k]!)) k++;
      const m = /^\\(?:[A-Za-z]+|.)/.exec(text.slice(k, k + 12));
      const raw = m ? m[0] : text[k] ?? '';
      const delim = DELIMS[raw];
      if (delim !== undefined) {
        push(name, delim, i, k + raw.length);
        return k + raw.length;
      }
      push(name, '', i, j);
      return j;
    }
    if (name === 'begin' || name === 'end') {
      const m = /^\s*\{([A-Za-z]+\*?)\}/.exec(text.slice(j, j + 60));
      if (m) {
        push(name, m[1]!, i, j + m[0].length);
        return j + m[0].length;
      }
    }
    if (TEXT_COMMANDS.has(name)) {
      const g = group(j);
      if (g) {
        push('text', name, i, g[2], { arg: text.slice(g[0], g[1]), argStart: base + g[0] });
        return g[2];
      }
      // \mathrm d, \text x: a single-character argument.
      let k = j;
      while (k < n && isWhite(text[k]!)) k++;
      if (k < n && text[k] !== '\\') {
        push('text', name, i, k + 1, { arg: text[k]!, argStart: base + k });
        return k + 1;
      }
    }
    push('cmd', name, i, j);
    return j;
  }
}
