/**
 * Value and limit claims. A written value is checked to the precision written (σ(2) ≈ 0.88 allows
 * one unit in the last place); a limit is evaluated far out along a sequence, in the stabilised form
 * and in 60-digit arithmetic, and must settle.
 */
import { compileOnVector, evaluateDecimal, freeVariables, stabilize, type MathNode } from '../core/index.js';
import { treeKey } from '../core/expr/tree.js';
import { BoundedCache } from '../core/cache.js';

/** The precision a literal is written to: 0.88 → 0.01; 1.00 → 0.01; 4.5×10^{-5} → 1e-6; 3 → 0. */
export function writtenPrecision(source: string): number | null {
  const s = source.replace(/\\,|\\!|\\;|\s|\{|\}/g, '');
  const m = /^[-+]?(\d*)(?:\.(\d+))?(?:(?:\\times|\\cdot|\*|×|·)10\^\(?([-+]?\d+)\)?|[eE]([-+]?\d+))?[.,;]?$/.exec(s);
  if (!m || (m[1] === '' && m[2] === undefined)) return null;
  const decimals = m[2]?.length ?? 0;
  const exponent = Number(m[3] ?? m[4] ?? 0);
  return decimals === 0 && exponent === 0 ? 0 : Math.pow(10, exponent - decimals);
}

/** The numeric value of a variable-free tree: float64 of the stabilised form, checked in 40 digits. */
export function constantValue(node: MathNode): number {
  if (freeVariables(node).length > 0) return NaN;
  const key = treeKey(node);
  const known = constants.get(key);
  if (known !== undefined) return known;
  return constants.set(key, computeConstant(node));
}

/** Documents state the same values again and again (σ'(0), σ(2) in every problem): each is computed once. */
const constants = new BoundedCache<string, number>('constant values', 5000);

function computeConstant(node: MathNode): number {
  let v = NaN;
  try { v = compileOnVector(stabilize(node), [])([]); } catch { v = NaN; }
  try {
    const precise = evaluateDecimal(node, {}, 40).toNumber();
    if (Number.isFinite(precise) || !Number.isFinite(v)) return precise;
  } catch { /* fall back to float64 */ }
  return v;
}

export interface ValueComparison {
  ok: boolean;
  /** How far apart they may be. */
  allowed: number;
}

/**
 * Compares a true value with a claimed one. `precision` is the written precision of the claimed
 * literal (null when the claimed side is an expression); approximate relations (≈) allow the last
 * written digit to be off by one, exact ones by half.
 */
export function compareValues(truth: number, claimed: number, precision: number | null, approximate: boolean): ValueComparison {
  if (Number.isNaN(truth) || Number.isNaN(claimed)) return { ok: false, allowed: 0 };
  if (!Number.isFinite(truth) || !Number.isFinite(claimed)) return { ok: truth === claimed, allowed: 0 };
  let allowed: number;
  // An expression on the claimed side: equal to float64 precision, or both negligibly small.
  if (precision === null) allowed = Math.max(1e-12, 1e-9 * Math.abs(truth));
  else if (precision === 0) allowed = approximate ? 0.5 : 1e-9 * Math.max(1, Math.abs(truth)); // "= 3" means 3
  else allowed = (approximate ? 1 : 0.5) * precision * (1 + 1e-9);
  return { ok: Math.abs(truth - claimed) <= allowed, allowed };
}

/** Evaluates f(var → target) along a sequence; ±Infinity when it grows without bound; NaN if it does not settle. */
export function limitValue(body: MathNode, variable: string, target: number): number {
  const vars = freeVariables(body);
  if (vars.some((v) => v !== variable)) return NaN;
  const fn = compileOnVector(stabilize(body), [variable]);
  const precise = (x: number) => { try { return evaluateDecimal(body, { [variable]: x }, 60).toNumber(); } catch { return NaN; } };
  const at = (x: number) => { const v = fn([x]); return Number.isFinite(v) ? v : precise(x); };
  let xs: number[];
  if (target === Infinity || target === -Infinity) {
    const s = target > 0 ? 1 : -1;
    xs = [1e2, 1e3, 1e4, 1e6, 1e8].map((t) => s * t);
  } else {
    xs = [1e-4, 1e-6, 1e-8, 1e-10].flatMap((h) => [target + h, target - h]);
  }
  // Toward a finite point the body is usually a difference quotient (f(x + h) − f(x))/h, whose float64
  // value loses half its digits to cancellation: evaluated in 60 digits much closer in, it settles to
  // the limit itself (lim (t + h)² − t²)/h = 2t is then 2t to 20 digits, not 2t + 1e-6).
  if (Number.isFinite(target)) {
    const near = [1e-12, 1e-16, 1e-20, 1e-24].flatMap((h) => [target + h, target - h]).map(precise);
    if (near.every(Number.isFinite)) {
      const [p, q] = [near[near.length - 2]!, near[near.length - 1]!];
      const settled = Math.abs(p - q) <= 1e-12 * Math.max(1, Math.abs(p));
      if (settled) { const v = (p + q) / 2; return Math.abs(v) < 1e-15 ? 0 : v; }
    }
  }
  // Toward ±∞ a sequence such as (1 + 1/n)^n converges like 1/n and float64 stops far from its limit
  // (1 + 1/n rounds to 1): in 60 digits much farther out it settles.
  if (!Number.isFinite(target)) {
    const s = target > 0 ? 1 : -1;
    const far = [1e15, 1e20, 1e25].map((t) => precise(s * t));
    if (far.every(Number.isFinite)) {
      const [p, q] = [far[1]!, far[2]!];
      if (Math.abs(p - q) <= 1e-12 * Math.max(1, Math.abs(q)) && Math.abs(far[0]! - q) <= 1e-6 * Math.max(1, Math.abs(q))) return Math.abs(q) < 1e-15 ? 0 : q;
    }
  }
  const vals = xs.map(at);
  const tail = vals.slice(-4);
  if (tail.every((v) => v === Infinity)) return Infinity;
  if (tail.every((v) => v === -Infinity)) return -Infinity;
  if (tail.some((v) => !Number.isFinite(v))) return NaN;
  // Growing without bound: magnitudes increase along the sequence and are already large.
  const mags = tail.map(Math.abs);
  if (mags.every((m, i) => i === 0 || m > mags[i - 1]! * 1.5) && mags[mags.length - 1]! > 1e6) return Math.sign(tail[tail.length - 1]!) * Infinity;
  const last = tail[tail.length - 1]!, prev = tail[tail.length - 2]!;
  if (Math.abs(last - prev) > 1e-6 * Math.max(1, Math.abs(last))) return NaN;
  return Math.abs(last) < 1e-12 ? 0 : last;
}
