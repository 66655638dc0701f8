/**
 * Symbolic derivatives for display, computed lazily and cached. mathjs's simplify can take hundreds
 * of milliseconds on a cross-entropy, so it runs only under a size budget and its result is cached
 * per (expression, variable); past the budget the folded but unsimplified derivative is shown.
 * Checks never wait on this: they use the compiled AD (ad/forward.ts).
 */
import { BoundedCache } from '../cache.js';
import { mathjs } from '../expr/mathjs.js';
import { freeVariables, sym, toText, type MathNode } from '../expr/tree.js';
import { differentiate } from './rules.js';

export interface SymbolicDerivative {
  node: MathNode;
  text: string;
  simplified: boolean;
}

/** Above this many nodes mathjs simplify is skipped: its cost grows steeply with size. */
export const SIMPLIFY_MAX_NODES = 60;
const cache = new BoundedCache<string, SymbolicDerivative>('symbolic derivatives', 2000);

export function countNodes(node: MathNode): number {
  let n = 0;
  node.traverse(() => { n++; });
  return n;
}

export function simplifyWithinBudget(node: MathNode, maxNodes = SIMPLIFY_MAX_NODES): { node: MathNode; simplified: boolean } {
  if (countNodes(node) > maxNodes) return { node, simplified: false };
  try {
    const { shielded, restore } = shieldIrrationalConstants(node);
    const s = restore(mathjs.simplify(shielded) as MathNode);
    // simplify sometimes grows a tree (expanding products); keep the smaller, more readable one.
    return countNodes(s) <= countNodes(node) * 1.2 ? { node: s, simplified: true } : { node, simplified: false };
  } catch {
    return { node, simplified: false };
  }
}

/** d expr / d wrt, simplified within budget; cached. Throws ExpressionError when no rule applies. */
export function symbolicDerivative(expr: MathNode, wrt: string): SymbolicDerivative {
  const key = `${wrt}\u0000${expr.toString()}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const raw = differentiate(expr, wrt);
  const { node, simplified } = simplifyWithinBudget(raw);
  const result = { node, text: toText(node), simplified };
  return cache.set(key, result);
}

/**
 * simplify folds sqrt(2) into 0.7071067811865475 and 1/2·(…)² into 0.49999999999999994·…; a reader
 * wants sqrt(2). Variable-free subtrees that are not plain numbers stand in as placeholder symbols.
 */
function shieldIrrationalConstants(node: MathNode): { shielded: MathNode; restore: (n: MathNode) => MathNode } {
  const saved = new Map<string, MathNode>();
  const shielded = node.transform((n: MathNode) => {
    if ((n.type === 'FunctionNode' || n.type === 'SymbolNode') && freeVariables(n).length === 0) {
      if (n.type === 'SymbolNode') return n;
      const name = `zzconst${saved.size}`;
      saved.set(name, n.cloneDeep());
      return sym(name);
    }
    return n;
  });
  const restore = (n: MathNode) =>
    saved.size === 0 ? n : n.transform((m: MathNode) => (m.type === 'SymbolNode' && saved.has((m as unknown as { name: string }).name) ? saved.get((m as unknown as { name: string }).name)!.cloneDeep() : m));
  return { shielded, restore };
}
