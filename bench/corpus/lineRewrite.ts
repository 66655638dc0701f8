/**
 * The one-line rewrite the mutant makers of both code corpora (bench/corpus/code and
 * bench/corpus/python) build their rules from: the first match of `re` in `s` replaced by what
 * `f` makes of it, or null when there is no match or `f` declines (null) or changes nothing.
 */
export function replaceFirst(s: string, re: RegExp, f: (...m: string[]) => string | null): string | null {
  const m = re.exec(s);
  if (!m) return null;
  const r = f(...(m as unknown as string[]));
  if (r === null || r === m[0]) return null;
  return s.slice(0, m.index) + r + s.slice(m.index + m[0].length);
}
