// Pieces that kink where the whole function is smooth (the stable logistic loss): the derivative
// there is what both sides agree on, checked through the real CLI as a process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const cli = join(process.cwd(), 'bin', 'gradlens.js');
const expr = (...args: string[]) => spawnSync(process.execPath, [cli, 'expr', ...args, '--format', 'json'], { encoding: 'utf8' });

test('the stable cross-entropy on logits has derivative sigmoid(z) - y, also at z = 0', () => {
  const r = expr('max(z,0) - z*y + log1p(exp(-abs(z)))', '--wrt', 'z', '--claim', '1/(1+exp(-z)) - y');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { check: { verdict: string; maxRelError: number } };
  assert.equal(out.check.verdict, 'ok', r.stdout);
  assert.ok(out.check.maxRelError < 1e-6, r.stdout);
});

test('a claim off at the joint is caught there, against the two-sided value', () => {
  const r = expr('max(z,0) - z*y + log1p(exp(-abs(z)))', '--wrt', 'z', '--claim', '(z > 0 ? 1 : 0) - y');
  const out = JSON.parse(r.stdout) as { check: { verdict: string; worst: { point: Record<string, number>; expected: number; actual: number } } };
  assert.equal(out.check.verdict, 'mismatch', r.stdout);
  // Wrong only at the joint z = 0, where the derivative is sigmoid(0) - y = 0.5 - y.
  assert.equal(out.check.worst.point.z, 0, r.stdout);
  assert.ok(Math.abs(out.check.worst.expected - (0.5 - out.check.worst.point.y!)) < 1e-6, r.stdout);
});

test('a real kink (ReLU at 0) still accepts any value between its one-sided derivatives', () => {
  const r = expr('max(x, 0)', '--wrt', 'x', '--claim', 'x > 0 ? 1 : 0');
  const out = JSON.parse(r.stdout) as { check: { verdict: string; kinks: number } };
  assert.equal(out.check.verdict, 'ok', r.stdout);
  assert.ok(out.check.kinks > 0, r.stdout);
});
