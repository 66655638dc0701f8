// Outer scopes on Python's code model: what a function reads from its module (constants, other
// functions, classes, imports) and from enclosing functions (parameters), and Python's rule for
// a module constant that is not one (bound twice, or assigned through `global`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IrScopes, type IrOuterDecl } from '../../../src/code/ir/scopes.js';
import type { Func, Module } from '../../../src/code/ir/types.js';
import { lowerPython } from '../../../src/code/lang/python/lower.js';
import { loadPythonParser } from '../../../src/code/lang/python/parser.js';

const SRC = [
  'import numpy as np',
  'from scipy.special import expit',
  'EPS = 1e-8',
  'RATE = 0.1',
  'RATE = 0.2',
  'STEPS = 0',
  'SCALE = 2.0',
  'if True:',
  '    SCALE = 3.0',
  '',
  'def tick():',
  '    global STEPS',
  '    STEPS += 1',
  '',
  'def shadow():',
  '    EPS = 5',
  '    return EPS',
  '',
  'class Softplus:',
  '    beta = 1.0',
  '    def forward(self, x):',
  '        return np.log1p(np.exp(self.beta * x)) / self.beta + EPS',
  '    def backward(self, g):',
  '        return g * expit(x) * helper(Softplus)',
  '',
  'def outer(k):',
  '    def inner(z):',
  '        return k * z + beta',
  '    return inner',
  '',
  'def helper(c):',
  '    return 1',
].join('\n');

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

function describe(d: IrOuterDecl | null): string {
  if (!d) return 'none';
  switch (d.kind) {
    case 'function': return `function ${d.fn.name}`;
    case 'var': return `var ${d.decl.pattern.kind === 'name' ? d.decl.pattern.name : '?'}`;
    case 'class': return `class ${d.cls.name}`;
    case 'import': return `import from ${d.from}`;
    case 'param': return `param ${d.param.name} of ${d.owner}`;
  }
}

test('names read inside methods and nested functions resolve to module declarations and enclosing parameters', async () => {
  const m = lowerPython(await loadPythonParser(), 'scopes.py', SRC);
  const s = new IrScopes(m);
  const f = funcs(m);
  const at = (fn: string, name: string) => describe(s.resolve(name, f.get(fn)!.id));
  assert.equal(at('forward', 'np'), 'import from numpy');
  assert.equal(at('backward', 'expit'), 'import from scipy.special');
  assert.equal(at('forward', 'EPS'), 'var EPS');
  assert.equal(at('backward', 'Softplus'), 'class Softplus');
  assert.equal(at('backward', 'helper'), 'function helper', 'a function defined later in the module is found');
  assert.equal(at('inner', 'k'), 'param k of outer');
  // A class body is no enclosing scope of its methods; a class attribute is read through self.
  assert.equal(at('forward', 'beta'), 'none');
  assert.equal(at('inner', 'beta'), 'none');
});

test('a module name bound twice or through global is reassigned; a function local of the same name is not', async () => {
  const s = new IrScopes(lowerPython(await loadPythonParser(), 'scopes.py', SRC));
  assert.equal(s.isReassigned('EPS'), false, 'EPS = 5 inside shadow() binds a local');
  assert.equal(s.isReassigned('RATE'), true);
  assert.equal(s.isReassigned('STEPS'), true, 'tick() declares it global');
  assert.equal(s.isReassigned('SCALE'), true, 'rebound inside a top-level if');
  assert.equal(s.isReassigned('np'), false);
});
