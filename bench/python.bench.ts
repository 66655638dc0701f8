/**
 * The Python front-end's cost (issue 15), before it joins the pipeline: loading dist/python.js
 * and its two .wasm files in a fresh process (what the first Python file of a run pays), and
 * parsing + lowering a 300-line file of gradient code into the code model (what every Python file
 * pays before the interpreter). The file is generated from shapes written for this bench: layer
 * functions with caches, derivative helpers and a small autograd engine, renamed per copy.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { median, target, timeMs } from './harness.js';

const ROOT = resolve(__dirname, '..');
const BUNDLE = resolve(ROOT, 'dist/python.js');

const BLOCK = (k: number) => `
def layer${k}_forward(inp, weights, bias):
    """Affine layer ${k}: returns the output and what backward needs."""
    out = inp.reshape(inp.shape[0], -1) @ weights + bias
    return out, (inp, weights, bias)

def layer${k}_backward(grad_out, saved):
    inp, weights, bias = saved
    d_inp = (grad_out @ weights.T).reshape(inp.shape)
    d_weights = inp.reshape(inp.shape[0], -1).T @ grad_out
    return d_inp, d_weights, grad_out.sum(axis=0)

def squash${k}(t):
    return 1.0 / (1.0 + math.exp(-t))

def squash${k}_prime(t):
    s = squash${k}(t)
    return s * (1 - s)

class Node${k}:
    def __init__(self, value, parents=()):
        self.value = value
        self.grad = 0.0
    def __mul__(self, other):
        res = Node${k}(self.value * other.value, (self, other))
        def _back():
            self.grad += other.value * res.grad
            other.grad += self.value * res.grad
        res._back = _back
        return res
`;

export function pythonSource(lines = 300): string {
  let text = 'import math\nimport numpy as np\n';
  for (let k = 0; text.split('\n').length < lines; k++) text += BLOCK(k);
  return text.split('\n').slice(0, lines).join('\n') + '\n';
}

/** Scalar gradient code as course notebooks and from-scratch networks write it: right helpers, slips, a layer left unverified. */
const CHECK_BLOCK = (k: number) => `
def sigmoid${k}(z):
    return 1. / (1 + np.exp(-z))

def sigmoid${k}_prime(z):
    s = sigmoid${k}(z)
    return s * (1 - s)

def relu${k}(x):
    return np.maximum(0, x)

def relu${k}_grad(x):
    return np.where(x > 0, 1.0, 0.0)

def f${k}(t):
    return t ** 3 + ${k + 1} * t

def df${k}(t):
    return 3 * t ** 2

def tanh${k}_deriv(x, deriv=False):
    if deriv:
        return 1 - np.tanh(x) ** 2
    return np.tanh(x)

def dense${k}(x, w):
    return x @ w
`;

export function pythonCheckSource(lines = 300): string {
  let text = 'import numpy as np\n';
  for (let k = 0; text.split('\n').length < lines; k++) text += CHECK_BLOCK(k);
  return text.split('\n').slice(0, lines).join('\n') + '\n';
}

/** A notebook of `cells` cells: a Markdown derivation and a code cell in turn, in the shape of course labs. */
export function notebookSource(cells = 40): string {
  const out: { cell_type: string; source: string; metadata: object; outputs?: unknown[]; execution_count?: null }[] = [];
  for (let k = 0; out.length < cells; k++) {
    out.push({ cell_type: 'markdown', metadata: {}, source: `## Unit ${k}\n\nWith $\\sigma(z) = \\frac{1}{1 + e^{-z}}$ we get $$\\frac{d\\sigma}{dz} = \\sigma(z)(1 - \\sigma(z))$$\n` });
    out.push({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: `%matplotlib inline\nimport numpy as np\n\ndef act${k}(z):\n    return 1 / (1 + np.exp(-z))\n\ndef act${k}_prime(z):\n    a = act${k}(z)\n    return a * (1 - a)\n` });
  }
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { language: 'python' } }, cells: out.slice(0, cells) });
}

export async function runPythonBenchmarks(): Promise<void> {
  console.log('\nPython front-end (dist/python.js: tree-sitter-python as WebAssembly, lowering into the code model)');
  // A fresh process per sample: require the bundle, load the wasm, parse one line.
  const script = `const t = process.hrtime.bigint(); const py = require(${JSON.stringify(BUNDLE)}); py.loadPythonParser().then((p) => { py.withTree(p, 'x = 1./m\\n', () => 0); console.log(Number(process.hrtime.bigint() - t) / 1e6); });`;
  const loads: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    loads.push(Number(r.stdout.trim()));
  }
  const load = median(loads);
  target('Python parser ready in a fresh process (require dist/python.js, compile both wasm)', `${load.toFixed(1)} ms`, '≤ 50 ms', load <= 50);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const py = require(BUNDLE) as typeof import('../src/code/lang/python/index.js');
  const parser = await py.loadPythonParser();
  const src = pythonSource(300);
  const ms = timeMs(() => py.lowerPython(parser, 'bench.py', src), 15, 5);
  target('parse + lower a 300-line Python file into the code model', `${ms.toFixed(2)} ms`, '≤ 20 ms', ms <= 20);
  // Checking, past start-up (the parser loaded, the process warm): what each file costs in a run.
  const { preparePython } = await import('../src/code/lang/python/runtime.js');
  const { analyzePython } = await import('../src/code/lang/python/analyze.js');
  const { analyzeNotebook } = await import('../src/notebooks/analyzeNotebook.js');
  await preparePython();
  const checked = pythonCheckSource(300);
  let t0 = performance.now();
  const report = analyzePython('bench.py', checked);
  const firstCheck = performance.now() - t0;
  const verdicts = report.findings.filter((f) => f.kind === 'derivative').length;
  const check = timeMs(() => analyzePython('bench.py', checked), 5, 2);
  target(`check a 300-line Python file (${verdicts} gradient verdicts), past start-up: first time (repeat, caches warm)`, `${firstCheck.toFixed(0)} ms (${check.toFixed(0)} ms)`, '≤ 1500 ms', firstCheck <= 1500);
  const nb = notebookSource(40);
  t0 = performance.now();
  const nbFindings = analyzeNotebook(nb).length;
  const firstNb = performance.now() - t0;
  const nbMs = timeMs(() => analyzeNotebook(nb), 5, 2);
  target(`check a 40-cell notebook (20 Markdown + 20 code cells, ${nbFindings} findings), past start-up: first time (repeat)`, `${firstNb.toFixed(0)} ms (${nbMs.toFixed(0)} ms)`, '≤ 1500 ms', firstNb <= 1500);
}
