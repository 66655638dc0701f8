/**
 * Rewrites a tree into a mathematically equal one that float64 evaluates accurately. The reference
 * side of a check uses the rewritten tree: a definition written as log(1 + exp(x)) must not make
 * the true derivative NaN at x = 800, nor 1 + erf(x/√2) lose its digits in the left tail.
 * Claims are never rewritten: they are judged as written (compare.ts measures their rounding).
 */
import type * as math from 'mathjs';
import { call, neg, type MathNode } from './tree.js';

const isNum = (n: MathNode | undefined, v: number) => !!n && n.type === 'ConstantNode' && (n as math.ConstantNode).value === v;
const opOf = (n: MathNode | undefined, fn: string): MathNode[] | null =>
  n && n.type === 'OperatorNode' && (n as math.OperatorNode).fn === fn ? (n as math.OperatorNode).args : null;
const fnOf = (n: MathNode | undefined, name: string): MathNode | null =>
  n && n.type === 'FunctionNode' && (n as math.FunctionNode).fn.name === name && (n as math.FunctionNode).args.length === 1 ? (n as math.FunctionNode).args[0]! : null;

/** −t, cancelling a double negation. */
function negate(t: MathNode): MathNode {
  const inner = opOf(t, 'unaryMinus');
  return inner ? inner[0]! : neg(t);
}

/** `1 + t` or `t + 1` → t. */
function onePlus(n: MathNode | undefined): MathNode | null {
  const a = opOf(n, 'add');
  if (!a) return null;
  if (isNum(a[0], 1)) return a[1]!;
  if (isNum(a[1], 1)) return a[0]!;
  return null;
}

/** `1 - t` → t. */
function oneMinus(n: MathNode | undefined): MathNode | null {
  const a = opOf(n, 'subtract');
  return a && isNum(a[0], 1) ? a[1]! : null;
}

/** exp(-u) → u; exp(u) → -u as a tree. */
function negatedExpArg(n: MathNode | undefined): MathNode | null {
  const e = fnOf(n, 'exp');
  if (!e) return null;
  const m = opOf(e, 'unaryMinus');
  return m ? m[0]! : negate(e);
}

/** Recognises σ(u) written out: 1/(1+exp(-u)), exp(u)/(1+exp(u)). Returns u. */
export function matchSigmoid(n: MathNode): MathNode | null {
  const d = opOf(n, 'divide');
  if (!d) return null;
  if (isNum(d[0], 1)) {
    const t = onePlus(d[1]);
    const u = t ? negatedExpArg(t) : null;
    if (u) return u;
  }
  const top = fnOf(d[0], 'exp');
  const bottom = onePlus(d[1]);
  if (top && bottom && bottom.type === 'FunctionNode' && fnOf(bottom, 'exp') && fnOf(bottom, 'exp')!.equals(top)) return top;
  return null;
}

function rewrite(n: MathNode): MathNode {
  const negated = opOf(n, 'unaryMinus');
  const inner = negated ? opOf(negated[0], 'unaryMinus') : null;
  if (inner) return inner[0]!;
  // σ written out → sigmoid(u): no overflow of exp(-u) for u ≪ 0.
  const s = matchSigmoid(n);
  if (s) return call('sigmoid', s);
  const logArg = fnOf(n, 'log');
  if (logArg) {
    // log(1 + exp(u)) → softplus(u)
    const t = onePlus(logArg);
    const e = t ? fnOf(t, 'exp') : null;
    if (e) return call('softplus', e);
    // log(sigmoid(u)) → -softplus(-u); log(1 - sigmoid(u)) → -softplus(u)
    const sg = fnOf(logArg, 'sigmoid');
    if (sg) return negate(call('softplus', negate(sg)));
    const om = oneMinus(logArg);
    const sg2 = om ? fnOf(om, 'sigmoid') : null;
    if (sg2) return negate(call('softplus', sg2));
    // log(1 + t) → log1p(t)
    if (t) return call('log1p', t);
  }
  // 1 + erf(u) → erfc(-u); 1 - erf(u) → erfc(u): the tails keep their digits.
  const t = onePlus(n);
  const erfArg = t ? fnOf(t, 'erf') : null;
  if (erfArg) return call('erfc', negate(erfArg));
  const om = oneMinus(n);
  const erfArg2 = om ? fnOf(om, 'erf') : null;
  if (erfArg2) return call('erfc', erfArg2);
  // 1 - sigmoid(u) → sigmoid(-u)
  const sg = om ? fnOf(om, 'sigmoid') : null;
  if (sg) return call('sigmoid', negate(sg));
  // exp(u) - 1 → expm1(u)
  const sub = opOf(n, 'subtract');
  if (sub && isNum(sub[1], 1) && fnOf(sub[0], 'exp')) return call('expm1', fnOf(sub[0], 'exp')!);
  return n;
}

/** Bottom-up rewrite: children first, so patterns see already-stabilised arguments. */
export function stabilize(node: MathNode): MathNode {
  const visit = (n: MathNode): MathNode => rewrite(n.map((child: MathNode) => visit(child)));
  return visit(node);
}
