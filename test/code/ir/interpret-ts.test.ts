// The differential test for the IR interpreter (src/code/ir/interpret.ts): TS fixtures lowered to
// the IR and run there with TS semantics give the same translated trees as today's interpreter
// (src/code/interpreter.ts) for every scalar function both read. It is the bridge for moving TS
// onto the IR (design §12): what the IR interpreter does not read yet is counted, and it must
// never read a function the TS interpreter refuses (that would be a verdict out of nothing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { toText } from '../../../src/core/expr/tree.js';
import { translateSource } from '../../../src/code/translate.js';
import { IrScopes } from '../../../src/code/ir/scopes.js';
import { translateIr } from '../../../src/code/ir/translate.js';
import type { Func } from '../../../src/code/ir/types.js';
import { lowerTs } from '../../../src/code/lang/ts/lower.js';
import { TS_SEMANTICS } from '../../../src/code/lang/ts/semantics.js';

const DIR = join(process.cwd(), 'test', 'fixtures', 'code');

function compare(path: string, text: string) {
  const t = translateSource(path, text);
  const out = { same: 0, differ: [] as string[], irOnly: [] as string[], tsOnly: 0 };
  const first = t.sites[0];
  if (!first) return out;
  const { module, irOf } = lowerTs(first.node.getSourceFile());
  const scopes = new IrScopes(module);
  for (const [f, site] of t.siteOf) {
    if (site.owner.kind !== 'none' || f.synthetic || f.writes.length > 0 || !f.params.every((p) => p.kind === 'scalar')) continue;
    const fn = irOf.get(site.node) as Func | undefined;
    if (!fn || fn.kind !== 'function') continue;
    const mine = translateIr(() => ({ module, scopes, semantics: TS_SEMANTICS, deadline: 0 }), {
      fn, name: f.name, qualifiedName: f.qualifiedName, file: path, range: f.range, nameRange: f.nameRange,
    }, f.params.map((p) => ({ ...p })));
    const label = `${path}:${f.qualifiedName}`;
    if (f.error === null && mine.error === null) {
      const a = f.outputs.map((o) => `${o.key}=${toText(o.node)}`).join('; ');
      const b = mine.outputs.map((o) => `${o.key}=${toText(o.node)}`).join('; ');
      if (a === b) out.same++;
      else out.differ.push(`${label}: TS ${a} | IR ${b}`);
    } else if (f.error !== null && mine.error === null) out.irOnly.push(`${label}: TS refuses (${f.error}), IR reads ${mine.outputs.map((o) => toText(o.node)).join('; ')}`);
    else if (f.error === null) out.tsOnly++;
  }
  return out;
}

test('TS fixtures run through the IR interpreter give the trees the TS interpreter gives', (t) => {
  const files = readdirSync(DIR).filter((n) => /\.(ts|js)$/.test(n));
  let same = 0, tsOnly = 0;
  const differ: string[] = [], irOnly: string[] = [];
  for (const n of files) {
    const r = compare(n, readFileSync(join(DIR, n), 'utf8'));
    same += r.same;
    tsOnly += r.tsOnly;
    differ.push(...r.differ);
    irOnly.push(...r.irOnly);
  }
  t.diagnostic(`identical ${same}, read by TS only ${tsOnly}`);
  console.log(`# IR interpreter vs TS interpreter on scalar fixture functions: identical ${same}, read by TS only ${tsOnly}, differing ${differ.length}, read by IR only ${irOnly.length}`);
  assert.deepEqual(differ, []);
  assert.deepEqual(irOnly, []);
  assert.ok(same >= 60, `only ${same} functions compared`);
});

test('the comparison can fail: branches, constants and calls of snippets written for it', () => {
  const src = `const K = 0.5;
function g(x: number) { return K * x * x; }
export function h(x: number, y: number) {
  let s = 0;
  for (let i = 0; i < 3; i++) s += x;
  if (x > y) return g(x) - s;
  return y > 0 ? Math.exp(-y) : Math.log1p(x * x);
}`;
  const r = compare('snippet.ts', src);
  assert.deepEqual(r.differ, []);
  assert.equal(r.same, 2);
});
