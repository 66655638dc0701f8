/**
 * What an expression evaluates to during symbolic execution. Numbers are vocabulary trees; arrays
 * and object literals keep their structure so indexing and property reads resolve statically;
 * arguments whose shape is not known yet are references (`ref`) into the caller's data, which
 * become variables (`x_0`, `v_dw_1`) only when used as numbers.
 */
import type ts from 'typescript';
import type { MathNode } from 'mathjs';
import { RESERVED_NAMES, CONSTANTS, isConstantName } from '../core/expr/vocabulary.js';

export type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

/** A path into argument data: ['v', 'dw', 0] is `v.dw[0]`. */
export type Path = readonly (string | number)[];

export type Value =
  | { k: 'num'; node: MathNode }
  | { k: 'vec'; items: readonly Value[] }
  /** missing: what reading an absent property means — NaN in JS for a literal, a variable for `this`. */
  | { k: 'obj'; name: string; props: ReadonlyMap<string, Value>; missing: 'nan' | { refRoot: Path } }
  | { k: 'ref'; path: Path }
  | { k: 'fn'; decl: FunctionLike; env: unknown; thisValue: Value | undefined; name: string }
  | { k: 'native'; name: string; call: (args: Value[]) => Value }
  | { k: 'str'; value: string }
  | { k: 'undef' };

export const UNDEF: Value = { k: 'undef' };

export function pathText(path: Path): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}

/** The variable name a path becomes in a tree: `v.dw[0]` → `v_dw_0`; names clashing with the vocabulary get a trailing `_`. */
export function symbolName(path: Path): string {
  let name = path.map((seg) => String(seg).replace(/[^A-Za-z0-9_]/g, '_')).join('_');
  if (!/^[A-Za-z]/.test(name)) name = `v${name}`;
  if (RESERVED_NAMES.has(name) || isConstantName(name)) name = `${name}_`;
  return name;
}

export function describe(v: Value): string {
  switch (v.k) {
    case 'num': return 'a number';
    case 'vec': return `an array of ${v.items.length}`;
    case 'obj': return `object ${v.name}`;
    case 'ref': return pathText(v.path);
    case 'fn': return `function ${v.name}`;
    case 'native': return `function ${v.name}`;
    case 'str': return `string "${v.value}"`;
    case 'undef': return 'undefined';
  }
}
