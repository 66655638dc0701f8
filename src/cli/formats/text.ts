/**
 * The text format: one line per finding, `file:line:col: severity: message`, as compilers print
 * them (editors and terminals make them clickable). On a terminal the severity is coloured and a
 * code frame follows each error and warning; piped, the lines are exactly the plain ones.
 */
import type { Finding } from '../../documents/findings.js';
import { painter, type Paint, type TerminalStyle } from '../terminal.js';
import { codeFrame } from './codeFrame.js';
import { displayPath, presentation, summaryLine, type CheckRun } from './report.js';

const LABEL = { error: 'error', warning: 'warning', note: 'note', ok: 'ok', info: 'info' } as const;
const TONE = { error: 'red', warning: 'yellow', note: 'cyan', ok: 'green', info: 'dim' } as const;

export function formatText(run: CheckRun, style: TerminalStyle): string {
  const paint = painter(style);
  const lines: string[] = [];
  for (const r of run.reports) {
    const shown = displayPath(r.path);
    if (r.error) { lines.push(`${paint('bold', `${shown}:`)} ${paint('red', paint('bold', 'error:'))} ${r.error}`); continue; }
    const source = style.frames ? run.texts.get(r.path)?.split('\n') : undefined;
    for (const f of r.findings) {
      const p = presentation(f);
      if ((p === 'note' || p === 'ok' || p === 'info') && !run.verbose) continue;
      lines.push(findingLine(shown, f, p, paint));
      // A notebook finding's range is in its cell, not in the file's JSON: no frame from the file's lines.
      if (source && f.cell === undefined && (p === 'error' || p === 'warning')) lines.push(...codeFrame(source, f.range, style.width, paint, p === 'error' ? 'red' : 'yellow'));
    }
  }
  lines.push(style.color ? paint('bold', summaryLine(run.reports)) : summaryLine(run.reports));
  return lines.join('\n');
}

function findingLine(path: string, f: Finding, p: keyof typeof LABEL, paint: Paint): string {
  // In a notebook, `lab.ipynb:cell 4:12:5:` (1-based cell number), as notebook-aware linters write it.
  const cell = f.cell !== undefined ? `cell ${f.cell + 1}:` : '';
  const where = `${path}:${cell}${f.range.start.line + 1}:${f.range.start.character + 1}:`;
  return `${paint('bold', where)} ${paint(TONE[p], paint('bold', `${LABEL[p]}:`))} ${f.message}`;
}
