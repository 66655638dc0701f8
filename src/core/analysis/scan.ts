/** Shared helpers for scans over an input range: grids, interval collection and boundary bisection. */

export interface Interval {
  from: number;
  to: number;
}

export function linearGrid(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** Rounds to `digits` significant digits (boundaries are reported to 3). */
export function roundSig(v: number, digits = 3): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  return Number(v.toPrecision(digits));
}

/** Bisects between a point where `inside` is false and one where it is true. */
export function bisectBoundary(inside: (x: number) => boolean, outsideX: number, insideX: number, iterations = 50): number {
  let a = outsideX, b = insideX;
  for (let i = 0; i < iterations; i++) {
    const m = (a + b) / 2;
    if (m === a || m === b) break;
    // Boundaries are reported to 3 significant digits: stop well past that.
    if (Math.abs(b - a) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b)) && i > 8) break;
    if (inside(m)) b = m; else a = m;
  }
  return (a + b) / 2;
}

/**
 * Maximal runs of grid points where `inside` holds, with each inner boundary refined by bisection
 * and rounded to 3 significant digits. Runs reaching the grid's ends keep the ends.
 */
export function collectIntervals(grid: readonly number[], inside: (x: number) => boolean): Interval[] {
  const flags = grid.map(inside);
  const out: Interval[] = [];
  let i = 0;
  while (i < grid.length) {
    if (!flags[i]) { i++; continue; }
    let j = i;
    while (j + 1 < grid.length && flags[j + 1]) j++;
    const from = i === 0 ? grid[0]! : roundSig(bisectBoundary(inside, grid[i - 1]!, grid[i]!));
    const to = j === grid.length - 1 ? grid[j]! : roundSig(bisectBoundary(inside, grid[j + 1]!, grid[j]!));
    out.push({ from: snapZero(from, grid), to: snapZero(to, grid) });
    i = j + 1;
  }
  return out;
}

/** A boundary found by bisection at a kink lands at ±1e-18 rather than 0. */
function snapZero(v: number, grid: readonly number[]): number {
  const width = Math.abs(grid[grid.length - 1]! - grid[0]!);
  return Math.abs(v) < 1e-12 * width ? 0 : v;
}

/** Joins intervals separated by less than `gap` (rounding makes boundaries flicker). */
export function mergeClose<T extends Interval>(intervals: readonly T[], gap: (a: T, b: T) => boolean): T[] {
  const out: T[] = [];
  for (const iv of intervals) {
    const last = out[out.length - 1];
    if (last && gap(last, iv)) out[out.length - 1] = { ...last, to: iv.to };
    else out.push({ ...iv });
  }
  return out;
}
