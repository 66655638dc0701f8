/**
 * A small pool of analysis workers. A document always goes to the same worker (its region cache
 * lives there); a queued run superseded by a newer version of the same document is dropped, a
 * running one is abandoned (its result ignored, and the worker restarted when it has already run
 * long); every run has a time limit past which the worker is terminated and recreated.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse, WorkerResult } from './messages.js';

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly ms: number) { super(`the check took longer than ${ms / 1000} s and was stopped`); }
}

export class SupersededError extends Error {
  override readonly name = 'SupersededError';
  constructor() { super('superseded by a newer version of the document'); }
}

export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() { super('cancelled'); }
}

/** The part of an LSP CancellationToken the pool needs. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

type Body = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

interface Job {
  id: number;
  body: Body;
  /** Runs with the same key supersede each other (the document's URI for analysis). */
  key: string | null;
  timeoutMs: number;
  resolve(r: WorkerResult): void;
  reject(e: Error): void;
  started?: number;
  abandoned?: boolean;
}

/** Past this, a superseded run is not worth finishing: the worker is restarted. */
const ABANDON_AFTER_MS = 1500;

class Slot {
  worker!: Worker;
  queue: Job[] = [];
  current: Job | null = null;
  /** The worker has loaded its code: the time limit measures analysis, not start-up. */
  ready = false;
  timer: NodeJS.Timeout | null = null;
  constructor(private readonly file: string, private readonly log: (m: string) => void) { this.spawn(); }

  private spawn(): void {
    const w = new Worker(this.file, { stdout: true, stderr: true });
    // A worker must never write to the server's stdout (it carries the protocol).
    w.stdout.resume();
    w.stderr.on('data', (d: Buffer) => this.log(`worker: ${d.toString().trimEnd()}`));
    this.ready = false;
    w.on('message', (m: WorkerResponse | { ready: true }) => {
      if ('ready' in m) { if (w === this.worker) { this.ready = true; this.next(); } return; }
      this.onMessage(w, m);
    });
    w.on('error', (e) => this.onFailure(w, e));
    w.on('exit', (code) => { if (w === this.worker) this.onFailure(w, new Error(`the analysis worker exited (code ${code})`)); });
    w.unref();
    this.worker = w;
  }

  private restart(): void {
    const old = this.worker;
    this.spawn();
    void old.terminate().catch(() => undefined);
  }

  get load(): number { return this.queue.length + (this.current ? 1 : 0); }

  push(job: Job): void {
    if (job.key !== null) {
      for (const q of [...this.queue]) if (q.key === job.key) this.drop(q, new SupersededError());
      const c = this.current;
      if (c && c.key === job.key) this.drop(c, new SupersededError());
    }
    this.queue.push(job);
    this.next();
  }

  /** Drops a job: a queued one never runs; a running one is abandoned (and its worker restarted once it has run long). */
  drop(job: Job, reason: Error): void {
    if (job === this.current) {
      if (job.abandoned) return;
      job.abandoned = true;
      job.reject(reason);
      if (Date.now() - (job.started ?? Date.now()) > ABANDON_AFTER_MS) this.finishCurrent(true);
      return;
    }
    const i = this.queue.indexOf(job);
    if (i < 0) return;
    this.queue.splice(i, 1);
    job.reject(reason);
  }

  private next(): void {
    if (this.current || !this.ready || this.queue.length === 0) return;
    const job = this.queue.shift()!;
    this.current = job;
    job.started = Date.now();
    this.timer = setTimeout(() => {
      if (this.current !== job) return;
      if (!job.abandoned) job.reject(new TimeoutError(job.timeoutMs));
      this.finishCurrent(true);
    }, job.timeoutMs);
    try {
      this.worker.postMessage({ ...job.body, id: job.id });
    } catch (e) {
      job.reject(e as Error);
      this.finishCurrent(true);
    }
  }

  private finishCurrent(restart: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.current = null;
    if (restart) this.restart();
    this.next();
  }

  private onMessage(w: Worker, m: WorkerResponse): void {
    if (w !== this.worker) return;
    const job = this.current;
    if (!job || job.id !== m.id) return;
    if (!job.abandoned) {
      if (m.ok) job.resolve(m.result); else job.reject(new Error(m.error));
    }
    this.finishCurrent(false);
  }

  private onFailure(w: Worker, e: Error): void {
    if (w !== this.worker) return;
    this.log(`analysis worker failed: ${e.message}`);
    const job = this.current;
    if (job && !job.abandoned) job.reject(e);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.current = null;
    this.spawn();
    this.next();
  }

  dispose(): void {
    for (const q of this.queue) q.reject(new Error('the server is shutting down'));
    this.queue = [];
    if (this.current && !this.current.abandoned) this.current.reject(new Error('the server is shutting down'));
    this.current = null;
    if (this.timer) clearTimeout(this.timer);
    const w = this.worker;
    this.worker = null as unknown as Worker;
    void w.terminate().catch(() => undefined);
  }
}

export class WorkerPool {
  private readonly slots: Slot[];
  private nextId = 1;
  constructor(file: string, size: number, private readonly defaultTimeoutMs: number, log: (m: string) => void = () => undefined) {
    this.slots = Array.from({ length: Math.max(1, size) }, () => new Slot(file, log));
  }

  get size(): number { return this.slots.length; }

  /**
   * Runs a job; `key` pins it to one worker and lets a newer job with the same key supersede it;
   * `cancel` drops it (rejecting with CancelledError) when the request that wanted it is cancelled.
   */
  run(body: Body, opts: { key?: string | null; timeoutMs?: number; affinity?: string | null; cancel?: Cancellation } = {}): Promise<WorkerResult> {
    const key = opts.key ?? null;
    const pin = opts.affinity ?? key;
    const slot = pin !== null ? this.slots[hash(pin) % this.slots.length]! : this.slots.reduce((a, b) => (b.load < a.load ? b : a));
    const cancel = opts.cancel;
    if (cancel?.isCancellationRequested) return Promise.reject(new CancelledError());
    return new Promise((resolve, reject) => {
      const sub = cancel?.onCancellationRequested(() => slot.drop(job, new CancelledError()));
      const settle = <T>(f: (v: T) => void) => (v: T) => { sub?.dispose(); f(v); };
      const job: Job = { id: this.nextId++, body, key, timeoutMs: opts.timeoutMs ?? this.defaultTimeoutMs, resolve: settle(resolve), reject: settle(reject) };
      slot.push(job);
    });
  }

  /** Sends a message to every worker (e.g. to drop caches). */
  broadcast(body: Body): void {
    for (const s of this.slots) s.push({ id: this.nextId++, body, key: null, timeoutMs: this.defaultTimeoutMs, resolve: () => undefined, reject: () => undefined });
  }

  dispose(): void { for (const s of this.slots) s.dispose(); }
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
