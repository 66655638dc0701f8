import { test } from 'node:test';
import assert from 'node:assert/strict';
import stdlibErf from '@stdlib/math-base-special-erf';
import { erf } from '../../src/core/numeric/special.js';

test('erf gives bit for bit the results of @stdlib/math-base-special-erf (fdlibm, < 1 ulp)', () => {
  const edges = [NaN, Infinity, -Infinity, 0, -0, 1e-320, -1e-310, 2.848094538889218e-306, 3.725290298461914e-9, 0.84375, 1.25, 2.857142857142857, 4, 2, 6, -6, 5.999999999999999, 27, -0.84375, 1.2499999999999998];
  const xs = [...edges];
  for (let i = 0; i <= 300_000; i++) xs.push(-7 + (14 * i) / 300_000 + (i % 11) * 1.3e-10);
  for (let k = -320; k <= 2; k++) xs.push(Math.pow(10, k), -Math.pow(10, k) * 1.7);
  let differ = 0;
  for (const x of xs) {
    const a = erf(x), b = stdlibErf(x);
    if (!Object.is(a, b)) { differ++; if (differ < 5) assert.fail(`erf(${x}) = ${a}, @stdlib gives ${b}`); }
  }
  assert.equal(differ, 0);
});
