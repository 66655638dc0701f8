/**
 * Rendered formulas for hovers, for clients that ask for them (initializationOptions.hoverImages).
 * A hover never waits for MathJax: it takes what the cache holds. Formulas are rendered ahead of
 * time, in the background, when a document's results settle; a formula hovered before its image is
 * ready jumps the queue, so the next hover on it has one. Cached per (formula, colour), bounded.
 */
import type { Finding } from '../documents/findings.js';
import { validColor } from './color.js';

export type Renderer = (formulas: string[], color: string) => Promise<(string | null)[]>;

/** Per batch sent to the render worker: small enough to let hovered formulas overtake the rest soon. */
const BATCH = 12;
/** Longer formulas are not drawn (see mathImage.ts); no point queueing them. */
const MAX_FORMULA = 600;
const MAX_ENTRIES = 4000;
/** Data URIs are 5–40 kB; bound the cache's memory rather than trusting a count alone. */
const MAX_CHARS = 48 * 1024 * 1024;
const MAX_QUEUE = 20_000;

/** The formulas a finding's hover shows, in the order it shows them. */
export function hoverFormulas(f: Finding): string[] {
  return [f.expression, f.derivative].filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= MAX_FORMULA);
}

export class HoverImages {
  private colorValue: string | null;
  /** key → data URI, or null when it cannot be drawn (not retried). Map order is recency. */
  private readonly cache = new Map<string, string | null>();
  private chars = 0;
  private readonly urgent = new Set<string>();
  private readonly background = new Set<string>();
  private busy = false;
  private disposed = false;
  /** Renders done and their total time, for the stats request. */
  readonly counts = { rendered: 0, failed: 0, batches: 0, ms: 0 };

  constructor(private readonly render: Renderer, color: string | null, private readonly log: (m: string) => void = () => undefined) {
    this.colorValue = validColor(color);
  }

  get color(): string | null { return this.colorValue; }
  get enabled(): boolean { return this.colorValue !== null; }
  get pending(): number { return this.urgent.size + this.background.size; }
  get size(): number { return this.cache.size; }

  /** A new colour (a theme change) or null to stop. Old images stay until evicted; new ones are drawn as needed. */
  setColor(color: unknown): void {
    const c = color === null ? null : validColor(color);
    if (color !== null && c === null) { this.log(`hover images: ignoring colour ${JSON.stringify(color)} (expected #rrggbb)`); return; }
    if (c === this.colorValue) return;
    this.colorValue = c;
    this.urgent.clear();
    this.background.clear();
  }

  /** The image for a formula if it is ready; queues it first in line otherwise. Never waits. */
  image(formula: string): string | null {
    if (!this.colorValue || formula.length > MAX_FORMULA) return null;
    const key = this.key(formula, this.colorValue);
    const hit = this.cache.get(key);
    if (hit !== undefined) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    this.background.delete(formula);
    this.urgent.add(formula);
    this.pump();
    return null;
  }

  /** Queues the formulas of findings for drawing in the background. */
  prefetch(findings: readonly Finding[]): void {
    const color = this.colorValue;
    if (!color) return;
    for (const f of findings) {
      for (const formula of hoverFormulas(f)) {
        if (this.cache.has(this.key(formula, color)) || this.urgent.has(formula) || this.background.has(formula)) continue;
        if (this.background.size >= MAX_QUEUE) this.background.delete(this.background.values().next().value!);
        this.background.add(formula);
      }
    }
    this.pump();
  }

  dispose(): void {
    this.disposed = true;
    this.urgent.clear();
    this.background.clear();
  }

  private key(formula: string, color: string): string {
    return `${color}\u0000${formula}`;
  }

  private take(): string[] {
    const out: string[] = [];
    for (const q of [this.urgent, this.background]) {
      for (const f of q) {
        if (out.length >= BATCH) break;
        q.delete(f);
        out.push(f);
      }
    }
    return out;
  }

  private pump(): void {
    if (this.busy || this.disposed || !this.colorValue) return;
    const batch = this.take();
    if (batch.length === 0) return;
    const color = this.colorValue;
    this.busy = true;
    const started = Date.now();
    this.render(batch, color).then(
      (uris) => batch.forEach((f, i) => this.store(f, color, typeof uris[i] === 'string' ? uris[i]! : null)),
      (e) => {
        // A batch that failed (worker timeout) is not retried: the hover keeps its text form.
        this.log(`hover images: a batch failed: ${(e as Error)?.message ?? e}`);
        for (const f of batch) this.store(f, color, null);
      },
    ).finally(() => {
      this.counts.batches++;
      this.counts.ms += Date.now() - started;
      this.busy = false;
      // Yield to the event loop between batches: hovers and edits come first.
      setImmediate(() => this.pump());
    });
  }

  private store(formula: string, color: string, uri: string | null): void {
    if (this.disposed) return;
    if (uri === null) this.counts.failed++; else this.counts.rendered++;
    const key = this.key(formula, color);
    const old = this.cache.get(key);
    if (typeof old === 'string') this.chars -= old.length;
    this.cache.delete(key);
    this.cache.set(key, uri);
    this.chars += uri?.length ?? 0;
    while (this.cache.size > MAX_ENTRIES || this.chars > MAX_CHARS) {
      const [k, v] = this.cache.entries().next().value!;
      this.cache.delete(k);
      this.chars -= v?.length ?? 0;
    }
  }
}
