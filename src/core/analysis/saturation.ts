/**
 * Saturation: where an activation's or loss's gradient vanishes. The intervals where
 * |f′(x)| < τ·max|f′| over the scan range, boundaries to 3 significant digits — computed from the
 * derivative, never looked up, so a scaled or shifted sigmoid gets its own boundaries.
 */
import { compileDerivativeOnVector } from '../ad/forward.js';
import { freeVariables, type MathNode } from '../expr/tree.js';
import { stabilize } from '../expr/stabilize.js';
import { roleFromName, type Role } from '../sampling/roles.js';
import { collectIntervals, linearGrid, roundSig, type Interval } from './scan.js';

export interface SaturationOptions {
  /** Scan range of the input. */
  range?: readonly [number, number];
  /** Fraction of the peak |f′| below which the function counts as saturated. */
  threshold?: number;
  /** Values for the other variables (labels, targets); guessed from their roles if absent. */
  fixed?: Readonly<Record<string, number>>;
}

export interface Saturation {
  variable: string;
  threshold: number;
  peak: number;
  peakAt: number;
  intervals: Interval[];
}

export const DEFAULT_SCAN_RANGE: readonly [number, number] = [-20, 20];
export const DEFAULT_SATURATION_THRESHOLD = 0.01;

/** A typical value of a variable that is held fixed while another is scanned. */
export function typicalValue(role: Role): number {
  switch (role) {
    case 'label': case 'signLabel': return 1;
    case 'probability': return 0.5;
    case 'positive': return 1;
    case 'slope': return 0.01;
    default: return 0;
  }
}

export function saturation(f: MathNode, variable: string, opts: SaturationOptions = {}): Saturation | null {
  const range = opts.range ?? DEFAULT_SCAN_RANGE;
  const threshold = opts.threshold ?? DEFAULT_SATURATION_THRESHOLD;
  const vars = [...new Set([variable, ...freeVariables(f)])];
  const df = compileDerivativeOnVector(stabilize(f), vars, variable);
  const point = vars.map((v) => opts.fixed?.[v] ?? typicalValue(roleFromName(v)));
  const g = (x: number) => { point[0] = x; return Math.abs(df(point)); };
  const grid = linearGrid(range[0], range[1], 4001);
  let peak = 0, peakAt = 0;
  for (const x of grid) {
    const v = g(x);
    if (Number.isFinite(v) && v > peak) { peak = v; peakAt = x; }
  }
  if (!(peak > 0)) return null; // constant function: nothing saturates, nothing to say
  // Refine the peak (golden section on the bracketing cells) so thresholds are accurate.
  const h = grid[1]! - grid[0]!;
  let a = peakAt - h, b = peakAt + h;
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 60; i++) {
    const c = b - phi * (b - a), d = a + phi * (b - a);
    if (g(c) > g(d)) b = d; else a = c;
  }
  const refined = g((a + b) / 2);
  if (Number.isFinite(refined) && refined > peak) { peak = refined; peakAt = (a + b) / 2; }
  const level = threshold * peak;
  const intervals = collectIntervals(grid, (x) => { const v = g(x); return Number.isFinite(v) && v < level; });
  return { variable, threshold, peak, peakAt: roundSig(peakAt, 6), intervals };
}

/** "saturates for |z| > 4.6: |f′| below 1% of its peak" and the like. */
export function describeSaturation(s: Saturation, fname = 'f', range: readonly [number, number] = DEFAULT_SCAN_RANGE): string {
  const [lo, hi] = range;
  // Saturation is the gradient vanishing toward an end of the range (σ for |z| large, ReLU for z < 0).
  // A dip inside the range is f′ crossing zero (Mish near −1.19, GELU near −0.75, the minimum of a
  // loss): no region where learning stalls, so it is not called saturation (nor printed as `0 < z < 0`).
  const iv = s.intervals.filter((v) => v.from <= lo || v.to >= hi);
  if (iv.length === 0) return `does not saturate on [${range[0]}, ${range[1]}]`;
  const pct = `${Number((s.threshold * 100).toPrecision(3))}%`;
  const parts = iv.map((iv) => {
    if (iv.from <= lo && iv.to >= hi) return 'everywhere';
    if (iv.from <= lo) return `${s.variable} < ${iv.to}`;
    if (iv.to >= hi) return `${s.variable} > ${iv.from}`;
    return `${iv.from} < ${s.variable} < ${iv.to}`;
  });
  let where = parts.join(' and ');
  if (iv.length === 2 && iv[0]!.from <= lo && iv[1]!.to >= hi && Math.abs(iv[0]!.to + iv[1]!.from) < 1e-9 * Math.max(1, Math.abs(iv[1]!.from))) {
    where = `|${s.variable}| > ${iv[1]!.from}`;
  }
  return `saturates for ${where}: |${fname}′| below ${pct} of its peak`;
}
