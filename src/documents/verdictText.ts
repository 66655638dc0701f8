/**
 * The words and numbers of verdicts, for derivations and for code alike: how a value is printed in
 * a sentence, where a claim disagrees, what a mismatch and a recognised definition say, and the
 * quiet (never throwing, cached) readings of a formula those sentences quote. Both checkers
 * (analyzeDocument.ts, codecheck/checkPair.ts and codecheck/definitions.ts) build their messages
 * from these pieces, so one wording holds everywhere; nothing outside src/documents and
 * src/codecheck writes a verdict sentence.
 */
import { entryDerivative, freeVariables, recognize, substitute, toText, type MathNode, type WorstPoint } from '../core/index.js';
import { abbreviate, sym, treeKey } from '../core/expr/tree.js';
import { BoundedCache } from '../core/cache.js';
import { showOpaquesIn } from '../text/opaque.js';

/**
 * A number as a verdict sentence prints it: 6 significant digits (a reader compares it with their
 * own working), exponent form outside 1e-4 … 1e6; a value that does not exist is "undefined" (the
 * code checker passes "NaN" where it quotes what JavaScript computes).
 */
export function fmtValue(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? '∞' : v < 0 ? '−∞' : 'undefined';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e6) return String(Number(v.toPrecision(6)));
  return v.toExponential(4).replace(/\.?0+e/, 'e');
}

/** Names in a formula as a reader sees them (an undefined function's symbol f_of_x back to f(x)). */
export const readableNames = showOpaquesIn;

/** A sample point: `x = 1.5, y = 0`, each name shown by `name`. */
export function pointText(point: Readonly<Record<string, number>>, name: (variable: string) => string = (v) => v): string {
  return Object.entries(point).map(([k, v]) => `${name(k)} = ${fmtValue(v)}`).join(', ');
}

/**
 * Where a check failed, in words: "At x = 2 it gives 3, the derivative is 4" (or, at a kink,
 * "outside the one-sided derivatives [a, b]"). `quantity` names what the truth is ("derivative",
 * "left-hand side"); `nan` is how a value that does not exist is printed.
 */
export function disagreementAt(w: WorstPoint, where: string, quantity: string, nan = fmtValue(NaN)): string {
  const gives = Number.isNaN(w.actual) ? nan : fmtValue(w.actual);
  const truth = w.subgradient
    ? `outside the one-sided derivatives [${fmtValue(w.subgradient[0])}, ${fmtValue(w.subgradient[1])}]`
    : `the ${quantity} is ${fmtValue(w.expected)}`;
  return `At ${where} it gives ${gives}, ${truth}`;
}

/** "X is wrong[ in output 1][: the slip]. <evidence>": the slip comes with the verdict, the evidence after it. */
export function wrongSentence(p: { subject: string; qualifier?: string; slip: string | null; evidence: string }): string {
  return `${p.subject} is wrong${p.qualifier ?? ''}${p.slip ? `: ${p.slip}` : ''}. ${p.evidence}`;
}

/**
 * A wrong derivative in a derivation as a grader reads it (issue 13): the slip first, then the claim
 * with its left-hand side ("a sign is wrong: 1 − e^(−z) should be 1 + e^(−z), so ∂ℓ/∂z = … is wrong"),
 * then the evidence. Without a named slip it is the plain sentence.
 */
export function slipFirstSentence(p: { claim: string; lhs: string | null; slip: string | null; evidence: string }): string {
  if (!p.slip) return wrongSentence({ subject: p.claim, slip: null, evidence: p.evidence });
  return `${p.slip}, so ${p.lhs ? `${p.lhs} = ${p.claim}` : p.claim} is wrong. ${p.evidence}`;
}

/**
 * What a recognised definition is: "σ(z) is the logistic sigmoid; saturates for |z| > 6; float64
 * evaluation as written breaks for 710 ≤ z ≤ 1000 (stable form: …)". `input` is the variable as
 * the reader writes it; `qualifier` follows the title (" (component 0 of its output)").
 */
export function definitionSentence(d: {
  name: string; title: string; input: string; affine: boolean; qualifier?: string;
  saturation: string | null; instability: readonly { from: number; to: number }[]; stableForm: string | null;
}): string {
  const affine = d.affine ? ` (of an affine function of ${d.input})` : '';
  const sat = d.saturation ? `; ${readableNames(d.saturation)}` : '';
  const unstable = d.instability.length
    ? `; float64 evaluation as written breaks for ${d.instability.map((iv) => `${fmtValue(iv.from)} ≤ ${d.input} ≤ ${fmtValue(iv.to)}`).join(' and ')}${d.stableForm ? ` (stable form: ${d.stableForm})` : ''}`
    : '';
  return `${d.name} is the ${d.title}${affine}${d.qualifier ?? ''}${sat}${unstable}`;
}

/** The catalog's derivative in the formula's own names, when f is exactly a catalog entry of `wrt` (no scale, shift or vector form). */
export function catalogDerivativeText(f: MathNode, wrt: string): string | null {
  const rec = recognizeQuietly(f);
  if (!rec || rec.input !== wrt || rec.scale !== 1 || rec.shift !== 0 || rec.entry.dims) return null;
  return toText(substitute(entryDerivative(rec.entry), new Map(Object.entries(rec.mapping).map(([p, v]) => [p, sym(v)] as const))));
}

/** Formulas longer than this are shown shortened (a trace of a long loop can print to megabytes). */
const QUOTED_CHARS = 2000;
const texts = new BoundedCache<string, string | null>('formula texts', 5000);

/** A formula's text for a finding, or null when it cannot be printed. */
export function toTextQuietly(n: MathNode): string | null {
  const key = treeKey(n);
  if (texts.has(key)) return texts.get(key)!;
  let t: string | null;
  try {
    t = toText(n);
    if (t.length > QUOTED_CHARS) t = abbreviate(t, QUOTED_CHARS);
  } catch { t = null; }
  texts.set(key, t);
  return t;
}

/** Past this key size recognition is not tried (the catalog has nothing that large). */
const RECOGNIZABLE_KEY = 4000;
const recognitions = new BoundedCache<string, ReturnType<typeof recognize>>('recognitions', 2000);

/** The catalog entry a formula is, or null (also for constants, formulas of more than 6 variables and failures). */
export function recognizeQuietly(f: MathNode | null): ReturnType<typeof recognize> {
  if (!f) return null;
  try {
    const key = treeKey(f);
    if (key.length > RECOGNIZABLE_KEY) return null;
    if (recognitions.has(key)) return recognitions.get(key)!;
    const vars = freeVariables(f);
    const rec = vars.length > 0 && vars.length <= 6 ? recognize(f) : null;
    recognitions.set(key, rec);
    return rec;
  } catch { return null; }
}
