/** Work-done progress ($/progress) for long runs, over stdio, for clients that declare window.workDoneProgress. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkDoneProgressCreateRequest, type ProgressToken } from 'vscode-languageserver-protocol/node';
import { startClient, type Client } from './lspClient.js';

interface Progress { token: ProgressToken; value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string } }

/** A big derivation: many renamed copies of real claims, seconds of analysis. */
const BIG = Array.from({ length: 1500 }, (_, k) =>
  `$$h_{${k}} = \\sigma(z_{${k}})$$\n$$\\frac{d h_{${k}}}{d z_{${k}}} = h_{${k}}(1 - h_{${k}})$$\n$$\\frac{d}{dz_{${k}}}\\tanh(z_{${k}}) = 1 - \\tanh^2(z_{${k}}) + ${k % 7}$$\n`).join('\n');

function record(c: Client): { created: ProgressToken[]; events: Progress[] } {
  const out = { created: [] as ProgressToken[], events: [] as Progress[] };
  c.connection.onRequest(WorkDoneProgressCreateRequest.type, (p) => { out.created.push(p.token); return null; });
  c.connection.onNotification('$/progress', (p: Progress) => { out.events.push(p); });
  return out;
}

async function until(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a long run reports begin and end of work-done progress; a quick one reports nothing', async () => {
  const client = await startClient({ capabilities: { window: { workDoneProgress: true } }, initializationOptions: { progressAfterMs: 250, timeoutMs: 60_000 } });
  const seen = record(client);
  try {
    // The first run also waits for the workers to load (and may show progress for that): warm up first.
    client.open('file:///tmp/gradlens-test/warm.md', 'markdown', '$$\\frac{d}{dx} x^3 = 3x^2$$\n');
    await client.diagnostics('file:///tmp/gradlens-test/warm.md');
    await new Promise((r) => setTimeout(r, 300));
    seen.created.length = 0;
    seen.events.length = 0;
    client.open('file:///tmp/gradlens-test/small.md', 'markdown', '$$\\frac{d}{dx} x^2 = 2x$$\n');
    await client.diagnostics('file:///tmp/gradlens-test/small.md');
    await new Promise((r) => setTimeout(r, 400));
    assert.deepEqual(seen.created, [], 'no progress for a quick run');

    const started = Date.now();
    client.open('file:///tmp/gradlens-test/big.md', 'markdown', BIG);
    await client.diagnostics('file:///tmp/gradlens-test/big.md', undefined, 60_000);
    const ms = Date.now() - started;
    await until('the end of progress', () => seen.events.some((e) => e.value.kind === 'end'), 5000);
    console.log(`  ${BIG.split('\n').length} lines checked in ${ms} ms`);
    assert.equal(seen.created.length, 1);
    const mine = seen.events.filter((e) => e.token === seen.created[0]);
    assert.deepEqual(mine.map((e) => e.value.kind).filter((k) => k !== 'report'), ['begin', 'end']);
    assert.equal(mine[0]!.value.title, 'GradLens');
    assert.match(mine[0]!.value.message ?? '', /big\.md/);
  } finally {
    await client.close();
  }
});

test('clients that do not declare window.workDoneProgress are never asked to create one', async () => {
  const client = await startClient({ initializationOptions: { progressAfterMs: 0 } });
  const seen = record(client);
  try {
    client.open('file:///tmp/gradlens-test/big.md', 'markdown', BIG.slice(0, 20_000));
    await client.diagnostics('file:///tmp/gradlens-test/big.md', undefined, 60_000);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(seen.created, []);
    assert.deepEqual(seen.events, []);
  } finally {
    await client.close();
  }
});
