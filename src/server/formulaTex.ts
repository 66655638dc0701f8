/**
 * TeX for a finding's formula. Findings carry mathjs text (`sigmoid(z) * (1 - sigmoid(z))`), not
 * the LaTeX the author wrote, so the TeX is printed from the mathjs tree, with GradLens's names
 * turned back into mathematical notation: σ for sigmoid, subscripts for `y_i`, Greek letters for
 * `phi`, `f(…)` for an undefined function's applications (`f_of`).
 */
import { isGreekName } from '../text/greek.js';
import { opaqueFunction } from '../text/opaque.js';
import type * as math from 'mathjs';

type MathNode = math.MathNode;

/** Names printed as TeX commands: the Greek letters (text/greek.ts) and \\ell. */
const isTexCommandName = (name: string): boolean => isGreekName(name) || name === 'ell';

/** Functions printed as named operators rather than mathjs's `\mathrm{name}`. */
const OPERATORS: Readonly<Record<string, string>> = {
  sigmoid: '\\sigma', sig: '\\sigma', softplus: '\\operatorname{softplus}', relu: '\\operatorname{ReLU}', erf: '\\operatorname{erf}',
  erfc: '\\operatorname{erfc}', log1p: '\\operatorname{log1p}', expm1: '\\operatorname{expm1}', sign: '\\operatorname{sign}',
  log: '\\log', exp: '\\exp', tanh: '\\tanh', sinh: '\\sinh', cosh: '\\cosh', sin: '\\sin', cos: '\\cos', tan: '\\tan', max: '\\max', min: '\\min',
};

/** mathjs prints these well itself (√, |x|, powers). */
const NATIVE = new Set(['sqrt', 'abs', 'pow', 'square', 'cube', 'nthRoot']);

const ELLIPSIS = 'gradlensEllipsisq';

function letters(name: string): string {
  if (isTexCommandName(name)) return `\\${name}`;
  if (name.length === 1) return name;
  return `\\mathrm{${name}}`;
}

/** `y_i` → y_{i}, `omega_ij` → \omega_{ij}, `z2` → z_{2}, `f_of` → f(\ldots). */
export function symbolTex(name: string): string {
  if (name === ELLIPSIS) return '\\ldots';
  const of = opaqueFunction(name);
  if (of !== null) return `${symbolTex(of)}(\\ldots)`;
  const sub = /^([A-Za-z]+)_([A-Za-z0-9_]+)$/.exec(name);
  if (sub) return `${letters(sub[1]!)}_{${sub[2]!.split('_').map((s) => (isTexCommandName(s) ? `\\${s}` : s)).join(',')}}`;
  const digits = /^([A-Za-z]+)(\d+)$/.exec(name);
  if (digits) return `${letters(digits[1]!)}_{${digits[2]!}}`;
  return letters(name.replace(/[^A-Za-z0-9]/g, ''));
}

function handler(node: MathNode, options: object): string | undefined {
  if (node.type === 'SymbolNode') {
    const name = (node as math.SymbolNode).name;
    // mathjs's own constants (pi, e) print fine; every other name is a variable.
    return ` ${name === 'e' ? 'e' : symbolTex(name)}`;
  }
  if (node.type === 'FunctionNode') {
    const f = node as math.FunctionNode;
    const name = f.fn?.name;
    if (typeof name !== 'string' || NATIVE.has(name)) return undefined;
    const args = f.args.map((a) => a.toTex(options)).join(',');
    return `${OPERATORS[name] ?? symbolTex(name)}\\left(${args}\\right)`;
  }
  return undefined;
}

export type Parse = (text: string) => MathNode;

/** TeX for mathjs text, or null when it does not parse (the hover keeps its text form). */
export function formulaTex(text: string, parser: Parse): string | null {
  try {
    const node = parser(text.replace(/…/g, ELLIPSIS));
    return node.toTex({ parenthesis: 'auto', implicit: 'hide', handler } as object);
  } catch {
    return null;
  }
}
