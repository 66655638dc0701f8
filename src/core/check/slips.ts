/**
 * Names the slip behind a wrong derivative, the way a grader would: the sign flipped, a constant
 * factor off, a missing chain-rule factor, σ where σ′ belongs, y and 1 − y swapped, the output form
 * applied to the input. Each hypothesis is a concrete expression compared numerically with the claim.
 */
import type * as math from 'mathjs';
import { compileOnVector } from '../expr/compile.js';
import { compileDerivativeOnVector } from '../ad/forward.js';
import { call, freeVariables, sub, num, substitute, sym, toText, type MathNode } from '../expr/tree.js';
import { stabilize } from '../expr/stabilize.js';
import { differentiate } from '../derivative/rules.js';
import { simplifyWithinBudget } from '../derivative/derivatives.js';
import { roleFromName, type Domain } from '../sampling/roles.js';
import { samplePoints } from '../sampling/points.js';

export type SlipKind = 'sign' | 'factor' | 'chain' | 'sigma-for-derivative' | 'label-swap' | 'output-form' | 'function-itself';

export interface Slip {
  kind: SlipKind;
  /** One sentence, e.g. "the sign is flipped". */
  text: string;
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

  // Sign flipped.
  if (matchesEverywhere(s.claim.map((v) => -v), s.reference, s)) return { kind: 'sign', text: 'the sign is flipped' };

  // y and 1 − y swapped (any label-role variable).
  for (const v of variables) {
    if (domains.get(v)?.role !== 'label') continue;
    const fixed = substitute(claim, new Map([[v, sub(num(1), sym(v))]]));
    if (matchesEverywhere(evaluateAll(fixed, s), s.reference, s)) return { kind: 'label-swap', text: `${v} and 1 − ${v} are swapped` };
  }

  // A constant factor off.
  const ratios = s.claim.map((a, i) => a / s.reference[i]!).filter((r) => Number.isFinite(r) && r !== 0);
  if (ratios.length >= 4 && ratios.every((r) => agrees(r, ratios[0]!)) && !agrees(ratios[0]!, 1)) {
    const c = ratios[0]!;
    const hint = agrees(c, 0.5) ? ' (a factor 2 dropped, such as the 2 that comes down from a square)'
      : agrees(c, 2) ? ' (a factor 2 too many, such as the ½ of a half squared error forgotten)' : '';
    return { kind: 'factor', text: `it is ${niceFactor(c)} times the true derivative${hint}` };
  }

  // The output form used where the input form belongs: claim(x := f(x)) is the derivative.
  if (matchesEverywhere(evaluateAll(substitute(claim, new Map([[wrt, f]])), s), s.reference, s)) {
    return { kind: 'output-form', text: `it is the derivative written in terms of the output (with ${wrt} standing for f(${wrt})), applied to the input ${wrt}` };
  }

  // A missing chain-rule factor: claim · u′ is the derivative for an inner argument u.
  for (const u of innerArguments(f, wrt)) {
    try {
      const du = differentiate(u, wrt);
      const scaled = evaluateAll(du, s);
      if (!scaled) continue;
      if (matchesEverywhere(s.claim.map((a, i) => a * scaled[i]!), s.reference, s)) {
        const shown = toText(simplifyWithinBudget(du).node);
        return { kind: 'chain', text: `a chain-rule factor is missing: the derivative of the inner ${toText(u)}, which is ${shown}` };
      }
    } catch { /* no rule: not this hypothesis */ }
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

  // The function itself instead of its derivative.
  if (matchesEverywhere(s.claim, evaluateAll(f, s) ?? [], s)) return { kind: 'function-itself', text: 'it is the function itself, not its derivative' };
  return null;
}
