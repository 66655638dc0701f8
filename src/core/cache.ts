/**
 * Bounded memo tables. Analyses memoise by shape (the same sigmoid in 500 hand-ins is recognised
 * once), and a long-running language server must not let those tables grow without end: each
 * table has a fixed number of entries and drops the oldest one past it (insertion order, which a
 * hit refreshes), and every table can be emptied at once (`clearCaches`, when a server has no open
 * documents left). One helper instead of a Map per module that clears itself at its own size.
 * A value computed after the analysis budget ran out is returned but not kept: it may be a casualty
 * of the budget rather than the formula's own result (core/budget.ts).
 */
import { cacheable } from './budget.js';

const tables = new Set<BoundedCache<unknown, unknown>>();

export class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly name: string, readonly maxEntries: number) {
    tables.add(this as BoundedCache<unknown, unknown>);
  }

  get size(): number {
    return this.map.size;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  /** The value, refreshed as the newest entry; undefined when absent. */
  get(key: K): V | undefined {
    if (!this.map.has(key)) return undefined;
    const v = this.map.get(key) as V;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  set(key: K, value: V): V {
    if (!cacheable()) return value;
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.maxEntries) this.map.delete(this.map.keys().next().value as K);
    return value;
  }

  /** The value for key, computing and keeping it when absent (a computed undefined is kept too). */
  getOrCompute(key: K, compute: () => V): V {
    if (this.map.has(key)) return this.get(key) as V;
    return this.set(key, compute());
  }

  clear(): void {
    this.map.clear();
  }
}

/** Empties every bounded cache (nothing is lost but time: each entry is recomputed on demand). */
export function clearCaches(): void {
  for (const t of tables) t.clear();
}

/** Entries held per cache, for memory diagnosis and benchmarks. */
export function cacheSizes(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of tables) out[t.name] = (out[t.name] ?? 0) + t.size;
  return out;
}
