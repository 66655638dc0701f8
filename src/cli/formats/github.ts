/**
 * GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message` lines that the
 * runner turns into annotations on the pull request's diff, with no upload step. Wrong claims are
 * errors and fragile definitions warnings; unverified claims become notices with --verbose only
 * (as in the text format), since the runner shows only the first few annotations of each kind.
 * Lines and columns are 1-based, as the runner wants; values are escaped the way the runner
 * unescapes them (% CR LF everywhere, and : , in properties too).
 */
import type { Finding } from '../../documents/findings.js';
import { displayPath, presentation, summaryLine, type CheckRun } from './report.js';

const COMMAND = { error: 'error', warning: 'warning', note: 'notice' } as const;
const TITLE = { error: 'GradLens: wrong', warning: 'GradLens: numerically fragile', note: 'GradLens: unverified' } as const;

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(kind: 'error' | 'warning' | 'notice', props: Record<string, string | number>, message: string): string {
  const p = Object.entries(props).map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${kind} ${p}::${escapeData(message)}`;
}

function annotation(path: string, f: Finding, p: 'error' | 'warning' | 'note'): string {
  const r = f.range;
  const props: Record<string, string | number> = { file: path, line: r.start.line + 1, col: r.start.character + 1 };
  if (r.end.line > r.start.line) props.endLine = r.end.line + 1;
  else props.endColumn = Math.max(r.end.character, r.start.character + 1) + 1;
  const what = f.kind === 'definition' ? '' : f.name ? ` ${f.name.replace(/_/g, ' ')} ${f.kind}` : ` ${f.kind}`;
  props.title = p === 'error' ? `${TITLE.error}${what}` : TITLE[p];
  return command(COMMAND[p], props, f.message);
}

export function formatGithub(run: CheckRun): string {
  const lines: string[] = [];
  for (const r of run.reports) {
    const path = displayPath(r.path);
    if (r.error) { lines.push(command('error', { file: path, title: 'GradLens: not checked' }, r.error)); continue; }
    for (const f of r.findings) {
      const p = presentation(f);
      if (p === 'error' || p === 'warning' || (p === 'note' && run.verbose)) lines.push(annotation(path, f, p));
    }
  }
  lines.push(summaryLine(run.reports));
  return lines.join('\n');
}
