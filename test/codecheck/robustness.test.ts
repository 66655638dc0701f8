// Hostile input: analyzeCode never runs the code, never throws, and returns promptly with findings
// or a clear error — syntax errors, huge files, deep nesting, binary content.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { analyzeCode, analyzeCodeFiles, MAX_FILE_CHARS } from '../../src/codecheck/index.js';
import type { FileReport } from '../../src/documents/findings.js';
import { about, fixture } from './helpers.js';

const MARKER = '/tmp/gradlens-marker-code-fixture';

function timed(run: () => FileReport, limitMs: number, label: string): FileReport {
  const t0 = Date.now();
  let out: FileReport;
  assert.doesNotThrow(() => { out = run(); }, label);
  const ms = Date.now() - t0;
  assert.ok(ms < limitMs, `${label} took ${ms} ms (limit ${limitMs})`);
  return out!;
}

test('analyzing runs-code.js never executes it: no marker file appears', () => {
  rmSync(MARKER, { force: true });
  const r = analyzeCode('runs-code.js', fixture('runs-code.js'));
  const again = analyzeCodeFiles([{ path: 'runs-code.js', text: fixture('runs-code.js') }]);
  assert.equal(about(r, 'cubePrime').verdict, 'ok');
  assert.equal(again[0]!.findings.length, r.findings.length);
  assert.equal(existsSync(MARKER), false);
});

test('syntax errors: unverified findings at the errors, the readable functions are still checked', () => {
  const r = timed(() => analyzeCode('broken-syntax.ts', fixture('broken-syntax.ts.txt')), 5_000, 'syntax');
  assert.equal(r.error, null);
  const errors = r.findings.filter((f) => f.verdict === 'unverified' && /syntax error/.test(f.message));
  assert.ok(errors.length >= 1);
  assert.equal(errors[0]!.range.start.line, 13);
  assert.equal(about(r, 'squareGrad').verdict, 'ok');
  // Junk that is not code at all.
  const junk = timed(() => analyzeCode('junk.ts', 'function (((( => }}}} let = ; class { x: ]'), 5_000, 'junk');
  assert.ok(junk.error === null && junk.findings.every((f) => f.verdict === 'unverified'));
});

test('a file over the size limit is refused with a clear error, immediately', () => {
  const big = 'export const a = 1;\n'.repeat(Math.ceil((MAX_FILE_CHARS + 10) / 20));
  const r = timed(() => analyzeCode('big.ts', big), 1_000, 'huge');
  assert.match(r.error ?? '', /too large/);
  assert.deepEqual(r.findings, []);
  const [a, b] = analyzeCodeFiles([{ path: 'big.ts', text: big }, { path: 'ok.ts', text: 'export function sq(x: number) { return x * x; }\nexport function sqGrad(x: number) { return 2 * x; }' }]);
  assert.match(a!.error ?? '', /too large/);
  assert.equal(about(b!, 'sqGrad').verdict, 'ok');
});

test('a large file of many functions is checked within the time budget', () => {
  let text = '';
  for (let i = 0; text.length < 60_000; i++) {
    text += `export function f${i}(x: number): number {\n  return Math.log(1 + Math.exp(${(i % 5) + 1} * x)) + ${i};\n}\nexport function f${i}Grad(x: number): number {\n  return ${(i % 5) + 1} / (1 + Math.exp(-${(i % 5) + 1} * x))${i % 3 === 0 ? ' * 2' : ''};\n}\n`;
  }
  const r = timed(() => analyzeCode('many.ts', text, { timeBudgetMs: 3_000 }), 10_000, 'many functions');
  const ds = r.findings.filter((f) => f.kind === 'derivative');
  assert.ok(ds.length > 200, `${ds.length} derivative findings`);
  assert.ok(ds.some((f) => f.verdict === 'mismatch') && ds.some((f) => f.verdict === 'ok'));
  assert.ok(ds.every((f) => f.verdict !== 'unverified' || /time budget/.test(f.message)));
});

test('deep nesting: findings with a reason, promptly', () => {
  const n = 10_000;
  for (const expr of [`${'('.repeat(n)}x${')'.repeat(n)}`, `${'x + '.repeat(n)}x`, `${'x > 0 ? x : '.repeat(n)}x`, `${'-'.repeat(n)} x`]) {
    const src = `export function ok(x: number) { return x * x; }\nexport function okGrad(x: number) { return 2 * x; }\nexport function deep(x: number) { return ${expr}; }\nexport function deepGrad(x: number) { return 1; }\n`;
    const r = timed(() => analyzeCode('deep.ts', src), 10_000, expr.slice(0, 12));
    assert.equal(about(r, 'okGrad').verdict, 'ok');
    const d = r.findings.find((f) => f.kind === 'derivative' && f.message.startsWith('deepGrad'));
    if (d) assert.ok(d.verdict === 'unverified' || d.verdict === 'mismatch' || d.verdict === 'ok', d.message);
  }
});

test('binary content: a clear error, never a throw', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  const bytes = Buffer.from(Array.from({ length: 100_000 }, rnd)).toString('latin1');
  const r = timed(() => analyzeCode('blob.js', bytes), 2_000, 'binary');
  assert.match(r.error ?? '', /binary/);
  const control = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(1 + (i % 8))).join('');
  assert.match(timed(() => analyzeCode('ctl.js', control), 2_000, 'control').error ?? '', /binary/);
  // Not even a string: still a report.
  const odd = analyzeCode('odd.ts', 42 as unknown as string);
  assert.match(odd.error ?? '', /not text/);
  assert.deepEqual(analyzeCode('empty.ts', ''), { path: 'empty.ts', findings: [], error: null });
});
