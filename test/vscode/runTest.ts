/**
 * Runs the integration suite (suite/*.suite.ts, mocha inside the extension host) in a real VS Code
 * with @vscode/test-electron: the one at $VSCODE_PATH when given, else a downloaded stable build.
 * `npm run test:vscode`. (The machines this project is built on cannot download VS Code; there the
 * end-to-end test in test/e2e drives code-server instead.)
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..');
  const workspace = mkdtempSync(join(tmpdir(), 'gradlens-vscode-'));
  cpSync(join(root, 'test', 'fixtures', 'e2e'), workspace, { recursive: true });
  try {
    const vscodeExecutablePath = process.env.VSCODE_PATH || await downloadAndUnzipVSCode('stable');
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'dist-test', 'vscode', 'suite', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { GRADLENS_TEST_WORKSPACE: workspace },
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`VS Code integration tests failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
