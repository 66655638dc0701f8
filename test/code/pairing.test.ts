// Pairing on the fixtures: every pairing kind, the parameter conventions, and a numeric sanity
// check that the `// expect:` verdicts annotated in the fixtures agree with what was translated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readCode, pairFiles } from '../../src/code/pairing.js';
import { freeVariables, toText } from '../../src/core/expr/tree.js';
import type { GradientPair, ReadCodeResult } from '../../src/code/types.js';
import { FIXTURES, evalNode, fixture, output } from './helpers.js';

const sig = (x: number) => 1 / (1 + Math.exp(-x));

function read(name: string, as = name): ReadCodeResult {
  return readCode(as, fixture(name));
}

function pairOf(r: { pairs: GradientPair[] }, gradient: string): GradientPair {
  const p = r.pairs.find((x) => x.gradient.qualifiedName === gradient);
  assert.ok(p, `no pair with gradient ${gradient}; have ${r.pairs.map((x) => `${x.primal.qualifiedName}->${x.gradient.qualifiedName}`).join(', ')}`);
  return p;
}

test('jsdoc: @gradient on the primal and @gradientOf on the gradient, with @wrt', () => {
  const a = read('activations.ts');
  const p = pairOf(a, 'logistic');
  assert.equal(p.kind, 'jsdoc');
  assert.equal(p.primal.name, 'softplus');
  assert.match(p.evidence, /@gradient logistic/);
  const h = pairOf(a, 'huberSlope');
  assert.equal(h.kind, 'jsdoc');
  assert.equal(h.primal.name, 'huber');
  const net = read('two-layer-net.ts');
  const l = pairOf(net, 'lossGradient');
  assert.equal(l.kind, 'jsdoc');
  assert.deepEqual(l.wrt, ['w1', 'b1', 'w2', 'b2']);
  assert.equal(pairOf(net, 'bceGradFlipped').primal.name, 'bce');
});

test('name: fPrime, fDerivative, fGrad, fGradient, dF, fBackward', () => {
  const a = read('activations.ts');
  const expected: Record<string, string> = { sigmoidPrime: 'sigmoid', reluDerivative: 'relu', leakyReluGrad: 'leakyRelu', seluGrad: 'selu', dElu: 'elu', swishGradient: 'swish', dSquare: 'square', negLogGrad: 'negLog' };
  for (const [g, p] of Object.entries(expected)) {
    const pair = pairOf(a, g);
    assert.equal(pair.kind, 'name', g);
    assert.equal(pair.primal.name, p, g);
  }
  const snake = readCode('s.py.js', 'function f(x) { return x * x; }\nfunction f_grad(x) { return 2 * x; }\nfunction d_g(x) { return 1; }\nfunction g(x) { return x; }\nfunction gradH(x) { return 0; }\nfunction h(x) { return 1; }');
  assert.equal(pairOf(snake, 'f_grad').primal.name, 'f');
  assert.equal(pairOf(snake, 'd_g').primal.name, 'g');
  assert.equal(pairOf(snake, 'gradH').primal.name, 'h');
});

test('name, output convention: brain.js derivatives take the output', () => {
  const b = read('brain-style.js');
  for (const g of ['sigmoidDerivative', 'reluDerivative', 'leakyReluDerivative', 'tanhDerivative']) {
    const p = pairOf(b, g);
    assert.equal(p.convention, 'output', g);
    assert.deepEqual(p.params.map((c) => [c.gradientParam, c.role, c.primalParam]), [['output', 'output', 'value']]);
  }
});

test('name with an upstream gradient: sigmoidBackward(dy, y), reluBackward(dy, z)', () => {
  const net = read('two-layer-net.ts');
  const s = pairOf(net, 'sigmoidBackward');
  assert.equal(s.upstreamParam, 'dy');
  assert.equal(s.convention, 'output');
  const r = pairOf(net, 'reluBackward');
  assert.equal(r.upstreamParam, 'dy');
  assert.equal(r.convention, 'input');
  assert.deepEqual(r.params.find((c) => c.gradientParam === 'z')?.primalParam, 'z');
});

test('builtin: tanhPrime and sinDerivative pair with Math.tanh / Math.sin', () => {
  const a = read('activations.ts');
  const t = pairOf(a, 'tanhPrime');
  assert.equal(t.kind, 'builtin');
  assert.equal(t.primal.qualifiedName, 'Math.tanh');
  assert.equal(t.primal.synthetic, 'builtin');
  assert.equal(toText(output(t.primal)), 'tanh(x)');
  assert.equal(pairOf(a, 'sinDerivative').primal.qualifiedName, 'Math.sin');
  // A file that defines tanh pairs with its own tanh instead.
  assert.equal(pairOf(read('brain-style.js'), 'tanhDerivative').kind, 'name');
});

test('flag: synaptic-style (x, derivate) and deriv = false are split', () => {
  const s = read('synaptic-style.js');
  const p = pairOf(s, 'Neuron.squash.LOGISTIC[derivate=true]');
  assert.equal(p.kind, 'flag');
  assert.equal(p.primal.qualifiedName, 'Neuron.squash.LOGISTIC[derivate=false]');
  assert.deepEqual(p.primal.params.map((x) => x.name), ['x']);
  for (const x of [-1.5, 0.2, 2]) {
    assert.ok(Math.abs(evalNode(output(p.primal), { x }) - sig(x)) < 1e-12);
    assert.ok(Math.abs(evalNode(output(p.gradient), { x }) - sig(x) * (1 - sig(x))) < 1e-12);
  }
  const d = pairOf(s, 'sigmoid[deriv=true]');
  assert.equal(d.kind, 'flag');
  assert.equal(pairOf(s, 'softsign[derivative=true]').kind, 'flag');
});

test('object: { activation, derivative }, { f, df } by reference, { fn, dfn }, { forward, backward }, tables, f.derivative', () => {
  const o = read('objects.ts');
  const cases: [string, string][] = [
    ['sigmoidActivation.derivative', 'sigmoidActivation.activation'],
    ['softsignDF', 'softsignF'],
    ['gaussian.dfn', 'gaussian.fn'],
    ['cube.backward', 'cube.forward'],
    ['activations.relu.df', 'activations.relu.f'],
    ['activations.leaky.df', 'activations.leaky.f'],
    ['activations.scaled.df', 'activations.scaled.f'],
    ['softclip.derivative', 'softclip'],
  ];
  for (const [g, p] of cases) {
    const pair = pairOf(o, g);
    assert.equal(pair.kind, 'object', g);
    assert.equal(pair.primal.qualifiedName, p, g);
  }
  assert.equal(pairOf(o, 'cube.backward').upstreamParam, 'dy');
  assert.equal(pairOf(o, 'activations.leaky.df').gradient.error, 'reads undefined property params.alphs (value would be NaN)');
  // `this.alpha` inside a table entry is the entry's own alpha.
  assert.equal(evalNode(output(pairOf(o, 'activations.scaled.df').gradient), { x: 0 }), 2);
});

test('object: tf.customGrad value and gradFunc', () => {
  const t = read('tfjs-custom-grad.ts');
  const p = pairOf(t, 'customSigmoid.gradFunc');
  assert.equal(p.kind, 'object');
  assert.equal(p.upstreamParam, 'dy');
  assert.equal(evalNode(output(p.gradient), { x: 0.3, dy: 2 }), 2 * sig(0.3) * (1 - sig(0.3)));
  assert.equal(pairOf(t, 'softplusTfGrad').kind, 'name');
  assert.match(pairOf(t, 'meanSquareGrad').primal.error ?? '', /tf\.mean/);
});

test('constructor: new Activation(name, f, df) with inline arrows or function references', () => {
  const c = read('constructors.ts');
  const s = pairOf(c, 'sigmoid.dfn');
  assert.equal(s.kind, 'constructor');
  assert.equal(s.primal.qualifiedName, 'sigmoid.fn');
  const r = pairOf(c, 'reluDF');
  assert.equal(r.kind, 'constructor');
  assert.equal(r.primal.qualifiedName, 'reluF');
  assert.equal(pairOf(c, 'hardRelu.dfn').kind, 'constructor');
});

test('class: forward/backward on shared state, activate/derivative, apply/gradient, static f/df, measure/derivative', () => {
  const c = read('classes.ts');
  const s = pairOf(c, 'Sigmoid.backward');
  assert.equal(s.kind, 'class');
  assert.equal(s.upstreamParam, 'dy');
  // backward reads this.y set by forward: it is re-read in forward's input x.
  assert.ok(Math.abs(evalNode(output(s.gradient), { x: 0.4, dy: 3 }) - 3 * sig(0.4) * (1 - sig(0.4))) < 1e-12);
  assert.equal(pairOf(c, 'Tanh.derivative').primal.qualifiedName, 'Tanh.activate');
  const l = pairOf(c, 'LeakyReLU.gradient');
  assert.equal(l.primal.qualifiedName, 'LeakyReLU.apply');
  assert.equal(evalNode(output(l.gradient), { x: -1, this_alpha: 0.2 }), 0.2);
  assert.equal(pairOf(c, 'Softplus.df').primal.qualifiedName, 'Softplus.f');
  assert.equal(pairOf(c, 'SquaredError.derivative').primal.qualifiedName, 'SquaredError.measure');
});

test('class (prototype style): convnetjs backward writes x.dw[i] from forward state', () => {
  const c = read('convnet-style.js');
  const p = pairOf(c, 'SigmoidLayer.backward');
  assert.equal(p.kind, 'class');
  assert.equal(p.upstreamParam, 'outGrad');
  assert.deepEqual(p.writes, ['V.dw[0]', 'V.dw[1]', 'V.dw[2]']);
  const v = 0.7;
  const got = evalNode(output(p.gradient, 'V.dw[1]'), { V_w_1: v, outGrad_1: 2 });
  assert.ok(Math.abs(got - sig(v) * (1 - sig(v)) * 2) < 1e-12);
  assert.deepEqual(pairOf(c, 'ReluLayer.backward').writes.length, 3);
  assert.equal(evalNode(output(pairOf(c, 'LeakyReluLayer.backward').gradient, 'V.dw[0]'), { V_w_0: -1, outGrad_0: 1 }), 0.1);
});

test('sibling-file: sigmoid.ts + sigmoid-backward.ts, softsign.js + softsign_grad.js', () => {
  const dir = join(FIXTURES, 'siblings');
  const files = readdirSync(dir).map((n) => ({ path: `siblings/${n}`, text: fixture(`siblings/${n}`) }));
  const r = pairFiles(files);
  const s = pairOf(r, 'backward');
  assert.equal(s.kind, 'sibling-file');
  assert.equal(s.primal.name, 'sigmoid');
  assert.equal(s.primal.file, 'siblings/sigmoid.ts');
  assert.equal(s.upstreamParam, 'dy');
  const g = pairOf(r, 'softsignGrad');
  assert.equal(g.kind, 'sibling-file');
  assert.equal(g.primal.name, 'softsign');
  // A leading d names the derivative of the file beside it: dgelu-tanh.js beside gelu-tanh.js.
  const d = pairOf(r, 'dgeluTanh');
  assert.equal(d.kind, 'sibling-file');
  assert.equal(d.primal.name, 'geluTanh');
  // softplus-cellB.js beside softplus-cell.js: backward through the output argument's weights.
  const b = pairOf(r, 'softplusCellB');
  assert.equal(b.kind, 'sibling-file');
  assert.equal(b.upstreamParam, 'product_deltas');
  assert.deepEqual(b.gradient.writes.map((w) => w.key), ['left_weights_0', 'left_weights_1', 'left_weights_2']);
  assert.equal(r.files.length, 12);
  // Files in different folders are not siblings.
  const apart = pairFiles([{ path: 'a/relu.ts', text: 'export const relu = (x) => Math.max(0, x);' }, { path: 'b/relu_grad.ts', text: 'export const g = (x) => (x > 0 ? 1 : 0);' }]);
  assert.equal(apart.pairs.length, 0);
});

// ---------------------------------------------------------------------------------------------
// Every `// expect:` annotation names a gradient that is paired, and scalar verdicts agree with a
// finite-difference derivative of the translated primal.

interface Expectation {
  file: string;
  line: number;
  verdict: 'ok' | 'mismatch' | 'unverified';
}

function expectations(file: string): Expectation[] {
  const lines = fixture(file).split('\n');
  const out: Expectation[] = [];
  lines.forEach((l, i) => {
    const m = /\/\/ expect: (ok|mismatch|unverified)/.exec(l);
    if (!m) return;
    let j = i + 1;
    while (j < lines.length && /^\s*(\/\/|\/\*\*|\*)/.test(lines[j]!)) j++;
    out.push({ file, line: j, verdict: m[1] as Expectation['verdict'] });
  });
  return out;
}

function allFixturePairs(): Map<string, GradientPair[]> {
  const byFile = new Map<string, GradientPair[]>();
  for (const name of readdirSync(FIXTURES)) {
    if (!/\.(ts|js)(\.txt)?$/.test(name)) continue;
    const r = readCode(name.replace(/\.txt$/, ''), fixture(name));
    byFile.set(name, r.pairs);
  }
  const dir = join(FIXTURES, 'siblings');
  const sib = pairFiles(readdirSync(dir).map((n) => ({ path: `siblings/${n}`, text: fixture(`siblings/${n}`) })));
  for (const p of sib.pairs) {
    const key = p.gradient.file;
    byFile.set(key, [...(byFile.get(key) ?? []), p]);
  }
  return byFile;
}

/** Derivative check at a few points for scalar pairs; null when the pair is not a plain scalar one. */
function numericVerdict(p: GradientPair): 'ok' | 'mismatch' | null {
  if (p.primal.outputs.length !== 1 || p.gradient.outputs.length !== 1 || p.gradient.writes.length > 0) return null;
  if (p.primal.params.some((x) => x.kind !== 'scalar')) return null;
  const first = p.primal.params[0]!.name;
  let compared = 0;
  for (const x0 of [-1.37, -0.41, 0.23, 0.38, 0.61, 0.83, 1.9]) {
    // Free state such as this_alpha gets the same value on both sides.
    const scope: Record<string, number> = Object.fromEntries([...freeVariables(output(p.primal)), ...freeVariables(output(p.gradient))].map((v) => [v, 0.3]));
    p.primal.params.forEach((q, i) => (scope[q.symbols[0]!] = i === 0 ? x0 : q.defaultValue ?? 0.4));
    const f = (v: number) => evalNode(output(p.primal), { ...scope, [p.primal.params[0]!.symbols[0]!]: v });
    const y = f(x0);
    const h = 1e-6;
    const numeric = (f(x0 + h) - f(x0 - h)) / (2 * h);
    if (!Number.isFinite(y) || !Number.isFinite(numeric)) continue;
    const gscope: Record<string, number> = { ...scope };
    for (const c of p.params) {
      const sym = p.gradient.params.find((q) => q.name === c.gradientParam)!.symbols[0]!;
      if (c.role === 'upstream') gscope[sym] = 1;
      else if (c.role === 'output') gscope[sym] = y;
      else if (c.primalParam) gscope[sym] = scope[p.primal.params.find((q) => q.name === c.primalParam)!.symbols[0]!]!;
    }
    for (const q of p.gradient.params) if (q.symbols[0] && !(q.symbols[0] in gscope)) gscope[q.symbols[0]] = q.name === first ? x0 : 0.4;
    const analytic = evalNode(output(p.gradient), gscope);
    compared++;
    if (!(Math.abs(analytic - numeric) <= 1e-5 * Math.max(1, Math.abs(numeric)))) return 'mismatch';
  }
  return compared >= 3 ? 'ok' : null;
}

/**
 * Fixtures whose derivatives' argument is the output only because a caller in a sibling file
 * passes it, or because no caller says otherwise (the output convention).
 */
const CALLER_DECIDED = new Set(['siblings/squash-table.mjs', 'conventions-and-means.js']);
/**
 * Fixtures whose gradients are taken with respect to a parameter other than the primal's first
 * (a loss written (target, prediction) is differentiated in the prediction): this first-parameter
 * numeric check does not apply to them; fixtures.test.ts checks their verdicts through analyzeCode.
 */
const WRT_NOT_FIRST = new Set(['loss-target-prediction.js']);

test('every // expect: annotation in the fixtures is a paired gradient, and verdicts agree numerically', () => {
  const pairsByFile = allFixturePairs();
  let checkedNumerically = 0;
  let annotations = 0;
  const files = [...readdirSync(FIXTURES).filter((n) => /\.(ts|js)(\.txt)?$/.test(n)), ...readdirSync(join(FIXTURES, 'siblings')).map((n) => `siblings/${n}`)];
  for (const file of files) {
    const pairs = pairsByFile.get(file) ?? [];
    for (const e of expectations(file)) {
      annotations++;
      const p = pairs.find((x) => x.gradient.range.start.line === e.line);
      assert.ok(p, `${file}:${e.line + 1} is annotated "${e.verdict}" but no pair has a gradient there`);
      if (p.instances) {
        // Indexed by a class parameter: every class value is read, and judged on its own.
        const vs = p.instances.map((i) => numericVerdict(i.pair));
        assert.ok(p.instances.every((i) => !i.pair.primal.error && !i.pair.gradient.error), `${file}:${e.line + 1}: an instance is unread`);
        if (vs.some((v) => v === null)) continue;
        checkedNumerically++;
        assert.equal(vs.includes('mismatch') ? 'mismatch' : 'ok', e.verdict, `${file}:${e.line + 1} ${p.gradient.qualifiedName} per class: ${vs.join(', ')}`);
        continue;
      }
      const failed = p.primal.error ?? p.gradient.error;
      if (e.verdict === 'unverified' && p.weakFlag) {
        // A split on a boolean that is no derivative flag: both halves read, they are not a
        // derivative pair, and the checker says so in a note rather than a mismatch.
        assert.equal(failed, null);
        assert.equal(numericVerdict(p), 'mismatch', `${file}:${e.line + 1} (${p.gradient.qualifiedName})`);
        continue;
      }
      if (e.verdict === 'unverified') {
        assert.ok(failed, `${file}:${e.line + 1} (${p.gradient.qualifiedName}) should be unverified`);
        continue;
      }
      assert.equal(failed, null, `${file}:${e.line + 1} (${p.gradient.qualifiedName})`);
      // Roles taken from a caller in another file, or from the output convention, are not known to
      // this name-only numeric check (fixtures.test.ts checks those through analyzeCode).
      if (CALLER_DECIDED.has(file) || WRT_NOT_FIRST.has(file)) continue;
      const v = numericVerdict(p);
      if (v === null) continue;
      checkedNumerically++;
      assert.equal(v, e.verdict, `${file}:${e.line + 1} ${p.primal.qualifiedName} -> ${p.gradient.qualifiedName}`);
    }
  }
  assert.ok(annotations >= 50, `only ${annotations} annotations`);
  assert.ok(checkedNumerically >= 35, `only ${checkedNumerically} pairs checked numerically`);
});

test('pair kinds cover the whole enum on the fixtures', () => {
  const kinds = new Set([...allFixturePairs().values()].flat().map((p) => p.kind));
  for (const k of ['jsdoc', 'name', 'builtin', 'flag', 'object', 'constructor', 'class', 'sibling-file', 'tape', 'call-args', 'fused']) assert.ok(kinds.has(k as GradientPair['kind']), k);
});

test('script globals: a script file calls top-level functions of sibling scripts, never of modules, other folders or ambiguous names', () => {
  const layer = [
    'class Cube {',
    '  forward(x) { this.x = x; return triple(x) * x * x / 3; }',
    '  backward(dy) { return dy * triple(this.x) * this.x; }',
    '}',
  ].join('\n');
  const helper = 'function triple(v) { return 3 * v; }';
  const ok = pairFiles([{ path: 'web/cube.js', text: layer }, { path: 'web/util.js', text: helper }]);
  const p = ok.pairs.find((x) => x.gradient.qualifiedName === 'Cube.backward');
  assert.ok(p);
  assert.equal(p.primal.error, null);
  assert.equal(p.gradient.error, null);
  // A module's functions are not globals; nor are a script's in another folder.
  for (const files of [
    [{ path: 'web/cube.js', text: layer }, { path: 'web/util.js', text: `${helper}\nmodule.exports = { triple };` }],
    [{ path: 'web/cube.js', text: layer }, { path: 'lib/util.js', text: helper }],
    // Two siblings defining the name: which one the page loads last is not in the text.
    [{ path: 'web/cube.js', text: layer }, { path: 'web/util.js', text: helper }, { path: 'web/util2.js', text: 'function triple(v) { return v + v + v; }' }],
  ]) {
    const r = pairFiles(files);
    const q = r.pairs.find((x) => x.gradient.qualifiedName === 'Cube.backward');
    assert.match(q?.primal.error ?? q?.gradient.error ?? 'no pair', /unknown function triple|no pair/);
  }
});
