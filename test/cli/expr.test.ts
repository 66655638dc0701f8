import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';

test('expr names the catalog entry, prints the derivative, saturation, and passes a right claim (exit 0)', () => {
  const r = runCli(['expr', '1/(1+exp(-z))', '--claim', 'sigmoid(z)*(1-sigmoid(z))']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /catalog\s+activation: logistic sigmoid \(sigmoid\)/);
  assert.match(r.stdout, /d\/dz\s+exp\(-z\) \/ \(exp\(-z\) \+ 1\) \^ 2/);
  assert.match(r.stdout, /claim\s+ok: .* is right/);
  assert.match(r.stdout, /saturates for \|z\| > 5\.99/);
});

test('expr catches a wrong claim with the point and both values (exit 1)', () => {
  const r = runCli(['expr', 'log(1+exp(x))', '--claim', 'sigmoid(-x)']);
  assert.equal(r.status, 1, r.stderr);
  const m = /WRONG: .* at x = (-?[\d.e+-]+) it gives (-?[\d.e+-]+), the true derivative is (-?[\d.e+-]+)/.exec(r.stdout);
  assert.ok(m, r.stdout);
  const x = Number(m[1]);
  assert.ok(Math.abs(Number(m[2]) - 1 / (1 + Math.exp(x))) < 1e-5);
  assert.ok(Math.abs(Number(m[3]) - 1 / (1 + Math.exp(-x))) < 1e-5);
  // softplus written naively overflows: the instability line gives the stable form.
  assert.match(r.stdout, /instability\s+7\d\d ≤ x ≤ 1000: overflows/);
  assert.match(r.stdout, /stable form: max\(x, 0\) \+ log1p\(exp\(-abs\(x\)\)\)/);
});

test('expr accepts option values that start with a dash, and --format json is machine-readable', () => {
  const r = runCli(['expr', '(y - yhat)^2', '--wrt', 'yhat', '--claim', '-2*(y-yhat)', '--range', '-5', '5', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.wrt, 'yhat');
  assert.equal(j.catalog.id, 'squared_error');
  assert.equal(j.check.verdict, 'ok');
  assert.ok(j.check.checked >= 50);
  assert.deepEqual(j.variables.sort(), ['y', 'yhat']);
});

test('bad input gets a clear message and exit status 2', () => {
  const cases: [string[], RegExp][] = [
    [['expr', 'foo(x'], /cannot parse/],
    [['expr', 'evil(x)'], /unknown function "evil"/],
    [['expr', 'x^2', '--wrt', 'q'], /no variable "q"/],
    [['expr', 'x^2', '--range', '5', '1'], /empty/],
    [['expr', 'x^2', '--range', '5'], /two values/],
    [['expr', 'x^2', '--samples', 'many'], /--samples must be a whole number from 8 to 100000/],
    [['expr', 'x^2', '--bogus'], /Unknown option/],
    [['expr'], /needs an expression/],
    [['frobnicate'], /unknown command/],
    [[], /Usage:/],
  ];
  for (const [args, re] of cases) {
    const r = runCli(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr + r.stdout, re, args.join(' '));
  }
});

test('a 100 KB expression is refused quickly, not parsed for minutes', () => {
  const huge = Array.from({ length: 20_000 }, (_, i) => `x^${i % 7}`).join('+');
  const t = Date.now();
  const r = runCli(['expr', huge]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /characters long; the limit is/);
  assert.ok(Date.now() - t < 20_000);
});
