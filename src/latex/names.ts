/**
 * How LaTeX spellings become GradLens names: Greek letters by name, fonts ignored, decorations and
 * subscripts folded into one identifier (`\hat{y}_i` → y_hat_i), function spellings mapped to the
 * vocabulary, and variable names that would collide with vocabulary words renamed.
 */
import { CONSTANTS, FUNCTIONS, RESERVED_NAMES, VARIABLE_NAME, isConstantName } from '../core/expr/vocabulary.js';
import type { ParseContext } from './types.js';
import { GREEK_TEX } from '../text/greek.js';

/**
 * TeX commands read as names: the Greek letters (text/greek.ts; \pi is the constant, read
 * elsewhere), and a few letters that are not Greek but are written as commands.
 */
export const GREEK: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(GREEK_TEX).filter(([tex]) => tex !== 'pi')),
  // \omicron is not LaTeX, but documents converted from Unicode write it.
  omicron: 'omicron',
  // \ell and l are one name: students switch between them within a derivation.
  ell: 'l', imath: 'i', jmath: 'j',
};

/** Accents that make a new name: `\hat{y}` is y_hat, not y. */
export const DECORATIONS: Readonly<Record<string, string>> = {
  hat: 'hat', widehat: 'hat', tilde: 'tilde', widetilde: 'tilde', bar: 'bar', overline: 'bar', dot: 'dot', ddot: 'ddot',
  check: 'check', breve: 'breve', acute: 'acute', grave: 'grave', mathring: 'ring',
};

/** Font and arrow wrappers that do not change the name: bold x is the same variable as x. */
export const FONT_WRAPPERS: ReadonlySet<string> = new Set([
  'mathbf', 'boldsymbol', 'bm', 'mathbfit', 'pmb', 'vec', 'overrightarrow', 'mathcal', 'mathscr', 'mathfrak', 'symbf',
  'symbfit', 'symit', 'mathbold', 'bold', 'boldmath',
]);

/** Function names the parser itself emits; the caller resolves them. */
export const PARSER_FUNCTIONS: ReadonlySet<string> = new Set(['derivative', 'at', 'limit']);

/** LaTeX function commands and common spellings → vocabulary names. */
const FUNCTION_SPELLINGS: Readonly<Record<string, string>> = {
  ln: 'log', arcsin: 'asin', arccos: 'acos', arctan: 'atan', arsinh: 'asinh', arcsinh: 'asinh', arcosh: 'acosh',
  arccosh: 'acosh', artanh: 'atanh', arctanh: 'atanh', sgn: 'sign', signum: 'sign', logistic: 'sigmoid',
};

/** Vocabulary name for a spelling (case-insensitive: ReLU, Softplus), or null. */
export function vocabularyFunction(spelling: string): string | null {
  const lower = spelling.toLowerCase();
  if (Object.prototype.hasOwnProperty.call(FUNCTIONS, lower)) return lower;
  return Object.prototype.hasOwnProperty.call(FUNCTION_SPELLINGS, lower) ? FUNCTION_SPELLINGS[lower]! : null;
}

/**
 * The function name a spelling denotes, or null when it is not a function: vocabulary first,
 * then names the context knows (as written, then lower-cased).
 */
export function functionName(spelling: string, ctx: ParseContext): string | null {
  const v = vocabularyFunction(spelling);
  if (v) return v;
  if (safeIsFunction(ctx, spelling)) return spelling;
  const lower = spelling.toLowerCase();
  if (lower !== spelling && safeIsFunction(ctx, lower)) return lower;
  return null;
}

export function safeIsFunction(ctx: ParseContext, name: string): boolean {
  try {
    return ctx.isFunction(name) === true;
  } catch {
    return false;
  }
}

/**
 * A variable name that is valid and cannot be mistaken for a vocabulary word. Deterministic so the
 * same spelling gets the same name across a document: `exp` → exp_v. Returns null when the name
 * cannot be an identifier at all.
 */
export function variableName(name: string): string | null {
  if (!VARIABLE_NAME.test(name)) return null;
  if (isConstantName(name)) return name;
  if (RESERVED_NAMES.has(name) || PARSER_FUNCTIONS.has(name)) return `${name}_v`;
  return name;
}

/** A name being assembled: base, then accents, then subscript parts. */
export interface NameParts {
  base: string;
  decorations: string[];
  subscripts: string[];
}

export function renderName(p: NameParts): string {
  return [p.base, ...p.decorations, ...p.subscripts].join('_');
}
