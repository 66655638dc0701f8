/**
 * Plain TeX's infix fraction: `{a \over b}` is `\frac{a}{b}`. Notes written by people who learnt TeX
 * before LaTeX (and Markdown math copied from them) write derivatives as `{\partial f \over \partial x}`
 * and values as `m = {2 \over 4}`. TeX's rule: `\over` divides everything before it in its group by
 * everything after it. We rewrite the token stream, so every reading `\frac` has (a derivative
 * `\frac{\partial f}{\partial x}`, `\frac{d}{dx}`, a plain quotient) applies to the infix form too.
 *
 * Only a group delimited by braces is rewritten, and only when it holds exactly one `\over` at its own
 * level: TeX rejects two ("Ambiguous; you need another { and }"), and a `\over` outside any brace divides
 * the whole formula, relations included, which is not a claim anyone means. Both stay unread (an
 * unknown macro: unverified with that reason), never guessed.
 */
import type { Token } from './tokenizer.js';

const isOpen = (t: Token | undefined): boolean => t !== undefined && t.kind === 'char' && t.value === '{';
const isClose = (t: Token | undefined): boolean => t !== undefined && t.kind === 'char' && t.value === '}';
const isOver = (t: Token | undefined): boolean => t !== undefined && t.kind === 'cmd' && t.value === 'over';

export function readInfixFractions(toks: Token[]): Token[] {
  if (!toks.some(isOver)) return toks;
  // For each `{`, its matching `}` and the `\over` tokens directly inside it.
  const overs = new Map<number, number[]>();
  const close = new Map<number, number>();
  const stack: number[] = [];
  toks.forEach((t, i) => {
    if (isOpen(t)) stack.push(i);
    else if (isClose(t)) {
      const o = stack.pop();
      if (o !== undefined) close.set(o, i);
    } else if (isOver(t) && stack.length) {
      const o = stack[stack.length - 1]!;
      overs.set(o, [...(overs.get(o) ?? []), i]);
    }
  });
  const frac = new Map<number, Token>(); // before this `{`: a \frac token
  const split = new Set<number>(); // this \over becomes `}{`
  for (const [o, list] of overs) {
    if (list.length !== 1 || !close.has(o)) continue;
    const t = toks[o]!;
    frac.set(o, { kind: 'cmd', value: 'frac', start: t.start, end: t.start, spaceBefore: t.spaceBefore });
    split.add(list[0]!);
  }
  if (!split.size) return toks;
  const out: Token[] = [];
  toks.forEach((t, i) => {
    const f = frac.get(i);
    if (f) out.push(f, { ...t, spaceBefore: false });
    else if (split.has(i)) {
      out.push({ kind: 'char', value: '}', start: t.start, end: t.start, spaceBefore: t.spaceBefore });
      out.push({ kind: 'char', value: '{', start: t.end, end: t.end, spaceBefore: false });
    } else out.push(t);
  });
  return out;
}
