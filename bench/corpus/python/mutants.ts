// One-slip mutants of the Python corpus's right gradients, made by rule (the slips people make): a
// sign, a dropped factor, exp(x) for exp(-x), y for 1 - y, a missing square, swapped branches, in
// Python syntax (`np.exp`, `**2`, `np.square`, `a if c else b`, `np.where(c, a, b)`). Each mutant is
// a copy of its repository's folder with one line of one gradient changed (a notebook: one line of
// one cell, the notebook otherwise unchanged), written to $GRADLENS_CORPUS_DIR/python-mutants/<id>/
// (outside this repository). Line numbers stay the same, so the label's line finds the mutant.
// Usage: node --import tsx bench/corpus/python/mutants.ts   (after pull.ts)
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceFirst } from '../lineRewrite.js';
import { corpusDir, pythonFolder } from './pull.js';
import { labelLines, regionOf, writeLabelLines, type Label } from './source.js';

const here = __dirname;
const V = String.raw`[\w.\[\]]+`;

type Rule = [string, (line: string) => string | null];

export const RULES: Rule[] = [
  // `1 - a` -> `1 + a`; `+= -x` -> `+= x`; `dx[i, y] -= 1` -> `+= 1`; else the first binary minus of the line.
  ['sign', (s) => replaceFirst(s, /\b1(\.0?)?\s*-\s*(?=[\w(])/, (m) => m.replace('-', '+')) ?? replaceFirst(s, /\+=\s*-\s*/, () => '+= ') ?? replaceFirst(s, /(?<=[\w\])]\s*)-=/, () => '+=') ?? replaceFirst(s, /(?<=[\w)\]]\s*)-(?=\s*[\w(])/, () => '+')],
  // A parenthesised factor, or the local factor in front of a micrograd `out.grad`.
  ['dropped factor', (s) => replaceFirst(s, /(?<![*])\s*\*\s*\(\s*-?[\w.[\]]+\s*[-+]\s*[\w.[\]]+\s*\)/, () => '') ?? replaceFirst(s, new RegExp(String.raw`(?<![\w.])(?!-?1(\.0?)?\s*\*)[A-Za-z_][\w.\[\]]*\s*\*\s*(?=out\.grad\b)`), () => '')],
  ['exp(x) for exp(-x)', (s) => replaceFirst(s, /exp\(\s*-\s*(1\s*\*\s*)?/, () => 'exp(')],
  ['y for 1 - y', (s) => replaceFirst(s, new RegExp(String.raw`\(\s*1(\.0?)?\s*-\s*(${V}(\([^()]*\))?)\s*\)`), (m, _a, y) => `(${y})`)],
  ['missing square', (s) => replaceFirst(s, /\s*\*\*\s*2(?![\d.])/, () => '') ?? replaceFirst(s, new RegExp(String.raw`np\.square\(\s*(${V})\s*\)`), (m, a) => a) ?? replaceFirst(s, new RegExp(String.raw`np\.power\(\s*(${V}(\([^()]*\))?)\s*,\s*2\s*\)`), (m, a) => a)],
  // Numeric branches: `1 if x > 0 else 0`, `np.where(x > 0, 1, 0.01)`.
  ['swapped branches', (s) => replaceFirst(s, /(-?\d[\d.]*)\s+if\s+(.+?)\s+else\s+(-?\d[\d.]*)(?![\w.])/, (m, a, c, b) => (a === b ? null : `${b} if ${c} else ${a}`)) ?? replaceFirst(s, /np\.where\(([^,()]+(?:\([^()]*\))?[^,()]*),\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*\)/, (m, c, a, b) => (a === b ? null : `np.where(${c}, ${b}, ${a})`))],
];

/**
 * In a function that computes its forward too (a loss returning `(loss, dx)`, a layer's backward
 * re-deriving the cache, a class, an autograd rule), only the lines that compute the gradient are
 * mutated: a change to the shared forward (`probs = np.exp(x - max)`) changes the loss and its
 * gradient together, or nothing at all (softmax is shift-invariant), and is no slip.
 */
const GRADIENT_LINE = /(^\s*return\b)|(\bd[a-z]\w*\s*(\[[^\]]*\]\s*)?[-+*/]?=)|(\w*(grad|delta|deriv)\w*\s*(\[[^\]]*\]\s*)?[-+*/]?=)|(\.grad\b)/i;
const FUSED = new Set(['loss', 'functional', 'class', 'autograd', 'vjp', 'not-a-derivative']);

/** Comments, docstrings and `def` lines are never mutated. */
function mutable(lines: string[], from: number, to: number, shape = ''): number[] {
  const out: number[] = [];
  let inDoc = false;
  for (let n = from; n <= to; n++) {
    const t = lines[n - 1]!;
    const quotes = (t.match(/"""|'''/g) ?? []).length;
    if (inDoc || quotes > 0) {
      if (quotes % 2 === 1) inDoc = !inDoc;
      continue;
    }
    if (/^\s*(#|def\b|class\b|@)/.test(t) || t.trim() === '') continue;
    if (FUSED.has(shape) && !GRADIENT_LINE.test(t)) continue;
    out.push(n);
  }
  return out;
}

export interface Mutant {
  id: string;
  folder: string;
  repo: string;
  file: string;
  cell?: number;
  line: number;
  mutatedLine: number;
  function: string;
  shape: string;
  rule: string;
  before: string;
  after: string;
}

export function readLabels(): Label[] {
  return (JSON.parse(readFileSync(join(here, 'labels.json'), 'utf8')) as { labels: Label[] }).labels;
}

export function makeMutants(): Mutant[] {
  const out = join(corpusDir, 'python-mutants');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const mutants: Mutant[] = [];
  for (const l of readLabels()) {
    if (l.label !== 'right' || l.kind === 'claim') continue;
    const src = join(pythonFolder(l.repo), l.file);
    if (!existsSync(src)) continue;
    const lines = labelLines(src, l.cell);
    const [from, to] = regionOf(lines, l);
    const candidates = mutable(lines, from, to, l.shape);
    for (const [rule, f] of RULES) {
      // The derivative is usually computed last (the return); try the region from its end.
      for (const n of [...candidates].reverse()) {
        const changed = f(lines[n - 1]!);
        if (changed === null) continue;
        const id = String(mutants.length).padStart(3, '0');
        const folder = join(out, id);
        cpSync(pythonFolder(l.repo), folder, { recursive: true });
        const copy = [...lines];
        copy[n - 1] = changed;
        writeLabelLines(join(folder, l.file), copy, l.cell);
        mutants.push({ id, folder, repo: l.repo, file: l.file, cell: l.cell, line: l.line, mutatedLine: n, function: l.function, shape: l.shape, rule, before: lines[n - 1]!.trim(), after: changed.trim() });
        break;
      }
    }
  }
  writeFileSync(join(out, 'mutants.json'), JSON.stringify(mutants, null, 1));
  return mutants;
}

if (require.main === module) {
  const m = makeMutants();
  const by: Record<string, number> = {};
  for (const x of m) by[x.rule] = (by[x.rule] ?? 0) + 1;
  console.log(`${m.length} mutants into ${join(corpusDir, 'python-mutants')}:`, by);
  if (process.argv.includes('--list')) for (const x of m) console.log(`${x.id} ${x.rule} ${x.repo} ${x.file}${x.cell !== undefined ? `:cell ${x.cell}` : ''}:${x.mutatedLine}: ${x.before}  →  ${x.after}`);
}
