// Bundles every entry point with esbuild into dist/ and emits the library's type declarations.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const watch = process.argv.includes('--watch');
rmSync('dist', { recursive: true, force: true });

import { readFileSync } from 'node:fs';
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const common = { define: { GRADLENS_VERSION: JSON.stringify(pkg.version) }, bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', legalComments: 'none' };

// Entry points that exist; the editor client and server join as they are written.
const nodeEntries = [
  // The CLI loads the TypeScript compiler from node_modules, and only for code files: a 9 MB
  // bundle would cost every `gradlens check` on a derivation its start-up time.
  ['src/cli/main.ts', 'dist/cli.js', { external: ['typescript'] }],
  ['src/extension/extension.ts', 'dist/extension.js', { external: ['vscode'] }],
  ['src/server/server.ts', 'dist/server.js'],
  ['src/server/worker.ts', 'dist/worker.js'],
].filter(([src]) => existsSync(src));

await Promise.all([
  ...nodeEntries.map(([entry, outfile, extra]) => build({ ...common, entryPoints: [entry], outfile, format: 'cjs', ...(extra ?? {}) })),
  build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.cjs', format: 'cjs' }),
  build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.mjs', format: 'esm',
    // Bundled CommonJS dependencies (mathjs) may call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __glCreateRequire } from 'node:module'; const require = __glCreateRequire(import.meta.url);" } }),
]);

// Declarations for library users (`import { gradcheck } from 'gradlens'`).
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.types.json'], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
if (!watch) console.log(`built ${nodeEntries.length + 2} bundles into dist/`);
