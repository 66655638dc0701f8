// Issue 13, class 1 (scope): a value given in words is a case assumption for what follows, and `:=`
// is a definition by its own words. Either shadows an earlier binding of the same name; neither is a
// claim checked against it. A value stated as a consequence ("so $z = 5$") is still checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../src/documents/analyzeDocument.js';

const claims = (md: string) => analyzeDocument(md, 'markdown').filter((f) => f.verdict !== null);

test('a walk-through that restarts at t := 0 after using t = 1 is not a contradiction', () => {
  const fs = claims('Let $g(t) = 3t$. At $t = 1$ it is $3$.\n\nNow we begin again at $t := 0$, where $t := 0$ is the first step.');
  assert.ok(!fs.some((f) => f.verdict === 'mismatch'), JSON.stringify(fs.map((f) => f.message)));
});

test('cases given in prose ("with label $y = 1$ … with label $y = 0$", "take $a = 3$") are assumptions, and what follows is read under them', () => {
  const fs = claims('Let $a = 2$, so $a^2 = 4$. Now take $a = 3$: then $a^2 = 9$.');
  assert.deepEqual(fs.map((f) => f.verdict), ['ok', 'ok']);
  assert.ok(!claims('With label $y = 1$ the loss is one thing; with label $y = 0$ it is another.').some((f) => f.verdict === 'mismatch'));
});

test('a displayed := rebinds a name set earlier, and later values are checked under the new binding', () => {
  const fs = claims('Let $z = 2x + 1$ and $x = 2$, so $z = 5$.\n\n$$x := 4$$\n\nThen $z = 9$.');
  assert.deepEqual(fs.map((f) => f.verdict), ['ok', 'ok']);
});

test('a value stated as a consequence is still a claim: "so $z = 6$" after $z = 2x + 1$ with $x = 2$ is wrong', () => {
  const fs = claims('Let $z = 2x + 1$ and $x = 2$, so $z = 6$.');
  assert.deepEqual(fs.map((f) => f.verdict), ['mismatch']);
});
