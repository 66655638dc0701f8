/**
 * A compact structural key for a tree, for the check caches: mathjs's toString works out operator
 * precedence and parentheses for every node, which costs more than many of the checks it keys.
 */
import type * as math from 'mathjs';
import type { MathNode } from '../core/index.js';

const memo = new WeakMap<MathNode, string>();

export function treeKey(node: MathNode, depth = 0): string {
  const hit = memo.get(node);
  if (hit !== undefined) return hit;
  let out: string;
  if (depth > 500) out = node.toString();
  else {
    switch (node.type) {
      case 'ConstantNode': out = String((node as math.ConstantNode).value); break;
      case 'SymbolNode': out = (node as math.SymbolNode).name; break;
      case 'ParenthesisNode': out = treeKey((node as math.ParenthesisNode).content, depth + 1); break;
      case 'OperatorNode': {
        const o = node as math.OperatorNode;
        out = `${o.fn}(${o.args.map((a) => treeKey(a, depth + 1)).join(',')})`;
        break;
      }
      case 'FunctionNode': {
        const f = node as math.FunctionNode;
        out = `${f.fn.name}[${f.args.map((a) => treeKey(a, depth + 1)).join(',')}]`;
        break;
      }
      case 'ConditionalNode': {
        const c = node as math.ConditionalNode;
        out = `?(${treeKey(c.condition, depth + 1)},${treeKey(c.trueExpr, depth + 1)},${treeKey(c.falseExpr, depth + 1)})`;
        break;
      }
      default: out = node.toString();
    }
  }
  memo.set(node, out);
  return out;
}
