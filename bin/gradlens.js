#!/usr/bin/env node
'use strict';
// The CLI lives in the bundle; `npm run build` makes it, and beside it a V8 code cache
// (dist/cli.cache: the bytecode of every function that `gradlens check examples` ran), so a check
// skips parsing and compiling most of 2 MB of JavaScript again (about 60 ms of a seed's 0.3 s).
// The cache is used only when it was made from this very bundle (both carry the build's id) and V8
// accepts it (same Node, same flags); otherwise the bundle compiles as it would without it. Output
// never depends on the cache: it holds compiled code, never results.
const { readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');
const Module = require('node:module');
const { setFlagsFromString } = require('node:v8');
const { createHash } = require('node:crypto');

const sha1 = (data) => createHash('sha1').update(data).digest('hex');

/** The build id the bundle ends with (scripts/build.mjs writes it), or undefined. */
function buildId(source) {
  const m = /\/\/ gradlens-build ([0-9a-f]+)\n/.exec(source.slice(-300));
  return m ? m[1] : undefined;
}

/**
 * Runs the bundle `file` as Node would run it as a CommonJS module, compiled with the code cache
 * `cacheFile` when that cache belongs to it. With `produce`, makes that cache instead, at exit
 * (after the run, so that it holds the functions the run compiled, not only the top level).
 */
function runBundle(file, cacheFile, produce = false) {
  // A check is short: V8's optimising compiler, tiering up at its default budget, spent more CPU
  // compiling (on its background thread) than it saved: 0.49 → 0.35 s CPU on the largest seed, and
  // less on every longer run measured too (5,000-line derivation 1.5 → 1.3 s, test/fixtures 3.4 →
  // 2.7 s), so hot functions are optimised after 4× the default interrupt budget. Set before the
  // bundle is compiled, here and when the cache is made alike (V8 keeps a code cache only for the
  // flags it was made with).
  setFlagsFromString('--interrupt-budget=270336');
  const source = readFileSync(file, 'utf8');
  const id = buildId(source);
  let cachedData;
  if (id && !produce) {
    try {
      // The file: the build id, the SHA-1 of the V8 data (hex), the V8 data. V8 trusts the data it is
      // given (a damaged cache aborts the process), so the data is used only when its hash holds.
      const file = readFileSync(cacheFile);
      const data = file.subarray(id.length + 40);
      if (file.subarray(0, id.length).toString('latin1') === id && file.subarray(id.length, id.length + 40).toString('latin1') === sha1(data)) cachedData = data;
    } catch { /* no cache: compile as usual */ }
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  if (produce && id) {
    process.on('exit', () => {
      const data = script.createCachedData();
      writeFileSync(cacheFile, Buffer.concat([Buffer.from(id + sha1(data), 'latin1'), data]));
    });
  }
  const mod = new Module(file, module);
  mod.filename = file;
  require.cache[file] = mod;
  const req = Module.createRequire(file);
  script.runInThisContext().call(mod.exports, mod.exports, req, mod, file, dirname(file));
  mod.loaded = true;
}

if (require.main === module) {
  const bundle = join(__dirname, '..', 'dist', 'cli.js');
  try {
    runBundle(bundle, join(__dirname, '..', 'dist', 'cli.cache'));
  } catch (e) {
    if (e && e.code === 'ENOENT' && e.path === bundle) {
      console.error('gradlens: not built yet; run `npm run build` in the gradlens folder first');
      process.exit(2);
    }
    throw e;
  }
}

module.exports = { runBundle };
