/** What every output format is given: the reports of one `gradlens check` run and the texts read. */
import { relative } from 'node:path';
import type { FileReport, Finding } from '../../documents/findings.js';

export interface CheckRun {
  reports: FileReport[];
  /** Text of each file that was read, by path (for code frames, SARIF fixes and snippets). */
  texts: ReadonlyMap<string, string>;
  verbose: boolean;
}

/**
 * How a finding is reported, the one classification all formats share: a wrong claim is an
 * error; a definition whose float64 evaluation breaks is a warning; an unverified claim is a
 * note; right claims and plain definitions are information (shown by --verbose only).
 */
export type Presentation = 'error' | 'warning' | 'note' | 'ok' | 'info';

export function presentation(f: Finding): Presentation {
  if (f.verdict === 'mismatch') return 'error';
  if (f.verdict === null) return f.instability && f.instability.length > 0 ? 'warning' : 'info';
  return f.verdict === 'unverified' ? 'note' : 'ok';
}

/** A path as the user would type it: relative to the working folder when inside it. */
export function displayPath(p: string, cwd = process.cwd()): string {
  const r = relative(cwd, p);
  return r && !r.startsWith('..') ? r : p;
}

export function counts(reports: readonly FileReport[]): { files: number; ok: number; mismatch: number; unverified: number; definitions: number } {
  const c = { files: 0, ok: 0, mismatch: 0, unverified: 0, definitions: 0 };
  for (const r of reports) {
    if (r.error) continue;
    c.files++;
    for (const f of r.findings) {
      if (f.verdict === null) c.definitions++;
      else c[f.verdict]++;
    }
  }
  return c;
}

export function summaryLine(reports: readonly FileReport[]): string {
  const c = counts(reports);
  return `${c.files} file${c.files === 1 ? '' : 's'} checked: ${c.mismatch} wrong, ${c.ok} right, ${c.unverified} unverified, ${c.definitions} definition${c.definitions === 1 ? '' : 's'}`;
}
