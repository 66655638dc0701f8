import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureDocuments, scoreDocument } from '../helpers/fixtureScore.js';

// Hand-verified derivations in many notations (test/fixtures/derivations/README.md): every listed
// claim must get its expected verdict, and no line that is not a listed claim may be called wrong.
for (const name of fixtureDocuments()) {
  test(`fixture ${name}: verdicts as verified by hand`, () => {
    const { scored, strayMismatches } = scoreDocument(name);
    assert.ok(scored.length > 0);
    for (const s of scored) {
      const where = `${name}:${s.expected.line + 1} (${s.expected.text})`;
      assert.ok(s.got, `${where}: no finding`);
      assert.equal(s.got.verdict, s.expected.verdict, `${where}: ${s.got.message}`);
      if (s.expected.verdict === 'mismatch' && s.got.kind === 'derivative') {
        assert.ok(s.got.worstPoint, `${where}: a mismatch names its point`);
        assert.match(s.got.message, /is wrong/);
      }
      if (s.expected.verdict === 'unverified') assert.match(s.got.message, /could not be verified|cannot read/);
    }
    assert.deepEqual(strayMismatches.map((f) => `${f.range.start.line + 1}: ${f.message}`), []);
  });
}

test('slips are named the way a grader would for most wrong derivatives', () => {
  let total = 0, named = 0;
  for (const name of fixtureDocuments()) {
    for (const s of scoreDocument(name).scored) {
      if (s.expected.verdict !== 'mismatch' || s.expected.kind !== 'derivative' || !s.got) continue;
      total++;
      if ((s.got.slipKind ?? 'other') === s.expected.slip) named++;
    }
  }
  assert.ok(total >= 60);
  // Measured 64 of 81 when written; a drop below 70% is a regression in slip diagnosis.
  assert.ok(named / total >= 0.7, `slips named right: ${named}/${total}`);
});
