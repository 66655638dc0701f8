/**
 * Finite differences for functions GradLens cannot see into (the gradcheck library) and to
 * corroborate the AD reference. Plain central differences with one global step are accurate to
 * ~1e-5 at best over an activation's range; here every point gets its own step and Richardson
 * extrapolation, with an error estimate that says when the estimate cannot be trusted (deep
 * saturation, where f(x ± h) rounds to the same float).
 */

export interface FdEstimate {
  value: number;
  /** Estimated absolute error of `value`: truncation (from the extrapolation tableau) plus rounding. */
  error: number;
  /** Function evaluations spent. */
  evaluations: number;
}

const EPS = Number.EPSILON;

/** A step h such that x + h and x − h are exact floats, so the difference quotient divides by the true 2h. */
function exactStep(x: number, h: number): number {
  const t = x + h;
  return t - x;
}

function central(f: (x: number) => number, x: number, h: number): { d: number; mag: number } {
  const fp = f(x + h);
  const fm = f(x - h);
  return { d: (fp - fm) / (2 * h), mag: Math.max(Math.abs(fp), Math.abs(fm)) };
}

/** Base step: activations vary on a scale of ~1 whatever x is; large |x| needs a step above its ulp. */
function baseStep(x: number): number {
  return Math.max(1, Math.abs(x) * 0.125);
}

/**
 * Cheap estimate: central differences at h and h/2 combined by one Richardson level (4
 * evaluations). The error bound is the truncation error of the h/2 difference itself,
 * |D(h) − D(h/2)|/3, which the extrapolated value beats: conservative, so a point it cannot decide
 * goes on to Ridders rather than to a wrong verdict.
 */
export function fdQuick(f: (x: number) => number, x: number): FdEstimate {
  const h1 = exactStep(x, quickStep(x));
  const h2 = exactStep(x, h1 / 2);
  const p1 = f(x + h1), m1 = f(x - h1), p2 = f(x + h2), m2 = f(x - h2);
  const d1 = (p1 - m1) / (2 * h1);
  const d2 = (p2 - m2) / (2 * h2);
  const value = (4 * d2 - d1) / 3;
  const mag = Math.max(Math.abs(p1), Math.abs(m1), Math.abs(p2), Math.abs(m2));
  // Rounding: each quotient carries ~eps·|f|/h; the Richardson weights (4 + 1)/3 amplify it.
  const error = Math.abs(d1 - d2) / 3 + 4 * EPS * mag / h2 + 2 * EPS * Math.abs(value);
  return { value, error, evaluations: 4 };
}

/** Step of the quick estimate: 2⁻⁸ of the base step balances truncation (~h²) and rounding (~eps/h) for rtol ≈ 1e-5. */
export function quickStep(x: number): number {
  return baseStep(x) * 2 ** -8;
}

/**
 * The noise of f around x, the way ECnoise (Moré & Wild) measures it: fourth differences over eight
 * points a hair apart see no curvature, only rounding. A function computed as log(1 + exp(x)) for
 * x ≪ 0 carries noise far above eps·|f|; an error estimate that assumed eps·|f| would be a lie.
 */
export function estimateNoise(f: (x: number) => number, x: number, side: -1 | 0 | 1 = 0): number {
  // Two spacings: a very fine one, and a coarser one for functions whose rounding comes in
  // staircases wider than the fine spacing (log(1 + t) with t ≪ 1 is flat over 1e-7).
  // `side` keeps the probe on one side of x, so a kink at x is not mistaken for noise.
  return Math.max(noiseAt(f, x, 1e-7, side), noiseAt(f, x, 1e-4, side));
}

function noiseAt(f: (x: number) => number, x: number, relativeSpacing: number, side: -1 | 0 | 1): number {
  const tau = exactStep(x, relativeSpacing * Math.max(1, Math.abs(x)));
  const v: number[] = [];
  const first = side === 0 ? -4 : side > 0 ? 0 : -7;
  for (let k = first; k < first + 8; k++) v.push(f(x + k * tau));
  let sum = 0, mag = 0;
  for (let i = 0; i + 4 < v.length; i++) {
    const d4 = v[i]! - 4 * v[i + 1]! + 6 * v[i + 2]! - 4 * v[i + 3]! + v[i + 4]!;
    sum += d4 * d4;
  }
  for (const y of v) mag = Math.max(mag, Math.abs(y));
  // γ₄ = (4!)²/8! = 1/70 turns the mean square of fourth differences into the noise variance.
  const rms = Math.sqrt(sum / (v.length - 4) / 70);
  return Math.max(rms, EPS * mag);
}

/**
 * Ridders' method: a shrinking sequence of steps extrapolated in a Neville tableau, stopping when
 * rounding starts to dominate. Returns the best entry and its error estimate: the tableau's spread
 * (times eight: the smallest spread in the tableau can be small by coincidence; measured on sigmoid, tanh, softplus and SiLU it never under-reports then) plus the function's measured noise amplified by the
 * smallest step used.
 */
export function fdRidders(f: (x: number) => number, x: number, maxLevels = 12): FdEstimate {
  const CON = 1.4, CON2 = CON * CON, SAFE = 2, MIN_LEVELS = 5;
  let h = exactStep(x, baseStep(x) * 0.5);
  const table: number[][] = Array.from({ length: maxLevels }, () => new Array<number>(maxLevels).fill(0));
  table[0]![0] = central(f, x, h).d;
  let best = table[0]![0]!;
  let bestStep = h;
  let err = Infinity;
  let evaluations = 2;
  for (let i = 1; i < maxLevels; i++) {
    h = exactStep(x, h / CON);
    table[0]![i] = central(f, x, h).d;
    evaluations += 2;
    let fac = CON2;
    for (let j = 1; j <= i; j++) {
      table[j]![i] = (table[j - 1]![i]! * fac - table[j - 1]![i - 1]!) / (fac - 1);
      fac *= CON2;
      const e = Math.max(Math.abs(table[j]![i]! - table[j - 1]![i]!), Math.abs(table[j]![i]! - table[j - 1]![i - 1]!));
      if (e <= err) { err = e; best = table[j]![i]!; bestStep = h; }
    }
    // Numerical Recipes stops as soon as the diagonal grows; with a large first step the first
    // levels can look like that by accident, so the stop is allowed only after a few levels.
    if (i >= MIN_LEVELS && Math.abs(table[i]![i]! - table[i - 1]![i - 1]!) >= SAFE * err) break;
  }
  const noise = estimateNoise(f, x);
  evaluations += 16;
  // Extrapolation weights amplify the quotients' noise (≈ noise/h each) by a few times.
  const rounding = (8 * noise) / bestStep + 4 * EPS * Math.abs(best);
  return { value: best, error: 8 * err + rounding, evaluations };
}

/** One-sided derivatives (for kinks), each by Richardson on forward/backward differences. */
export function fdOneSided(f: (x: number) => number, x: number): { left: FdEstimate; right: FdEstimate } {
  const f0 = f(x);
  const side = (dir: 1 | -1): FdEstimate => {
    const noise = estimateNoise(f, x, dir);
    const s = baseStep(x) * 2 ** -10;
    const q = (h: number) => (f(x + dir * h) - f0) / (dir * h);
    const h1 = exactStep(x, s), h2 = exactStep(x, s / 2), h3 = exactStep(x, s / 4);
    const a = q(h1), b = q(h2), c = q(h3);
    // First-order differences: Richardson factors 2 then 4.
    const r1 = 2 * b - a, r2 = 2 * c - b;
    const r = (4 * r2 - r1) / 3;
    const err = 2 * Math.abs(r - r2) + (16 * noise) / h3;
    return { value: r, error: err, evaluations: 3 };
  };
  return { left: side(-1), right: side(1) };
}
