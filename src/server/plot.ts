/**
 * Plot data for a finding: f and f′ sampled over a range (compiled from the finding's expression
 * with the core compiler and forward-mode AD), the claimed derivative when it can be evaluated, and
 * the saturation and instability bands. Runs in a worker: compiling a huge expression must not
 * block the server.
 */
import { opaqueSymbol } from '../text/opaque.js';
import type * as math from 'mathjs';
import { chooseVariable, compile, fdQuick, fdRidders, compileDerivative, freeVariables, isKnownFunction, parseExpression, recognize, roleFromName, type MathNode } from '../core/index.js';
import type { Finding } from '../documents/findings.js';
import type { PlotData } from '../shared/protocol.js';

export type { PlotData };

export interface PlotRequest {
  finding: Finding;
  /** The definition a derivative claim was checked against, when the document has one. */
  definition: Finding | null;
  range?: [number, number] | null;
  samples?: number | null;
  /** The variable to plot against; by default the catalog's input or the likeliest real variable. */
  variable?: string | null;
}


/** The variable a definition is a function of: the catalog's input when recognised. */
export function inputVariable(expression: string | null): string | null {
  if (!expression || expression.length > 20_000) return null;
  try {
    const node = parseExpression(expression);
    return recognize(node)?.input ?? chooseVariable(node);
  } catch {
    return null;
  }
}

function typicalValue(name: string): number {
  switch (roleFromName(name)) {
    case 'probability': return 0.3;
    case 'label': case 'signLabel': return 1;
    case 'positive': return 1;
    case 'slope': return 0.1;
    case 'integer': return 2;
    default: return 0.5;
  }
}

function defaultRange(variable: string): [number, number] {
  switch (roleFromName(variable)) {
    case 'probability': return [0.001, 0.999];
    case 'positive': return [0.01, 8];
    default: return [-8, 8];
  }
}

/** Applications of functions the vocabulary does not know (f(x_i, φ)) read as the document's opaque quantity f_of. */
function opaqueApplications(node: MathNode): MathNode {
  return node.transform((n: MathNode) => {
    if (n.type !== 'FunctionNode') return n;
    const name = (n as math.FunctionNode).fn.name;
    if (isKnownFunction(name)) return n;
    return parseExpression(opaqueSymbol(name));
  });
}

const clean = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function plotData(req: PlotRequest): PlotData {
  const { finding } = req;
  const source = finding.kind === 'definition' ? finding : req.definition;
  if (!source?.expression) throw new Error(finding.kind === 'definition' ? 'this definition has no expression to plot' : 'no definition to plot this claim against');
  const node = parseExpression(source.expression);
  const vars = freeVariables(node);
  const variable = (req.variable && vars.includes(req.variable) ? req.variable : null) ?? inputVariable(source.expression) ?? vars[0] ?? 'x';
  const all = vars.includes(variable) ? vars : [...vars, variable];
  const fixed: Record<string, number> = {};
  for (const v of all) if (v !== variable) fixed[v] = typicalValue(v);
  const f = compile(node, all);
  const df = compileDerivative(node, all, variable);
  let claimed: ((...a: number[]) => number) | null = null;
  if (finding.kind === 'derivative' && finding.expression) {
    try {
      const c = opaqueApplications(parseExpression(finding.expression));
      if (freeVariables(c).every((v) => all.includes(v))) claimed = compile(c, all);
    } catch {
      claimed = null;
    }
  }
  const range: [number, number] = req.range && req.range[0] < req.range[1] && req.range.every(Number.isFinite) ? req.range : defaultRange(variable);
  const n = Math.max(2, Math.min(10_000, Math.round(req.samples ?? 201)));
  const x: number[] = [];
  const fv: (number | null)[] = [], dv: (number | null)[] = [], cv: (number | null)[] = [];
  for (let i = 0; i < n; i++) {
    const t = range[0] + ((range[1] - range[0]) * i) / (n - 1);
    const args = all.map((v) => (v === variable ? t : fixed[v]!));
    x.push(t);
    fv.push(clean(f(...args)));
    dv.push(clean(df(...args)));
    if (claimed) cv.push(clean(claimed(...args)));
  }
  // Fewer points than the curves: markers, not a line. Ridders where the quick estimate is unsure.
  const fdX: number[] = [], fdY: (number | null)[] = [];
  const along = (t: number) => f(...all.map((v) => (v === variable ? t : fixed[v]!)));
  for (let i = 0; i < 25; i++) {
    const t = range[0] + ((range[1] - range[0]) * (i + 0.5)) / 25;
    let e = fdQuick(along, t);
    if (!(e.error <= 1e-6 * Math.max(1, Math.abs(e.value)))) e = fdRidders(along, t);
    fdX.push(t);
    fdY.push(clean(e.value));
  }
  let worst: PlotData['worst'] = null;
  const w = finding.worstPoint?.[variable];
  if (finding.verdict === 'mismatch' && typeof w === 'number' && Number.isFinite(w)) {
    const args = all.map((v) => (v === variable ? w : finding.worstPoint?.[v] ?? fixed[v]!));
    worst = { x: w, derivative: clean(df(...args)), claimed: claimed ? clean(claimed(...args)) : null };
  }
  const clip = <T extends { from: number; to: number }>(bands: T[] | null): T[] =>
    (bands ?? []).filter((b) => b.to >= range[0] && b.from <= range[1]).map((b) => ({ ...b, from: Math.max(b.from, range[0]), to: Math.min(b.to, range[1]) }));
  return {
    variable, fixed, range, expression: source.expression, derivativeExpression: source.derivative ?? finding.derivative,
    x, f: fv, derivative: dv, claimed: claimed ? cv : null,
    saturation: clip(source.saturation), instability: clip(source.instability),
    fd: { x: fdX, y: fdY }, worst,
  };
}
