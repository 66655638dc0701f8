/**
 * The JavaScript globals a numeric function may use, mapped onto the vocabulary. Anything not in
 * these tables is refused with a reason rather than guessed at.
 */
import type { MathNode } from 'mathjs';
import { Builder, TranslationError } from './builder.js';

/** Math.* functions that are vocabulary functions of one argument under the same name. */
const MATH_UNARY = new Set([
  'exp', 'log', 'log1p', 'expm1', 'sqrt', 'cbrt', 'abs', 'sign', 'tanh', 'sinh', 'cosh', 'sin', 'cos', 'tan',
  'atan', 'asin', 'acos', 'asinh', 'acosh', 'atanh', 'log2', 'log10',
]);

const NOT_DIFFERENTIABLE = new Set(['floor', 'ceil', 'round', 'trunc', 'fround', 'clz32', 'imul']);

export const MATH_CONSTANTS: Record<string, number> = {
  LN2: Math.LN2, LN10: Math.LN10, LOG2E: Math.LOG2E, LOG10E: Math.LOG10E, SQRT2: Math.SQRT2, SQRT1_2: Math.SQRT1_2,
};

export const NUMBER_CONSTANTS: Record<string, number> = {
  EPSILON: Number.EPSILON, MAX_VALUE: Number.MAX_VALUE, MIN_VALUE: Number.MIN_VALUE,
  MAX_SAFE_INTEGER: Number.MAX_SAFE_INTEGER, MIN_SAFE_INTEGER: Number.MIN_SAFE_INTEGER,
  POSITIVE_INFINITY: Infinity, NEGATIVE_INFINITY: -Infinity, NaN: NaN,
};

export function mathConstant(b: Builder, name: string): MathNode {
  if (name === 'PI') return b.sym('pi');
  if (name === 'E') return b.sym('e');
  if (name in MATH_CONSTANTS) return b.num(MATH_CONSTANTS[name]!);
  throw new TranslationError(`reads unknown Math.${name}`);
}

/** Whether `name` is a function of Math that mathCall reads. */
export function isMathFunction(name: string): boolean {
  return MATH_UNARY.has(name) || ['max', 'min', 'pow', 'atan2', 'hypot'].includes(name);
}

export function mathCall(b: Builder, name: string, args: MathNode[]): MathNode {
  if (MATH_UNARY.has(name)) {
    if (args.length < 1) throw new TranslationError(`Math.${name}() without an argument is NaN`);
    return b.call(name, args[0]!);
  }
  switch (name) {
    case 'pow':
      if (args.length < 2) throw new TranslationError('Math.pow needs two arguments');
      return b.binary('pow', args[0]!, args[1]!);
    case 'max':
    case 'min':
      if (args.length === 0) throw new TranslationError(`Math.${name}() of nothing is ${name === 'max' ? '-Infinity' : 'Infinity'}`);
      if (args.length === 1) return args[0]!;
      if (args.length > 64) throw new TranslationError(`Math.${name} of more than 64 values`);
      return b.call(name, ...args);
    case 'hypot':
      if (args.length === 0) return b.num(0);
      return b.call('sqrt', args.map((a) => b.binary('pow', a, b.num(2))).reduce((s, t) => b.binary('add', s, t)));
  }
  if (NOT_DIFFERENTIABLE.has(name)) throw new TranslationError(`uses Math.${name}, which is not differentiable`);
  if (name === 'random') throw new TranslationError('uses Math.random');
  throw new TranslationError(`uses Math.${name}, which is outside the vocabulary`);
}

/**
 * TensorFlow.js element-wise ops, as functions (`tf.mul(a, b)`) or tensor methods (`a.mul(b)`),
 * read on scalar-like values. Reductions and shape ops are refused: they are not element-wise.
 */
export function tfOp(b: Builder, name: string, args: MathNode[]): MathNode {
  const need = (n: number) => {
    if (args.length < n) throw new TranslationError(`tf.${name} needs ${n} argument${n === 1 ? '' : 's'}`);
  };
  const unaryVocabulary = ['exp', 'log', 'log1p', 'expm1', 'sqrt', 'abs', 'sign', 'sigmoid', 'tanh', 'sin', 'cos', 'tan', 'relu', 'softplus', 'erf', 'sinh', 'cosh', 'asin', 'acos', 'atan', 'asinh', 'acosh', 'atanh'];
  if (unaryVocabulary.includes(name)) {
    need(1);
    return b.call(name, args[0]!);
  }
  const binaryOps: Record<string, string> = { add: 'add', sub: 'subtract', mul: 'multiply', div: 'divide', pow: 'pow', divNoNan: 'divide' };
  if (name in binaryOps) {
    need(2);
    return b.binary(binaryOps[name]!, args[0]!, args[1]!);
  }
  switch (name) {
    case 'neg': need(1); return b.neg(args[0]!);
    case 'square': need(1); return b.binary('pow', args[0]!, b.num(2));
    case 'reciprocal': need(1); return b.binary('divide', b.num(1), args[0]!);
    case 'rsqrt': need(1); return b.binary('divide', b.num(1), b.call('sqrt', args[0]!));
    case 'maximum': need(2); return b.call('max', args[0]!, args[1]!);
    case 'minimum': need(2); return b.call('min', args[0]!, args[1]!);
    case 'step': need(1); return b.cond(b.binary('larger', args[0]!, b.num(0)), b.num(1), b.num(0));
    case 'onesLike': return b.num(1);
    case 'zerosLike': return b.num(0);
    case 'scalar': case 'clone': case 'keep': case 'identity': need(1); return args[0]!;
    case 'greater': need(2); return b.binary('larger', args[0]!, args[1]!);
    case 'less': need(2); return b.binary('smaller', args[0]!, args[1]!);
    case 'greaterEqual': need(2); return b.binary('largerEq', args[0]!, args[1]!);
    case 'lessEqual': need(2); return b.binary('smallerEq', args[0]!, args[1]!);
    case 'where': need(3); return b.cond(args[0]!, args[1]!, args[2]!);
  }
  throw new TranslationError(`uses tf.${name}, which is not read as an element-wise op`);
}

/** Tensor method names read as element-wise ops on the receiver (`x.mul(y)` is tf.mul(x, y)). */
export const TF_METHODS: ReadonlySet<string> = new Set([
  'exp', 'log', 'log1p', 'expm1', 'sqrt', 'abs', 'sign', 'sigmoid', 'tanh', 'sin', 'cos', 'relu', 'softplus', 'erf',
  'add', 'sub', 'mul', 'div', 'pow', 'neg', 'square', 'reciprocal', 'rsqrt', 'maximum', 'minimum', 'step', 'clone',
  'greater', 'less', 'greaterEqual', 'lessEqual',
]);

/** Globals whose use means the function does input/output or depends on the environment. */
export const IO_GLOBALS: ReadonlySet<string> = new Set([
  'console', 'fs', 'process', 'require', 'fetch', 'document', 'window', 'globalThis', 'alert', 'setTimeout',
  'setInterval', 'XMLHttpRequest', 'localStorage', 'Deno', 'Bun', 'import', 'eval', 'Function',
]);
