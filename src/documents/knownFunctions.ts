/**
 * Function names a derivation may use without defining them: the vocabulary (exp, tanh, …) and the
 * catalog's activations under the names people write (σ, sig, ReLU, softplus, GELU…). A document's
 * own definition always wins over these.
 */
import { CATALOG, entryFormula, isKnownFunction, substitute, type CatalogEntry, type MathNode } from '../core/index.js';
import { call } from '../core/expr/tree.js';

/** Names that mean the logistic sigmoid when applied and not defined in the document. */
const SIGMOID_NAMES = new Set(['sigma', 'sig', 'sigmoid', 'logistic', 'expit']);

/** Normalises a written function name for lookup: ReLU, relu, Leaky_ReLU → relu, leakyrelu. */
function key(name: string): string {
  return name.toLowerCase().replace(/[_\s-]/g, '');
}

const BY_ALIAS = new Map<string, CatalogEntry>();
for (const e of CATALOG) {
  if (e.params.length !== 1 && !(e.category === 'loss' && !e.dims)) continue;
  for (const a of [e.id, ...e.aliases]) {
    const k = key(a);
    if (k.length < 2 || BY_ALIAS.has(k)) continue; // one-letter aliases (s) are too ambiguous to apply
    BY_ALIAS.set(k, e);
  }
}

export function isKnownFunctionName(name: string): boolean {
  return isKnownFunction(name) || SIGMOID_NAMES.has(key(name)) || BY_ALIAS.has(key(name));
}

/** The vocabulary tree for a known function applied to arguments, or null when the name is not known. */
export function applyKnownFunction(name: string, args: MathNode[]): MathNode | null {
  const k = key(name);
  if (SIGMOID_NAMES.has(k) && args.length === 1) return call('sigmoid', args[0]!);
  if (isKnownFunction(name)) return call(name, ...args);
  if (isKnownFunction(k)) return call(k, ...args);
  const entry = BY_ALIAS.get(k);
  if (!entry || entry.params.length !== args.length) return null;
  const bindings = new Map(entry.params.map((p, i) => [p, args[i]!] as const));
  return substitute(entryFormula(entry), bindings);
}

/**
 * The vocabulary functions a document may define for itself: activations, which derivations often
 * start by defining (`\mathrm{relu}(x) = \max(0, x)`). Every other vocabulary function (exp, log,
 * log2, sin, asin, sech, erf, max …) has one meaning, so `\log(x) = …` is a claim about it, never a
 * new definition that would shadow it for the rest of the document.
 */
const DEFINABLE_VOCABULARY: ReadonlySet<string> = new Set(['sigmoid', 'softplus', 'relu', 'heaviside']);

export function isDefinableFunctionName(name: string): boolean {
  return !isKnownFunction(name) || DEFINABLE_VOCABULARY.has(name);
}
