/**
 * Test cases for every catalog entry, keyed by entry id: how people write it (recognition), and a
 * derivative check in the user's own variable names with right and wrong claims. Each claim carries
 * a plain-JS twin written from the math, so a reported worst point can be re-evaluated by hand.
 * catalog.test.ts fails when an entry of CATALOG has no case here.
 */
import type { Role } from '../../../src/core/index.js';
import { Phi, dsigmoid, phi, sech, sigmoid, softplus, type Scope } from './ref.js';

export interface Form {
  text: string;
  /** The expression's variable expected as the entry's input (default: not checked). */
  input?: string;
  /** expr(v) = entry(scale·v + shift), when the form is an affine change of the input. */
  scale?: number;
  shift?: number;
}

export interface Claim {
  text: string;
  js: (s: Scope) => number;
  /** What is wrong with it, for wrong claims. */
  what?: string;
}

export interface EntryCase {
  forms: ReadonlyArray<string | Form>;
  check: {
    f: string;
    wrt: string;
    right: readonly Claim[];
    wrong: readonly Claim[];
    domains?: Readonly<Record<string, Role>>;
    extraValues?: readonly number[];
  };
}

const S = 1.0507009873554805;
const A = 1.6732632423543772;
const K = Math.sqrt(2 / Math.PI);
const C = 0.044715;

const step = (c: boolean) => (c ? 1 : 0);

// Softmax over three logits named a1..a3 / a_1..a_3.
const sm1 = (a: number, b: number, c: number) => { const m = Math.max(a, b, c); const ea = Math.exp(a - m), eb = Math.exp(b - m), ec = Math.exp(c - m); return ea / (ea + eb + ec); };
const dsm1 = (a: number, b: number, c: number) => { const m = Math.max(a, b, c); const ea = Math.exp(a - m), eb = Math.exp(b - m), ec = Math.exp(c - m); const t = ea + eb + ec; return (ea * (eb + ec)) / (t * t); };

const geluTanhDerivative = (v: number, chain = true) => {
  const u = K * (v + C * v ** 3);
  return 0.5 * (1 + Math.tanh(u)) + 0.5 * v * sech(u) ** 2 * K * (chain ? 1 + 3 * C * v * v : 1);
};
const GELU_TANH_U = `0.7978845608028654 * (v + 0.044715 * v^3)`;
const SM_A = 'exp(a1)/(exp(a1)+exp(a2)+exp(a3))';
const D_X1 = '(1+exp(x_2-x_1)+exp(x_3-x_1))';
const SM_CCE = 'exp(a_1)/(exp(a_1)+exp(a_2)+exp(a_3))';

export const CASES: Readonly<Record<string, EntryCase>> = {
  sigmoid: {
    forms: [{ text: '1/(1+exp(-z))', input: 'z', scale: 1, shift: 0 }, { text: 'exp(t)/(1+exp(t))', input: 't' }, { text: '(1+tanh(u/2))/2', input: 'u' }, 'sigmoid(a)', { text: '1/(1+exp(-2*x))', scale: 2, shift: 0 }, { text: '0.5 + 0.5*tanh(0.5*w)', input: 'w' }],
    check: {
      f: '1/(1+exp(-z))', wrt: 'z',
      right: [
        { text: 'exp(-z)/(1+exp(-z))^2', js: (s) => dsigmoid(s.z!) },
        { text: 'sigmoid(z)*(1-sigmoid(z))', js: (s) => dsigmoid(s.z!) },
      ],
      wrong: [
        { text: 'sigmoid(z)', js: (s) => sigmoid(s.z!), what: 'σ instead of σ′' },
        { text: '-exp(-z)/(1+exp(-z))^2', js: (s) => -dsigmoid(s.z!), what: 'sign flipped' },
        { text: '2*sigmoid(z)*(1-sigmoid(z))', js: (s) => 2 * dsigmoid(s.z!), what: 'factor 2' },
        { text: 'sigmoid(z)*(1+sigmoid(z))', js: (s) => sigmoid(s.z!) * (1 + sigmoid(s.z!)), what: '1 + σ instead of 1 − σ' },
      ],
    },
  },
  tanh: {
    forms: [{ text: 'tanh(x)', input: 'x' }, { text: '(exp(a)-exp(-a))/(exp(a)+exp(-a))', input: 'a' }, { text: '2*sigmoid(2*u)-1', input: 'u', scale: 1 }, '(1-exp(-2*s))/(1+exp(-2*s))', 'sinh(q)/cosh(q)'],
    check: {
      f: '(exp(a)-exp(-a))/(exp(a)+exp(-a))', wrt: 'a',
      right: [
        { text: '4/(exp(a)+exp(-a))^2', js: (s) => sech(s.a!) ** 2 },
        { text: '1 - tanh(a)^2', js: (s) => sech(s.a!) ** 2 },
      ],
      wrong: [
        { text: '1 + tanh(a)^2', js: (s) => 1 + Math.tanh(s.a!) ** 2, what: 'sign flipped inside' },
        { text: '1 - tanh(a)', js: (s) => 1 - Math.tanh(s.a!), what: 'square missing' },
        { text: '2/(exp(a)+exp(-a))^2', js: (s) => sech(s.a!) ** 2 / 2, what: 'factor 2' },
      ],
    },
  },
  relu: {
    forms: [{ text: 'max(x,0)', input: 'x' }, { text: 'max(0,v)', input: 'v' }, { text: '(h+abs(h))/2', input: 'h' }, 'x>0?x:0', 'relu(r)'],
    check: {
      f: 'max(0, v)', wrt: 'v', extraValues: [0],
      right: [
        { text: 'v > 0 ? 1 : 0', js: (s) => step(s.v! > 0) },
        { text: 'heaviside(v)', js: (s) => (s.v! > 0 ? 1 : s.v! < 0 ? 0 : 0.5) },
      ],
      wrong: [
        { text: 'v > 0 ? 0 : 1', js: (s) => step(!(s.v! > 0)), what: 'branches swapped' },
        { text: 'v > 0 ? 2 : 0', js: (s) => 2 * step(s.v! > 0), what: 'factor 2' },
        { text: 'v > 0 ? -1 : 0', js: (s) => -step(s.v! > 0), what: 'sign flipped' },
      ],
    },
  },
  leaky_relu: {
    forms: [{ text: 'max(x, 0.01*x)', input: 'x' }, 'x>0?x:0.01*x', { text: 'max(0.01*u,u)', input: 'u' }, 'relu(h) - 0.01*relu(-h)'],
    check: {
      f: 'max(x, 0.01*x)', wrt: 'x',
      right: [{ text: 'x > 0 ? 1 : 0.01', js: (s) => (s.x! > 0 ? 1 : 0.01) }],
      wrong: [
        { text: 'x > 0 ? 1 : 0', js: (s) => step(s.x! > 0), what: "ReLU's derivative" },
        { text: 'x > 0 ? 1 : -0.01', js: (s) => (s.x! > 0 ? 1 : -0.01), what: 'sign of the leak' },
        { text: 'x > 0 ? 0.01 : 1', js: (s) => (s.x! > 0 ? 0.01 : 1), what: 'branches swapped' },
      ],
    },
  },
  elu: {
    forms: [{ text: 'x>0?x:exp(x)-1', input: 'x' }, 'max(x,0)+min(0,exp(x)-1)', { text: 'v>0?v:expm1(v)', input: 'v' }],
    check: {
      f: 'v > 0 ? v : expm1(v)', wrt: 'v',
      right: [
        { text: 'v > 0 ? 1 : exp(v)', js: (s) => (s.v! > 0 ? 1 : Math.exp(s.v!)) },
        { text: 'v > 0 ? 1 : expm1(v) + 1', js: (s) => (s.v! > 0 ? 1 : Math.exp(s.v!)) },
      ],
      wrong: [
        { text: 'v > 0 ? 1 : expm1(v)', js: (s) => (s.v! > 0 ? 1 : Math.expm1(s.v!)), what: 'f instead of f′ on the left' },
        { text: 'v > 0 ? 1 : -exp(v)', js: (s) => (s.v! > 0 ? 1 : -Math.exp(s.v!)), what: 'sign flipped' },
        { text: 'v > 0 ? 0 : exp(v)', js: (s) => (s.v! > 0 ? 0 : Math.exp(s.v!)), what: 'right branch 0' },
      ],
    },
  },
  selu: {
    forms: [
      { text: `${S} * (x > 0 ? x : ${A} * (exp(x) - 1))`, input: 'x' },
      `x>0 ? ${S}*x : ${S}*${A}*expm1(x)`,
      { text: `${S}*max(u,0) + ${S}*${A}*min(0, exp(u)-1)`, input: 'u' },
    ],
    check: {
      f: `${S}*max(x,0) + ${S}*${A}*min(0, exp(x)-1)`, wrt: 'x',
      right: [{ text: `x > 0 ? ${S} : ${S}*${A}*exp(x)`, js: (s) => (s.x! > 0 ? S : S * A * Math.exp(s.x!)) }],
      wrong: [
        { text: `x > 0 ? 1 : ${A}*exp(x)`, js: (s) => (s.x! > 0 ? 1 : A * Math.exp(s.x!)), what: 'scale λ missing' },
        { text: `x > 0 ? ${S} : ${S}*exp(x)`, js: (s) => (s.x! > 0 ? S : S * Math.exp(s.x!)), what: 'α missing' },
      ],
    },
  },
  softplus: {
    forms: [{ text: 'log(1+exp(x))', input: 'x' }, { text: 'log(exp(a)+1)', input: 'a' }, 'log1p(exp(h))', 'softplus(r)', 'max(q,0) + log(1 + exp(-abs(q)))'],
    check: {
      f: 'log(exp(a)+1)', wrt: 'a',
      right: [
        { text: 'exp(a)/(exp(a)+1)', js: (s) => sigmoid(s.a!) },
        { text: 'sigmoid(a)', js: (s) => sigmoid(s.a!) },
      ],
      wrong: [
        { text: '1/(exp(a)+1)', js: (s) => sigmoid(-s.a!), what: 'σ(−a) instead of σ(a)' },
        { text: 'exp(a)', js: (s) => Math.exp(s.a!), what: 'chain rule: 1/(1+e^a) factor missing' },
        { text: 'sigmoid(a)*(1-sigmoid(a))', js: (s) => dsigmoid(s.a!), what: 'σ′ instead of σ' },
      ],
    },
  },
  softsign: {
    forms: [{ text: 'x/(1+abs(x))', input: 'x' }, 's/(abs(s)+1)', { text: 'u >= 0 ? u/(1+u) : u/(1-u)', input: 'u' }],
    check: {
      f: 'u/(1+abs(u))', wrt: 'u',
      right: [{ text: '1/(1+abs(u))^2', js: (s) => 1 / (1 + Math.abs(s.u!)) ** 2 }],
      wrong: [
        { text: '1/(1+abs(u))', js: (s) => 1 / (1 + Math.abs(s.u!)), what: 'square missing' },
        { text: '-1/(1+abs(u))^2', js: (s) => -1 / (1 + Math.abs(s.u!)) ** 2, what: 'sign flipped' },
        { text: '(1+2*abs(u))/(1+abs(u))^2', js: (s) => (1 + 2 * Math.abs(s.u!)) / (1 + Math.abs(s.u!)) ** 2, what: 'quotient rule with + instead of −' },
      ],
    },
  },
  silu: {
    forms: [{ text: 'x*sigmoid(x)', input: 'x' }, 'x/(1+exp(-x))', { text: 'h*exp(h)/(1+exp(h))', input: 'h' }],
    check: {
      f: 'x*sigmoid(x)', wrt: 'x',
      right: [
        { text: 'sigmoid(x) + x*sigmoid(x)*(1-sigmoid(x))', js: (s) => sigmoid(s.x!) + s.x! * dsigmoid(s.x!) },
        { text: 'sigmoid(x)*(1 + x*(1-sigmoid(x)))', js: (s) => sigmoid(s.x!) + s.x! * dsigmoid(s.x!) },
      ],
      wrong: [
        { text: 'sigmoid(x)', js: (s) => sigmoid(s.x!), what: 'product rule: x·σ′ term missing' },
        { text: 'x*sigmoid(x)*(1-sigmoid(x))', js: (s) => s.x! * dsigmoid(s.x!), what: 'product rule: σ term missing' },
        { text: 'sigmoid(x) - x*sigmoid(x)*(1-sigmoid(x))', js: (s) => sigmoid(s.x!) - s.x! * dsigmoid(s.x!), what: 'sign of the second term' },
      ],
    },
  },
  gelu: {
    forms: [{ text: '0.5*x*(1+erf(x/sqrt(2)))', input: 'x' }, 'x/2*erfc(-x/sqrt(2))', { text: 'u*(1+erf(u/sqrt(2)))/2', input: 'u' }],
    check: {
      f: 'u*(1+erf(u/sqrt(2)))/2', wrt: 'u',
      right: [{ text: '(1+erf(u/sqrt(2)))/2 + u*exp(-u^2/2)/sqrt(2*pi)', js: (s) => Phi(s.u!) + s.u! * phi(s.u!) }],
      wrong: [
        { text: '(1+erf(u/sqrt(2)))/2', js: (s) => Phi(s.u!), what: 'product rule: u·φ(u) term missing' },
        { text: '(1+erf(u/sqrt(2)))/2 + u*exp(-u^2/2)/sqrt(pi)', js: (s) => Phi(s.u!) + s.u! * phi(s.u!) * Math.SQRT2, what: 'density normalised by √π instead of √(2π)' },
        { text: '(1+erf(u/sqrt(2)))/2 + u*exp(-u^2)/sqrt(2*pi)', js: (s) => Phi(s.u!) + s.u! * Math.exp(-(s.u! ** 2)) / Math.sqrt(2 * Math.PI), what: 'exponent −u² instead of −u²/2' },
        { text: `0.5*(1+tanh(0.7978845608028654*(u+0.044715*u^3))) + 0.5*u*sech(0.7978845608028654*(u+0.044715*u^3))^2*0.7978845608028654*(1+3*0.044715*u^2)`, js: (s) => geluTanhDerivative(s.u!), what: "the tanh approximation's derivative" },
      ],
    },
  },
  gelu_tanh: {
    forms: [{ text: '0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))', input: 'x' }, 'x*sigmoid(2*sqrt(2/pi)*(x+0.044715*x^3))', { text: `v/2*(1+tanh(${GELU_TANH_U}))`, input: 'v' }],
    check: {
      f: `v/2*(1+tanh(${GELU_TANH_U}))`, wrt: 'v',
      right: [{ text: `0.5*(1+tanh(${GELU_TANH_U})) + 0.5*v*sech(${GELU_TANH_U})^2*0.7978845608028654*(1+0.134145*v^2)`, js: (s) => geluTanhDerivative(s.v!) }],
      wrong: [
        { text: `0.5*(1+tanh(${GELU_TANH_U})) + 0.5*v*sech(${GELU_TANH_U})^2*0.7978845608028654`, js: (s) => geluTanhDerivative(s.v!, false), what: 'chain factor (1 + 3·0.044715·v²) missing' },
        { text: '(1+erf(v/sqrt(2)))/2 + v*exp(-v^2/2)/sqrt(2*pi)', js: (s) => Phi(s.v!) + s.v! * phi(s.v!), what: "the exact (erf) GELU's derivative" },
      ],
    },
  },
  mish: {
    forms: [{ text: 'x*tanh(log(1+exp(x)))', input: 'x' }, { text: 'a*tanh(softplus(a))', input: 'a' }, 'w*((1+exp(w))^2-1)/((1+exp(w))^2+1)'],
    check: {
      f: 'a*tanh(softplus(a))', wrt: 'a',
      right: [{ text: 'tanh(softplus(a)) + a*sech(softplus(a))^2*sigmoid(a)', js: (s) => Math.tanh(softplus(s.a!)) + s.a! * sech(softplus(s.a!)) ** 2 * sigmoid(s.a!) }],
      wrong: [
        { text: 'tanh(softplus(a)) + a*sech(softplus(a))^2', js: (s) => Math.tanh(softplus(s.a!)) + s.a! * sech(softplus(s.a!)) ** 2, what: 'chain factor σ(a) missing' },
        { text: 'tanh(softplus(a)) - a*sech(softplus(a))^2*sigmoid(a)', js: (s) => Math.tanh(softplus(s.a!)) - s.a! * sech(softplus(s.a!)) ** 2 * sigmoid(s.a!), what: 'sign of the second term' },
      ],
    },
  },
  hard_sigmoid: {
    forms: [{ text: 'max(0, min(1, (x + 3) / 6))', input: 'x', scale: 1, shift: 0 }, 'min(max(0,(u+3)/6),1)', { text: 'max(0, min(1, 0.2*x + 0.5))', input: 'x', scale: 1.2, shift: 0 }, 'relu(q+3)/6 - relu(q-3)/6'],
    check: {
      f: 'max(0, min(1, 0.2*x + 0.5))', wrt: 'x',
      right: [{ text: 'abs(x) < 2.5 ? 0.2 : 0', js: (s) => (Math.abs(s.x!) < 2.5 ? 0.2 : 0) }],
      wrong: [
        { text: 'abs(x) < 3 ? 1/6 : 0', js: (s) => (Math.abs(s.x!) < 3 ? 1 / 6 : 0), what: "the (x+3)/6 variant's derivative" },
        { text: 'abs(x) < 2.5 ? 1 : 0', js: (s) => (Math.abs(s.x!) < 2.5 ? 1 : 0), what: 'slope 0.2 missing' },
      ],
    },
  },
  hard_tanh: {
    forms: [{ text: 'max(-1,min(1,x))', input: 'x' }, { text: 'min(1,max(-1,v))', input: 'v' }, 'x > 1 ? 1 : (x < -1 ? -1 : x)'],
    check: {
      f: 'min(1, max(-1, v))', wrt: 'v',
      right: [{ text: 'abs(v) < 1 ? 1 : 0', js: (s) => step(Math.abs(s.v!) < 1) }],
      wrong: [
        { text: 'abs(v) < 1 ? 0 : 1', js: (s) => step(!(Math.abs(s.v!) < 1)), what: 'branches swapped' },
        { text: 'abs(v) < 1 ? v : 0', js: (s) => (Math.abs(s.v!) < 1 ? s.v! : 0), what: 'f instead of f′ inside' },
        { text: 'abs(v) < 1 ? 2 : 0', js: (s) => 2 * step(Math.abs(s.v!) < 1), what: 'factor 2' },
      ],
    },
  },
  softmax: {
    forms: [{ text: 'exp(z_1) / (exp(z_1) + exp(z_2) + exp(z_3))', input: 'z_1' }, { text: SM_A, input: 'a1' }, { text: '1/(1+exp(z_2-z_1)+exp(z_3-z_1))', input: 'z_1' }],
    check: {
      f: SM_A, wrt: 'a1',
      right: [
        { text: 'exp(a1)*(exp(a2)+exp(a3))/(exp(a1)+exp(a2)+exp(a3))^2', js: (s) => dsm1(s.a1!, s.a2!, s.a3!) },
        { text: `${SM_A} * (1 - ${SM_A})`, js: (s) => dsm1(s.a1!, s.a2!, s.a3!) },
      ],
      wrong: [
        { text: SM_A, js: (s) => sm1(s.a1!, s.a2!, s.a3!), what: 's₁ instead of s₁(1 − s₁)' },
        { text: `-(${SM_A})^2`, js: (s) => -(sm1(s.a1!, s.a2!, s.a3!) ** 2), what: 'off-diagonal formula −s₁s₁ on the diagonal' },
        { text: `${SM_A} * (1 + ${SM_A})`, js: (s) => sm1(s.a1!, s.a2!, s.a3!) * (1 + sm1(s.a1!, s.a2!, s.a3!)), what: '1 + s₁' },
      ],
    },
  },
  log_softmax: {
    forms: [{ text: 'z_1 - log(exp(z_1) + exp(z_2) + exp(z_3))', input: 'z_1' }, { text: '-log(1+exp(x_2-x_1)+exp(x_3-x_1))', input: 'x_1' }, { text: `log(${SM_A})`, input: 'a1' }],
    check: {
      f: `-log${D_X1}`, wrt: 'x_1',
      right: [{ text: `1 - 1/${D_X1}`, js: (s) => 1 - sm1(s.x_1!, s.x_2!, s.x_3!) }],
      wrong: [
        { text: `-1/${D_X1}`, js: (s) => -sm1(s.x_1!, s.x_2!, s.x_3!), what: 'the 1 from ∂z₁/∂z₁ missing' },
        { text: `1/${D_X1}`, js: (s) => sm1(s.x_1!, s.x_2!, s.x_3!), what: 's₁ instead of 1 − s₁' },
        { text: `1 + 1/${D_X1}`, js: (s) => 1 + sm1(s.x_1!, s.x_2!, s.x_3!), what: 'sign of s₁' },
      ],
    },
  },
  squared_error: {
    forms: [{ text: '(y - f)^2', input: 'f' }, { text: '(f-y)*(f-y)', input: 'f' }, { text: '(o - t)^2', input: 'o' }, 'f^2 - 2*f*y + y^2', '(yhat - y)^2'],
    check: {
      f: '(y - f)^2', wrt: 'f',
      right: [
        { text: '2*(f - y)', js: (s) => 2 * (s.f! - s.y!) },
        { text: '-2*(y - f)', js: (s) => 2 * (s.f! - s.y!) },
      ],
      wrong: [
        { text: '2*(y - f)', js: (s) => 2 * (s.y! - s.f!), what: 'sign flipped (inner derivative −1 dropped)' },
        { text: 'f - y', js: (s) => s.f! - s.y!, what: 'factor 2 missing' },
      ],
    },
  },
  half_squared_error: {
    forms: [{ text: '0.5*(y-f)^2', input: 'f' }, { text: '(f-y)^2/2', input: 'f' }, { text: '(yhat-y)*(yhat-y)/2', input: 'yhat' }],
    check: {
      f: '(f-y)^2/2', wrt: 'f',
      right: [{ text: 'f - y', js: (s) => s.f! - s.y! }],
      wrong: [
        { text: '2*(f - y)', js: (s) => 2 * (s.f! - s.y!), what: 'factor 2 (the ½ forgotten)' },
        { text: 'y - f', js: (s) => s.y! - s.f!, what: 'sign flipped' },
      ],
    },
  },
  absolute_error: {
    forms: [{ text: 'abs(yhat-y)', input: 'yhat' }, 'abs(t-o)', { text: 'max(f-y,y-f)', input: 'f' }, 'sqrt((g-y)^2)'],
    check: {
      f: 'max(f-y, y-f)', wrt: 'f',
      right: [
        { text: 'sign(f - y)', js: (s) => Math.sign(s.f! - s.y!) },
        { text: 'f > y ? 1 : -1', js: (s) => (s.f! > s.y! ? 1 : -1) },
      ],
      wrong: [
        { text: 'sign(y - f)', js: (s) => Math.sign(s.y! - s.f!), what: 'sign flipped' },
        { text: 'f - y', js: (s) => s.f! - s.y!, what: "squared error's derivative" },
        { text: 'f > y ? 1 : 0', js: (s) => step(s.f! > s.y!), what: 'ReLU-like: −1 branch missing' },
      ],
    },
  },
  huber: {
    forms: [{ text: 'abs(yhat - y) <= 1 ? 0.5 * (yhat - y)^2 : abs(yhat - y) - 0.5', input: 'yhat' }, { text: 'abs(a-t)<1 ? (a-t)^2/2 : abs(a-t)-1/2', input: 'a' }, { text: '0.5*min(abs(r-y),1)^2 + abs(r-y) - min(abs(r-y),1)', input: 'r' }],
    check: {
      f: 'abs(a-t)<1 ? (a-t)^2/2 : abs(a-t)-1/2', wrt: 'a',
      right: [
        { text: 'abs(a-t) <= 1 ? a - t : sign(a - t)', js: (s) => Math.max(-1, Math.min(1, s.a! - s.t!)) },
        { text: 'max(-1, min(1, a - t))', js: (s) => Math.max(-1, Math.min(1, s.a! - s.t!)) },
      ],
      wrong: [
        { text: 'abs(a-t) <= 1 ? a - t : 1', js: (s) => (Math.abs(s.a! - s.t!) <= 1 ? s.a! - s.t! : 1), what: 'sign(a − t) replaced by 1' },
        { text: 'max(-1, min(1, t - a))', js: (s) => Math.max(-1, Math.min(1, s.t! - s.a!)), what: 'sign flipped' },
        { text: 'abs(a-t) <= 1 ? 2*(a - t) : sign(a - t)', js: (s) => (Math.abs(s.a! - s.t!) <= 1 ? 2 * (s.a! - s.t!) : Math.sign(s.a! - s.t!)), what: 'factor 2 in the quadratic part' },
      ],
    },
  },
  binary_cross_entropy: {
    forms: [{ text: '-(t*log(a)+(1-t)*log(1-a))', input: 'a' }, { text: '-y*log(p)-(1-y)*log(1-p)', input: 'p' }, { text: '-(y*log(o)+(1-y)*log(1-o))', input: 'o' }],
    check: {
      f: '-(t*log(o)+(1-t)*log(1-o))', wrt: 'o',
      right: [
        { text: '(o - t)/(o*(1-o))', js: (s) => (s.o! - s.t!) / (s.o! * (1 - s.o!)) },
        { text: '-t/o + (1-t)/(1-o)', js: (s) => (s.o! - s.t!) / (s.o! * (1 - s.o!)) },
      ],
      wrong: [
        { text: '-(1-t)/o + t/(1-o)', js: (s) => -(1 - s.t!) / s.o! + s.t! / (1 - s.o!), what: 'y and 1 − y swapped' },
        { text: '(t - o)/(o*(1-o))', js: (s) => (s.t! - s.o!) / (s.o! * (1 - s.o!)), what: 'sign flipped' },
        { text: 'o - t', js: (s) => s.o! - s.t!, what: 'the logit-space gradient (1/(p(1−p)) missing)' },
      ],
    },
  },
  binary_cross_entropy_logits: {
    forms: [{ text: '-(y*log(sigmoid(z))+(1-y)*log(1-sigmoid(z)))', input: 'z' }, { text: 'log(1+exp(z))-y*z', input: 'z' }, 'max(z,0)-y*z+log(1+exp(-abs(z)))', { text: '-(t*log(1/(1+exp(-u))) + (1-t)*log(1-1/(1+exp(-u))))', input: 'u' }],
    check: {
      f: '-(y*log(sigmoid(z))+(1-y)*log(1-sigmoid(z)))', wrt: 'z',
      right: [
        { text: 'sigmoid(z) - y', js: (s) => sigmoid(s.z!) - s.y! },
        { text: '-(y*(1-sigmoid(z)) - (1-y)*sigmoid(z))', js: (s) => sigmoid(s.z!) - s.y! },
      ],
      wrong: [
        { text: 'y - sigmoid(z)', js: (s) => s.y! - sigmoid(s.z!), what: 'sign flipped' },
        { text: 'sigmoid(z) - (1 - y)', js: (s) => sigmoid(s.z!) - (1 - s.y!), what: 'y and 1 − y swapped' },
        { text: 'sigmoid(z)*(1-sigmoid(z)) - y', js: (s) => dsigmoid(s.z!) - s.y!, what: 'σ′ instead of σ' },
      ],
    },
  },
  categorical_cross_entropy: {
    forms: [
      { text: '-(y_1 * log(exp(z_1) / (exp(z_1) + exp(z_2) + exp(z_3))) + y_2 * log(exp(z_2) / (exp(z_1) + exp(z_2) + exp(z_3))) + y_3 * log(exp(z_3) / (exp(z_1) + exp(z_2) + exp(z_3))))', input: 'z_1' },
      { text: '(t_1+t_2+t_3)*log(exp(a_1)+exp(a_2)+exp(a_3)) - (t_1*a_1 + t_2*a_2 + t_3*a_3)', input: 'a_1' },
    ],
    check: {
      f: `-(t_1*log(${SM_CCE}) + t_2*log(exp(a_2)/(exp(a_1)+exp(a_2)+exp(a_3))) + t_3*log(exp(a_3)/(exp(a_1)+exp(a_2)+exp(a_3))))`, wrt: 'a_1',
      right: [{ text: `${SM_CCE}*(t_1+t_2+t_3) - t_1`, js: (s) => sm1(s.a_1!, s.a_2!, s.a_3!) * (s.t_1! + s.t_2! + s.t_3!) - s.t_1! }],
      wrong: [
        { text: `t_1 - ${SM_CCE}*(t_1+t_2+t_3)`, js: (s) => s.t_1! - sm1(s.a_1!, s.a_2!, s.a_3!) * (s.t_1! + s.t_2! + s.t_3!), what: 'sign flipped' },
        { text: `${SM_CCE}*(t_1+t_2+t_3) - t_2`, js: (s) => sm1(s.a_1!, s.a_2!, s.a_3!) * (s.t_1! + s.t_2! + s.t_3!) - s.t_2!, what: 'wrong label index' },
      ],
    },
  },
  negative_log_likelihood: {
    forms: [{ text: '-log(p)', input: 'p' }, { text: '-log(q)', input: 'q' }, { text: 'log(1/p)', input: 'p' }, 'log(1/o)'],
    check: {
      f: '-log(q)', wrt: 'q',
      right: [{ text: '-1/q', js: (s) => -1 / s.q! }],
      wrong: [
        { text: '1/q', js: (s) => 1 / s.q!, what: 'sign flipped' },
        { text: '-1/(1-q)', js: (s) => -1 / (1 - s.q!), what: 'q and 1 − q confused' },
        { text: '-1/q^2', js: (s) => -1 / s.q! ** 2, what: 'power rule applied to 1/q' },
      ],
    },
  },
  hinge: {
    forms: [{ text: 'max(0,1-y*z)', input: 'z' }, { text: 'max(0, 1 - t*s)', input: 's' }, 'relu(1 - y*f)', 'y*g < 1 ? 1 - y*g : 0'],
    check: {
      f: 'max(0, 1 - y*z)', wrt: 'z', domains: { y: 'signLabel' },
      right: [{ text: 'y*z < 1 ? -y : 0', js: (s) => (s.y! * s.z! < 1 ? -s.y! : 0) }],
      wrong: [
        { text: 'y*z < 1 ? y : 0', js: (s) => (s.y! * s.z! < 1 ? s.y! : 0), what: 'sign flipped' },
        { text: 'y*z < 1 ? -1 : 0', js: (s) => (s.y! * s.z! < 1 ? -1 : 0), what: 'chain factor y missing' },
        { text: 'y*z > 1 ? -y : 0', js: (s) => (s.y! * s.z! > 1 ? -s.y! : 0), what: 'margin condition reversed' },
      ],
    },
  },
  multiclass_hinge: {
    forms: [{ text: 'max(0, 1 + s_2 - s_1) + max(0, 1 + s_3 - s_1)', input: 's_1' }, { text: 'max(0,1+x_2-x_1)+max(0,1+x_3-x_1)', input: 'x_1' }, 'relu(1 + v_2 - v_1) + relu(1 + v_3 - v_1)'],
    check: {
      f: 'max(0,1+x_2-x_1)+max(0,1+x_3-x_1)', wrt: 'x_1',
      right: [{ text: '-((1+x_2-x_1 > 0 ? 1 : 0) + (1+x_3-x_1 > 0 ? 1 : 0))', js: (s) => -(step(1 + s.x_2! - s.x_1! > 0) + step(1 + s.x_3! - s.x_1! > 0)) }],
      wrong: [
        { text: '(1+x_2-x_1 > 0 ? 1 : 0) + (1+x_3-x_1 > 0 ? 1 : 0)', js: (s) => step(1 + s.x_2! - s.x_1! > 0) + step(1 + s.x_3! - s.x_1! > 0), what: 'sign flipped' },
        { text: '-(1+x_2-x_1 > 0 ? 1 : 0)', js: (s) => -step(1 + s.x_2! - s.x_1! > 0), what: 'second margin term missing' },
      ],
    },
  },
  logistic_loss: {
    forms: [{ text: 'log(1+exp(-y*z))', input: 'z' }, { text: 'log(1+exp(-t*f))', input: 'f' }, 'softplus(-y*z)', { text: '-log(sigmoid(y*g))', input: 'g' }],
    check: {
      f: 'log(1+exp(-y*z))', wrt: 'z', domains: { y: 'signLabel' },
      right: [
        { text: '-y*sigmoid(-y*z)', js: (s) => -s.y! * sigmoid(-s.y! * s.z!) },
        { text: '-y/(1+exp(y*z))', js: (s) => -s.y! * sigmoid(-s.y! * s.z!) },
      ],
      wrong: [
        { text: 'y*sigmoid(-y*z)', js: (s) => s.y! * sigmoid(-s.y! * s.z!), what: 'sign flipped' },
        { text: '-y*sigmoid(y*z)', js: (s) => -s.y! * sigmoid(s.y! * s.z!), what: 'σ(yz) instead of σ(−yz)' },
        { text: '-sigmoid(-y*z)', js: (s) => -sigmoid(-s.y! * s.z!), what: 'chain factor y missing' },
      ],
    },
  },
  kl_divergence: {
    forms: [
      { text: 'p_1 * log(p_1 / q_1) + p_2 * log(p_2 / q_2) + p_3 * log(p_3 / q_3)', input: 'q_1' },
      { text: 'p_1*(log(p_1)-log(q_1)) + p_2*(log(p_2)-log(q_2)) + p_3*(log(p_3)-log(q_3))', input: 'q_1' },
      { text: '-(p_1*log(q_1/p_1) + p_2*log(q_2/p_2) + p_3*log(q_3/p_3))', input: 'q_1' },
    ],
    check: {
      f: 'p_1*(log(p_1)-log(q_1)) + p_2*(log(p_2)-log(q_2)) + p_3*(log(p_3)-log(q_3))', wrt: 'q_1',
      right: [{ text: '-p_1/q_1', js: (s) => -s.p_1! / s.q_1! }],
      wrong: [
        { text: 'p_1/q_1', js: (s) => s.p_1! / s.q_1!, what: 'sign flipped' },
        { text: '-q_1/p_1', js: (s) => -s.q_1! / s.p_1!, what: 'p and q swapped' },
        { text: '-1/q_1', js: (s) => -1 / s.q_1!, what: 'factor p₁ missing' },
      ],
    },
  },
};
