/** The client's words for check results and its file-to-language mapping (pure, no editor needed). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { details, headline, number, statusText } from '../../src/extension/describe.js';
import { LANGUAGES, WORKSPACE_GLOB } from '../../src/extension/languages.js';
import { kindOfDocument as documentKind } from '../../src/shared/fileKinds.js';
import { analyzeDocument } from '../../src/documents/analyzeDocument.js';

const doc = readFileSync(join(__dirname, '..', 'fixtures', 'e2e', 'activations.md'), 'utf8');

test('headline and details of real findings say the verdict, where, and the right derivative', () => {
  const wrong = analyzeDocument(doc.replace('2(\\hat y - y)', '(\\hat y - y)'), 'markdown').find((f) => f.verdict === 'mismatch');
  assert.ok(wrong, 'the halved squared-error derivative is caught');
  const h = headline(wrong, wrong.range.start.line);
  assert.match(h, /^GradLens: ✗ the derivative claim on line 15 is wrong/);
  const d = details(wrong, null, 'activations.md');
  assert.match(d, /^activations\.md:15:\d+ {2}derivative claim/);
  assert.match(d, /right derivative: .*2/);
  assert.match(d, /worst point: /);
  const ok = analyzeDocument(doc, 'markdown').filter((f) => f.verdict === 'ok');
  assert.equal(ok.length, 2);
  assert.match(headline(ok[0]!, ok[0]!.range.start.line), /✓ the derivative claim on line 9 is right/);
});

test('status text counts what matters first', () => {
  assert.equal(statusText({ ok: 12, wrong: 1, unverified: 0, definitions: 3 }), '∇ 12 ok, 1 wrong');
  assert.equal(statusText({ ok: 0, wrong: 0, unverified: 2, definitions: 1 }), '∇ 0 ok, 2 unverified');
  assert.equal(statusText({ ok: 0, wrong: 0, unverified: 0, definitions: 4 }), '∇ 4 defined');
});

test('a run that could not be done shows its problem in the status bar, not counts of nothing', () => {
  assert.equal(statusText({ ok: 0, wrong: 0, unverified: 0, definitions: 0, problem: { short: 'check timed out' } }), '∇ $(warning) check timed out');
  assert.equal(statusText({ ok: 2, wrong: 1, unverified: 0, definitions: 1, problem: null }), '∇ 2 ok, 1 wrong');
});

test('numbers read like the hover: minus signs, short, exponents for extremes', () => {
  assert.equal(number(-0.5), '−0.5');
  assert.equal(number(3.42332), '3.423');
  assert.equal(number(1.5e-9), '1.5e-9');
  assert.equal(number(Infinity), '∞');
});

test('every file Check workspace reads is one the server checks, and the extension activates on what the server reads', () => {
  const extensions = /\{(.+)\}/.exec(WORKSPACE_GLOB)![1]!.split(',');
  assert.ok(extensions.length >= 8);
  for (const e of extensions) assert.notEqual(documentKind(undefined, `file:///w/a.${e}`), null, e);
  for (const l of LANGUAGES) assert.notEqual(documentKind(l, 'untitled:Untitled-1'), null, l);
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
  assert.deepEqual(pkg.activationEvents.filter((e: string) => e.startsWith('onLanguage:')).map((e: string) => e.slice(11)).sort(), [...LANGUAGES].sort());
});

test('a notification does not quote the claim or its slip twice', () => {
  const wrong = analyzeDocument(doc.replace('\\sigma(z)\\,(1 - \\sigma(z))', '\\sigma(z)\\,(1 + \\sigma(z))'), 'markdown').find((f) => f.verdict === 'mismatch');
  assert.ok(wrong);
  const h = headline(wrong, wrong.range.start.line);
  assert.match(h, /^GradLens: ✗ the derivative claim on line 9 is wrong: /);
  assert.ok(!h.includes('\\sigma(z)'), `the claim's LaTeX is not quoted again: ${h}`);
  if (wrong.slip) assert.equal(h.split(wrong.slip).length, 2, h);
});
