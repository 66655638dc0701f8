/** `gradlens check`: every claim in the given files and folders, reported like a compiler. */
import { parseArgs } from 'node:util';
import { relative } from 'node:path';
import type { FileReport, Finding } from '../documents/findings.js';
import { analyzeSources, collectFiles, isCheckable, readSource, SourceError } from '../workspace/sources.js';
import { UNREAD_KIND_REASON } from '../shared/fileKinds.js';
import type { CommandResult } from './expr.js';
import { UsageError, attachOptionValues, checkOption } from './usage.js';

const VALUE_OPTIONS = new Map([['--format', 1], ['--rtol', 1], ['--atol', 1], ['--samples', 1]]);

export function runCheck(argv: string[]): CommandResult {
  let parsed;
  try {
    parsed = parseArgs({
      args: attachOptionValues(argv, VALUE_OPTIONS), allowPositionals: true,
      options: { format: { type: 'string', default: 'text' }, rtol: { type: 'string' }, atol: { type: 'string' }, samples: { type: 'string' }, verbose: { type: 'boolean', short: 'v' } },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, got ${JSON.stringify(values.format)}`);
  const options = {
    ...(values.rtol !== undefined ? { rtol: checkOption('rtol', values.rtol) } : {}),
    ...(values.atol !== undefined ? { atol: checkOption('atol', values.atol) } : {}),
    ...(values.samples !== undefined ? { samples: checkOption('samples', values.samples) } : {}),
  };
  if (positionals.length === 0) throw new UsageError('gradlens check needs files or folders, e.g. gradlens check notes/ homework.tex');
  const { files, errors } = collectFiles(positionals);
  const reports: FileReport[] = errors.map((e) => ({ path: e.path, findings: [], error: e.error }));
  const readable: { path: string; text: string }[] = [];
  for (const path of files) {
    if (!isCheckable(path)) {
      reports.push({ path, findings: [], error: UNREAD_KIND_REASON });
      continue;
    }
    try {
      readable.push({ path, text: readSource(path) });
    } catch (e) {
      if (!(e instanceof SourceError)) throw e;
      reports.push({ path, findings: [], error: e.message });
    }
  }
  reports.push(...analyzeSources(readable, options));
  const unreadable = reports.some((r) => r.error);
  const wrong = reports.some((r) => r.findings.some((f) => f.verdict === 'mismatch'));
  const exitCode = unreadable ? 2 : wrong ? 1 : 0;
  const output = values.format === 'json'
    ? JSON.stringify({ files: reports.map((r) => ({ path: r.path, findings: r.findings, ...(r.error ? { error: r.error } : {}) })) }, null, 2)
    : formatText(reports, values.verbose === true);
  return { output, exitCode };
}

const SEVERITY: Record<string, string> = { mismatch: 'error', unverified: 'note', ok: 'ok' };

function formatText(reports: FileReport[], verbose: boolean): string {
  const lines: string[] = [];
  const count = { ok: 0, mismatch: 0, unverified: 0, definitions: 0 };
  for (const r of reports) {
    const shown = displayPath(r.path);
    if (r.error) { lines.push(`${shown}: error: ${r.error}`); continue; }
    for (const f of r.findings) {
      if (f.verdict === null) count.definitions++;
      else count[f.verdict]++;
      const line = describe(shown, f, verbose);
      if (line) lines.push(line);
    }
  }
  const files = reports.filter((r) => !r.error).length;
  lines.push(`${files} file${files === 1 ? '' : 's'} checked: ${count.mismatch} wrong, ${count.ok} right, ${count.unverified} unverified, ${count.definitions} definition${count.definitions === 1 ? '' : 's'}`);
  return lines.join('\n');
}

function describe(path: string, f: Finding, verbose: boolean): string | null {
  const where = `${path}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
  if (f.verdict === 'mismatch') return `${where}: error: ${f.message}`;
  if (f.verdict === null) {
    if (f.instability && f.instability.length > 0) return `${where}: warning: ${f.message}`;
    return verbose ? `${where}: info: ${f.message}` : null;
  }
  if (!verbose) return null;
  return `${where}: ${SEVERITY[f.verdict]}: ${f.message}`;
}

function displayPath(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}
