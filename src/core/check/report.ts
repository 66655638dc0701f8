/**
 * The result of a gradient check, shared by documents, code and the gradcheck library, and the
 * tally that builds it point by point.
 */
import { MIN_INFORMATIVE_POINTS, allowed, relativeError, type Tolerance } from './tolerance.js';

export type Verdict = 'ok' | 'mismatch' | 'unverified';

export interface WorstPoint {
  /** Where: variable → value. */
  point: Record<string, number>;
  /** What the claim (or the user's gradient) gives there. */
  actual: number;
  /** The true derivative there. */
  expected: number;
  /** Which partial or Jacobian entry, for gradients and Jacobians ("∂f/∂w", "[1][0]"). */
  component?: string;
  /** At a kink: the one-sided derivatives, between which any value is a subgradient. */
  subgradient?: [number, number];
}

export interface CheckReport {
  verdict: Verdict;
  ok: boolean;
  maxAbsError: number;
  maxRelError: number;
  worst: WorstPoint | null;
  /** Points where the claim was compared. */
  checked: number;
  /** Points where finite differences could not resolve f′ to the tolerance (neither pass nor fail). */
  unresolved: number;
  /** Points at a kink, where the claim lay between the one-sided derivatives. */
  kinks: number;
  /** Points left out: outside the domain (NaN/Inf), or both sides negligibly small. */
  skipped: number;
  /** Points that carried evidence: compared and not negligible. */
  informative: number;
  /** Points where the claim disagreed. */
  failed: number;
  /** Extra condition under which the claim holds, e.g. "binary labels (y ∈ {0, 1})". */
  condition: string | null;
  /** For unverified: why. */
  reason: string | null;
  message: string;
}

export type PointOutcome = 'pass' | 'fail' | 'kink' | 'unresolved' | 'negligible' | 'nonfinite';

export class Tally {
  checked = 0;
  informative = 0;
  unresolved = 0;
  kinks = 0;
  skipped = 0;
  failures = 0;
  maxAbs = 0;
  maxRel = 0;
  worst: WorstPoint | null = null;
  private worstScore = -1;
  private firstFailure: WorstPoint | null = null;

  constructor(private readonly tol: Tolerance) {}

  record(outcome: PointOutcome, where: WorstPoint): void {
    switch (outcome) {
      case 'nonfinite': case 'negligible': this.skipped++; return;
      case 'unresolved': this.unresolved++; return;
      case 'kink': this.kinks++; this.checked++; return;
      default: break;
    }
    this.checked++;
    this.informative++;
    const abs = Math.abs(where.actual - where.expected);
    const rel = relativeError(where.actual, where.expected, this.tol);
    if (abs > this.maxAbs) this.maxAbs = abs;
    if (rel > this.maxRel) this.maxRel = rel;
    // The worst point is the failing one furthest outside its allowance, else the largest error.
    // A finite disagreement explains more than a division by zero: non-finite values rank last among failures.
    const ratio = abs / allowed(where.expected, this.tol);
    const score = (Number.isFinite(ratio) ? Math.min(ratio, 1e5) : 0) + (outcome === 'fail' ? 1e6 : 0);
    if (outcome === 'fail') {
      this.failures++;
      if (!this.firstFailure) this.firstFailure = where;
    }
    if (score > this.worstScore || this.worst === null) { this.worstScore = score; this.worst = where; }
  }

  /** A passing scalar point, recorded without allocating unless it becomes the worst one. */
  recordPass(x: number, actual: number, expected: number): void {
    this.checked++;
    this.informative++;
    const abs = Math.abs(actual - expected);
    if (abs > this.maxAbs) this.maxAbs = abs;
    const rel = abs / Math.max(Math.abs(expected), this.tol.atol);
    if (rel > this.maxRel) this.maxRel = rel;
    const score = abs / allowed(expected, this.tol);
    if (score > this.worstScore) { this.worstScore = score; this.worst = { point: { x }, actual, expected }; }
  }

  report(subject: string, opts: { condition?: string | null; unverifiedReason?: string | null; referenceName?: string } = {}): CheckReport {
    const base = {
      maxAbsError: this.maxAbs, maxRelError: this.maxRel, worst: this.worst, checked: this.checked,
      unresolved: this.unresolved, kinks: this.kinks, skipped: this.skipped, informative: this.informative, failed: this.failures,
      condition: opts.condition ?? null,
    };
    if (this.failures > 0) {
      const w = this.worst ?? this.firstFailure!;
      const truth = w.subgradient
        ? `outside [${fmt(w.subgradient[0])}, ${fmt(w.subgradient[1])}], the one-sided derivatives at this kink`
        : `${opts.referenceName ?? 'the true derivative'} is ${fmt(w.expected)}`;
      return { ...base, verdict: 'mismatch', ok: false, reason: null, message: `${subject} is wrong: ${describePoint(w)} it gives ${fmt(w.actual)}, ${truth} (${this.failures} of ${this.checked} points disagree)` };
    }
    const reason = opts.unverifiedReason ?? (this.informative < MIN_INFORMATIVE_POINTS ? this.whyUninformative() : null);
    if (reason) return { ...base, verdict: 'unverified', ok: false, reason, message: `${subject} could not be verified: ${reason}` };
    const extras = [
      this.kinks ? `${this.kinks} at kinks` : '', this.unresolved ? `${this.unresolved} unresolved` : '', this.skipped ? `${this.skipped} skipped` : '',
    ].filter(Boolean).join(', ');
    const cond = opts.condition ? ` for ${opts.condition}` : '';
    return { ...base, verdict: 'ok', ok: true, reason: null, message: `${subject} is right${cond}: agrees at ${this.checked} points (max rel. error ${fmt(this.maxRel, 2)}${extras ? `; ${extras}` : ''})` };
  }

  private whyUninformative(): string {
    if (this.checked === 0 && this.unresolved > 0) return `finite differences could not resolve the derivative at any of the ${this.unresolved} points (saturated or too flat)`;
    if (this.checked === 0 && this.skipped > 0) return `the expression is undefined or negligibly small at all ${this.skipped} sampled points`;
    return `only ${this.informative} sampled points carried information (the derivative is negligibly small or undefined elsewhere)`;
  }
}

export function fmt(v: number, digits = 6): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e6) return String(Number(v.toPrecision(digits)));
  return v.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e');
}

export function describePoint(w: WorstPoint): string {
  const where = Object.entries(w.point).map(([k, v]) => `${k} = ${fmt(v)}`).join(', ');
  const comp = w.component ? `${w.component} ` : '';
  return `${comp}at ${where || 'the point'}`;
}
