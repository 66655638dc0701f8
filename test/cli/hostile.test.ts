import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { explosiveClaims, runawayDocument } from '../helpers/hostile.js';

/**
 * A number too large for float64 (a tower of powers, e to a huge power, a limit whose sequence
 * meets one) must cost nothing, and a formula that explodes when definitions are substituted must
 * stop at the equation's budget: unverified as too large to check in time, the rest still judged.
 */
function inDir<T>(files: Record<string, string>, run: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-hostile-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('each explosive formula alone: a verdict or "too large to check in time" within seconds, never a crash', () => {
  for (const { name, text } of explosiveClaims()) {
    inDir({ 'one.md': `${text}\n` }, (dir) => {
      const started = Date.now();
      const r = runCli(['check', join(dir, 'one.md'), '--format', 'json'], { timeoutMs: 20_000 });
      const ms = Date.now() - started;
      assert.ok(r.status === 0 || r.status === 1, `${name}: exit ${r.status} ${r.stderr.slice(0, 300)}`);
      assert.ok(ms < 8000, `${name}: took ${ms} ms`);
      const findings = (JSON.parse(r.stdout) as { files: { findings: { verdict: string | null; message: string }[] }[] }).files[0]!.findings;
      assert.ok(findings.length > 0, `${name}: no findings`);
    });
  }
});

test('a number beyond float64 is judged at once: 9^(9^9) and e^(10^8) are not 1, the limit of e^x is not 0', () => {
  inDir({ 'big.md': '$9^{9^9} = 1$\n\n$e^{1e8} = 1$\n\n$\\lim_{x\\to\\infty} e^x = 0$\n\n$e^{-1e8} = 0$\n' }, (dir) => {
    const started = Date.now();
    const r = runCli(['check', join(dir, 'big.md'), '--verbose'], { timeoutMs: 20_000 });
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /1 file checked: 3 wrong, 1 right, 0 unverified/);
  });
});

test('a 10 KB derivation with explosive formulas among ordinary claims: within the budget, the explosion unverified, the rest judged', () => {
  const text = runawayDocument();
  assert.ok(text.length > 8000 && text.length < 12_000);
  inDir({ 'homework.md': text }, (dir) => {
    const started = Date.now();
    const r = runCli(['check', join(dir, 'homework.md'), '--format', 'json'], { timeoutMs: 30_000 });
    const ms = Date.now() - started;
    assert.equal(r.status, 1, r.stderr);
    assert.ok(ms < 10_000, `took ${ms} ms`);
    const findings = (JSON.parse(r.stdout) as { files: { findings: { kind: string; verdict: string | null; message: string; expression: string | null }[] }[] }).files[0]!.findings;
    const tooLarge = findings.filter((f) => f.verdict === 'unverified' && /too large to check in time/.test(f.message));
    assert.ok(tooLarge.length >= 1, 'the substituted chain is reported as too large');
    // Every ordinary σ' claim after the explosions is still judged right, every softplus slip wrong.
    const sigmoidRight = findings.filter((f) => f.kind === 'derivative' && /sigma\(z_\d+\) \* \(1 - sigma/.test(f.expression ?? '') && f.verdict === 'ok');
    const softplusWrong = findings.filter((f) => f.kind === 'derivative' && f.verdict === 'mismatch' && /sigma\(-z_\d+\)/.test(f.expression ?? ''));
    const paragraphs = (text.match(/the logistic function/g) ?? []).length;
    assert.equal(sigmoidRight.length, paragraphs, findings.filter((f) => f.kind === 'derivative').slice(0, 3).map((f) => f.expression).join(' | '));
    assert.equal(softplusWrong.length, paragraphs);
  });
});
