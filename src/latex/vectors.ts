/**
 * Vector and matrix notation read componentwise (issue 13, index and vector notation). With the
 * document's dimension instantiated (n = 3, then n = 4), a bold vector `\mathbf{x}` stands for its
 * entry x_q at a free component index q (a letter the document never writes), a dot product
 * `\mathbf{w}^T\mathbf{x}` for w_1 x_1 + … + w_n x_n, `\mathbf{x}^T A \mathbf{x}` for the double sum
 * Σ_j Σ_k x_j a_jk x_k, `\|\mathbf{x}\|` for √(Σ_k x_k²), and an abbreviated sum or column
 * (`x_1 + x_2 + \ldots + x_n`, a pmatrix with ⋮) for the pattern it abbreviates. A claim with a
 * free component is then checked for every component. These helpers are pure: the parser calls them.
 */
import type * as math from 'mathjs';
import type { MathNode } from 'mathjs';
import { sym } from '../core/expr/tree.js';
import { substituteIndex } from './build.js';
import { GREEK, type NameParts } from './names.js';

/**
 * The end of every message for vector notation met without a dimension: the document analysis
 * reads such a document again with n instantiated (like a sum over i = 1 … n).
 */
export const NEEDS_DIMENSION = 'read componentwise only with the dimension instantiated';

/** In the message for a matrix or vector written out entry by entry (its size is the one written). */
export const WRITTEN_OUT = 'written out entry by entry';

/** Fonts that mark a vector (or, for a capital, a matrix); calligraphic and script letters do not. */
export const BOLD_WRAPPERS: ReadonlySet<string> = new Set([
  'mathbf', 'boldsymbol', 'bm', 'mathbfit', 'pmb', 'vec', 'overrightarrow', 'symbf', 'symbfit', 'mathbold', 'bold',
]);

/**
 * Bold-letter shorthands a document's own style file defines and the reader never sees (`\boldw`,
 * `\bx`, `\btheta`, `\bSigma`): a command that is no known one, made of `b` or `bold` and one
 * letter or a Greek name, is that letter in bold. Null for anything else (\beta, \bf, \bm, \bar …
 * are real commands and are read before this is asked).
 */
export function boldShorthand(cmd: string): string | null {
  if (GREEK[cmd] !== undefined || cmd === 'bf' || cmd === 'bm' || cmd === 'bb') return null;
  const m = /^(?:bold|b)([A-Za-z]+)$/.exec(cmd);
  if (!m) return null;
  const rest = m[1]!;
  if (rest.length === 1) return rest;
  return GREEK[rest] !== undefined ? GREEK[rest]! : null;
}

/** A vector's name: a lower-case letter or Greek name (bold capitals are matrices). */
export function isVectorBase(p: NameParts): boolean {
  return /^[a-z]$/.test(p.base) || (GREEK_NAMES.has(p.base) && /^[a-z]/.test(p.base));
}

/** A matrix's name: a capital letter (A, X, W) or capital Greek (Σ). */
export function isMatrixBase(p: NameParts): boolean {
  return /^[A-Z]$/.test(p.base) || (GREEK_NAMES.has(p.base) && /^[A-Z]/.test(p.base));
}

const GREEK_NAMES: ReadonlySet<string> = new Set(Object.values(GREEK));

/**
 * The parts of entry `index` of a vector: x → x_q, x_i (the i-th data vector) → x_iq, as documents
 * write the entries x_{ij} of a sample x_i; a longer last subscript gets a part of its own.
 */
export function entryParts(p: NameParts, index: string): NameParts {
  const subscripts = [...p.subscripts];
  const last = subscripts[subscripts.length - 1];
  if (last !== undefined && /^[a-z0-9]$/.test(last)) subscripts[subscripts.length - 1] = last + index;
  else subscripts.push(index);
  return { base: p.base, decorations: [...p.decorations], subscripts };
}

/** Entry (j, k) of a matrix, in the case the document writes its entries (A's entries a_{jk} or A_{jk}). */
export function matrixEntryParts(p: NameParts, j: string, k: string, lowercase: ReadonlySet<string> | undefined): NameParts {
  const base = lowercase?.has(p.base.toLowerCase()) && /^[A-Z]$/.test(p.base) ? p.base.toLowerCase() : p.base;
  return { base, decorations: [...p.decorations], subscripts: [...p.subscripts, `${j}${k}`] };
}

/** Renames an index in subscripts (x_q → x_i, x_iq → x_ii): σ(\mathbf z)_i is the entry i of σ(z). */
export function renameIndex(node: MathNode, from: string, to: string): MathNode {
  return node.transform((n: MathNode, _path: string, parent: MathNode | null) => {
    if (n.type !== 'SymbolNode') return n;
    if (parent && parent.type === 'FunctionNode' && (parent as math.FunctionNode).fn === n) return n;
    const parts = (n as math.SymbolNode).name.split('_');
    if (parts.length < 2) return n;
    let changed = false;
    for (let k = 1; k < parts.length; k++) {
      const q = parts[k]!;
      if (q === from) { parts[k] = to; changed = true; }
      else if (from.length === 1 && /^[a-z\d]{2,3}$/.test(q) && q.includes(from)) { parts[k] = q.split(from).join(to); changed = true; }
    }
    return changed ? sym(parts.join('_')) : n;
  });
}

/** Whether any symbol of a tree carries the index in a subscript. */
export function hasIndex(node: MathNode, index: string): boolean {
  let found = false;
  node.traverse((n: MathNode) => {
    if (found || n.type !== 'SymbolNode') return;
    const parts = (n as math.SymbolNode).name.split('_').slice(1);
    if (parts.some((p) => p === index || (/^[a-z\d]{2,3}$/.test(p) && p.includes(index)))) found = true;
  });
  return found;
}

/** The placeholder for the running index of an abbreviated pattern while it is compared. */
const PATTERN = 'zpat';

/** t with every subscript part that is exactly `1` replaced by the running index, or null if none is. */
function templateOf(t: MathNode): MathNode | null {
  let found = false;
  const out = t.transform((n: MathNode, _path: string, parent: MathNode | null) => {
    if (n.type !== 'SymbolNode') return n;
    if (parent && parent.type === 'FunctionNode' && (parent as math.FunctionNode).fn === n) return n;
    const parts = (n as math.SymbolNode).name.split('_');
    if (parts.length < 2) return n;
    let changed = false;
    for (let k = 1; k < parts.length; k++) if (parts[k] === '1') { parts[k] = PATTERN; changed = true; }
    if (!changed) return n;
    found = true;
    return sym(parts.join('_'));
  });
  return found ? out : null;
}

/** The template with its running index written as a name (x_zpat → x_n) or a number. */
function instance(template: MathNode, at: string | number): MathNode {
  if (typeof at === 'number') return substituteIndex(template.cloneDeep(), PATTERN, at);
  return renameIndex(template.cloneDeep(), PATTERN, at);
}

/** The subscript parts of the last term that could be the pattern's last index (n, N, 5). */
function lastIndexCandidates(last: MathNode): string[] {
  const out = new Set<string>();
  last.traverse((n: MathNode) => {
    if (n.type !== 'SymbolNode') return;
    for (const p of (n as math.SymbolNode).name.split('_').slice(1)) if (/^([A-Za-z]|\d+)$/.test(p)) out.add(p);
  });
  return [...out];
}

export interface Abbreviation {
  /** How many leading items are not part of the pattern (b in b + w_1x_1 + … + w_nx_n). */
  before: number;
  template: MathNode;
  /** The last index as written: a number, or a name standing for the dimension. */
  last: number | string;
}

/**
 * An abbreviated list `t_1, t_2, …, t_last` (the terms of a sum around \ldots, the rows of a column
 * around \vdots): the pattern is clear when the items before the ellipsis are the template at 1, 2,
 * … and the item after it is the template at one index (a number or a name such as n). Null when
 * it is not (`w_1x_1 + \dots + b`: the pattern's end is not written).
 */
export function abbreviation(items: readonly MathNode[], last: MathNode): Abbreviation | null {
  for (let before = 0; before < items.length; before++) {
    const template = templateOf(items[before]!);
    if (!template) continue;
    const run = items.slice(before);
    if (!run.every((t, k) => instance(template, k + 1).toString() === t.toString())) continue;
    for (const c of lastIndexCandidates(last)) {
      const at = /^\d+$/.test(c) ? Number(c) : c;
      if (instance(template, at).toString() !== last.toString()) continue;
      if (typeof at === 'number' && at < run.length) continue;
      return { before, template, last: at };
    }
    return null;
  }
  return null;
}

/** The template at index i (1-based, or the component letter). */
export function patternAt(a: Abbreviation, i: number | string): MathNode {
  return instance(a.template, i);
}
