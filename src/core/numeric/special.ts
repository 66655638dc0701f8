/**
 * Float64 implementations of the vocabulary functions JavaScript's Math lacks. They are written in
 * their numerically stable forms, because GradLens uses them as the reference side of every check:
 * a reference that overflows or cancels would turn a right claim into a false alarm.
 */
import erfcImpl from '@stdlib/math-base-special-erfc';

const ERX = 8.45062911510467529297e-1, EFX = 1.28379167095512586316e-1, EFX8 = 1.02703333676410069053;
const pp = (x: number) => -0.3250421072470015 + x * (-0.02848174957559851 + x * (-0.005770270296489442 + x * -0.000023763016656650163));
const qq = (x: number) => 0.39791722395915535 + x * (0.0650222499887673 + x * (0.005081306281875766 + x * (0.00013249473800432164 + x * -0.000003960228278775368)));
const pa = (x: number) => 0.41485611868374833 + x * (-0.3722078760357013 + x * (0.31834661990116175 + x * (-0.11089469428239668 + x * (0.035478304325618236 + x * -0.002166375594868791))));
const qa = (x: number) => 0.10642088040084423 + x * (0.540397917702171 + x * (0.07182865441419627 + x * (0.12617121980876164 + x * (0.01363708391202905 + x * 0.011984499846799107))));
const ra = (x: number) => -0.6938585727071818 + x * (-10.558626225323291 + x * (-62.375332450326006 + x * (-162.39666946257347 + x * (-184.60509290671104 + x * (-81.2874355063066 + x * -9.814329344169145)))));
const sa = (x: number) => 19.651271667439257 + x * (137.65775414351904 + x * (434.56587747522923 + x * (645.3872717332679 + x * (429.00814002756783 + x * (108.63500554177944 + x * (6.570249770319282 + x * -0.0604244152148581))))));
const rb = (x: number) => -0.799283237680523 + x * (-17.757954917754752 + x * (-160.63638485582192 + x * (-637.5664433683896 + x * (-1025.0951316110772 + x * -483.5191916086514))));
const sb = (x: number) => 30.33806074348246 + x * (325.7925129965739 + x * (1536.729586084437 + x * (3199.8582195085955 + x * (2553.0504064331644 + x * (474.52854120695537 + x * -22.44095244658582)))));

/**
 * erf, fdlibm's algorithm with @stdlib's coefficients (max error below 1 ulp), bit for bit the same
 * results as @stdlib/math-base-special-erf (tested), about twice as fast: it calls Math.exp (V8's own
 * fdlibm exp) where @stdlib calls its exp written in JavaScript, and truncates |x| to 20 mantissa
 * bits with exact arithmetic instead of rewriting its low word through a typed array.
 */
export function erf(x: number): number {
  if (x !== x) return NaN;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    if (ax < 3.725290298461914e-9) return ax < 2.848094538889218e-306 ? 0.125 * (8.0 * x + EFX8 * x) : x + EFX * x;
    const z = x * x;
    return x + x * ((1.28379167095512558561e-1 + z * pp(z)) / (1.0 + z * qq(z)));
  }
  if (ax < 1.25) {
    const s = ax - 1.0;
    const pq = (-2.36211856075265944077e-3 + s * pa(s)) / (1.0 + s * qa(s));
    return x < 0 ? -ERX - pq : ERX + pq;
  }
  if (ax >= 6.0) return x < 0 ? 1e-300 - 1.0 : 1.0 - 1e-300;
  let s = 1.0 / (ax * ax), r: number;
  if (ax < 2.857142857142857) { r = -9.86494403484714822705e-3 + s * ra(s); s = 1.0 + s * sa(s); }
  else { r = -9.86494292470009928597e-3 + s * rb(s); s = 1.0 + s * sb(s); }
  // fdlibm's SET_LOW_WORD(z, 0): ax in [1.25, 6) keeps 20 bits after the binary point of its exponent 0, 1 or 2.
  const scale = ax < 2 ? 1048576 : ax < 4 ? 524288 : 262144;
  const z = Math.floor(ax * scale) / scale;
  r = Math.exp(-(z * z) - 0.5625) * Math.exp((z - ax) * (z + ax) + r / s);
  return x < 0 ? r / ax - 1.0 : 1.0 - r / ax;
}
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
