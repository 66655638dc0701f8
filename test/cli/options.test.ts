// One rule for rtol, atol and samples, whoever sets them: a flag, a directive, an editor setting
// or package.json's settings schema. Each reports a bad value its own way, in the same words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, REPO } from '../helpers/cli.js';
import { MAX_SAMPLES, MIN_SAMPLES, checkOptionValue } from '../../src/core/check/tolerance.js';
import { readSettings } from '../../src/server/settings.js';

test('the rule: tolerances are finite numbers ≥ 0, samples whole numbers in [8, 100000]', () => {
  for (const ok of [0, 1e-9, '1e-6', 3]) assert.equal(checkOptionValue('rtol', ok).error, undefined, String(ok));
  for (const bad of [-1, 'x', '', NaN, Infinity, null, '1e400']) assert.match(checkOptionValue('atol', bad).error ?? '', /^atol must be a number ≥ 0, got /, String(bad));
  for (const ok of [8, '500', 100_000]) assert.equal(checkOptionValue('samples', ok).error, undefined, String(ok));
  for (const bad of [0, 7, 100_001, 12.5, 'many']) assert.match(checkOptionValue('samples', bad).error ?? '', /^samples must be a whole number from 8 to 100000, got /, String(bad));
});

test('a bad flag, a bad directive and a bad setting meet the same rule', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-options-'));
  try {
    writeFileSync(join(dir, 'a.md'), '<!-- gradlens: samples 3 -->\n$$\\frac{d}{dx} x^2 = 2x$$\n');
    const flag = runCli(['check', dir, '--samples', '3']);
    assert.equal(flag.status, 2);
    assert.match(flag.stderr, /--samples must be a whole number from 8 to 100000, got "3"/);
    const directive = runCli(['check', dir, '--verbose']);
    assert.match(directive.stdout, /gradlens directive: samples must be a whole number from 8 to 100000, got "3"/);
    // The atol of a two-number tolerance directive reaches the check (it used to be refused).
    writeFileSync(join(dir, 'a.md'), '<!-- gradlens: tolerance 1e-6 1e-9 -->\n$$\\frac{d}{dx} x^2 = 2x$$\n');
    assert.doesNotMatch(runCli(['check', dir, '--verbose']).stdout, /directive/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(readSettings({ rtol: 0, atol: -1, samples: 3 }), { severity: 'error', rtol: 0 });
  assert.deepEqual(readSettings({ rtol: null, samples: 500 }), { severity: 'error', samples: 500 });
});

test("package.json's settings schema states the same bounds", () => {
  const props = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).contributes.configuration.properties;
  assert.equal(props['gradlens.samples'].minimum, MIN_SAMPLES);
  assert.equal(props['gradlens.samples'].maximum, MAX_SAMPLES);
  assert.equal(props['gradlens.rtol'].minimum, 0);
  assert.equal(props['gradlens.atol'].minimum, 0);
});
