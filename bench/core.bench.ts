/**
 * Core engine benchmarks (issue: foundation and core engine). Everything is measured side by side in
 * this one run and printed as ratios, so a noisy machine moves both sides alike.
 */
import { compile as mathCompile } from 'mathjs';
import {
  CATALOG, compileOnVector, compileDerivative, differentiate, evaluateDecimal, fdQuick, fdRidders, gradcheck,
  parseExpression, stabilize,
} from '../src/core/index.js';
import { erf } from '../src/core/numeric/special.js';
import { compareMs, sci, target } from './harness.js';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softplus = (x: number) => Math.log(1 + Math.exp(x));
const SELU_A = 1.6732632423543772, SELU_S = 1.0507009873554805;

/** Each catalog activation written by hand, the way a user would, as the speed baseline. */
// GELU (erf form) has no entry: JavaScript has no erf, so there is no library-free hand-written baseline.
const HAND: Record<string, (v: number[]) => number> = {
  sigmoid: (v) => 1 / (1 + Math.exp(-v[0]!)),
  tanh: (v) => Math.tanh(v[0]!),
  relu: (v) => Math.max(v[0]!, 0),
  leaky_relu: (v) => (v[0]! > 0 ? v[0]! : 0.01 * v[0]!),
  elu: (v) => (v[0]! > 0 ? v[0]! : Math.exp(v[0]!) - 1),
  selu: (v) => SELU_S * (v[0]! > 0 ? v[0]! : SELU_A * (Math.exp(v[0]!) - 1)),
  softplus: (v) => Math.log(1 + Math.exp(v[0]!)),
  softsign: (v) => v[0]! / (1 + Math.abs(v[0]!)),
  silu: (v) => v[0]! / (1 + Math.exp(-v[0]!)),
  gelu_tanh: (v) => 0.5 * v[0]! * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v[0]! + 0.044715 * v[0]! ** 3))),
  mish: (v) => v[0]! * Math.tanh(Math.log(1 + Math.exp(v[0]!))),
  hard_sigmoid: (v) => Math.max(0, Math.min(1, (v[0]! + 3) / 6)),
  hard_tanh: (v) => Math.max(-1, Math.min(1, v[0]!)),
  softmax: (v) => Math.exp(v[0]!) / (Math.exp(v[0]!) + Math.exp(v[1]!) + Math.exp(v[2]!)),
  log_softmax: (v) => v[0]! - Math.log(Math.exp(v[0]!) + Math.exp(v[1]!) + Math.exp(v[2]!)),
};

/**
 * The part of each activation no compiler can remove: its library calls (Math.exp, Math.log,
 * Math.tanh, erf) and the call of a closure on a point, in the same loop. Compiled code cannot be
 * faster than this, so mathjs's time divided by it bounds the ratio any compiler could reach.
 */
const FLOOR: Record<string, (v: number[]) => number> = {
  sigmoid: (v) => Math.exp(-v[0]!), tanh: (v) => Math.tanh(v[0]!), relu: (v) => v[0]!, leaky_relu: (v) => v[0]!,
  elu: (v) => (v[0]! > 0 ? v[0]! : Math.exp(v[0]!)), selu: (v) => (v[0]! > 0 ? v[0]! : Math.exp(v[0]!)),
  softplus: (v) => Math.log(1 + Math.exp(v[0]!)), softsign: (v) => v[0]!, silu: (v) => Math.exp(-v[0]!),
  gelu: (v) => erf(v[0]! * Math.SQRT1_2), gelu_tanh: (v) => Math.tanh(v[0]!), mish: (v) => Math.tanh(Math.log(1 + Math.exp(v[0]!))),
  hard_sigmoid: (v) => v[0]!, hard_tanh: (v) => v[0]!,
  softmax: (v) => Math.exp(v[0]!) + Math.exp(v[1]!) + Math.exp(v[2]!), log_softmax: (v) => Math.log(Math.exp(v[0]!) + Math.exp(v[1]!) + Math.exp(v[2]!)),
};

function evaluationSpeed(): void {
  console.log('\nCompiled evaluation vs hand-written JS and mathjs compile().evaluate(), per catalog activation (ns per evaluation, all interleaved)');
  console.log('  floor: the activation\'s library calls alone (Math.exp, Math.log, Math.tanh, erf) plus the call of a closure on a point;');
  console.log('  mathjs / floor is the most any compiled code could reach against mathjs.');
  const N = 20_000;
  const inputs = Array.from({ length: N }, (_, i) => [-8 + (16 * i) / N, 0.3 - (i % 7) * 0.1, (i % 5) * 0.2 - 0.4]);
  let worstHand = Infinity, worstMath = Infinity;
  const outOfReach: string[] = [];
  for (const e of CATALOG.filter((c) => c.category === 'activation')) {
    const node = parseExpression(e.formula);
    const compiled = compileOnVector(node, e.params);
    const math = mathCompile(e.formula);
    const hasHand = Object.prototype.hasOwnProperty.call(HAND, e.id);
    const hand = HAND[e.id]!;
    const floor = FLOOR[e.id]!;
    let sink = 0;
    // As a user's loop calls it: a scope object per point (`code.evaluate({ x })`), on a tenth of the points.
    const some = inputs.slice(0, N / 10);
    const names = e.params;
    const t = compareMs({
      compiled: () => { for (let i = 0; i < N; i++) sink += compiled(inputs[i]!); },
      ...(hasHand ? { hand: () => { for (let i = 0; i < N; i++) sink += hand(inputs[i]!); } } : {}),
      floor: () => { for (let i = 0; i < N; i++) sink += floor(inputs[i]!); },
      mathjs: () => {
        for (let i = 0; i < some.length; i++) {
          const scope: Record<string, number> = {};
          for (let j = 0; j < names.length; j++) scope[names[j]!] = some[i]![j]!;
          sink += math.evaluate(scope) as number;
        }
      },
    }, 21, 5);
    const ns = (k: string) => (t[k]! / (k === 'mathjs' ? some.length : N)) * 1e6;
    const vsHand = hasHand ? t.hand! / t.compiled! : NaN;
    const vsMath = ns('mathjs') / ns('compiled');
    const best = ns('mathjs') / ns('floor');
    if (hasHand) worstHand = Math.min(worstHand, vsHand);
    worstMath = Math.min(worstMath, vsMath);
    if (best < 20) outOfReach.push(`${e.id} ${best.toFixed(0)}×`);
    console.log(`  ${e.id.padEnd(14)} compiled ${ns('compiled').toFixed(1).padStart(6)}   floor ${ns('floor').toFixed(1).padStart(6)}   mathjs ${ns('mathjs').toFixed(0).padStart(5)}   speed vs hand-written ${hasHand ? (vsHand * 100).toFixed(0).padStart(4) + '%' : '  n/a'}   vs mathjs ${vsMath.toFixed(0).padStart(4)}×   at most ${best.toFixed(0).padStart(4)}×${sink > 0 ? '' : ''}`);
  }
  target('compiled speed, worst activation, relative to hand-written JS', `${(worstHand * 100).toFixed(0)}%`, '≥ 50%', worstHand >= 0.5);
  target('compiled speed, worst activation, relative to mathjs evaluate', `${worstMath.toFixed(0)}×`, '≥ 20×', worstMath >= 20);
  if (outOfReach.length) console.log(`  out of reach of any compiled code (mathjs time / floor below 20×): ${outOfReach.join(', ')}`);
}

/**
 * Worst relative error of the compiled AD derivative against a 50-digit decimal reference.
 * Where f′ crosses zero (SiLU at x ≈ −1.278, GELU at x ≈ −0.752) f′ is a difference of two O(1)
 * terms, and the relative error of any float64 evaluation grows without bound as x nears the root;
 * there the error is also reported relative to the size of those terms (|f′| + the cancelled part).
 */
function adAccuracy(): void {
  console.log('\nExact reference: compiled forward-mode AD vs 50-digit decimal.js derivative');
  const cases: [string, string, number, number, string | null][] = [
    ['sigmoid', '1 / (1 + exp(-x))', -20, 20, null], ['tanh', 'tanh(x)', -20, 20, null], ['softplus', 'log(1 + exp(x))', -20, 20, null],
    ['silu', 'x / (1 + exp(-x))', -20, 20, 'x * exp(-x) / (1 + exp(-x))^2'], ['gelu', '0.5 * x * (1 + erf(x / sqrt(2)))', -5, 20, 'x * exp(-x^2 / 2) / sqrt(2 * pi)'],
  ];
  let worstAway = 0;
  for (const [name, text, lo, hi, cancelledTerm] of cases) {
    const f = parseExpression(text);
    const ad = compileDerivative(stabilize(f), ['x'], 'x');
    const exact = differentiate(f, 'x');
    const term = cancelledTerm ? parseExpression(cancelledTerm) : null;
    let worst = 0, at = 0, worstNear = 0, worstNearScaled = 0;
    const n = name === 'gelu' ? 601 : 1601;
    for (let i = 0; i < n; i++) {
      const x = lo + ((hi - lo) * i) / (n - 1) + (i % 3) * 1e-3;
      if (x > hi) continue;
      const ref = evaluateDecimal(exact, { x }, 50).toNumber();
      if (!(Math.abs(ref) > 1e-300)) continue;
      const err = Math.abs(ad(x) - ref);
      const rel = err / Math.abs(ref);
      const scale = term ? Math.abs(ref) + 2 * Math.abs(evaluateDecimal(term, { x }, 50).toNumber()) : Math.abs(ref);
      const nearRoot = term !== null && scale > 10 * Math.abs(ref);
      if (nearRoot) { worstNear = Math.max(worstNear, rel); worstNearScaled = Math.max(worstNearScaled, err / scale); continue; }
      if (rel > worst) { worst = rel; at = x; }
    }
    worstAway = Math.max(worstAway, worst);
    const near = term ? `; near the root of f′ (terms cancel tenfold or more): rel. error ${sci(worstNear)}, relative to the terms ${sci(worstNearScaled)}` : '';
    console.log(`  ${name.padEnd(9)} [${lo}, ${hi}]  worst rel. error ${sci(worst)} at x = ${at.toFixed(3)}${near}`);
  }
  target('AD derivative, worst relative error (sigmoid, tanh, softplus, SiLU on [-20,20]; GELU on [-5,20]; away from roots of f′)', sci(worstAway), '≤ 1e-14', worstAway <= 1e-14);
}

/** Finite differences on opaque JS functions: accuracy, and whether the error estimate holds. */
function fdAccuracy(): void {
  console.log('\nFinite differences on opaque JS functions over [-8, 8], against 50-digit derivatives');
  const fns: [string, (x: number) => number, string][] = [
    ['sigmoid', sigmoid, '1 / (1 + exp(-x))'], ['tanh', Math.tanh, 'tanh(x)'],
    ['softplus', softplus, 'log(1 + exp(x))'], ['silu', (x) => x * sigmoid(x), 'x / (1 + exp(-x))'],
  ];
  let worstAdaptive = 0, estimateViolations = 0, total = 0;
  for (const [name, f, text] of fns) {
    const exact = differentiate(parseExpression(text), 'x');
    let wPlain = 0, wFixed = 0, wQuick = 0, wRidders = 0;
    for (let i = 0; i <= 800; i++) {
      const x = -8 + (16 * i) / 800 + 1e-4;
      const ref = evaluateDecimal(exact, { x }, 50).toNumber();
      const plain = (f(x + 1e-6) - f(x - 1e-6)) / 2e-6;
      const h = 1e-3;
      const fixed = (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h);
      const q = fdQuick(f, x);
      const r = fdRidders(f, x);
      const rel = (v: number) => Math.abs(v - ref) / Math.abs(ref);
      wPlain = Math.max(wPlain, rel(plain)); wFixed = Math.max(wFixed, rel(fixed));
      wQuick = Math.max(wQuick, rel(q.value)); wRidders = Math.max(wRidders, rel(r.value));
      total += 2;
      if (Math.abs(q.value - ref) > q.error) estimateViolations++;
      if (Math.abs(r.value - ref) > r.error) estimateViolations++;
    }
    worstAdaptive = Math.max(worstAdaptive, wRidders);
    console.log(`  ${name.padEnd(9)} plain central eps=1e-6 ${sci(wPlain)}   fixed 5-point h=1e-3 ${sci(wFixed)}   quick (4 evals) ${sci(wQuick)}   adaptive Ridders ${sci(wRidders)}`);
  }
  target('adaptive finite differences, worst relative error over [-8, 8]', sci(worstAdaptive), '≤ 1e-8', worstAdaptive <= 1e-8);
  target('points where the actual error exceeded the reported error estimate', `${estimateViolations} of ${total}`, '0', estimateViolations === 0);

  console.log('\nRight gradients over [-20, 20] with a strict tolerance (rtol 1e-9, atol 0): no false failure, unresolved counted');
  let falseFailures = 0;
  for (const [name, f] of fns) {
    const grads: Record<string, (x: number) => number> = {
      sigmoid: (x) => sigmoid(x) * sigmoid(-x), tanh: (x) => 1 / Math.cosh(x) ** 2,
      softplus: (x) => sigmoid(x), silu: (x) => sigmoid(x) * (1 + x * sigmoid(-x)),
    };
    const r = gradcheck(f, grads[name]!, { range: [-20, 20], samples: 2000, rtol: 1e-9, atol: 0 });
    if (r.verdict === 'mismatch') falseFailures++;
    console.log(`  ${name.padEnd(9)} verdict ${r.verdict}, checked ${r.checked}, unresolved ${r.unresolved}, skipped ${r.skipped}, max rel. error ${sci(r.maxRelError)}`);
  }
  target('false failures of right gradients over [-20, 20]', String(falseFailures), '0', falseFailures === 0);
}

function checkSpeed(): void {
  console.log('\nA gradient check of a scalar activation at 10,000 points');
  const grad = (x: number) => sigmoid(x) * (1 - sigmoid(x));
  const xs = Array.from({ length: 10_000 }, (_, i) => -8 + (16 * i) / 9999);
  let sink = 0;
  const t = compareMs({
    gradcheck: () => { const r = gradcheck(sigmoid, grad, { samples: 10_000 }); sink += r.checked; },
    plainCentral: () => { for (const x of xs) { const d = (sigmoid(x + 1e-6) - sigmoid(x - 1e-6)) / 2e-6; sink += Math.abs(d - grad(x)) <= 1e-5 + 1e-3 * Math.abs(d) ? 1 : 0; } },
  }, 31, 10);
  console.log(`  gradcheck ${t.gradcheck!.toFixed(2)} ms, plain central differences ${t.plainCentral!.toFixed(2)} ms (ratio ${(t.gradcheck! / t.plainCentral!).toFixed(2)}×)${sink ? '' : ''}`);
  target('gradcheck of sigmoid at 10,000 points', `${t.gradcheck!.toFixed(2)} ms`, '≤ 2 ms', t.gradcheck! <= 2);
}

export function runCoreBenchmarks(): void {
  console.log('== core engine ==');
  evaluationSpeed();
  adAccuracy();
  fdAccuracy();
  checkSpeed();
}
