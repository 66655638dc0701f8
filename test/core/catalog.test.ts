/**
 * Every catalog entry: recognised from several written forms, its own derivative agrees with its
 * formula, a right hand-written derivative passes and wrong ones are caught at a worst point that is
 * re-evaluated here with plain JS. Iterates over CATALOG: an entry without cases fails the suite.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CATALOG, checkDerivative, entryById, entryDerivative, entryFormula, parseExpression, recognize,
  type CheckReport, type Domain,
} from '../../src/core/index.js';
import { CASES, type Claim, type EntryCase, type Form } from './support/catalogCases.js';
import { close, type Scope } from './support/ref.js';

const asForm = (f: string | Form): Form => (typeof f === 'string' ? { text: f } : f);

function domainsOf(c: EntryCase['check']): Map<string, Domain> | undefined {
  if (!c.domains) return undefined;
  return new Map(Object.entries(c.domains).map(([k, role]) => [k, { role }] as const));
}

function run(c: EntryCase['check'], claim: string): CheckReport {
  return checkDerivative({
    f: parseExpression(c.f), wrt: c.wrt, claim: parseExpression(claim),
    domains: domainsOf(c), extraValues: c.extraValues,
  });
}

/** The value of a right derivative at p, or at p with the input nudged to either side (kinks). */
function rightCandidates(right: Claim, wrt: string, p: Scope): number[] {
  const x = p[wrt]!;
  const d = 1e-9 * Math.max(1, Math.abs(x));
  return [right.js(p), right.js({ ...p, [wrt]: x - d }), right.js({ ...p, [wrt]: x + d })];
}

/** Numbers in "… it gives A, the true derivative is B (…" */
function messageNumbers(message: string): { gives: number; truth: number } | null {
  const m = /gives (\S+), the true derivative is (\S+) \(/.exec(message);
  return m ? { gives: Number(m[1]), truth: Number(m[2]) } : null;
}

test('the case table covers exactly the catalog', () => {
  const ids = CATALOG.map((e) => e.id);
  const missing = ids.filter((id) => !(id in CASES));
  assert.deepEqual(missing, [], `catalog entries without test cases: ${missing.join(', ')}`);
  const stale = Object.keys(CASES).filter((id) => !entryById(id));
  assert.deepEqual(stale, [], `test cases for entries not in the catalog: ${stale.join(', ')}`);
  assert.equal(new Set(ids).size, ids.length, 'catalog ids are unique');
});

test('the case table has at least 2 written forms, 1 right and 1 wrong claim per entry', () => {
  for (const e of CATALOG) {
    const c = CASES[e.id];
    if (!c) continue; // reported by the coverage test
    assert.ok(c.forms.length >= 2, `${e.id}: ${c.forms.length} forms`);
    assert.ok(c.check.right.length >= 1 && c.check.wrong.length >= 1, `${e.id}: right and wrong claims`);
  }
});

for (const entry of CATALOG) {
  describe(`catalog entry ${entry.id}`, () => {
    const c = CASES[entry.id];

    test('has test cases', () => {
      assert.ok(c, `no test cases for catalog entry "${entry.id}": add it to test/core/support/catalogCases.ts`);
    });
    if (!c) return;

    test('its formula is recognised as itself', () => {
      const r = recognize(entryFormula(entry));
      assert.equal(r?.entry.id, entry.id);
      assert.equal(r!.input, entry.params[0]);
      assert.equal(r!.scale, 1);
      assert.equal(r!.shift, 0);
    });

    for (const form of c.forms.map(asForm)) {
      test(`recognises ${form.text}`, () => {
        const r = recognize(parseExpression(form.text));
        assert.equal(r?.entry.id ?? null, entry.id, `${form.text} recognised as ${r?.entry.id ?? 'nothing'}`);
        if (form.input !== undefined) assert.equal(r!.input, form.input, 'input variable');
        if (form.scale !== undefined) assert.ok(close(r!.scale, form.scale, 1e-9, 1e-12), `scale ${r!.scale}, expected ${form.scale}`);
        if (form.shift !== undefined) assert.ok(close(r!.shift, form.shift, 1e-9, 1e-12), `shift ${r!.shift}, expected ${form.shift}`);
        // The mapping renames each catalog parameter to a distinct variable of the expression.
        assert.deepEqual(Object.keys(r!.mapping).sort(), [...entry.params].sort());
        assert.equal(new Set(Object.values(r!.mapping)).size, entry.params.length);
      });
    }

    test("the entry's derivative agrees with its formula", () => {
      const r = checkDerivative({ f: entryFormula(entry), wrt: entry.params[0]!, claim: entryDerivative(entry) });
      assert.equal(r.verdict, 'ok', r.message);
      assert.ok(r.informative >= 4, `informative ${r.informative}`);
      assert.equal(r.condition, null);
    });

    for (const right of c.check.right) {
      test(`right: d/d${c.check.wrt} ${c.check.f} = ${right.text}`, () => {
        const r = run(c.check, right.text);
        assert.equal(r.verdict, 'ok', r.message);
        assert.equal(r.ok, true);
        assert.match(r.message, /is right/);
        assert.ok(r.informative >= 4, `informative ${r.informative}`);
      });
    }

    for (const wrong of c.check.wrong) {
      test(`wrong (${wrong.what}): ${wrong.text}`, () => {
        const r = run(c.check, wrong.text);
        assert.equal(r.verdict, 'mismatch', r.message);
        assert.equal(r.ok, false);
        assert.match(r.message, /wrong/);
        assert.equal(r.condition, null, 'no condition rescues a wrong claim');
        const w = r.worst;
        assert.ok(w, 'a worst point is reported');
        assert.ok(c.check.wrt in w.point, `worst point names ${c.check.wrt}: ${JSON.stringify(w.point)}`);
        assert.ok(r.message.includes(`${c.check.wrt} = `), `message names the point: ${r.message}`);
        // Independently: the claim's value there, and the true derivative there (either side at a kink).
        const mine = wrong.js(w.point);
        assert.ok(close(w.actual, mine, 1e-9, 1e-12), `worst.actual ${w.actual}, but ${wrong.text} = ${mine} at ${JSON.stringify(w.point)}`);
        const truth = rightCandidates(c.check.right[0]!, c.check.wrt, w.point);
        // The claim really differs from the derivative there, well beyond the checker's tolerance.
        assert.ok(truth.every((t) => Math.abs(mine - t) > 1e-6 * Math.abs(t) + 1e-12), `claim ${mine} vs truth ${truth.join(' / ')}`);
        const sub = (w as { subgradient?: readonly [number, number] }).subgradient;
        if (sub) {
          // Reported as a kink: the interval must hold the true one-sided derivatives, the claim must lie outside it.
          const [lo, hi] = sub;
          const slack = (v: number) => 1e-6 * Math.abs(v) + 1e-12;
          assert.ok(lo <= hi, `subgradient [${lo}, ${hi}]`);
          assert.ok(truth.every((t) => t >= lo - slack(t) && t <= hi + slack(t)), `[${lo}, ${hi}] should contain ${truth.join(' / ')}`);
          assert.ok(mine < lo - slack(lo) || mine > hi + slack(hi), `claim ${mine} outside [${lo}, ${hi}]`);
          assert.ok(w.expected === lo || w.expected === hi, `expected ${w.expected} is an end of [${lo}, ${hi}]`);
          const m = /gives (\S+), outside \[(\S+), (\S+)\]/.exec(r.message);
          assert.ok(m, `message states the interval: ${r.message}`);
          assert.ok(close(Number(m[1]), w.actual, 1e-5, 1e-300) && close(Number(m[2]), lo, 1e-5, 1e-300) && close(Number(m[3]), hi, 1e-5, 1e-300), r.message);
        } else {
          assert.ok(truth.some((t) => close(w.expected, t, 1e-7, 1e-12)), `worst.expected ${w.expected}, but the derivative is ${truth.join(' / ')} at ${JSON.stringify(w.point)}`);
          const nums = messageNumbers(r.message);
          assert.ok(nums, `message states both values: ${r.message}`);
          assert.ok(close(nums.gives, w.actual, 1e-5, 1e-300), `message value ${nums.gives} vs ${w.actual}`);
          assert.ok(close(nums.truth, w.expected, 1e-5, 1e-300), `message value ${nums.truth} vs ${w.expected}`);
        }
      });
    }
  });
}

describe('recognition: near misses are not catalog entries', () => {
  const none = ['sin(x)', 'x^3', '2*x+1', 'x^2', 'exp(x)', 'cos(t) + t',
    'sigmoid(x) + 0.001', // output shifted: only the input may be changed affinely
    '2*tanh(x)', // output scaled
    'max(x, 0.02*x)', // leaky ReLU with another slope
    'x*sigmoid(1.702*x)', // sigmoid approximation of GELU: neither GELU nor SiLU
    'x/(1+exp(-2*x))', // swish with β = 2 is not SiLU(2x)
  ];
  for (const text of none) {
    test(`${text} is not recognised`, () => {
      const r = recognize(parseExpression(text));
      assert.equal(r, null, `${text} recognised as ${r?.entry.id}`);
    });
  }
  test('gelu and gelu_tanh are told apart', () => {
    assert.equal(recognize(parseExpression('0.5*x*(1+erf(x/sqrt(2)))'))?.entry.id, 'gelu');
    assert.equal(recognize(parseExpression('0.5*x*(1+tanh(sqrt(2/pi)*(x+0.044715*x^3)))'))?.entry.id, 'gelu_tanh');
  });
  test('squared_error and half_squared_error are told apart', () => {
    assert.equal(recognize(parseExpression('(p - y)^2'))?.entry.id, 'squared_error');
    assert.equal(recognize(parseExpression('(p - y)^2 / 2'))?.entry.id, 'half_squared_error');
  });
  test('a shifted sigmoid is recognised with its shift', () => {
    // 1/(1+exp(-(x - 3))) = σ(1·x − 3)
    const r = recognize(parseExpression('1/(1+exp(3 - x))'));
    assert.equal(r?.entry.id, 'sigmoid');
    assert.ok(close(r!.scale, 1, 1e-9) && close(r!.shift, -3, 1e-9), `scale ${r!.scale}, shift ${r!.shift}`);
  });
  test('recognition is numeric, not by name: sigmoid written with tanh, tanh written with sigmoid', () => {
    assert.equal(recognize(parseExpression('(1 + tanh(x/2))/2'))?.entry.id, 'sigmoid');
    assert.equal(recognize(parseExpression('2*sigmoid(2*x) - 1'))?.entry.id, 'tanh');
  });
});
