/**
 * What Python means on the code model, for scalar gradient code (design §5): `math.*`, NumPy's
 * elementwise functions (also through `jax.numpy`, `autograd.numpy`, `cupy`), `scipy.special.expit`,
 * the builtins `abs`/`max`/`min`/`float`/`pow`/`range`, and truth values used as numbers.
 *
 * The class of code this serves: derivative helpers written elementwise (`sigmoid_prime`,
 * `relu_grad`, `tanh_deriv`). An elementwise function's Jacobian is diagonal with the scalar
 * derivative on it, so every parameter is read as one number and one element decides. Anything
 * that needs the array itself (`x.shape`, `x[i]`, `np.sum`, `@`) is refused with its name, so such
 * a function is "unverified", never judged on a guess.
 */
import type { MathNode } from 'mathjs';
import { TranslationError, isBooleanNode } from '../../builder.js';
import type { Value } from '../../values.js';
import { pathText } from '../../values.js';
import type { IrInterpreter, Semantics } from '../../ir/interpret.js';
import type { Arg, Expr } from '../../ir/types.js';

type Fn = (it: IrInterpreter, args: MathNode[], what: string) => MathNode;

const unary = (name: string): Fn => (it, a, what) => {
  if (a.length !== 1) throw new TranslationError(`${what} with ${a.length} arguments`);
  return it.b.call(name, a[0]!);
};
const two = (make: (it: IrInterpreter, x: MathNode, y: MathNode) => MathNode): Fn => (it, a, what) => {
  if (a.length !== 2) throw new TranslationError(`${what} with ${a.length} arguments`);
  return make(it, a[0]!, a[1]!);
};

const SHARED_UNARY: Record<string, string> = {
  exp: 'exp', log: 'log', log1p: 'log1p', expm1: 'expm1', sqrt: 'sqrt', tanh: 'tanh', sinh: 'sinh', cosh: 'cosh',
  sin: 'sin', cos: 'cos', tan: 'tan', log2: 'log2', log10: 'log10', fabs: 'abs', erf: 'erf',
};

/** NumPy-like namespaces: elementwise functions, read on one element. */
const NUMPY: Record<string, Fn> = {
  ...Object.fromEntries(Object.entries(SHARED_UNARY).map(([k, v]) => [k, unary(v)])),
  abs: unary('abs'), absolute: unary('abs'), sign: unary('sign'), cbrt: unary('cbrt'),
  arctan: unary('atan'), arcsin: unary('asin'), arccos: unary('acos'), arctanh: unary('atanh'), arcsinh: unary('asinh'), arccosh: unary('acosh'),
  square: (it, a, what) => (a.length === 1 ? it.b.binary('pow', a[0]!, it.b.num(2)) : bad(what, a)),
  reciprocal: (it, a, what) => (a.length === 1 ? it.b.binary('divide', it.b.num(1), a[0]!) : bad(what, a)),
  negative: (it, a, what) => (a.length === 1 ? it.b.neg(a[0]!) : bad(what, a)),
  power: two((it, x, y) => it.b.binary('pow', x, y)),
  maximum: two((it, x, y) => it.b.call('max', x, y)), fmax: two((it, x, y) => it.b.call('max', x, y)),
  minimum: two((it, x, y) => it.b.call('min', x, y)), fmin: two((it, x, y) => it.b.call('min', x, y)),
  multiply: two((it, x, y) => it.b.binary('multiply', x, y)), add: two((it, x, y) => it.b.binary('add', x, y)),
  subtract: two((it, x, y) => it.b.binary('subtract', x, y)), divide: two((it, x, y) => it.b.binary('divide', x, y)),
  // np.where(c, a, b) and np.clip(x, lo, hi) elementwise: a conditional, and min(max(x, lo), hi).
  where: (it, a, what) => (a.length === 3 ? it.b.cond(a[0]!, a[1]!, a[2]!) : bad(what, a)),
  clip: (it, a, what) => (a.length === 3 ? it.b.call('min', it.b.call('max', a[0]!, a[1]!), a[2]!) : bad(what, a)),
  float64: (_it, a, what) => (a.length === 1 ? a[0]! : bad(what, a)), float32: (_it, a, what) => (a.length === 1 ? a[0]! : bad(what, a)),
};
const NUMPY_CONSTANTS: Record<string, (it: IrInterpreter) => MathNode> = { pi: (it) => it.b.sym('pi'), e: (it) => it.b.sym('e'), inf: (it) => it.b.num(Infinity), Inf: (it) => it.b.num(Infinity) };

const MATH: Record<string, Fn> = {
  ...Object.fromEntries(Object.entries(SHARED_UNARY).map(([k, v]) => [k, unary(v)])),
  atan: unary('atan'), asin: unary('asin'), acos: unary('acos'), atanh: unary('atanh'),
  pow: two((it, x, y) => it.b.binary('pow', x, y)),
  // math.log(x, base)
  log: (it, a, what) => (a.length === 1 ? it.b.call('log', a[0]!) : a.length === 2 ? it.b.binary('divide', it.b.call('log', a[0]!), it.b.call('log', a[1]!)) : bad(what, a)),
};

const SPECIAL: Record<string, Fn> = { expit: unary('sigmoid'), erf: unary('erf') };

/** Which import names a namespace this file reads, by the module's dotted name. */
const NAMESPACES: Record<string, { fns: Record<string, Fn>; constants: Record<string, (it: IrInterpreter) => MathNode>; label: string }> = {
  numpy: { fns: NUMPY, constants: NUMPY_CONSTANTS, label: 'numpy' },
  'jax.numpy': { fns: NUMPY, constants: NUMPY_CONSTANTS, label: 'jax.numpy' },
  'autograd.numpy': { fns: NUMPY, constants: NUMPY_CONSTANTS, label: 'autograd.numpy' },
  cupy: { fns: NUMPY, constants: NUMPY_CONSTANTS, label: 'cupy' },
  math: { fns: MATH, constants: { pi: (it) => it.b.sym('pi'), e: (it) => it.b.sym('e'), inf: (it) => it.b.num(Infinity) }, label: 'math' },
  'scipy.special': { fns: SPECIAL, constants: {}, label: 'scipy.special' },
};

function bad(what: string, a: MathNode[]): never {
  throw new TranslationError(`${what} with ${a.length} arguments`);
}

/** A truth value used as a number (`(x > 0) * 1.0`, `float(x > 0)`): 1 where it holds, else 0. */
function asNumber(it: IrInterpreter, n: MathNode): MathNode {
  return isBooleanNode(n) ? it.b.cond(n, it.b.num(1), it.b.num(0)) : n;
}

/** The namespace an expression names (`np`, `math`, `scipy.special`), read through the imports. */
function namespaceOf(e: Expr, it: IrInterpreter): (typeof NAMESPACES)[string] | null {
  if (e.kind === 'name') {
    if (it.lookupLocal(e.name)) return null;
    const d = it.resolveOuter(e.name);
    if (d?.kind === 'import' && !d.member) return NAMESPACES[d.from] ?? null;
    if (d?.kind === 'import' && d.member) return NAMESPACES[`${d.from}.${d.member}`] ?? null;
    return null;
  }
  if (e.kind === 'member') {
    // `scipy.special.expit` after `import scipy.special`; `scipy` after `import scipy`.
    let root: Expr = e;
    const names: string[] = [];
    while (root.kind === 'member') {
      names.unshift(root.name);
      root = root.object;
    }
    if (root.kind !== 'name' || it.lookupLocal(root.name)) return null;
    const d = it.resolveOuter(root.name);
    if (d?.kind !== 'import') return null;
    const base = d.member ? `${d.from}.${d.member}` : d.from;
    return NAMESPACES[[base, ...names].join('.')] ?? null;
  }
  return null;
}

function nativeOf(ns: (typeof NAMESPACES)[string], name: string, it: IrInterpreter): Value {
  const f = ns.fns[name];
  if (f) return { k: 'native', name: `${ns.label}.${name}`, call: (args) => ({ k: 'num', node: f(it, args.map((a) => asNumber(it, it.toNode(a, `${ns.label}.${name}`))), `${ns.label}.${name}`) }) };
  const c = ns.constants[name];
  if (c) return { k: 'num', node: c(it) };
  throw new TranslationError(`uses ${ns.label}.${name}, which is not read (only elementwise functions of one element are)`);
}

/** Builtins that need a sequence or are not differentiable: named in the reason, never guessed at. */
const NOT_READ = new Set(['len', 'sum', 'list', 'tuple', 'dict', 'zip', 'enumerate', 'map', 'filter', 'sorted', 'reversed', 'int', 'round', 'any', 'all', 'isinstance', 'type', 'str']);

const IO = new Set(['print', 'input', 'open', 'exec', 'eval', 'breakpoint', '__import__']);

function builtin(name: string, it: IrInterpreter): Value | null {
  const num = (f: (args: MathNode[]) => MathNode): Value => ({ k: 'native', name, call: (args) => ({ k: 'num', node: f(args.map((a) => asNumber(it, it.toNode(a, `${name}(…)`)))) }) });
  switch (name) {
    case 'abs': return num((a) => (a.length === 1 ? it.b.call('abs', a[0]!) : bad('abs', a)));
    case 'max': case 'min':
      return num((a) => {
        if (a.length < 2) throw new TranslationError(`${name}() of one iterable (arrays are not read yet)`);
        return it.b.call(name, ...a);
      });
    case 'float': return num((a) => (a.length === 1 ? a[0]! : bad('float', a)));
    case 'pow': return num((a) => (a.length === 2 ? it.b.binary('pow', a[0]!, a[1]!) : bad('pow', a)));
    case 'range': return {
      k: 'native', name,
      call: (args) => {
        const ns = args.map((a) => {
          const n = it.toNode(a, 'range(…)');
          const v = n.type === 'ConstantNode' ? (n as unknown as { value: number }).value : null;
          if (typeof v !== 'number' || !Number.isInteger(v)) throw new TranslationError('range(…) with a data-dependent bound');
          return v;
        });
        const [start, stop, step] = ns.length === 1 ? [0, ns[0]!, 1] : [ns[0]!, ns[1]!, ns[2] ?? 1];
        if (step === 0) throw new TranslationError('range(…) with step 0');
        const items: Value[] = [];
        for (let i = start; step > 0 ? i < stop : i > stop; i += step) {
          if (items.length > 10_000) throw new TranslationError('loop runs more than 10000 times');
          items.push({ k: 'num', node: it.b.num(i) });
        }
        return { k: 'vec', items };
      },
    };
  }
  return null;
}

export const PYTHON_SEMANTICS: Semantics = {
  functionScoped: true,
  unresolved(name, _at, it) {
    const b = builtin(name, it);
    if (b) return b;
    if (IO.has(name)) throw new TranslationError(`I/O (${name})`);
    if (NOT_READ.has(name)) throw new TranslationError(`uses ${name}(…), which is not read yet`);
    throw new TranslationError(`reads unknown variable ${name}`);
  },
  importValue(name, decl, it) {
    const ns = NAMESPACES[decl.member ? `${decl.from}.${decl.member}` : decl.from];
    if (ns) return { k: 'obj', name: ns.label, props: new Map(), missing: 'nan' };
    if (decl.member) {
      const from = NAMESPACES[decl.from];
      if (from) return nativeOf(from, decl.member, it);
    }
    throw new TranslationError(`reads ${name}, imported from ${decl.from}`);
  },
  call(callee: Expr, args: Arg[], it) {
    if (callee.kind !== 'member') return undefined;
    const ns = namespaceOf(callee.object, it);
    if (ns) {
      const f = nativeOf(ns, callee.name, it);
      if (args.some((a) => a.keyword !== null || a.spread)) throw new TranslationError(`calls ${it.text(callee)} with keyword arguments (not read yet)`);
      return it.callValue(f, args.map((a) => it.eval(a.value)), it.text(callee));
    }
    // `(x > 0).astype(float)`: a truth value as a number.
    if (callee.name === 'astype' && args.length === 1) {
      const v = it.eval(callee.object);
      if (v.k === 'num') return { k: 'num', node: asNumber(it, v.node) };
    }
    return undefined;
  },
  member(e, it) {
    const ns = namespaceOf(e.object, it);
    return ns ? nativeOf(ns, e.name, it) : undefined;
  },
  operand(v, what, it) {
    return asNumber(it, it.toNode(v, what));
  },
  product(a, c, it) {
    // `dout * (x > 0)`: the factor where the mask holds, else 0 (the piecewise form the checker reads).
    if (isBooleanNode(a) && !isBooleanNode(c)) return it.b.cond(a, c, it.b.num(0));
    if (isBooleanNode(c) && !isBooleanNode(a)) return it.b.cond(c, a, it.b.num(0));
    return null;
  },
  argumentMember(path, key, _at, _it) {
    throw new TranslationError(`reads ${pathText([...path, key])} (arrays and objects passed in are not read yet: only elementwise code is)`);
  },
};
