// `node scripts/make-code-cache.cjs DIST FILES…` runs `gradlens check FILES…` once from DIST/cli.js
// and writes the V8 code cache DIST/cli.cache that bin/gradlens.js compiles the CLI with. Run by
// scripts/build.mjs on the project's own examples; the check's output is thrown away.
'use strict';
const { resolve } = require('node:path');
const { runBundle } = require('../bin/gradlens.js');

const [dist, ...files] = process.argv.slice(2);
process.argv = [process.argv[0], resolve(__dirname, '../bin/gradlens.js'), 'check', ...files];
runBundle(resolve(dist, 'cli.js'), resolve(dist, 'cli.cache'), true);
