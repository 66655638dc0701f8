/**
 * Numerically fragile code patterns in translated functions, each judged by the core's instability()
 * scan on the pattern with its inner argument abstracted to a fresh variable u (so a pattern deep
 * inside a network's loss is judged once, in u, and reported with the argument it is applied to):
 *
 * - Math.log(1 + Math.exp(u)) / Math.log1p(Math.exp(u)): overflow beyond u ≈ 709.8 (softplus);
 * - Math.log(σ(u)) and Math.log(1 − σ(u)) with σ written as 1/(1+Math.exp(−u)): −Infinity once σ rounds to 0 or 1;
 * - softmax or log-sum-exp without subtracting the maximum: Infinity/Infinity = NaN beyond 709.8;
 * - Math.log(p) and Math.log(1 − p) of a probability argument: −Infinity at p = 0 and p = 1 (no
 *   float64 rewrite fixes a probability that is already 0 or 1, so this one is reported directly).
 */
import type * as math from 'mathjs';
import { instability, parseExpression, roleFromName, type MathNode } from '../core/index.js';
import { jsText } from './jsText.js';

export type PatternKind = 'log-exp' | 'log-sigmoid' | 'log-one-minus-sigmoid' | 'softmax' | 'logsumexp' | 'log-probability';

export interface PatternInstability {
  kind: PatternKind;
  /** JavaScript text of the pattern as found, and of its inner argument. */
  found: string;
  argument: string;
  intervals: { from: number; to: number; suggestion: string | null }[];
  /** One sentence for the finding's message. */
  text: string;
}

const MAX_NODES = 20_000;

function isFn(n: MathNode, ...names: string[]): n is math.FunctionNode {
  return n.type === 'FunctionNode' && names.includes((n as math.FunctionNode).fn.name);
}
function isOp(n: MathNode, fn: string): n is math.OperatorNode {
  return n.type === 'OperatorNode' && (n as math.OperatorNode).fn === fn;
}
function strip(n: MathNode): MathNode {
  while (n.type === 'ParenthesisNode') n = (n as math.ParenthesisNode).content;
  return n;
}
function isNum(n: MathNode, v: number): boolean {
  n = strip(n);
  return n.type === 'ConstantNode' && (n as math.ConstantNode).value === v;
}
function terms(n: MathNode, out: MathNode[] = []): MathNode[] {
  n = strip(n);
  if (isOp(n, 'add')) { terms(n.args[0]!, out); terms(n.args[1]!, out); } else out.push(n);
  return out;
}
function isNegativeAbs(n: MathNode): boolean {
  n = strip(n);
  return isOp(n, 'unaryMinus') && isFn(strip(n.args[0]!), 'abs');
}
function hasMax(n: MathNode): boolean {
  let found = false;
  n.traverse((m: MathNode) => { if (!found && isFn(m, 'max')) found = true; });
  return found;
}

/** σ(u) written out: 1/(1 + exp(−u)) or sigmoid(u); returns u. */
function sigmoidArgument(n: MathNode): MathNode | null {
  n = strip(n);
  if (isFn(n, 'sigmoid')) return n.args[0]!;
  if (!isOp(n, 'divide') || !isNum(n.args[0]!, 1)) return null;
  const t = terms(n.args[1]!);
  if (t.length !== 2) return null;
  const e = isNum(t[0]!, 1) ? strip(t[1]!) : isNum(t[1]!, 1) ? strip(t[0]!) : null;
  if (!e || !isFn(e, 'exp')) return null;
  const inner = strip(e.args[0]!);
  return isOp(inner, 'unaryMinus') ? inner.args[0]! : null;
}

/** 1 − σ(u): returns u. */
function oneMinusSigmoidArgument(n: MathNode): MathNode | null {
  n = strip(n);
  if (!isOp(n, 'subtract') || !isNum(n.args[0]!, 1)) return null;
  return sigmoidArgument(n.args[1]!);
}

const SOFTPLUS_JS = (u: string) => `Math.max(${u}, 0) + Math.log1p(Math.exp(-Math.abs(${u})))`;
const wrapArg = (u: string) => (/^[\w.$]+$/.test(u) ? u : `(${u})`);

interface Abstract {
  formula: string;
  suggestion: (u: string) => string;
  range?: readonly [number, number];
}

const ABSTRACT: Record<Exclude<PatternKind, 'log-probability'>, Abstract> = {
  'log-exp': { formula: 'log(1 + exp(u))', suggestion: (u) => SOFTPLUS_JS(u) },
  'log-sigmoid': { formula: 'log(1 / (1 + exp(-u)))', suggestion: (u) => `-(Math.max(-${wrapArg(u)}, 0) + Math.log1p(Math.exp(-Math.abs(${u}))))` },
  'log-one-minus-sigmoid': { formula: 'log(1 - 1 / (1 + exp(-u)))', suggestion: (u) => `-(${SOFTPLUS_JS(u)})` },
  softmax: { formula: 'exp(u) / (exp(u) + exp(v))', suggestion: () => 'subtract the maximum before exponentiating: const m = Math.max(...z); Math.exp(z[i] - m) / Σ Math.exp(z[j] - m)', range: [500, 1000] },
  logsumexp: { formula: 'log(exp(u) + exp(v))', suggestion: () => 'subtract the maximum first: m + Math.log(Σ Math.exp(z[j] - m)) with m = Math.max(...z)', range: [500, 1000] },
};

const intervalCache = new Map<string, { from: number; to: number; problem: string }[]>();

function abstractIntervals(kind: Exclude<PatternKind, 'log-probability'>, log1p: boolean): { from: number; to: number; problem: string }[] {
  const a = ABSTRACT[kind];
  const formula = log1p && kind === 'log-exp' ? 'log1p(exp(u))' : a.formula;
  let iv = intervalCache.get(formula);
  if (!iv) {
    try {
      iv = instability(parseExpression(formula), 'u', { ...(a.range ? { range: a.range } : {}), fixed: { v: 0 }, suggestion: null })
        .map((x) => ({ from: x.from, to: x.to, problem: x.problem }));
    } catch {
      iv = [];
    }
    intervalCache.set(formula, iv);
  }
  return iv;
}

function describeInterval(iv: { from: number; to: number }, u: string): string {
  const f = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(4))) : v > 0 ? '∞' : '−∞');
  if (iv.from <= -1000) return `${u} ≤ ${f(iv.to)}`;
  if (iv.to >= 1000) return `${u} ≥ ${f(iv.from)}`;
  return `${f(iv.from)} ≤ ${u} ≤ ${f(iv.to)}`;
}

/** The fragile patterns in one output tree, deduplicated by pattern and argument. */
export function findPatterns(root: MathNode): PatternInstability[] {
  const found = new Map<string, PatternInstability>();
  const logArgs = new Map<string, { p: boolean; oneMinus: boolean }>();
  const visited = new Set<MathNode>();
  let count = 0;
  const add = (kind: Exclude<PatternKind, 'log-probability'>, node: MathNode, arg: MathNode, log1p = false) => {
    const argument = jsText(arg);
    const key = `${kind}|${argument}`;
    if (found.has(key)) return;
    const ivs = abstractIntervals(kind, log1p);
    if (ivs.length === 0) return;
    const short = argument.length <= 40;
    const u = short ? argument : 'u';
    const suggestion = short ? ABSTRACT[kind].suggestion(argument) : `const u = ${argument}; ${ABSTRACT[kind].suggestion('u')}`;
    const w = wrapArg(u);
    const what: Record<typeof kind, string> = {
      'log-exp': log1p ? `Math.log1p(Math.exp(${u}))` : `Math.log(1 + Math.exp(${u}))`,
      'log-sigmoid': `Math.log(1 / (1 + Math.exp(-${w})))`,
      'log-one-minus-sigmoid': `Math.log(1 - 1 / (1 + Math.exp(-${w})))`,
      softmax: 'softmax without subtracting the maximum',
      logsumexp: 'log-sum-exp without subtracting the maximum',
    };
    const problems = [...new Set(ivs.map((iv) => iv.problem))].map((problem) => {
      const where = ivs.filter((iv) => iv.problem === problem).map((iv) => describeInterval(iv, u)).join(' and ');
      return `${problem.replace(/ in float64$/, '')} for ${where}`;
    });
    found.set(key, {
      kind, found: jsText(node), argument,
      intervals: ivs.map((iv) => ({ from: iv.from, to: iv.to, suggestion })),
      text: `${what[kind]}${short ? '' : ` (u = ${abbreviateJs(argument)})`} ${problems.join(', and ')} in float64; stable form: ${short ? suggestion : ABSTRACT[kind].suggestion('u')}`,
    });
  };
  const visit = (n: MathNode): void => {
    if (visited.has(n) || ++count > MAX_NODES) return;
    visited.add(n);
    const s = strip(n);
    if (isFn(s, 'log', 'log1p') && s.args.length === 1) {
      const arg = strip(s.args[0]!);
      const t = terms(arg);
      const isLog1p = s.fn.name === 'log1p';
      const exps = t.filter((x) => isFn(strip(x), 'exp'));
      // log1p(exp(−|u|)) is the stable softplus itself: exp of a non-positive number cannot overflow.
      if (isLog1p && isFn(arg, 'exp') && !isNegativeAbs(arg.args[0]!)) add('log-exp', s, arg.args[0]!, true);
      else if (!isLog1p && t.length === 2 && exps.length === 1 && t.some((x) => isNum(x, 1))) add('log-exp', s, (strip(exps[0]!) as math.FunctionNode).args[0]!);
      else if (!isLog1p && exps.length >= 2 && exps.length === t.length && !hasMax(arg)) add('logsumexp', s, (strip(exps[0]!) as math.FunctionNode).args[0]!);
      const sg = isLog1p ? null : sigmoidArgument(arg);
      if (sg) add('log-sigmoid', s, sg);
      const osg = isLog1p ? null : oneMinusSigmoidArgument(arg);
      if (osg) add('log-one-minus-sigmoid', s, osg);
      if (!isLog1p && arg.type === 'SymbolNode') note(logArgs, (arg as math.SymbolNode).name, 'p');
      if (!isLog1p && isOp(arg, 'subtract') && isNum(arg.args[0]!, 1) && strip(arg.args[1]!).type === 'SymbolNode') note(logArgs, (strip(arg.args[1]!) as math.SymbolNode).name, 'oneMinus');
      if (isLog1p && isOp(arg, 'unaryMinus') && strip(arg.args[0]!).type === 'SymbolNode') note(logArgs, (strip(arg.args[0]!) as math.SymbolNode).name, 'oneMinus');
    }
    if (isOp(s, 'divide')) {
      const num = strip(s.args[0]!);
      const den = terms(s.args[1]!);
      if (isFn(num, 'exp') && den.length >= 2 && den.every((x) => isFn(strip(x), 'exp')) && !hasMax(s)) add('softmax', s, num.args[0]!);
    }
    for (const c of childrenOf(s)) visit(c);
  };
  visit(root);
  // Math.log(p) and Math.log(1 − p) of a probability: both present, or the name says probability.
  for (const [name, seen] of logArgs) {
    const probability = roleFromName(name) === 'probability';
    if (!(seen.p && seen.oneMinus) && !probability) continue;
    const intervals: PatternInstability['intervals'] = [];
    const parts: string[] = [];
    const clamp = `Math.min(Math.max(${name}, 1e-7), 1 - 1e-7)`;
    if (seen.p) { intervals.push({ from: 0, to: 0, suggestion: `clamp first: ${clamp}, or compute the loss from the logit` }); parts.push(`Math.log(${name}) is −Infinity at ${name} = 0`); }
    if (seen.oneMinus) { intervals.push({ from: 1, to: 1, suggestion: `clamp first: ${clamp}, or compute the loss from the logit` }); parts.push(`Math.log(1 - ${name}) is −Infinity at ${name} = 1`); }
    found.set(`log-probability|${name}`, {
      kind: 'log-probability', found: seen.p ? `Math.log(${name})` : `Math.log(1 - ${name})`, argument: name, intervals,
      text: `${parts.join(' and ')} (a probability that rounded to 0 or 1); clamp it first (${clamp}) or compute the loss from the logit`,
    });
  }
  return [...found.values()];
}

function note(m: Map<string, { p: boolean; oneMinus: boolean }>, name: string, which: 'p' | 'oneMinus'): void {
  const e = m.get(name) ?? { p: false, oneMinus: false };
  e[which] = true;
  m.set(name, e);
}

function childrenOf(n: MathNode): MathNode[] {
  switch (n.type) {
    case 'OperatorNode': return (n as math.OperatorNode).args;
    case 'FunctionNode': return (n as math.FunctionNode).args;
    case 'ConditionalNode': { const c = n as math.ConditionalNode; return [c.condition, c.trueExpr, c.falseExpr]; }
    case 'ParenthesisNode': return [(n as math.ParenthesisNode).content];
    default: return [];
  }
}

function abbreviateJs(s: string): string {
  return s.length <= 60 ? s : `${s.slice(0, 59)}…`;
}
