/** `gradlens check`: every claim in the given files and folders, reported like a compiler or in a CI format. */
import { parseArgs } from 'node:util';
import type { FileReport } from '../documents/findings.js';
import { analyzeSources, collectFiles, isCheckable, readSource, SourceError } from '../workspace/sources.js';
import { UNREAD_KIND_REASON } from '../shared/fileKinds.js';
import type { CommandResult } from './expr.js';
import { UsageError, attachOptionValues, checkOption } from './usage.js';
import { PLAIN, type TerminalStyle } from './terminal.js';
import type { CheckRun } from './formats/report.js';
import { formatText } from './formats/text.js';
import { formatJson } from './formats/json.js';
import { formatSarif } from './formats/sarif.js';
import { formatGithub } from './formats/github.js';

const VALUE_OPTIONS = new Map([['--format', 1], ['--rtol', 1], ['--atol', 1], ['--samples', 1]]);

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

export function runCheck(argv: string[], style: TerminalStyle = PLAIN, version = 'dev'): CommandResult {
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
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be text, json, sarif or github, got ${JSON.stringify(values.format)}`);
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
  const run: CheckRun = { reports, texts: new Map(readable.map((f) => [f.path, f.text])), verbose: values.verbose === true };
  return { output: formatted(run, format, style, version), exitCode };
}

function formatted(run: CheckRun, format: Format, style: TerminalStyle, version: string): string {
  switch (format) {
    case 'json': return formatJson(run);
    case 'sarif': return formatSarif(run, version);
    case 'github': return formatGithub(run);
    case 'text': return formatText(run, style);
  }
}
