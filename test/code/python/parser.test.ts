// The Python parser as users get it: the built bundle dist/python.js loading the two .wasm files
// that scripts/build.mjs put beside it (not node_modules' copies), the versions pinned together,
// the files the .vsix keeps, and positions in the unit the code model uses. Needs `npm run build`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import type * as Front from '../../../src/code/lang/python/index.js';

const root = process.cwd();
const dist = resolve(root, 'dist');
const require = createRequire(__filename);
const bundle = require(join(dist, 'python.js')) as typeof Front;

test('the built bundle loads the runtime and the grammar from dist/, beside itself', async () => {
  const parser = await bundle.loadPythonParser();
  assert.equal(parser.files.runtime, join(dist, 'tree-sitter.wasm'));
  assert.equal(parser.files.grammar, join(dist, 'tree-sitter-python.wasm'));
  assert.equal(await bundle.loadPythonParser(), parser, 'loaded once per process');
});

test('course code that other Python parsers reject parses without an error: 1./m, slices, matmul', async () => {
  const parser = await bundle.loadPythonParser();
  // The way course code writes 1.0 / m, a float literal with no digit after the point.
  const src = [
    'import numpy as np',
    'def affine_backward(dout, cache):',
    '    x, w, b = cache',
    '    m = x.shape[0]',
    '    dw = 1./m * x.reshape(m, -1).T @ dout',
    '    db = np.sum(dout[:, ::1], axis=0)',
    '    return dout @ w.T, dw, db',
    '',
  ].join('\n');
  const kinds = bundle.withTree(parser, src, (tree) => {
    assert.equal(tree.rootNode.hasError, false, tree.rootNode.toString());
    const floats: string[] = [];
    const walk = (n: Front.SyntaxNode) => {
      if (n.type === 'float') floats.push(n.text);
      for (const c of n.namedChildren) if (c) walk(c);
    };
    walk(tree.rootNode);
    return floats;
  });
  assert.deepEqual(kinds, ['1.']);
});

test('a syntax error is reported, not thrown', async () => {
  const parser = await bundle.loadPythonParser();
  bundle.withTree(parser, 'def f(x):\n    return (x +\n', (tree) => assert.equal(tree.rootNode.hasError, true));
});

test('offsets are UTF-16 code units, as JS strings and LSP count them', async () => {
  const parser = await bundle.loadPythonParser();
  const src = "s = 'é😀'; x = 1\n";
  const at = bundle.withTree(parser, src, (tree) => tree.rootNode.namedChildren.map((c) => c!.namedChildren[0]!.namedChildren[0]!.startIndex));
  assert.deepEqual(at, [0, src.indexOf('x = 1')]);
  assert.equal(src.indexOf('x = 1'), 11, 'é is one unit, 😀 two');
});

test('the runtime and the grammar are pinned to exact versions, and those are the ones installed', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  for (const name of ['web-tree-sitter', 'tree-sitter-python']) {
    const pinned = pkg.devDependencies[name];
    assert.match(pinned ?? '', /^\d+\.\d+\.\d+$/, `${name} must be pinned exactly, not a range`);
    const installed = (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    assert.equal(installed, pinned, name);
  }
});

test('the extension package keeps the Python bundle and both .wasm files', async () => {
  const vsce = require('@vscode/vsce') as { listFiles(o: { cwd: string; dependencies: boolean }): Promise<string[]> };
  const files = await vsce.listFiles({ cwd: root, dependencies: false });
  for (const f of ['dist/python.js', 'dist/tree-sitter.wasm', 'dist/tree-sitter-python.wasm']) assert.ok(files.includes(f), `${f} missing from the .vsix`);
});

test('the Python bundle carries the parser and the lowering only, never the TypeScript compiler', () => {
  const text = readFileSync(join(dist, 'python.js'), 'utf8');
  assert.ok(!text.includes('createSourceFile'), 'dist/python.js bundles the TypeScript compiler');
  assert.ok(text.length < 600_000, `dist/python.js is ${text.length} bytes`);
});

test('the bundle finds its wasm from any working directory and inside a worker thread (where the server analyses)', async () => {
  const { spawnSync } = await import('node:child_process');
  const script = [
    "const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');",
    'if (isMainThread) {',
    '  const w = new Worker(__filename, { workerData: process.argv[2] });',
    "  w.on('message', (m) => { console.log(m); process.exit(0); });",
    "  w.on('error', (e) => { console.error(e); process.exit(1); });",
    '} else {',
    '  const py = require(workerData);',
    "  py.loadPythonParser().then((p) => py.withTree(p, 'y = 1./m\\n', (t) => parentPort.postMessage(JSON.stringify({ error: t.rootNode.hasError, grammar: p.files.grammar }))));",
    '}',
  ].join('\n');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-py-'));
  writeFileSync(join(dir, 'probe.js'), script);
  const r = spawnSync(process.execPath, [join(dir, 'probe.js'), join(dist, 'python.js')], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim()), { error: false, grammar: join(dist, 'tree-sitter-python.wasm') });
});
