/**
 * The closed vocabulary of GradLens expressions.
 *
 * Every producer of expression trees (the LaTeX parser, the TypeScript translator, the CLI's
 * mathjs text) must emit only these functions, operators and constants; the compiler, the
 * differentiator and the precise evaluator accept nothing else. Keeping the list closed is what
 * makes "no path from text to arbitrary code" true: a name outside it is rejected, never looked up.
 */

/** Functions with a fixed arity (min..max arguments). */
export interface FunctionSpec {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Human description, shown in error messages and docs. */
  readonly about: string;
}

const fn = (minArgs: number, maxArgs: number, about: string): FunctionSpec => ({ minArgs, maxArgs, about });

export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  exp: fn(1, 1, 'e^x'),
  expm1: fn(1, 1, 'e^x - 1, exact for small x'),
  log: fn(1, 2, 'natural logarithm; log(x, b) is the base-b logarithm'),
  log1p: fn(1, 1, 'log(1 + x), exact for small x'),
  log2: fn(1, 1, 'base-2 logarithm'),
  log10: fn(1, 1, 'base-10 logarithm'),
  sqrt: fn(1, 1, 'square root'),
  cbrt: fn(1, 1, 'cube root'),
  abs: fn(1, 1, '|x|'),
  sign: fn(1, 1, 'sign of x (0 at 0)'),
  max: fn(2, 64, 'largest argument'),
  min: fn(2, 64, 'smallest argument'),
  sin: fn(1, 1, 'sine'),
  cos: fn(1, 1, 'cosine'),
  tan: fn(1, 1, 'tangent'),
  asin: fn(1, 1, 'arcsine'),
  acos: fn(1, 1, 'arccosine'),
  atan: fn(1, 1, 'arctangent'),
  sinh: fn(1, 1, 'hyperbolic sine'),
  cosh: fn(1, 1, 'hyperbolic cosine'),
  tanh: fn(1, 1, 'hyperbolic tangent'),
  asinh: fn(1, 1, 'inverse hyperbolic sine'),
  acosh: fn(1, 1, 'inverse hyperbolic cosine'),
  atanh: fn(1, 1, 'inverse hyperbolic tangent'),
  sech: fn(1, 1, 'hyperbolic secant 1/cosh(x)'),
  erf: fn(1, 1, 'error function'),
  erfc: fn(1, 1, 'complementary error function 1 - erf(x)'),
  sigmoid: fn(1, 1, 'logistic sigmoid 1/(1+e^-x)'),
  softplus: fn(1, 1, 'log(1 + e^x)'),
  relu: fn(1, 1, 'max(x, 0)'),
  heaviside: fn(1, 1, 'step: 1 for x > 0, 0 for x < 0, 1/2 at 0'),
};

/** Binary and unary operators (mathjs OperatorNode fn names) the engine understands. */
export const OPERATORS: ReadonlySet<string> = new Set([
  'add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus',
  // Comparisons and logic appear only inside conditions of piecewise (ConditionalNode) expressions.
  'smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal', 'and', 'or', 'not',
]);

/** Named constants. Any other SymbolNode is a variable. */
export const CONSTANTS: Readonly<Record<string, number>> = {
  pi: Math.PI,
  e: Math.E,
};

/** A variable name must be a plain identifier: letters, digits and underscores, not a reserved word. */
export const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Names that cannot be variables because they would shadow vocabulary or JS globals in generated code. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(FUNCTIONS), ...Object.keys(CONSTANTS),
  'Infinity', 'NaN', 'undefined', 'true', 'false', 'null', 'Math', 'this', 'arguments', 'eval', 'Function', '__proto__',
]);

/** Own-property test: `name in CONSTANTS` is true for "constructor" and "__proto__" through Object.prototype. */
export function isConstantName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(CONSTANTS, name);
}

export function isKnownFunction(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name);
}
