/**
 * Where tolerances are chosen. Agreement is |a − r| ≤ atol + rtol·|r| (+ the claim's own rounding
 * error, estimated separately in compare.ts).
 *
 * Defaults, and why:
 * - Owned expressions are checked against an exact reference (compiled AD, a few ulps), so a right
 *   claim agrees to ~1e-13 unless its own evaluation is ill-conditioned, which is measured, not
 *   guessed. rtol = 1e-6 therefore leaves six orders of margin while a wrong claim (typically off
 *   by O(1) relative: a sign, a factor, a missing chain factor) is caught by ~six orders.
 * - atol = 1e-12: below it two derivatives are "both negligible", which is not evidence of agreement.
 * - Opaque functions (the gradcheck library) are checked against finite differences whose error is
 *   estimated per point; torch.autograd.gradcheck uses rtol 1e-3, atol 1e-5 for its plain central
 *   differences. Our Richardson/Ridders estimates are ~1e-9 accurate, so rtol = 1e-5 and atol = 1e-8.
 */
export interface Tolerance {
  rtol: number;
  atol: number;
}

export const OWNED_TOLERANCE: Readonly<Tolerance> = Object.freeze({ rtol: 1e-6, atol: 1e-12 });
export const OPAQUE_TOLERANCE: Readonly<Tolerance> = Object.freeze({ rtol: 1e-5, atol: 1e-8 });

/** Fewest points that must carry information for a verdict of "ok". */
export const MIN_INFORMATIVE_POINTS = 4;

export function allowed(reference: number, tol: Tolerance): number {
  return tol.atol + tol.rtol * Math.abs(reference);
}

export function relativeError(actual: number, reference: number, tol: Tolerance): number {
  return Math.abs(actual - reference) / Math.max(Math.abs(reference), tol.atol);
}

/**
 * The one rule for the check options a user sets (CLI flags, editor settings, `% gradlens:`
 * directives, package.json's settings schema): each caller reports the message its own way (a usage
 * error, an ignored setting in the log, an unverified directive) but the rule and the words are here.
 * - rtol, atol: a finite number ≥ 0 (atol 0 asks for relative agreement only).
 * - samples: a whole number from MIN_SAMPLES to MAX_SAMPLES. Fewer than 8 points cannot show a
 *   mismatch on more than a sliver of the range; more than 100,000 only costs time.
 */
export const MIN_SAMPLES = 8;
export const MAX_SAMPLES = 100_000;

export type CheckOptionName = 'rtol' | 'atol' | 'samples';

export type OptionValue = { value: number; error?: undefined } | { value?: undefined; error: string };

/** Validates one option given as a number or as text (a flag, a directive argument). */
export function checkOptionValue(name: CheckOptionName, raw: unknown): OptionValue {
  const v = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (name === 'samples') {
    if (Number.isInteger(v) && v >= MIN_SAMPLES && v <= MAX_SAMPLES) return { value: v };
    return { error: `samples must be a whole number from ${MIN_SAMPLES} to ${MAX_SAMPLES}, got ${shown(raw)}` };
  }
  if (Number.isFinite(v) && v >= 0) return { value: v };
  return { error: `${name} must be a number ≥ 0, got ${shown(raw)}` };
}

function shown(raw: unknown): string {
  return typeof raw === 'number' ? String(raw) : JSON.stringify(raw) ?? String(raw);
}
