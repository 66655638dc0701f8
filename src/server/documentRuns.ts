/**
 * The analysis runs of open documents: per document its results, a debounce timer, the run under
 * way and the requests waiting for results of the current version; one settings generation for all
 * (a configuration change makes every document's results stale). The protocol handlers ask it for
 * results (`current`, `cached`) and tell it about edits (`changed`, `closed`); it tells its owner
 * when a document's results settle. No protocol here beyond the types: it is tested on its own.
 */
import { DiagnosticSeverity, ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../documents/findings.js';
import type { CodeFix } from '../codecheck/fixes.js';
import type { AnalysisStats } from '../documents/incremental.js';
import type { FileKind } from '../shared/fileKinds.js';
import type { AnalyzeResult } from './messages.js';
import { SupersededError, TimeoutError, type WorkerPool } from './pool.js';
import { documentOptions, type ScopedSettings, type Tuning } from './settings.js';
import type { TextShift } from './textShift.js';
import { pathOf } from './uris.js';

export interface Results {
  version: number;
  findings: Finding[];
  inputs: (string | null)[];
  fixes: (CodeFix | null)[];
  stats: AnalysisStats | null;
  ms: number;
  /** A problem with the run as a whole (timed out, binary content): a sentence, and a few words for a status bar. */
  problem: { message: string; short: string; severity: DiagnosticSeverity } | null;
  /** The text analysed: hovers while typing map positions through what changed since. */
  text: string;
}

export interface DocState {
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

/** The document changed while a request was waiting for its results (answered −32801). */
export class Stale extends Error {}

export function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
}

/** The analysis said why it did not check a document (binary content, unreadable code). */
export function notChecked(reason: string): NonNullable<Results['problem']> {
  return { message: `GradLens: ${reason}`, short: 'not checked', severity: DiagnosticSeverity.Information };
}

export function tooLarge(maxChars: number): NonNullable<Results['problem']> {
  return { message: `GradLens: the document is larger than ${Math.round(maxChars / 1024 / 1024)} MB and is not checked`, short: 'too large to check', severity: DiagnosticSeverity.Information };
}

/** The documents runs are for: the editor's text documents, and each open notebook as one virtual document (notebookSync.ts). */
export interface RunDocuments {
  get(uri: string): TextDocument | undefined;
  all(): TextDocument[];
}

export interface RunHost {
  documents: RunDocuments;
  /** What analysis a document goes through (null: none). */
  kindOf(doc: TextDocument): FileKind | null;
  workers(): WorkerPool;
  settings: ScopedSettings;
  tuning(): Tuning;
  /** A document's results are in (published, counted, formulas drawn: the owner's business). */
  settled(uri: string, results: Results): void;
  /** Progress shown for a run that turns out slow. */
  progress(uri: string): { done(): void };
  log(message: string): void;
}

export class DocumentRuns {
  private readonly states = new Map<string, DocState>();
  private generation = 0;
  private stopped = false;

  constructor(private readonly host: RunHost) {}

  /** The document's state, if it is open (hovers read its results and its text shift). */
  get(uri: string): DocState | undefined {
    return this.states.get(uri);
  }

  all(): IterableIterator<DocState> {
    return this.states.values();
  }

  /** The document was opened or edited: the first text is checked at once, edits after a pause. */
  changed(uri: string): void {
    const s = this.states.get(uri);
    const first = !s || (s.results === null && !s.timer);
    this.schedule(uri, first ? 0 : this.host.tuning().debounceMs);
  }

  /** Settings changed: every open document's results are stale. */
  recheckAll(): void {
    this.generation++;
    for (const doc of this.host.documents.all()) this.schedule(doc.uri, 0);
  }

  closed(uri: string): void {
    const s = this.states.get(uri);
    if (s?.timer) clearTimeout(s.timer);
    this.states.delete(uri);
    if (s) for (const w of [...s.waiters]) w();
  }

  stop(): void {
    this.stopped = true;
    for (const s of this.states.values()) if (s.timer) clearTimeout(s.timer);
  }

  /** The results for the document's current version, waiting for a pending run; Stale if it changes meanwhile. */
  async current(uri: string, token: CancellationToken, expectVersion?: number): Promise<{ doc: TextDocument; results: Results }> {
    const doc = this.host.documents.get(uri);
    if (!doc) throw new ResponseError(ErrorCodes.InvalidParams, `unknown document ${uri}`);
    const version = doc.version;
    if (expectVersion !== undefined && expectVersion !== version) throw new Stale();
    const s = this.state(uri);
    if (!this.fresh(s, version)) {
      const underWay = s.running?.version === version && s.running.generation === this.generation;
      if (!s.timer && !underWay) this.schedule(uri, 0);
      await this.waitFor(uri, s, version, token);
    }
    return { doc, results: s.results! };
  }

  private fresh(s: DocState, version: number): boolean {
    return s.results?.version === version && s.generation === this.generation;
  }

  private waitFor(uri: string, s: DocState, version: number, token: CancellationToken): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = () => {
        if (token.isCancellationRequested) { finish(); reject(cancelled()); return; }
        const d = this.host.documents.get(uri);
        if (!d || d.version !== version) { finish(); reject(new Stale()); return; }
        if (this.fresh(s, version)) { finish(); resolve(); }
      };
      const sub = token.onCancellationRequested(check);
      const timer = setTimeout(() => { finish(); reject(new ResponseError(ErrorCodes.InternalError, 'the check did not finish in time')); }, this.host.tuning().timeoutMs + 5000);
      const finish = () => { s.waiters.delete(check); sub.dispose(); clearTimeout(timer); };
      s.waiters.add(check);
    });
  }

  private state(uri: string): DocState {
    let s = this.states.get(uri);
    if (!s) { s = { timer: null, results: null, generation: this.generation, waiters: new Set(), running: null, shift: null }; this.states.set(uri, s); }
    return s;
  }

  private schedule(uri: string, delay: number): void {
    const s = this.state(uri);
    if (s.timer) clearTimeout(s.timer);
    s.timer = setTimeout(() => { s.timer = null; void this.analyze(uri).catch((e) => this.host.log(`analysis failed: ${(e as Error)?.stack ?? e}`)); }, delay);
    for (const w of [...s.waiters]) w(); // waiters on the old version learn that it is stale
  }

  private settle(uri: string, s: DocState, results: Results): void {
    s.results = results;
    s.shift = null;
    s.generation = this.generation;
    this.host.settled(uri, results);
    for (const w of [...s.waiters]) w();
  }

  private async analyze(uri: string): Promise<void> {
    const doc = this.host.documents.get(uri);
    const s = this.states.get(uri);
    if (!doc || !s || this.stopped) return;
    const version = doc.version;
    if (this.fresh(s, version)) return;
    const kind = this.host.kindOf(doc);
    const empty = (problem: Results['problem']): Results => ({ version, findings: [], inputs: [], fixes: [], stats: null, ms: 0, problem, text: '' });
    if (kind === null) return this.settle(uri, s, empty(null));
    const text = doc.getText();
    if (text.length > this.host.tuning().maxChars) return this.settle(uri, s, empty(tooLarge(this.host.tuning().maxChars)));
    const gen = this.generation;
    const stale = () => this.host.documents.get(uri)?.version !== version || gen !== this.generation;
    const progress = this.host.progress(uri);
    s.running = { version, generation: gen };
    try {
      const options = documentOptions(await this.host.settings.load(uri));
      if (stale()) return; // changed while the settings were asked for
      const r = await this.host.workers().run(
        { kind: 'analyze', uri, path: pathOf(uri), documentKind: kind, text, options },
        { key: uri },
      ) as AnalyzeResult;
      if (stale()) return; // a newer run is scheduled
      this.settle(uri, s, { version, findings: r.findings, inputs: r.inputs, fixes: r.fixes ?? [], stats: r.stats, ms: r.ms, problem: r.error ? notChecked(r.error) : null, text });
    } catch (e) {
      if (e instanceof SupersededError || stale()) return;
      const problem = e instanceof TimeoutError
        ? { message: `GradLens: the check timed out (${e.message}); no findings for this version`, short: 'check timed out', severity: DiagnosticSeverity.Warning }
        : { message: `GradLens: the check failed: ${(e as Error).message}`, short: 'check failed', severity: DiagnosticSeverity.Warning };
      this.settle(uri, s, empty(problem));
    } finally {
      if (s.running?.version === version && s.running.generation === gen) s.running = null;
      progress.done();
    }
  }
}
