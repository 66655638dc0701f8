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
}
