// Python → code model lowering (src/code/lang/python/lower.ts), by the printed IR of snippets
// written for each shape of gradient code the issue names (layer functions with caches, scalar
// derivative helpers, a micrograd-style engine, torch.autograd.Function, jax.custom_vjp, closures),
// and by the rules that decide how they read: self → this, docstrings, locals, unsupported in
// place, slices, syntax errors, UTF-16 offsets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { printModule } from '../../../src/code/ir/print.js';
import type { Func, Module, Stmt } from '../../../src/code/ir/types.js';
import { maskMagics } from '../../../src/code/lang/python/magics.js';
import { lowerPython } from '../../../src/code/lang/python/lower.js';
import { loadPythonParser } from '../../../src/code/lang/python/parser.js';

async function lowered(src: string): Promise<Module> {
  return lowerPython(await loadPythonParser(), 'snippet.py', src);
}

async function printed(src: string): Promise<string> {
  return printModule(await lowered(src));
}

/** Every function of a module, nested ones and methods included, by name. */
function funcs(m: Module): Map<string, Func> {
  const out = new Map<string, Func>();
  const stack: unknown[] = [m.body];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o['kind'] === 'function' && typeof o['name'] === 'string') out.set(o['name'], o as unknown as Func);
      for (const [k, x] of Object.entries(o)) if (!k.endsWith('pan')) stack.push(x);
    }
  }
  return out;
}

const LAYERS = [
  "import numpy as np",
  "",
  "def dense_forward(inp, weights, bias):",
  "    \"\"\"Forward pass of a fully connected layer; returns the output and what backward needs.\"\"\"",
  "    batch = inp.shape[0]",
  "    out = inp.reshape(batch, -1) @ weights + bias",
  "    return out, (inp, weights, bias)",
  "",
  "def dense_backward(grad_out, saved):",
  "    inp, weights, bias = saved",
  "    batch = inp.shape[0]",
  "    d_inp = (grad_out @ weights.T).reshape(inp.shape)",
  "    d_weights = inp.reshape(batch, -1).T @ grad_out",
  "    d_bias = grad_out.sum(axis=0)",
  "    return d_inp, d_weights, d_bias",
  "",
  "def rectifier_backward(grad_out, saved):",
  "    mask = saved > 0",
  "    return grad_out * mask",
  "",
  "def cross_entropy(scores, labels):",
  "    m = scores.shape[0]",
  "    z = scores - scores.max(axis=1, keepdims=True)",
  "    p = np.exp(z) / np.sum(np.exp(z), axis=1, keepdims=True)",
  "    loss = -np.log(p[np.arange(m), labels]).mean()",
  "    grad = p.copy()",
  "    grad[np.arange(m), labels] -= 1.",
  "    grad /= m",
  "    return loss, grad",
].join('\n');

test("cs231n-style layer functions: a forward returning (out, cache), a backward unpacking the cache, a mask, a loss returning (loss, dx) with a gather and a scatter", async () => {
  assert.equal(await printed(LAYERS), [
    "(module python",
    "  (import (np \"numpy\" _))",
    "  (bind-def",
    "    (def dense_forward",
    "      (params inp weights bias)",
    "      (locals batch out)",
    "      (doc \"Forward pass of a fully connected layer; returns the output and what backward needs.\")",
    "      (expr (= batch (index (. inp shape) 0)))",
    "      (expr (= out (add (matmul (call (. inp reshape) batch (neg 1)) weights) bias)))",
    "      (return (tuple out (tuple inp weights bias)))))",
    "  (bind-def",
    "    (def dense_backward",
    "      (params grad_out saved)",
    "      (locals batch bias d_bias d_inp d_weights inp weights)",
    "      (expr (= (pseq inp weights bias) saved))",
    "      (expr (= batch (index (. inp shape) 0)))",
    "      (expr (= d_inp (call (. (paren (matmul grad_out (. weights T))) reshape) (. inp shape))))",
    "      (expr (= d_weights (matmul (. (call (. inp reshape) batch (neg 1)) T) grad_out)))",
    "      (expr (= d_bias (call (. grad_out sum) (kw axis 0))))",
    "      (return (tuple d_inp d_weights d_bias))))",
    "  (bind-def",
    "    (def rectifier_backward",
    "      (params grad_out saved)",
    "      (locals mask)",
    "      (expr (= mask (compare saved gt 0)))",
    "      (return (multiply grad_out mask))))",
    "  (bind-def",
    "    (def cross_entropy",
    "      (params scores labels)",
    "      (locals grad loss m p z)",
    "      (expr (= m (index (. scores shape) 0)))",
    "      (expr (= z (subtract scores (call (. scores max) (kw axis 1) (kw keepdims true)))))",
    "      (expr",
    "        (= p",
    "          (divide",
    "            (call (. np exp) z)",
    "            (call (. np sum) (call (. np exp) z) (kw axis 1) (kw keepdims true)))))",
    "      (expr",
    "        (= loss (neg (call (. (call (. np log) (index p (call (. np arange) m) labels)) mean)))))",
    "      (expr (= grad (call (. p copy))))",
    "      (expr (subtract= (index grad (call (. np arange) m) labels) 1.))",
    "      (expr (divide= grad m))",
    "      (return (tuple loss grad)))))",
  ].join('\n'));
});

const HELPERS = [
  "import math",
  "",
  "def logistic(t):",
  "    return 1.0 / (1.0 + math.exp(-t))",
  "",
  "def logistic_prime(t):",
  "    s = logistic(t)",
  "    return s * (1 - s)",
  "",
  "def clipped(v, lo=-1., hi=1.):",
  "    if v < lo:",
  "        return lo",
  "    elif v > hi:",
  "        return hi",
  "    else:",
  "        return v",
  "",
  "def in_unit(u):",
  "    return 0 < u <= 1 and not u is None",
].join('\n');

test("scalar helpers: sigmoid and its derivative through math, defaults, an elif chain, a chained comparison", async () => {
  assert.equal(await printed(HELPERS), [
    "(module python",
    "  (import (math \"math\" _))",
    "  (bind-def",
    "    (def logistic (params t) (return (divide 1.0 (paren (add 1.0 (call (. math exp) (neg t))))))))",
    "  (bind-def",
    "    (def logistic_prime",
    "      (params t)",
    "      (locals s)",
    "      (expr (= s (call logistic t)))",
    "      (return (multiply s (paren (subtract 1 s))))))",
    "  (bind-def",
    "    (def clipped",
    "      (params v (= lo (neg 1.)) (= hi 1.))",
    "      (if",
    "        (compare v lt lo)",
    "        (do (return lo))",
    "        (do (if (compare v gt hi) (do (return hi)) (do (return v)))))))",
    "  (bind-def",
    "    (def in_unit (params u) (return (and (compare 0 lt u le 1) (not (compare u strictEq none)))))))",
  ].join('\n'));
});

const ENGINE = [
  "class Scalar:",
  "    \"\"\"A number that remembers how it was made.\"\"\"",
  "    def __init__(self, value, parents=(), op=''):",
  "        self.value = value",
  "        self.grad = 0.0",
  "        self._back = lambda: None",
  "        self._parents = set(parents)",
  "",
  "    def __add__(self, other):",
  "        other = other if isinstance(other, Scalar) else Scalar(other)",
  "        res = Scalar(self.value + other.value, (self, other), '+')",
  "        def _back():",
  "            self.grad += res.grad",
  "            other.grad += res.grad",
  "        res._back = _back",
  "        return res",
  "",
  "    def tanh(self):",
  "        t = (math.exp(2 * self.value) - 1) / (math.exp(2 * self.value) + 1)",
  "        res = Scalar(t, (self,), 'tanh')",
  "        def _back():",
  "            self.grad += (1 - t ** 2) * res.grad",
  "        res._back = _back",
  "        return res",
  "",
  "    def topo(self):",
  "        return [p for p in self._parents]",
].join('\n');

test("a micrograd-style engine: self is this in methods and in the nested _backward closures, a comprehension stays unsupported in place", async () => {
  assert.equal(await printed(ENGINE), [
    "(module python",
    "  (class Scalar",
    "    (doc \"A number that remembers how it was made.\")",
    "    (ctor",
    "      (def __init__",
    "        (params value (= parents (tuple)) (= op \"\"))",
    "        (expr (= (. this value) value))",
    "        (expr (= (. this grad) 0.0))",
    "        (expr (= (. this _back) (lambda _ (params) none)))",
    "        (expr (= (. this _parents) (call set parents)))))",
    "    (method __add__",
    "      (def __add__",
    "        (params other)",
    "        (locals _back res)",
    "        (expr (= other (? (instanceof other Scalar) other (call Scalar other))))",
    "        (expr (= res (call Scalar (add (. this value) (. other value)) (tuple this other) \"+\")))",
    "        (bind-def",
    "          (def _back",
    "            (params)",
    "            lexical-this",
    "            (expr (add= (. this grad) (. res grad)))",
    "            (expr (add= (. other grad) (. res grad)))))",
    "        (expr (= (. res _back) _back))",
    "        (return res)))",
    "    (method tanh",
    "      (def tanh",
    "        (params)",
    "        (locals _back res t)",
    "        (expr",
    "          (= t",
    "            (divide",
    "              (paren (subtract (call (. math exp) (multiply 2 (. this value))) 1))",
    "              (paren (add (call (. math exp) (multiply 2 (. this value))) 1)))))",
    "        (expr (= res (call Scalar t (tuple this) \"tanh\")))",
    "        (bind-def",
    "          (def _back",
    "            (params)",
    "            lexical-this",
    "            (expr (add= (. this grad) (multiply (paren (subtract 1 (pow t 2))) (. res grad))))))",
    "        (expr (= (. res _back) _back))",
    "        (return res)))",
    "    (method topo (def topo (params) (return (unsupported \"list comprehension\"))))))",
  ].join('\n'));
});

const AUTOGRAD = [
  "import torch",
  "import jax",
  "import jax.numpy as jnp",
  "",
  "class SquarePlus(torch.autograd.Function):",
  "    @staticmethod",
  "    def forward(ctx, a, beta=4.0):",
  "        ctx.save_for_backward(a)",
  "        ctx.beta = beta",
  "        return 0.5 * (a + torch.sqrt(a * a + beta))",
  "",
  "    @staticmethod",
  "    def backward(ctx, g):",
  "        a, = ctx.saved_tensors",
  "        return g * 0.5 * (1 + a / torch.sqrt(a * a + ctx.beta)), None",
  "",
  "@jax.custom_vjp",
  "def softclip(x):",
  "    return jnp.log1p(jnp.exp(x))",
  "",
  "def softclip_fwd(x):",
  "    return softclip(x), (x,)",
  "",
  "def softclip_bwd(res, g):",
  "    (x,) = res",
  "    return (g * jax.nn.sigmoid(x),)",
  "",
  "softclip.defvjp(softclip_fwd, softclip_bwd)",
].join('\n');

test("torch.autograd.Function with static forward/backward on ctx, and a jax.custom_vjp rule joined by defvjp", async () => {
  assert.equal(await printed(AUTOGRAD), [
    "(module python",
    "  (import (torch \"torch\" _))",
    "  (import (jax \"jax\" _))",
    "  (import (jnp \"jax.numpy\" _))",
    "  (class SquarePlus",
    "    (bases (. (. torch autograd) Function))",
    "    (method static forward",
    "      (def forward",
    "        (params ctx a (= beta 4.0))",
    "        (decorators staticmethod)",
    "        (expr (call (. ctx save_for_backward) a))",
    "        (expr (= (. ctx beta) beta))",
    "        (return (multiply 0.5 (paren (add a (call (. torch sqrt) (add (multiply a a) beta))))))))",
    "    (method static backward",
    "      (def backward",
    "        (params ctx g)",
    "        (decorators staticmethod)",
    "        (locals a)",
    "        (expr (= (pseq a) (. ctx saved_tensors)))",
    "        (return",
    "          (tuple",
    "            (multiply",
    "              (multiply g 0.5)",
    "              (paren (add 1 (divide a (call (. torch sqrt) (add (multiply a a) (. ctx beta)))))))",
    "            none)))))",
    "  (bind-def",
    "    (def softclip",
    "      (params x)",
    "      (decorators (. jax custom_vjp))",
    "      (return (call (. jnp log1p) (call (. jnp exp) x)))))",
    "  (bind-def (def softclip_fwd (params x) (return (tuple (call softclip x) (tuple x)))))",
    "  (bind-def",
    "    (def softclip_bwd",
    "      (params res g)",
    "      (locals x)",
    "      (expr (= (pseq x) res))",
    "      (return (tuple (multiply g (call (. (. jax nn) sigmoid) x))))))",
    "  (expr (call (. softclip defvjp) softclip_fwd softclip_bwd)))",
  ].join('\n'));
});

const SCOPING = [
  "COUNT = 0",
  "",
  "def make_counter(step):",
  "    total = 0",
  "    def bump():",
  "        nonlocal total",
  "        global COUNT",
  "        total += step",
  "        COUNT = COUNT + 1",
  "        return total",
  "    return bump",
  "",
  "def uses_generators(xs):",
  "    ys = [x * 2 for x in xs]",
  "    with open('f') as fh:",
  "        pass",
  "    for v in xs:",
  "        break",
  "    else:",
  "        pass",
  "    return sum(y for y in ys)",
  "",
  "def not_yet(x):",
  "    # gradlens: not-a-derivative",
  "    raise NotImplementedError(\"fill in\")",
].join('\n');

test("closures with nonlocal and global, refused statements in place, a stub with a directive", async () => {
  assert.equal(await printed(SCOPING), [
    "(module python",
    "  (var COUNT 0)",
    "  (bind-def",
    "    (def make_counter",
    "      (params step)",
    "      (locals bump total)",
    "      (expr (= total 0))",
    "      (bind-def",
    "        (def bump",
    "          (params)",
    "          lexical-this",
    "          (scope-nonlocal total)",
    "          (scope-global COUNT)",
    "          (nonlocal total)",
    "          (global COUNT)",
    "          (expr (add= total step))",
    "          (expr (= COUNT (add COUNT 1)))",
    "          (return total)))",
    "      (return bump)))",
    "  (bind-def",
    "    (def uses_generators",
    "      (params xs)",
    "      (locals fh v ys)",
    "      (expr (= ys (unsupported \"list comprehension\")))",
    "      (unsupported \"with statement\")",
    "      (unsupported \"for … else\" (for-each v xs (do (break))))",
    "      (return (call sum (unsupported \"generator expression\")))))",
    "  (bind-def",
    "    (def not_yet",
    "      (params x)",
    "      (directives \"not-a-derivative\")",
    "      (throw NotImplementedError (call NotImplementedError \"fill in\")))))",
  ].join('\n'));
});

test('a method\'s receiver: shadowed by a nested parameter of the same name, the class for @classmethod, kept for @staticmethod', async () => {
  const m = await lowered([
    'class Layer:',
    '    def forward(me, x):',
    '        me.x = x',
    '        def inner(me):',
    '            return me',
    '        return lambda: me.x',
    '    @classmethod',
    '    def build(cls, n):',
    '        return cls(n)',
    '    @staticmethod',
    '    def helper(self, y):',
    '        return self',
    '    def typed(self: "Layer", z: float) -> float:',
    '        return self.x * z',
  ].join('\n'));
  const f = funcs(m);
  assert.equal(f.get('forward')!.params.map((p) => p.name).join(), 'x', 'the receiver is not a parameter, whatever its name');
  assert.equal(printModule(m), [
    '(module python',
    '  (class Layer',
    '    (method forward',
    '      (def forward',
    '        (params x)',
    '        (locals inner)',
    '        (expr (= (. this x) x))',
    '        (bind-def (def inner (params me) lexical-this (return me)))',
    '        (return (lambda _ (params) (. this x)))))',
    '    (method static build (def build (params n) (decorators classmethod) (return (call this n))))',
    '    (method static helper (def helper (params self y) (decorators staticmethod) (return self)))',
    '    (method typed (def typed (params (: z "float")) (return (multiply (. this x) z))))))',
  ].join('\n'));
});

test('parameters: annotations, defaults, *args, keyword-only, **kw; the type read from the annotation', async () => {
  const m = await lowered('def f(x: np.ndarray, n: int, flag: bool = False, *rest, eps: float = 1e-5, **kw) -> float:\n    return x\n');
  const ps = funcs(m).get('f')!.params;
  assert.deepEqual(ps.map((p) => [p.name, p.typeHint, p.rest, p.kwRest, p.keywordOnly, p.default !== null]), [
    ['x', 'array', false, false, false, false],
    ['n', 'number', false, false, false, false],
    ['flag', 'boolean', false, false, false, true],
    ['rest', null, true, false, false, false],
    ['eps', 'number', false, false, true, true],
    ['kw', null, false, true, false, false],
  ]);
});

test('number literals as course code writes them', async () => {
  const m = await lowered('a = 1.\nb = .5\nc = 1_000\nd = 0x1f\ne = 1e-5\nf = 2j\n');
  const values = m.body.map((s) => (s.kind === 'declare' && s.init ? (s.init.kind === 'num' ? s.init.value : s.init.kind) : null));
  assert.deepEqual(values, [1, 0.5, 1000, 31, 1e-5, 'unsupported']);
});

test('a syntax error is an offset and an unsupported node in place; the functions around it still lower', async () => {
  const src = 'def ok(x):\n    return x\n\ndef broken(x):\n    return (x +\n\ndef after(y):\n    return y\n';
  const m = await lowered(src);
  assert.ok(m.syntaxErrors.length > 0);
  const f = funcs(m);
  const broken = f.get('broken');
  assert.ok(m.syntaxErrors.some((at) => broken ? at >= broken.span.start && at < broken.span.end : at >= src.indexOf('def broken')), `errors at ${m.syntaxErrors}`);
  assert.equal((f.get('ok')!.body as Stmt[])[0]!.kind, 'return');
  assert.ok(!m.syntaxErrors.some((at) => at >= f.get('ok')!.span.start && at < f.get('ok')!.span.end));
});

test('spans are UTF-16 offsets: a name after non-ASCII text quotes exactly itself', async () => {
  const src = "label = 'é😀 σ'\ndef σ_prime(z):\n    return z\n";
  const m = await lowered(src);
  const fn = funcs(m).get('σ_prime')!;
  assert.equal(src.slice(fn.nameSpan.start, fn.nameSpan.end), 'σ_prime');
  const ret = (fn.body as Stmt[])[0] as Stmt & { kind: 'return' };
  assert.equal(src.slice(ret.value!.span.start, ret.value!.span.end), 'z');
});

test('a notebook cell with IPython magics lowers once they are masked, offsets unchanged', async () => {
  const cell = '%matplotlib inline\n!pip install -q numpy\nimport numpy as np\ndef relu_grad(x):\n    return (x > 0) * 1.0\n';
  const m = await lowered(maskMagics(cell));
  assert.deepEqual(m.syntaxErrors, []);
  const fn = funcs(m).get('relu_grad')!;
  assert.equal(cell.slice(fn.nameSpan.start, fn.nameSpan.end), 'relu_grad');
});

test('generated code nested past the interpreter\'s limit lowers without overflowing the stack, the deep part one unsupported node', async () => {
  const chain = await lowered(`def f(x):\n    return ${Array(5000).fill('x').join(' + ')}\n`);
  const text = JSON.stringify(chain.body);
  assert.ok(text.includes('"expression too deeply nested (more than 250 levels)"'));
  const parens = await lowered(`def g(x):\n    return ${'('.repeat(3000)}x${')'.repeat(3000)}\n`);
  assert.deepEqual(parens.syntaxErrors, []);
  assert.ok(funcs(parens).has('g'));
});
