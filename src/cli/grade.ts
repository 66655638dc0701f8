/**
 * `gradlens grade SUBMISSIONS… [--out DIR] [--jobs N]`: a class at a time. Each submission (a file,
 * or a folder with one student's hand-in) is graded in a worker thread; the results become
 * DIR/report.html and DIR/grades.csv and a one-line summary. Students' mistakes are the point of a
 * grading run, not its failure: the exit status is 0, or 2 on a usage error or when a submission
 * could not be read (it is listed in the report with the reason, and the run goes on).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { gradesCsv } from '../report/csv.js';
import { gradeSubmission } from '../report/grade.js';
import { reportHtml } from '../report/html.js';
import { submissionId } from '../report/handIn.js';
import { unreadable, type GradeOptions, type SubmissionResult } from '../report/types.js';
import type { CommandResult } from './expr.js';
import { Progress } from './progress.js';
import { UsageError, attachOptionValues, checkOption, parseNumber } from './usage.js';

const VALUE_OPTIONS = new Map([['--out', 1], ['--jobs', 1], ['-j', 1], ['--rtol', 1], ['--atol', 1], ['--samples', 1]]);

/** What a grade worker is started with; main.ts recognises a worker by it. */
export interface GradeWorkerData { gradlensGrade: true; options: GradeOptions }
export type GradeRequest = { index: number; path: string };
export type GradeReply = { index: number; result?: SubmissionResult; error?: string };

export interface GradeEnv {
  version: string;
  stderr: { write(s: string): unknown; isTTY?: boolean };
  /** The bundle a worker runs (the CLI's own file). */
  workerScript: string;
}

export async function runGrade(argv: string[], env: GradeEnv): Promise<CommandResult> {
  let parsed;
  try {
    parsed = parseArgs({
      args: attachOptionValues(argv, VALUE_OPTIONS), allowPositionals: true,
      options: { out: { type: 'string', default: 'gradlens-report' }, jobs: { type: 'string', short: 'j' }, rtol: { type: 'string' }, atol: { type: 'string' }, samples: { type: 'string' } },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('gradlens grade needs submissions (files, or folders with one student\'s hand-in each), e.g. gradlens grade class/*');
  const jobs = values.jobs === undefined ? availableParallelism() : parseNumber('--jobs', values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError('--jobs must be a whole number from 1 to 64');
  const options: GradeOptions = {
    ...(values.rtol !== undefined ? { rtol: checkOption('rtol', values.rtol) } : {}),
    ...(values.atol !== undefined ? { atol: checkOption('atol', values.atol) } : {}),
    ...(values.samples !== undefined ? { samples: checkOption('samples', values.samples) } : {}),
  };
  const started = performance.now();
  const progress = new Progress(positionals.length, env.stderr);
  const results = await gradeAll(positionals, options, jobs, env.workerScript, () => progress.tick());
  progress.end();
  const out = values.out!;
  mkdirSync(out, { recursive: true });
  const shownOptions = Object.entries(options).map(([k, v]) => `--${k} ${v}`).join(' ');
  const html = join(out, 'report.html');
  const csv = join(out, 'grades.csv');
  writeFileSync(html, reportHtml(results, { generated: new Date(), version: env.version, options: shownOptions }));
  writeFileSync(csv, gradesCsv(results));
  const seconds = (performance.now() - started) / 1000;
  const wrong = results.reduce((n, r) => n + r.wrong.length, 0);
  const withWrong = results.filter((r) => r.wrong.length > 0).length;
  const bad = results.filter(unreadable);
  const shown = (p: string) => { const r = relative(process.cwd(), p); return r && !r.startsWith('..') ? r : p; };
  const output = `graded ${results.length} submission${results.length === 1 ? '' : 's'} in ${seconds.toFixed(1)} s: ${wrong} wrong claim${wrong === 1 ? "" : "s"} in ${withWrong} submission${withWrong === 1 ? "" : "s"}, ${results.length - withWrong - bad.filter((r) => r.wrong.length === 0).length} without a wrong claim${bad.length ? `, ${bad.length} with unreadable files` : ''}; ${shown(html)}, ${shown(csv)}`;
  return { output, exitCode: bad.length ? 2 : 0 };
}

function failed(path: string, reason: string): SubmissionResult {
  return { id: submissionId(path), path, files: [], skipped: [], checked: 0, right: 0, wrong: [], unverified: [], error: reason, glyphs: {}, ms: 0 };
}

/**
 * Grades every submission, `jobs` at a time in worker threads (in this thread when one job is
 * asked for or one submission given). Results keep the command line's order. A worker that dies on
 * a submission (an internal error) marks that submission and is replaced; the run goes on.
 */
async function gradeAll(paths: string[], options: GradeOptions, jobs: number, workerScript: string, onDone: () => void): Promise<SubmissionResult[]> {
  const results: SubmissionResult[] = new Array(paths.length);
  const workers = Math.min(jobs, paths.length);
  if (workers <= 1) {
    paths.forEach((p, i) => {
      try { results[i] = gradeSubmission(p, options); } catch (e) { results[i] = failed(p, `internal error: ${(e as Error).message}`); }
      onDone();
    });
    return results;
  }
  let next = 0;
  await new Promise<void>((resolve) => {
    let active = 0;
    const start = (): void => {
      const worker = new Worker(workerScript, { workerData: { gradlensGrade: true, options } satisfies GradeWorkerData });
      let current: number | null = null;
      active++;
      const feed = (): void => {
        if (next >= paths.length) { current = null; void worker.terminate(); return; }
        current = next++;
        worker.postMessage({ index: current, path: paths[current]! } satisfies GradeRequest);
      };
      worker.on('message', (m: GradeReply) => {
        results[m.index] = m.result ?? failed(paths[m.index]!, `internal error: ${m.error ?? 'no result'}`);
        onDone();
        feed();
      });
      worker.on('error', (e) => {
        if (current !== null) { results[current] = failed(paths[current]!, `internal error: ${e.message}`); onDone(); current = null; }
      });
      worker.on('exit', () => {
        active--;
        if (next < paths.length) start();
        else if (active === 0) resolve();
      });
      feed();
    };
    for (let i = 0; i < workers; i++) start();
  });
  return results;
}
