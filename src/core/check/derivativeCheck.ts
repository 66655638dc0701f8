/**
 * Checks a claimed derivative of an expression GradLens owns (read from a document or translated
 * from code). The reference is exact: forward-mode AD of the stabilised definition. Finite
 * differences corroborate it at a few points, so a bug in either reference shows as "unverified"
 * rather than as a verdict.
 */
import type * as math from 'mathjs';
import { compileOnVector } from '../expr/compile.js';
import { compileDerivativeOnVector } from '../ad/forward.js';
import { freeVariables, type MathNode } from '../expr/tree.js';
import { stabilize } from '../expr/stabilize.js';
import { differentiate } from '../derivative/rules.js';
import { evaluateDecimal } from '../precise/decimalEval.js';
import { enclose, type Enclosure } from '../precise/enclosure.js';
import { roleFromName, type Domain } from '../sampling/roles.js';
import { samplePoints } from '../sampling/points.js';
import { seedFrom } from '../sampling/rng.js';
import { fdQuick } from './finiteDifference.js';
import { OWNED_TOLERANCE, allowed, type Tolerance } from './tolerance.js';
import { Tally, type CheckReport, type WorstPoint } from './report.js';

export interface DerivativeCheckInput {
  /** The function, in the vocabulary. */
  f: MathNode;
  /** The variable differentiated. */
  wrt: string;
  /** The claimed derivative, in the vocabulary, judged as written. */
  claim: MathNode;
  /** Roles by variable; the rest are guessed from their names. */
  domains?: ReadonlyMap<string, Domain>;
  tolerance?: Partial<Tolerance>;
  samples?: number;
  range?: readonly [number, number];
  seed?: number;
  /** Values of `wrt` worth visiting (saturation regions…). */
  extraValues?: readonly number[];
  /** What the report calls the claim ("the claim", "sigmoidGrad"). */
  subject?: string;
  /**
   * The claim is code that runs, not a written form (issue 14): where it yields no number (0/0 at a
   * zero factor, the log of 0) although the function's derivative is finite and exact arithmetic
   * does not rescue it, that NaN is what the running gradient returns, so the point is evidence
   * against it. Derivations leave this off: there the undefined point only says the author's form
   * does not apply there (issue 13, class 5).
   */
  undefinedIsEvidence?: boolean;
}

export const DEFAULT_SAMPLES = 64;
export const DEFAULT_RANGE: readonly [number, number] = [-10, 10];

const NON_SMOOTH = new Set(['abs', 'max', 'min', 'relu', 'sign', 'heaviside']);

export function hasKinks(node: MathNode): boolean {
  let found = false;
  node.traverse((n: MathNode) => {
    if (found) return;
    if (n.type === 'ConditionalNode') found = true;
    else if (n.type === 'FunctionNode' && NON_SMOOTH.has((n as math.FunctionNode).fn.name)) found = true;
  });
  return found;
}

const PARTIAL_FUNCTIONS = new Set(['log', 'log10', 'log2', 'log1p', 'logit', 'sqrt', 'cbrt', 'nthRoot', 'asin', 'acos', 'atanh', 'acosh', 'pow']);

/**
 * Whether an expression is undefined for some values of its variables by its own form: a partial
 * function (log, √, arcsin …) of an expression in the variables, a power whose base varies and whose
 * exponent is not a whole number (a real power of a negative base has no real value), a quotient whose denominator varies (0/0 where it vanishes).
 */
export function hasVariableDomain(node: MathNode): boolean {
  let found = false;
  const varies = (n: MathNode | undefined) => !!n && freeVariables(n).length > 0;
  node.traverse((n: MathNode) => {
    if (found) return;
    if (n.type === 'FunctionNode' && PARTIAL_FUNCTIONS.has((n as math.FunctionNode).fn.name) && varies((n as math.FunctionNode).args[0])) found = true;
    else if (n.type === 'OperatorNode') {
      const o = n as math.OperatorNode;
      const e = o.args[1];
      const integerPower = !!e && e.type === 'ConstantNode' && Number.isInteger(Number((e as math.ConstantNode).value));
      if ((o.op === '^' && varies(o.args[0]) && !integerPower) || (o.op === '/' && varies(o.args[1]))) found = true;
    }
  });
  return found;
}

/**
 * A test for points outside the written domain of the trees: a log or root of a non-positive (or
 * negative) argument, a power of a negative base with a fractional exponent, a quotient by zero. Float64
 * can still give such a point a finite value (log_a b = log b / log a is 0 at a = 0, and a^0 = 1), which
 * is then no evidence either way (issue 13, class 5). Compiled only when a point fails.
 */
function domainTest(trees: MathNode[], variables: string[]): (p: number[]) => boolean {
  let tests: ((p: number[]) => boolean)[] | null = null;
  const build = () => {
    const out: ((p: number[]) => boolean)[] = [];
    const varies = (n: MathNode) => freeVariables(n).length > 0;
    const compiled = (n: MathNode) => { try { return compileOnVector(n, variables); } catch { return null; } };
    for (const t of trees) {
      t.traverse((n: MathNode) => {
        if (out.length > 24) return;
        if (n.type === 'FunctionNode') {
          const name = (n as math.FunctionNode).fn.name, a = (n as math.FunctionNode).args[0];
          if (!a || !varies(a)) return;
          const g = compiled(a);
          if (!g) return;
          if (name === 'log' || name === 'log10' || name === 'log2') out.push((p) => g(p) <= 0);
          else if (name === 'sqrt') out.push((p) => g(p) < 0);
        } else if (n.type === 'OperatorNode') {
          const o = n as math.OperatorNode;
          if (o.op === '/' && o.args[1] && varies(o.args[1])) { const g = compiled(o.args[1]); if (g) out.push((p) => g(p) === 0); }
          if (o.op === '^' && o.args[0] && varies(o.args[0])) {
            const e = o.args[1]!, integer = e.type === 'ConstantNode' && Number.isInteger(Number((e as math.ConstantNode).value));
            const b = compiled(o.args[0]), x = compiled(e);
            if (b && x && !integer) out.push((p) => { const bv = b(p), xv = x(p); return (bv < 0 && !Number.isInteger(xv)) || (bv === 0 && xv <= 0); });
          }
        }
      });
    }
    return out;
  };
  return (p) => {
    if (tests === null) tests = build();
    return tests.some((t) => t(p));
  };
}

function domainsFor(variables: readonly string[], given?: ReadonlyMap<string, Domain>): Map<string, Domain> {
  const m = new Map<string, Domain>();
  for (const v of variables) m.set(v, given?.get(v) ?? { role: roleFromName(v) });
  return m;
}

interface Prepared {
  variables: string[];
  wi: number;
  reference: (v: ArrayLike<number>) => number;
  value: (v: ArrayLike<number>) => number;
  claim: (v: ArrayLike<number>) => number;
  kinks: boolean;
  preciseReference: () => MathNode | null;
  /** For equalities: the left side, evaluated precisely as the reference. */
  preciseValue: MathNode | null;
  mode: 'derivative' | 'equality';
  /** The claim has a domain of its own: a log, root, real power or quotient of an expression in the variables. */
  claimHasDomain: boolean;
  /** Whether a point lies outside the written domain of f or of the claim (built on the first failing point). */
  outsideDomain: (p: number[]) => boolean;
}

function prepare(input: DerivativeCheckInput, mode: 'derivative' | 'equality'): Prepared {
  const variables = [...new Set([input.wrt, ...freeVariables(input.f), ...freeVariables(input.claim)])];
  const stable = stabilize(input.f);
  // The symbolic derivative for the 50-digit re-check is built only if a point fails.
  let precise: MathNode | null | undefined;
  const preciseReference = (): MathNode | null => {
    if (precise === undefined) {
      try { precise = differentiate(input.f, input.wrt); } catch { precise = null; }
    }
    return precise;
  };
  return {
    variables,
    wi: variables.indexOf(input.wrt),
    reference: mode === 'equality' ? compileOnVector(stable, variables) : compileDerivativeOnVector(stable, variables, input.wrt),
    value: compileOnVector(stable, variables),
    claim: compileOnVector(input.claim, variables),
    kinks: hasKinks(stable),
    preciseReference: mode === 'equality' ? () => null : preciseReference,
    preciseValue: mode === 'equality' ? input.f : null,
    mode,
    claimHasDomain: hasVariableDomain(input.claim),
    outsideDomain: domainTest([input.f, input.claim], variables),
  };
}

function scopeOf(variables: readonly string[], p: readonly number[]): Record<string, number> {
  const s: Record<string, number> = {};
  variables.forEach((v, i) => { s[v] = p[i]!; });
  return s;
}

/**
 * Re-judges a failing point on exact values: the claim's own rounding error must not convict it.
 * Float64 enclosures of the exact claim and the exact reference settle most points (a wrong claim is
 * usually off by far more than the enclosures are wide); the rest are evaluated in 50 digits.
 */
function preciselyAgrees(input: DerivativeCheckInput, prep: Prepared, p: number[], tol: Tolerance): boolean {
  try {
    const scope = scopeOf(prep.variables, p);
    const refNode = prep.preciseReference() ?? prep.preciseValue;
    if (refNode) {
      const ea = enclose(input.claim, scope), er = enclose(refNode, scope);
      const settled = ea && er ? settle(ea, er, tol) : null;
      if (settled !== null) return settled;
    }
    const a = evaluateDecimal(input.claim, scope).toNumber();
    const r = refNode ? evaluateDecimal(refNode, scope).toNumber() : NaN;
    if (!Number.isFinite(a) || !Number.isFinite(r)) return false;
    return Math.abs(a - r) <= allowed(r, tol);
  } catch {
    return false;
  }
}

/**
 * Whether every claim value in `a` agrees with every reference value in `r` (true), none does
 * (false), or the enclosures straddle the tolerance (null). The margins cover the rounding of the
 * exact values to float64 that the 50-digit comparison would make.
 */
function settle(a: Enclosure, r: Enclosure, tol: Tolerance): boolean | null {
  const rMax = Math.max(Math.abs(r[0]), Math.abs(r[1]));
  const rMin = r[0] <= 0 && r[1] >= 0 ? 0 : Math.min(Math.abs(r[0]), Math.abs(r[1]));
  const scale = Math.max(Math.abs(a[0]), Math.abs(a[1])) + rMax;
  const margin = 1e-6 * allowed(rMax, tol) + 8 * Number.EPSILON * scale;
  const nearest = Math.max(a[0] - r[1], r[0] - a[1], 0);
  const farthest = Math.max(a[1] - r[0], r[1] - a[0]);
  if (nearest > allowed(rMax, tol) + margin) return false;
  if (farthest < allowed(rMin, tol) - margin) return true;
  return null;
}

/** One failing point confirmed in 50 digits proves the claim wrong; later failing points skip the costly re-check. */
const CONFIRMED_FAILURES_ENOUGH = 1;

function runPoints(input: DerivativeCheckInput, prep: Prepared, points: number[][], tol: Tolerance, tally: Tally): void {
  const { wi, variables } = prep;
  const outside: WorstPoint[] = [];
  const judge = (p: number[]): 'pass' | 'fail' =>
    tally.failures >= CONFIRMED_FAILURES_ENOUGH ? 'fail' : preciselyAgrees(input, prep, p, tol) ? 'pass' : 'fail';
  for (const p of points) {
    const r = prep.reference(p);
    const a = prep.claim(p);
    const where = () => ({ point: scopeOf(variables, p), actual: a, expected: r });
    // Outside the function's domain the AD tangent can still be finite (log(−x² − 1)): no evidence.
    if (!Number.isFinite(r) || (prep.mode === 'derivative' && !Number.isFinite(prep.value(p)))) { tally.record('nonfinite', where()); continue; }
    if (!Number.isFinite(a)) {
      // A claim written by cases may say nothing exactly at the kink (x > 0 / x < 0): no evidence there.
      if (Number.isNaN(a) && prep.kinks && prep.mode === 'derivative' && probeKink(prep, p, tol)) { tally.record('kink', where()); continue; }
      // Undefined points are no evidence (issue 13, class 5): where the claim as written has no real
      // value (0/0 at a removable singularity, the log of a non-positive number, a real power of a
      // negative base, the square root of a negative number) while the reference is finite, the
      // author's form simply does not apply there (e^{x log a} for a^x says a > 0). Such a point can
      // confirm the claim if its exact value agrees, never refute it, and so never names a slip.
      // A claim that is not real for any value of its variables (√−1 written into it) is still wrong.
      if (Number.isNaN(a) && prep.claimHasDomain && !input.undefinedIsEvidence) { tally.record(preciselyAgrees(input, prep, p, tol) ? 'pass' : 'nonfinite', where()); continue; }
      // The claim blows up where the derivative exists: wrong unless the precise value is fine.
      const verdict = judge(p);
      if (verdict === 'fail' && !input.undefinedIsEvidence && prep.outsideDomain(p)) outside.push(where()); else tally.record(verdict, where());
      continue;
    }
    if (Math.abs(r) <= tol.atol && Math.abs(a) <= tol.atol) { tally.record('negligible', where()); continue; }
    if (Math.abs(a - r) <= allowed(r, tol)) { tally.record('pass', where()); continue; }
    if (prep.kinks && prep.mode === 'derivative') {
      const kink = probeKink(prep, p, tol);
      if (kink) {
        const [lo, hi] = kink;
        const slack = allowed(Math.max(Math.abs(lo), Math.abs(hi)), tol);
        const inside = a >= lo - slack && a <= hi + slack;
        tally.record(inside ? 'kink' : 'fail', inside ? where() : { ...where(), expected: a < lo ? lo : hi, subgradient: [lo, hi] });
        continue;
      }
      const limit = smoothLimit(prep, p, r, tol);
      if (limit !== null) {
        const agrees = Math.abs(a - limit) <= allowed(limit, tol);
        tally.record(agrees ? 'pass' : 'fail', { ...where(), expected: limit });
        continue;
      }
    }
    const verdict = judge(p);
    if (verdict === 'fail' && prep.outsideDomain(p)) outside.push(where()); else tally.record(verdict, where());
  }
  // Points outside the written domain are no evidence, unless the domain is empty at every sampled
  // point (1/(x − x)): then the claim is not defined where the reference is, and that is the finding.
  for (const w of outside) tally.record(tally.informative > 0 ? 'nonfinite' : 'fail', w);
}

/**
 * One-sided derivatives at p when p sits on a kink, else null. A kink is a jump in f′ that does not
 * shrink with the probe's distance: where f′ merely changes fast (exp(x²/2) at x = −20), the gap
 * between the two sides shrinks a hundredfold when the probe comes a hundred times closer.
 */
function probeKink(prep: Prepared, p: number[], tol: Tolerance): [number, number] | null {
  const { wi } = prep;
  const x = p[wi]!;
  const sides = (delta: number): [number, number] => {
    const left = p.slice(); left[wi] = x - delta;
    const right = p.slice(); right[wi] = x + delta;
    return [prep.reference(left), prep.reference(right)];
  };
  const far = 1e-6 * Math.max(1, Math.abs(x));
  const [l1, r1] = sides(far);
  const gapFar = Math.abs(l1 - r1);
  if (!(gapFar > allowed(Math.max(Math.abs(l1), Math.abs(r1)), tol))) return null;
  const [l2, r2] = sides(far / 100);
  const gapNear = Math.abs(l2 - r2);
  if (!(gapNear > 0.5 * gapFar)) return null;
  const r = prep.reference(p);
  return [Math.min(l2, r2, r), Math.max(l2, r2, r)];
}

/**
 * The derivative at p where pieces of f kink but f itself does not: the stable cross-entropy on
 * logits max(z, 0) − z·y + log1p(exp(−|z|)) is smooth at z = 0, yet the AD reference there adds
 * the derivative each piece takes at its own kink (1 from max, 0 from |z|) and gets 1 − y instead
 * of σ(0) − y. When the one-sided derivatives close to p agree with each other and not with the
 * reference, f′(p) is their common value (their mean, exact to second order); null otherwise.
 */
function smoothLimit(prep: Prepared, p: number[], r: number, tol: Tolerance): number | null {
  const { wi } = prep;
  const x = p[wi]!;
  const delta = 1e-8 * Math.max(1, Math.abs(x));
  const left = p.slice(); left[wi] = x - delta;
  const right = p.slice(); right[wi] = x + delta;
  const l = prep.reference(left), h = prep.reference(right);
  if (!Number.isFinite(l) || !Number.isFinite(h)) return null;
  if (Math.abs(l - h) > allowed(Math.max(Math.abs(l), Math.abs(h)), tol)) return null;
  const mid = (l + h) / 2;
  return Math.abs(r - mid) <= allowed(mid, tol) ? null : mid;
}

/** Finite differences on the definition must agree with the AD reference where they resolve it. */
function corroborate(prep: Prepared, points: number[][], tol: Tolerance): string | null {
  if (prep.mode === 'equality') return null;
  const step = Math.max(1, Math.floor(points.length / 12));
  for (let i = 0; i < points.length; i += step) {
    const p = points[i]!;
    const r = prep.reference(p);
    if (!Number.isFinite(r)) continue;
    const q = p.slice();
    const fx = (x: number) => { q[prep.wi] = x; return prep.value(q); };
    const est = fdQuick(fx, p[prep.wi]!);
    if (!Number.isFinite(est.value) || est.error > allowed(r, tol)) continue; // unresolved: no opinion
    if (prep.kinks) continue;
    if (Math.abs(est.value - r) > est.error + allowed(r, tol)) {
      return `internal check failed: finite differences (${est.value}) and the exact derivative (${r}) of the definition disagree at ${prep.variables[prep.wi]} = ${p[prep.wi]}`;
    }
  }
  return null;
}

/** Labels that are binary in the sample; a claim right only for them is reported with that condition. */
function binaryOnly(points: number[][], labelIdx: number[]): number[][] {
  return points.filter((p) => labelIdx.every((i) => p[i] === 0 || p[i] === 1));
}

export function checkDerivative(input: DerivativeCheckInput): CheckReport {
  return runCheck(input, 'derivative');
}

/**
 * Checks that `claim` equals `f` as functions (algebra steps, restated definitions). `wrt` names
 * the variable whose special values are visited; equalities have no kinks to forgive.
 */
export function checkEquality(input: DerivativeCheckInput): CheckReport {
  return runCheck({ ...input, subject: input.subject ?? 'the claimed equality' }, 'equality');
}

function runCheck(input: DerivativeCheckInput, mode: 'derivative' | 'equality'): CheckReport {
  const tol: Tolerance = { ...OWNED_TOLERANCE, ...input.tolerance };
  const subject = input.subject ?? 'the claimed derivative';
  const prep = prepare(input, mode);
  const domains = domainsFor(prep.variables, input.domains);
  const points = samplePoints(prep.variables, domains, input.wrt, {
    range: input.range ?? DEFAULT_RANGE,
    samples: input.samples ?? DEFAULT_SAMPLES,
    seed: input.seed ?? seedFrom(`${input.f.toString()}|${input.wrt}|${input.claim.toString()}`),
    extraValues: input.extraValues,
  });
  const tally = new Tally(tol);
  runPoints(input, prep, points, tol, tally);
  const referenceName = mode === 'equality' ? 'the left-hand side' : 'the true derivative';
  const internal = corroborate(prep, points, tol);
  if (internal) return new Tally(tol).report(subject, { unverifiedReason: internal, referenceName });
  const report = tally.report(subject, { referenceName });
  if (report.verdict !== 'mismatch') return report;
  // Does it hold under a label convention the document may assume: y ∈ {0, 1} (the (2y − 1) form
  // of the logistic loss), y ∈ {−1, +1}, or a one-hot label vector?
  const labelIdx = prep.variables.map((v, i) => (domains.get(v)?.role === 'label' ? i : -1)).filter((i) => i >= 0);
  if (labelIdx.length === 0) return report;
  const names = labelIdx.map((i) => prep.variables[i]).join(', ');
  const conventions: { points: number[][]; condition: string }[] = [
    { points: binaryOnly(points, labelIdx), condition: `binary labels (${names} ∈ {0, 1})` },
    { points: relabel(points, labelIdx, (rnd) => (rnd < 0.5 ? -1 : 1)), condition: `labels ${names} ∈ {−1, +1}` },
  ];
  if (labelIdx.length >= 2) conventions.push({ points: oneHot(points, labelIdx), condition: `one-hot labels (${names})` });
  // A label vector written out by components (t_n1, t_n2, t_n3 once the sum over k is expanded),
  // one-hot on its own while other label-like names keep their values: "where t_n is one-hot".
  for (const group of labelFamilies(prep.variables, labelIdx)) {
    if (group.length === labelIdx.length) continue;
    const family = group.map((i) => prep.variables[i]).join(', ');
    conventions.push({ points: oneHot(points, group), condition: `one-hot labels (${family})` });
  }
  for (const c of conventions) {
    const again = new Tally(tol);
    runPoints(input, prep, c.points, tol, again);
    if (again.failures === 0 && again.informative >= 4) return again.report(subject, { condition: c.condition, referenceName });
  }
  return report;
}

/** The same points with the labels redrawn by `draw` (deterministic: from the point's own values). */
function relabel(points: number[][], labelIdx: number[], draw: (u: number) => number): number[][] {
  return points.map((p, k) => {
    const q = p.slice();
    labelIdx.forEach((i, j) => { q[i] = draw(fract(Math.sin(12.9898 * (k + 1) + 78.233 * (j + 1)) * 43758.5453)); });
    return q;
  });
}

/** Label variables grouped by stem (t_n1, t_n2, t_n3 → t_n), groups of two or more. */
function labelFamilies(variables: readonly string[], labelIdx: number[]): number[][] {
  const groups = new Map<string, number[]>();
  for (const i of labelIdx) {
    const m = /^(.+?)_?(\d+)$/.exec(variables[i]!);
    if (!m) continue;
    if (!groups.has(m[1]!)) groups.set(m[1]!, []);
    groups.get(m[1]!)!.push(i);
  }
  return [...groups.values()].filter((g) => g.length >= 2);
}

/** The same points with the labels set to a one-hot vector (which class is hot varies by point). */
function oneHot(points: number[][], labelIdx: number[]): number[][] {
  return points.map((p, k) => {
    const q = p.slice();
    const hot = k % labelIdx.length;
    labelIdx.forEach((i, j) => { q[i] = j === hot ? 1 : 0; });
    return q;
  });
}

function fract(v: number): number {
  return v - Math.floor(v);
}
