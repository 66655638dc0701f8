/**
 * Symbolic differentiation over the vocabulary, producing mathjs trees for display (hovers, CLI,
 * "the right derivative is …" in messages) and for the 50-digit reference.
 *
 * mathjs's own `derivative` is a closed switch that rejects max, min, erf and piecewise expressions
 * and cannot be extended, so the rules live here; mathjs still parses, prints and simplifies.
 */
import type * as math from 'mathjs';
import { ExpressionError, add, call, cond, div, mul, neg, num, op, pow, sub, sym, type MathNode } from '../expr/tree.js';
import { spend } from '../budget.js';

const isNum = (n: MathNode, v?: number) => n.type === 'ConstantNode' && (v === undefined || (n as math.ConstantNode).value === v);
const valueOf = (n: MathNode) => (n as math.ConstantNode).value as number;

// Constructors that fold the trivial cases, so derivatives stay readable before any simplify.
export function sAdd(a: MathNode, b: MathNode): MathNode {
  if (isNum(a, 0)) return b;
  if (isNum(b, 0)) return a;
  if (isNum(a) && isNum(b)) return num(valueOf(a) + valueOf(b));
  if (b.type === 'OperatorNode' && (b as math.OperatorNode).fn === 'unaryMinus') return sSub(a, (b as math.OperatorNode).args[0]!);
  return add(a, b);
}
export function sSub(a: MathNode, b: MathNode): MathNode {
  if (isNum(b, 0)) return a;
  if (isNum(a, 0)) return sNeg(b);
  if (isNum(a) && isNum(b)) return num(valueOf(a) - valueOf(b));
  return sub(a, b);
}
export function sMul(a: MathNode, b: MathNode): MathNode {
  if (isNum(a, 0) || isNum(b, 0)) return num(0);
  if (isNum(a, 1)) return b;
  if (isNum(b, 1)) return a;
  if (isNum(a, -1)) return sNeg(b);
  if (isNum(b, -1)) return sNeg(a);
  if (isNum(a) && isNum(b)) return num(valueOf(a) * valueOf(b));
  if (isNum(b)) return mul(b, a); // constants first: 2 x, not x 2
  return mul(a, b);
}
export function sDiv(a: MathNode, b: MathNode): MathNode {
  if (isNum(a, 0)) return num(0);
  if (isNum(b, 1)) return a;
  return div(a, b);
}
export function sNeg(a: MathNode): MathNode {
  if (isNum(a)) return num(-valueOf(a));
  if (a.type === 'OperatorNode' && (a as math.OperatorNode).fn === 'unaryMinus') return (a as math.OperatorNode).args[0]!;
  return neg(a);
}
export function sPow(a: MathNode, b: MathNode): MathNode {
  if (isNum(b, 1)) return a;
  if (isNum(b, 0)) return num(1);
  return pow(a, b);
}

function dependsOn(node: MathNode, x: string): boolean {
  let found = false;
  node.traverse((n: MathNode) => {
    if (!found && n.type === 'SymbolNode' && (n as math.SymbolNode).name === x) found = true;
  });
  return found;
}

/** Replacement outer derivatives, f'(u) as a tree of u: used to model a student's mistaken rule. */
export type RuleOverrides = Readonly<Record<string, (u: MathNode) => MathNode>>;

/** d node / d x as a tree. Throws ExpressionError for constructs without a rule. */
export function differentiate(node: MathNode, x: string, overrides: RuleOverrides = {}): MathNode {
  const d = (n: MathNode): MathNode => {
    spend(); // a derivative can be far larger than its expression (products, towers): bounded by the budget
    if (!dependsOn(n, x)) return num(0);
    switch (n.type) {
      case 'SymbolNode':
        return (n as math.SymbolNode).name === x ? num(1) : num(0);
      case 'ParenthesisNode':
        return d((n as math.ParenthesisNode).content);
      case 'ConditionalNode': {
        const c = n as math.ConditionalNode;
        return cond(c.condition.cloneDeep(), d(c.trueExpr), d(c.falseExpr));
      }
      case 'OperatorNode':
        return operator(n as math.OperatorNode);
      case 'FunctionNode':
        return func(n as math.FunctionNode);
      default:
        throw new ExpressionError(`cannot differentiate ${n.type}`);
    }
  };

  const operator = (o: math.OperatorNode): MathNode => {
    const [p, q] = o.args as [MathNode, MathNode];
    switch (o.fn) {
      case 'unaryPlus': return d(p);
      case 'unaryMinus': return sNeg(d(p));
      case 'add': return sAdd(d(p), d(q));
      case 'subtract': return sSub(d(p), d(q));
      case 'multiply': return sAdd(sMul(d(p), q.cloneDeep()), sMul(p.cloneDeep(), d(q)));
      case 'divide': {
        if (!dependsOn(q, x)) return sDiv(d(p), q.cloneDeep());
        return sDiv(sSub(sMul(d(p), q.cloneDeep()), sMul(p.cloneDeep(), d(q))), sPow(q.cloneDeep(), num(2)));
      }
      case 'pow': {
        if (!dependsOn(q, x)) {
          const e = isNum(q) ? num(valueOf(q) - 1) : sub(q.cloneDeep(), num(1));
          return sMul(sMul(q.cloneDeep(), sPow(p.cloneDeep(), e)), d(p));
        }
        if (!dependsOn(p, x)) return sMul(sMul(o.cloneDeep(), call('log', p.cloneDeep())), d(q));
        return sMul(o.cloneDeep(), sAdd(sMul(d(q), call('log', p.cloneDeep())), sDiv(sMul(q.cloneDeep(), d(p)), p.cloneDeep())));
      }
      default:
        // Comparisons and logic are piecewise constant.
        return num(0);
    }
  };

  const func = (f: math.FunctionNode): MathNode => {
    const name = f.fn.name;
    const args = f.args;
    const u = args[0]!;
    const U = () => u.cloneDeep();
    if (name === 'max' || name === 'min') {
      // Follows the winning argument, like the compiled AD: a piecewise expression.
      let best = args[0]!;
      let dBest = d(best);
      for (const next of args.slice(1)) {
        const c = op(name === 'max' ? '>' : '<', name === 'max' ? 'larger' : 'smaller', next.cloneDeep(), best.cloneDeep());
        dBest = cond(c, d(next), dBest);
        best = call(name, best.cloneDeep(), next.cloneDeep());
      }
      return dBest;
    }
    if (name === 'log' && args.length === 2) return d(div(call('log', U()), call('log', args[1]!.cloneDeep())));
    let outer: MathNode;
    const override = overrides[name];
    if (override && args.length === 1) return sMul(override(U()), d(u));
    switch (name) {
      case 'exp': outer = f.cloneDeep(); break;
      case 'expm1': outer = call('exp', U()); break;
      case 'log': outer = div(num(1), U()); break;
      case 'log1p': outer = div(num(1), add(num(1), U())); break;
      case 'log2': outer = div(num(1), mul(U(), call('log', num(2)))); break;
      case 'log10': outer = div(num(1), mul(U(), call('log', num(10)))); break;
      case 'sqrt': outer = div(num(1), mul(num(2), f.cloneDeep())); break;
      case 'cbrt': outer = div(num(1), mul(num(3), pow(f.cloneDeep(), num(2)))); break;
      case 'abs': outer = call('sign', U()); break;
      case 'sign': case 'heaviside': return num(0);
      case 'relu': outer = call('heaviside', U()); break;
      case 'sin': outer = call('cos', U()); break;
      case 'cos': outer = neg(call('sin', U())); break;
      case 'tan': outer = div(num(1), pow(call('cos', U()), num(2))); break;
      case 'asin': outer = div(num(1), call('sqrt', sub(num(1), pow(U(), num(2))))); break;
      case 'acos': outer = neg(div(num(1), call('sqrt', sub(num(1), pow(U(), num(2)))))); break;
      case 'atan': outer = div(num(1), add(num(1), pow(U(), num(2)))); break;
      case 'sinh': outer = call('cosh', U()); break;
      case 'cosh': outer = call('sinh', U()); break;
      // sech² rather than 1 - tanh²: the latter cancels to 0 in saturation.
      case 'tanh': outer = pow(call('sech', U()), num(2)); break;
      case 'asinh': outer = div(num(1), call('sqrt', add(pow(U(), num(2)), num(1)))); break;
      case 'acosh': outer = div(num(1), call('sqrt', sub(pow(U(), num(2)), num(1)))); break;
      case 'atanh': outer = div(num(1), sub(num(1), pow(U(), num(2)))); break;
      case 'sech': outer = neg(mul(call('sech', U()), call('tanh', U()))); break;
      case 'erf': outer = mul(div(num(2), call('sqrt', sym('pi'))), call('exp', neg(pow(U(), num(2))))); break;
      case 'erfc': outer = neg(mul(div(num(2), call('sqrt', sym('pi'))), call('exp', neg(pow(U(), num(2)))))); break;
      case 'sigmoid': outer = mul(call('sigmoid', U()), sub(num(1), call('sigmoid', U()))); break;
      case 'softplus': outer = call('sigmoid', U()); break;
      default: throw new ExpressionError(`no derivative rule for "${name}"`);
    }
    return sMul(outer, d(u));
  };

  return d(node);
}
