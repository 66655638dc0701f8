/**
 * Scores GradLens on the Python and notebook corpus (see ../README.md) as a new user meets it: the
 * real `gradlens check <folder> --format json` runs once per repository folder and once per mutant
 * folder. A label covers its function (the `def` and its block; a notebook statement with its
 * continuation lines; a Markdown claim's line), and the findings whose first line falls there are
 * its verdict: mismatch if any, else unverified if any, else ok. Prints right gradients verified
 * (overall and per shape), real bugs caught, mutants caught, false alarms (a mismatch on a right
 * gradient, a stub, a non-derivative, or a line no label covers), stubs and non-derivatives
 * reported as such, and the most common reasons right gradients were left unjudged, grouped.
 * `GRADLENS_CORPUS_VERBOSE=1` lists every label not judged as labelled, with GradLens's message.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { target } from '../../harness.js';
import { makeMutants, readLabels } from './mutants.js';
import { pull, pythonFolder } from './pull.js';
import { labelLines, regionOf, type Label } from './source.js';

const root = resolve(__dirname, '../../..');
const cli = join(root, 'bin', 'gradlens.js');
const verbose = process.env.GRADLENS_CORPUS_VERBOSE === '1';

interface Finding {
  kind: string;
  verdict: string | null;
  message: string;
  cell?: number;
  range: { start: { line: number } };
}
type Verdict = 'ok' | 'mismatch' | 'unverified' | 'none';
/** A finding where it stands: file, cell (notebooks) and 1-based line. */
interface Placed {
  file: string;
  cell?: number;
  line: number;
  f: Finding;
}

/** Every finding but definitions of one folder; file-level errors (a broken notebook) apart. */
function check(folder: string): { found: Placed[]; errors: string[] } {
  const r = spawnSync(process.execPath, [cli, 'check', folder, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  let parsed: { files: { path: string; findings: Finding[]; error?: string }[] };
  try {
    parsed = JSON.parse(r.stdout) as typeof parsed;
  } catch {
    return { found: [], errors: [`gradlens check printed no JSON (status ${r.status}): ${r.stderr.slice(0, 300)}`] };
  }
  const found: Placed[] = [];
  const errors: string[] = [];
  for (const file of parsed.files) {
    const rel = relative(folder, resolve(folder, file.path)).replace(/\\/g, '/');
    if (file.error) errors.push(`${rel}: ${file.error}`);
    for (const f of file.findings) {
      if (f.kind === 'definition' || f.verdict === null) continue;
      found.push({ file: rel, cell: f.cell, line: f.range.start.line + 1, f });
    }
  }
  return { found, errors };
}

/** The region of each label, read from the pulled file (or notebook cell). */
function regions(folder: string, labels: Label[]): Map<Label, [number, number]> {
  const out = new Map<Label, [number, number]>();
  for (const l of labels) {
    const path = join(folder, l.file);
    if (!existsSync(path)) continue;
    out.set(l, regionOf(labelLines(path, l.cell), l));
  }
  return out;
}

const inside = (p: Placed, l: Label, r: [number, number]) => p.file === l.file && p.cell === l.cell && r[0] <= p.line && p.line <= r[1];

function verdictOf(fs: Placed[]): { verdict: Verdict; message: string } {
  if (fs.length === 0) return { verdict: 'none', message: 'no finding' };
  for (const v of ['mismatch', 'unverified', 'ok'] as const) {
    const f = fs.find((x) => x.f.verdict === v);
    if (f) return { verdict: v, message: f.f.message };
  }
  return { verdict: 'none', message: fs[0]!.f.message };
}

/** Said as such: a stub as not implemented, a non-derivative as a deliberate rule (never a mismatch). */
const SAID_STUB = /not implemented|stub|placeholder|template|todo/i;
const SAID_NON_DERIVATIVE = /not a derivative|not-a-derivative|straight[- ]through|surrogate|gradient reversal|deliberate|clipped|safe backward/i;

/** A reason a person could act on, stripped of the names and numbers of one case, to group by. */
function reasonClass(message: string): string {
  return message
    .replace(/`[^`]*`|'[^']*'|"[^"]*"/g, '…')
    .replace(/^\S+ (could not be verified|is|are):? /, '')
    .replace(/\b\d+(\.\d+)?\b/g, 'N')
    .replace(/\b[A-Za-z_][\w.]*\(\)/g, 'f()')
    .slice(0, 110);
}

const pct = (a: number, b: number) => (b === 0 ? '–' : `${Math.round((100 * a) / b)}%`);

export async function runPythonCorpus(): Promise<void> {
  const title = 'Python corpus';
  console.log(`\n${title} (gradlens check per repository folder: .py files and notebooks)`);
  const pulled = pull();
  if (pulled.problems.length > 0) {
    for (const p of pulled.problems.slice(0, 5)) console.log(`  ${p}`);
    console.log(`  Python corpus incomplete: ${pulled.problems.length} files missing; fetch the repositories in manifest.json first`);
  }
  const labels = readLabels();
  const repos = [...new Set(labels.map((l) => l.repo))];
  const results = new Map<Label, { verdict: Verdict; message: string }>();
  const alarms: string[] = [];
  const fileErrors: string[] = [];
  for (const repo of repos) {
    const folder = pythonFolder(repo);
    if (!existsSync(folder)) continue;
    const { found, errors } = check(folder);
    for (const e of errors) fileErrors.push(`${repo} ${e}`);
    const mine = labels.filter((l) => l.repo === repo);
    const reg = regions(folder, mine);
    for (const [l, r] of reg) results.set(l, verdictOf(found.filter((p) => inside(p, l, r))));
    // A mismatch anywhere but inside a gradient labelled wrong is a false alarm.
    for (const p of found.filter((x) => x.f.verdict === 'mismatch')) {
      const l = [...reg].find(([x, r]) => inside(p, x, r))?.[0];
      if (l?.label === 'wrong') continue;
      alarms.push(`${repo} ${p.file}${p.cell !== undefined ? `:cell ${p.cell}` : ''}:${p.line}${l ? ` (${l.function}, labelled ${l.label})` : ' (no label)'}: ${p.f.message}`);
    }
  }
  const judged = (ls: Label[]) => ls.filter((l) => results.has(l));
  const right = judged(labels.filter((l) => l.label === 'right'));
  const wrong = judged(labels.filter((l) => l.label === 'wrong'));
  const stubs = judged(labels.filter((l) => l.label === 'stub'));
  const nonDerivatives = judged(labels.filter((l) => l.label === 'not-a-derivative'));
  const verified = right.filter((l) => results.get(l)!.verdict === 'ok');
  const caught = wrong.filter((l) => results.get(l)!.verdict === 'mismatch');
  const saidAs = (ls: Label[], re: RegExp) => ls.filter((l) => results.get(l)!.verdict !== 'mismatch' && re.test(results.get(l)!.message));
  const files = new Set(labels.map((l) => `${l.repo}:${l.file}`));
  const notebooks = [...files].filter((f) => f.endsWith('.ipynb')).length;
  console.log(`  ${labels.length} labels from ${repos.length} repositories, ${files.size} files (${notebooks} notebooks): ${right.length} right, ${wrong.length} wrong as written, ${stubs.length} stubs, ${nonDerivatives.length} not derivatives`);
  for (const e of fileErrors) console.log(`  file not read: ${e}`);
  const shapes = new Map<string, [number, number]>();
  for (const l of right) {
    const c = shapes.get(l.shape) ?? [0, 0];
    c[1]++;
    if (results.get(l)!.verdict === 'ok') c[0]++;
    shapes.set(l.shape, c);
  }
  const byShape = [...shapes].sort((a, b) => b[1][1] - a[1][1]);
  console.log(`  right verified by shape: ${byShape.map(([k, [a, b]]) => `${k} ${a}/${b}`).join(', ')}`);
  const other = right.filter((l) => results.get(l)!.verdict !== 'ok');
  const tally = (v: Verdict) => other.filter((l) => results.get(l)!.verdict === v).length;
  console.log(`  right not verified: ${tally('unverified')} unverified, ${tally('none')} without a finding, ${tally('mismatch')} called wrong`);
  console.log(`  stubs reported as not implemented: ${saidAs(stubs, SAID_STUB).length}/${stubs.length}; non-derivatives reported as such: ${saidAs(nonDerivatives, SAID_NON_DERIVATIVE).length}/${nonDerivatives.length}`);
  // Why right gradients stay unjudged, grouped by the reason GradLens gives (most common first).
  const reasons = new Map<string, string[]>();
  for (const l of other) {
    const r = results.get(l)!;
    const k = r.verdict === 'none' ? 'no finding in the function' : reasonClass(r.message);
    reasons.set(k, [...(reasons.get(k) ?? []), l.shape]);
  }
  console.log('  unjudged right gradients by reason:');
  for (const [k, ss] of [...reasons].sort((a, b) => b[1].length - a[1].length).slice(0, verbose ? 100 : 8)) {
    const per = [...new Set(ss)].map((s) => `${s} ${ss.filter((x) => x === s).length}`).join(', ');
    console.log(`    ${ss.length} × ${k} [${per}]`);
  }
  if (verbose) {
    for (const l of labels) {
      const r = results.get(l);
      if (!r) continue;
      const asLabelled = l.label === 'right' ? r.verdict === 'ok' : l.label === 'wrong' ? r.verdict === 'mismatch' : l.label === 'stub' ? saidAs([l], SAID_STUB).length === 1 : saidAs([l], SAID_NON_DERIVATIVE).length === 1;
      if (asLabelled) continue;
      console.log(`    ${l.repo} ${l.file}${l.cell !== undefined ? `:cell ${l.cell}` : ''}:${l.line} ${l.function} [${l.shape}, ${l.label}]: ${r.verdict}: ${r.message}`);
    }
  }
  for (const a of alarms) console.log(`    false alarm: ${a}`);

  // Mutants: one folder each; caught when the mutated gradient is called wrong.
  const mutants = makeMutants();
  let mutantsCaught = 0;
  const missed = new Map<string, number>();
  const mutantAlarms: string[] = [];
  for (const m of mutants) {
    const { found } = check(m.folder);
    const l = labels.find((x) => x.repo === m.repo && x.file === m.file && x.cell === m.cell && x.line === m.line)!;
    const reg = regions(m.folder, [l]).get(l)!;
    const v = verdictOf(found.filter((p) => inside(p, l, reg)));
    if (v.verdict === 'mismatch') mutantsCaught++;
    else {
      missed.set(m.rule, (missed.get(m.rule) ?? 0) + 1);
      if (verbose) console.log(`    mutant ${m.id} missed (${m.rule}) ${m.repo} ${m.file}${m.cell !== undefined ? `:cell ${m.cell}` : ''}:${m.mutatedLine} ${m.function}: ${m.before} → ${m.after}: ${v.verdict}: ${v.message}`);
    }
    // Mismatches elsewhere in a mutant's folder are false alarms too, unless the gradient there
    // calls the mutated function (a delta calling `sigmoid_prime`: the mutant caught twice).
    const name = m.function.split('.').pop()!;
    for (const p of found.filter((x) => x.f.verdict === 'mismatch' && !inside(x, l, reg))) {
      const other = labels.find((x) => x.repo === m.repo && x.file === p.file && x.cell === p.cell && x.line === p.line);
      if (other?.label === 'wrong') continue;
      if (other && labelLines(join(m.folder, other.file), other.cell).slice(other.line, other.line + 40).some((s) => new RegExp(`\\b${name}\\s*\\(`).test(s))) continue;
      mutantAlarms.push(`${m.id} ${p.file}:${p.line}`);
    }
  }
  const rules = [...new Set(mutants.map((m) => m.rule))];
  console.log(`  mutants caught by rule: ${rules.map((r) => `${r} ${mutants.filter((m) => m.rule === r).length - (missed.get(r) ?? 0)}/${mutants.filter((m) => m.rule === r).length}`).join(', ')}`);
  if (mutantAlarms.length > 0 && verbose) console.log(`    mismatches outside the mutated gradient: ${mutantAlarms.join(', ')}`);

  target(`${title}: right gradients verified`, `${verified.length}/${right.length} (${pct(verified.length, right.length)})`, '≥ 80%', verified.length >= 0.8 * right.length);
  const weakest = byShape.map(([k, [a, b]]) => [k, a / b] as const).sort((a, b) => a[1] - b[1])[0];
  target(`${title}: every shape verified`, weakest ? `weakest ${weakest[0]} ${pct(weakest[1] * 100, 100)}` : '–', '≥ 70% each', byShape.every(([, [a, b]]) => a >= 0.7 * b));
  target(`${title}: real bugs caught`, `${caught.length}/${wrong.length}`, 'all', caught.length === wrong.length);
  target(`${title}: mutants caught`, `${mutantsCaught}/${mutants.length} (${pct(mutantsCaught, mutants.length)})`, 'all', mutantsCaught === mutants.length);
  target(`${title}: stubs and non-derivatives said as such`, `${saidAs(stubs, SAID_STUB).length + saidAs(nonDerivatives, SAID_NON_DERIVATIVE).length}/${stubs.length + nonDerivatives.length}`, 'all', saidAs(stubs, SAID_STUB).length + saidAs(nonDerivatives, SAID_NON_DERIVATIVE).length === stubs.length + nonDerivatives.length);
  target(`${title}: false alarms`, `${alarms.length} in the repositories, ${mutantAlarms.length} beside mutants`, '0', alarms.length === 0 && mutantAlarms.length === 0);
}

if (require.main === module) void runPythonCorpus();
