import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { REPO } from '../helpers/cli.js';

// Outside tools drive GradLens through the package's own exports, resolved from the repo root.
function node(args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, args, { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

test('require("gradlens") resolves the CommonJS build and gradcheck works', () => {
  const r = node(['-e', `
    const { gradcheck, assertGradcheck, GradcheckError } = require('gradlens');
    const sig = (x) => 1 / (1 + Math.exp(-x));
    const ok = gradcheck(sig, (x) => sig(x) * (1 - sig(x)));
    let threw = null;
    try { assertGradcheck(sig, (x) => sig(x), { name: 'sigmoidGrad' }); } catch (e) { threw = e; }
    console.log(JSON.stringify({ ok: ok.ok, checked: ok.checked, isErr: threw instanceof GradcheckError, msg: threw && threw.message }));
  `]);
  assert.equal(r.status, 0, r.out);
  const j = JSON.parse(r.out.trim());
  assert.equal(j.ok, true);
  assert.ok(j.checked >= 200);
  assert.equal(j.isErr, true);
  assert.match(j.msg, /^sigmoidGrad is wrong: at x = /);
});

test('import "gradlens" resolves the ESM build', () => {
  const r = node(['--input-type=module', '-e', `
    import { gradcheck, analyzeExpression } from 'gradlens';
    const r = gradcheck(Math.tanh, (x) => 1 + Math.tanh(x) ** 2);
    const a = analyzeExpression('x / (1 + exp(-x))');
    console.log(JSON.stringify({ ok: r.ok, verdict: r.verdict, id: a.catalog && a.catalog.id }));
  `]);
  assert.equal(r.status, 0, r.out);
  assert.deepEqual(JSON.parse(r.out.trim()), { ok: false, verdict: 'mismatch', id: 'silu' });
});

test('npx gradlens runs the CLI from the repo root', () => {
  const r = spawnSync('npx', ['--no-install', 'gradlens', '--version'], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout.trim(), /^\d+\.\d+\.\d+$/);
});
