// Python gradients checked end to end (lang/python/analyze.ts): every `# expect:` annotation in
// test/fixtures/python agrees with the verdict, mismatches name a point, unverified ones a reason,
// and no derivative verdict appears where no annotation is (zero false alarms on these files).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { preparePython } from '../../../src/code/lang/python/runtime.js';
import { analyzePython } from '../../../src/code/lang/python/analyze.js';

const DIR = join(process.cwd(), 'test', 'fixtures', 'python');

function expectations(text: string): { line: number; verdict: string; why: string }[] {
  const lines = text.split('\n');
  const out: { line: number; verdict: string; why: string }[] = [];
  lines.forEach((l, i) => {
    const m = /^# expect: (ok|mismatch|unverified)\s*(?:\((.*)\))?/.exec(l);
    if (m) out.push({ line: i + 1, verdict: m[1]!, why: m[2] ?? '' });
  });
  return out;
}

before(async () => {
  await preparePython();
});

test('every # expect: annotation in the Python fixtures agrees with the checker', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.py'));
  assert.ok(files.length >= 4);
  const wrong: string[] = [];
  let total = 0;
  for (const name of files) {
    const text = readFileSync(join(DIR, name), 'utf8');
    const r = analyzePython(name, text);
    assert.equal(r.error ?? null, null, `${name}: ${r.error}`);
    const derivs = r.findings.filter((f) => f.kind === 'derivative');
    const annotated = expectations(text);
    for (const e of annotated) {
      total++;
      const f = derivs.find((d) => d.range.start.line === e.line);
      if (!f) { wrong.push(`${name}:${e.line + 1}: no verdict (expected ${e.verdict})`); continue; }
      if (f.verdict !== e.verdict) wrong.push(`${name}:${e.line + 1}: expected ${e.verdict} (${e.why}), got ${f.verdict}: ${f.message}`);
      if (e.verdict === 'mismatch') assert.match(f.message, / is wrong.*At .+ = .+ it gives /, f.message);
      if (e.verdict === 'unverified') assert.match(f.message, /could not be verified: \S.{8,}/, f.message);
    }
    // Flag-split functions (`def logistic(x, deriv=False)`) report at the def line itself.
    for (const d of derivs) {
      const flagged = /\[\w+=true\]/.test(d.message);
      if (!flagged && !annotated.some((e) => e.line === d.range.start.line)) wrong.push(`${name}:${d.range.start.line + 1}: unannotated verdict ${d.verdict}: ${d.message}`);
    }
  }
  assert.deepEqual(wrong, []);
  assert.ok(total >= 25, `only ${total} annotations`);
});

test('a derivative flag splits a Python function into its two halves, and a slip in the flagged half is caught', () => {
  const text = readFileSync(join(DIR, 'slips.py'), 'utf8');
  const d = analyzePython('slips.py', text).findings.find((f) => f.kind === 'derivative' && /logistic\[deriv=true\]/.test(f.message));
  assert.ok(d);
  assert.equal(d.verdict, 'mismatch');
  const ok = analyzePython('a.py', readFileSync(join(DIR, 'activations.py'), 'utf8')).findings.find((f) => /gelu_tanh\[deriv=true\]/.test(f.message));
  assert.equal(ok?.verdict, 'ok');
});

test('constructs the reader does not follow are named in the reason', () => {
  const r = analyzePython('u.py', readFileSync(join(DIR, 'unverified.py'), 'utf8'));
  const msgs = r.findings.filter((f) => f.verdict === 'unverified').map((f) => f.message).join('\n');
  assert.match(msgs, /x\.shape/);
  assert.match(msgs, /numpy\.sum/);
  assert.match(msgs, /sum\(…\)/);
});

test('an output-form helper is judged by the names and its callers, as for TS', () => {
  const text = `import numpy as np
def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def sigmoid_grad(q):
    return q * (1 - q)

def use(z):
    return sigmoid_grad(sigmoid(z))
`;
  const d = analyzePython('o.py', text).findings.find((f) => f.kind === 'derivative')!;
  assert.equal(d.verdict, 'ok', d.message);
  assert.match(d.message, /output/);
  // The same helper, with a caller that passes the input: now the reading is the input, and it is wrong.
  const wrongCall = text.replace('sigmoid_grad(sigmoid(z))', 'sigmoid_grad(z)') + '\ndef other(z):\n    return sigmoid(z) + sigmoid_grad(z)\n';
  const w = analyzePython('o.py', wrongCall).findings.find((f) => f.kind === 'derivative')!;
  assert.notEqual(w.verdict, 'ok');
});
