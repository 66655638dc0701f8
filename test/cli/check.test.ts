import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, REPO } from '../helpers/cli.js';
import { SEEDS } from '../helpers/seeds.js';

const FINDING_KEYS = ['kind', 'category', 'name', 'verdict', 'message', 'range', 'expression', 'derivative', 'maxRelError', 'worstPoint', 'saturation', 'instability'];

test('check on the shipped example catches the wrong claim like a compiler (exit 1)', () => {
  const r = runCli(['check', 'examples/']);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  // The slip first, the claim as readable math with its left side, the right derivative in the document's names.
  assert.match(lines[0]!, /^examples\/logistic-regression\.md:32:35: error: a factor x is missing, so ∂L\/∂w = \(ŷ − y\) is wrong\. At .* The right derivative is x·\(ŷ − y\)\.$/);
  assert.match(lines.at(-1)!, /^1 file checked: 1 wrong, \d+ right, 0 unverified, \d+ definitions$/);
});

test('check --format json follows the findings contract on the seeds (exit 1: seed 001 has a wrong claim)', () => {
  const r = runCli(['check', SEEDS, '--format', 'json']);
  assert.equal(r.status, 1, r.stderr);
  const j = JSON.parse(r.stdout) as { files: { path: string; findings: Record<string, unknown>[] }[] };
  assert.equal(j.files.length, 5);
  let findings = 0;
  for (const file of j.files) {
    for (const f of file.findings) {
      findings++;
      for (const k of FINDING_KEYS) assert.ok(k in f, `${file.path}: finding without ${k}`);
      assert.ok(['definition', 'derivative', 'equality', 'value', 'limit'].includes(f.kind as string));
      const range = f.range as { start: { line: number; character: number }; end: { line: number; character: number } };
      assert.ok(Number.isInteger(range.start.line) && range.start.line >= 0 && Number.isInteger(range.end.character));
      if (f.kind === 'definition') assert.equal(f.verdict, null);
      else assert.ok(['ok', 'mismatch', 'unverified'].includes(f.verdict as string));
    }
  }
  assert.ok(findings > 100);
  const wrong = j.files.flatMap((f) => f.findings.filter((x) => x.verdict === 'mismatch').map((x) => ({ ...x, path: f.path }) as Record<string, unknown> & { path: string }));
  assert.equal(wrong.length, 1);
  assert.match(wrong[0]!.path, /001_/);
  assert.deepEqual((wrong[0]!.range as { start: unknown }).start, { line: 30, character: 83 });
  const sigmoid = j.files.flatMap((f) => f.findings).find((x) => x.kind === 'definition' && x.name === 'sigmoid')!;
  assert.equal(sigmoid.category, 'activation');
  assert.deepEqual(sigmoid.saturation, [{ from: -20, to: -5.99 }, { from: 5.99, to: 20 }]);
});

test('bad input: a clear message and exit 2 for unreadable or binary files; empty files are fine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-check-'));
  try {
    writeFileSync(join(dir, 'empty.md'), '');
    assert.equal(runCli(['check', join(dir, 'empty.md')]).status, 0);
    writeFileSync(join(dir, 'blob.tex'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0xff, 0x00]));
    const bin = runCli(['check', join(dir, 'blob.tex')]);
    assert.equal(bin.status, 2);
    assert.match(bin.stdout, /blob\.tex: error: binary file, not text: not checked/);
    const missing = runCli(['check', join(dir, 'nope.md')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stdout, /nope\.md: error: no such file or folder/);
    writeFileSync(join(dir, 'broken.tex'), '\\[ \\frac{d}{dx} \\frob{x = 1 \\]\n\\[ x^2 = \\left( x \\]');
    const broken = runCli(['check', join(dir, 'broken.tex'), '--verbose']);
    assert.equal(broken.status, 0, broken.stdout);
    assert.match(broken.stdout, /note: cannot read this math/);
    for (const [args, re] of [[['check'], /needs files or folders/], [['check', dir, '--format', 'xml'], /--format must be/], [['check', dir, '--samples', '0'], /--samples must be/], [['check', dir, '--rtol', 'x'], /--rtol must be a number ≥ 0, got "x"/]] as const) {
      const r = runCli([...args]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, re);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('check --rtol and --samples reach the checks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-check-'));
  try {
    // GELU's tanh approximation is within 1e-3 of the erf form: wrong at the default tolerance, right at 1e-2.
    writeFileSync(join(dir, 'approx.md'), '$$\\frac{d}{dx}\\left[\\frac{x}{2}\\left(1 + \\operatorname{erf}\\left(\\frac{x}{\\sqrt{2}}\\right)\\right)\\right] = \\frac{1}{2}\\left(1 + \\operatorname{erf}\\left(\\frac{x}{\\sqrt{2}}\\right)\\right) + \\frac{x e^{-x^2/2}}{\\sqrt{2\\pi}} + 10^{-4}$$\n');
    assert.equal(runCli(['check', dir]).status, 1);
    assert.equal(runCli(['check', dir, '--atol', '1e-3']).status, 0);
    const count = (args: string[]) => Number(/of (\d+) points disagree/.exec(JSON.parse(runCli(['check', dir, ...args, '--format', 'json']).stdout).files[0].findings[0].message)![1]);
    assert.ok(count(['--samples', '8']) < count([]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  void REPO;
});

test('check reads TypeScript/JavaScript without running it: wrong gradients caught, the marker file never written', () => {
  const marker = '/tmp/gradlens-marker-code-fixture';
  rmSync(marker, { force: true });
  const r = runCli(['check', 'test/fixtures/code', '--format', 'json']);
  assert.equal(r.status, 1, r.stderr);
  const j = JSON.parse(r.stdout) as { files: { path: string; findings: { verdict: string | null; kind: string; message: string }[] }[] };
  const all = j.files.flatMap((f) => f.findings);
  assert.ok(all.some((f) => f.kind === 'derivative' && f.verdict === 'mismatch' && /is wrong/.test(f.message)));
  assert.ok(all.some((f) => f.kind === 'derivative' && f.verdict === 'ok'));
  assert.ok(j.files.some((f) => f.path.endsWith('runs-code.js')));
  const { existsSync } = require('node:fs') as typeof import('node:fs');
  assert.equal(existsSync(marker), false);
});
