/**
 * gradcheck for functions GradLens cannot read: the user's own JS/TS functions in their tests, as
 * torch.autograd.gradcheck is for PyTorch. Every point and every entry is checked (no random
 * projection), by finite differences with a per-point step and error estimate: where the estimate
 * cannot resolve f′ to the tolerance the point is "unresolved", neither a pass nor a failure.
 */
import { createRng } from '../sampling/rng.js';
import { fdOneSided, fdQuick, fdRidders, quickStep, type FdEstimate } from './finiteDifference.js';
import { OPAQUE_TOLERANCE, allowed, type Tolerance } from './tolerance.js';
import { Tally, type CheckReport, type PointOutcome } from './report.js';

export type ScalarFunction = (x: number) => number;
export type VectorFunction = (x: number[]) => number | number[];

export interface GradcheckOptions {
  /** Range points are drawn from (each coordinate). Default [-8, 8]. */
  range?: readonly [number, number];
  /** How many random points. Default 200. */
  samples?: number;
  /** Explicit points (numbers, or arrays for functions of several variables); replaces sampling. */
  points?: ReadonlyArray<number | readonly number[]>;
  /** Number of inputs for a function of an array; guessed from `points` when given. */
  dims?: number;
  rtol?: number;
  atol?: number;
  seed?: number;
  /** Name used in messages. */
  name?: string;
}

export type GradcheckResult = Omit<CheckReport, 'informative' | 'condition' | 'reason'> & {
  informative: number;
  reason: string | null;
};

export class GradcheckError extends Error {
  override readonly name = 'GradcheckError';
  constructor(readonly result: GradcheckResult) {
    super(result.message);
  }
}

function buildPoints(opts: GradcheckOptions, dims: number | null): number[][] {
  if (opts.points) return opts.points.map((p) => (typeof p === 'number' ? [p] : [...p]));
  const [lo, hi] = opts.range ?? [-8, 8];
  if (!(lo < hi)) throw new RangeError(`gradcheck: range [${lo}, ${hi}] is empty`);
  const n = opts.samples ?? 200;
  const d = dims ?? 1;
  const rnd = createRng(opts.seed ?? 20240611);
  const pts: number[][] = [];
  // The range ends and zero first: where kinks and saturation usually are.
  if (d === 1) for (const v of [lo, hi, 0]) if (v >= lo && v <= hi) pts.push([v]);
  for (let i = 0; i < n; i++) {
    const p = new Array<number>(d);
    for (let k = 0; k < d; k++) p[k] = lo + (hi - lo) * rnd();
    pts.push(p);
  }
  return pts;
}

/** Judges one entry: the user's value `g` against finite differences of `h` (f along one axis) at x. */
function judge(h: (x: number) => number, x: number, g: number, tol: Tolerance): { outcome: PointOutcome; expected: number; subgradient?: [number, number] } {
  if (!Number.isFinite(g)) {
    const est = fdQuick(h, x);
    return { outcome: Number.isFinite(est.value) && est.error <= allowed(est.value, tol) ? 'fail' : 'nonfinite', expected: est.value };
  }
  const quick = fdQuick(h, x);
  if (!Number.isFinite(quick.value)) return { outcome: 'nonfinite', expected: quick.value };
  const decide = (est: FdEstimate): PointOutcome | null => {
    const bound = allowed(est.value, tol);
    if (Math.abs(g) <= tol.atol && Math.abs(est.value) + est.error <= tol.atol) return 'negligible';
    if (Math.abs(g - est.value) + est.error <= bound) return 'pass';
    if (est.error > bound) return null; // cannot tell at this accuracy
    return Math.abs(g - est.value) - est.error > bound ? 'fail' : null;
  };
  const fast = decide(quick);
  if (fast === 'pass' || fast === 'negligible') return { outcome: fast, expected: quick.value };
  // Undecided or failing: spend more evaluations before a verdict.
  const fine = fdRidders(h, x);
  const second = Number.isFinite(fine.value) ? decide(fine) : null;
  if (second === 'pass' || second === 'negligible') return { outcome: second, expected: fine.value };
  // A kink between the sample offsets makes central differences meaningless: look at each side.
  const { left, right } = fdOneSided(h, x);
  const lb = allowed(left.value, tol), rb = allowed(right.value, tol);
  const jump = Math.abs(left.value - right.value);
  // A kink is a real jump in slope (ReLU: 0 to 1), not a difference within the estimates' noise.
  if (left.error <= lb && right.error <= rb && jump > Math.max(lb, rb) + left.error + right.error && jump > 1e-6 * Math.max(Math.abs(left.value), Math.abs(right.value))) {
    const lo = Math.min(left.value, right.value), hi = Math.max(left.value, right.value);
    const slack = Math.max(lb, rb);
    return { outcome: g >= lo - slack && g <= hi + slack ? 'kink' : 'fail', expected: g < lo ? lo : hi, subgradient: [lo, hi] };
  }
  if (second === 'fail') return { outcome: 'fail', expected: fine.value };
  return { outcome: 'unresolved', expected: fine.value };
}

function asArray(v: number | number[], what: string): number[] {
  if (typeof v === 'number') return [v];
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(v as ArrayLike<number>);
  throw new TypeError(`gradcheck: ${what} returned ${typeof v}, expected a number or an array of numbers`);
}

/**
 * Checks `grad` against finite differences of `f`.
 * - f: R → R with grad: R → R;
 * - f: Rⁿ → R (takes an array) with grad returning the gradient array;
 * - f: Rⁿ → Rᵐ with grad returning the Jacobian as m rows of n entries.
 */
export function gradcheck(f: ScalarFunction | VectorFunction, grad: ((x: number) => number) | ((x: number[]) => number[] | number[][] | number), opts: GradcheckOptions = {}): GradcheckResult {
  if (typeof f !== 'function' || typeof grad !== 'function') throw new TypeError('gradcheck(f, grad, options): f and grad must be functions');
  const tol: Tolerance = { rtol: opts.rtol ?? OPAQUE_TOLERANCE.rtol, atol: opts.atol ?? OPAQUE_TOLERANCE.atol };
  const firstPoint = opts.points?.[0];
  const dims = opts.dims ?? (Array.isArray(firstPoint) ? firstPoint.length : null);
  const vector = dims !== null;
  const points = buildPoints(opts, dims);
  const tally = new Tally(tol);
  const label = opts.name ?? (grad.name || 'the gradient');
  if (!vector) {
    checkScalar(f as ScalarFunction, grad as (x: number) => unknown, points, tol, tally, label);
    return tally.report(label);
  }
  for (const p of points) {
    const fx = vector ? (f as VectorFunction)(p.slice()) : (f as ScalarFunction)(p[0]!);
    const outputs = asArray(fx as number | number[], 'f').length;
    const gx = vector ? (grad as (x: number[]) => unknown)(p.slice()) : (grad as (x: number) => unknown)(p[0]!);
    // Normalise the user's answer to a Jacobian: rows = outputs, columns = inputs.
    let jac: number[][];
    if (typeof gx === 'number') jac = [[gx]];
    else if (Array.isArray(gx) && gx.length > 0 && Array.isArray(gx[0])) jac = (gx as number[][]).map((r) => asArray(r, 'grad'));
    else jac = outputs === 1 ? [asArray(gx as number[], 'grad')] : asArray(gx as number[], 'grad').map((v) => [v]);
    for (let i = 0; i < outputs; i++) {
      for (let j = 0; j < p.length; j++) {
        const g = jac[i]?.[j];
        if (typeof g !== 'number') throw new TypeError(`gradcheck: ${label} has no entry [${i}][${j}] at ${JSON.stringify(p)}`);
        const q = p.slice();
        const h = (t: number): number => {
          q[j] = t;
          const y = vector ? (f as VectorFunction)(q.slice()) : (f as ScalarFunction)(t);
          return typeof y === 'number' ? y : (y as number[])[i]!;
        };
        const { outcome, expected, subgradient } = judge(h, p[j]!, g, tol);
        const point: Record<string, number> = vector ? Object.fromEntries(p.map((v, k) => [`x[${k}]`, v])) : { x: p[0]! };
        const component = outputs > 1 ? `∂f[${i}]/∂x[${j}]` : vector ? `∂f/∂x[${j}]` : undefined;
        tally.record(outcome, { point, actual: g, expected, ...(component ? { component } : {}), ...(subgradient ? { subgradient } : {}) });
      }
    }
  }
  const r = tally.report(label);
  return r;
}

/**
 * The common case, f: R → R, without per-point allocations: at 10,000 points the check costs about
 * twice plain central differences. Points the quick estimate cannot decide take the general path.
 */
function checkScalar(f: ScalarFunction, grad: (x: number) => unknown, points: readonly number[][], tol: Tolerance, tally: Tally, label: string): void {
  const { rtol, atol } = tol;
  for (let k = 0; k < points.length; k++) {
    const x = points[k]![0]!;
    const g = grad(x);
    if (typeof g !== 'number') throw new TypeError(`gradcheck: ${label} returned ${typeof g} at x = ${x}, expected a number`);
    // fdQuick, inlined: this loop is the hot path of the library.
    const h1 = x + quickStep(x) - x;
    const h2 = x + h1 / 2 - x;
    const p1 = f(x + h1), m1 = f(x - h1), p2 = f(x + h2), m2 = f(x - h2);
    const d1 = (p1 - m1) / (2 * h1), d2 = (p2 - m2) / (2 * h2);
    const value = (4 * d2 - d1) / 3;
    const mag = Math.max(Math.abs(p1), Math.abs(m1), Math.abs(p2), Math.abs(m2));
    const error = Math.abs(d1 - d2) / 3 + (4 * Number.EPSILON * mag) / h2 + 2 * Number.EPSILON * Math.abs(value);
    const diff = Math.abs(g - value);
    if (diff + error <= atol + rtol * Math.abs(value) && !(Math.abs(g) <= atol && Math.abs(value) + error <= atol)) {
      tally.recordPass(x, g, value);
      continue;
    }
    const { outcome, expected, subgradient } = judge(f, x, g, tol);
    tally.record(outcome, { point: { x }, actual: g, expected, ...(subgradient ? { subgradient } : {}) });
  }
}

/** Throws GradcheckError with the report's message unless the check passes. */
export function assertGradcheck(f: ScalarFunction | VectorFunction, grad: Parameters<typeof gradcheck>[1], opts: GradcheckOptions = {}): GradcheckResult {
  const r = gradcheck(f, grad, opts);
  if (!r.ok) throw new GradcheckError(r);
  return r;
}
