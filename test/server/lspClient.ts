/** A small LSP client for tests: starts the built server as a child process and speaks LSP over stdio. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, PublishDiagnosticsNotification, InitializeRequest,
  InitializedNotification, DidOpenTextDocumentNotification, ConfigurationRequest, type InitializeResult, type ProtocolConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

/** Tests run from the repository root (scripts/run-tests.mjs). */
export const ROOT = process.cwd();

export interface Client {
  connection: ProtocolConnection;
  child: ChildProcessWithoutNullStreams;
  stderr: () => string;
  /** Resolves with the next diagnostics for the URI matching the predicate (or the latest already received). */
  diagnostics(uri: string, predicate?: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  open(uri: string, languageId: string, text: string, version?: number): void;
  exited: Promise<number | null>;
  close(): Promise<void>;
  /** The settings returned to workspace/configuration. */
  settings: Record<string, unknown>;
  /** What the server answered to initialize. */
  initializeResult?: InitializeResult;
}

/** `capabilities` are merged into the defaults, one level deep (e.g. `{ window: { workDoneProgress: true } }`). */
export async function startClient(opts: { args?: string[]; initializationOptions?: Record<string, unknown>; configuration?: boolean; capabilities?: Record<string, Record<string, unknown>> } = {}): Promise<Client> {
  const args = opts.args ?? [resolve(ROOT, 'dist/server.js'), '--stdio'];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d.toString(); });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const latest = new Map<string, PublishDiagnosticsParams>();
  const listeners = new Set<(p: PublishDiagnosticsParams) => void>();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    latest.set(p.uri, p);
    for (const l of [...listeners]) l(p);
  });
  const client: Client = {
    connection, child, exited, settings: {},
    stderr: () => err,
    diagnostics(uri, predicate = () => true, timeoutMs = 20_000) {
      const have = latest.get(uri);
      if (have && predicate(have)) return Promise.resolve(have);
      return new Promise((res, rej) => {
        const timer = setTimeout(() => { listeners.delete(l); rej(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(latest.get(uri))?.slice(0, 500)}\n${err}`)); }, timeoutMs);
        const l = (p: PublishDiagnosticsParams) => {
          if (p.uri !== uri || !predicate(p)) return;
          clearTimeout(timer); listeners.delete(l); res(p);
        };
        listeners.add(l);
      });
    },
    open(uri, languageId, text, version = 1) {
      latest.delete(uri);
      void connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
    },
    async close() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await connection.sendNotification('exit');
      } catch { /* already gone */ }
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      connection.dispose();
    },
  };
  connection.onRequest(ConfigurationRequest.type, (p) => p.items.map((i) => (i.section === 'gradlens' ? client.settings : null)));
  connection.listen();
  client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: null, workspaceFolders: null,
    capabilities: merge({ workspace: { configuration: opts.configuration ?? true, didChangeConfiguration: { dynamicRegistration: false } }, textDocument: { publishDiagnostics: { relatedInformation: true } } }, opts.capabilities ?? {}),
    initializationOptions: opts.initializationOptions ?? {},
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return client;
}

function merge(base: Record<string, Record<string, unknown>>, extra: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  const out = { ...base };
  for (const [k, v] of Object.entries(extra)) out[k] = { ...(out[k] ?? {}), ...v };
  return out;
}
