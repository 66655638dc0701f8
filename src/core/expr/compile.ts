/**
 * Compiles an expression tree into a float64 JavaScript closure by generating JS source.
 *
 * Why generate source rather than call mathjs `evaluate` in a loop: a gradient check evaluates a
 * formula at thousands of points, and generated code runs at the speed of hand-written JS.
 * Why this is safe: only validated trees compile, every emitted token comes from the fixed tables
 * below or is a number printed by String(number), and variables become positional parameters
 * (`a0`, `a1`, …) — no name or string from the user's text ever reaches the generated source.
 */
import type * as math from 'mathjs';
import { ExpressionError, guardSize, num, validate, type MathNode } from './tree.js';
import { CONSTANTS, isConstantName } from './vocabulary.js';
import * as special from '../numeric/special.js';
import { spend } from '../budget.js';

export type ScalarFn = (...args: number[]) => number;
export type VectorFn = (values: ArrayLike<number>) => number;

/** Helpers visible to generated code as `H.name`. */
export const HELPERS = Object.freeze({
  erf: special.erf,
  erfc: special.erfc,
  sigmoid: special.sigmoid,
  softplus: special.softplus,
  sigmoidPrime: special.sigmoidPrime,
  sech: special.sech,
  relu: special.relu,
  heaviside: special.heaviside,
});

/** Vocabulary function → JS callee. log with two arguments is handled separately. */
export const CALLEES: Readonly<Record<string, string>> = {
  exp: 'Math.exp', expm1: 'Math.expm1', log: 'Math.log', log1p: 'Math.log1p', log2: 'Math.log2', log10: 'Math.log10',
  sqrt: 'Math.sqrt', cbrt: 'Math.cbrt', abs: 'Math.abs', sign: 'Math.sign', max: 'Math.max', min: 'Math.min',
  sin: 'Math.sin', cos: 'Math.cos', tan: 'Math.tan', asin: 'Math.asin', acos: 'Math.acos', atan: 'Math.atan',
  sinh: 'Math.sinh', cosh: 'Math.cosh', tanh: 'Math.tanh', asinh: 'Math.asinh', acosh: 'Math.acosh', atanh: 'Math.atanh',
  sech: 'H_sech', erf: 'H_erf', erfc: 'H_erfc', sigmoid: 'H_sigmoid', softplus: 'H_softplus', relu: 'H_relu', heaviside: 'H_heaviside',
};

const BINARY: Readonly<Record<string, string>> = {
  add: '+', subtract: '-', multiply: '*', divide: '/',
  smaller: '<', larger: '>', smallerEq: '<=', largerEq: '>=', equal: '===', unequal: '!==', and: '&&', or: '||',
};

const BOOLEAN_OPS = new Set(['smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal', 'and', 'or', 'not']);

export function numberLiteral(v: number): string {
  if (typeof v !== 'number') throw new ExpressionError('non-numeric constant');
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  const s = String(v);
  return v < 0 || Object.is(v, -0) ? `(${Object.is(v, -0) ? '-0' : s})` : s;
}

/** Index of each variable in the parameter list; unknown variables are an error, not a lookup. */
function variableIndex(variables: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  variables.forEach((v, i) => m.set(v, i));
  return m;
}

/** JS source of a node's value, with variables as `a<i>`. `asBoolean` is the context of conditions. */
export function emitValue(node: MathNode, index: ReadonlyMap<string, number>): string {
  /** A condition only needs its truth: a comparison there is emitted as the boolean itself, not as 1/0. */
  const condition = (n: MathNode): string => {
    if (n.type === 'ParenthesisNode') return condition((n as math.ParenthesisNode).content);
    const v = go(n);
    return n.type === 'OperatorNode' && BOOLEAN_OPS.has((n as math.OperatorNode).fn) ? v.slice(2, -1) : v;
  };
  const go = (n: MathNode): string => {
    spend();
    switch (n.type) {
      case 'ConstantNode':
        return numberLiteral((n as math.ConstantNode).value as number);
      case 'SymbolNode': {
        const name = (n as math.SymbolNode).name;
        const i = index.get(name);
        if (i !== undefined) return `a${i}`;
        if (isConstantName(name)) return numberLiteral(CONSTANTS[name]!);
        throw new ExpressionError(`no value for variable "${name}"`);
      }
      case 'ParenthesisNode':
        return go((n as math.ParenthesisNode).content);
      case 'OperatorNode': {
        const o = n as math.OperatorNode;
        const args = o.args.map(go);
        const raw = (() => {
          switch (o.fn) {
            case 'unaryMinus': return `(-${args[0]})`;
            case 'unaryPlus': return `(+${args[0]})`;
            case 'not': return `(!${args[0]})`;
            case 'pow': {
              // x² and x³ of a plain variable as products: exact enough and several times faster than Math.pow.
              const [base, exponent] = o.args as [MathNode, MathNode];
              if (base.type === 'SymbolNode' && exponent.type === 'ConstantNode') {
                const e = (exponent as math.ConstantNode).value;
                if (e === 2) return `(${args[0]} * ${args[0]})`;
                if (e === 3) return `(${args[0]} * ${args[0]} * ${args[0]})`;
              }
              return `Math.pow(${args[0]}, ${args[1]})`;
            }
            default: {
              const sym = BINARY[o.fn];
              if (!sym || args.length !== 2) throw new ExpressionError(`unsupported operator "${o.op}"`);
              return `(${args[0]} ${sym} ${args[1]})`;
            }
          }
        })();
        // Comparisons used as numbers (e.g. an indicator written as a product) count as 1/0.
        return BOOLEAN_OPS.has(o.fn) ? `(+${raw})` : raw;
      }
      case 'FunctionNode': {
        const f = n as math.FunctionNode;
        const name = f.fn.name;
        const args = f.args.map(go);
        if (name === 'log' && args.length === 2) return `(Math.log(${args[0]}) / Math.log(${args[1]}))`;
        const callee = CALLEES[name];
        if (!callee) throw new ExpressionError(`unknown function "${name}"`);
        return `${callee}(${args.join(', ')})`;
      }
      case 'ConditionalNode': {
        const c = n as math.ConditionalNode;
        return `((${condition(c.condition)}) ? ${go(c.trueExpr)} : ${go(c.falseExpr)})`;
      }
      default:
        throw new ExpressionError(`unsupported syntax (${n.type})`);
    }
  };
  return go(node);
}

/** Helpers bound to local constants in the generated closure: direct calls that V8 can inline. */
export const HELPER_PRELUDE = Object.keys(HELPERS).map((k) => `const H_${k} = H.${k};`).join(' ');

/**
 * The factory for one generated source, made once: a document compiles the same small sources
 * again and again (every folded constant such as -1 or 1/2, the same definition under several
 * claims), and each `new Function` parses the helper prelude anew (a third of a seed's compile
 * time). A factory is a pure function of its source (the helpers are frozen), and each call of it
 * makes a fresh closure, so a cached factory gives exactly what a new one would. Bounded: emptied
 * when full.
 */
const factories = new Map<string, (h: typeof HELPERS) => unknown>();
const MAX_FACTORIES = 2000;

export function generatedFunction<T>(name: string, params: string, body: string): T {
  const source = `"use strict"; ${HELPER_PRELUDE} return function ${name}(${params}) {\n${body}\n};`;
  let factory = factories.get(source);
  if (!factory) {
    if (factories.size >= MAX_FACTORIES) factories.clear();
    // The only dynamic code in GradLens; see the module comment for why it is safe.
    factory = new Function('H', source) as (h: typeof HELPERS) => unknown;
    factories.set(source, factory);
  }
  return factory(HELPERS) as T;
}

function instantiate<T>(params: string, body: string): T {
  return generatedFunction<T>('compiled', params, body);
}

/**
 * Replaces variable-free subtrees (sqrt(2), 2/pi, log(2)) by their values, so generated code does
 * not recompute them at every point.
 */
export function foldConstants(node: MathNode): MathNode {
  const fold = (n: MathNode): MathNode => {
    if (n.type === 'ConstantNode' || n.type === 'SymbolNode') return n;
    const mapped = n.map((child: MathNode) => fold(child));
    let constant = true;
    mapped.forEach((child: MathNode, _path: string, parent: MathNode) => {
      const isFnName = parent.type === 'FunctionNode' && (parent as math.FunctionNode).fn === child;
      if (isFnName) return;
      if (child.type !== 'ConstantNode' && !(child.type === 'SymbolNode' && isConstantName((child as math.SymbolNode).name))) constant = false;
    });
    if (!constant) return mapped;
    const value = (instantiate<ScalarFn>('', `return ${emitValue(mapped, new Map())};`))();
    return Number.isFinite(value) ? num(value) : mapped;
  };
  return fold(node);
}

/** Compiles to a function of positional arguments in the order of `variables`. */
export function compile(node: MathNode, variables: readonly string[]): ScalarFn {
  validate(node);
  guardSize(node);
  node = foldConstants(node);
  const index = variableIndex(variables);
  const params = variables.map((_, i) => `a${i}`).join(', ');
  return instantiate<ScalarFn>(params, `return ${emitValue(node, index)};`);
}

/** Compiles to a function of one array of values (for many variables). */
export function compileOnVector(node: MathNode, variables: readonly string[]): VectorFn {
  validate(node);
  guardSize(node);
  node = foldConstants(node);
  const index = variableIndex(variables);
  const unpack = variables.map((_, i) => `const a${i} = v[${i}];`).join(' ');
  return instantiate<VectorFn>('v', `${unpack} return ${emitValue(node, index)};`);
}
