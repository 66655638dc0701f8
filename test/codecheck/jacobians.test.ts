// Jacobians as nested arrays, through the CLI as a user runs it: each entry [i][j] is checked
// against the partial of output i with respect to input j, and a wrong entry is named by its index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

interface Finding { kind: string; verdict: string; message: string; range: { start: { line: number } } }

function findings(): Finding[] {
  const cli = join(process.cwd(), 'bin', 'gradlens.js');
  const r = spawnSync(process.execPath, [cli, 'check', join('test', 'fixtures', 'code', 'jacobians.ts'), '--format', 'json'], { encoding: 'utf8' });
  return (JSON.parse(r.stdout) as { files: { findings: Finding[] }[] }).files[0]!.findings.filter((f) => f.kind === 'derivative');
}

test('softmax and log-softmax Jacobians are verified entry by entry', () => {
  const all = findings();
  for (const name of ['softmaxJacobian', 'logSoftmaxJacobian']) {
    const f = all.find((x) => x.message.startsWith(`${name} `));
    assert.ok(f, name);
    assert.equal(f.verdict, 'ok', f.message);
    assert.match(f.message, /all 9 outputs/);
  }
});

test('a wrong entry is caught at its own index and no other', () => {
  const f = findings().find((x) => x.message.startsWith('pairMapJacobian '))!;
  assert.equal(f.verdict, 'mismatch', f.message);
  assert.match(f.message, /in entry \[1\]\[0\] \(the partial of output 1 with respect to v_0\)/);
  assert.doesNotMatch(f.message, /Also wrong/);
});
