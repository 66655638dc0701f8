/**
 * Definition findings for code: each primal recognised as a catalog activation or loss (by its
 * translated body, never its name) with its derivative, saturation and float64 instability; and
 * warnings for numerically fragile patterns in any function.
 */
import {
  compileOnVector, describeSaturation, entryDerivative, freeVariables, instability, parseExpression, roleFromName, saturation, substitute, symbolicDerivative, toText,
  type InstabilityInterval, type MathNode, type Recognition,
} from '../core/index.js';
import { sym, treeKey } from '../core/expr/tree.js';
import { BoundedCache } from '../core/cache.js';
import type * as math from 'mathjs';
import type { TranslatedFunction } from '../code/types.js';
import { baseFinding, type Finding } from '../documents/findings.js';
import { definitionSentence, readableNames, recognizeQuietly, toTextQuietly } from '../documents/verdictText.js';
import { jsText } from './jsText.js';
import { findPatterns, type PatternInstability } from './patterns.js';

interface Analysis {
  derivative: string | null;
  saturation: { intervals: { from: number; to: number }[]; description: string } | null;
  instability: InstabilityInterval[];
}

const SCAN_RANGE: readonly [number, number] = [-20, 20];
const analyses = new BoundedCache<string, Analysis | null>('code definition analyses', 1000);

/**
 * Derivative, saturation and instability of a recognised expression in its input. Like the core's
 * analyzeExpression, but the scans stay in the input's domain: a probability is scanned on [0, 1]
 * (scanning log(p) over [−1000, 1000] costs seconds of 400-digit arithmetic for nothing), and
 * saturation is only reported for real-valued inputs.
 */
function cachedAnalysis(node: MathNode, rec: Recognition, stableForm: string | null): Analysis | null {
  const wrt = rec.input;
  const key = `${wrt}|${stableForm}|${treeKey(node)}`;
  if (analyses.has(key)) return analyses.get(key)!;
  let a: Analysis | null;
  try {
    const param = Object.entries(rec.mapping).find(([, v]) => v === wrt)?.[0];
    const role = (param && (rec.entry.roles as Record<string, string> | undefined)?.[param]) || roleFromName(wrt);
    let derivative: string | null = null;
    if (rec.scale === 1 && rec.shift === 0 && !rec.entry.dims) {
      derivative = toText(substitute(entryDerivative(rec.entry), new Map(Object.entries(rec.mapping).map(([q, v]) => [q, sym(v)] as const))));
    } else {
      try { derivative = symbolicDerivative(node, wrt).text; } catch { derivative = null; }
    }
    let sat: Analysis['saturation'] = null;
    if (role === 'real') {
      const s = saturation(node, wrt, { range: SCAN_RANGE });
      if (s) sat = { intervals: s.intervals, description: describeSaturation(s, 'f', SCAN_RANGE) };
    }
    const range: readonly [number, number] = role === 'probability' ? [0, 1] : role === 'positive' ? [0, 1000] : [-1000, 1000];
    const instab = mayBreak(node) && (findPatterns(node).length > 0 || nonFiniteSomewhere(node, wrt, range))
      ? instability(node, wrt, { range, ...(stableForm ? { suggestion: stableForm } : {}) })
      : [];
    a = { derivative, saturation: sat, instability: instab };
  } catch {
    a = null;
  }
  return analyses.set(key, a);
}

/**
 * Whether float64 evaluation can break at all: only exp, log and powers with a variable exponent
 * overflow or cancel catastrophically in these formulas; tanh, erf, abs, max and rational
 * expressions of moderate size do not. (The scan's 60-digit reference costs seconds for a GELU over
 * [−1000, 1000], to learn nothing.)
 */
function mayBreak(node: MathNode): boolean {
  let found = false;
  let size = 0;
  node.traverse((n: MathNode) => {
    size++;
    if (found || n.type !== 'FunctionNode' && n.type !== 'OperatorNode') return;
    const name = n.type === 'FunctionNode' ? (n as math.FunctionNode).fn.name : (n as math.OperatorNode).fn;
    if (['exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'sinh', 'cosh'].includes(name)) found = true;
    if (name === 'pow' && freeVariables((n as math.OperatorNode).args[1]!).length > 0) found = true;
  });
  return found && size <= 400;
}

/**
 * A cheap float64 screen before the costly scan: an expression that stays finite at the far ends and
 * around the overflow thresholds, and has none of the cancelling patterns, has nothing to report.
 */
function nonFiniteSomewhere(node: MathNode, wrt: string, range: readonly [number, number]): boolean {
  try {
    const vars = [...new Set([wrt, ...freeVariables(node)])];
    const fn = compileOnVector(node, vars);
    const p: number[] = vars.map((v) => (v === wrt ? 0 : 0.5));
    const [lo, hi] = range;
    const xs = [lo, hi, -800, -745, -710, -40, -1, 0, 1, 40, 710, 745, 800].filter((x) => x >= lo && x <= hi);
    for (let i = 0; i <= 20; i++) xs.push(lo + ((hi - lo) * i) / 20);
    return xs.some((x) => { p[0] = x; return !Number.isFinite(fn(p)); });
  } catch {
    return true;
  }
}

/** The catalog's stable form as JavaScript when it parses as a formula, else as written. */
function stableAsJs(text: string): string {
  try { return jsText(parseExpression(text)); } catch { return text; }
}

/** The expression a function computes, when it is one number (or the first of an array, for softmax-like functions). */
function mainOutput(fn: TranslatedFunction): MathNode | null {
  if (fn.outputs.length === 1 && fn.outputs[0]!.key === '') return fn.outputs[0]!.node;
  if (fn.outputs.length > 1 && fn.outputs.every((o, i) => o.key === String(i))) return fn.outputs[0]!.node;
  return null;
}

export function definitionFinding(fn: TranslatedFunction): Finding | null {
  const node = mainOutput(fn);
  if (!node) return null;
  const rec: Recognition | null = recognizeQuietly(node);
  if (!rec) return null;
  const identity = Object.entries(rec.mapping).every(([p, v]) => p === v);
  const a = cachedAnalysis(node, rec, identity ? rec.entry.stable ?? null : null);
  const finding = baseFinding('definition', fn.nameRange, '', null);
  finding.category = rec.entry.category;
  finding.name = rec.entry.id;
  finding.expression = safeText(node);
  const component = fn.outputs.length > 1 && !rec.entry.dims ? ' (component 0 of its output)' : '';
  const affine = rec.scale !== 1 || rec.shift !== 0 ? ` (of an affine function of ${rec.input})` : '';
  if (!a) {
    finding.message = `${fn.qualifiedName} is the ${rec.entry.title}${affine}${component}`;
    return finding;
  }
  finding.derivative = a.derivative ? readableNames(a.derivative) : null;
  finding.saturation = a.saturation ? a.saturation.intervals : [];
  // The catalog's stable form when the expression is the entry itself, else the core's rewrite of
  // the expression (a suggestion written as code).
  const stable = identity && rec.entry.stable ? stableAsJs(rec.entry.stable) : null;
  finding.instability = a.instability.map((iv) => ({ from: iv.from, to: iv.to, suggestion: stable ?? (iv.suggestion ? stableAsJs(iv.suggestion) : null) }));
  finding.message = definitionSentence({
    name: fn.qualifiedName, title: rec.entry.title, input: rec.input, affine: rec.scale !== 1 || rec.shift !== 0, qualifier: component,
    saturation: a.saturation?.description ?? null, instability: a.instability, stableForm: finding.instability[0]?.suggestion ?? null,
  });
  return finding;
}

/** Fragile patterns in all outputs and writes of a function. */
export function patternsOf(fn: TranslatedFunction): PatternInstability[] {
  const seen = new Map<string, PatternInstability>();
  for (const o of [...fn.outputs, ...fn.writes].slice(0, 64)) {
    for (const p of findPatterns(o.node)) seen.set(`${p.kind}|${p.argument}`, p);
  }
  return [...seen.values()];
}

/** Adds pattern warnings to a definition finding (when its own scan found nothing of the kind), or makes one. */
export function withPatterns(fn: TranslatedFunction, definition: Finding | null, patterns: PatternInstability[]): Finding | null {
  if (patterns.length === 0) return definition;
  if (definition) {
    const own = definition.instability ?? [];
    // The core's scan found the trouble but knows no rewrite for it here: the pattern's rewrite says more.
    const vague = own.length > 0 && own.every((i) => i.suggestion === null);
    const extra = own.length > 0 && !vague ? patterns.filter((p) => p.kind === 'log-probability') : patterns;
    if (extra.length === 0) return definition;
    definition.instability = [...(vague ? [] : own), ...extra.flatMap((p) => p.intervals)];
    definition.message += `; ${extra.map((p) => p.text).join('; ')}`;
    return definition;
  }
  const f = baseFinding('definition', fn.nameRange, `${fn.qualifiedName} is numerically fragile: ${patterns.map((p) => p.text).join('; ')}`, null);
  f.instability = patterns.flatMap((p) => p.intervals);
  f.expression = fn.outputs.length === 1 ? safeText(fn.outputs[0]!.node) : null;
  return f;
}

function safeText(n: MathNode): string | null {
  return toTextQuietly(n);
}
