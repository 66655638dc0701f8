import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { ROOT } from './lspClient.js';

/**
 * The protocol as the LSP specification prescribes it, spoken byte by byte over stdio: what a
 * client that misbehaves gets (−32002 before initialize, −32602 for malformed params, −32600 after
 * shutdown), document notifications that are malformed or early are ignored, a malformed frame
 * costs that frame only, and a Plot with nothing to plot is an answer that says so.
 */
interface Message { id?: number | string | null; method?: string; params?: unknown; result?: unknown; error?: { code: number; message: string } }

class RawClient {
  readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private readonly messages: Message[] = [];
  private readonly waiters = new Set<() => void>();
  private nextId = 1;
  stderr = '';
  constructor() {
    this.child = spawn(process.execPath, [resolve(ROOT, 'dist/server.js'), '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (d) => { this.stderr += d.toString(); });
    this.child.stdout.on('data', (d: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, d]);
      for (;;) {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) break;
        const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())![1]);
        if (this.buffer.length < end + 4 + length) break;
        this.messages.push(JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as Message);
        this.buffer = this.buffer.subarray(end + 4 + length);
      }
      for (const w of [...this.waiters]) w();
    });
  }
  raw(bytes: string | Buffer): void { this.child.stdin.write(bytes); }
  send(m: Message): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }), 'utf8');
    this.raw(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  }
  request(method: string, params?: unknown): Promise<Message> {
    const id = this.nextId++;
    this.send({ id, method, ...(params === undefined ? {} : { params }) });
    return this.wait((m) => m.id === id && m.method === undefined);
  }
  notify(method: string, params: unknown): void { this.send({ method, params }); }
  wait(match: (m: Message) => boolean, timeoutMs = 15_000): Promise<Message> {
    return new Promise((res, rej) => {
      const check = () => {
        const i = this.messages.findIndex(match);
        if (i < 0) return;
        const [m] = this.messages.splice(i, 1);
        this.waiters.delete(check); clearTimeout(timer); res(m!);
      };
      const timer = setTimeout(() => { this.waiters.delete(check); rej(new Error(`no matching message within ${timeoutMs} ms\n${this.stderr}`)); }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
  async initialize(): Promise<void> {
    const r = await this.request('initialize', { processId: null, rootUri: null, capabilities: {}, initializationOptions: {} });
    assert.ok(r.result, JSON.stringify(r));
    this.notify('initialized', {});
  }
  diagnostics(uri: string): Promise<Message> {
    return this.wait((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri);
  }
  kill(): void { this.child.kill('SIGKILL'); }
}

test('before initialize: requests get −32002, document notifications are ignored', async () => {
  const c = new RawClient();
  try {
    const early = await c.request('textDocument/hover', { textDocument: { uri: 'file:///a.md' }, position: { line: 0, character: 0 } });
    assert.equal(early.error?.code, -32002, JSON.stringify(early));
    c.notify('textDocument/didOpen', { textDocument: { uri: 'file:///early.md', languageId: 'markdown', version: 1, text: '$\\frac{d}{dx} x^2 = 3x$' } });
    await c.initialize();
    const symbols = await c.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///early.md' } });
    assert.deepEqual(symbols.result, [], 'the early didOpen was not processed');
  } finally { c.kill(); }
});

test('malformed params get −32602, not an internal error; malformed didOpen is ignored and later requests still work', async () => {
  const c = new RawClient();
  try {
    await c.initialize();
    for (const method of ['textDocument/hover', 'textDocument/codeLens', 'textDocument/documentSymbol', 'textDocument/codeAction']) {
      for (const params of [{}, null, { textDocument: null }]) {
        const r = await c.request(method, params);
        assert.equal(r.error?.code, -32602, `${method} ${JSON.stringify(params)}: ${JSON.stringify(r)}`);
      }
    }
    const cmd = await c.request('workspace/executeCommand', null);
    assert.equal(cmd.error?.code, -32602, JSON.stringify(cmd));
    c.notify('textDocument/didOpen', { textDocument: { uri: 'file:///bad.md', languageId: 'markdown', version: 1, text: 42 } });
    const bad = await c.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///bad.md' } });
    assert.deepEqual(bad.result, []);
    c.notify('textDocument/didOpen', { textDocument: { uri: 'file:///good.md', languageId: 'markdown', version: 1, text: '$\\frac{d}{dx} x^2 = 3x$' } });
    const d = await c.diagnostics('file:///good.md');
    assert.equal((d.params as { diagnostics: unknown[] }).diagnostics.length, 1);
  } finally { c.kill(); }
});

test('after shutdown: requests get −32600; exit ends the process with 0', async () => {
  const c = new RawClient();
  try {
    await c.initialize();
    const s = await c.request('shutdown');
    assert.equal(s.error, undefined);
    const late = await c.request('textDocument/hover', { textDocument: { uri: 'file:///a.md' }, position: { line: 0, character: 0 } });
    assert.equal(late.error?.code, -32600, JSON.stringify(late));
    const exited = new Promise<number | null>((r) => c.child.on('exit', (code) => r(code)));
    c.notify('exit', null);
    assert.equal(await exited, 0);
  } finally { c.kill(); }
});

test('a frame with a missing, negative or non-numeric Content-Length costs that frame only: the next request is answered', async () => {
  const c = new RawClient();
  try {
    await c.initialize();
    const body = JSON.stringify({ jsonrpc: '2.0', id: 900, method: 'textDocument/documentSymbol', params: { textDocument: { uri: 'file:///x.md' } } });
    for (const header of ['X-Nothing: 1', 'Content-Length: -5', 'Content-Length: lots']) {
      c.raw(`${header}\r\n\r\n${body}`);
      const r = await c.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///x.md' } });
      assert.deepEqual(r.result, [], `after "${header}": ${JSON.stringify(r)}`);
    }
    assert.match(c.stderr, /framing: a header without Content-Length/);
  } finally { c.kill(); }
});

test('CodeLens offers Plot only where there is something to plot; a Plot with nothing to plot answers so', async () => {
  const c = new RawClient();
  try {
    await c.initialize();
    const uri = 'file:///lens.md';
    const text = "$\\sigma(z) = \\frac{1}{1+e^{-z}}$\n\n$\\frac{d\\sigma}{dz} = \\sigma(z)(1-\\sigma(z))$\n\n$f'(x) = 2x$\n";
    c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    const lenses = (await c.request('textDocument/codeLens', { textDocument: { uri } })).result as { range: { start: { line: number } }; command: { title: string; arguments: unknown[] } }[];
    const byLine = (line: number) => lenses.filter((l) => l.range.start.line === line).map((l) => l.command.title).sort();
    assert.deepEqual(byLine(0), ['Check gradient', 'Plot']);
    assert.deepEqual(byLine(2), ['Check gradient', 'Plot']);
    assert.deepEqual(byLine(4), ['Check gradient'], JSON.stringify(lenses));
    const check = lenses.find((l) => l.range.start.line === 4)!;
    const plot = await c.request('workspace/executeCommand', { command: 'gradlens.plotData', arguments: check.command.arguments });
    assert.equal(plot.error, undefined, JSON.stringify(plot));
    assert.equal((plot.result as { plottable: boolean }).plottable, false);
    assert.match((plot.result as { reason: string }).reason, /nothing to plot/);
  } finally { c.kill(); }
});
