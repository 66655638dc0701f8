/**
 * A generated class of submissions for `gradlens grade` (made at test and bench time, never
 * committed): the real seeds and the derivation fixtures as hand-ins, with slips injected where the
 * truth is known, so that what the report must show is known exactly.
 *
 * - Bases: seeds 000, 002, 003 and 004 (no wrong claim) and every derivation fixture (its wrong
 *   claims are the hand-checked `mismatch` lines of its sidecar). Some hand-ins are folders that
 *   also hold a clean code file (brain-style.js, every `// expect: ok`).
 * - Sign and factor slips rewrite the right-hand side R of a right derivative claim as −(R) or 2(R).
 *   Only the last few right claims of a document are used: a later step may build on an earlier
 *   one, and a slip must not change what any other claim is checked against.
 * - A chain slip is an exercise added at the end, in our own words: the derivative of f(wx + b)
 *   written without the inner factor w, beside a right one (which must stay unflagged).
 * - Two hand-ins cannot be read (a PDF saved as .tex, a Latin-1 file) and must be listed as such.
 *
 * Where a claim's right-hand side is, is taken from GradLens's own finding for that line (a
 * location, not a verdict: verdicts come from the sidecars, and for the seeds from the verdicts the
 * test suite pins).
 */
import { createRng } from '../../src/core/sampling/rng.js';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { analyzeSource } from '../../src/workspace/sources.js';

const ROOT = resolve(__dirname, '..', '..');
const SEEDS = [resolve(ROOT, '..', 'shared', 'seeds'), '/work/shared/seeds'].find((p) => { try { readdirSync(p); return true; } catch { return false; } }) ?? '';
const FIXTURES = join(ROOT, 'test', 'fixtures', 'derivations');
const CLEAN_CODE = join(ROOT, 'test', 'fixtures', 'code', 'brain-style.js');

export type SlipKind = 'sign' | 'factor' | 'chain';

export interface Expected {
  /** File inside the submission (its own name for a one-file submission). */
  file: string;
  /** 1-based line of the claim. */
  line: number;
  /** Injected by the generator (with its kind), or the base document's own known mistake. */
  injected: SlipKind | null;
  /**
   * A line `gradlens check` already flags in the unmodified base although its sidecar lists no
   * mistake there (a false alarm of the analysis, not of grading): the report must show it as
   * check does, and the benchmark counts these apart.
   */
  preexisting?: true;
}

export interface Student {
  id: string;
  path: string;
  expected: Expected[];
  /** Why the submission must be listed as unreadable, or null. */
  unreadable: string | null;
}

interface Target { line: number; from: number; to: number }
interface Base { name: string; text: string; ext: string; known: number[]; preexisting: number[]; targets: Target[] }

/** The core's seeded PRNG (mulberry32): the same class every time. */
const rng = createRng;

const LAST_TARGETS = 3;

function loadBases(): Base[] {
  const bases: Base[] = [];
  const add = (name: string, path: string, rightLines: Set<number> | null, known: number[]) => {
    const text = readFileSync(path, 'utf8');
    const findings = analyzeSource(path, text).findings;
    const lines = text.split('\n');
    const targets = findings
      .filter((f) => f.kind === 'derivative' && f.verdict === 'ok' && f.range.start.line === f.range.end.line && (rightLines === null || rightLines.has(f.range.start.line)))
      .filter((f) => !lines[f.range.start.line]!.includes('gradlens:'))
      .map((f) => ({ line: f.range.start.line, from: f.range.start.character, to: f.range.end.character }))
      .slice(-LAST_TARGETS);
    const flagged = [...new Set(findings.filter((f) => f.verdict === 'mismatch').map((f) => f.range.start.line + 1))];
    bases.push({ name, text, ext: extname(path), known, preexisting: flagged.filter((l) => !known.includes(l)), targets });
  };
  for (const seed of ['000_', '002_', '003_', '004_']) {
    const file = readdirSync(SEEDS).find((n) => n.startsWith(seed));
    if (file) add(basename(file, '.txt'), join(SEEDS, file), null, []);
  }
  for (const file of readdirSync(FIXTURES).sort()) {
    if (!/\.(md|tex)$/.test(file) || file === 'README.md') continue;
    const sidecar = JSON.parse(readFileSync(join(FIXTURES, file.replace(/\.(md|tex)$/, '.expected.json')), 'utf8')) as { claims: { line: number; kind: string; verdict: string }[] };
    const right = new Set(sidecar.claims.filter((c) => c.verdict === 'ok' && c.kind === 'derivative').map((c) => c.line));
    add(file.replace(/\.(md|tex)$/, ''), join(FIXTURES, file), right, [...new Set(sidecar.claims.filter((c) => c.verdict === 'mismatch').map((c) => c.line + 1))]);
  }
  return bases;
}

/** Chain-rule exercises in our own words: f(wx + b) differentiated in x, wrong (no w) and right. */
const CHAIN = [
  { wrong: '\\frac{d}{dx}\\tanh(wx + b) = 1 - \\tanh^2(wx + b)', right: '\\frac{d}{dx}\\tanh(wx + b) = w\\left(1 - \\tanh^2(wx + b)\\right)' },
  { wrong: '\\frac{d}{dx}\\sigma(wx + b) = \\sigma(wx + b)\\left(1 - \\sigma(wx + b)\\right)', right: '\\frac{d}{dx}\\sigma(wx + b) = w\\,\\sigma(wx + b)\\left(1 - \\sigma(wx + b)\\right)' },
  { wrong: '\\frac{d}{dx}\\log\\left(1 + e^{wx + b}\\right) = \\frac{e^{wx + b}}{1 + e^{wx + b}}', right: '\\frac{d}{dx}\\log\\left(1 + e^{wx + b}\\right) = \\frac{w\\,e^{wx + b}}{1 + e^{wx + b}}' },
  { wrong: '\\frac{d}{dx} e^{-(wx + b)^2} = -2(wx + b)\\,e^{-(wx + b)^2}', right: '\\frac{d}{dx} e^{-(wx + b)^2} = -2w(wx + b)\\,e^{-(wx + b)^2}' },
];

function injectChain(text: string, ext: string, pick: number): { text: string; at: number; added: number; wrongLine: number } {
  const c = CHAIN[pick % CHAIN.length]!;
  const block = ['', 'Extra exercise (chain rule): differentiate in $x$ a unit whose pre-activation is $wx + b$.', '', `$$${c.right}$$`, '', `$$${c.wrong}$$`, ''];
  const lines = text.split('\n');
  const end = ext === '.tex' ? lines.findIndex((l) => /\\end\{document\}/.test(l)) : -1;
  const at = end >= 0 ? end : lines.length;
  lines.splice(at, 0, ...block);
  // The wrong claim is the block's sixth line: 1-based line at + 6.
  return { text: lines.join('\n'), at, added: block.length, wrongLine: at + 6 };
}

function injectInPlace(text: string, t: Target, kind: 'sign' | 'factor'): string {
  const lines = text.split('\n');
  const line = lines[t.line]!;
  const rhs = line.slice(t.from, t.to);
  const slipped = kind === 'sign' ? `-\\left(${rhs}\\right)` : `2\\left(${rhs}\\right)`;
  lines[t.line] = line.slice(0, t.from) + slipped + line.slice(t.to);
  return lines.join('\n');
}

/** Writes `size` submissions into `dir` and returns what each one's section must show. */
export function makeClass(dir: string, size = 200, seed = 12): Student[] {
  const bases = loadBases();
  const random = rng(seed);
  mkdirSync(dir, { recursive: true });
  const students: Student[] = [];
  for (let i = 0; i < size; i++) {
    const id = `student-${String(i + 1).padStart(3, '0')}`;
    if (i === 7) {
      // A scanned hand-in saved under a derivation's name: binary, listed as not checked.
      writeFileSync(join(dir, `${id}.tex`), Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0])]));
      students.push({ id, path: join(dir, `${id}.tex`), expected: [], unreadable: 'binary' });
      continue;
    }
    if (i === 13) {
      writeFileSync(join(dir, `${id}.md`), Buffer.from('Derivation of \\sigma\'(z) by Ren\xe9e:\n\n$$\\sigma\'(z) = \\sigma(z)(1 - \\sigma(z))$$\n', 'latin1'));
      students.push({ id, path: join(dir, `${id}.md`), expected: [], unreadable: 'UTF-8' });
      continue;
    }
    const base = bases[i % bases.length]!;
    let text = base.text;
    const file = i % 4 === 1 ? `answers${base.ext}` : `${id}${base.ext}`;
    const expected: Expected[] = [
      ...base.known.map((line) => ({ file, line, injected: null })),
      ...base.preexisting.map((line) => ({ file, line, injected: null, preexisting: true as const })),
    ];
    const slips = i % 5 === 0 ? 0 : 1 + Math.floor(random() * 2);
    const targets = [...base.targets];
    let chained = false;
    for (let s = 0; s < slips; s++) {
      const kinds: SlipKind[] = targets.length ? ['sign', 'factor', 'chain'] : ['chain'];
      const kind = kinds[Math.floor(random() * kinds.length)]!;
      if (kind === 'chain') {
        if (chained) continue;
        chained = true;
        continue; // added last, after in-place slips, so their line numbers stay put
      }
      const t = targets.splice(Math.floor(random() * targets.length), 1)[0]!;
      text = injectInPlace(text, t, kind);
      expected.push({ file, line: t.line + 1, injected: kind });
    }
    if (chained) {
      const r = injectChain(text, base.ext, i);
      text = r.text;
      // Claims after the insertion point move down (only in .tex, inserted before \end{document}).
      for (const e of expected) if (e.line > r.at) e.line += r.added;
      expected.push({ file, line: r.wrongLine, injected: 'chain' });
    }
    let path: string;
    if (i % 4 === 1) {
      path = join(dir, id);
      mkdirSync(path, { recursive: true });
      writeFileSync(join(path, file), text);
      copyFileSync(CLEAN_CODE, join(path, 'grad.js'));
      writeFileSync(join(path, 'scan-of-page-2.pdf'), Buffer.from('%PDF-1.7\n'));
    } else {
      path = join(dir, file);
      writeFileSync(path, text);
    }
    expected.sort((a, b) => a.line - b.line);
    students.push({ id, path, expected, unreadable: null });
  }
  return students;
}
