// The layering rules the design states, read from the import statements of every source file:
// a change that breaks one fails here, with the offending file named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const SRC = resolve(__dirname, '..', '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every module a file imports: package names as written, project files as src-relative paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"\n]*?(?:from\s*)?['"]([^'"]+)['"]/g)) {
    const spec = m[1]!;
    out.push(spec.startsWith('.') ? relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '') : spec);
  }
  return out;
}

function violations(folder: string, forbidden: (spec: string) => boolean): string[] {
  return files(join(SRC, folder)).flatMap((f) => importsOf(f).filter(forbidden).map((s) => `${relative(SRC, f)} imports ${s}`));
}

test('src/core is pure: no vscode, no LSP library, nothing from the layers above it', () => {
  assert.deepEqual(violations('core', (s) => s === 'vscode' || s.startsWith('vscode-') || /^(latex|documents|code|codecheck|server|extension|cli|workspace)\//.test(s)), []);
});

test('src/server is protocol only: nothing from src/latex, src/code or the TypeScript compiler', () => {
  assert.deepEqual(violations('server', (s) => s === 'typescript' || /^(latex|code)\//.test(s)), []);
});

test('src/shared and src/extension stay light: no analysis, no server module (the client bundle must not pull them in)', () => {
  const heavy = (s: string) => s === 'mathjs' || s === 'typescript' || /^(core|latex|code|codecheck|server|workspace)\//.test(s);
  assert.deepEqual(violations('shared', heavy), []);
  assert.deepEqual(violations('extension', (s) => heavy(s) || (/^documents\//.test(s) && !/^documents\/findings$/.test(s))), []);
});

test('the import reader sees imports at all (so the tests above cannot pass by reading nothing)', () => {
  assert.ok(importsOf(join(SRC, 'server', 'start.ts')).some((s) => s.startsWith('shared/')));
});
