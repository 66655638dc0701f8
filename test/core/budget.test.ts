import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BudgetExceeded, budgetExhausted, cacheable, spend, withinBudget } from '../../src/core/budget.js';
import { differentiate, compileOnVector } from '../../src/core/index.js';
import { MAX_COMPILED_NODES, add, mul, num, sym } from '../../src/core/expr/tree.js';

test('outside a budget, spending is free and never throws', () => {
  for (let i = 0; i < 10_000; i++) spend(100);
  assert.equal(budgetExhausted(), null);
  assert.equal(cacheable(), true);
});

test('a spent budget keeps throwing (so every catch-all inside names the same reason) and ends with its scope', () => {
  let caught = 0;
  withinBudget({ ms: 60_000, work: 50 }, () => {
    for (let i = 0; i < 3; i++) {
      try { for (let k = 0; k < 100; k++) spend(); } catch (e) { assert.ok(e instanceof BudgetExceeded); caught++; }
    }
    assert.ok(budgetExhausted());
    assert.equal(cacheable(), false, 'results computed after the budget ran out are not cached');
  });
  assert.equal(caught, 3);
  assert.equal(budgetExhausted(), null);
});

test('an inner budget is narrowed by the outer one, and the outer pays for the inner work', () => {
  withinBudget({ ms: 60_000, work: 1000 }, () => {
    withinBudget({ ms: 60_000, work: 1_000_000 }, () => { for (let k = 0; k < 900; k++) spend(); });
    assert.equal(budgetExhausted(), null);
    assert.throws(() => withinBudget({ ms: 60_000, work: 1_000_000 }, () => { for (let k = 0; k < 200; k++) spend(); }), BudgetExceeded);
    assert.ok(budgetExhausted(), 'the outer budget is spent too');
  });
});

test('time is a limit as well as work', () => {
  assert.throws(() => withinBudget({ ms: 20, work: Infinity }, () => {
    const end = Date.now() + 2000;
    while (Date.now() < end) spend();
  }), (e: unknown) => e instanceof BudgetExceeded && e.what === 'time');
});

/** A balanced sum of n terms x·i: large but shallow, as substitution grows trees. */
function wideSum(n: number) {
  const terms = Array.from({ length: n }, (_, i) => mul(sym('x'), num(i + 1)));
  while (terms.length > 1) {
    const next = [];
    for (let i = 0; i < terms.length; i += 2) next.push(i + 1 < terms.length ? add(terms[i]!, terms[i + 1]!) : terms[i]!);
    terms.splice(0, terms.length, ...next);
  }
  return terms[0]!;
}

test('differentiating a large tree is charged to the budget: it stops there', () => {
  const f = wideSum(2000);
  assert.throws(() => withinBudget({ ms: 10_000, work: 1000 }, () => differentiate(f, 'x')), BudgetExceeded);
  assert.doesNotThrow(() => withinBudget({ ms: 10_000, work: 1_000_000 }, () => differentiate(f, 'x')));
});

test('a tree past the compile limit is refused as too large, not evaluated at every point; one below it compiles', () => {
  assert.throws(() => compileOnVector(wideSum(MAX_COMPILED_NODES / 2), ['x']), (e: unknown) => e instanceof BudgetExceeded && /too large to check in time/.test((e as Error).message));
  assert.equal(compileOnVector(wideSum(100), ['x'])([2]), 2 * 5050);
});
