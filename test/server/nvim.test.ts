/** A real editor as the client: headless Neovim starts dist/server.js for a .tex file, collects diagnostics and a hover. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

test('Neovim (headless) gets diagnostics and a hover from the server', { skip: missing, timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-nvim-'));
  try {
    const file = join(dir, 'sigmoid.tex');
    const out = join(dir, 'result.json');
    writeFileSync(file, TEX);
    const child = spawn('nvim', ['--headless', '--clean', '-n', '-u', resolve(ROOT, 'test/server/nvim-lsp.lua'), file], {
      cwd: dir,
      env: { ...process.env, GRADLENS_NODE: process.execPath, GRADLENS_SERVER: resolve(ROOT, 'dist/server.js'), GRADLENS_OUT: out },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d.toString(); });
    const code = await new Promise<number | null>((res) => {
      const timer = setTimeout(() => { child.kill('SIGKILL'); res(null); }, 50_000);
      child.on('exit', (c) => { clearTimeout(timer); res(c); });
    });
    assert.ok(existsSync(out), `nvim wrote no result (exit ${code}): ${stderr}`);
    const r = JSON.parse(readFileSync(out, 'utf8')) as { diagnostics: { lnum: number; severity: number; message: string; source: string }[]; hover: string | null; error: string | null; nvim: string };
    assert.ok(!r.error, `nvim ${r.nvim}: ${r.error}`);
    const errors = r.diagnostics.filter((d) => d.severity === 1);
    assert.equal(errors.length, 1, JSON.stringify(r.diagnostics));
    assert.equal(errors[0]!.lnum, 4);
    assert.equal(errors[0]!.source, 'gradlens');
    assert.match(errors[0]!.message, /wrong/);
    assert.ok(r.hover, 'a hover text');
    assert.match(r.hover!, /wrong/);
    assert.match(r.hover!, /sigmoid/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
