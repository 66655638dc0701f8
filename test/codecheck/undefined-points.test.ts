// Points where a gradient has no value (issue 14, step "undefined is evidence in code"). A written
// derivation's form may simply not apply at such a point (ab/a for ∂(ab)/∂a says a ≠ 0), so there
// it is no evidence (issue 13). Gradient code runs: a backward step computing the other factors'
// product as product / factor returns NaN at a zero factor, and that NaN is the bug users hit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDerivative, parseExpression } from '../../src/core/index.js';
import { runCli } from '../helpers/cli.js';

const f = parseExpression('p * q * r');
const claim = parseExpression('(p * q * r) / p');

test('the same quotient form: no evidence in a derivation, a mismatch at the zero factor in code', () => {
  const written = checkDerivative({ f, wrt: 'p', claim, extraValues: [0] });
  assert.notEqual(written.verdict, 'mismatch', JSON.stringify(written.worst));
  const executed = checkDerivative({ f, wrt: 'p', claim, extraValues: [0], undefinedIsEvidence: true });
  assert.equal(executed.verdict, 'mismatch');
  assert.equal(executed.worst?.point['p'], 0);
  assert.ok(Number.isNaN(executed.worst?.actual));
  // Where the function's own derivative has no value either (1/x at 0), code is not blamed.
  const recip = checkDerivative({ f: parseExpression('1 / x'), wrt: 'x', claim: parseExpression('-1 / (x * x)'), extraValues: [0], undefinedIsEvidence: true });
  assert.equal(recip.verdict, 'ok');
});

test('gradlens check: a backward step dividing by its own factor is wrong at that factor = 0; the derivation is not', () => {
  const code = runCli(['check', 'test/fixtures/code/zero-factor-quotients.ts', '--format', 'json']);
  const findings = JSON.parse(code.stdout).files[0].findings as { verdict: string; message: string; worstPoint?: Record<string, number> }[];
  const wrong = findings.filter((x) => x.verdict === 'mismatch');
  assert.equal(wrong.length, 1, code.stdout);
  assert.match(wrong[0]!.message, /At this_v = 0\b.* it gives NaN/);
  assert.equal(findings.filter((x) => x.verdict === 'ok').length, 2, code.stdout);
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-undef-'));
  writeFileSync(join(dir, 'product.md'), 'Let $g(a, b) = a b$. Then\n\n$$\\frac{\\partial g}{\\partial a} = \\frac{a b}{a}$$\n');
  const doc = runCli(['check', join(dir, 'product.md'), '--format', 'json']);
  const dfs = JSON.parse(doc.stdout).files[0].findings as { verdict: string; message: string }[];
  assert.ok(dfs.length > 0, doc.stdout);
  assert.ok(dfs.every((x) => x.verdict !== 'mismatch'), doc.stdout);
});
