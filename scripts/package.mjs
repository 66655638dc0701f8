// Builds minified bundles and packs the extension with vsce into vsix/gradlens-<version>.vsix,
// then prints what the package holds and its size (the target: small; see README).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const out = `vsix/gradlens-${pkg.version}.vsix`;
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, ['scripts/build.mjs', '--minify']);
mkdirSync('vsix', { recursive: true });
const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
// Everything the extension runs is bundled into dist/: no node_modules in the package. The README's
// screenshots travel in the package and its links stay relative: VS Code shows an installed
// extension's README from its own folder, and there is no public repository URL to point at.
run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '-o', out]);
run(process.execPath, [vsce, 'ls', '--no-dependencies']);
console.log(`${out}: ${(statSync(out).size / 1024 / 1024).toFixed(2)} MB`);
