/**
 * Issue 13, class 1 (scope) meets the chain rule: a derivative through a prediction whose model the
 * current section never writes (`\hat y` after a heading that moves from regression to classification,
 * where ŷ = σ(wᵀx + b) is only said in words). Such a claim is unverified by default, because the
 * model in force may not be the one meant. Yet some claims are wrong whatever the model is:
 * ∂L/∂b = ∂L/∂ŷ · ∂ŷ/∂b + (the direct part), so a claim C fixes the unknown factor to
 * ∂ŷ/∂b = (C − direct)/(∂L/∂ŷ). A prediction is a function of inputs and parameters, never of its own
 * label, so when that factor has to change with the label y, no model of ŷ makes C right.
 * Only the hat form (ŷ beside y) names a prediction and its label this plainly; nothing else is read so.
 */
import { compile, differentiate, freeVariables, validate, type MathNode } from '../core/index.js';
import { div, sub } from '../core/expr/tree.js';
import { fmtValue } from './verdictText.js';

export interface LabelDependence { prediction: string; label: string; text: string }

/**
 * `body` (the differentiated quantity) and `claim`, both resolved with `prediction` and `wrt` kept
 * independent. Returns how the implied ∂ŷ/∂wrt changes with the label, or null when it need not.
 */
export function impliedFactorNeedsLabel(body: MathNode, claim: MathNode, wrt: string, prediction: string): LabelDependence | null {
  const m = /^(.+)_hat$/.exec(prediction);
  if (!m || prediction === wrt) return null;
  const label = m[1]!;
  if (label === wrt || !freeVariables(body).includes(label) || !freeVariables(body).includes(prediction)) return null;
  let factor: MathNode;
  try {
    factor = validate(div(sub(claim, differentiate(validate(body), wrt)), differentiate(validate(body), prediction)));
  } catch {
    return null;
  }
  const vars = [...new Set([...freeVariables(factor), label, prediction])];
  if (vars.some((v) => v.includes('(') || v.startsWith('f_of'))) return null;
  let fn: (...a: number[]) => number;
  try { fn = compile(factor, vars) as (...a: number[]) => number; } catch { return null; }
  // Seeded points: the prediction inside (0, 1), where a log loss of it is defined; others in [−2, 2].
  let seed = 12345;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  let informative = 0, differ = 0;
  let shown: string | null = null;
  for (let k = 0; k < 24; k++) {
    const at = vars.map((v) => (v === prediction ? 0.05 + 0.9 * rand() : -2 + 4 * rand()));
    const values = [0, 1].map((y) => fn(...vars.map((v, i) => (v === label ? y : at[i]!))));
    if (!values.every(Number.isFinite)) continue;
    informative++;
    const [a, b] = values as [number, number];
    if (Math.abs(a - b) > 1e-6 * (Math.abs(a) + Math.abs(b)) + 1e-9) {
      differ++;
      shown ??= `${fmtValue(a)} with ${label} = 0 and ${fmtValue(b)} with ${label} = 1`;
    }
  }
  if (informative < 8 || differ < informative * 0.8 || !shown) return null;
  return { prediction, label, text: shown };
}
