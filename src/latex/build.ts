/**
 * Tree constructors for the forms only the LaTeX reader produces: derivative, evaluation at a
 * point, limits, comparisons and the substitution that expands a sum with numeric bounds.
 */
import type * as math from 'mathjs';
import type { MathNode } from 'mathjs';
import { call, neg, num, op, sym } from '../core/expr/tree.js';

/** derivative(body, wrt) applied `order` times. */
export function derivative(body: MathNode, wrt: MathNode, order = 1): MathNode {
  let d = body;
  for (let k = 0; k < order; k++) d = call('derivative', d, wrt.cloneDeep());
  return d;
}

export const at = (body: MathNode, variable: string, value: MathNode): MathNode => call('at', body, sym(variable), value);

export const limit = (body: MathNode, variable: string, target: MathNode): MathNode => call('limit', body, sym(variable), target);

const COMPARISONS: Readonly<Record<string, [string, string]>> = {
  lt: ['<', 'smaller'], gt: ['>', 'larger'], le: ['<=', 'smallerEq'], ge: ['>=', 'largerEq'], eq: ['==', 'equal'], ne: ['!=', 'unequal'],
};

export function compare(kind: string, a: MathNode, b: MathNode): MathNode {
  const [o, f] = COMPARISONS[kind]!;
  return op(o, f, a, b);
}

export const and = (a: MathNode, b: MathNode): MathNode => op('and', 'and', a, b);
export const or = (a: MathNode, b: MathNode): MathNode => op('or', 'or', a, b);

/** Folds `-5`, `-\infty`, `+\infty` into a single constant; other nodes are returned as they are. */
export function foldNumber(node: MathNode): MathNode {
  if (node.type === 'OperatorNode') {
    const o = node as math.OperatorNode;
    if (o.fn === 'unaryPlus') return foldNumber(o.args[0]!);
    if (o.fn === 'unaryMinus') {
      const inner = foldNumber(o.args[0]!);
      if (inner.type === 'ConstantNode') return num(-((inner as math.ConstantNode).value as number));
      return neg(inner);
    }
  }
  return node;
}

/** Name parts that are accents, never sum indices (y_hat_j with index t must not become y_ha1_j). */
const ACCENT_PARTS = new Set(['hat', 'tilde', 'bar', 'dot', 'ddot', 'check', 'breve', 'acute', 'grave', 'ring', 'star', 'prime', 'v']);

/**
 * Substitutes a sum index by a number: the symbol itself, and subscripts naming it (z_j → z_2;
 * x_ij → x_i2 for a one-letter index inside a short run of index letters).
 */
export function substituteIndex(node: MathNode, index: string, value: number): MathNode {
  const v = String(value);
  return node.transform((n: MathNode, _path: string, parent: MathNode | null) => {
    if (n.type !== 'SymbolNode') return n;
    if (parent && parent.type === 'FunctionNode' && (parent as math.FunctionNode).fn === n) return n;
    const name = (n as math.SymbolNode).name;
    if (name === index) return num(value);
    const parts = name.split('_');
    if (parts.length < 2) return n;
    let changed = false;
    for (let k = 1; k < parts.length; k++) {
      const p = parts[k]!;
      if (p === index) {
        parts[k] = v;
        changed = true;
      } else if (index.length === 1 && !ACCENT_PARTS.has(p) && /^[a-z\d]{2,3}$/.test(p) && /[a-z]/.test(p) && p.includes(index)) {
        // x_ij → x_1j → x_12: a multi-index loses one letter at a time.
        parts[k] = p.split(index).join(v);
        changed = true;
      }
    }
    return changed ? sym(parts.join('_')) : n;
  });
}
