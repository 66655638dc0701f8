// One-slip mutants of the corpus's right gradients, made by rule (the slips people make): a sign,
// a dropped factor, exp(x) for exp(-x), y for 1 - y, a missing square, swapped branches. Each
// mutant is a copy of its repository's folder with one gradient changed on one line, written to
// $GRADLENS_CORPUS_DIR/code-mutants/<id>/ (outside this repository). The line numbers stay the
// same, so the label's line finds the mutated gradient.
// Usage: node --import tsx bench/corpus/code/mutants.ts   (after pull.ts)
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceFirst } from '../lineRewrite.js';
import { corpusDir, repoFolder } from './pull.js';

const here = __dirname;

/** Rules: a name and a rewrite of one line (null when it does not apply). */
type Rule = [string, (line: string) => string | null];

export const RULES: Rule[] = [
  ['sign', (s) => replaceFirst(s, /\b1(\.0)?\s*-\s*(?=[\w(])/, (m) => m.replace('-', '+')) ?? replaceFirst(s, /\+=\s*-\s*(1\s*\*\s*)?/, () => '+= ')],
  // A factor that is not a literal 1 (dropping `1 *` changes nothing), never half of a `**`.
  ['dropped factor', (s) => replaceFirst(s, /(?<![*])\s*\*\s*\(\s*-?[\w.[\]]+\s*[-+]\s*[\w.[\]]+\s*\)/, () => '') ?? replaceFirst(s, /(?<![\w.])(?<!\*\*\s*)(?!-?1(\.0)?\s*\*)[A-Za-z_][\w.[\]]*\s*\*\s*(?=out\.grad\b)/, () => '')],
  ['exp(x) for exp(-x)', (s) => replaceFirst(s, /exp\(\s*-\s*(1\s*\*\s*)?/, () => 'exp(')],
  ['y for 1 - y', (s) => replaceFirst(s, /\(\s*1(\.0)?\s*-\s*([\w.[\]]+)\s*\)/, (m, _a, y) => `(${y})`)],
  ['missing square', (s) => replaceFirst(s, /\s*\*\*\s*2\b/, () => '') ?? replaceFirst(s, /Math\.pow\(\s*([\w.[\]]+)\s*,\s*2\s*\)/, (m, a) => a) ?? replaceFirst(s, /\b([\w.[\]]+)\s*\*\s*\1(?![\w.[\]])/, (m, a) => a)],
  // Branches that are numbers (`? 1 : 0`, `? 1.0 : 0.01`), the way derivatives of kinked functions are written.
  ['swapped branches', (s) => replaceFirst(s, /\?\s*(-?\d[\d.]*)\s*:\s*(-?\d[\d.]*)(?![\w.])/, (m, a, b) => (a === b ? null : `? ${b} : ${a}`))],
];

/**
 * The lines a rule may touch: the gradient function's own, from the label's line to where its
 * brackets close (so the forward code around a closure is never mutated), at most 16 lines.
 */
function region(lines: string[], l: Label): [number, number] {
  let depth = 0;
  let opened = false;
  for (let n = l.line; n <= Math.min(lines.length, l.line + 15); n++) {
    for (const ch of lines[n - 1]!.replace(/\/\/.*$/, '')) {
      if ('({['.includes(ch)) {
        depth++;
        opened = true;
      } else if (')}]'.includes(ch)) depth--;
    }
    if (opened && depth <= 0) return [l.line, n];
  }
  return [l.line, Math.min(lines.length, l.line + 15)];
}

/** Lines that only name or call things (comments, declarations) are not mutated. */
const SKIP = /^\s*(\/\/|\*|\/\*)/;

export interface Label {
  repo: string;
  file: string;
  line: number;
  function: string;
  shape: string;
  label: 'right' | 'wrong' | 'not-a-derivative';
  tags: string[];
  kind: string;
  note?: string;
  /** The round the repository joined the corpus (absent: the first); its figures are printed apart, as held-out ones. */
  round?: number;
  /**
   * Right as math, but there is nothing in the code to check it against: its primal cannot run as
   * written (a name declared nowhere is a ReferenceError). Neither the gradient nor its mutants can
   * be verified or caught honestly; the scorer counts them apart, and demands that GradLens says
   * unverified with a message matching `expect` (so the reason reaches the user), never ok or wrong.
   */
  uncheckable?: { why: string; expect: string };
}

export interface Mutant {
  id: string;
  folder: string;
  repo: string;
  file: string;
  line: number;
  mutatedLine: number;
  function: string;
  shape: string;
  rule: string;
  before: string;
  after: string;
}

export function readLabels(dir = here): Label[] {
  return (JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as { labels: Label[] }).labels;
}

export function makeMutants(dir = here, set = 'code'): Mutant[] {
  const labels = readLabels(dir);
  const out = join(corpusDir, `${set}-mutants`);
  rmSync(out, { recursive: true, force: true });
  const mutants: Mutant[] = [];
  for (const l of labels.filter((x) => x.label === 'right')) {
    const src = join(repoFolder(l.repo, set), l.file);
    if (!existsSync(src)) continue;
    const lines = readFileSync(src, 'utf8').split('\n');
    const [from, to] = region(lines, l);
    for (const [rule, f] of RULES) {
      // The derivative is computed after the function's first line; try those lines first.
      const order = [...Array(to - from + 1).keys()].map((k) => from + k);
      for (const n of [...order.slice(1), order[0]!]) {
        const text = lines[n - 1];
        if (text === undefined || SKIP.test(text)) continue;
        const changed = f(text);
        if (changed === null) continue;
        const id = `${String(mutants.length).padStart(3, '0')}`;
        const folder = join(out, id);
        cpSync(repoFolder(l.repo, set), folder, { recursive: true });
        const copy = [...lines];
        copy[n - 1] = changed;
        writeFileSync(join(folder, l.file), copy.join('\n'));
        mutants.push({ id, folder, repo: l.repo, file: l.file, line: l.line, mutatedLine: n, function: l.function, shape: l.shape, rule, before: text.trim(), after: changed.trim() });
        break;
      }
    }
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'mutants.json'), JSON.stringify(mutants, null, 1));
  return mutants;
}

if (require.main === module) {
  const m = makeMutants();
  const by: Record<string, number> = {};
  for (const x of m) by[x.rule] = (by[x.rule] ?? 0) + 1;
  console.log(`${m.length} mutants into ${join(corpusDir, 'code-mutants')}:`, by);
}
