/** A real editor as the client: headless Neovim starts dist/server.js for a .tex and a .ts file, collects diagnostics and hovers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = process.cwd();
const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const missing = nvim.status !== 0 ? 'nvim is not installed (Debian: apt-get update && apt-get install -y neovim); skipping the Neovim client test' : false;

const TEX = [
  '\\documentclass{article}',
  '\\begin{document}',
  'The logistic sigmoid is $\\sigma(z) = \\frac{1}{1 + e^{-z}}$.',
  'Its derivative:',
  '\\[ \\frac{d\\sigma}{dz} = \\sigma(z)\\,(1 + \\sigma(z)) \\]',
  '\\end{document}',
  '',
].join('\n');

test('Neovim (headless) gets diagnostics and hovers from the server, for LaTeX and TypeScript', { skip: missing, timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-nvim-'));
  try {
    const file = join(dir, 'sigmoid.tex');
    const out = join(dir, 'result.json');
    writeFileSync(file, TEX);
    const ts = join(dir, 'activations.ts');
    copyFileSync(resolve(ROOT, 'test/fixtures/code/activations.ts'), ts);
    const child = spawn('nvim', ['--headless', '--clean', '-n', '-u', resolve(ROOT, 'test/server/nvim-lsp.lua'), file], {
      cwd: dir,
      env: { ...process.env, GRADLENS_NODE: process.execPath, GRADLENS_SERVER: resolve(ROOT, 'dist/server.js'), GRADLENS_OUT: out, GRADLENS_TS: ts },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d.toString(); });
    const code = await new Promise<number | null>((res) => {
      const timer = setTimeout(() => { child.kill('SIGKILL'); res(null); }, 50_000);
      child.on('exit', (c) => { clearTimeout(timer); res(c); });
    });
    assert.ok(existsSync(out), `nvim wrote no result (exit ${code}): ${stderr}`);
    type Collected = { diagnostics: { lnum: number; severity: number; message: string; source: string }[]; hover: string | null };
    const r = JSON.parse(readFileSync(out, 'utf8')) as Collected & { ts?: Collected & { filetype: string }; error: string | null; nvim: string };
    assert.ok(!r.error, `nvim ${r.nvim}: ${r.error}`);
    const errors = r.diagnostics.filter((d) => d.severity === 1);
    assert.equal(errors.length, 1, JSON.stringify(r.diagnostics));
    assert.equal(errors[0]!.lnum, 4);
    assert.equal(errors[0]!.source, 'gradlens');
    assert.match(errors[0]!.message, /wrong/);
    assert.ok(r.hover, 'a hover text');
    assert.match(r.hover!, /wrong/);
    assert.match(r.hover!, /sigmoid/);

    // The TypeScript fixture: its two wrong gradient functions are errors, the fragile softplus a warning.
    assert.ok(r.ts, 'the .ts file was opened');
    assert.equal(r.ts.filetype, 'typescript');
    const tsErrors = r.ts.diagnostics.filter((d) => d.severity === 1);
    assert.deepEqual(tsErrors.map((d) => d.lnum).sort((a, b) => a - b), [88, 97], JSON.stringify(r.ts.diagnostics));
    assert.ok(tsErrors.every((d) => d.source === 'gradlens'));
    assert.match(tsErrors.find((d) => d.lnum === 88)!.message, /dSquare is wrong/);
    assert.ok(r.ts.diagnostics.some((d) => d.severity === 2 && d.lnum === 46 && /softplus/.test(d.message)), 'the instability warning on softplus');
    assert.ok(r.ts.hover, 'a hover text on the first error');
    assert.match(r.ts.hover!, /Derivative claim/);
    assert.match(r.ts.hover!, /wrong/);
    assert.match(r.ts.hover!, /Right derivative:\*\* `2·x`/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
