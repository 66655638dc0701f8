/**
 * The naming convention for applications of a function a document never defines: f(x_i, φ) is read
 * as one opaque quantity, the symbol `f_of` (a derivative with respect to "f(…)" is then a partial
 * like any other). This module is the convention's one owner: making the symbol, recognising it, and
 * showing it to a reader as `f(…)` (or `f(\ldots)` in TeX). Dependency-free: the client uses it too.
 */
const SUFFIX = '_of';
const IN_TEXT = /\b([A-Za-z][A-Za-z0-9]*)_of\b/g;

/** The symbol standing for every application of the undefined function `fn`. */
export function opaqueSymbol(fn: string): string {
  return `${fn}${SUFFIX}`;
}

export function isOpaqueSymbol(name: string): boolean {
  return name.length > SUFFIX.length && name.endsWith(SUFFIX);
}

/** The function an opaque symbol stands for (`f_of` → `f`), or null for any other name. */
export function opaqueFunction(name: string): string | null {
  return isOpaqueSymbol(name) ? name.slice(0, -SUFFIX.length) : null;
}

/** A variable's name as a reader sees it: `f_of` → `f(…)`, others unchanged. */
export function showName(name: string): string {
  const fn = opaqueFunction(name);
  return fn === null ? name : `${fn}(…)`;
}

/** Every opaque symbol in a formula's text shown as `f(…)`. */
export function showOpaquesIn(text: string): string {
  return text.replace(IN_TEXT, '$1(…)');
}
