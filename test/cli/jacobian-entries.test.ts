// `gradlens check` on Jacobians of softmax and log-softmax written as library code writes them
// (no size annotation; loops filling J[i][j], a returned literal of rows, map-built rows): right
// ones are verified entry by entry, and one wrong entry is reported at its own row and column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';

interface Finding { kind: string; verdict: string; message: string; range: { start: { line: number } } }

function check(): Map<string, Finding> {
  const r = runCli(['check', 'test/fixtures/code/jacobian-entries.js', '--format', 'json']);
  assert.equal(r.status, 1, r.stderr); // the file has wrong gradients: exit 1
  const all = (JSON.parse(r.stdout) as { files: { findings: Finding[] }[] }).files[0]!.findings.filter((f) => f.kind === 'derivative');
  return new Map(all.map((f) => [f.message.split(' ')[0]!, f]));
}

test('softmax and log-softmax Jacobians without size annotations are verified in every entry', () => {
  const by = check();
  for (const name of ['softmaxJacobian', 'logSoftmaxJacobian']) {
    const f = by.get(name);
    assert.ok(f, `${name}: ${[...by.keys()].join(', ')}`);
    assert.equal(f.verdict, 'ok', f.message);
    assert.match(f.message, /all 9 outputs \(\[0\]\[0\], \[0\]\[1\]/);
  }
});

test('a single wrong Jacobian entry is named by its own i and j, and no other entry is blamed', () => {
  const by = check();
  const cases: [string, string, string][] = [['softmax2Jacobian', '0', '1'], ['logSoftmax3Jacobian', '2', '1']];
  for (const [name, i, j] of cases) {
    const f = by.get(name);
    assert.ok(f, name);
    assert.equal(f.verdict, 'mismatch', f.message);
    assert.match(f.message, new RegExp(`in entry \\[${i}\\]\\[${j}\\] \\(the partial of output ${i} with respect to z_${j}\\)`));
    assert.doesNotMatch(f.message, /Also wrong/);
  }
});
