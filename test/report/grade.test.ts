/**
 * `gradlens grade` through the CLI as a process, on a generated class (bench/grade/makeClass.ts:
 * the seeds and the derivation fixtures with sign, factor and chain slips injected where the truth
 * is known): every injected slip shows in its student's section, nothing else is flagged beyond what
 * `gradlens check` gives on the unmodified documents, unreadable hand-ins are listed with the reason,
 * grades.csv agrees with the report, and the page needs nothing from outside.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, REPO, runCli } from '../helpers/cli.js';
import { makeClass, type Student } from '../../bench/grade/makeClass.js';
import { readSections, verify } from '../../bench/grade/verify.js';
import { csvCell } from '../../src/report/csv.js';
import { progressText } from '../../src/cli/progress.js';

let dir: string;
let students: Student[];
let run: { status: number | null; stdout: string; stderr: string };
let html: string;
let csv: string[][];

/** Minimal RFC 4180 reader for the test: quoted cells with doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r') continue;
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else cell += c;
  }
  return rows;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'gradlens-grade-'));
  students = makeClass(join(dir, 'class'), 44);
  run = runCli(['grade', ...students.map((s) => s.path), '--out', join(dir, 'out'), '--jobs', '2'], { timeoutMs: 120_000 });
  html = existsSync(join(dir, 'out', 'report.html')) ? readFileSync(join(dir, 'out', 'report.html'), 'utf8') : '';
  csv = existsSync(join(dir, 'out', 'grades.csv')) ? parseCsv(readFileSync(join(dir, 'out', 'grades.csv'), 'utf8')) : [];
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('every injected slip appears in its student\'s section, and nothing else is flagged', () => {
  assert.equal(run.status, 2, `two hand-ins are unreadable, so the status is 2: ${run.stderr}`);
  const v = verify(students, html);
  assert.ok(v.injected >= 40, `${v.injected} slips injected`);
  for (const kind of ['sign', 'factor', 'chain'] as const) assert.ok(v.named[kind].injected > 0, `no ${kind} slip in the class`);
  assert.deepEqual(v.missing, []);
  assert.deepEqual(v.extra, []);
  assert.equal(v.found, v.injected);
  assert.deepEqual(v.problems, []);
  assert.equal(v.unreadableListed, 2);
  // Most slips are named as the kind injected (the report shows the analysis's slip, not a guess of ours).
  for (const kind of ['sign', 'factor', 'chain'] as const) assert.ok(v.named[kind].named >= v.named[kind].injected * 0.7, `${kind}: ${JSON.stringify(v.named[kind])}`);
  assert.match(run.stdout, /^graded 44 submissions in [\d.]+ s: \d+ wrong claims in \d+ submissions, \d+ without a wrong claim, 2 with unreadable files; .*report\.html, .*grades\.csv\n$/);
});

test('unreadable hand-ins are listed with the reason; folders list what they skipped', () => {
  const sections = readSections(html);
  const binary = students.find((s) => s.unreadable === 'binary')!;
  const latin = students.find((s) => s.unreadable === 'UTF-8')!;
  const part = (id: string) => html.slice(html.indexOf(`data-id="${id}"`), html.indexOf('</section>', html.indexOf(`data-id="${id}"`)));
  assert.equal(sections.get(binary.id)!.unreadable, true);
  assert.match(part(binary.id), /binary file, not text: not checked/);
  assert.match(part(latin.id), /not UTF-8 text/);
  const folder = students.find((s) => !s.path.match(/\.(md|tex|txt)$/))!;
  assert.match(part(folder.id), /Files: answers\.(md|tex|txt), grad\.js · skipped \(not a derivation or code\): scan-of-page-2\.pdf/);
});

test('grades.csv: one row per submission that agrees with the report', () => {
  assert.deepEqual(csv[0], ['id', 'files', 'claims', 'right', 'wrong', 'unverified', 'first_wrong_line', 'problem']);
  assert.equal(csv.length, students.length + 1);
  const sections = readSections(html);
  for (const [i, s] of students.entries()) {
    const row = csv[i + 1]!;
    assert.equal(row[0], s.id);
    const sec = sections.get(s.id)!;
    assert.equal(Number(row[4]), sec.wrong.length, s.id);
    assert.equal(row[6], sec.wrong[0] ? `${sec.wrong[0].file}:${sec.wrong[0].line}` : '');
    assert.ok(Number(row[2]) === Number(row[3]) + Number(row[4]) + Number(row[5]), `${s.id}: claims = right + wrong + unverified`);
    assert.equal(row[7] !== '', s.unreadable !== null, `${s.id}: problem column`);
  }
  assert.equal(csvCell('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
  assert.equal(csvCell('a,b'), '"a,b"');
});

test('report.html is self-contained: a strict CSP, no remote resource, every formula reference resolves', () => {
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  assert.doesNotMatch(html, /\b(src|href)="(https?:)?\/\//);
  assert.doesNotMatch(html, /<link\b|@import|url\(/);
  const ids = new Set([...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));
  // Formula bodies (href) and, inside them, glyphs (xlink:href), drawn by different workers for different students.
  const refs = [...html.matchAll(/<use [^>]*?\bhref="#([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(refs.some((r) => r.startsWith('MJX-')) && refs.some((r) => /^f\d+$/.test(r)));
  assert.ok(refs.length > 100, `${refs.length} references`);
  for (const r of refs) assert.ok(ids.has(r), `#${r} is not defined in the page`);
  // Every table row links to its student's section.
  for (const m of html.matchAll(/<td data-v="[^"]*"><a href="#(s\d+)">/g)) assert.ok(ids.has(m[1]!));
  assert.ok(Buffer.byteLength(html) < 5 * 1024 * 1024);
});

test('one worker or two: the same grades; bad usage and a missing submission', () => {
  const few = students.slice(0, 6).map((s) => s.path);
  const one = runCli(['grade', ...few, '--out', join(dir, 'one'), '--jobs', '1']);
  const two = runCli(['grade', ...few, '--out', join(dir, 'two'), '--jobs', '2']);
  assert.equal(one.status, two.status);
  assert.equal(readFileSync(join(dir, 'one', 'grades.csv'), 'utf8'), readFileSync(join(dir, 'two', 'grades.csv'), 'utf8'));
  for (const [args, re] of [[['grade'], /needs submissions/], [['grade', dir, '--jobs', '0'], /--jobs must be/], [['grade', dir, '--rtol', 'x'], /--rtol must be a number ≥ 0, got "x"/]] as const) {
    const r = runCli([...args]);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, re);
  }
  const missing = runCli(['grade', students[0]!.path, join(dir, 'nobody'), '--out', join(dir, 'missing')]);
  assert.equal(missing.status, 2);
  assert.match(readFileSync(join(dir, 'missing', 'grades.csv'), 'utf8'), /\r\nnobody,,0,0,0,0,,no such file or folder\r\n/);
});

test('progress: a redrawn line with rate and ETA on a terminal for runs over a second, nothing when piped', { skip: spawnSync('script', ['--version']).status !== 0 }, () => {
  assert.match(progressText('grading', 57, 200, 4.6), /^grading \[█+░+\] 57\/200 \(28%\) · 12\.4\/s · ETA 12 s$/);
  const paths = students.slice(0, 20).map((s) => JSON.stringify(s.path)).join(' ');
  const pty = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} grade ${paths} --out ${JSON.stringify(join(dir, 'pty'))} --jobs 1`, '/dev/null'], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  assert.match(pty.stdout, /\r\u001b\[Kgrading \[[█░]+\] \d+\/20 \(\d+%\) · [\d.]+\/s · ETA \d+ s/);
  assert.match(pty.stdout, /graded 20 submissions/);
  assert.doesNotMatch(run.stderr, /grading \[/, 'no progress line on a pipe');
});
