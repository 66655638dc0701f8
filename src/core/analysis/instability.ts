/**
 * Numerical instability of an expression as written: the input ranges where float64 evaluation
 * gives NaN/±Inf or keeps fewer than two correct significant digits while the true value is finite
 * (log(1 + exp(x)) beyond x ≈ 709.8 and below x ≈ −36.7; log(1 − σ(z)) beyond z ≈ 36).
 * The true value comes from the stabilised rewrite when one exists, else from 60-digit decimal
 * arithmetic.
 */
import { compileOnVector } from '../expr/compile.js';
import { freeVariables, toText, type MathNode } from '../expr/tree.js';
import { stabilize } from '../expr/stabilize.js';
import { preciseNumber } from '../precise/decimalEval.js';
import { floatVerdict } from '../precise/enclosure.js';
import { roleFromName } from '../sampling/roles.js';
import { collectIntervals, mergeClose, type Interval } from './scan.js';
import { typicalValue } from './saturation.js';

export interface InstabilityInterval extends Interval {
  /** What goes wrong there, in words. */
  problem: string;
  /** A stable way to write it, or null when none is known. */
  suggestion: string | null;
}

export const DEFAULT_INSTABILITY_RANGE: readonly [number, number] = [-1000, 1000];
/** Fewer than two correct significant digits counts as broken. */
const MAX_RELATIVE_ERROR = 1e-2;
const MIN_NORMAL = 2.2250738585072014e-308;

/** Dense near the origin, logarithmic out to the range ends: overflow lives far out. */
function scanGrid(lo: number, hi: number): number[] {
  const pts = new Set<number>();
  for (let i = 0; i <= 160; i++) pts.add(Math.max(lo, Math.min(hi, -40 + (80 * i) / 160)));
  // Probabilities and other narrow domains: a fine grid over the whole range instead.
  if (hi - lo <= 2) for (let i = 0; i <= 200; i++) pts.add(lo + ((hi - lo) * i) / 200);
  const far = Math.max(Math.abs(lo), Math.abs(hi));
  for (let i = 0; i <= 80; i++) {
    const v = 40 * Math.pow(far / 40, i / 80);
    if (v <= hi) pts.add(v);
    if (-v >= lo) pts.add(-v);
  }
  return [...pts].filter((v) => v >= lo && v <= hi).sort((a, b) => a - b);
}

/** Where a variable of this role can live: a probability on (0, 1), a scale on (0, 1000]. */
export function instabilityRange(variable: string): readonly [number, number] {
  switch (roleFromName(variable)) {
    case 'probability': case 'label': return [1e-300, 1 - 1e-16];
    case 'positive': case 'slope': return [1e-300, DEFAULT_INSTABILITY_RANGE[1]];
    default: return DEFAULT_INSTABILITY_RANGE;
  }
}

export function instability(f: MathNode, variable: string, opts: { range?: readonly [number, number]; fixed?: Readonly<Record<string, number>>; suggestion?: string | null } = {}): InstabilityInterval[] {
  const [lo, hi] = opts.range ?? instabilityRange(variable);
  const vars = [...new Set([variable, ...freeVariables(f)])];
  const asWritten = compileOnVector(f, vars);
  const stable = stabilize(f);
  const rewritten = !stable.equals(f);
  const stableFn = rewritten ? compileOnVector(stable, vars) : null;
  const base = vars.map((v) => opts.fixed?.[v] ?? typicalValue(roleFromName(v)));
  const scope = (x: number) => Object.fromEntries(vars.map((v, i) => [v, i === 0 ? x : base[i]!]));
  /** The true value at x; `v`, the value as written, when an enclosure proves it within 0.1 % of it; NaN where it proves x outside the domain (no 30-digit evaluation needed). */
  const truth = (x: number, v: number): number => {
    if (stableFn) { const p = base.slice(); p[0] = x; const t = stableFn(p); if (Number.isFinite(t)) return t; }
    const proven = floatVerdict(f, scope(x), v, MAX_RELATIVE_ERROR / 10);
    if (proven === 'accurate') return v;
    if (proven === 'not finite') return NaN; // outside the domain (log of a negative…): decimal.js would say NaN
    try {
      // 30 digits judge a float64 result to two significant digits unless it overflows the
      // working range; those come back non-finite and are redone with 400.
      const t = preciseNumber(f, scope(x), 30);
      // Only overflow or underflow deserves more digits; NaN means x is outside the domain.
      return Number.isNaN(t) || Number.isFinite(t) ? t : preciseNumber(f, scope(x), 400);
    } catch { return NaN; }
  };
  const problemAt = (x: number): 'nonfinite' | 'digits' | null => {
    const p = base.slice(); p[0] = x;
    const v = asWritten(p);
    const t = truth(x, v);
    if (!Number.isFinite(t)) return null; // no true value: a domain issue, not instability
    if (!Number.isFinite(v)) return 'nonfinite';
    // Below the smallest normal double both are underflow, which no rewrite can avoid.
    if (Math.abs(t) < MIN_NORMAL && Math.abs(v) < MIN_NORMAL) return null;
    return Math.abs(v - t) > MAX_RELATIVE_ERROR * Math.abs(t) ? 'digits' : null;
  };
  const grid = scanGrid(lo, hi);
  const suggestion = opts.suggestion !== undefined ? opts.suggestion : rewritten ? toText(stable) : null;
  // Near a threshold rounding flickers between good and bad: join pieces less than 1 (or 3%) apart.
  const raw = mergeClose(collectIntervals(grid, (x) => problemAt(x) !== null), (a, b) => b.from - a.to <= Math.max(1, 0.03 * Math.abs(b.from)));
  return raw.map((iv) => {
    const mid = iv.from === -Infinity ? iv.to : iv.to === Infinity ? iv.from : (iv.from + iv.to) / 2;
    const kind = problemAt(mid) ?? problemAt(iv.from) ?? problemAt(iv.to);
    const problem = kind === 'nonfinite' ? 'overflows to NaN or ±Infinity in float64' : 'loses nearly all significant digits in float64';
    return { ...iv, problem, suggestion };
  });
}
