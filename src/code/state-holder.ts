import { ts } from './ts.js';
import { valueParameters } from './params.js';
import type { FunctionSite } from './discover.js';

/**
 * Static layer methods `forward(layer, x)` / `backward(layer, g)` keep their state on the first
 * argument instead of `this` (`layer.x = x` … `layer.x[i]`): that argument's name, when both
 * methods are static (or plain functions) and take it first; otherwise null.
 */
export function stateHolder(ps: FunctionSite, gs: FunctionSite): string | null {
  const plainOrStatic = (s: FunctionSite) => (s.owner.kind === 'class' && s.owner.isStatic) || s.owner.kind === 'object';
  if (!plainOrStatic(ps) || !plainOrStatic(gs)) return null;
  const first = (s: FunctionSite) => {
    const q = valueParameters(s.node)[0];
    return q && ts.isIdentifier(q.name) ? q.name.text : null;
  };
  const a = first(ps);
  return a !== null && a === first(gs) && valueParameters(ps.node).length >= 2 ? a : null;
}
