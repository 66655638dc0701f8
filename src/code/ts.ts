/**
 * The TypeScript compiler API, loaded the first time code is read. It weighs megabytes (about
 * 150 ms to load), and `gradlens check` on derivations alone never needs it. Until then `ts` is a
 * stand-in that loads the compiler on its first property read and puts it in its place, so every
 * later `ts.…` is a plain property read of the real module (an ES live binding). Nothing may read
 * `ts` while a module is being loaded.
 */
import type * as T from 'typescript';

function load(): typeof T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ts = require('typescript') as typeof T;
  return ts;
}

export let ts: typeof T = new Proxy({} as typeof T, { get: (_target, key) => (load() as unknown as Record<PropertyKey, unknown>)[key] });
