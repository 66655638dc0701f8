/**
 * The CLI's code cache (dist/cli.cache, made by the build, used by bin/gradlens.js) is a start-up
 * saving only: whatever state the cache is in (missing, made for another bundle, corrupt), the
 * command prints the same thing. Each case runs the real bin on a copy of the built CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, runCli } from '../helpers/cli.js';

const EXAMPLE = join(REPO, 'examples', 'logistic-regression.md');

function buildIdOf(bundle: string): string {
  const m = /\/\/ gradlens-build ([0-9a-f]+)\n/.exec(bundle.slice(-300));
  assert.ok(m, 'the CLI bundle ends with its build id');
  return m[1]!;
}

test('the build makes a code cache for the CLI bundle it built', () => {
  const id = buildIdOf(readFileSync(join(REPO, 'dist', 'cli.js'), 'utf8'));
  const cache = readFileSync(join(REPO, 'dist', 'cli.cache'));
  assert.equal(cache.subarray(0, id.length).toString('latin1'), id);
  assert.match(cache.subarray(id.length, id.length + 40).toString('latin1'), /^[0-9a-f]{40}$/, 'then the hash of the V8 data');
  assert.ok(cache.length > 100_000, 'the cache holds the compiled functions of a check, not only the top level');
});

test('a missing, foreign or corrupt code cache changes nothing the CLI prints', () => {
  const expected = runCli(['check', EXAMPLE, '--format', 'json']);
  assert.equal(expected.status, 1, expected.stderr);
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-cache-'));
  try {
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'dist'));
    copyFileSync(join(REPO, 'bin', 'gradlens.js'), join(dir, 'bin', 'gradlens.js'));
    copyFileSync(join(REPO, 'dist', 'cli.js'), join(dir, 'dist', 'cli.js'));
    const good = readFileSync(join(REPO, 'dist', 'cli.cache'));
    const id = buildIdOf(readFileSync(join(REPO, 'dist', 'cli.js'), 'utf8'));
    const corrupt = Buffer.from(good);
    for (let i = id.length + 40 + 64; i < corrupt.length; i += 97) corrupt[i] = corrupt[i]! ^ 0x5a;
    const cases: [string, Buffer | null][] = [
      ['the good cache', good],
      ['no cache', null],
      ['a cache made for another build', Buffer.concat([Buffer.from('0'.repeat(id.length)), good.subarray(id.length)])],
      ['a corrupt cache', corrupt],
      ['a truncated cache', good.subarray(0, id.length + 40 + 1000)],
    ];
    for (const [what, cache] of cases) {
      rmSync(join(dir, 'dist', 'cli.cache'), { force: true });
      if (cache) writeFileSync(join(dir, 'dist', 'cli.cache'), cache);
      const r = spawnSync(process.execPath, [join(dir, 'bin', 'gradlens.js'), 'check', EXAMPLE, '--format', 'json'], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, expected.status, `${what}: ${r.stderr}`);
      assert.equal(r.stdout, expected.stdout, what);
      assert.equal(r.stderr, expected.stderr, what);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
