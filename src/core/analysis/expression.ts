/**
 * Everything GradLens can say about one expression: what it is (catalog), its derivative, whether a
 * claimed derivative is right, where it saturates and where float64 evaluation breaks. The CLI's
 * `gradlens expr` prints this; documents and code reuse the pieces.
 */
import { freeVariables, parseExpression, substitute, sym, toText, type MathNode } from '../expr/tree.js';
import { symbolicDerivative } from '../derivative/derivatives.js';
import { entryDerivative, recognize, type Recognition } from '../catalog/recognize.js';
import type { Category } from '../catalog/entries.js';
import { checkDerivative } from '../check/derivativeCheck.js';
import type { CheckReport } from '../check/report.js';
import { roleFromName } from '../sampling/roles.js';
import { describeSaturation, saturation, DEFAULT_SCAN_RANGE, type Saturation } from './saturation.js';
import { instability, type InstabilityInterval } from './instability.js';

export interface ExpressionOptions {
  wrt?: string;
  claim?: string | MathNode;
  range?: readonly [number, number];
  rtol?: number;
  atol?: number;
  samples?: number;
  saturationThreshold?: number;
  /** The stable form to suggest where evaluation breaks: undefined for the catalog's, null for the rewrite of the expression itself. */
  stableForm?: string | null;
  /** false: leave `derivative` null (a caller that has the catalog's form needs no symbolic one; it is the costliest part). */
  derivative?: boolean;
}

export interface ExpressionAnalysis {
  expression: string;
  variables: string[];
  wrt: string;
  catalog: { id: string; title: string; category: Category; scale: number; shift: number; mapping: Record<string, string>; derivative: string | null } | null;
  derivative: { text: string; tex: string; simplified: boolean } | null;
  derivativeError: string | null;
  check: CheckReport | null;
  saturation: (Saturation & { description: string }) | null;
  instability: InstabilityInterval[];
}

/** The variable to differentiate when none is named: the catalog input, else the first real-valued one. */
export function chooseVariable(node: MathNode, explicit?: string): string {
  const vars = freeVariables(node);
  if (explicit) return explicit;
  const rec = recognize(node);
  if (rec) return rec.input;
  return vars.find((v) => roleFromName(v) === 'real') ?? vars[0] ?? 'x';
}

export function analyzeExpression(text: string | MathNode, opts: ExpressionOptions = {}): ExpressionAnalysis {
  const node = typeof text === 'string' ? parseExpression(text) : text;
  const variables = freeVariables(node);
  const rec = recognize(node);
  const wrt = opts.wrt ?? (rec ? rec.input : chooseVariable(node));
  const { derivative, derivativeError } = opts.derivative === false ? { derivative: null, derivativeError: null } : derivativeAnalysis(node, wrt);
  let check: CheckReport | null = null;
  if (opts.claim !== undefined) {
    const claim = typeof opts.claim === 'string' ? parseExpression(opts.claim) : opts.claim;
    check = checkDerivative({
      f: node, wrt, claim, subject: `the claimed derivative ${toText(claim)}`,
      tolerance: { ...(opts.rtol !== undefined ? { rtol: opts.rtol } : {}), ...(opts.atol !== undefined ? { atol: opts.atol } : {}) },
      ...(opts.samples !== undefined ? { samples: opts.samples } : {}),
      ...(opts.range ? { range: opts.range } : {}),
    });
  }
  const range = opts.range ?? DEFAULT_SCAN_RANGE;
  const sat = variables.includes(wrt) ? saturation(node, wrt, { range, threshold: opts.saturationThreshold }) : null;
  const stableHint = opts.stableForm !== undefined ? opts.stableForm ?? undefined : rec?.entry.stable ?? undefined;
  return {
    expression: toText(node),
    variables,
    wrt,
    catalog: rec ? { id: rec.entry.id, title: rec.entry.title, category: rec.entry.category, scale: rec.scale, shift: rec.shift, mapping: rec.mapping, derivative: catalogDerivative(rec) } : null,
    derivative,
    derivativeError,
    check,
    saturation: sat ? { ...sat, description: describeSaturation(sat, 'f', range) } : null,
    instability: variables.includes(wrt) ? instability(node, wrt, stableHint !== undefined ? { suggestion: stableHint } : {}) : [],
  };
}

/** The symbolic derivative as analyzeExpression reports it, or why there is none. */
export function derivativeAnalysis(node: MathNode, wrt: string): Pick<ExpressionAnalysis, 'derivative' | 'derivativeError'> {
  try {
    const d = symbolicDerivative(node, wrt);
    return { derivative: { text: d.text, tex: d.node.toTex({ parenthesis: 'auto', implicit: 'hide' }), simplified: d.simplified }, derivativeError: null };
  } catch (e) {
    return { derivative: null, derivativeError: (e as Error).message };
  }
}

/** The catalog's canonical derivative in the user's variable names (only when no affine change is involved). */
function catalogDerivative(rec: Recognition): string | null {
  if (rec.scale !== 1 || rec.shift !== 0 || rec.entry.dims) return null;
  const renaming: Record<string, MathNode> = {};
  for (const [param, v] of Object.entries(rec.mapping)) renaming[param] = sym(v);
  return toText(substitute(entryDerivative(rec.entry), renaming));
}
