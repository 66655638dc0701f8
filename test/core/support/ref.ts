/**
 * Independent float64 reference math for the core tests: written from the textbook formulas with
 * plain JS Math, never by calling into src/core, so the tests can disagree with the code under test.
 */

export type Scope = Readonly<Record<string, number>>;

export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** σ′(x) = σ(x)·σ(−x), no cancellation in either tail. */
export function dsigmoid(x: number): number {
  return sigmoid(x) * sigmoid(-x);
}

export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

export function sech(x: number): number {
  return 1 / Math.cosh(x);
}

/** erfc(x) for x ≥ 3 by the continued fraction e^{−x²}/√π · 1/(x + ½/(x + 1/(x + 3⁄2/(x + …)))). */
function erfcLarge(x: number): number {
  let t = x;
  for (let k = 200; k >= 1; k--) t = x + k / 2 / t;
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * t);
}

/** erf by its Maclaurin series for |x| < 3 (absolute error ~1e-14), the continued fraction beyond. */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax >= 3) return Math.sign(x) * (1 - erfcLarge(ax));
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 300; n++) {
    term *= -x2 / n;
    const t = term / (2 * n + 1);
    sum += t;
    if (Math.abs(t) < 1e-18) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** Standard normal CDF and density. */
export function Phi(x: number): number {
  if (x < -3 * Math.SQRT2) return erfcLarge(-x / Math.SQRT2) / 2;
  return (1 + erf(x / Math.SQRT2)) / 2;
}
export function phi(x: number): number {
  return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
}

/** Bisection for a sign change of g on [a, b]. */
export function bisect(g: (x: number) => number, a: number, b: number, iterations = 200): number {
  let ga = g(a);
  const gb = g(b);
  if (Math.sign(ga) === Math.sign(gb)) throw new Error(`bisect: no sign change on [${a}, ${b}] (${ga}, ${gb})`);
  for (let i = 0; i < iterations; i++) {
    const m = (a + b) / 2;
    if (m === a || m === b) break;
    const gm = g(m);
    if (gm === 0) return m;
    if (Math.sign(gm) === Math.sign(ga)) { a = m; ga = gm; } else b = m;
  }
  return (a + b) / 2;
}

/** Maximum of g on [lo, hi]: a fine grid, then golden section around the best cell. */
export function maximize(g: (x: number) => number, lo: number, hi: number): { x: number; value: number } {
  const n = 20000;
  let bx = lo;
  let bv = -Infinity;
  for (let i = 0; i <= n; i++) {
    const x = lo + ((hi - lo) * i) / n;
    const v = g(x);
    if (v > bv) { bv = v; bx = x; }
  }
  const h = (hi - lo) / n;
  let a = Math.max(lo, bx - h);
  let b = Math.min(hi, bx + h);
  const r = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 100; i++) {
    const c = b - r * (b - a);
    const d = a + r * (b - a);
    if (g(c) > g(d)) b = d; else a = c;
  }
  const x = (a + b) / 2;
  return g(x) > bv ? { x, value: g(x) } : { x: bx, value: bv };
}

/** `v` rounded to 3 significant digits (how boundaries are reported). */
export function sig3(v: number): number {
  return v === 0 ? 0 : Number(v.toPrecision(3));
}

/** |a − b| ≤ atol + rtol·max(|a|, |b|). */
export function close(a: number, b: number, rtol: number, atol = 0): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= atol + rtol * Math.max(Math.abs(a), Math.abs(b));
}

/** Milliseconds a thunk takes. */
export function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}
