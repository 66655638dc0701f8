import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startClient } from './lspClient.js';
import { explosiveClaims, ordinaryClaims, runawayDocument } from '../helpers/hostile.js';

/** A document made only of formulas that explode under substitution: each costs its whole equation budget. */
function slowDocument(): string {
  const parts: string[] = [];
  for (const c of ['a', 'b', 'c', 'g', 'h', 'k', 'm', 'n', 'p', 's', 'u', 'v']) {
    parts.push(`$${c}_{0} = x$`);
    for (let i = 1; i <= 14; i++) parts.push(`$${c}_{${i}} = ${c}_{${i - 1}} ${c}_{${i - 1}} + ${c}_{${i - 1}}$`);
    parts.push(`$\\frac{d ${c}_{14}}{dx} = 1$`);
  }
  return parts.join('\n\n');
}

test('server: hostile formulas get findings within the budget, with the explosion unverified and the rest judged', async () => {
  const client = await startClient();
  try {
    const uri = 'file:///hostile/homework.md';
    client.open(uri, 'markdown', runawayDocument());
    const d = await client.diagnostics(uri, () => true, 15_000);
    assert.ok(d.diagnostics.some((x) => /too large to check in time/.test(x.message)), 'the explosive chain is named');
    assert.ok(d.diagnostics.filter((x) => x.severity === 1).length >= 3, 'wrong claims are still errors');
    for (const { name, text } of explosiveClaims()) {
      const one = `file:///hostile/${encodeURIComponent(name)}.md`;
      const started = Date.now();
      client.open(one, 'markdown', text);
      await client.diagnostics(one, () => true, 10_000);
      assert.ok(Date.now() - started < 8000, `${name}: ${Date.now() - started} ms`);
    }
  } finally {
    await client.close();
  }
});

test('server: small documents do not wait behind a slow one (no document is pinned to a busy worker)', async () => {
  const client = await startClient({ initializationOptions: { workers: 2 } });
  try {
    // Warm both workers, so start-up is not what is measured.
    client.open('file:///warm/a.md', 'markdown', '$x = 1$');
    client.open('file:///warm/b.md', 'markdown', '$y = 2$');
    await client.diagnostics('file:///warm/a.md');
    await client.diagnostics('file:///warm/b.md');
    const slow = 'file:///slow/explodes.md';
    let slowDone = 0;
    client.open(slow, 'markdown', slowDocument());
    const slowDiagnostics = client.diagnostics(slow, () => true, 15_000).then((d) => { slowDone = Date.now(); return d; });
    await new Promise((r) => setTimeout(r, 100));
    const done: number[] = [];
    const small = Array.from({ length: 6 }, (_, k) => `file:///small/doc${k}.md`);
    for (const [k, uri] of small.entries()) client.open(uri, 'markdown', ordinaryClaims(k).join('\n\n'));
    await Promise.all(small.map((uri) => client.diagnostics(uri, () => true, 15_000).then(() => done.push(Date.now()))));
    const d = await slowDiagnostics;
    assert.ok(d.diagnostics.some((x) => /too large to check in time/.test(x.message)));
    assert.ok(Math.max(...done) < slowDone, `every small document before the slow one (${done.map((t) => t - slowDone).join(', ')} ms relative to it)`);
  } finally {
    await client.close();
  }
});
