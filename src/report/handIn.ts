/**
 * Reading one student's hand-in: a file, or a folder with everything they handed in. GradLens reads
 * derivations, notebooks and code; anything else in a folder (a PDF, a scan) is listed as skipped.
 * A file that should be text but cannot be read as such (binary, too large, not UTF-8, unreadable)
 * is kept with the reason, and grading goes on.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { isCheckable, looksBinary, MAX_FILE_BYTES } from '../workspace/sources.js';
import { UNREAD_KIND_REASON } from '../shared/fileKinds.js';

export interface HandInFile {
  name: string;
  path: string;
  text: string | null;
  error: string | null;
}

export interface HandIn {
  id: string;
  files: HandInFile[];
  skipped: string[];
  error: string | null;
}

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '__MACOSX', '.ipynb_checkpoints']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function submissionId(path: string): string {
  const name = basename(path.replace(/[\\/]+$/, ''));
  const ext = extname(name);
  return ext && ext !== name ? name.slice(0, -ext.length) : name;
}

/** Text of a file, or the reason it cannot be graded as text. */
export function readText(path: string): { text: string | null; error: string | null } {
  let buf: Buffer;
  try {
    if (statSync(path).size > MAX_FILE_BYTES) return { text: null, error: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB: not checked` };
    buf = readFileSync(path);
  } catch (e) {
    return { text: null, error: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  if (looksBinary(buf)) return { text: null, error: 'binary file, not text: not checked' };
  try {
    return { text: utf8.decode(buf).replace(/^\uFEFF/, ''), error: null };
  } catch {
    return { text: null, error: 'not UTF-8 text (a different encoding, or a damaged file): save it as UTF-8 to have it checked' };
  }
}

export function readHandIn(path: string): HandIn {
  const id = submissionId(path);
  let st;
  try { st = statSync(path); } catch { return { id, files: [], skipped: [], error: 'no such file or folder' }; }
  const entries: { name: string; path: string }[] = [];
  const skipped: string[] = [];
  if (st.isDirectory()) {
    const walk = (dir: string, depth: number): void => {
      if (depth > 20) return;
      let names: string[];
      try { names = readdirSync(dir).sort(); } catch { skipped.push(`${relative(path, dir) || '.'}/ (cannot read folder)`); return; }
      for (const name of names) {
        if (name.startsWith('.') || SKIPPED_FOLDERS.has(name)) continue;
        const p = join(dir, name);
        let s;
        try { s = statSync(p); } catch { continue; }
        if (s.isDirectory()) walk(p, depth + 1);
        else if (s.isFile() && isCheckable(p)) entries.push({ name: relative(path, p), path: p });
        else if (s.isFile()) skipped.push(relative(path, p));
      }
    };
    walk(path, 0);
  } else {
    if (!isCheckable(path)) return { id, files: [], skipped: [], error: UNREAD_KIND_REASON };
    entries.push({ name: basename(path), path });
  }
  const files = entries.map((e) => ({ ...e, ...readText(e.path) }));
  const error = files.length === 0 ? `no derivation (.tex, .md, .txt), notebook or code file in this hand-in${skipped.length ? ` (found ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', …' : ''})` : ''}` : null;
  return { id, files, skipped, error };
}
