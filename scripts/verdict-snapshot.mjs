// Prints every verdict GradLens gives on the seeds, the fixtures and the examples, as one JSON
// document, so that a change meant to keep behaviour (a refactor) can show it byte-identical:
//   node scripts/verdict-snapshot.mjs > before.json; …change…; node scripts/verdict-snapshot.mjs | diff before.json -
// Paths are relative to the repository so snapshots from two worktrees compare.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const targets = ['../shared/seeds', 'test/fixtures/derivations', 'test/fixtures/code', 'test/fixtures/e2e', 'examples']
  .filter((t) => existsSync(join(root, t)));
const r = spawnSync(process.execPath, [join(root, 'bin/gradlens.js'), 'check', '--format', 'json', '--verbose', ...targets], {
  cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
});
if (r.status !== 0 && r.status !== 1) {
  process.stderr.write(r.stderr);
  process.exit(2);
}
const doc = JSON.parse(r.stdout);
for (const f of doc.files) f.path = relative(root, join(root, f.path));
process.stdout.write(JSON.stringify(doc, null, 1) + '\n');
