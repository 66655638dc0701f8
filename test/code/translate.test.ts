// Each translation construct is checked numerically: the tree is evaluated with mathjs at a few
// points and compared with the same formula computed here in plain JS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freeVariables, toText } from '../../src/core/expr/tree.js';
import { translateSource } from '../../src/code/translate.js';
import { assertAgrees, evalNode, fnOf, okFn, output, xs } from './helpers.js';

const sig = (x: number) => 1 / (1 + Math.exp(-x));
const P = xs(-2.5, -0.3, 0, 0.7, 3);

test('function declarations, arrows, function expressions, exported or not', () => {
  const src = `
    export function a(x: number) { return x * x + 1; }
    const b = (x) => 2 * x - 3;
    let c = function (x) { return x / 4; };
    var d = (x: number): number => { return -x; };
    export const e = x => x ** 3;
    export default function (x) { return x + 10; }`;
  assertAgrees(okFn(src, 'a'), P, ({ x }) => x * x + 1);
  assertAgrees(okFn(src, 'b'), P, ({ x }) => 2 * x - 3);
  assertAgrees(okFn(src, 'c'), P, ({ x }) => x / 4);
  assertAgrees(okFn(src, 'd'), P, ({ x }) => -x);
  assertAgrees(okFn(src, 'e'), P, ({ x }) => x ** 3);
  assertAgrees(okFn(src, 'default'), P, ({ x }) => x + 10);
});

test('class methods, static methods, object-literal methods and properties, assignments, CommonJS exports', () => {
  const src = `
    class Act { forward(x) { return Math.tanh(x); } static d(x) { return 1 - Math.tanh(x) ** 2; } }
    const acts = { sigmoid: (x) => 1 / (1 + Math.exp(-x)), f(x) { return Math.exp(x); }, nested: { g: function (x) { return x * 5; } } };
    const obj = {};
    obj.h = function (x) { return x - 1; };
    module.exports.m = (x) => 7 * x;
    exports.n = function (x) { return x + 0.5; };
    Foo.prototype.p = function (x) { return x * x * x; };`;
  assertAgrees(okFn(src, 'Act.forward', 'a.js'), P, ({ x }) => Math.tanh(x));
  assertAgrees(okFn(src, 'Act.d', 'a.js'), P, ({ x }) => 1 - Math.tanh(x) ** 2);
  assertAgrees(okFn(src, 'acts.sigmoid', 'a.js'), P, ({ x }) => sig(x));
  assertAgrees(okFn(src, 'acts.f', 'a.js'), P, ({ x }) => Math.exp(x));
  assertAgrees(okFn(src, 'acts.nested.g', 'a.js'), P, ({ x }) => 5 * x);
  assertAgrees(okFn(src, 'obj.h', 'a.js'), P, ({ x }) => x - 1);
  assertAgrees(okFn(src, 'm', 'a.js'), P, ({ x }) => 7 * x);
  assertAgrees(okFn(src, 'n', 'a.js'), P, ({ x }) => x + 0.5);
  assertAgrees(okFn(src, 'Foo.p', 'a.js'), P, ({ x }) => x ** 3);
});

test('functions inside an IIFE/UMD wrapper see their siblings', () => {
  const src = `(function (global) {
    var K = 3;
    function helper(x) { return K * x; }
    global.f = function (x) { return helper(x) + 1; };
  })(this);`;
  assertAgrees(okFn(src, 'global.f', 'umd.js'), P, ({ x }) => 3 * x + 1);
});

test('let/const bindings, reassignment, compound assignment, ++', () => {
  const f = okFn(`function f(x) { const a = x + 1; let y = a * 2; y = y * y; y -= 3; y /= 2; let k = 0; k++; ++k; return y + k; }`, 'f');
  assertAgrees(f, P, ({ x }) => (((x + 1) * 2) ** 2 - 3) / 2 + 2);
});

test('if/else with early returns and ?: become piecewise trees', () => {
  const f = okFn(`function f(x) { if (x > 1) return 1; else if (x < -1) { return -1; } const t = x >= 0 ? x * x : -x * x; return t; }`, 'f');
  assertAgrees(f, xs(-3, -1, -0.5, 0, 0.5, 1, 2), ({ x }) => (x > 1 ? 1 : x < -1 ? -1 : x >= 0 ? x * x : -x * x));
  assert.equal(f.outputs[0]!.node.type, 'ConditionalNode');
});

test('if without return merges assignments from both branches', () => {
  const f = okFn(`function f(x) { let y = x; if (x < 0) { y = 0.1 * x; } else { y = y * 2; } if (y > 1) y = 1; return y; }`, 'f');
  assertAgrees(f, xs(-2, -0.1, 0, 0.3, 0.6, 4), ({ x }) => Math.min(x < 0 ? 0.1 * x : 2 * x, 1) === 1 && (x < 0 ? 0.1 * x : 2 * x) > 1 ? 1 : x < 0 ? 0.1 * x : 2 * x);
});

test('comparison and logical operators map onto the vocabulary', () => {
  const f = okFn(`function f(x, y) { if (x > 0 && y > 0) return 1; if (x === y || !(x < 5)) return 2; if (x !== 0 && x != 1 && x <= 3 && x >= -3 && x == x) return 3; return 4; }`, 'f');
  const pts = [[1, 2], [-1, -1], [6, -1], [2, -5], [0, -2], [1, -2], [-4, 0]].map(([x, y]) => ({ x: x!, y: y! }));
  assertAgrees(f, pts, ({ x, y }) => (x! > 0 && y! > 0 ? 1 : x === y || !(x! < 5) ? 2 : x !== 0 && x !== 1 && x! <= 3 && x! >= -3 ? 3 : 4));
  const ops = new Set<string>();
  output(f).traverse((n) => {
    if (n.type === 'OperatorNode') ops.add((n as unknown as { fn: string }).fn);
  });
  for (const o of ['larger', 'and', 'equal', 'or', 'not', 'smaller', 'unequal', 'smallerEq', 'largerEq']) assert.ok(ops.has(o), `missing ${o}`);
});

test('Math functions and constants', () => {
  const src = `function f(x) {
    return Math.exp(x) + Math.log(x + 5) + Math.log1p(x * x) + Math.expm1(x) + Math.sqrt(x + 5) + Math.cbrt(x) + Math.abs(x)
      + Math.sign(x) + Math.max(x, 0.5) + Math.min(x, 0, -1) + Math.pow(x, 2) + Math.tanh(x) + Math.sinh(x) + Math.cosh(x)
      + Math.sin(x) + Math.cos(x) + Math.tan(x) + Math.atan(x) + Math.asinh(x) + Math.log2(x + 5) + Math.log10(x + 5)
      + Math.hypot(x, 3) + Math.PI + Math.E + Math.LN2 + Math.SQRT2 + Math.SQRT1_2 + Math.LOG2E + Number.EPSILON;
  }
  function g(x) { return Math.asin(x / 4) + Math.acos(x / 4) + Math.atanh(x / 4) + Math.acosh(x * x + 1); }`;
  assertAgrees(okFn(src, 'f'), P, ({ x }) => Math.exp(x) + Math.log(x + 5) + Math.log1p(x * x) + Math.expm1(x) + Math.sqrt(x + 5) + Math.cbrt(x)
    + Math.abs(x) + Math.sign(x) + Math.max(x, 0.5) + Math.min(x, 0, -1) + x ** 2 + Math.tanh(x) + Math.sinh(x) + Math.cosh(x)
    + Math.sin(x) + Math.cos(x) + Math.tan(x) + Math.atan(x) + Math.asinh(x) + Math.log2(x + 5) + Math.log10(x + 5)
    + Math.hypot(x, 3) + Math.PI + Math.E + Math.LN2 + Math.SQRT2 + Math.SQRT1_2 + Math.LOG2E + Number.EPSILON);
  assertAgrees(okFn(src, 'g'), P, ({ x }) => Math.asin(x / 4) + Math.acos(x / 4) + Math.atanh(x / 4) + Math.acosh(x * x + 1));
});

test('non-differentiable or non-vocabulary Math functions make the function unverified', () => {
  for (const m of ['floor', 'round', 'ceil', 'trunc', 'random', 'atan2']) {
    const f = fnOf(`function f(x) { return Math.${m}(x, 1); }`, 'f');
    assert.match(f.error ?? '', new RegExp(`Math\\.${m}`));
    assert.deepEqual(f.outputs, []);
  }
});

test('** , unary minus, numeric literal forms, parentheses, TS assertions and non-null', () => {
  const f = okFn(`function f(x: number | undefined) { const y = (x as number)!; return -(y ** 2) + 1e-3 + 0x10 + 1_000 + <number>y + (y satisfies number); }`, 'f');
  assertAgrees(f, P, ({ x }) => -(x ** 2) + 1e-3 + 16 + 1000 + 2 * x);
});

test('calls to other functions in the file are inlined; recursion is refused', () => {
  const src = `const sq = (t) => t * t;
    function sigmoid(z) { return 1 / (1 + Math.exp(-z)); }
    function f(x) { return sigmoid(sq(x)) * sq(x + 1); }
    function r(x) { return x < 0 ? 0 : r(x - 1); }
    function m1(x) { return m2(x); } function m2(x) { return m1(x); }`;
  assertAgrees(okFn(src, 'f'), P, ({ x }) => sig(x * x) * (x + 1) ** 2);
  assert.match(fnOf(src, 'r').error ?? '', /recursive call to r/);
  assert.match(fnOf(src, 'm1').error ?? '', /recursive call/);
});

test('module-level constants and constant objects are substituted', () => {
  const src = `const ALPHA = 0.01; const SELU_SCALE = 1.0507009873554805; var OLD = 2; const cfg = { beta: 3, inner: { g: 0.5 } };
    export function f(x) { return x > 0 ? SELU_SCALE * x : ALPHA * x * OLD * cfg.beta * cfg.inner.g; }`;
  assertAgrees(okFn(src, 'f'), xs(-2, 1.5), ({ x }) => (x > 0 ? 1.0507009873554805 * x : 0.01 * x * 2 * 3 * 0.5));
  assert.deepEqual(freeVariables(output(okFn(src, 'f'))), ['x']);
});

test('a typo in a property of a known object is an error, not NaN', () => {
  const f = fnOf(`const params = { alpha: 0.01 }; function f(x) { return x > 0 ? x : params.alphs * x; }`, 'f');
  assert.equal(f.error, 'reads undefined property params.alphs (value would be NaN)');
  assert.deepEqual(f.outputs, []);
});

test('this: constructor literals become numbers, other properties become this_<name>', () => {
  const src = `class L { constructor(alpha, n) { this.alpha = alpha; this.k = 2; this.n = n; } beta = 0.5;
    f(x) { return x > 0 ? this.k * x * this.beta : this.alpha * x; }
    g(x) { return this.f(x) + this.gamma; } }`;
  const f = okFn(src, 'L.f');
  assert.deepEqual(freeVariables(output(f)).sort(), ['this_alpha', 'x']);
  for (const p of [{ x: 2, this_alpha: 0.1 }, { x: -2, this_alpha: 0.1 }]) assert.equal(evalNode(output(f), p), p.x > 0 ? 2 * p.x * 0.5 : 0.1 * p.x);
  const g = okFn(src, 'L.g');
  assert.equal(evalNode(output(g), { x: 3, this_alpha: 0.1, this_gamma: 7 }), 3 + 7);
});

test('parameters: defaults recorded, destructured parameters unverified, reserved names renamed', () => {
  const f = okFn(`function f(x, alpha = 0.01, e) { return x > 0 ? x : alpha * x + e; }`, 'f');
  assert.equal(f.params[1]!.defaultValue, 0.01);
  assert.deepEqual(f.params.map((p) => p.symbols), [['x'], ['alpha'], ['e_']]);
  assert.equal(evalNode(output(f), { x: -1, alpha: 0.5, e_: 2 }), 1.5);
  assert.match(fnOf(`function g({ x }) { return x; }`, 'g').error ?? '', /destructured/);
});

test('vectors: typed params expand to x_0..x_{n-1}; @dims sets n; loops, reduce, map, spread', () => {
  const src = `
    /** @dims 4 */
    export function sumsq(x: number[]) { let s = 0; for (let i = 0; i < x.length; i++) { s += x[i] * x[i]; } return s; }
    export function dot(a: readonly number[], b: Array<number>) { return a.reduce((s, v, i) => s + v * b[i], 0); }
    export function softmax(z: Float64Array) { const m = Math.max(...z); const e = z.map((v) => Math.exp(v - m)); const t = e.reduce((p, q) => p + q, 0); return e.map((v) => v / t); }
    export function ofLoop(x: number[]) { let p = 1; for (const v of x) p *= v; return [p, x[0] - x[2]]; }
    /** @param {number[]} x */
    export function jsdocTyped(x) { const out = new Array(x.length).fill(0); for (let i = 0; i < x.length; i++) out[i] = 2 * x[i]; return out; }`;
  const sumsq = okFn(src, 'sumsq');
  assert.deepEqual(sumsq.params[0]!.symbols, ['x_0', 'x_1', 'x_2', 'x_3']);
  assert.equal(evalNode(output(sumsq), { x_0: 1, x_1: 2, x_2: 3, x_3: 4 }), 30);
  const dot = okFn(src, 'dot');
  assert.equal(evalNode(output(dot), { a_0: 1, a_1: 2, a_2: 3, b_0: 4, b_1: 5, b_2: 6 }), 32);
  const sm = okFn(src, 'softmax');
  assert.deepEqual(sm.outputs.map((o) => o.key), ['0', '1', '2']);
  const z = [0.5, -1, 2];
  const ez = z.map((v) => Math.exp(v - 2));
  const scope = { z_0: z[0]!, z_1: z[1]!, z_2: z[2]! };
  sm.outputs.forEach((o, i) => assert.ok(Math.abs(evalNode(o.node, scope) - ez[i]! / (ez[0]! + ez[1]! + ez[2]!)) < 1e-12));
  const ol = okFn(src, 'ofLoop');
  assert.equal(evalNode(output(ol, '0'), { x_0: 2, x_1: 3, x_2: 4 }), 24);
  assert.equal(evalNode(output(ol, '1'), { x_0: 2, x_1: 3, x_2: 4 }), -2);
  const jt = okFn(src, 'jsdocTyped', 'v.js');
  assert.equal(jt.params[0]!.kind, 'vector');
  assert.deepEqual(jt.outputs.map((o) => evalNode(o.node, { x_0: 1, x_1: -2, x_2: 5 })), [2, -4, 10]);
});

test('untyped JS parameters used as arrays are vectors', () => {
  const f = okFn(`function mean(xs) { var s = 0; for (var i = 0; i < xs.length; i++) s += xs[i]; return s / xs.length; }`, 'mean', 'm.js');
  assert.equal(f.params[0]!.kind, 'vector');
  assert.equal(evalNode(output(f), { xs_0: 1, xs_1: 2, xs_2: 6 }), 3);
});

test('object-literal results give keyed outputs; nested arrays get indexed keys', () => {
  const f = okFn(`function g(p: number, y: number) { const d = p - y; return { dp: 2 * d, dy: -2 * d, both: [d, -d] }; }`, 'g');
  assert.deepEqual(f.outputs.map((o) => o.key), ['dp', 'dy', 'both[0]', 'both[1]']);
  assert.equal(evalNode(output(f, 'dy'), { p: 3, y: 1 }), -4);
  assert.equal(evalNode(output(f, 'both[1]'), { p: 3, y: 1 }), -2);
});

test('writes into arguments are outputs keyed by path; accumulation starts from 0', () => {
  const f = okFn(`function backward(x, y) { for (let i = 0; i < 3; i++) { x.dw[i] += y.w[i] * (1 - y.w[i]) * y.dw[i]; } }`, 'backward', 'b.js');
  assert.deepEqual(f.outputs, []);
  assert.deepEqual(f.writes.map((w) => w.key), ['x.dw[0]', 'x.dw[1]', 'x.dw[2]']);
  assert.equal(evalNode(output(f, 'x.dw[1]'), { y_w_1: 0.25, y_dw_1: 2 }), 0.25 * 0.75 * 2);
  assert.ok(!freeVariables(output(f, 'x.dw[0]')).includes('x_dw_0'));
  assert.deepEqual(f.params[1]!.symbols, ['y_dw_0', 'y_dw_1', 'y_dw_2', 'y_w_0', 'y_w_1', 'y_w_2']);
});

test('conditional writes merge per path', () => {
  const f = okFn(`function relu_backward(x: number[], dy: number[], dx: number[]) { for (let i = 0; i < x.length; i++) { if (x[i] > 0) dx[i] = dy[i]; else dx[i] = 0; } }`, 'relu_backward');
  assert.equal(evalNode(output(f, 'dx[0]'), { x_0: 1, dy_0: 5 }), 5);
  assert.equal(evalNode(output(f, 'dx[2]'), { x_2: -1, dy_2: 5 }), 0);
});

test('switch on a string constant and typeof fold away', () => {
  const f = okFn(`const KIND = 'tanh'; function act(x) { switch (KIND) { case 'relu': return Math.max(0, x); case 'tanh': return Math.tanh(x); default: return x; } }`, 'act');
  assertAgrees(f, P, ({ x }) => Math.tanh(x));
});

test('TF.js element-wise ops, functions and chained methods', () => {
  const src = `import * as tf from '@tensorflow/tfjs';
    export function f(x) { return tf.add(tf.mul(tf.scalar(2), tf.square(x)), tf.div(tf.neg(tf.exp(x)), tf.sub(3, tf.tanh(x)))); }
    export function g(x) { return x.mul(3).add(tf.relu(x)).sub(tf.log(tf.sigmoid(x))); }
    export function h(x) { return tf.tidy(() => tf.sum(x)); }`;
  assertAgrees(okFn(src, 'f'), P, ({ x }) => 2 * x * x + -Math.exp(x) / (3 - Math.tanh(x)));
  assertAgrees(okFn(src, 'g'), P, ({ x }) => 3 * x + Math.max(x, 0) - Math.log(sig(x)));
  assert.match(fnOf(src, 'h').error ?? '', /tf\.sum/);
});

test('each unsupported construct gives a specific reason', () => {
  const cases: [string, RegExp][] = [
    ['function f(x, n) { let s = 0; for (let i = 0; i < n; i++) s += x; return s; }', /loop with a data-dependent bound/],
    ['let count = 0; function f(x) { count = count + 1; return x; }', /mutates outer state \(count\)/],
    ['function f(x) { console.log(x); return x; }', /I\/O \(console\.log\)/],
    ['function f(x) { return foo(x); }', /calls unknown function foo/],
    ['function f(x) { return x % 2; }', /% operator/],
    ['function f(x: number[], j: number) { return x[j]; }', /index into x depends on data/],
    ['function f(x) { if (x > 0) return x; }', /undefined on some paths/],
    ['async function f(x) { return await x; }', /asynchronous/],
    ['function f(x) { for (let i = 0; i < 3; i++) { if (i === 1) break; } return x; }', /break\/continue/],
    ['function f(x) { return x.toFixed(2); }', /toFixed/],
    ["import { g } from './g'; function f(x) { return g(x); }", /imported from \.\/g/],
  ];
  for (const [src, why] of cases) {
    const f = fnOf(src, 'f');
    assert.match(f.error ?? 'no error', why, src);
    assert.deepEqual(f.outputs, []);
  }
});

test('ranges, names and JSDoc are recorded', () => {
  const src = `// header\n/**\n * The logistic function.\n * @gradient sigmoidPrime\n * @wrt x\n */\nexport function sigmoid(x: number) {\n  return 1 / (1 + Math.exp(-x));\n}\n`;
  const f = okFn(src, 'sigmoid');
  assert.deepEqual(f.nameRange.start, { line: 6, character: 16 });
  assert.equal(f.range.start.line, 6);
  assert.equal(f.range.end.line, 8);
  assert.deepEqual(f.jsdoc.tags['gradient'], ['sigmoidPrime']);
  assert.deepEqual(f.jsdoc.tags['wrt'], ['x']);
  assert.equal(f.jsdoc.text, 'The logistic function.');
  assert.equal(f.file, 'snippet.ts');
});

test('script kind follows the extension (TSX and JSX parse)', () => {
  for (const ext of ['ts', 'tsx', 'mts', 'cts', 'js', 'mjs', 'cjs', 'jsx']) {
    const typed = ext.includes('t') && !ext.startsWith('j') && ext !== 'cjs' && ext !== 'mjs';
    const src = typed ? 'export const f = (x: number): number => x * 2;' : 'export const f = (x) => x * 2;';
    const t = translateSource(`a.${ext}`, src);
    assert.deepEqual(t.diagnostics, [], ext);
    assert.equal(toText(output(t.functions[0]!)), 'x * 2');
  }
});

test('a function whose tree would explode is stopped by the node budget', () => {
  const body = Array.from({ length: 40 }, () => 'y = y * y + y;').join(' ');
  const f = fnOf(`function f(x) { let y = x; ${body} return y; }`, 'f');
  assert.match(f.error ?? '', /budget|grows beyond|too deeply nested/);
});
