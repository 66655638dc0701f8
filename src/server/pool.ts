/**
 * A small pool of analysis workers. A document goes back to the worker that checked it last (its
 * region cache lives there) when that worker is free, and otherwise to the least busy one, so no
 * document waits behind a slow one while another worker idles. A queued run superseded by a newer
 * version of the same document is dropped wherever it waits, a running one is abandoned (its result
 * ignored, and the worker restarted when it has already run long); every run has a time limit past
 * which the worker is terminated and recreated. Workers have a heap limit, so no input can take the
 * server's memory with it: past it the worker dies and is recreated, and the run fails.
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
  /** The affinity key (the document), and the worker that last ran it: preferred when free (its region cache is there). */
  pin: string | null;
  home: Slot | null;
  /** Only this worker may run it (a message for every worker, such as dropping caches). */
  only: Slot | null;
  timeoutMs: number;
  resolve(r: WorkerResult): void;
  reject(e: Error): void;
  started?: number;
  abandoned?: boolean;
}

/**
 * A worker's heap limit. An analysis within its budgets (src/core/limits.ts) stays far below it;
 * this is the backstop for whatever the budgets do not count.
 */
const WORKER_HEAP_MB = 384;
/**
 * A worker's young generation (V8's default is 16–32 MB per semi-space): analysis allocates many
 * short-lived trees, and a small nursery keeps each worker's resident memory some 20 MB lower
 * (seeds open: 219 → 188 MB for the server) for about 3% more CPU in a 5,000-line analysis.
 */
const WORKER_YOUNG_MB = 8;

/** A job waiting this long for a free worker starts another (up to the pool's size). */
const GROW_AFTER_MS = 250;
/** An extra worker idle this long is stopped. */
const RETIRE_AFTER_MS = 60_000;

/** Past this, a superseded run is not worth finishing: the worker is restarted. */
const ABANDON_AFTER_MS = 1500;

class Slot {
  worker!: Worker;
  current: Job | null = null;
  /** The worker has loaded its code: the time limit measures analysis, not start-up. */
  ready = false;
  timer: NodeJS.Timeout | null = null;
  /** When the worker last finished a job (or started). */
  idleSince = Date.now();
  constructor(private readonly file: string, private readonly log: (m: string) => void, private readonly idle: () => void) { this.spawn(); }

  private spawn(): void {
    const w = new Worker(this.file, { stdout: true, stderr: true, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
    // A worker must never write to the server's stdout (it carries the protocol).
    w.stdout.resume();
    w.stderr.on('data', (d: Buffer) => this.log(`worker: ${d.toString().trimEnd()}`));
    this.ready = false;
    w.on('message', (m: WorkerResponse | { ready: true }) => {
      if ('ready' in m) { if (w === this.worker) { this.ready = true; this.idle(); } return; }
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

  get free(): boolean { return this.ready && this.current === null && this.worker !== null; }

  /** Abandons the running job: its result is ignored (and the worker restarted once it has run long). */
  abandon(job: Job, reason: Error): void {
    if (job !== this.current || job.abandoned) return;
    job.abandoned = true;
    job.reject(reason);
    if (Date.now() - (job.started ?? Date.now()) > ABANDON_AFTER_MS) this.finishCurrent(true);
  }

  start(job: Job): void {
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
    this.idle();
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
  }

  dispose(): void {
    if (this.current && !this.current.abandoned) this.current.reject(new Error('the server is shutting down'));
    this.current = null;
    if (this.timer) clearTimeout(this.timer);
    const w = this.worker;
    this.worker = null as unknown as Worker;
    void w.terminate().catch(() => undefined);
  }
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private growTimer: NodeJS.Timeout | null = null;
  private retireTimer: NodeJS.Timeout | null = null;
  /** One queue for all workers: a job runs on the first worker free, so none waits behind a slow run while another idles. */
  private queue: Job[] = [];
  private nextId = 1;
  /** Which worker last ran each affinity key (the document whose region cache it holds). */
  private readonly home = new Map<string, Slot>();
  private disposed = false;
  private readonly maxSize: number;
  /**
   * One worker starts at once; more, up to `size`, only when a job has waited GROW_AFTER_MS for a
   * free one, and an extra worker idle for RETIRE_AFTER_MS is stopped: an idle server holds one
   * analysis worker (about 60 MB), a busy one as many as it needs.
   */
  constructor(private readonly file: string, size: number, private readonly defaultTimeoutMs: number, private readonly log: (m: string) => void = () => undefined) {
    this.maxSize = Math.max(1, size);
    this.grow();
  }

  /** Workers running now (at most the size asked for). */
  get size(): number { return this.slots.length; }

  private grow(): void {
    const slot = new Slot(this.file, this.log, () => { slot.idleSince = Date.now(); this.dispatch(); });
    this.slots.push(slot);
  }

  /** A job is waiting with every worker busy: add one if it keeps waiting. */
  private scheduleGrowth(): void {
    if (this.growTimer || this.slots.length >= this.maxSize) return;
    this.growTimer = setTimeout(() => {
      this.growTimer = null;
      if (this.disposed || this.slots.length >= this.maxSize) return;
      if (this.queue.some((j) => j.only === null) && !this.slots.some((s) => s.free || !s.ready)) this.grow();
    }, GROW_AFTER_MS);
    this.growTimer.unref();
  }

  /** Stops extra workers that have been idle a while (the first one stays: its start-up is paid). */
  private scheduleRetirement(): void {
    if (this.retireTimer || this.slots.length <= 1) return;
    this.retireTimer = setTimeout(() => {
      this.retireTimer = null;
      if (this.disposed) return;
      const now = Date.now();
      for (const s of [...this.slots.slice(1)]) {
        if (!s.free || now - s.idleSince < RETIRE_AFTER_MS || this.queue.some((j) => j.only === s)) continue;
        this.slots.splice(this.slots.indexOf(s), 1);
        for (const [k, home] of this.home) if (home === s) this.home.delete(k);
        for (const j of this.queue) if (j.home === s) j.home = null;
        s.dispose();
      }
      this.scheduleRetirement();
    }, RETIRE_AFTER_MS);
    this.retireTimer.unref();
  }

  /**
   * Runs a job; `key` lets a newer job with the same key supersede it (queued: dropped; running:
   * abandoned), `affinity` (default: the key) sends it back to the worker that ran that key last
   * when that worker is free; `cancel` drops it (rejecting with CancelledError) when the request
   * that wanted it is cancelled.
   */
  run(body: Body, opts: { key?: string | null; timeoutMs?: number; affinity?: string | null; cancel?: Cancellation } = {}): Promise<WorkerResult> {
    const key = opts.key ?? null;
    const pin = opts.affinity ?? key;
    const cancel = opts.cancel;
    if (cancel?.isCancellationRequested) return Promise.reject(new CancelledError());
    if (key !== null) this.supersede(key);
    return new Promise((resolve, reject) => {
      const sub = cancel?.onCancellationRequested(() => this.drop(job, new CancelledError()));
      const settle = <T>(f: (v: T) => void) => (v: T) => { sub?.dispose(); f(v); };
      const job: Job = {
        id: this.nextId++, body, key, pin, home: pin !== null ? this.home.get(pin) ?? null : null, only: null,
        timeoutMs: opts.timeoutMs ?? this.defaultTimeoutMs, resolve: settle(resolve), reject: settle(reject),
      };
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** Drops every job with this key: queued ones never run, a running one is abandoned. */
  private supersede(key: string): void {
    for (const q of this.queue.filter((j) => j.key === key)) this.drop(q, new SupersededError());
    for (const s of this.slots) if (s.current?.key === key) s.abandon(s.current, new SupersededError());
  }

  private drop(job: Job, reason: Error): void {
    const i = this.queue.indexOf(job);
    if (i >= 0) { this.queue.splice(i, 1); job.reject(reason); return; }
    for (const s of this.slots) if (s.current === job) s.abandon(job, reason);
  }

  /**
   * Starts queued jobs on free workers, in order: a job goes to its home worker when that one is
   * free, else to any free worker (re-reading a document elsewhere costs one full analysis; waiting
   * behind a slow run can cost seconds).
   */
  private dispatch(): void {
    if (this.disposed) return;
    for (let i = 0; i < this.queue.length;) {
      const job = this.queue[i]!;
      const free = this.slots.filter((s) => s.free);
      if (free.length === 0) { this.scheduleGrowth(); return; }
      const slot = job.only ? (job.only.free ? job.only : null) : job.home && job.home.free ? job.home : free.find((s) => !this.queue.some((q, k) => k > i && q.home === s && q.only === null)) ?? free[0]!;
      if (!slot) { i++; continue; }
      this.queue.splice(i, 1);
      if (job.pin !== null) this.remember(job.pin, slot);
      slot.start(job);
    }
    if (this.queue.some((j) => j.only === null)) this.scheduleGrowth();
    this.scheduleRetirement();
  }

  private remember(key: string, slot: Slot): void {
    this.home.delete(key);
    this.home.set(key, slot);
    if (this.home.size > 1000) this.home.delete(this.home.keys().next().value as string);
  }

  /** Sends a message to every worker (e.g. to drop caches). */
  broadcast(body: Body): void {
    for (const s of this.slots) this.queue.push({ id: this.nextId++, body, key: null, pin: null, home: null, only: s, timeoutMs: this.defaultTimeoutMs, resolve: () => undefined, reject: () => undefined });
    this.dispatch();
  }

  /** Forgets which worker held a document (it was closed). */
  forgetHome(pin: string): void { this.home.delete(pin); }

  dispose(): void {
    this.disposed = true;
    if (this.growTimer) clearTimeout(this.growTimer);
    if (this.retireTimer) clearTimeout(this.retireTimer);
    for (const q of this.queue) q.reject(new Error('the server is shutting down'));
    this.queue = [];
    for (const s of this.slots) s.dispose();
  }
}
