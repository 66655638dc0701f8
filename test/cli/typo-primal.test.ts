// A primal that reads a name its file declares nowhere (the author's typo of a local two lines
// up) throws a ReferenceError when run: its gradient is unverified, and the message names the
// undeclared name and the declared one it is likely a slip of. A name with no near miss keeps the
// plain "unknown variable" (it may be a global of the page). Written the same way without the
// typo, an output-form Jacobian that never reads its input argument is verified entry by entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

interface Finding { kind: string; verdict: string; message: string }

function derivatives(path: string): Map<string, Finding> {
  const r = runCli(['check', path, '--format', 'json']);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const all = (JSON.parse(r.stdout) as { files: { findings: Finding[] }[] }).files[0]!.findings.filter((f) => f.kind === 'derivative');
  return new Map(all.map((f) => [f.message.split(' ')[0]!, f]));
}

test('a primal reading an undeclared near-miss name: unverified, the typo named, never wrong', () => {
  const by = derivatives('test/fixtures/code/typo-primal-tables.js');
  const typo = by.get('squasherDerivatives.normalise');
  assert.ok(typo);
  assert.equal(typo.verdict, 'unverified');
  assert.match(typo.message, /epxs is declared nowhere in this file \(a typo of exps\?\).*ReferenceError/);
  assert.equal(by.get('squeezerDerivatives.normalise')?.verdict, 'ok', by.get('squeezerDerivatives.normalise')?.message);
  const slip = by.get('presserDerivatives.normalise');
  assert.equal(slip?.verdict, 'mismatch');
  assert.match(slip!.message, /in entry \[0\]\[1\]/);
});

test('an undeclared name with no declared near miss keeps the plain reason', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-typo-'));
  const file = join(dir, 'page.js');
  writeFileSync(file, [
    'function squash(x) { return x * pageGain; }',
    'function squashPrime(x) { return pageGain; }',
    '',
  ].join('\n'));
  const f = derivatives(file).get('squashPrime');
  assert.ok(f);
  assert.equal(f.verdict, 'unverified');
  assert.match(f.message, /reads unknown variable pageGain\)/);
  assert.doesNotMatch(f.message, /declared nowhere/);
});
