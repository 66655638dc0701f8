import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../src/documents/analyzeDocument.js';
import type { Finding } from '../../src/documents/findings.js';
import { seedNames, seedText } from '../helpers/seeds.js';

/** Findings whose range starts on the line holding `needle`, at or after it on that line. */
function at(text: string, findings: Finding[], needle: string): Finding[] {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `no line contains ${needle}`);
  const col = lines[line]!.indexOf(needle);
  return findings.filter((f) => f.range.start.line === line && f.range.start.character >= col - 1 && f.range.start.character <= col + needle.length);
}

test('every seed is read without error and every claim gets a verdict', () => {
  assert.equal(seedNames().length, 5);
  for (const name of seedNames()) {
    const { text } = seedText(name.slice(0, 3));
    const findings = analyzeDocument(text, 'markdown');
    assert.ok(findings.length > 0, name);
    for (const f of findings) {
      if (f.kind === 'definition') assert.equal(f.verdict, null);
      else assert.ok(['ok', 'mismatch', 'unverified'].includes(f.verdict!), `${name}: ${f.message}`);
      assert.ok(f.message.length > 0);
      if (f.verdict === 'unverified') assert.match(f.message, /could not be verified|cannot read|unterminated|not checked/);
    }
  }
});

test('001: the BCE derivative with (1 - exp[-f])^2 in the denominator is wrong; the least-squares derivative is right', () => {
  const { text } = seedText('001');
  const findings = analyzeDocument(text, 'markdown');
  const wrong = findings.filter((f) => f.verdict === 'mismatch');
  assert.equal(wrong.length, 1, wrong.map((f) => f.message).join('\n'));
  const line = text.split('\n')[wrong[0]!.range.start.line]!;
  assert.match(line, /\(1 - \\exp\\left\[-f/);
  // The grader's diagnosis: the sign inside (1 − e^{−f}) should be a plus.
  // Named first, as a grader says it; the right derivative as readable math in the document's names.
  assert.match(wrong[0]!.message, /^a sign is wrong: 1 − exp\(−f\(…\)\) should be 1 \+ exp\(−f\(…\)\), so .* is wrong\. At f\(…\) = [-\d.]+, y_i = [\d.]+ it gives [-\d.e]+, the derivative is [-\d.e]+ \(\d+ of \d+ points disagree\)\. The right derivative is σ\(f\(…\)\) − y_i\./);
  assert.equal(wrong[0]!.slipKind, 'sign');
  assert.ok(wrong[0]!.worstPoint && 'f_of' in wrong[0]!.worstPoint);
  const ls = at(text, findings, '-2\\left(y_i - f\\left[');
  assert.equal(ls.length, 1);
  assert.equal(ls[0]!.kind, 'derivative');
  assert.equal(ls[0]!.verdict, 'ok');
  assert.equal(ls[0]!.name, 'squared_error');
  // The sigmoid derivative step on the way is right too; the transpose claim stays unverified with its reason.
  const sig = at(text, findings, '\\frac{\\exp[-z]}{(1 + \\exp[-z])^2}');
  assert.equal(sig[0]?.verdict, 'ok');
  const matrix = findings.filter((f) => /matrix notation/.test(f.message));
  assert.ok(matrix.length >= 1);
  assert.ok(matrix.every((f) => f.verdict === 'unverified'));
});

test('002: the (2y - 1) derivative is right and its four limits are right', () => {
  const { text } = seedText('002');
  const findings = analyzeDocument(text, 'markdown');
  assert.equal(findings.filter((f) => f.verdict === 'mismatch').length, 0, findings.filter((f) => f.verdict === 'mismatch').map((f) => f.message).join('\n'));
  const lines = text.split('\n');
  const claims = findings.filter((f) => f.kind === 'derivative' && /-\(2y - 1\) \* \(1 - \\sigma\(\(2y - 1\)z\)\)/.test(lines[f.range.start.line]!.slice(f.range.start.character, f.range.end.character)));
  assert.ok(claims.length >= 2);
  assert.ok(claims.every((f) => f.verdict === 'ok'));
  const limits = findings.filter((f) => f.kind === 'limit');
  const limitLines = new Set(limits.map((f) => f.range.start.line));
  assert.equal(limitLines.size, 4);
  assert.ok(limits.length >= 12);
  assert.ok(limits.every((f) => f.verdict === 'ok'), limits.map((f) => f.message).join('\n'));
  // The limit values themselves: 0, 1, −1, 0 in document order.
  const finals = [...limitLines].sort((a, b) => a - b).map((l) => limits.filter((f) => f.range.start.line === l).at(-1)!);
  assert.deepEqual(finals.map((f) => /the limit is (-?\d+)/.exec(f.message)?.[1]), ['0', '1', '-1', '0']);
});

test('003: the values of S and S\' at ±100, ±10 and 0, and the two KL sums, are right', () => {
  const { text } = seedText('003');
  const findings = analyzeDocument(text, 'markdown');
  assert.equal(findings.filter((f) => f.verdict === 'mismatch').length, 0, findings.filter((f) => f.verdict === 'mismatch').map((f) => f.message).join('\n'));
  const values = findings.filter((f) => f.kind === 'value');
  for (const who of ['S(100)', 'S(-100)', 'S(10)', 'S(-10)', 'S(0)', "S'(100)", "S'(-100)", "S'(10)", "S'(-10)", "S'(0)"]) {
    const mine = values.filter((f) => f.message.includes(`: ${who} = `));
    assert.equal(mine.length, 2, `${who}: ${mine.map((f) => f.message).join(' | ')}`);
    assert.ok(mine.every((f) => f.verdict === 'ok'));
  }
  const kl = values.filter((f) => /^0\.(352|484) is right/.test(f.message));
  assert.equal(kl.length, 2);
});

test('000 and 004: no claim is reported wrong; the sigmoid derivative steps are right', () => {
  for (const prefix of ['000', '004']) {
    const { text } = seedText(prefix);
    const findings = analyzeDocument(text, 'markdown');
    assert.deepEqual(findings.filter((f) => f.verdict === 'mismatch').map((f) => f.message), []);
  }
  const { text } = seedText('000');
  const findings = analyzeDocument(text, 'markdown');
  const steps = findings.filter((f) => f.kind === 'derivative' && f.name === 'sigmoid');
  assert.ok(steps.length >= 4);
  assert.ok(steps.every((f) => f.verdict === 'ok'));
  const defs = findings.filter((f) => f.kind === 'definition' && f.name === 'sigmoid');
  assert.ok(defs.length >= 1);
  assert.deepEqual(defs[0]!.saturation, [{ from: -20, to: -5.99 }, { from: 5.99, to: 20 }]);
});
