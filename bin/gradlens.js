#!/usr/bin/env node
'use strict';
// The CLI lives in the bundle; `npm run build` makes it.
try {
  require('../dist/cli.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes('dist/cli.js')) {
    console.error('gradlens: not built yet; run `npm run build` in the gradlens folder first');
    process.exit(2);
  }
  throw e;
}
