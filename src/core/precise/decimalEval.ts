/**
 * Evaluates a tree in arbitrary precision with decimal.js (shipped with mathjs). Used where float64
 * cannot be trusted to judge float64: the rounding error of a claim as written, the instability
 * scan, and the accuracy benchmark's 50-digit reference.
 */
import Decimal from 'decimal.js';
import type * as math from 'mathjs';
import { ExpressionError, type MathNode } from '../expr/tree.js';
import { spend } from '../budget.js';

type D = Decimal;
type Ctor = typeof Decimal;

const ctors = new Map<number, Ctor>();
function ctor(precision: number): Ctor {
  let c = ctors.get(precision);
  if (!c) {
    c = Decimal.clone({ precision, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -7, toExpPos: 21, minE: -9e15, maxE: 9e15 });
    ctors.set(precision, c);
  }
  return c;
}

/** log(1+t), accurate for tiny t. */
function ln1p(C: Ctor, t: D): D {
  if (t.abs().lt(1e-8)) {
    // Series t - t²/2 + t³/3 - …: |t| is tiny, so a few terms reach full relative precision.
    const rel = new C(10).pow(-C.precision - 5);
    let sum = t, power = t;
    for (let n = 2; n < 1000; n++) {
      power = power.mul(t);
      const term = power.div(n);
      sum = n % 2 === 0 ? sum.minus(term) : sum.plus(term);
      if (term.abs().lte(rel.mul(sum.abs()))) break;
    }
    return sum;
  }
  return C.ln(t.plus(1));
}

/** exp(t) - 1, accurate for tiny t. */
function expm1(C: Ctor, t: D): D {
  if (t.abs().lt(1e-8)) {
    const rel = new C(10).pow(-C.precision - 5);
    let sum = t, term = t;
    for (let n = 2; n < 1000; n++) {
      term = term.mul(t).div(n);
      sum = sum.plus(term);
      if (term.abs().lte(rel.mul(sum.abs()))) break;
    }
    return sum;
  }
  return C.exp(t).minus(1);
}

/**
 * erf by its Taylor series, at a working precision raised by the cancellation the series suffers
 * (terms reach e^(x²)); erfc = 1 − erf for x > 0 cancels as much again (erfc(x) ≈ e^(−x²)), so it
 * carries twice the extra digits.
 */
function erfSeries(C: Ctor, x: D, complement = false): { erf: D; erfc: D } {
  const x2 = x.mul(x).toNumber();
  if (x2 > 900) {
    // |x| > 30: erfc(|x|) < 1e-392; the nearest representable answers.
    const s = x.isNeg() ? -1 : 1;
    const tiny = new C(0);
    return { erf: new C(s), erfc: new C(s > 0 ? tiny : 2) };
  }
  const extra = Math.ceil(((complement && x.isPos() ? 2 : 1) * x2) / Math.LN10) + 10;
  const W = ctor(C.precision + extra);
  const xw = new W(x);
  const xx = xw.mul(xw);
  let term = xw; // x^(2n+1)/n!
  let sum = new W(0);
  const eps = new W(10).pow(-W.precision - 2);
  for (let n = 0; n < 20_000; n++) {
    const t = term.div(2 * n + 1);
    sum = n % 2 === 0 ? sum.plus(t) : sum.minus(t);
    if (t.abs().lt(eps)) break;
    term = term.mul(xx).div(n + 1);
  }
  const erf = sum.mul(2).div(W.sqrt(W.acos(-1)));
  return { erf: new C(erf), erfc: new C(new W(1).minus(erf)) };
}

/**
 * Beyond this |x| e^x is treated as overflow. decimal.js computes e^(10⁹) in milliseconds, and limits
 * evaluate as far as 10⁸; its own tanh, sinh and cosh are the slow ones, hence the guards below.
 */
const EXP_LIMIT = 1e9;

function expGuarded(C: Ctor, x: D): D {
  if (x.gt(EXP_LIMIT)) return new C(Infinity);
  if (x.lt(-EXP_LIMIT)) return new C(0);
  return C.exp(x);
}

/** tanh(x) = ±1 to the working precision once 2|x| exceeds the digits carried. */
function tanhGuarded(C: Ctor, x: D): D {
  const cut = (C.precision + 5) * Math.LN10 / 2;
  if (x.abs().gt(cut)) return new C(x.isNeg() ? -1 : 1).minus(new C(x.isNeg() ? -2 : 2).mul(expGuarded(C, x.abs().neg().mul(2))));
  return C.tanh(x);
}

export function evaluateDecimal(node: MathNode, scope: Readonly<Record<string, number | string | D>>, precision = 50): D {
  const C = ctor(precision);
  const go = (n: MathNode): D => {
    spend(4); // a decimal operation costs several float ones
    switch (n.type) {
      case 'ConstantNode':
        return new C((n as math.ConstantNode).value as number);
      case 'SymbolNode': {
        const name = (n as math.SymbolNode).name;
        if (Object.prototype.hasOwnProperty.call(scope, name)) return new C(scope[name] as D);
        if (name === 'pi') return C.acos(-1);
        if (name === 'e') return C.exp(1);
        throw new ExpressionError(`no value for variable "${name}"`);
      }
      case 'ParenthesisNode':
        return go((n as math.ParenthesisNode).content);
      case 'ConditionalNode': {
        const c = n as math.ConditionalNode;
        return go(c.condition).isZero() ? go(c.falseExpr) : go(c.trueExpr);
      }
      case 'OperatorNode': {
        const o = n as math.OperatorNode;
        const a = o.args.map(go);
        const [p, q] = a as [D, D];
        const bool = (b: boolean) => new C(b ? 1 : 0);
        switch (o.fn) {
          case 'add': return p.plus(q);
          case 'subtract': return p.minus(q);
          case 'multiply': return p.mul(q);
          case 'divide': return p.div(q);
          case 'pow': return q.isInteger() && q.abs().lt(1e6) ? p.pow(q) : p.isNeg() ? new C(NaN) : p.pow(q);
          case 'unaryMinus': return p.neg();
          case 'unaryPlus': return p;
          case 'smaller': return bool(p.lt(q));
          case 'larger': return bool(p.gt(q));
          case 'smallerEq': return bool(p.lte(q));
          case 'largerEq': return bool(p.gte(q));
          case 'equal': return bool(p.eq(q));
          case 'unequal': return bool(!p.eq(q));
          case 'and': return bool(!p.isZero() && !q.isZero());
          case 'or': return bool(!p.isZero() || !q.isZero());
          case 'not': return bool(p.isZero());
          default: throw new ExpressionError(`unsupported operator "${o.op}"`);
        }
      }
      case 'FunctionNode': {
        const f = n as math.FunctionNode;
        const a = f.args.map(go);
        const u = a[0]!;
        switch (f.fn.name) {
          case 'exp': return expGuarded(C, u);
          case 'expm1': return u.abs().gt(EXP_LIMIT) ? expGuarded(C, u).minus(1) : expm1(C, u);
          case 'log': return a.length === 2 ? C.ln(u).div(C.ln(a[1]!)) : C.ln(u);
          case 'log1p': return ln1p(C, u);
          case 'log2': return C.log2(u);
          case 'log10': return C.log10(u);
          case 'sqrt': return C.sqrt(u);
          case 'cbrt': return C.cbrt(u);
          case 'abs': return u.abs();
          case 'sign': return new C(C.sign(u));
          case 'max': return C.max(...a);
          case 'min': return C.min(...a);
          case 'sin': return C.sin(u);
          case 'cos': return C.cos(u);
          case 'tan': return C.tan(u);
          case 'asin': return C.asin(u);
          case 'acos': return C.acos(u);
          case 'atan': return C.atan(u);
          case 'sinh': return expGuarded(C, u).minus(expGuarded(C, u.neg())).div(2);
          case 'cosh': return expGuarded(C, u).plus(expGuarded(C, u.neg())).div(2);
          case 'tanh': return tanhGuarded(C, u);
          case 'asinh': return C.asinh(u);
          case 'acosh': return C.acosh(u);
          case 'atanh': return C.atanh(u);
          case 'sech': return new C(2).div(expGuarded(C, u).plus(expGuarded(C, u.neg())));
          case 'erf': return erfSeries(C, u).erf;
          case 'erfc': return erfSeries(C, u, true).erfc;
          case 'sigmoid': return new C(1).div(expGuarded(C, u.neg()).plus(1));
          case 'softplus': return u.gt(0) ? u.plus(ln1p(C, expGuarded(C, u.neg()))) : ln1p(C, expGuarded(C, u));
          case 'relu': return u.gt(0) ? u : new C(0);
          case 'heaviside': return new C(u.gt(0) ? 1 : u.lt(0) ? 0 : 0.5);
          default: throw new ExpressionError(`unknown function "${f.fn.name}"`);
        }
      }
      default:
        throw new ExpressionError(`unsupported syntax (${n.type})`);
    }
  };
  return go(node);
}

/** The value as a float64, from a precise evaluation; NaN when the precise value is undefined. */
export function preciseNumber(node: MathNode, scope: Readonly<Record<string, number>>, precision = 50): number {
  try {
    return evaluateDecimal(node, scope, precision).toNumber();
  } catch (e) {
    if (e instanceof ExpressionError) throw e;
    return NaN; // decimal.js throws on e.g. ln of a negative number: the value does not exist.
  }
}

export { Decimal };
