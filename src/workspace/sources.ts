/**
 * Which files GradLens reads, how it reads them safely (never executing anything), and which
 * analysis each kind of file goes through. The CLI and the language server both come through here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument, type DocumentOptions } from '../documents/analyzeDocument.js';
import { kindOfPath } from '../shared/fileKinds.js';
import { analyzeNotebook } from '../notebooks/analyzeNotebook.js';
import { NotebookError } from '../notebooks/notebook.js';
import type { FileReport } from '../documents/findings.js';
import { analyzeCode, analyzeCodeFiles } from '../codecheck/index.js';
import { analyzePython } from '../code/lang/python/analyze.js';

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);
/** Larger files are refused: derivations are small, and a 50 MB log is not one. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export class SourceError extends Error {
  override readonly name = 'SourceError';
}

/** Whether GradLens reads this file (shared/fileKinds.ts owns the table). */
export function isCheckable(path: string): boolean {
  return kindOfPath(path) !== null;
}

export function isCode(path: string): boolean {
  return kindOfPath(path) === 'code';
}

/** Files under the given paths (files as given, folders walked), sorted, without duplicates. */
export function collectFiles(paths: readonly string[]): { files: string[]; errors: { path: string; error: string }[] } {
  const files = new Set<string>();
  const errors: { path: string; error: string }[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 40) return;
    let entries: string[];
    try { entries = readdirSync(dir).sort(); } catch (e) { errors.push({ path: dir, error: `cannot read folder: ${(e as Error).message}` }); return; }
    for (const name of entries) {
      if (SKIPPED_FOLDERS.has(name) || name.startsWith('.')) continue;
      const p = join(dir, name);
      let st;
      try { st = statSync(p); } catch { continue; }
      if (st.isDirectory()) walk(p, depth + 1);
      else if (st.isFile() && isCheckable(p)) files.add(p);
    }
  };
  for (const p of paths) {
    let st;
    try { st = statSync(p); } catch { errors.push({ path: p, error: 'no such file or folder' }); continue; }
    if (st.isDirectory()) walk(p, 0);
    else files.add(p);
  }
  return { files: [...files], errors };
}

/** Reads a file as text, refusing binary content and oversized files with a reason. */
export function readSource(path: string): string {
  let buf: Buffer;
  try {
    if (statSync(path).size > MAX_FILE_BYTES) throw new SourceError(`file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
    buf = readFileSync(path);
  } catch (e) {
    if (e instanceof SourceError) throw e;
    throw new SourceError(`cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (looksBinary(buf)) throw new SourceError('binary file, not text: not checked');
  return buf.toString('utf8').replace(/^\uFEFF/, '');
}

export function looksBinary(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i]!;
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return n > 0 && control / n > 0.1;
}

/** Analyses one file's text by its kind. */
export function analyzeSource(path: string, text: string, options: DocumentOptions = {}): FileReport {
  const kind = kindOfPath(path) ?? 'markdown';
  if (kind === 'code') return analyzeCode(path, text, options);
  if (kind === 'python') return analyzePython(path, text, options);
  if (kind === 'notebook') {
    try {
      return { path, findings: analyzeNotebook(text, options) };
    } catch (e) {
      if (e instanceof NotebookError) return { path, findings: [], error: e.message };
      throw e;
    }
  }
  return { path, findings: analyzeDocument(text, kind, options) };
}

/** Analyses many files; code files are analysed together so a gradient in a sibling file pairs up. */
export function analyzeSources(files: { path: string; text: string }[], options: DocumentOptions = {}): FileReport[] {
  const code = files.filter((f) => isCode(f.path));
  const codeReports = new Map(code.length === 0 ? [] : analyzeCodeFiles(code, options).map((r, i) => [code[i]!.path, r] as const));
  return files.map((f) => codeReports.get(f.path) ?? analyzeSource(f.path, f.text, options));
}
