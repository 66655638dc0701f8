/**
 * Pairs opening and closing tokens once per formula, so the parser can find the end of a group,
 * or ask whether a bracket holds a comma, in constant time instead of rescanning.
 */
import type { Token } from './tokenizer.js';

export interface Brackets {
  /** Index of the partner token, or -1 when unpaired (or not a bracket). */
  match: Int32Array;
  /** For an opener: whether a `,` or `;` sits directly inside it. */
  hasComma: Uint8Array;
}

type Opener = 'paren' | 'bracket' | 'brace' | 'set' | 'left' | 'begin' | 'bar';

function openerKind(t: Token): Opener | null {
  if (t.kind === 'char') {
    if (t.value === '(') return 'paren';
    if (t.value === '[') return 'bracket';
    if (t.value === '{') return 'brace';
  }
  if (t.kind === 'cmd' && t.value === '{') return 'set';
  if (t.kind === 'left') return 'left';
  if (t.kind === 'begin') return 'begin';
  return null;
}

function closerKind(t: Token): Opener | null {
  if (t.kind === 'char') {
    if (t.value === ')') return 'paren';
    if (t.value === ']') return 'bracket';
    if (t.value === '}') return 'brace';
  }
  if (t.kind === 'cmd' && t.value === '}') return 'set';
  if (t.kind === 'right') return 'left';
  if (t.kind === 'end') return 'begin';
  return null;
}

/** Kinds whose closer may discard unclosed parentheses inside it (TeX groups are strict, intervals are not). */
const STRICT: ReadonlySet<Opener> = new Set(['brace', 'left', 'begin']);

export function pairBrackets(tokens: readonly Token[]): Brackets {
  const n = tokens.length;
  const match = new Int32Array(n).fill(-1);
  const hasComma = new Uint8Array(n);
  const stack: { kind: Opener; at: number }[] = [];
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    if (t.kind === 'char' && t.value === '|') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'bar') {
        stack.pop();
        match[top.at] = i;
        match[i] = top.at;
      } else if (!(tokens[i + 1]?.kind === 'char' && tokens[i + 1]!.value === '_')) {
        // `|_{x=0}` is an evaluation bar, not the start of an absolute value.
        stack.push({ kind: 'bar', at: i });
      }
      continue;
    }
    const open = openerKind(t);
    if (open) {
      stack.push({ kind: open, at: i });
      continue;
    }
    const close = closerKind(t);
    if (close) {
      // An absolute-value bar still open when its group closes was never one (P(y|z)).
      // Such a bar directly inside parentheses is a conditional and separates arguments like a comma.
      let conditional = false;
      while (stack.length > 0 && stack[stack.length - 1]!.kind === 'bar') { stack.pop(); conditional = true; }
      const enclosing = stack[stack.length - 1];
      if (conditional && enclosing && (enclosing.kind === 'paren' || enclosing.kind === 'left') && enclosing.kind === close) hasComma[enclosing.at] = 1;
      let k = stack.length - 1;
      // Bounded look-down keeps a run of stray closers linear.
      if (STRICT.has(close)) while (k >= 0 && k > stack.length - 64 && stack[k]!.kind !== close) k--;
      if (k >= 0 && stack[k]!.kind === close) {
        const at = stack[k]!.at;
        stack.length = k;
        match[at] = i;
        match[i] = at;
      }
      continue;
    }
    // A conditional bar in parentheses (p(x \mid \lambda)) separates arguments like a comma.
    if ((t.kind === 'char' && (t.value === ',' || t.value === ';')) || (t.kind === 'cmd' && t.value === 'mid')) {
      const top = stack[stack.length - 1];
      if (top && (t.kind === 'char' || top.kind === 'paren' || top.kind === 'left')) hasComma[top.at] = 1;
    }
  }
  return { match, hasComma };
}
