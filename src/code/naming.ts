/**
 * Name conventions people use for gradients and for gradient parameters. Matching is purely on
 * spelling; the checker later decides whether the pair is right.
 */

// 'jacobian': `softmaxJacobian` beside `softmax`, the matrix of a vector function's partials (issue 14).
const SUFFIXES = ['gradient', 'grad', 'prime', 'derivative', 'deriv', 'backward', 'backprop', 'diff', 'der', 'jacobian'];
const INFIX_WORDS = ['derivative', 'deriv', 'der', 'prime'];
// `der_relu` beside `relu` (with the separator only: `derive`, `dermal` are words of their own).
const PREFIXES = ['derivativeof', 'derivative', 'gradientof', 'gradient', 'grad', 'deriv', 'der_', 'backward', 'd'];

/**
 * Candidate primal names for a gradient name, most specific first: `sigmoidPrime` → ['sigmoid'],
 * `dSigmoid` → ['Sigmoid'], `f_grad` → ['f']. Empty when the name does not look like a gradient.
 */
export function gradientStems(name: string): string[] {
  const out: string[] = [];
  const lower = name.toLowerCase();
  for (const s of SUFFIXES) {
    if (lower.length > s.length && lower.endsWith(s)) {
      const stem = name.slice(0, name.length - s.length).replace(/_+$/, '');
      if (stem) out.push(stem);
    }
  }
  for (const p of PREFIXES) {
    if (lower.length > p.length && lower.startsWith(p)) {
      const stem = name.slice(p.length).replace(/^_+/, '');
      if (stem) out.push(stem);
    }
  }
  // A derivative word inside the name, as one camel-case or snake-case word between two others:
  // `SigmoidDerAct` → 'SigmoidAct', `tanh_deriv_fn` → 'tanh_fn' (the word that names the kind of
  // function stays last). Only a pair when that primal exists, like every stem here, and only for
  // words that say "derivative": `clipGradNorm` beside `clipNorm` or `absDiffSum` beside `absSum`
  // are not derivatives of each other.
  for (const s of INFIX_WORDS) {
    const cap = s[0]!.toUpperCase() + s.slice(1);
    const camel = new RegExp(`(?<=[a-z0-9])${cap}(?=[A-Z])`).exec(name);
    if (camel) out.push(name.slice(0, camel.index) + name.slice(camel.index + s.length));
    const snake = new RegExp(`(?<=[A-Za-z0-9])_${s}_(?=[A-Za-z])`, 'i').exec(name);
    if (snake) out.push(name.slice(0, snake.index) + '_' + name.slice(snake.index + s.length + 2));
  }
  return [...new Set(out)];
}

/** Method or property names that make up a (primal, gradient) pair inside one object or class, by priority. */
export const MEMBER_PAIRS: readonly (readonly [string, string])[] = [
  ['forward', 'backward'],
  // Layer classes named after the two passes: forwardPass / backPropagation, forwardProp / backProp.
  ['forwardPass', 'backwardPass'],
  ['forwardPass', 'backPropagation'],
  ['forwardPropagation', 'backPropagation'],
  ['forwardProp', 'backProp'],
  ['feedForward', 'backPropagate'],
  ['activate', 'derivative'],
  ['activation', 'derivative'],
  ['measure', 'derivative'],
  ['function', 'derivative'],
  ['fn', 'derivative'],
  ['f', 'derivative'],
  ['evaluate', 'derivative'],
  ['apply', 'gradient'],
  ['apply', 'derivative'],
  ['compute', 'gradient'],
  ['value', 'gradient'],
  ['value', 'grad'],
  ['loss', 'gradient'],
  ['loss', 'grad'],
  ['f', 'df'],
  ['fn', 'dfn'],
  ['func', 'dfunc'],
  ['func', 'deriv'],
  ['fx', 'dfx'],
  ['f', 'fprime'],
  ['f', 'grad'],
  ['f', 'gradient'],
  ['primal', 'gradient'],
  ['output', 'derivative'],
  ['call', 'backward'],
  ['value', 'gradFunc'],
  // Weak pairs (WEAK_MEMBER_PAIRS): also words of code that is no math at all.
  ['f', 'd'],
  ['activate', 'deactivate'],
  ['compute', 'computeDerivative'],
  ['compute', 'derivative'],
  ['calculate', 'derivative'],
];

/**
 * Member pairs whose words are also everyday words of other code (`activate`/`deactivate` on a UI
 * element, `{ f, d }` records): taken for a function and its derivative only when both read as
 * math, so a button's handlers get no "could not be verified" note.
 */
export const WEAK_MEMBER_PAIRS: ReadonlySet<string> = new Set(['f|d', 'activate|deactivate', 'compute|computeDerivative', 'compute|derivative', 'calculate|derivative']);

/** Words a gradient attached to a function may be called: `sigmoid.derivative = …`. */
export const ATTACHED_GRADIENT_NAMES = new Set(['derivative', 'deriv', 'grad', 'gradient', 'prime', 'backward', 'df', 'd']);

/** Parameter names that carry dL/dy, the gradient flowing in from above. */
const UPSTREAM = new Set([
  'delta', 'dout', 'dy', 'grad', 'gradoutput', 'grad_output', 'gradout', 'outgrad', 'outputgrad', 'upstream', 'upstreamgrad',
  'dz', 'g', 'dl', 'dldy', 'dloss', 'dldz', 'd_out', 'dupstream', 'chaingrad', 'incoming', 'gy', 'gout', 'doutput',
]);

/** Names that say "the primal's output" (sigmoid' written as y * (1 - y)). */
const OUTPUT_NAMES = new Set(['y', 'out', 'output', 's', 'a', 'activation', 'activated', 'fx', 'sig', 'sigmoid', 'result', 'res', 'h', 'yhat_out', 'act', 'o', 'value', 'fval', 'tanh', 'sm', 'softmax', 'p_out']);

/** Names that say "the primal's input". */
const INPUT_NAMES = new Set(['x', 'z', 'input', 'inp', 'logits', 'logit', 'v', 'val', 'u', 'preactivation', 'pre', 'net', 'sum', 't', 'xs', 'zs', 'in']);

// Compound names that end in the gradient word: `layerDerivative`, `outputGradient`, `nextDelta`.
export const isUpstreamName = (n: string) => UPSTREAM.has(n.toLowerCase()) || /^[a-z][A-Za-z0-9]*(Derivative|Gradient|Grad|Delta)$/.test(n);
export const isOutputName = (n: string) => OUTPUT_NAMES.has(n.toLowerCase());
export const isInputName = (n: string) => INPUT_NAMES.has(n.toLowerCase());

/** Parameter names that switch a function between itself and its derivative. */
export const FLAG_NAME = /^(deriv|derivate|derivative|derive|der|grad|gradient|prime|backward|backprop|diff|differentiate|isDeriv\w*|isGrad\w*|isDerivative|d|dx|useDerivative|getDerivative|calcDerivative|derivated)$/i;

/** Math functions whose derivative people write as `tanhPrime` without defining tanh. */
export const BUILTIN_PRIMALS = new Set([
  'tanh', 'exp', 'sin', 'cos', 'tan', 'log', 'sqrt', 'sinh', 'cosh', 'atan', 'asin', 'acos', 'abs', 'log1p', 'expm1',
  'cbrt', 'asinh', 'acosh', 'atanh', 'log2', 'log10',
]);

/** `sigmoid-backward.ts`, `sigmoid_grad.js`, `sigmoid.derivative.ts` → 'sigmoid'. */
export function gradientFileStem(baseName: string): string | null {
  const m = /^(.+?)[-_.](backward|grad|gradient|derivative|deriv|prime|backprop|bwd)$/i.exec(baseName);
  return m ? m[1]! : null;
}

/** 'leaky-relu' → 'leakyrelu', for comparing file names with function names. */
export function looseName(s: string): string {
  return s.replace(/[-_.\s]/g, '').toLowerCase();
}
