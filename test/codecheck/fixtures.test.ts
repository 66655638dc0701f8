// Every `// expect:` annotation in test/fixtures/code is honoured by analyzeCode: ok is verified,
// mismatch is caught with the point and both values, unverified comes with a reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCode, analyzeCodeFiles } from '../../src/codecheck/index.js';
import type { FileReport } from '../../src/documents/findings.js';
import { expectations, findingFor, fixtureFiles, pairsOf } from './helpers.js';

test('every // expect: annotation in the fixtures agrees with analyzeCode', (t) => {
  const files = fixtureFiles();
  const pairs = pairsOf(files);
  const siblings = files.filter((f) => f.path.startsWith('siblings/'));
  const reports = new Map<string, FileReport>();
  for (const f of files) {
    const others = f.path.startsWith('siblings/') ? siblings.filter((s) => s.path !== f.path) : [];
    reports.set(f.path, analyzeCode(f.path, f.text, { siblings: others }));
  }
  const counts = { ok: [0, 0], mismatch: [0, 0], unverified: [0, 0] } as Record<string, [number, number]>;
  const disagreements: string[] = [];
  for (const f of files) {
    const report = reports.get(f.path)!;
    assert.equal(report.error ?? null, null, `${f.path}: ${report.error}`);
    for (const e of expectations(f.name, f.text)) {
      const pair = pairs.find((p) => p.gradient.file === f.path && p.gradient.range.start.line === e.line);
      assert.ok(pair, `${f.path}:${e.line + 1} is annotated but no pair has a gradient there`);
      const finding = findingFor(report, pair);
      counts[e.verdict]![1]++;
      if (finding.verdict !== e.verdict) {
        disagreements.push(`${f.path}:${e.line + 1} ${pair.gradient.qualifiedName}: expected ${e.verdict}${e.why ? ` (${e.why})` : ''}, got ${finding.verdict}: ${finding.message}`);
        continue;
      }
      counts[e.verdict]![0]++;
      if (e.verdict === 'mismatch') {
        assert.ok(finding.worstPoint && Object.keys(finding.worstPoint).length > 0, `${pair.gradient.qualifiedName}: a mismatch names the point`);
        assert.match(finding.message, / is wrong.*At .+ = .+ it gives .+, (the derivative is|outside the one-sided derivatives)/, finding.message);
        assert.ok(finding.maxRelError !== null);
      }
      if (e.verdict === 'unverified') assert.match(finding.message, /could not be verified: \S.{8,}/, finding.message);
      if (e.verdict === 'ok') assert.match(finding.message, / is right/, finding.message);
    }
  }
  const agreed = Object.values(counts).reduce((n, [a]) => n + a, 0);
  const total = Object.values(counts).reduce((n, [, b]) => n + b, 0);
  const summary = `agreement ${agreed}/${total} (ok ${counts.ok![0]}/${counts.ok![1]}, mismatch ${counts.mismatch![0]}/${counts.mismatch![1]}, unverified ${counts.unverified![0]}/${counts.unverified![1]})`;
  t.diagnostic(summary);
  console.log(`# codecheck fixtures: ${summary}`);
  assert.deepEqual(disagreements, []);
  assert.ok(total >= 70, `only ${total} annotations`);
});

test('every derivative finding in the fixtures is at an annotated gradient (no unannotated verdicts)', () => {
  const files = fixtureFiles().filter((f) => !f.path.startsWith('siblings/'));
  for (const f of files) {
    const lines = new Set(pairsOf([f]).filter((p) => expectations(f.name, f.text).some((e) => e.line === p.gradient.range.start.line)).map((p) => p.gradient.nameRange.start.line));
    const report = analyzeCode(f.path, f.text);
    for (const d of report.findings.filter((x) => x.kind === 'derivative')) {
      assert.ok(lines.has(d.range.start.line), `${f.path}:${d.range.start.line + 1} has a verdict but no annotation: ${d.message}`);
    }
  }
});

test('analyzeCodeFiles pairs sibling files and reports per file, in order', () => {
  const sib = fixtureFiles().filter((f) => f.path.startsWith('siblings/'));
  const reports = analyzeCodeFiles(sib);
  assert.deepEqual(reports.map((r) => r.path), sib.map((f) => f.path));
  const back = reports.find((r) => r.path === 'siblings/sigmoid-backward.ts')!;
  const d = back.findings.find((f) => f.kind === 'derivative')!;
  assert.equal(d.verdict, 'ok');
  assert.match(d.message, /derivative of sigmoid/);
  const grad = reports.find((r) => r.path === 'siblings/softsign_grad.js')!.findings.find((f) => f.kind === 'derivative')!;
  assert.equal(grad.verdict, 'mismatch');
  const prim = reports.find((r) => r.path === 'siblings/sigmoid.ts')!;
  assert.equal(prim.findings.find((f) => f.kind === 'definition')?.name, 'sigmoid');
  // Alone, the backward file has nothing to pair with.
  const alone = analyzeCode('siblings/sigmoid-backward.ts', sib.find((f) => f.path === 'siblings/sigmoid-backward.ts')!.text);
  assert.equal(alone.findings.filter((f) => f.kind === 'derivative').length, 0);
});
