import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../src/documents/analyzeDocument.js';

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t = Date.now();
  const value = fn();
  return { value, ms: Date.now() - t };
}

test('unbalanced braces and unknown macros become unverified findings with the reason', () => {
  const f1 = analyzeDocument('$$\\frac{d}{dz}\\sigma(z) = \\sigma(z)(1 - \\sigma(z)$$', 'markdown');
  assert.ok(f1.length >= 1);
  assert.ok(f1.every((f) => f.verdict === 'unverified'));
  assert.match(f1.map((f) => f.message).join(' '), /unbalanced|unmatched|missing|expected/i);
  const f2 = analyzeDocument('\\[ \\frac{d}{dx}\\frobnicate(x) = 1 \\]', 'tex');
  assert.equal(f2.length, 1);
  assert.equal(f2[0]!.verdict, 'unverified');
  assert.match(f2[0]!.message, /frobnicate/);
});

test('a 100 KB one-line formula gets a finding quickly, not a hang', () => {
  const body = Array.from({ length: 13_000 }, (_, i) => `x^{${i % 5}}`).join(' + ');
  const doc = `$$\\frac{d}{dx}\\left(${body}\\right) = 0$$`;
  assert.ok(doc.length > 100_000);
  const { value, ms } = timed(() => analyzeDocument(doc, 'markdown'));
  assert.ok(ms < 10_000, `${ms} ms`);
  assert.ok(value.length >= 1);
  assert.ok(value.every((f) => f.verdict === 'unverified'));
});

test('binary content, an empty document and stray delimiters never throw', () => {
  const bytes = Array.from({ length: 20_000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
  for (const doc of [bytes, '', '$', '$$', '\\[', '\\begin{align}', '$$ = $$', '$x$ and $$', '%%%', '\u0000\u0001$$\u0002']) {
    for (const format of ['tex', 'markdown'] as const) {
      const { value, ms } = timed(() => analyzeDocument(doc, format));
      assert.ok(Array.isArray(value));
      assert.ok(ms < 10_000);
    }
  }
  assert.deepEqual(analyzeDocument('', 'markdown'), []);
});

test('an unterminated display is reported, and what can be read is still checked', () => {
  const doc = '$$\\frac{d}{dx}\\tanh(x) = 1 - \\tanh^2(x)$$\n\n$$\\frac{d}{dx} x^2 = 2x\n\nmore prose';
  const findings = analyzeDocument(doc, 'markdown');
  assert.ok(findings.some((f) => /unterminated/.test(f.message)));
  assert.ok(findings.some((f) => f.kind === 'derivative' && f.verdict === 'ok'));
});

test('chains: a broken step is reported once at its own line, later right steps stay right', () => {
  const doc = [
    '\\begin{align}',
    '\\frac{d}{dx} x e^{x} &= e^x + x e^x \\\\',
    '&= e^x (1 + x) \\\\',
    '&= e^x (1 - x) \\\\',
    '&= (x + 1) e^{x}',
    '\\end{align}',
  ].join('\n');
  const findings = analyzeDocument(doc, 'tex').filter((f) => f.kind === 'derivative');
  assert.deepEqual(findings.map((f) => [f.range.start.line, f.verdict]), [[1, 'ok'], [2, 'ok'], [3, 'mismatch'], [4, 'ok']]);
});

test('directives: ignore skips a formula, range and tolerance apply to the next one, unknown ones are reported', () => {
  const doc = [
    '% gradlens: ignore',
    '\\[ \\frac{d}{dx} x^2 = 3x \\]',
    '% gradlens: range 0 1',
    '\\[ \\frac{d}{dx} \\sqrt{x} = \\frac{1}{2\\sqrt{x}} \\]',
    '% gradlens: frobnicate',
    '\\[ \\frac{d}{dx} x = 1 \\]',
  ].join('\n');
  const findings = analyzeDocument(doc, 'tex');
  assert.ok(!findings.some((f) => f.range.start.line === 1));
  assert.equal(findings.find((f) => f.range.start.line === 3)?.verdict, 'ok');
  assert.ok(findings.some((f) => /unknown gradlens directive "frobnicate"/.test(f.message)));
});
