import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedCache, cacheSizes, clearCaches } from '../../src/core/cache.js';
import { exceed, withinBudget } from '../../src/core/budget.js';

test('a bounded cache keeps at most its size, dropping the entry used least recently', () => {
  const c = new BoundedCache<string, number>('test lru', 3);
  c.set('a', 1); c.set('b', 2); c.set('c', 3);
  assert.equal(c.get('a'), 1); // a is now the newest
  c.set('d', 4);
  assert.equal(c.has('b'), false);
  assert.deepEqual(['a', 'c', 'd'].map((k) => c.has(k)), [true, true, true]);
  assert.equal(c.size, 3);
});

test('getOrCompute computes once, and keeps a computed null or undefined too', () => {
  const c = new BoundedCache<string, number | null>('test compute', 10);
  let calls = 0;
  const f = () => { calls++; return null; };
  assert.equal(c.getOrCompute('k', f), null);
  assert.equal(c.getOrCompute('k', f), null);
  assert.equal(calls, 1);
});

test('clearCaches empties every cache, and cacheSizes names them', () => {
  const c = new BoundedCache<string, number>('test clear', 10);
  c.set('x', 1);
  assert.equal(cacheSizes()['test clear'], 1);
  clearCaches();
  assert.equal(c.size, 0);
});

test('a value computed after the analysis budget ran out is returned but not kept', () => {
  const c = new BoundedCache<string, number>('test budget', 10);
  withinBudget({ ms: 60_000, work: 1e9 }, () => {
    assert.equal(c.set('early', 1), 1);
    exceed('size');
    assert.equal(c.set('late', 2), 2);
  });
  assert.equal(c.has('early'), true);
  assert.equal(c.has('late'), false);
});
