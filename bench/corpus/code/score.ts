/**
 * Scores GradLens on the code corpus (see ../README.md) as a new user meets it: the real
 * `gradlens check <folder> --format json` runs once per repository folder, and each labelled
 * gradient is looked up by file and line. Then the one-slip mutants (mutants.ts) are checked the
 * same way, one folder each. Prints right gradients verified (overall, per shape and per tag),
 * real bugs caught, mutants caught and false alarms; `GRADLENS_CORPUS_VERBOSE=1` also lists every
 * label that is not judged as labelled, with GradLens's message.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { target } from '../../harness.js';
import { makeMutants, readLabels, type Label } from './mutants.js';
import { pull, repoFolder } from './pull.js';

const root = resolve(__dirname, '../../..');
const cli = join(root, 'bin', 'gradlens.js');
const verbose = process.env.GRADLENS_CORPUS_VERBOSE === '1';

interface Finding {
  kind: string;
  verdict: string | null;
  message: string;
  range: { start: { line: number } };
}
type Verdict = 'ok' | 'mismatch' | 'unverified' | 'none';

/** Every derivative finding of one folder, keyed `file:line` (file relative to the folder, line 1-based). */
function check(folder: string): Map<string, Finding[]> {
  const r = spawnSync(process.execPath, [cli, 'check', folder, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out = new Map<string, Finding[]>();
  let parsed: { files: { path: string; findings: Finding[] }[] };
  try {
    parsed = JSON.parse(r.stdout) as typeof parsed;
  } catch {
    console.log(`  ${folder}: gradlens check printed no JSON (status ${r.status}): ${r.stderr.slice(0, 300)}`);
    return out;
  }
  for (const f of parsed.files) {
    for (const d of f.findings.filter((x) => x.kind === 'derivative')) {
      const key = `${relative(folder, resolve(folder, f.path)).replace(/\\/g, '/')}:${d.range.start.line + 1}`;
      out.set(key, [...(out.get(key) ?? []), d]);
    }
  }
  return out;
}

function verdictOf(fs: Finding[] | undefined): { verdict: Verdict; message: string } {
  if (!fs || fs.length === 0) return { verdict: 'none', message: 'no finding' };
  for (const v of ['mismatch', 'ok', 'unverified'] as const) {
    const f = fs.find((x) => x.verdict === v);
    if (f) return { verdict: v, message: f.message };
  }
  return { verdict: 'none', message: fs[0]!.message };
}

/** Whether the function starting at `key` (file:line) calls `fn` (its last name segment) within its first 60 lines. */
function callsMutated(folder: string, key: string, fn: string): boolean {
  const at = key.lastIndexOf(':');
  const file = join(folder, key.slice(0, at));
  const line = Number(key.slice(at + 1));
  const name = fn.split(/[.\s]/).filter(Boolean).pop() ?? fn;
  if (!/^[A-Za-z_$][\w$]*$/.test(name) || !existsSync(file)) return false;
  const body = readFileSync(file, 'utf8').split('\n').slice(line - 1, line + 59).join('\n');
  return new RegExp(`(?<![\\w$])${name}\\s*\\(`).test(body.slice(body.indexOf('\n') + 1));
}

const pct = (a: number, b: number) => (b === 0 ? '–' : `${Math.round((100 * a) / b)}%`);

/** `dir`/`set`: the corpus folder and its cache folder (the development corpus by default; the held-out one is bench/corpus/holdout). */
export async function runCodeCorpus(dir = __dirname, set = 'code', title = 'code corpus'): Promise<void> {
  console.log(`\n${title} (gradlens check per repository folder)`);
  const pulled = pull(dir, set);
  if (pulled.problems.length > 0) {
    for (const p of pulled.problems.slice(0, 5)) console.log(`  ${p}`);
    console.log(`  code corpus incomplete: ${pulled.problems.length} files missing; fetch the repositories in manifest.json first`);
  }
  const labels = readLabels(dir);
  const repos = [...new Set(labels.map((l) => l.repo))];
  const results = new Map<Label, { verdict: Verdict; message: string }>();
  let falseAlarms = 0;
  const alarms: string[] = [];
  const alarmRepos: string[] = [];
  for (const repo of repos) {
    const folder = repoFolder(repo, set);
    if (!existsSync(folder)) continue;
    const found = check(folder);
    const mine = labels.filter((l) => l.repo === repo);
    for (const l of mine) results.set(l, verdictOf(found.get(`${l.file}:${l.line}`)));
    // A mismatch anywhere but at a gradient labelled wrong is a false alarm.
    for (const [key, fs] of found) {
      const l = mine.find((x) => `${x.file}:${x.line}` === key);
      const bad = fs.filter((f) => f.verdict === 'mismatch');
      if (bad.length > 0 && l?.label !== 'wrong') {
        falseAlarms++;
        alarmRepos.push(repo);
        alarms.push(`${repo} ${key}${l ? ` (${l.function}, labelled ${l.label})` : ' (unlabelled)'}: ${bad[0]!.message}`);
      }
    }
  }
  // Right as math but with no runnable primal to check against (labels' `uncheckable`): apart.
  const uncheckable = labels.filter((l) => l.uncheckable && results.has(l));
  const saysWhy = (l: Label, v: { verdict: Verdict; message: string }) => v.verdict === 'unverified' && new RegExp(l.uncheckable!.expect).test(v.message);
  const right = labels.filter((l) => l.label === 'right' && !l.uncheckable && results.has(l));
  const wrong = labels.filter((l) => l.label === 'wrong' && results.has(l));
  const verified = right.filter((l) => results.get(l)!.verdict === 'ok');
  const caught = wrong.filter((l) => results.get(l)!.verdict === 'mismatch');
  const byCount = (ls: Label[], key: (l: Label) => string[]) => {
    const m = new Map<string, [number, number]>();
    for (const l of ls) for (const k of key(l)) {
      const c = m.get(k) ?? [0, 0];
      c[1]++;
      if (results.get(l)!.verdict === 'ok') c[0]++;
      m.set(k, c);
    }
    return [...m].sort((a, b) => b[1][1] - a[1][1]);
  };
  console.log(`  ${labels.length} labelled gradient functions from ${repos.length} repositories (${right.length} right, ${wrong.length} wrong as written)`);
  // Repositories added in a later round are reported apart: measured before any fix for them,
  // they are the out-of-sample figure (a rule fitted to the first round shows here).
  for (const round of [...new Set(labels.map((l) => l.round ?? 1))].sort()) {
    if (round === 1) continue;
    const mine = labels.filter((l) => (l.round ?? 1) === round && results.has(l));
    const rr = mine.filter((l) => l.label === 'right');
    const ww = mine.filter((l) => l.label === 'wrong');
    const rRepos = new Set(mine.map((l) => l.repo));
    const ok = rr.filter((l) => results.get(l)!.verdict === 'ok').length;
    const bugs = ww.filter((l) => results.get(l)!.verdict === 'mismatch').length;
    const fa = alarmRepos.filter((r) => rRepos.has(r)).length;
    console.log(`  round ${round} repositories (${rRepos.size}): right verified ${ok}/${rr.length} (${pct(ok, rr.length)}), real bugs ${bugs}/${ww.length}, false alarms ${fa}`);
  }
  const shapes = byCount(right, (l) => [l.shape]);
  console.log(`  right verified by shape: ${shapes.map(([k, [a, b]]) => `${k} ${a}/${b}`).join(', ')}`);
  console.log(`  right verified by tag:   ${byCount(right, (l) => l.tags).map(([k, [a, b]]) => `${k} ${a}/${b}`).join(', ')}`);
  const other = right.filter((l) => results.get(l)!.verdict !== 'ok');
  const tally = (v: Verdict) => other.filter((l) => results.get(l)!.verdict === v).length;
  console.log(`  right not verified: ${tally('unverified')} unverified, ${tally('none')} without a finding, ${tally('mismatch')} called wrong`);
  for (const l of uncheckable) {
    const r = results.get(l)!;
    console.log(`  uncheckable as written, not counted above: ${l.repo} ${l.file}:${l.line} ${l.function} [${l.shape}]: ${l.uncheckable!.why}; GradLens says ${r.verdict}${saysWhy(l, r) ? ', with that reason' : `, WITHOUT that reason: ${r.message}`}`);
  }
  if (verbose) {
    for (const l of labels) {
      const r = results.get(l);
      if (!r || l.uncheckable || (l.label === 'right' ? r.verdict === 'ok' : r.verdict === 'mismatch')) continue;
      console.log(`    ${l.repo} ${l.file}:${l.line} ${l.function} [${l.shape}, ${l.label}]: ${r.verdict}: ${r.message}`);
    }
  }
  for (const a of alarms) console.log(`    false alarm: ${a}`);

  // Mutants: one folder each; caught when the mutated gradient is called wrong.
  const allMutants = makeMutants(dir, set);
  const labelOf = (m: (typeof allMutants)[number]) => labels.find((x) => x.repo === m.repo && x.file === m.file && x.line === m.line);
  // A mutant of an uncheckable gradient cannot be caught honestly: its primal still cannot run.
  // It is checked all the same, and must be unverified with the label's reason.
  const uncatchable = allMutants.filter((m) => labelOf(m)?.uncheckable);
  const mutants = allMutants.filter((m) => !labelOf(m)?.uncheckable);
  let uncatchableSaid = 0;
  const uncatchableAlarms: string[] = [];
  for (const m of uncatchable) {
    const l = labelOf(m)!;
    const found = check(m.folder);
    const v = verdictOf(found.get(`${m.file}:${m.line}`));
    if (saysWhy(l, v)) uncatchableSaid++;
    else console.log(`    uncatchable mutant ${m.id} (${m.rule}) ${m.repo} ${m.file}:${m.mutatedLine}: GradLens says ${v.verdict} without the reason: ${v.message}`);
    for (const [key, fs] of found) {
      if (key === `${m.file}:${m.line}` || !fs.some((f) => f.verdict === 'mismatch') || callsMutated(m.folder, key, m.function)) continue;
      const other = labels.find((x) => x.repo === m.repo && `${x.file}:${x.line}` === key);
      if (other?.label !== 'wrong') uncatchableAlarms.push(`${m.id} ${key}`);
    }
  }
  let mutantsCaught = 0;
  const missedByRule = new Map<string, number>();
  const mutantAlarms: string[] = [...uncatchableAlarms];
  const byRound = new Map<number, [number, number]>();
  for (const m of mutants) {
    const found = check(m.folder);
    const v = verdictOf(found.get(`${m.file}:${m.line}`));
    const round = labels.find((x) => x.repo === m.repo)?.round ?? 1;
    const rc = byRound.get(round) ?? [0, 0];
    rc[1]++;
    if (v.verdict === 'mismatch') rc[0]++;
    byRound.set(round, rc);
    if (v.verdict === 'mismatch') mutantsCaught++;
    else {
      missedByRule.set(m.rule, (missedByRule.get(m.rule) ?? 0) + 1);
      if (verbose) console.log(`    mutant ${m.id} missed (${m.rule}) ${m.repo} ${m.file}:${m.mutatedLine} ${m.function}: ${m.before} → ${m.after}: ${v.verdict}: ${v.message}`);
    }
    // Mismatches elsewhere in a mutant's folder are false alarms too (the rest is unchanged code).
    for (const [key, fs] of found) {
      if (key === `${m.file}:${m.line}` || !fs.some((f) => f.verdict === 'mismatch')) continue;
      // A gradient that calls the mutated function (a layer's backward calling `sigmoidDer`) is
      // wrong in the mutant too: that is the mutant caught twice, not a false alarm.
      if (callsMutated(m.folder, key, m.function)) continue;
      const l = labels.find((x) => x.repo === m.repo && `${x.file}:${x.line}` === key);
      if (l?.label !== 'wrong') mutantAlarms.push(`${m.id} ${key}`);
    }
  }
  const rules = [...new Set(mutants.map((m) => m.rule))];
  console.log(`  mutants caught by rule: ${rules.map((r) => `${r} ${mutants.filter((m) => m.rule === r).length - (missedByRule.get(r) ?? 0)}/${mutants.filter((m) => m.rule === r).length}`).join(', ')}`);
  for (const [round, [a, b]] of byRound) if (round !== 1) console.log(`  round ${round} mutants caught ${a}/${b}`);
  if (uncatchable.length > 0) console.log(`  uncatchable mutants, not counted above (of the uncheckable gradients: their primal cannot run): ${uncatchable.length}, unverified with the reason ${uncatchableSaid}/${uncatchable.length}`);
  if (mutantAlarms.length > 0 && verbose) console.log(`    mismatches outside the mutated gradient: ${mutantAlarms.join(', ')}`);

  target(`${title}: right gradients verified`, `${verified.length}/${right.length} (${pct(verified.length, right.length)})`, '≥ 80%', verified.length >= 0.8 * right.length);
  const weakest = shapes.map(([k, [a, b]]) => [k, a / b] as const).sort((a, b) => a[1] - b[1])[0];
  target(`${title}: every shape verified`, weakest ? `weakest ${weakest[0]} ${pct(weakest[1] * 100, 100)}` : '–', '≥ 70% each', shapes.every(([, [a, b]]) => a >= 0.7 * b));
  target(`${title}: real bugs caught`, `${caught.length}/${wrong.length}`, 'all', caught.length === wrong.length);
  target(`${title}: mutants caught`, `${mutantsCaught}/${mutants.length} (${pct(mutantsCaught, mutants.length)})`, 'all', mutantsCaught === mutants.length);
  if (uncheckable.length + uncatchable.length > 0) {
    const said = uncheckable.filter((l) => saysWhy(l, results.get(l)!)).length + uncatchableSaid;
    const all = uncheckable.length + uncatchable.length;
    target(`${title}: uncheckable gradients and their mutants told why`, `${said}/${all} (${uncheckable.length} gradient${uncheckable.length === 1 ? '' : 's'}, ${uncatchable.length} mutants)`, 'all', said === all);
  }
  target(`${title}: false alarms`, `${falseAlarms} in the repositories, ${mutantAlarms.length} beside mutants`, '0', falseAlarms === 0 && mutantAlarms.length === 0);
}
