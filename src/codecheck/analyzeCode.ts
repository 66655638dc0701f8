/**
 * The checking half of code support: a TS/JS file → its translated functions and gradient pairs
 * (src/code) → findings in the same JSON contract as documents. Nothing here runs user code: the
 * file is parsed and read symbolically, and the checks evaluate GradLens's own compiled trees.
 *
 * - one 'derivative' finding per gradient pair, at the gradient's name: ok / mismatch (point, both
 *   values, the slip, the right derivative) / unverified (why);
 * - one 'definition' finding per primal recognised as a catalog activation or loss, with its
 *   derivative, saturation and instability;
 * - a 'definition' finding for any other function with a numerically fragile pattern.
 */
import { pairFiles, readCode } from '../code/pairing.js';
import type { GradientPair, ReadCodeResult, TranslatedFunction } from '../code/types.js';
import type { TranslateOptions } from '../code/translate.js';
import { baseFinding, type FileReport, type Finding } from '../documents/findings.js';
import { checkPair, type CheckSettings } from './checkPair.js';
import { definitionFinding, patternsOf, withPatterns } from './definitions.js';
import { BudgetExceeded, withinBudget } from '../core/budget.js';
import { EQUATION_BUDGET } from '../core/limits.js';

export interface CodeOptions {
  rtol?: number;
  atol?: number;
  samples?: number;
  /** Other files of the same folder, for pairing `relu.ts` with `relu-backward.ts`. */
  siblings?: { path: string; text: string }[];
  /** Wall-clock budget for checking one file (translation has its own); later pairs come out unverified. */
  timeBudgetMs?: number;
}

export interface CodeFile {
  path: string;
  text: string;
}

/** Files larger than this are refused with a clear error rather than read for minutes. */
export const MAX_FILE_CHARS = 1_000_000;
const DEFAULT_BUDGET_MS = 10_000;
const TRANSLATE: TranslateOptions = { fileTimeMs: 8_000 };

/** Checks one file; `siblings` lets a gradient pair with a primal in a neighbouring file. Never throws. */
export function analyzeCode(path: string, text: string, options: CodeOptions = {}): FileReport {
  try {
    const refused = refusal(text);
    if (refused) return { path, findings: [], error: refused };
    const siblings = (options.siblings ?? []).filter((s) => s && s.path !== path && !refusal(s.text));
    if (siblings.length === 0) {
      const r = readCode(path, text, TRANSLATE);
      return report(path, text, r, r.pairs, options);
    }
    const all = pairFiles([{ path, text }, ...siblings], TRANSLATE);
    const own = all.files[0]!.result;
    return report(path, text, own, all.pairs.filter((p) => p.gradient.file === path), options, callerTexts([{ text }, ...siblings])(0));
  } catch (e) {
    return { path, findings: [], error: `internal error while checking this file: ${(e as Error).message}` };
  }
}

/** Checks several files together, pairing functions across sibling files. One report per file, in order. Never throws. */
export function analyzeCodeFiles(files: readonly CodeFile[], options: Omit<CodeOptions, 'siblings'> = {}): FileReport[] {
  const refusals = files.map((f) => refusal(f.text));
  const readable = files.filter((_, i) => !refusals[i]);
  let all: ReturnType<typeof pairFiles> | null = null;
  let failure: string | null = null;
  try {
    all = pairFiles(readable, TRANSLATE);
  } catch (e) {
    failure = (e as Error).message;
  }
  const byGradientFile = new Map<string, GradientPair[]>();
  for (const p of all?.pairs ?? []) byGradientFile.set(p.gradient.file, [...(byGradientFile.get(p.gradient.file) ?? []), p]);
  const callers = callerTexts(readable);
  let k = 0;
  return files.map((f, i) => {
    if (refusals[i]) return { path: f.path, findings: [], error: refusals[i] };
    const entry = all?.files[k++];
    if (!entry) return { path: f.path, findings: [], error: `internal error while reading this file: ${failure ?? 'not read'}` };
    try {
      return report(f.path, f.text, entry.result, byGradientFile.get(f.path) ?? [], options, callers(k - 1));
    } catch (e) {
      return { path: f.path, findings: [], error: `internal error while checking this file: ${(e as Error).message}` };
    }
  });
}

/**
 * Checks a file another front-end has read (Python: src/code/lang/python/read.ts) exactly as
 * analyzeCode checks TS/JS: the same findings from the same pairs. Never throws.
 */
export function analyzeReadCode(path: string, text: string, read: ReadCodeResult, options: CodeOptions = {}, callerText = text): FileReport {
  try {
    return report(path, text, read, read.pairs, options, () => callerText);
  } catch (e) {
    return { path, findings: [], error: `internal error while checking this file: ${(e as Error).message}` };
  }
}

/** Why a file is not read at all, or null. */
function refusal(text: unknown): string | null {
  if (typeof text !== 'string') return 'not text: the file content is not a string';
  if (text.length > MAX_FILE_CHARS) return `file too large to check (${(text.length / 1e6).toFixed(1)} million characters; the limit is ${MAX_FILE_CHARS / 1e6} million)`;
  const head = text.slice(0, 65_536);
  if (head.includes('\u0000')) return 'binary file (it contains NUL bytes): not checked';
  let odd = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12)) odd++;
  }
  if (head.length > 0 && odd / head.length > 0.1) return 'binary file (mostly non-text characters): not checked';
  return null;
}

/**
 * Where callers of a gradient are looked for: its own file, and the files checked with it that
 * call a function of that name (a neuron in another file calling its activation table's `d`).
 * The index of called names is built once, so each gradient reads only the files that matter.
 */
type CallerText = (gradientName: string) => string;

function callerTexts(files: readonly { text: string }[]): (own: number) => CallerText {
  const called = new Map<string, number[]>();
  files.forEach((f, i) => {
    const names = new Set<string>();
    for (const m of f.text.matchAll(/([A-Za-z_$][\w$]*)\s*\(/g)) names.add(m[1]!);
    for (const n of names) called.set(n, [...(called.get(n) ?? []), i]);
  });
  return (own) => {
    const memo = new Map<string, string>();
    return (name) => {
      let t = memo.get(name);
      if (t === undefined) {
        const others = (called.get(name) ?? []).filter((i) => i !== own).map((i) => files[i]!.text);
        t = [files[own]!.text, ...others].join('\n;\n');
        if (t.length > 2_000_000) t = files[own]!.text;
        memo.set(name, t);
      }
      return t;
    };
  };
}

function report(path: string, text: string, r: ReadCodeResult, pairs: readonly GradientPair[], options: CodeOptions, callerText: CallerText = () => text): FileReport {
  const settings: CheckSettings = {
    ...(options.rtol !== undefined ? { rtol: options.rtol } : {}),
    ...(options.atol !== undefined ? { atol: options.atol } : {}),
    ...(options.samples !== undefined ? { samples: options.samples } : {}),
    deadline: Date.now() + (options.timeBudgetMs ?? DEFAULT_BUDGET_MS),
  };
  const findings: Finding[] = [];
  for (const d of r.diagnostics) {
    findings.push(baseFinding('definition', d.range, `cannot read this code: ${d.message}`, 'unverified'));
  }
  // One finding per gradient: the strongest pairing evidence comes first.
  const seen = new Set<string>();
  const gradients = new Set<TranslatedFunction>();
  for (const p of pairs) {
    const key = `${p.gradient.qualifiedName}|${p.gradient.nameRange.start.line}:${p.gradient.nameRange.start.character}`;
    if (seen.has(key)) continue;
    seen.add(key);
    gradients.add(p.gradient);
    findings.push(weakFlagNote(p, checkWithinBudget(p, callerText(p.gradient.name), settings)));
  }
  // Definitions: primals of this file (including the plain half of a flag-split function), not gradients.
  const primals = new Set(pairs.filter((p) => p.primal.file === path).map((p) => p.primal));
  const gradientNames = new Set([...gradients].map((g) => g.qualifiedName));
  const candidates: TranslatedFunction[] = [...r.functions.filter((f) => !f.synthetic), ...[...primals].filter((f) => f.synthetic === 'flag-off')];
  const split = pairs.filter((p) => p.kind === 'flag').map((p) => p.primal.qualifiedName);
  const done = new Set<string>();
  for (const fn of candidates) {
    if (fn.error || gradientNames.has(fn.qualifiedName) || done.has(fn.qualifiedName)) continue;
    if (!fn.synthetic && split.some((q) => q.startsWith(`${fn.qualifiedName}[`))) continue; // read as its two halves
    done.add(fn.qualifiedName);
    if (Date.now() > settings.deadline) break;
    let def: Finding | null = null;
    try { def = definitionFinding(fn); } catch { def = null; }
    let patterns: ReturnType<typeof patternsOf> = [];
    try { patterns = patternsOf(fn); } catch { patterns = []; }
    const f = withPatterns(fn, def, patterns);
    if (f) findings.push(f);
  }
  // Instability patterns inside gradients are worth a warning too.
  for (const g of gradients) {
    // A tape step's claims carry the forward's values substituted in: the text has none of them.
    if (g.error || g.file !== path || g.synthetic === 'tape' || Date.now() > settings.deadline) continue;
    let patterns: ReturnType<typeof patternsOf> = [];
    try { patterns = patternsOf(g); } catch { patterns = []; }
    const f = withPatterns(g, null, patterns);
    if (f) findings.push(f);
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || order(a) - order(b));
  return { path, findings, error: null };
}

/**
 * A gradient pair has the budget of an equation (src/core/limits.ts): a function whose body grows
 * past it when differentiated is unverified as too large to check in time, and the file goes on.
 */
function checkWithinBudget(p: GradientPair, text: string, settings: CheckSettings): Finding {
  try {
    return withinBudget(EQUATION_BUDGET, () => checkPair(p, text, settings));
  } catch (e) {
    if (!(e instanceof BudgetExceeded)) throw e;
    return baseFinding('derivative', p.gradient.nameRange, `${p.gradient.qualifiedName} could not be verified: ${e.message}`, 'unverified');
  }
}

/**
 * A split on a boolean that may not mean "derivative" (GradientPair.weakFlag) that does not come
 * out as a derivative is a mode switch read the wrong way, not a wrong gradient: a note instead of
 * a mismatch, saying what was tried.
 */
function weakFlagNote(p: GradientPair, f: Finding): Finding {
  if (!p.weakFlag || f.verdict !== 'mismatch') return f;
  const note = baseFinding('derivative', f.range, `${p.gradient.qualifiedName} could not be verified: with ${p.weakFlag} = true it is not the derivative of the ${p.weakFlag} = false result, and ${p.weakFlag} is not clearly a derivative switch, so it is read as a mode of the function, not as its gradient`, 'unverified');
  if (f.category !== undefined) note.category = f.category;
  if (f.name !== undefined) note.name = f.name;
  return note;
}

function order(f: Finding): number {
  return f.kind === 'definition' ? 0 : 1;
}
