/**
 * What the LSP specification says a server answers when a client misbehaves, in one place:
 * the lifecycle (−32002 before `initialize`, −32600 after `shutdown`, notifications before
 * `initialize` dropped), request parameters of the wrong shape (−32602, never a TypeError that
 * would surface as −32603), and document notifications that would corrupt the server's copy of a
 * document (a `text` that is not a string, a change without a version) ignored with a log line.
 */
import { ErrorCodes, ResponseError, type Connection, type Position } from 'vscode-languageserver/node';
import { isObject, isPosition, isRange } from '../shared/protocol.js';

export type Phase = 'starting' | 'running' | 'shutdown';

export class Lifecycle {
  phase: Phase = 'starting';

  /** The error a request gets in this phase, or null when it may be served. */
  refusal(): ResponseError<void> | null {
    if (this.phase === 'starting') return new ResponseError(ErrorCodes.ServerNotInitialized, 'the server is not initialized: send initialize first');
    if (this.phase === 'shutdown') return new ResponseError(ErrorCodes.InvalidRequest, 'the server is shutting down: only exit is accepted');
    return null;
  }

  get running(): boolean { return this.phase === 'running'; }
}

function invalid(method: string, what: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, `${method} needs ${what}`);
}

/** `params.textDocument.uri` as a string, or −32602. */
export function documentUri(params: unknown, method: string): string {
  const td = isObject(params) ? params.textDocument : undefined;
  const uri = isObject(td) ? td.uri : undefined;
  if (typeof uri !== 'string') throw invalid(method, 'textDocument.uri');
  return uri;
}

/** `params.position` as a position, or −32602. */
export function position(params: unknown, method: string): Position {
  const p = isObject(params) ? params.position : undefined;
  if (!isPosition(p)) throw invalid(method, 'a position { line, character } of non-negative integers');
  return p;
}

/** Why a document notification is malformed (it is then ignored), or null. */
export function malformedDocumentNotification(method: string, params: unknown): string | null {
  const td = isObject(params) ? params.textDocument : undefined;
  if (!isObject(td) || typeof td.uri !== 'string') return 'no textDocument.uri';
  if (method === 'textDocument/didOpen') {
    if (typeof td.text !== 'string') return 'textDocument.text is not a string';
    if (typeof td.languageId !== 'string') return 'textDocument.languageId is not a string';
    if (typeof td.version !== 'number' || !Number.isFinite(td.version)) return 'textDocument.version is not a number';
  }
  if (method === 'textDocument/didChange') {
    if (typeof td.version !== 'number' || !Number.isFinite(td.version)) return 'textDocument.version is not a number';
    const changes = (params as Record<string, unknown>).contentChanges;
    if (!Array.isArray(changes)) return 'contentChanges is not an array';
    for (const c of changes) {
      if (!isObject(c) || typeof c.text !== 'string') return 'a content change has no text';
      if (c.range !== undefined && !isRange(c.range)) return 'a content change has a malformed range';
    }
  }
  return null;
}

const DOCUMENT_EVENTS: Readonly<Record<string, string>> = {
  onDidOpenTextDocument: 'textDocument/didOpen',
  onDidChangeTextDocument: 'textDocument/didChange',
  onDidCloseTextDocument: 'textDocument/didClose',
  onDidSaveTextDocument: 'textDocument/didSave',
  onWillSaveTextDocument: 'textDocument/willSave',
};

/**
 * The connection as TextDocuments should see it: document notifications reach it only while the
 * server runs, and only when well formed (TextDocuments trusts its input; a bad `text` would make
 * every later request on the document fail).
 */
export function guardedDocumentEvents(connection: Connection, lifecycle: Lifecycle, log: (m: string) => void): Connection {
  return new Proxy(connection, {
    get(target, prop, receiver) {
      const method = typeof prop === 'string' ? DOCUMENT_EVENTS[prop] : undefined;
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (!method || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (handler: (p: unknown) => unknown) => (value as (h: (p: unknown) => unknown) => unknown).call(target, (params: unknown) => {
        if (!lifecycle.running) { log(`${method} ignored: the server is ${lifecycle.phase === 'starting' ? 'not initialized' : 'shutting down'}`); return undefined; }
        const bad = malformedDocumentNotification(method, params);
        if (bad) { log(`${method} ignored: ${bad}`); return undefined; }
        return handler(params);
      });
    },
  });
}
