/**
 * Names the slip behind a wrong derivative, the way a grader would: the sign flipped, a constant
 * factor off, a missing chain-rule factor, σ where σ′ belongs, y and 1 − y swapped, the output form
 * applied to the input. Each hypothesis is a concrete expression compared numerically with the claim.
 */
import type * as math from 'mathjs';
import { compileOnVector } from '../expr/compile.js';
import { compileDerivativeOnVector } from '../ad/forward.js';
import { add, call, div, freeVariables, mul, neg, sub, num, substitute, sym, toText, type MathNode } from '../expr/tree.js';
import { stabilize } from '../expr/stabilize.js';
import { differentiate } from '../derivative/rules.js';
import { simplifyWithinBudget } from '../derivative/derivatives.js';
import { roleFromName, type Domain } from '../sampling/roles.js';
import { samplePoints } from '../sampling/points.js';

export type SlipKind = 'sign' | 'factor' | 'chain' | 'sigma-for-derivative' | 'label-swap' | 'output-form';

export interface Slip {
  kind: SlipKind;
  /** One sentence, e.g. "the sign is flipped". */
  text: string;
  /**
   * The claim with the slip undone, when the slip names the repair (a sign, a swapped label, a missing
   * factor): it equals the derivative at the sampled points and keeps the author's own form and names,
   * so a message can show the right derivative as the author would have written it.
   */
  fixed?: MathNode;
}

interface Sampled {
  variables: string[];
  points: number[][];
  reference: number[];
  claim: number[];
}

const AGREE = 1e-6;

function agrees(a: number, b: number): boolean {
  return Math.abs(a - b) <= AGREE * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
}

function evaluateAll(node: MathNode, s: Sampled): number[] | null {
  try {
    const fn = compileOnVector(node, s.variables);
    return s.points.map((p) => fn(p));
  } catch {
    return null;
  }
}

/** The claim matches the hypothesis at every informative point (and there are enough of them). */
function matchesEverywhere(values: number[] | null, target: number[], s: Sampled): boolean {
  if (!values) return false;
  let informative = 0;
  for (let i = 0; i < s.points.length; i++) {
    const a = values[i]!, b = target[i]!;
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    if (Math.abs(b) < 1e-12 && Math.abs(a) < 1e-12) continue;
    if (!agrees(a, b)) return false;
    informative++;
  }
  return informative >= 4;
}

/**
 * A branch-wise slip: wherever the claim is wrong it equals the hypothesis, and it is right
 * elsewhere (a case of a piecewise derivative with the wrong sign or the function itself).
 */
function matchesWhereWrong(hypothesis: number[], s: Sampled): boolean {
  let explained = 0;
  for (let i = 0; i < s.points.length; i++) {
    const a = s.claim[i]!, r = s.reference[i]!, h = hypothesis[i]!;
    if (!Number.isFinite(a) || !Number.isFinite(r)) continue;
    if (agrees(a, r)) continue;
    if (!Number.isFinite(h) || !agrees(a, h)) return false;
    explained++;
  }
  return explained >= 2;
}

interface Term {
  node: MathNode;
  /** The term enters the sum with a minus sign. */
  negated: boolean;
}

/** The top-level terms of a sum: a − b + c → a, b (negated), c. */
function additiveTerms(n: MathNode, negated = false, out: Term[] = []): Term[] {
  if (n.type === 'OperatorNode') {
    const o = n as math.OperatorNode;
    if (o.fn === 'add') { additiveTerms(o.args[0]!, negated, out); additiveTerms(o.args[1]!, negated, out); return out; }
    if (o.fn === 'subtract') { additiveTerms(o.args[0]!, negated, out); additiveTerms(o.args[1]!, !negated, out); return out; }
  }
  if (n.type === 'ParenthesisNode') return additiveTerms((n as math.ParenthesisNode).content, negated, out);
  out.push({ node: n, negated });
  return out.length > 12 ? out.slice(0, 12) : out;
}

/** Every sum and difference in the claim. */
function sumOperators(n: MathNode): MathNode[] {
  const out: MathNode[] = [];
  n.traverse((m: MathNode) => {
    if (m.type === 'OperatorNode' && ['add', 'subtract'].includes((m as math.OperatorNode).fn)) out.push(m);
  });
  return out.slice(0, 16);
}

function swapSign(o: MathNode): MathNode {
  const op = o as math.OperatorNode;
  const [a, b] = op.args as [MathNode, MathNode];
  return op.fn === 'add' ? sub(a.cloneDeep(), b.cloneDeep()) : add(a.cloneDeep(), b.cloneDeep());
}

/** Arguments of function calls in the claim (where e^{x} for e^{−x} hides). */
function functionArguments(n: MathNode): MathNode[] {
  const out: MathNode[] = [];
  n.traverse((m: MathNode) => {
    if (m.type === 'FunctionNode') for (const a of (m as math.FunctionNode).args) if (a.type !== 'ConstantNode') out.push(a);
  });
  return out.slice(0, 12);
}

/** The claim with one subtree (by identity) replaced. */
function substituteSubtree(root: MathNode, target: MathNode, replacement: MathNode): MathNode | null {
  let hit = false;
  const out = root.transform((m: MathNode) => {
    if (!hit && m === target) { hit = true; return replacement; }
    return m;
  });
  return hit ? out : null;
}

/**
 * Subexpressions of f that depend on x and are arguments of a function or bases of a power. Not the
 * arguments of log: log(1 + e^x)'s inner derivative turns many unrelated wrong answers into
 * "missing factor e^x" by coincidence.
 */
function innerArguments(f: MathNode, x: string): MathNode[] {
  const out: MathNode[] = [];
  f.traverse((n: MathNode) => {
    const isLog = n.type === 'FunctionNode' && ['log', 'log1p', 'log2', 'log10'].includes((n as math.FunctionNode).fn.name);
    const args = isLog ? [] : n.type === 'FunctionNode' ? (n as math.FunctionNode).args
      : n.type === 'OperatorNode' && (n as math.OperatorNode).fn === 'pow' ? [(n as math.OperatorNode).args[0]!] : [];
    for (const a of args) {
      if (a.type === 'SymbolNode' || a.type === 'ConstantNode') continue;
      if (freeVariables(a).includes(x)) out.push(a);
    }
  });
  return out.slice(0, 8);
}

function niceFactor(c: number): string {
  for (const [v, t] of [[2, '2'], [0.5, '½'], [-2, '−2'], [-0.5, '−½'], [4, '4'], [0.25, '¼'], [3, '3'], [1 / 3, '⅓']] as const) {
    if (agrees(c, v)) return t;
  }
  return String(Number(c.toPrecision(4)));
}

export function diagnoseSlip(input: { f: MathNode; wrt: string; claim: MathNode; domains?: ReadonlyMap<string, Domain> }): Slip | null {
  const { f, wrt, claim } = input;
  const variables = [...new Set([wrt, ...freeVariables(f), ...freeVariables(claim)])];
  const domains = new Map(variables.map((v) => [v, input.domains?.get(v) ?? { role: roleFromName(v) }] as const));
  let s: Sampled;
  try {
    const points = samplePoints(variables, domains, wrt, { range: [-4, 4], samples: 24, seed: 7 });
    const ref = compileDerivativeOnVector(stabilize(f), variables, wrt);
    const cl = compileOnVector(claim, variables);
    s = { variables, points, reference: points.map((p) => ref(p)), claim: points.map((p) => cl(p)) };
  } catch {
    return null;
  }

  // Sign flipped: the whole claim, one branch of it, one term, or inside one function's argument.
  if (matchesEverywhere(s.claim.map((v) => -v), s.reference, s)) return { kind: 'sign', text: 'the sign is flipped', fixed: neg(claim.cloneDeep()) };
  if (matchesWhereWrong(s.reference.map((v) => -v), s)) return { kind: 'sign', text: 'the sign is flipped on part of the domain' };
  for (const t of additiveTerms(claim)) {
    const fixed = substituteSubtree(claim, t.node, t.negated ? t.node : neg(t.node.cloneDeep()));
    if (fixed && matchesEverywhere(evaluateAll(fixed, s), s.reference, s)) return { kind: 'sign', text: `the sign of the term ${toText(t.node)} is wrong`, fixed };
  }
  for (const o of sumOperators(claim)) {
    // A plus that should be a minus (or the reverse) anywhere in the claim, not only at the top.
    const swapped = substituteSubtree(claim, o, swapSign(o));
    if (swapped && matchesEverywhere(evaluateAll(swapped, s), s.reference, s)) return { kind: 'sign', text: `a sign is wrong: ${toText(o)} should be ${toText(swapSign(o))}`, fixed: swapped };
  }
  for (const u of functionArguments(claim)) {
    const fixed = substituteSubtree(claim, u, neg(u.cloneDeep()));
    if (fixed && matchesEverywhere(evaluateAll(fixed, s), s.reference, s)) return { kind: 'sign', text: `the sign inside ${toText(u)} is wrong`, fixed };
  }

  // y and 1 − y swapped (any label-role variable).
  for (const v of variables) {
    if (domains.get(v)?.role !== 'label') continue;
    const fixed = substitute(claim, new Map([[v, sub(num(1), sym(v))]]));
    if (matchesEverywhere(evaluateAll(fixed, s), s.reference, s)) return { kind: 'label-swap', text: `${v} and 1 − ${v} are swapped`, fixed };
  }

  // A missing chain-rule factor: claim · u′ is the derivative for an inner argument u.
  for (const u of innerArguments(f, wrt)) {
    try {
      const du = differentiate(u, wrt);
      const scaled = evaluateAll(du, s);
      if (!scaled) continue;
      if (matchesEverywhere(s.claim.map((a, i) => a * scaled[i]!), s.reference, s)) {
        const shown = toText(simplifyWithinBudget(du).node);
        return { kind: 'chain', text: `a chain-rule factor is missing: the derivative of the inner ${toText(u)}, which is ${shown}`, fixed: mul(claim.cloneDeep(), simplifyWithinBudget(du).node) };
      }
    } catch { /* no rule: not this hypothesis */ }
  }

  // A constant factor off.
  const ratios = s.claim.map((a, i) => a / s.reference[i]!).filter((r) => Number.isFinite(r) && r !== 0);
  if (ratios.length >= 4 && ratios.every((r) => agrees(r, ratios[0]!)) && !agrees(ratios[0]!, 1)) {
    const c = ratios[0]!;
    const hint = agrees(c, 0.5) ? ' (a factor 2 dropped, such as the 2 that comes down from a square)'
      : agrees(c, 2) ? ' (a factor 2 too many, such as the ½ of a half squared error forgotten)' : '';
    return { kind: 'factor', text: `it is ${niceFactor(c)} times the true derivative${hint}` };
  }

  // An extra (or missing) factor that is one of the variables: β σ(βx) for σ(βx).
  for (const v of variables) {
    if (v === wrt) continue;
    const vi = variables.indexOf(v);
    const byV = s.points.map((p, i) => s.claim[i]! / p[vi]!);
    if (matchesEverywhere(byV, s.reference, s)) return { kind: 'factor', text: `it has an extra factor ${v}`, fixed: div(claim.cloneDeep(), sym(v)) };
    const timesV = s.points.map((p, i) => s.claim[i]! * p[vi]!);
    if (matchesEverywhere(timesV, s.reference, s)) return { kind: 'factor', text: `a factor ${v} is missing`, fixed: mul(sym(v), claim.cloneDeep()) };
  }

  // One term off by a constant factor (the 2 of a square in one of two terms).
  for (const t of additiveTerms(claim)) {
    const tv = evaluateAll(t.node, s);
    if (!tv) continue;
    const ratios = s.reference.map((r, i) => (r - (s.claim[i]! - (t.negated ? -tv[i]! : tv[i]!))) / (t.negated ? -tv[i]! : tv[i]!)).filter((v) => Number.isFinite(v));
    if (ratios.length >= 4 && ratios.every((r) => agrees(r, ratios[0]!)) && !agrees(ratios[0]!, 1) && !agrees(ratios[0]!, 0)) {
      return { kind: 'factor', text: `the term ${toText(t.node)} is off by a factor: it should be ${niceFactor(ratios[0]!)} times that` };
    }
  }

  // The output form used where the input form belongs: claim(x := f(x)) is the derivative.
  if (matchesEverywhere(evaluateAll(substitute(claim, new Map([[wrt, f]])), s), s.reference, s)) {
    return { kind: 'output-form', text: `it is the derivative written in terms of the output (with ${wrt} standing for f(${wrt})), applied to the input ${wrt}` };
  }

  // σ (or tanh) where its derivative belongs.
  const mistakes: Record<string, (u: MathNode) => MathNode> = {
    sigmoid: (u) => call('sigmoid', u),
    tanh: (u) => call('tanh', u),
  };
  for (const [name, rule] of Object.entries(mistakes)) {
    try {
      const wrong = evaluateAll(differentiate(f, wrt, { [name]: rule }), s);
      // Only a hypothesis when the mistaken rule changes the derivative (f contains σ or tanh).
      if (wrong && !matchesEverywhere(wrong, s.reference, s) && matchesEverywhere(s.claim, wrong, s)) {
        return { kind: 'sigma-for-derivative', text: `${name === 'sigmoid' ? 'σ' : 'tanh'} appears where its derivative belongs` };
      }
    } catch { /* not applicable */ }
  }

  // The function itself instead of its derivative, everywhere or on one branch (α(eˣ − 1) for αeˣ).
  const fv = evaluateAll(f, s);
  if (fv && matchesEverywhere(s.claim, fv, s)) return { kind: 'sigma-for-derivative', text: 'it is the function itself, not its derivative' };
  if (fv && matchesWhereWrong(fv, s)) return { kind: 'sigma-for-derivative', text: 'on part of the domain it is the function itself, not its derivative' };
  return null;
}
