/**
 * Which number a gradient returns is the derivative with respect to which primal variable: `''` is
 * the derivative w.r.t. the one scalar parameter, `'0'`/`'1'` are elements of a vector parameter or
 * the parameters in order, `{ dp, dy }` and `{ w1: [...], b2 }` name parameters, and writes such as
 * `V.dw[0]` name the element `V.w[0]` of an argument object.
 */
import type { ParamInfo } from '../code/types.js';
import { symbolName } from '../code/values.js';

export interface ResolvedKey {
  param: ParamInfo;
  /** The primal's tree variable this output is the derivative with respect to. */
  symbol: string;
  /** Position of the symbol in its parameter's symbols (element index). */
  element: number;
  /** For a Jacobian entry `G[i][j]`: the primal output i it is a partial of. */
  row?: number;
}

/** `w1[0]` → ['w1', '0']; `V.dw[0]` → ['V', 'dw', '0']; '' → []. */
export function keySegments(key: string): string[] {
  return key.match(/[A-Za-z_$][\w$]*|\d+/g) ?? [];
}

const isIndex = (s: string | undefined): s is string => s !== undefined && /^\d+$/.test(s);

function loose(s: string): string {
  return s.replace(/[_$]/g, '').toLowerCase();
}

/** Spellings of "the gradient with respect to N": N, dN, d_N, gradN, N_grad, dLdN, gN, deltaN. */
export function namesGradientOf(key: string, name: string): boolean {
  const k = loose(key), n = loose(name);
  if (!n) return false;
  return [n, `d${n}`, `grad${n}`, `${n}grad`, `${n}gradient`, `gradient${n}`, `dl${n}`, `dld${n}`, `g${n}`, `delta${n}`, `d${n}d`, `${n}d`].includes(k);
}

/** Property spellings of a gradient field: `dw` → `w`, `gradW` → `W`, `w_grad` → `w`. */
function primalProperty(prop: string): string[] {
  const out: string[] = [];
  const m1 = /^d_?(.+)$/.exec(prop);
  if (m1) out.push(m1[1]!);
  const m2 = /^grad_?(.+)$/i.exec(prop);
  if (m2) out.push(m2[1]!, m2[1]!.charAt(0).toLowerCase() + m2[1]!.slice(1));
  const m3 = /^(.+?)_?(grad|gradient)$/i.exec(prop);
  if (m3) out.push(m3[1]!);
  return out;
}

function byName(params: readonly ParamInfo[], seg: string): ParamInfo | undefined {
  return params.find((p) => p.name === seg) ?? params.find((p) => namesGradientOf(seg, p.name));
}

function symbolOf(p: ParamInfo): string[] {
  return p.symbols.length > 0 ? p.symbols : [symbolName([p.name])];
}

function elementOf(param: ParamInfo, rest: string[]): ResolvedKey | null {
  const symbols = symbolOf(param);
  if (rest.length === 0) return param.kind === 'vector' || symbols.length !== 1 ? null : { param, symbol: symbols[0]!, element: 0 };
  if (isIndex(rest[0]) && rest.length === 1) {
    const k = Number(rest[0]);
    return param.kind === 'vector' && k < symbols.length ? { param, symbol: symbols[k]!, element: k } : null;
  }
  // A nested array's entry (`0[1][2]` of a 3-D input): the element of that multi-index.
  if (param.kind === 'vector' && rest.every(isIndex)) {
    const sym = symbolName([param.name, ...rest.map(Number)]);
    const k = symbols.indexOf(sym);
    return k >= 0 ? { param, symbol: sym, element: k } : null;
  }
  // An object parameter: a path into it (`V.w[0]` written as `dw[0]` or `w[0]`).
  if (param.kind === 'object' || param.kind === 'unknown') {
    for (const prop of [rest[0]!, ...primalProperty(rest[0]!)]) {
      const sym = symbolName([param.name, prop, ...rest.slice(1).map((s) => (isIndex(s) ? Number(s) : s))]);
      const k = symbols.indexOf(sym);
      if (k >= 0) return { param, symbol: sym, element: k };
    }
  }
  return null;
}

/**
 * Resolves an output key against candidate parameters. `single`: the gradient is with respect to
 * one parameter (bare indices are its elements); otherwise indices count the candidates in order.
 * `gradientParams` maps a gradient parameter name to the primal parameter it stands for (for writes
 * into arguments, `V.dw[0]`, whose root is the gradient's own parameter name).
 */
export function resolveKey(key: string, candidates: readonly ParamInfo[], single: boolean, gradientParams: ReadonlyMap<string, string>, all: readonly ParamInfo[]): ResolvedKey | null {
  const segs = keySegments(key);
  if (segs.length === 0) {
    const p = candidates[0];
    return single && p ? elementOf(p, []) : null;
  }
  const [head, ...rest] = segs as [string, ...string[]];
  if (isIndex(head)) {
    if (single) {
      const p = candidates[0];
      if (p && rest.length > 0 && rest.every(isIndex)) return elementOf(p, [head, ...rest]);
      return p && rest.length === 0 ? elementOf(p, [head]) : null;
    }
    const p = candidates[Number(head)];
    return p ? elementOf(p, rest) : null;
  }
  // A write into an argument: the root is a gradient parameter standing for a primal parameter.
  if (rest.length > 0 && gradientParams.has(head)) {
    const p = all.find((q) => q.name === gradientParams.get(head));
    if (p && candidates.includes(p)) {
      const r = elementOf(p, rest);
      if (r) return r;
    }
  }
  const p = byName(candidates, head);
  return p ? elementOf(p, rest) : null;
}
