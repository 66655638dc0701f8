/**
 * The GradLens language server: diagnostics, hovers, code lenses, commands and document symbols for
 * derivations (LaTeX, Markdown, plain text) and code. Analysis runs in worker threads, debounced per
 * document and cached per version; requests answer from the cache. Every handler is guarded: a
 * failure becomes an error response, never an exit.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CancellationToken, CodeActionKind, DidChangeConfigurationNotification, CodeActionRequest, CodeLensRequest, DocumentSymbolRequest, ExecuteCommandRequest, HoverRequest, DiagnosticSeverity, ErrorCodes, LSPErrorCodes, ProposedFeatures, ResponseError, TextDocumentSyncKind, TextDocuments,
  createConnection, type CodeAction, type Connection, type Diagnostic, type TextEdit, type InitializeResult, type Position, type Range,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../documents/findings.js';
import type { CodeFix } from '../codecheck/fixes.js';
import { kindOfDocument } from '../shared/fileKinds.js';
import {
  AnalysisStatsRequest, CheckTextRequest, FindingsAtRequest, HoverImageStatsRequest, HoverImagesNotification, SERVER_COMMANDS,
  StatusNotification, isCheckTextParams, isFindingsAtParams, isObject, isRange, type PlotData,
} from '../shared/protocol.js';
import { TextShift } from './textShift.js';
import { HoverImages } from './hoverImages.js';
import { validColor } from './color.js';
import type { AnalyzeResult } from './messages.js';
import { ScopedSettings, documentOptions, readTuning } from './settings.js';
import { CancelledError, SupersededError, TimeoutError, WorkerPool } from './pool.js';
import { SEVERITIES, findingAt, hoverText, toCodeLenses, toDiagnostics, toSymbols } from './present.js';
import type { AnalysisStats } from '../documents/incremental.js';
import { counts, findingsIn, intersects } from './summary.js';
import { FrameGuard } from './framing.js';
import { Lifecycle, documentUri, guardedDocumentEvents, position } from './guards.js';

declare const GRADLENS_VERSION: string | undefined;

interface Results {
  version: number;
  findings: Finding[];
  inputs: (string | null)[];
  fixes: (CodeFix | null)[];
  stats: AnalysisStats | null;
  ms: number;
  /** A problem with the run as a whole (timed out, binary content), shown as one diagnostic. */
  problem: { message: string; severity: DiagnosticSeverity } | null;
  /** The text analysed: hovers while typing map positions through what changed since. */
  text: string;
}

interface DocState {
  timer: NodeJS.Timeout | null;
  results: Results | null;
  /** The settings generation the results were computed with. */
  generation: number;
  waiters: Set<() => void>;
  /** The version and settings generation a run is under way for. */
  running: { version: number; generation: number } | null;
  /** From the results' text to the text on screen, for one version of the document. */
  shift: { version: number; resultsVersion: number; map: TextShift } | null;
}

/** A first batch loads MathJax (a few hundred ms); a dozen formulas take well under a second after that. */
const RENDER_TIMEOUT_MS = 20_000;
/** Readable on light and dark backgrounds, for a client that asks for images without a colour. */
const DEFAULT_FORMULA_COLOR = '#808080';

const ORIGIN = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };



function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
}

function contentModified(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.ContentModified, 'the document changed while the request was being answered');
}

class Stale extends Error {}

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

export function startServer(connection: Connection = defaultConnection()): Connection {
  const documents = new TextDocuments(TextDocument);
  const states = new Map<string, DocState>();
  let tuning = readTuning({});
  const settings = new ScopedSettings(null, (m) => log(m));
  let generation = 0;
  let pool: WorkerPool | null = null;
  /** A worker of its own for MathJax, started on the first formula to draw, so analysis never waits behind drawing. */
  let renderPool: WorkerPool | null = null;
  let images: HoverImages | null = null;
  let canConfigure = false;
  let configurationRegistration = false;
  /** The client applies versioned edits (documentChanges): a fix is never applied to text it was not made for. */
  let versionedEdits = false;
  /** The client understands `gradlens/status` (it said so in initializationOptions). */
  let statusNotifications = false;
  let shuttingDown = false;
  const lifecycle = new Lifecycle();

  const log = (m: string) => { try { connection.console.log(m); } catch { /* the connection may be gone */ } };
  const workers = (): WorkerPool => (pool ??= new WorkerPool(join(__dirname, 'worker.js'), tuning.workers, tuning.timeoutMs, log));
  const renderFormulas = (formulas: string[], color: string) => {
    renderPool ??= new WorkerPool(join(__dirname, 'worker.js'), 1, RENDER_TIMEOUT_MS, log);
    return renderPool.run({ kind: 'render', formulas, color }) as Promise<(string | null)[]>;
  };

  const state = (uri: string): DocState => {
    let s = states.get(uri);
    if (!s) { s = { timer: null, results: null, generation, waiters: new Set(), running: null, shift: null }; states.set(uri, s); }
    return s;
  };


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

  function publish(uri: string, results: Results): void {
    const doc = documents.get(uri);
    const diagnostics: Diagnostic[] = toDiagnostics(uri, results.findings, SEVERITIES[settings.for(uri).severity]);
    if (results.problem) diagnostics.unshift({ range: ORIGIN, severity: results.problem.severity, source: 'gradlens', message: results.problem.message });
    void connection.sendDiagnostics({ uri, version: doc?.version ?? results.version, diagnostics }).catch(() => undefined);
  }

  function settle(uri: string, s: DocState, results: Results): void {
    s.results = results;
    s.shift = null;
    s.generation = generation;
    publish(uri, results);
    images?.prefetch(results.findings);
    if (statusNotifications) {
      const status = { uri, version: documents.get(uri)?.version ?? results.version, ...counts(results.findings), ms: results.ms };
      void connection.sendNotification(StatusNotification, status).catch(() => undefined);
    }
    for (const w of [...s.waiters]) w();
  }

  function schedule(uri: string, delay: number): void {
    const s = state(uri);
    if (s.timer) clearTimeout(s.timer);
    s.timer = setTimeout(() => { s.timer = null; void analyze(uri).catch((e) => log(`analysis failed: ${(e as Error)?.stack ?? e}`)); }, delay);
    for (const w of [...s.waiters]) w(); // waiters on the old version learn that it is stale
  }

  async function analyze(uri: string): Promise<void> {
    const doc = documents.get(uri);
    const s = states.get(uri);
    if (!doc || !s || shuttingDown) return;
    const version = doc.version;
    if (s.results?.version === version && s.generation === generation) return;
    const kind = kindOfDocument(doc.languageId, uri);
    const empty = (problem: Results['problem']): Results => ({ version, findings: [], inputs: [], fixes: [], stats: null, ms: 0, problem, text: '' });
    if (kind === null) return settle(uri, s, empty(null));
    const text = doc.getText();
    if (text.length > tuning.maxChars) return settle(uri, s, empty(tooLarge()));
    const gen = generation;
    const progress = slowRunProgress(uri);
    s.running = { version, generation: gen };
    try {
      const options = documentOptions(await settings.load(uri));
      if (documents.get(uri)?.version !== version || gen !== generation) return; // changed while the settings were asked for
      const r = await workers().run(
        { kind: 'analyze', uri, path: pathOf(uri), documentKind: kind, text, options },
        { key: uri },
      ) as AnalyzeResult;
      if (documents.get(uri)?.version !== version || gen !== generation) return; // stale: a newer run is scheduled
      settle(uri, s, { version, findings: r.findings, inputs: r.inputs, fixes: r.fixes ?? [], stats: r.stats, ms: r.ms, problem: r.error ? { message: `GradLens: ${r.error}`, severity: DiagnosticSeverity.Information } : null, text });
    } catch (e) {
      if (e instanceof SupersededError) return;
      if (documents.get(uri)?.version !== version || gen !== generation) return;
      const message = e instanceof TimeoutError ? `GradLens: the check timed out (${e.message}); no findings for this version` : `GradLens: the check failed: ${(e as Error).message}`;
      settle(uri, s, empty({ message, severity: DiagnosticSeverity.Warning }));
    } finally {
      if (s.running?.version === version && s.running.generation === gen) s.running = null;
      progress.done();
    }
  }

  function tooLarge(): NonNullable<Results['problem']> {
    return { message: `GradLens: the document is larger than ${Math.round(tuning.maxChars / 1024 / 1024)} MB and is not checked`, severity: DiagnosticSeverity.Information };
  }

  /** Work-done progress for runs longer than tuning.progressAfterMs, when the client supports it; quick runs show nothing. */
  function slowRunProgress(uri: string): { done(): void } {
    let reporter: { done(): void } | null = null;
    let finished = false;
    const t = setTimeout(() => {
      if (!supportsProgress) return;
      connection.window.createWorkDoneProgress().then((p) => {
        if (finished) { p.done(); return; }
        p.begin('GradLens', undefined, `checking ${decodeURIComponent(uri.replace(/[?#].*$/, '').split('/').pop() || uri)}…`);
        reporter = p;
      }, () => undefined);
    }, tuning.progressAfterMs);
    return { done() { finished = true; clearTimeout(t); reporter?.done(); } };
  }
  let supportsProgress = false;

  /** The results for the document's current version, waiting for a pending run; ContentModified if it changes meanwhile. */
  async function current(uri: string, token: CancellationToken, expectVersion?: number): Promise<{ doc: TextDocument; results: Results }> {
    const doc = documents.get(uri);
    if (!doc) throw new ResponseError(ErrorCodes.InvalidParams, `unknown document ${uri}`);
    const version = doc.version;
    if (expectVersion !== undefined && expectVersion !== version) throw new Stale();
    const s = state(uri);
    if (!s.results || s.results.version !== version || s.generation !== generation) {
      const underWay = s.running?.version === version && s.running.generation === generation;
      if (!s.timer && !underWay) schedule(uri, 0);
      await new Promise<void>((resolve, reject) => {
        const check = () => {
          if (token.isCancellationRequested) { finish(); reject(cancelled()); return; }
          const d = documents.get(uri);
          if (!d || d.version !== version) { finish(); reject(new Stale()); return; }
          if (s.results?.version === version && s.generation === generation) { finish(); resolve(); }
        };
        const sub = token.onCancellationRequested(check);
        const timer = setTimeout(() => { finish(); reject(new ResponseError(ErrorCodes.InternalError, 'the check did not finish in time')); }, tuning.timeoutMs + 5000);
        const finish = () => { s.waiters.delete(check); sub.dispose(); clearTimeout(timer); };
        s.waiters.add(check);
      });
    }
    return { doc, results: s.results! };
  }

  connection.onInitialize((params): InitializeResult | ResponseError<{ retry: boolean }> => {
    if (lifecycle.phase !== 'starting') return new ResponseError(ErrorCodes.InvalidRequest, 'initialize may be sent only once', { retry: false });
    if (!isObject(params)) return new ResponseError(ErrorCodes.InvalidParams, 'initialize needs params', { retry: false });
    lifecycle.phase = 'running';
    const init = isObject(params?.initializationOptions) ? params.initializationOptions : {};
    tuning = readTuning(init);
    canConfigure = params.capabilities?.workspace?.configuration === true;
    configurationRegistration = params.capabilities?.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    settings.configure(canConfigure ? (scopeUri) => connection.workspace.getConfiguration(scopeUri ? { scopeUri, section: 'gradlens' } : { section: 'gradlens' }) : null, init.settings ?? init.gradlens);
    supportsProgress = params.capabilities?.window?.workDoneProgress === true;
    statusNotifications = init.statusNotifications === true;
    versionedEdits = params.capabilities?.workspace?.workspaceEdit?.documentChanges === true;
    if (isObject(init.hoverImages)) images = new HoverImages(renderFormulas, validColor(init.hoverImages.color) ?? DEFAULT_FORMULA_COLOR, log);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
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
    if (canConfigure && configurationRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'gradlens' }).catch((e) => log(`registering for configuration changes failed: ${(e as Error).message}`));
    }
    if (canConfigure) { await settings.refreshBase(); settings.changed(); recheckAll(); }
  }));

  function recheckAll(): void {
    generation++;
    pool?.broadcast({ kind: 'forget', uri: null });
    for (const doc of documents.all()) schedule(doc.uri, 0);
  }

  connection.onDidChangeConfiguration(quietly('didChangeConfiguration', async (params: { settings?: unknown }) => {
    settings.changed(params?.settings);
    await settings.refreshBase();
    recheckAll();
  }));

  documents.onDidChangeContent((e) => {
    try {
      const first = !states.has(e.document.uri) || states.get(e.document.uri)!.results === null && !states.get(e.document.uri)!.timer;
      schedule(e.document.uri, first ? 0 : tuning.debounceMs);
    } catch (err) { log(`didChange failed: ${(err as Error).message}`); }
  });
  documents.onDidClose((e) => {
    try {
      const s = states.get(e.document.uri);
      if (s?.timer) clearTimeout(s.timer);
      states.delete(e.document.uri);
      if (s) for (const w of [...s.waiters]) w();
      pool?.broadcast({ kind: 'forget', uri: e.document.uri });
      pool?.forgetHome(e.document.uri);
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }).catch(() => undefined);
    } catch (err) { log(`didClose failed: ${(err as Error).message}`); }
  });

  // Requests are registered with onRequest, not onHover/onCodeLens…: those read params.workDoneToken
  // before the handler runs, so `null` params would fail as −32603 instead of reaching the −32602 guards.
  connection.onRequest(HoverRequest.type, guard('hover', (params) => {
    const uri = documentUri(params, 'hover');
    const p = position(params, 'hover');
    const doc = documents.get(uri);
    const s = states.get(uri);
    const results = s?.results;
    // Hovers answer from the cache only, never waiting for a run. While the document is being typed
    // in, the last results still describe the text outside the edited span, moved.
    if (!doc || !s || !results) return null;
    let at: Position | null = p;
    let range = (r: Range): Range | null => r;
    if (results.version !== doc.version) {
      if (results.text === '' && results.findings.length === 0) return null;
      if (s.shift?.version !== doc.version || s.shift.resultsVersion !== results.version) {
        s.shift = { version: doc.version, resultsVersion: results.version, map: new TextShift(results.text, doc.getText()) };
      }
      const map = s.shift.map;
      at = map.toOld(p);
      range = (r) => map.rangeToNew(r);
    }
    if (!at) return null;
    const line = results.version === doc.version ? doc.getText({ start: { line: at.line, character: 0 }, end: { line: at.line + 1, character: 0 } }) : undefined;
    const i = findingAt(results.findings, at, line);
    if (i < 0) return null;
    const f = results.findings[i]!;
    const shown = range(f.range);
    if (!shown) return null;
    const image = images ? (formula: string) => images!.image(formula) : undefined;
    return { contents: hoverText(f, results.inputs[i] ?? null, image), range: shown };
  }));

  /** Quick fixes: the stable rewrite for an instability warning on code, prepared at analysis. */
  connection.onRequest(CodeActionRequest.type, guard('codeAction', (params) => {
    const uri = params?.textDocument?.uri;
    const range = params?.range;
    if (typeof uri !== 'string' || !isRange(range)) throw new ResponseError(ErrorCodes.InvalidParams, 'codeAction needs textDocument.uri and range');
    const only = params.context?.only;
    if (Array.isArray(only) && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === CodeActionKind.Empty)) return [];
    const doc = documents.get(uri);
    const results = states.get(uri)?.results;
    // From the cache, and only for the text on screen: an edit made for other text would corrupt it.
    if (!doc || !results || results.version !== doc.version) return [];
    const asked = Array.isArray(params.context?.diagnostics) ? params.context.diagnostics : [];
    const actions: CodeAction[] = [];
    results.fixes.forEach((fix, index) => {
      const f = results.findings[index];
      if (!fix || !f || !intersects(f.range, range)) return;
      const edits: TextEdit[] = fix.edits.map((e) => ({ range: e.range, newText: e.newText }));
      actions.push({
        title: `GradLens: ${fix.title}`,
        kind: CodeActionKind.QuickFix,
        isPreferred: true,
        diagnostics: asked.filter((d) => (isObject(d?.data) && d.data.index === index) || (d?.code === 'instability' && isRange(d.range) && intersects(d.range, f.range))),
        edit: versionedEdits
          ? { documentChanges: [{ textDocument: { uri, version: doc.version }, edits }] }
          : { changes: { [uri]: edits } },
      });
    });
    return actions;
  }));

  connection.onRequest(CodeLensRequest.type, guard('codeLens', async (params, token) => {
    const uri = documentUri(params, 'codeLens');
    if (!documents.get(uri)) return [];
    const { doc, results } = await current(uri, token);
    return toCodeLenses(uri, doc.version, results.findings, (f) => plotSource(results.findings, f) !== null);
  }));

  connection.onRequest(DocumentSymbolRequest.type, guard('documentSymbol', async (params, token) => {
    const uri = documentUri(params, 'documentSymbol');
    if (!documents.get(uri)) return [];
    const { results } = await current(uri, token);
    return toSymbols(results.findings);
  }));

  connection.onRequest(ExecuteCommandRequest.type, guard('executeCommand', async (params, token) => {
    if (!isObject(params)) throw new ResponseError(ErrorCodes.InvalidParams, 'workspace/executeCommand needs { command, arguments }');
    const arg = Array.isArray(params.arguments) ? params.arguments[0] : undefined;
    const a: Record<string, unknown> = isObject(arg) ? arg : { uri: arg, index: Array.isArray(params.arguments) ? params.arguments[1] : undefined, version: Array.isArray(params.arguments) ? params.arguments[2] : undefined };
    const uri = a.uri, index = a.index, version = a.version;
    if (params.command !== SERVER_COMMANDS.checkGradient && params.command !== SERVER_COMMANDS.plotData) throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${String(params.command)}`);
    if (typeof uri !== 'string' || typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
      throw new ResponseError(ErrorCodes.InvalidParams, `${params.command} needs { uri, index[, version] } (a code lens's arguments)`);
    }
    const { doc, results } = await current(uri, token, typeof version === 'number' ? version : undefined);
    const finding = results.findings[index];
    if (!finding) throw new ResponseError(ErrorCodes.InvalidParams, `no finding ${index} in ${uri} (it has ${results.findings.length})`);
    const definition = definitionOf(results.findings, finding);
    if (params.command === SERVER_COMMANDS.checkGradient) {
      return { uri, version: doc.version, index, finding, definition, stats: results.stats, ms: results.ms };
    }
    // Nothing to plot is an answer, not a failure: a claim checked against no definition has no f to draw.
    const source = plotSource(results.findings, finding);
    if (source === null) {
      return { uri, version: doc.version, index, kind: finding.kind, name: finding.name, plottable: false, reason: finding.kind === 'definition' ? 'this definition has no expression to plot' : 'nothing to plot: this claim was not checked against a definition with an expression' };
    }
    const range = Array.isArray(a.range) && a.range.length === 2 && a.range.every((x: unknown) => typeof x === 'number') ? a.range as [number, number] : null;
    const samples = typeof a.samples === 'number' ? a.samples : null;
    const variable = typeof a.variable === 'string' ? a.variable : null;
    const plot = await workers().run({ kind: 'plot', request: { finding, definition, range, samples, variable } }, { affinity: uri, timeoutMs: Math.min(tuning.timeoutMs, 10_000) }) as PlotData;
    if (documents.get(uri)?.version !== doc.version) throw new Stale();
    return { uri, version: doc.version, index, kind: finding.kind, name: finding.name, plottable: true, ...plot };
  }));

  /** Analysis statistics for a document (how many regions were reused): for tests and diagnosis. */
  connection.onRequest(AnalysisStatsRequest, guard('analysisStats', (params: { uri?: unknown }) => {
    const s = typeof params?.uri === 'string' ? states.get(params.uri) : undefined;
    return s?.results ? { version: s.results.version, stats: s.results.stats, ms: s.results.ms } : null;
  }));

  /** The findings under a cursor or selection, innermost first, with one-line labels (for "Check gradient" at the cursor). */
  connection.onRequest(FindingsAtRequest, guard('findingsAt', async (params: unknown, token) => {
    if (!isFindingsAtParams(params)) throw new ResponseError(ErrorCodes.InvalidParams, `${FindingsAtRequest.method} needs { uri, range }`);
    const { uri, range } = params;
    if (!documents.get(uri)) return [];
    const { doc, results } = await current(uri, token);
    return findingsIn(results.findings, range, (r) => doc.getText(r), kindOfDocument(doc.languageId, uri) === 'code');
  }));

  /**
   * Checks a file that is not open in the editor (the client's "Check workspace"): the same analysis
   * and limits as an open document, in the worker pool, cancellable; nothing is kept or published.
   */
  connection.onRequest(CheckTextRequest, guard('checkText', async (params: unknown, token) => {
    if (!isCheckTextParams(params)) throw new ResponseError(ErrorCodes.InvalidParams, `${CheckTextRequest.method} needs { uri, languageId, text }`);
    const { uri, text, languageId } = params;
    const started = Date.now();
    // The file's own settings (its folder's, in a multi-root workspace); not kept for a file that is not open.
    const own = await settings.load(uri);
    if (!documents.get(uri)) settings.forget(uri);
    const answer = (findings: Finding[], problem: Results['problem'], ms: number) => {
      const diagnostics = toDiagnostics(uri, findings, SEVERITIES[own.severity]);
      if (problem) diagnostics.unshift({ range: ORIGIN, severity: problem.severity, source: 'gradlens', message: problem.message });
      return { diagnostics, summary: { uri, ...counts(findings), ms } };
    };
    const kind = kindOfDocument(languageId, uri);
    if (kind === null) return answer([], null, 0);
    if (text.length > tuning.maxChars) return answer([], tooLarge(), 0);
    try {
      const r = await workers().run(
        { kind: 'analyze', uri, path: pathOf(uri), documentKind: kind, text, options: documentOptions(own), transient: true },
        { affinity: null, cancel: token },
      ) as AnalyzeResult;
      return answer(r.findings, r.error ? { message: `GradLens: ${r.error}`, severity: DiagnosticSeverity.Information } : null, r.ms);
    } catch (e) {
      if (e instanceof CancelledError) throw cancelled();
      if (e instanceof TimeoutError) return answer([], { message: `GradLens: the check timed out (${e.message})`, severity: DiagnosticSeverity.Warning }, Date.now() - started);
      throw e;
    }
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
    for (const s of states.values()) if (s.results) images.prefetch(s.results.findings);
  }));

  /** How far drawing formulas has got: for tests and the benchmark. */
  connection.onRequest(HoverImageStatsRequest, guard('hoverImageStats', () => (
    images ? { color: images.color, pending: images.pending, cached: images.size, ...images.counts } : null
  )));

  connection.onShutdown(() => {
    lifecycle.phase = 'shutdown';
    shuttingDown = true;
    for (const s of states.values()) if (s.timer) clearTimeout(s.timer);
    pool?.dispose();
    pool = null;
    images?.dispose();
    renderPool?.dispose();
    renderPool = null;
  });

  documents.listen(guardedDocumentEvents(connection, lifecycle, log));
  connection.listen();
  return connection;
}

/** What a plot of this finding draws: a definition's own expression, or that of the definition a claim was checked against; null when there is none. */
function plotSource(findings: readonly Finding[], f: Finding): Finding | null {
  const source = f.kind === 'definition' ? f : definitionOf(findings, f);
  return source?.expression ? source : null;
}

/** The definition a claim was checked against: the definition finding whose body is the claim's related range. */
function definitionOf(findings: readonly Finding[], f: Finding): Finding | null {
  if (f.kind === 'definition') return null;
  for (const r of f.related ?? []) {
    const d = findings.find((g) => g.kind === 'definition' && g.range.end.line === r.range.end.line && g.range.end.character === r.range.end.character);
    if (d) return d;
  }
  return null;
}

function pathOf(uri: string): string {
  try {
    // fileURLToPath, not the URL's pathname: on Windows `file:///c:/x` is `c:\\x`, not `/c:/x`.
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}
