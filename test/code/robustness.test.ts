// Hostile input: the reader must return promptly, never throw, and never run the code it reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { readCode, pairFiles } from '../../src/code/pairing.js';
import { fixture } from './helpers.js';

const MARKER = '/tmp/gradlens-marker-code-fixture';

function timed<T>(run: () => T, limitMs: number, label: string): T {
  const t0 = Date.now();
  const out = run();
  const ms = Date.now() - t0;
  assert.ok(ms < limitMs, `${label} took ${ms} ms (limit ${limitMs})`);
  return out;
}

test('syntax errors: file-level diagnostics, and the readable functions are still read', () => {
  const r = readCode('broken-syntax.ts', fixture('broken-syntax.ts.txt'));
  assert.ok(r.diagnostics.length >= 1);
  assert.ok(r.diagnostics.every((d) => d.message.startsWith('syntax error:')));
  assert.equal(r.diagnostics[0]!.range.start.line, 13);
  const byName = new Map(r.functions.map((f) => [f.name, f]));
  assert.equal(byName.get('square')?.error, null);
  assert.equal(byName.get('squareGrad')?.error, null);
  assert.equal(byName.get('broken')?.error, 'contains a syntax error');
  assert.ok(r.pairs.some((p) => p.primal.name === 'square' && p.gradient.name === 'squareGrad'));
});

test('an empty file and a whitespace-only file give nothing', () => {
  for (const text of ['', '   \n\n\t']) {
    const r = readCode('empty.ts', text);
    assert.deepEqual(r, { functions: [], pairs: [], diagnostics: [] });
  }
});

test('binary garbage is refused or read as junk without throwing', () => {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  const bytes = Buffer.from(Array.from({ length: 200_000 }, rnd));
  const withNul = timed(() => readCode('blob.js', bytes.toString('latin1')), 5_000, 'binary');
  assert.match(withNul.diagnostics[0]?.message ?? '', /binary/);
  const printable = Buffer.from(Array.from({ length: 200_000 }, () => 33 + (rnd() % 94))).toString('latin1');
  const junk = timed(() => readCode('junk.ts', printable), 15_000, 'printable junk');
  assert.ok(Array.isArray(junk.functions));
});

test('10k-deep nesting of every kind returns promptly with a reason', () => {
  const n = 10_000;
  const bodies: Record<string, string> = {
    parens: `${'('.repeat(n)}x${')'.repeat(n)}`,
    calls: `${'f('.repeat(n)}x${')'.repeat(n)}`,
    arrays: `${'['.repeat(n)}x${']'.repeat(n)}[0]`,
    sums: `${'x + '.repeat(n)}x`,
    ternaries: `${'x > 0 ? x : '.repeat(n)}x`,
    unary: `${'-'.repeat(n)} x`,
    nots: `${'!'.repeat(n)}x`,
    members: `x${'.a'.repeat(n)}`,
  };
  for (const [kind, expr] of Object.entries(bodies)) {
    const src = `export function ok(x: number) { return 2 * x; }\nexport function deep(x: number) { return ${expr}; }\nexport function after(x: number) { return x + 1; }\n`;
    const r = timed(() => readCode(`${kind}.ts`, src), 10_000, kind);
    const ok = r.functions.find((f) => f.name === 'ok');
    assert.equal(ok?.error, null, `${kind}: the shallow function before is still read`);
    const deep = r.functions.find((f) => f.name === 'deep');
    const reason = deep?.error ?? r.diagnostics.map((d) => d.message).join('; ');
    assert.match(reason, /too deeply nested|syntax error|budget|grows beyond/, kind);
  }
  const blocks = `export function f(x) { ${'{'.repeat(n)} return x; ${'}'.repeat(n)} }\nexport const g = (x: number) => x * 3;`;
  const r = timed(() => readCode('blocks.ts', blocks), 10_000, 'blocks');
  assert.match(r.diagnostics[0]!.message, /too deeply nested/);
  assert.equal(r.functions.find((f) => f.name === 'g')?.error, null);
});

test('a 2 MB file is read in bounded time', () => {
  const chunk = (i: number) => `export function f${i}(x: number): number {\n  const y = Math.exp(-x * ${i % 7}) + ${i};\n  return y > 0 ? y * x : 0.01 * y;\n}\nexport function f${i}Grad(x: number) { return ${i % 7} * x; }\n`;
  let text = '';
  let i = 0;
  while (text.length < 2_000_000) text += chunk(i++);
  const r = timed(() => readCode('big.ts', text), 20_000, '2 MB file');
  assert.equal(r.diagnostics.length, 0);
  assert.equal(r.functions.length, 2 * i);
  assert.equal(r.functions.filter((f) => f.error === null).length, 2 * i);
  assert.equal(r.pairs.length, i);
});

test('a huge single expression is stopped by the budget, not the stack', () => {
  const terms = Array.from({ length: 50_000 }, (_, i) => `Math.exp(x * ${i})`).join(' + ');
  const r = timed(() => readCode('wide.ts', `export function f(x: number) { return ${terms}; }`), 20_000, 'wide expression');
  assert.match(r.functions[0]!.error ?? '', /too deeply nested|budget|grows beyond/);
});

test('reading code never executes it', () => {
  rmSync(MARKER, { force: true });
  const r = readCode('runs-code.js', fixture('runs-code.js'));
  const files = pairFiles([{ path: 'runs-code.js', text: fixture('runs-code.js') }]);
  assert.ok(r.functions.some((f) => f.name === 'cube' && f.error === null));
  assert.ok(files.pairs.length >= 1);
  assert.equal(existsSync(MARKER), false, 'the fixture was executed');
});

test('non-string input does not throw', () => {
  const r = readCode('x.ts', undefined as unknown as string);
  assert.ok(Array.isArray(r.functions));
});
