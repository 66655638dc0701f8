// Bundles the @vscode/test-electron runner and the mocha suite into dist-test/vscode/.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';

const suites = readdirSync('test/vscode/suite').filter((f) => f.endsWith('.suite.ts')).map((f) => `test/vscode/suite/${f}`);
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', external: ['vscode', 'mocha'] };
await Promise.all([
  build({ ...common, entryPoints: ['test/vscode/runTest.ts'], outfile: 'dist-test/vscode/runTest.js', external: ['@vscode/test-electron'] }),
  build({ ...common, entryPoints: ['test/vscode/suite/index.ts', ...suites], outdir: 'dist-test/vscode/suite' }),
]);
