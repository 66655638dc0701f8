// Bundles every entry point with esbuild into dist/ and emits the library's type declarations.
// Everything is built into a private folder and swapped in at the end, so that several builds at
// once (helpers, tests running beside a build) never see a half-written or missing dist/.
import { build } from 'esbuild';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const out = `dist.build-${process.pid}`;
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
const minify = process.argv.includes('--minify');
const common = { define: { GRADLENS_VERSION: JSON.stringify(pkg.version) }, bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', legalComments: 'none', minify };

/** Resolves `name` to a file beside the output at run time instead of bundling it. */
function besideWorker(name, file) {
  return { name: `beside-${name}`, setup(b) { b.onResolve({ filter: new RegExp(`^${name.replace(/[.\/]/g, (c) => `\\${c}`)}$`) }, () => ({ path: file, external: true })); } };
}

// The Python front-end is dist/python.js: `./index.js` required by lang/python/runtime.ts (and only there) is that bundle, beside this one.
const pythonBeside = { name: 'python-beside', setup(b) { b.onResolve({ filter: /^\.\/index\.js$/ }, (a) => (/lang[\\/]python[\\/]runtime\.ts$/.test(a.importer) ? { path: './python.js', external: true } : undefined)); } };
common.plugins = [pythonBeside];

// Entry points that exist; the editor client and server join as they are written.
const nodeEntries = [
  // The CLI loads the TypeScript compiler from node_modules, and only for code files: a 9 MB
  // bundle would cost every `gradlens check` on a derivation its start-up time. MathJax likewise,
  // only for `gradlens grade`'s report (4.8 MB bundled: +45 ms on every check).
  // It ends with the build's id, which its code cache carries too (bin/gradlens.js, below).
  ['src/cli/main.ts', 'cli.js', { external: ['typescript', 'mathjax-full'], footer: { js: `// gradlens-build ${randomBytes(8).toString('hex')}` } }],
  ['src/extension/extension.ts', 'extension.js', { external: ['vscode'] }],
  ['src/server/server.ts', 'server.js'],
  // The TypeScript compiler is a bundle of its own beside the worker (the .vsix has no node_modules),
  // required on the first code document: every worker parsing 10 MB at start-up cost the first
  // squiggle a few hundred ms and each worker tens of MB.
  // MathJax likewise (dist/mathjax.js), required by the render worker on its first formula.
  ['src/server/worker.ts', 'worker.js', { plugins: [besideWorker('typescript', './typescript.js'), besideWorker('./mathjaxModules.js', './mathjax.js')] }],
  ['node_modules/typescript/lib/typescript.js', 'typescript.js'],
  ['src/server/mathjaxModules.ts', 'mathjax.js'],
  // The Python front-end (parser + lowering) is a bundle of its own, required on the first Python
  // file only, so no other bundle grows for users who never open Python.
  ['src/code/lang/python/index.ts', 'python.js'],
].filter(([src]) => existsSync(src));

// The plot webview runs in the editor's browser sandbox: one self-contained script, no Node.
const browserEntries = [['src/webview/plot.ts', 'webview/plot.js']].filter(([src]) => existsSync(src));

try {
  await Promise.all([
    ...nodeEntries.map(([entry, file, extra]) => build({ ...common, entryPoints: [entry], outfile: `${out}/${file}`, format: 'cjs', ...(extra ?? {}), plugins: [pythonBeside, ...(extra?.plugins ?? [])] })),
    ...browserEntries.map(([entry, file]) => build({ ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: [entry], outfile: `${out}/${file}`, loader: { '.css': 'css' } })),
    build({ ...common, entryPoints: ['src/index.ts'], outfile: `${out}/index.cjs`, format: 'cjs' }),
    build({ ...common, entryPoints: ['src/index.ts'], outfile: `${out}/index.mjs`, format: 'esm',
      // Bundled CommonJS dependencies (mathjs) may call require(); give the ESM bundle one.
      banner: { js: "import { createRequire as __glCreateRequire } from 'node:module'; const require = __glCreateRequire(import.meta.url);" } }),
  ]);
  // The Python parser's WebAssembly: the runtime and the grammar, beside python.js (which finds
  // them through its own folder). Pinned together in package.json: the grammar's ABI must match.
  for (const wasm of ['node_modules/web-tree-sitter/tree-sitter.wasm', 'node_modules/tree-sitter-python/tree-sitter-python.wasm']) {
    copyFileSync(wasm, `${out}/${wasm.split('/').pop()}`);
  }
  // Declarations for library users (`import { gradcheck } from 'gradlens'`).
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.types.json', '--outDir', `${out}/types`], { stdio: 'inherit' });
  if (tsc.status !== 0) throw new Error('type declarations failed');
  // The CLI's V8 code cache (dist/cli.cache), made by one `gradlens check` on the examples: it
  // holds the bytecode of the functions a check runs, which every later check then need not parse
  // and compile (bin/gradlens.js uses it only with the bundle it was made from). Without it the CLI
  // works the same, only slower to start, so a failure here is a warning.
  const cache = spawnSync(process.execPath, ['scripts/make-code-cache.cjs', out, 'examples', 'test/fixtures/derivations'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (cache.status !== 0 && cache.status !== 1 || !existsSync(`${out}/cli.cache`)) console.warn('warning: no code cache for the CLI (dist/cli.cache); it starts slower');
} catch (e) {
  rmSync(out, { recursive: true, force: true });
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}

// Swap: two renames, so dist/ is missing only between them (microseconds), never half-written.
const old = `dist.old-${process.pid}`;
if (existsSync('dist')) renameSync('dist', old);
renameSync(out, 'dist');
rmSync(old, { recursive: true, force: true });
console.log(`built ${nodeEntries.length + browserEntries.length + 2} bundles into dist/`);
