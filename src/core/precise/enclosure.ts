/**
 * Interval enclosures of an expression's exact value, in float64. Every operation's result is
 * widened outward by more than its worst rounding error (a correctly rounded operation errs by at
 * most half an ulp; JavaScript's Math library and erf by an ulp or two, here allowed sixteen), so
 * the exact real value of the expression at the given point, with its literals and inputs taken as
 * the doubles they are, lies inside the enclosure. Where float64 plainly
 * suffices (the enclosure is narrow) this answers what a 30–60-digit decimal.js evaluation would,
 * a hundred times faster; where it cannot tell (a wide or non-finite enclosure, a condition too
 * close to call, a function it does not bound) it returns null and the caller asks decimal.js.
 */
import type * as math from 'mathjs';
import type { MathNode } from '../expr/tree.js';
import { erf, erfc, sigmoid, softplus } from '../numeric/special.js';

export type Enclosure = readonly [lo: number, hi: number];
/** The exact value is certainly not a finite real number (log of a negative, x/0…). */
const NF = 'not finite' as const;
type Result = Enclosure | null | typeof NF;

/** Outward widening for + − × ÷, relative (correctly rounded: at most 2⁻⁵³; four times that is allowed). */
const ARITH = 2 ** -51;
/** Outward widening for library functions, relative (Math.exp, Math.log, erf…: an ulp or two; sixteen ulps are allowed). */
const LIBM = 2 ** -48;
const TINY = Number.MIN_VALUE;

function widen(lo: number, hi: number, rel: number): Enclosure | null {
  if (!(lo <= hi) || !Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  return [lo - Math.abs(lo) * rel - TINY, hi + Math.abs(hi) * rel + TINY];
}

function exact(v: number): Enclosure | null {
  return Number.isFinite(v) ? [v, v] : null;
}

const increasing = (f: (x: number) => number) => (a: Enclosure): Enclosure | null => widen(f(a[0]), f(a[1]), LIBM);
const decreasing = (f: (x: number) => number) => (a: Enclosure): Enclosure | null => widen(f(a[1]), f(a[0]), LIBM);
/** Even functions with their extremum at 0 (cosh: minimum; sech: maximum). */
const even = (f: (x: number) => number) => (a: Enclosure): Enclosure | null => {
  const [lo, hi] = a;
  if (lo >= 0) return widen(Math.min(f(lo), f(hi)), Math.max(f(lo), f(hi)), LIBM);
  if (hi <= 0) return widen(Math.min(f(lo), f(hi)), Math.max(f(lo), f(hi)), LIBM);
  const ends = [f(lo), f(hi), f(0)];
  return widen(Math.min(...ends), Math.max(...ends), LIBM);
};
/** Functions bounded only at an exactly known argument (sin, cos, tan…). */
const pointOnly = (f: (x: number) => number) => (a: Enclosure): Enclosure | null => (a[0] === a[1] ? widen(f(a[0]), f(a[0]), LIBM) : null);
/** Functions defined on the open interval (lo, hi): certainly undefined when the argument is wholly outside it. */
const within = (lo: number, hi: number, g: (a: Enclosure) => Result) => (a: Enclosure): Result =>
  a[0] > lo && a[1] < hi ? g(a) : a[1] <= lo || a[0] >= hi ? NF : null;

const UNARY: Readonly<Record<string, (a: Enclosure) => Result>> = {
  exp: increasing(Math.exp),
  expm1: increasing(Math.expm1),
  log: within(0, Infinity, increasing(Math.log)),
  log1p: within(-1, Infinity, increasing(Math.log1p)),
  log2: within(0, Infinity, increasing(Math.log2)),
  log10: within(0, Infinity, increasing(Math.log10)),
  sqrt: (a) => (a[0] >= 0 ? widen(Math.sqrt(a[0]), Math.sqrt(a[1]), LIBM) : a[1] < 0 ? NF : null),
  cbrt: increasing(Math.cbrt),
  sinh: increasing(Math.sinh),
  tanh: increasing(Math.tanh),
  asinh: increasing(Math.asinh),
  atan: increasing(Math.atan),
  atanh: within(-1, 1, increasing(Math.atanh)),
  asin: (a) => (a[0] >= -1 && a[1] <= 1 ? widen(Math.asin(a[0]), Math.asin(a[1]), LIBM) : a[1] < -1 || a[0] > 1 ? NF : null),
  acos: (a) => (a[0] >= -1 && a[1] <= 1 ? widen(Math.acos(a[1]), Math.acos(a[0]), LIBM) : a[1] < -1 || a[0] > 1 ? NF : null),
  acosh: (a) => (a[0] >= 1 ? widen(Math.acosh(a[0]), Math.acosh(a[1]), LIBM) : a[1] < 1 ? NF : null),
  cosh: even(Math.cosh),
  sech: even((x) => 1 / Math.cosh(x)),
  erf: increasing(erf),
  erfc: decreasing(erfc),
  sigmoid: increasing(sigmoid),
  softplus: increasing(softplus),
  sin: pointOnly(Math.sin),
  cos: pointOnly(Math.cos),
  tan: pointOnly(Math.tan),
  abs: ([lo, hi]) => (lo >= 0 ? [lo, hi] : hi <= 0 ? [-hi, -lo] : [0, Math.max(-lo, hi)]),
  relu: ([lo, hi]) => [Math.max(lo, 0), Math.max(hi, 0)],
  sign: ([lo, hi]) => (lo > 0 ? [1, 1] : hi < 0 ? [-1, -1] : lo === 0 && hi === 0 ? [0, 0] : null),
  heaviside: ([lo, hi]) => (lo > 0 ? [1, 1] : hi < 0 ? [0, 0] : lo === 0 && hi === 0 ? [0.5, 0.5] : null),
};

function corners(f: (p: number, q: number) => number, a: Enclosure, b: Enclosure, rel: number): Enclosure | null {
  const v1 = f(a[0], b[0]), v2 = f(a[0], b[1]), v3 = f(a[1], b[0]), v4 = f(a[1], b[1]);
  return widen(Math.min(v1, v2, v3, v4), Math.max(v1, v2, v3, v4), rel);
}

function power(a: Enclosure, b: Enclosure): Result {
  const [lo, hi] = a;
  if (b[0] === b[1] && Number.isInteger(b[0]) && Math.abs(b[0]) <= 1024) {
    const n = b[0];
    if (n === 0) return [1, 1];
    // Small integer powers may be compiled as repeated products: allow an ulp per factor.
    const rel = LIBM + ARITH * Math.abs(n);
    const pl = Math.pow(lo, n), ph = Math.pow(hi, n);
    if (lo === 0 && hi === 0 && n < 0) return NF; // 0 to a negative power
    if (lo >= 0 || hi <= 0) return widen(Math.min(pl, ph), Math.max(pl, ph), rel);
    if (n < 0) return null; // a pole inside
    return n % 2 === 0 ? widen(0, Math.max(pl, ph), rel) : widen(pl, ph, rel);
  }
  if (lo > 0) return corners(Math.pow, a, b, LIBM);
  if (lo >= 0 && b[0] > 0) return widen(Math.min(Math.pow(lo, b[0]), Math.pow(lo, b[1])), Math.max(Math.pow(hi, b[0]), Math.pow(hi, b[1])), LIBM);
  if (hi < 0 && b[0] === b[1]) return NF; // a negative number to a non-integer power
  return null;
}

const truth = (b: boolean): Enclosure => (b ? [1, 1] : [0, 0]);
/** A condition's value when the enclosures decide it; null when they overlap too closely to call. */
function compare(fn: string, a: Enclosure, b: Enclosure): Enclosure | null {
  const point = a[0] === a[1] && b[0] === b[1];
  switch (fn) {
    case 'smaller': return a[1] < b[0] ? truth(true) : a[0] >= b[1] ? truth(false) : null;
    case 'larger': return a[0] > b[1] ? truth(true) : a[1] <= b[0] ? truth(false) : null;
    case 'smallerEq': return a[1] <= b[0] ? truth(true) : a[0] > b[1] ? truth(false) : null;
    case 'largerEq': return a[0] >= b[1] ? truth(true) : a[1] < b[0] ? truth(false) : null;
    case 'equal': return point ? truth(a[0] === b[0]) : a[1] < b[0] || b[1] < a[0] ? truth(false) : null;
    case 'unequal': return point ? truth(a[0] !== b[0]) : a[1] < b[0] || b[1] < a[0] ? truth(true) : null;
    default: return null;
  }
}

/** A decided truth value (0 or 1), or null. */
function decided(a: Result): boolean | null {
  return a && a !== NF && a[0] === a[1] ? a[0] !== 0 : null;
}

function evaluate(node: MathNode, scope: Readonly<Record<string, number>>): Result {
  const go = (n: MathNode): Result => {
    switch (n.type) {
      case 'ConstantNode': {
        const v = (n as math.ConstantNode).value as unknown;
        return typeof v === 'number' ? exact(v) : null;
      }
      case 'SymbolNode': {
        const name = (n as math.SymbolNode).name;
        if (Object.prototype.hasOwnProperty.call(scope, name)) return exact(scope[name]!);
        if (name === 'pi') return widen(Math.PI, Math.PI, ARITH);
        if (name === 'e') return widen(Math.E, Math.E, ARITH);
        return null;
      }
      case 'ParenthesisNode':
        return go((n as math.ParenthesisNode).content);
      case 'ConditionalNode': {
        const c = n as math.ConditionalNode;
        const d = decided(go(c.condition));
        return d === null ? null : go(d ? c.trueExpr : c.falseExpr);
      }
      case 'OperatorNode': {
        const o = n as math.OperatorNode;
        const a = go(o.args[0]!);
        if (o.args.length === 1) {
          if (o.fn === 'unaryMinus') return a === NF || a === null ? a : [-a[1], -a[0]];
          if (o.fn === 'unaryPlus') return a;
          if (o.fn === 'not') { const d = decided(a); return d === null ? null : truth(!d); }
          return null;
        }
        if (o.fn === 'and' || o.fn === 'or') {
          const p = decided(a), q = decided(go(o.args[1]!));
          return p === null || q === null ? null : truth(o.fn === 'and' ? p && q : p || q);
        }
        const b = go(o.args[1]!);
        // A non-finite operand keeps a sum, a product or a numerator non-finite whatever the other is
        // (∞ − ∞ and 0·∞ are NaN); 1/∞ = 0 and ∞⁰ = 1 do not, nor do comparisons.
        if (a === NF && (o.fn === 'add' || o.fn === 'subtract' || o.fn === 'multiply' || o.fn === 'divide')) return NF;
        if (b === NF && (o.fn === 'add' || o.fn === 'subtract' || o.fn === 'multiply')) return NF;
        if (a === null || b === null || a === NF || b === NF) return null;
        switch (o.fn) {
          case 'add': return widen(a[0] + b[0], a[1] + b[1], ARITH);
          case 'subtract': return widen(a[0] - b[1], a[1] - b[0], ARITH);
          case 'multiply': return corners((p, q) => p * q, a, b, ARITH);
          case 'divide': return b[0] > 0 || b[1] < 0 ? corners((p, q) => p / q, a, b, ARITH) : b[0] === 0 && b[1] === 0 ? NF : null;
          case 'pow': return power(a, b);
          default: return compare(o.fn, a, b);
        }
      }
      case 'FunctionNode': {
        const f = n as math.FunctionNode;
        const name = f.fn.name;
        const args: Result[] = f.args.map(go);
        // log, sqrt and |·| of a non-finite value are non-finite (log(−∞) and sqrt(−∞) are NaN).
        if (args.length === 1 && args[0] === NF) return /^(log|log1p|log2|log10|sqrt|abs)$/.test(name) ? NF : null;
        if (args.some((e) => e === null || e === NF)) return null;
        const known = args as Enclosure[];
        if (name === 'max' || name === 'min') {
          const pick = name === 'max' ? Math.max : Math.min;
          return [pick(...known.map((e) => e[0])), pick(...known.map((e) => e[1]))];
        }
        if (name === 'log' && known.length === 2) {
          const num = UNARY.log!(known[0]!), den = UNARY.log!(known[1]!);
          if (num === NF) return NF;
          return num && den && den !== NF && (den[0] > 0 || den[1] < 0) ? corners((p, q) => p / q, num, den, ARITH) : null;
        }
        const g = known.length === 1 ? UNARY[name] : undefined;
        return g ? g(known[0]!) : null;
      }
      default:
        return null;
    }
  };
  try {
    return go(node);
  } catch {
    return null;
  }
}

/**
 * An enclosure of the exact value of `node` at `scope`, or null when float64 cannot bound it
 * (unknown names, domains that may be left, overflow, conditions too close to call).
 */
export function enclose(node: MathNode, scope: Readonly<Record<string, number>>): Enclosure | null {
  const r = evaluate(node, scope);
  return r === NF ? null : r;
}

/** Whether the exact value at `scope` is certainly not a finite real (a logarithm of a negative number, a division by zero). */
export function certainlyNotFinite(node: MathNode, scope: Readonly<Record<string, number>>): boolean {
  return evaluate(node, scope) === NF;
}

/**
 * What float64 can prove about value `v` of `node` at `scope` without decimal.js: 'accurate' when an
 * enclosure shows v within `rel` (relative) of the exact value, 'not finite' when the exact value is
 * certainly not a finite real, else null (not proven either way: ask decimal.js).
 */
export function floatVerdict(node: MathNode, scope: Readonly<Record<string, number>>, v: number, rel: number): 'accurate' | 'not finite' | null {
  const e = evaluate(node, scope);
  if (e === NF) return 'not finite';
  if (!e || !Number.isFinite(v)) return null;
  const [lo, hi] = e;
  if (!(lo <= v && v <= hi)) return null;
  if (lo === hi) return 'accurate';
  // Same sign throughout, and narrow relative to the smallest magnitude inside.
  if (!(lo > 0 || hi < 0)) return null;
  return hi - lo <= rel * Math.min(Math.abs(lo), Math.abs(hi)) ? 'accurate' : null;
}

/** Whether float64 value `v` is proven within `rel` (relative) of the exact value; false means "not proven". */
export function provenAccurate(node: MathNode, scope: Readonly<Record<string, number>>, v: number, rel: number): boolean {
  return floatVerdict(node, scope, v, rel) === 'accurate';
}
