/**
 * The Python front-end (parser + lowering, dist/python.js with its two .wasm files) loaded on
 * demand: required the first time a Python file or a notebook's code is read, so no other bundle
 * carries web-tree-sitter (scripts/build.mjs maps `./index.js` required here to `./python.js`).
 * Loading the parser is asynchronous, reading is not: entry points await `preparePython()` once,
 * then every analysis reads synchronously through `pythonReader()`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Module } from '../../ir/types.js';

type FrontEnd = typeof import('./index.js');
let front: FrontEnd | null = null;

function frontEnd(): FrontEnd {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (front ??= require('./index.js') as FrontEnd);
}

/** Loads the parser once per process. */
export async function preparePython(): Promise<void> {
  await frontEnd().loadPythonParser();
}

/** Lowers Python text, or null when the parser was not loaded (a caller that did not await preparePython). */
export function pythonReader(): ((path: string, text: string) => Module) | null {
  const f = front;
  const parser = f?.loadedPythonParser() ?? null;
  if (!f || !parser) return null;
  return (path, text) => f.lowerPython(parser, path, text);
}

const PYTHON_FILE = /\.(py|ipynb)$/i;

/** Whether command-line paths name a Python file or notebook, or a folder holding one (a bounded walk). */
export function pathsNeedPython(paths: readonly string[]): boolean {
  let budget = 20_000;
  const walk = (p: string, depth: number): boolean => {
    if (--budget < 0 || depth > 40) return false;
    let st;
    try { st = statSync(p); } catch { return false; }
    if (!st.isDirectory()) return PYTHON_FILE.test(p);
    let names: string[];
    try { names = readdirSync(p); } catch { return false; }
    return names.some((n) => !n.startsWith('.') && n !== 'node_modules' && walk(join(p, n), depth + 1));
  };
  return paths.some((p) => !p.startsWith('-') && existsSync(p) && walk(p, 0));
}

/** Runs `run` once the parser is loaded if `paths` need it, else at once. A parser that fails to load leaves Python files unread, with the reason. */
export function whenPythonReady<T>(paths: readonly string[], run: () => T): T | Promise<T> {
  if (!pathsNeedPython(paths)) return run();
  return preparePython().then(run, (e: unknown) => {
    loadFailure = (e as Error)?.message ?? String(e);
    return run();
  });
}

let loadFailure: string | null = null;

/** Why Python cannot be read in this process. */
export function pythonUnavailableReason(): string {
  return loadFailure ? `the Python parser could not be loaded (${loadFailure})` : 'the Python parser is not loaded in this process';
}
