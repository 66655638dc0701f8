/**
 * Float64 implementations of the vocabulary functions JavaScript's Math lacks. They are written in
 * their numerically stable forms, because GradLens uses them as the reference side of every check:
 * a reference that overflows or cancels would turn a right claim into a false alarm.
 */
import erfImpl from '@stdlib/math-base-special-erf';
import erfcImpl from '@stdlib/math-base-special-erfc';

export const erf: (x: number) => number = erfImpl;
/** erfc keeps full relative accuracy where 1 - erf(x) would cancel (x > 0.5). */
export const erfc: (x: number) => number = erfcImpl;

/** 1/(1+e^-x) without overflow for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + e^x) = max(x, 0) + log1p(e^-|x|): exact in both tails. */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** σ'(x) = σ(x)σ(-x): no cancellation in either tail, unlike σ(1 - σ). */
export function sigmoidPrime(x: number): number {
  return sigmoid(x) * sigmoid(-x);
}

/** sech(x) = 1/cosh(x) computed as 2e^-|x|/(1+e^-2|x|) so it underflows gracefully instead of 1/Inf. */
export function sech(x: number): number {
  const a = Math.abs(x);
  const e = Math.exp(-a);
  return (2 * e) / (1 + e * e);
}

export function relu(x: number): number {
  return x > 0 ? x : 0;
}

export function heaviside(x: number): number {
  return x > 0 ? 1 : x < 0 ? 0 : Number.isNaN(x) ? NaN : 0.5;
}

/** mathjs sign semantics: sign(0) = 0. */
export function sign(x: number): number {
  return Math.sign(x);
}
