/**
 * The GradLens language server: the protocol's wiring and nothing else. Document runs live in
 * documentRuns.ts, settings in settings.ts, each request's answer in requests/, lifecycle and
 * parameter guards in guards.ts. Analysis runs in worker threads; requests answer from the runs'
 * results. Every handler is guarded: a failure becomes an error response, never an exit.
 */
import { join } from 'node:path';
import {
  CancellationToken, CodeActionKind, CodeActionRequest, CodeLensRequest, DidChangeConfigurationNotification, DocumentSymbolRequest, ErrorCodes,
  ExecuteCommandRequest, HoverRequest, LSPErrorCodes, ProposedFeatures, ResponseError, TextDocumentSyncKind, TextDocuments, createConnection,
  DiagnosticSeverity, type Connection, type Diagnostic, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { kindOfDocument } from '../shared/fileKinds.js';
import {
  AnalysisStatsRequest, CheckTextRequest, FindingsAtRequest, HoverImageStatsRequest, HoverImagesNotification, SERVER_COMMANDS,
  StatusNotification, isFindingsAtParams, isObject,
} from '../shared/protocol.js';
import { validColor } from './color.js';
import { DocumentRuns, Stale, cancelled, type Results } from './documentRuns.js';
import { FrameGuard } from './framing.js';
import { Lifecycle, documentUri, guardedDocumentEvents, position } from './guards.js';
import { NOTEBOOK_LANGUAGE, NOTEBOOK_SELECTOR, NotebookSync } from './notebookSync.js';
import { HoverImages } from './hoverImages.js';
import { WorkerPool } from './pool.js';
import { ORIGIN, SEVERITIES, toCodeLenses, toDiagnostics, toSymbols } from './present.js';
import { checkText } from './requests/checkText.js';
import { answerCodeActions } from './requests/codeActions.js';
import { executeCommand, plotSource } from './requests/commands.js';
import type { ServerContext } from './requests/context.js';
import { answerHover } from './requests/hover.js';
import { ScopedSettings, readTuning } from './settings.js';
import { counts, findingsIn } from './summary.js';

declare const GRADLENS_VERSION: string | undefined;

/** A first batch loads MathJax (a few hundred ms); a dozen formulas take well under a second after that. */
const RENDER_TIMEOUT_MS = 20_000;
/** Readable on light and dark backgrounds, for a client that asks for images without a colour. */
const DEFAULT_FORMULA_COLOR = '#808080';

function contentModified(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.ContentModified, 'the document changed while the request was being answered');
}

/**
 * A connection over the transport named on the command line (--stdio, --node-ipc, --socket=N,
 * --pipe=N), stdio by default. Over stdio, frames pass a FrameGuard first (a malformed frame is
 * skipped, not fatal), and console output goes to stderr: stdout carries the protocol.
 */
function defaultConnection(): Connection {
  const other = process.argv.some((a) => /^--(node-ipc|socket|pipe)/.test(a));
  if (other) return createConnection(ProposedFeatures.all);
  for (const k of ['log', 'info', 'debug', 'warn'] as const) console[k] = console.error;
  const input = process.stdin.pipe(new FrameGuard((m) => process.stderr.write(`gradlens server: ${m}\n`)));
  process.stdin.on('end', () => input.end());
  return createConnection(ProposedFeatures.all, input, process.stdout);
}

/** What the client said it supports, at initialize. */
interface ClientFeatures {
  configuration: boolean;
  configurationRegistration: boolean;
  progress: boolean;
  /** The client understands `gradlens/status` (it said so in initializationOptions). */
  statusNotifications: boolean;
  versionedEdits: boolean;
}

export function startServer(connection: Connection = defaultConnection()): Connection {
  const documents = new TextDocuments(TextDocument);
  const lifecycle = new Lifecycle();
  const log = (m: string) => { try { connection.console.log(m); } catch { /* the connection may be gone */ } };
  let tuning = readTuning({});
  let client: ClientFeatures = { configuration: false, configurationRegistration: false, progress: false, statusNotifications: false, versionedEdits: false };
  const settings = new ScopedSettings(null, log);
  let pool: WorkerPool | null = null;
  /** A worker of its own for MathJax, started on the first formula to draw, so analysis never waits behind drawing. */
  let renderPool: WorkerPool | null = null;
  let images: HoverImages | null = null;
  const workers = (): WorkerPool => (pool ??= new WorkerPool(join(__dirname, 'worker.js'), tuning.workers, tuning.timeoutMs, log));
  const renderFormulas = (formulas: string[], color: string) => {
    renderPool ??= new WorkerPool(join(__dirname, 'worker.js'), 1, RENDER_TIMEOUT_MS, log);
    return renderPool.run({ kind: 'render', formulas, color }) as Promise<(string | null)[]>;
  };

  const notebooks = new NotebookSync(connection, () => runs, log);
  const runs: DocumentRuns = new DocumentRuns({
    documents: notebooks.documents(documents), settings, log, workers,
    kindOf: (doc) => (doc.languageId === NOTEBOOK_LANGUAGE && notebooks.isVirtual(doc.uri) ? 'notebook' : kindOfDocument(doc.languageId, doc.uri)),
    tuning: () => tuning,
    settled: (uri, results) => settled(uri, results),
    progress: (uri) => slowRunProgress(uri),
  });
  const ctx: ServerContext = { documents, runs, settings, workers, tuning: () => tuning, images: () => images, versionedEdits: () => client.versionedEdits };

  /** Wraps a request handler: exceptions become error responses, cancellation is answered with −32800. */
  function guard<P, R>(name: string, handler: (params: P, token: CancellationToken) => R | Promise<R>) {
    return async (params: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
      try {
        const refused = lifecycle.refusal();
        if (refused) return refused;
        if (token?.isCancellationRequested) return cancelled();
        const r = await handler(params, token);
        if (token?.isCancellationRequested) return cancelled();
        return r;
      } catch (e) {
        if (e instanceof ResponseError) return e;
        if (e instanceof Stale) return contentModified();
        log(`${name} failed: ${(e as Error)?.stack ?? String(e)}`);
        return new ResponseError(ErrorCodes.InternalError, `GradLens ${name} failed: ${(e as Error)?.message ?? String(e)}`);
      }
    };
  }

  /** Wraps a notification handler: a failure is logged. */
  function quietly<P>(name: string, handler: (params: P) => void | Promise<void>) {
    return (params: P) => {
      try {
        if (!lifecycle.running) { log(`${name} ignored: the server is ${lifecycle.phase === 'starting' ? 'not initialized' : 'shutting down'}`); return; }
        const r = handler(params);
        if (r instanceof Promise) r.catch((e) => log(`${name} failed: ${(e as Error)?.stack ?? String(e)}`));
      } catch (e) {
        log(`${name} failed: ${(e as Error)?.stack ?? String(e)}`);
      }
    };
  }

  /**
   * A document's results are in: diagnostics (a notebook's go to its cells), formulas drawn ahead of
   * hovers, the status for the client's status bar (for a notebook, under the notebook's URI).
   */
  function settled(uri: string, results: Results): void {
    const version = documents.get(uri)?.version ?? results.version;
    const severity = SEVERITIES[settings.for(uri).severity];
    const problem = results.problem;
    if (notebooks.isVirtual(uri)) {
      notebooks.publish(uri, results, severity);
    } else {
      const diagnostics: Diagnostic[] = toDiagnostics(uri, results.findings, severity);
      // A problem with the run as a whole is a status for clients that show one, else a diagnostic at 0:0.
      if (problem && !client.statusNotifications) diagnostics.unshift({ range: ORIGIN, severity: problem.severity, source: 'gradlens', message: problem.message });
      void connection.sendDiagnostics({ uri, version, diagnostics }).catch(() => undefined);
    }
    images?.prefetch(results.findings);
    if (client.statusNotifications) {
      const health = problem ? (problem.severity === DiagnosticSeverity.Error ? 'error' : 'warning') : 'ok';
      void connection.sendNotification(StatusNotification, { uri, version, ...counts(results.findings), ms: results.ms, health, problem: problem ? { message: problem.message, short: problem.short } : null }).catch(() => undefined);
    }
  }

  /** Work-done progress for runs longer than tuning.progressAfterMs, when the client supports it; quick runs show nothing. */
  function slowRunProgress(uri: string): { done(): void } {
    let reporter: { done(): void } | null = null;
    let finished = false;
    const t = setTimeout(() => {
      if (!client.progress) return;
      connection.window.createWorkDoneProgress().then((p) => {
        if (finished) { p.done(); return; }
        p.begin('GradLens', undefined, `checking ${decodeURIComponent(uri.replace(/[?#].*$/, '').split('/').pop() || uri)}…`);
        reporter = p;
      }, () => undefined);
    }, tuning.progressAfterMs);
    return { done() { finished = true; clearTimeout(t); reporter?.done(); } };
  }

  function recheckAll(): void {
    pool?.broadcast({ kind: 'forget', uri: null });
    runs.recheckAll();
  }

  connection.onInitialize((params): InitializeResult | ResponseError<{ retry: boolean }> => {
    if (lifecycle.phase !== 'starting') return new ResponseError(ErrorCodes.InvalidRequest, 'initialize may be sent only once', { retry: false });
    if (!isObject(params)) return new ResponseError(ErrorCodes.InvalidParams, 'initialize needs params', { retry: false });
    lifecycle.phase = 'running';
    const init = isObject(params?.initializationOptions) ? params.initializationOptions : {};
    const caps = params.capabilities;
    tuning = readTuning(init);
    client = {
      configuration: caps?.workspace?.configuration === true,
      configurationRegistration: caps?.workspace?.didChangeConfiguration?.dynamicRegistration === true,
      progress: caps?.window?.workDoneProgress === true,
      statusNotifications: init.statusNotifications === true,
      versionedEdits: caps?.workspace?.workspaceEdit?.documentChanges === true,
    };
    settings.configure(client.configuration ? (scopeUri) => connection.workspace.getConfiguration(scopeUri ? { scopeUri, section: 'gradlens' } : { section: 'gradlens' }) : null, init.settings ?? init.gradlens);
    if (isObject(init.hoverImages)) images = new HoverImages(renderFormulas, validColor(init.hoverImages.color) ?? DEFAULT_FORMULA_COLOR, log);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        notebookDocumentSync: { notebookSelector: NOTEBOOK_SELECTOR },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        documentSymbolProvider: true,
        executeCommandProvider: { commands: [SERVER_COMMANDS.checkGradient, SERVER_COMMANDS.plotData] },
      },
      serverInfo: { name: 'gradlens', version: typeof GRADLENS_VERSION === 'string' ? GRADLENS_VERSION : 'dev' },
    };
  });

  connection.onInitialized(quietly('initialized', async () => {
    workers(); // start the workers now: their start-up is not charged to the first document
    // Clients that pull settings are told to notify changes by registration (the push-style
    // `synchronize.configurationSection` of vscode-languageclient is deprecated).
    if (client.configuration && client.configurationRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'gradlens' }).catch((e) => log(`registering for configuration changes failed: ${(e as Error).message}`));
    }
    if (client.configuration) { await settings.refreshBase(); settings.changed(); recheckAll(); }
  }));

  connection.onDidChangeConfiguration(quietly('didChangeConfiguration', async (params: { settings?: unknown }) => {
    settings.changed(params?.settings);
    await settings.refreshBase();
    recheckAll();
  }));

  documents.onDidChangeContent((e) => {
    try { runs.changed(e.document.uri); } catch (err) { log(`didChange failed: ${(err as Error).message}`); }
  });
  documents.onDidClose((e) => {
    try {
      const uri = e.document.uri;
      runs.closed(uri);
      settings.forget(uri);
      pool?.broadcast({ kind: 'forget', uri });
      pool?.forgetHome(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
    } catch (err) { log(`didClose failed: ${(err as Error).message}`); }
  });

  // Requests are registered with onRequest, not onHover/onCodeLens…: those read params.workDoneToken
  // before the handler runs, so `null` params would fail as −32603 instead of reaching the −32602 guards.
  connection.onRequest(HoverRequest.type, guard('hover', (params) => {
    const uri = documentUri(params, 'hover');
    return notebooks.cellOf(uri) ? notebooks.hover(uri, position(params, 'hover'), images) : answerHover(ctx, params);
  }));
  connection.onRequest(CodeActionRequest.type, guard('codeAction', (params) => answerCodeActions(ctx, params)));
  connection.onRequest(ExecuteCommandRequest.type, guard('executeCommand', (params, token) => executeCommand(ctx, params, token)));
  connection.onRequest(CheckTextRequest, guard('checkText', (params: unknown, token) => checkText(ctx, params, token)));

  connection.onRequest(CodeLensRequest.type, guard('codeLens', async (params, token) => {
    const uri = documentUri(params, 'codeLens');
    if (!documents.get(uri)) return [];
    const { doc, results } = await runs.current(uri, token);
    return toCodeLenses(uri, doc.version, results.findings, (f) => plotSource(results.findings, f) !== null);
  }));

  connection.onRequest(DocumentSymbolRequest.type, guard('documentSymbol', async (params, token) => {
    const uri = documentUri(params, 'documentSymbol');
    if (!documents.get(uri)) return [];
    return toSymbols((await runs.current(uri, token)).results.findings);
  }));

  /** The findings under a cursor or selection, innermost first, with one-line labels (for "Check gradient" at the cursor). */
  connection.onRequest(FindingsAtRequest, guard('findingsAt', async (params: unknown, token) => {
    if (!isFindingsAtParams(params)) throw new ResponseError(ErrorCodes.InvalidParams, `${FindingsAtRequest.method} needs { uri, range }`);
    const { uri, range } = params;
    if (!documents.get(uri)) return [];
    const { doc, results } = await runs.current(uri, token);
    return findingsIn(results.findings, range, (r) => doc.getText(r), kindOfDocument(doc.languageId, uri) === 'code');
  }));

  /** Analysis statistics for a document (how many regions were reused): for tests and diagnosis. */
  connection.onRequest(AnalysisStatsRequest, guard('analysisStats', (params: { uri?: unknown }) => {
    const s = typeof params?.uri === 'string' ? runs.get(params.uri) : undefined;
    return s?.results ? { version: s.results.version, stats: s.results.stats, ms: s.results.ms } : null;
  }));

  /** The client's theme changed: formulas are drawn in the new colour (`null` stops drawing). */
  connection.onNotification(HoverImagesNotification, quietly('hoverImages', (params: unknown) => {
    const color = isObject(params) ? params.color : undefined;
    if (color === undefined) return;
    if (!images) {
      if (color === null) return;
      images = new HoverImages(renderFormulas, null, log);
    }
    images.setColor(color);
    for (const s of runs.all()) if (s.results) images.prefetch(s.results.findings);
  }));

  /** How far drawing formulas has got: for tests and the benchmark. */
  connection.onRequest(HoverImageStatsRequest, guard('hoverImageStats', () => (
    images ? { color: images.color, pending: images.pending, cached: images.size, ...images.counts } : null
  )));

  connection.onShutdown(() => {
    lifecycle.phase = 'shutdown';
    runs.stop();
    pool?.dispose();
    pool = null;
    images?.dispose();
    renderPool?.dispose();
    renderPool = null;
  });

  documents.listen(guardedDocumentEvents(connection, lifecycle, log));
  notebooks.listen();
  connection.listen();
  return connection;
}
