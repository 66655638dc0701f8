/**
 * Forward-mode automatic differentiation compiled from the tree: the exact reference for
 * expressions GradLens owns. Each node becomes a value and a tangent in straight-line JS, so the
 * derivative is as accurate as evaluating the formula itself — a few ulps even deep in saturation,
 * where finite differences see only rounding noise.
 *
 * The rules are chosen to stay accurate where naive ones cancel: tanh' = sech², not 1 - tanh²;
 * σ' = σ(u)σ(-u), not σ(1 - σ). Kinks (abs, max, relu, piecewise) take the derivative of the
 * branch the point falls in; the checker probes both sides to recognise a kink.
 */
import type * as math from 'mathjs';
import { ExpressionError, guardSize, validate, type MathNode } from '../expr/tree.js';
import { CALLEES, emitValue, generatedFunction, foldConstants, numberLiteral, type ScalarFn, type VectorFn } from '../expr/compile.js';
import { CONSTANTS, isConstantName } from '../expr/vocabulary.js';
import { spend } from '../budget.js';

interface Dual {
  v: string; // JS expression (a temp name or literal) of the value
  d: string; // JS expression of the tangent; '0' when known to vanish
}

const ZERO = '0';
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

class Emitter {
  private readonly lines: string[] = [];
  private next = 0;
  constructor(private readonly index: ReadonlyMap<string, number>, private readonly wrt: number) {}

  private temp(expr: string): string {
    const name = `t${this.next++}`;
    this.lines.push(`const ${name} = ${expr};`);
    return name;
  }

  private mulD(d: string, factor: string): string {
    return d === ZERO ? ZERO : this.temp(`${d} * ${factor}`);
  }

  body(root: MathNode): string {
    const r = this.visit(root);
    return `${this.lines.join('\n')}\nreturn ${r.d};`;
  }

  bodyBoth(root: MathNode): string {
    const r = this.visit(root);
    return `${this.lines.join('\n')}\nout[0] = ${r.v}; out[1] = ${r.d}; return out;`;
  }

  visit(n: MathNode): Dual {
    spend();
    switch (n.type) {
      case 'ConstantNode':
        return { v: numberLiteral((n as math.ConstantNode).value as number), d: ZERO };
      case 'SymbolNode': {
        const name = (n as math.SymbolNode).name;
        const i = this.index.get(name);
        if (i !== undefined) return { v: `a${i}`, d: i === this.wrt ? '1' : ZERO };
        if (isConstantName(name)) return { v: numberLiteral(CONSTANTS[name]!), d: ZERO };
        throw new ExpressionError(`no value for variable "${name}"`);
      }
      case 'ParenthesisNode':
        return this.visit((n as math.ParenthesisNode).content);
      case 'ConditionalNode': {
        const c = n as math.ConditionalNode;
        // Conditions only need values; comparisons are piecewise constant.
        const cond = this.temp(`!!(${emitValue(c.condition, this.index)})`);
        const t = this.visit(c.trueExpr);
        const f = this.visit(c.falseExpr);
        const v = this.temp(`${cond} ? ${t.v} : ${f.v}`);
        const d = t.d === ZERO && f.d === ZERO ? ZERO : this.temp(`${cond} ? ${t.d} : ${f.d}`);
        return { v, d };
      }
      case 'OperatorNode':
        return this.operator(n as math.OperatorNode);
      case 'FunctionNode':
        return this.func(n as math.FunctionNode);
      default:
        throw new ExpressionError(`unsupported syntax (${n.type})`);
    }
  }

  private operator(o: math.OperatorNode): Dual {
    if (['smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal', 'and', 'or', 'not'].includes(o.fn)) {
      return { v: this.temp(emitValue(o, this.index)), d: ZERO };
    }
    const a = o.args.map((x) => this.visit(x));
    const [p, q] = a as [Dual, Dual];
    switch (o.fn) {
      case 'unaryPlus':
        return p;
      case 'unaryMinus':
        return { v: this.temp(`-${p.v}`), d: p.d === ZERO ? ZERO : this.temp(`-${p.d}`) };
      case 'add':
      case 'subtract': {
        const s = o.fn === 'add' ? '+' : '-';
        const v = this.temp(`${p.v} ${s} ${q.v}`);
        if (p.d === ZERO && q.d === ZERO) return { v, d: ZERO };
        if (q.d === ZERO) return { v, d: p.d };
        if (p.d === ZERO) return { v, d: s === '+' ? q.d : this.temp(`-${q.d}`) };
        return { v, d: this.temp(`${p.d} ${s} ${q.d}`) };
      }
      case 'multiply': {
        const v = this.temp(`${p.v} * ${q.v}`);
        if (p.d === ZERO && q.d === ZERO) return { v, d: ZERO };
        if (q.d === ZERO) return { v, d: this.temp(`${p.d} * ${q.v}`) };
        if (p.d === ZERO) return { v, d: this.temp(`${p.v} * ${q.d}`) };
        return { v, d: this.temp(`${p.d} * ${q.v} + ${p.v} * ${q.d}`) };
      }
      case 'divide': {
        const v = this.temp(`${p.v} / ${q.v}`);
        if (p.d === ZERO && q.d === ZERO) return { v, d: ZERO };
        if (q.d === ZERO) return { v, d: this.temp(`${p.d} / ${q.v}`) };
        const num = p.d === ZERO ? `-${v} * ${q.d}` : `${p.d} - ${v} * ${q.d}`;
        return { v, d: this.temp(`(${num}) / ${q.v}`) };
      }
      case 'pow': {
        const v = this.temp(`Math.pow(${p.v}, ${q.v})`);
        if (p.d === ZERO && q.d === ZERO) return { v, d: ZERO };
        if (q.d === ZERO) {
          // Power rule; exponent 2 stays exact as 2u·u'.
          if (q.v === '2') return { v, d: this.temp(`2 * ${p.v} * ${p.d}`) };
          return { v, d: this.temp(`${q.v} * Math.pow(${p.v}, ${q.v} - 1) * ${p.d}`) };
        }
        if (p.d === ZERO) return { v, d: this.temp(`${v} * Math.log(${p.v}) * ${q.d}`) };
        return { v, d: this.temp(`${v} * (${q.d} * Math.log(${p.v}) + ${q.v} * ${p.d} / ${p.v})`) };
      }
      default:
        throw new ExpressionError(`unsupported operator "${o.op}"`);
    }
  }

  private func(f: math.FunctionNode): Dual {
    const name = f.fn.name;
    const args = f.args.map((x) => this.visit(x));
    if (name === 'max' || name === 'min') return this.extremum(name, args);
    if (name === 'log' && args.length === 2) {
      // log_b(x) = ln x / ln b, differentiated as a quotient.
      const [x, b] = args as [Dual, Dual];
      const lx = this.temp(`Math.log(${x.v})`);
      const lb = this.temp(`Math.log(${b.v})`);
      const v = this.temp(`${lx} / ${lb}`);
      if (x.d === ZERO && b.d === ZERO) return { v, d: ZERO };
      const dlx = x.d === ZERO ? '0' : `${x.d} / ${x.v}`;
      const dlb = b.d === ZERO ? '0' : `${b.d} / ${b.v}`;
      return { v, d: this.temp(`(${dlx} - ${v} * ${dlb}) / ${lb}`) };
    }
    const u = args[0]!;
    const callee = CALLEES[name];
    if (!callee || args.length !== 1) throw new ExpressionError(`unknown function "${name}"`);
    const v = this.temp(`${callee}(${u.v})`);
    if (u.d === ZERO) return { v, d: ZERO };
    const factor = this.derivativeFactor(name, u.v, v);
    return { v, d: factor === ZERO ? ZERO : this.mulD(u.d, factor) };
  }

  /** f'(u) as JS, given u's value expression and f(u)'s value expression. */
  private derivativeFactor(name: string, u: string, fu: string): string {
    switch (name) {
      case 'exp': return fu;
      case 'expm1': return `Math.exp(${u})`;
      case 'log': return `(1 / ${u})`;
      case 'log1p': return `(1 / (1 + ${u}))`;
      case 'log2': return `(1 / (${u} * Math.LN2))`;
      case 'log10': return `(1 / (${u} * Math.LN10))`;
      case 'sqrt': return `(0.5 / ${fu})`;
      case 'cbrt': return `(1 / (3 * ${fu} * ${fu}))`;
      case 'abs': return `Math.sign(${u})`;
      case 'sign': case 'heaviside': return ZERO;
      case 'relu': return `(${u} > 0 ? 1 : 0)`;
      case 'sin': return `Math.cos(${u})`;
      case 'cos': return `(-Math.sin(${u}))`;
      case 'tan': return `(1 / (Math.cos(${u}) * Math.cos(${u})))`;
      case 'asin': return `(1 / Math.sqrt(1 - ${u} * ${u}))`;
      case 'acos': return `(-1 / Math.sqrt(1 - ${u} * ${u}))`;
      case 'atan': return `(1 / (1 + ${u} * ${u}))`;
      case 'sinh': return `Math.cosh(${u})`;
      case 'cosh': return `Math.sinh(${u})`;
      case 'tanh': { const s = this.temp(`H_sech(${u})`); return `(${s} * ${s})`; }
      case 'asinh': return `(1 / Math.sqrt(${u} * ${u} + 1))`;
      case 'acosh': return `(1 / Math.sqrt(${u} * ${u} - 1))`;
      case 'atanh': return `(1 / (1 - ${u} * ${u}))`;
      case 'sech': return `(-${fu} * Math.tanh(${u}))`;
      case 'erf': return `(${TWO_OVER_SQRT_PI} * Math.exp(-${u} * ${u}))`;
      case 'erfc': return `(${-TWO_OVER_SQRT_PI} * Math.exp(-${u} * ${u}))`;
      case 'sigmoid': return `H_sigmoidPrime(${u})`;
      case 'softplus': return `H_sigmoid(${u})`;
      default: throw new ExpressionError(`no derivative rule for "${name}"`);
    }
  }

  private extremum(name: 'max' | 'min', args: Dual[]): Dual {
    // The derivative follows the winning argument (the first one on ties, like a subgradient choice).
    let best = args[0]!;
    for (const next of args.slice(1)) {
      const cmp = name === 'max' ? '>' : '<';
      const take = this.temp(`${next.v} ${cmp} ${best.v}`);
      const v = this.temp(`${take} ? ${next.v} : ${best.v}`);
      const d = next.d === ZERO && best.d === ZERO ? ZERO : this.temp(`${take} ? ${next.d} : ${best.d}`);
      best = { v, d };
    }
    return best;
  }
}

function indexOf(variables: readonly string[]): Map<string, number> {
  return new Map(variables.map((v, i) => [v, i] as const));
}

function instantiate<T>(params: string, body: string): T {
  // Generated from validated trees only, like compile.ts; no user text reaches the source.
  return generatedFunction<T>('derivative', params, body);
}

/** ∂node/∂wrt as a function of positional arguments in the order of `variables`. */
export function compileDerivative(node: MathNode, variables: readonly string[], wrt: string): ScalarFn {
  validate(node);
  guardSize(node);
  const index = indexOf(variables);
  const w = index.get(wrt);
  if (w === undefined) throw new ExpressionError(`"${wrt}" is not one of the variables ${variables.join(', ')}`);
  const params = variables.map((_, i) => `a${i}`).join(', ');
  return instantiate<ScalarFn>(params, new Emitter(index, w).body(foldConstants(node)));
}

/** ∂node/∂wrt as a function of one array of values. */
export function compileDerivativeOnVector(node: MathNode, variables: readonly string[], wrt: string): VectorFn {
  validate(node);
  guardSize(node);
  const index = indexOf(variables);
  const w = index.get(wrt);
  if (w === undefined) throw new ExpressionError(`"${wrt}" is not one of the variables ${variables.join(', ')}`);
  const unpack = variables.map((_, i) => `const a${i} = v[${i}];`).join(' ');
  return instantiate<VectorFn>('v', `${unpack}\n${new Emitter(index, w).body(foldConstants(node))}`);
}
