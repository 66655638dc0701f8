/**
 * The server's settings: the user's `gradlens.*` check settings (read per resource, so a folder of
 * a multi-root workspace can have its own tolerance or severity) and the tuning a client passes in
 * initializationOptions (tests shorten the limits). Values are validated by the one rule in
 * core/check/tolerance.ts; a value breaking it is ignored like an empty one.
 */
import { availableParallelism } from 'node:os';
import { checkOptionValue } from '../core/check/tolerance.js';
import type { DocumentOptions } from '../documents/analyzeDocument.js';
import { isObject } from '../shared/protocol.js';
import { SEVERITIES, type SeverityName } from './present.js';

export interface Settings {
  rtol?: number;
  atol?: number;
  samples?: number;
  severity: SeverityName;
}

export interface Tuning {
  debounceMs: number;
  timeoutMs: number;
  workers: number;
  /** Larger documents are not checked. */
  maxChars: number;
  /** Runs longer than this report work-done progress (when the client supports it). */
  progressAfterMs: number;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({ severity: 'error' });

export function readSettings(raw: unknown): Settings {
  const s = isObject(raw) ? raw : {};
  const out: Settings = { severity: 'error' };
  // Empty (null) means "GradLens chooses"; a value breaking the rule is ignored the same way (the
  // settings UI already flags it against package.json's schema, which states the same rule).
  for (const name of ['rtol', 'atol', 'samples'] as const) {
    if (s[name] === null || s[name] === undefined) continue;
    const r = checkOptionValue(name, s[name]);
    if (r.error === undefined) out[name] = r.value;
  }
  if (typeof s.severity === 'string' && s.severity.toLowerCase() in SEVERITIES) out.severity = s.severity.toLowerCase() as SeverityName;
  return out;
}

export function readTuning(raw: unknown): Tuning {
  const o = isObject(raw) ? raw : {};
  const n = (k: string, d: number) => (typeof o[k] === 'number' && Number.isFinite(o[k]) && (o[k] as number) >= 0 ? (o[k] as number) : d);
  return {
    debounceMs: n('debounceMs', 150),
    timeoutMs: Math.max(100, n('timeoutMs', 10_000)),
    workers: Math.max(1, Math.min(4, Math.round(n('workers', Math.min(2, availableParallelism()))))),
    maxChars: n('maxChars', 10 * 1024 * 1024),
    progressAfterMs: n('progressAfterMs', 500),
  };
}

/** What an analysis is given from a document's settings. */
export function documentOptions(s: Settings): DocumentOptions {
  const o: DocumentOptions = {};
  if (s.rtol !== undefined) o.rtol = s.rtol;
  if (s.atol !== undefined) o.atol = s.atol;
  if (s.samples !== undefined) o.samples = s.samples;
  return o;
}

/** A client that never answers workspace/configuration must not hold a document's check. */
const FETCH_TIMEOUT_MS = 2_000;

/**
 * Settings per document: asked of the client with the document's URI as `scopeUri` (when it
 * supports workspace/configuration) on the document's first run and after each configuration change,
 * and the base settings (initializationOptions or the last notification) otherwise.
 */
export class ScopedSettings {
  private base: Settings = { ...DEFAULT_SETTINGS };
  private readonly byUri = new Map<string, Settings>();
  private readonly pending = new Map<string, Promise<Settings>>();
  /** Bumped by each change, so that an answer to an older question is not kept. */
  private epoch = 0;

  constructor(
    private fetch: ((scopeUri: string | null) => Promise<unknown>) | null,
    private readonly log: (m: string) => void,
  ) {}

  /** The client's capability is known only at initialize. */
  configure(fetch: ((scopeUri: string | null) => Promise<unknown>) | null, base: unknown): void {
    this.fetch = fetch;
    this.base = readSettings(base);
    this.changed();
  }

  /** The settings in force for a document now (its own once loaded, else the base). */
  for(uri: string): Settings {
    return this.byUri.get(uri) ?? this.base;
  }

  /** The document's own settings, asked of the client once per change of configuration. */
  load(uri: string): Promise<Settings> {
    const have = this.byUri.get(uri);
    if (have) return Promise.resolve(have);
    if (!this.fetch) return Promise.resolve(this.base);
    let p = this.pending.get(uri);
    if (!p) {
      const epoch = this.epoch;
      p = this.ask(uri).then((s) => {
        if (epoch === this.epoch) { this.byUri.set(uri, s); this.pending.delete(uri); }
        return s;
      });
      this.pending.set(uri, p);
    }
    return p;
  }

  /** Configuration changed: the base from a notification's payload (clients without pull), and every document asked again. */
  changed(fromNotification?: unknown): void {
    if (!this.fetch && isObject(fromNotification) && fromNotification.gradlens !== undefined) this.base = readSettings(fromNotification.gradlens);
    this.epoch++;
    this.byUri.clear();
    this.pending.clear();
  }

  /** Refreshes the base (unscoped) settings from the client. */
  async refreshBase(): Promise<void> {
    if (!this.fetch) return;
    const raw = await this.askRaw(null);
    if (raw !== undefined) this.base = readSettings(raw);
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
    this.pending.delete(uri);
  }

  private async ask(uri: string): Promise<Settings> {
    const raw = await this.askRaw(uri);
    return raw === undefined ? this.base : readSettings(raw);
  }

  private async askRaw(scopeUri: string | null): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<undefined>((res) => { timer = setTimeout(() => res(undefined), FETCH_TIMEOUT_MS); });
      const raw = await Promise.race([this.fetch!(scopeUri), timeout]);
      if (raw === undefined) this.log(`workspace/configuration${scopeUri ? ` for ${scopeUri}` : ''} was not answered within ${FETCH_TIMEOUT_MS} ms; using the defaults`);
      return raw ?? undefined;
    } catch (e) {
      this.log(`workspace/configuration failed: ${(e as Error).message}`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
