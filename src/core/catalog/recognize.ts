/**
 * Structural recognition: an expression is catalog entry X when it equals X's formula up to a
 * renaming of variables and, for activations, an affine change of the input — tested numerically
 * at sample points, never by name. `1/(1+exp(-z))`, `exp(z)/(1+exp(z))` and `(1+tanh(z/2))/2` are
 * all the sigmoid; a function called `cos` that computes sin is the sine.
 */
import { compileOnVector, type VectorFn } from '../expr/compile.js';
import { compileDerivativeOnVector } from '../ad/forward.js';
import { freeVariables, parseExpression, substitute, treeKey, type MathNode } from '../expr/tree.js';
import { stabilize } from '../expr/stabilize.js';
import { createRng } from '../sampling/rng.js';
import { roleFromName, type Role } from '../sampling/roles.js';
import { CATALOG, SOFTMAX_OUTPUT, type CatalogEntry } from './entries.js';
import { BoundedCache } from '../cache.js';

export interface Recognition {
  entry: CatalogEntry;
  /** Catalog parameter → the expression's variable. */
  mapping: Record<string, string>;
  /** The expression's variable that is the entry's input. */
  input: string;
  /** expr(v) = entry(scale·v + shift) in the input. */
  scale: number;
  shift: number;
}

/**
 * An entry's function and derivative, compiled on first use: an expression in k variables is only
 * ever compared with the entries of k parameters, so a run compiles those it meets (the whole
 * catalog at once cost every cold `gradlens check` about 25 ms).
 */
class CompiledEntry {
  private fn: VectorFn | null = null;
  private dfn: VectorFn | null = null;
  constructor(readonly entry: CatalogEntry) {}
  get f(): VectorFn { return (this.fn ??= compileOnVector(stabilize(entryFormula(this.entry)), this.entry.params)); }
  get df(): VectorFn { return (this.dfn ??= compileDerivativeOnVector(stabilize(entryFormula(this.entry)), this.entry.params, this.entry.params[0]!)); }
}

let compiled: CompiledEntry[] | null = null;

export function entryFormula(entry: CatalogEntry): MathNode {
  let t = formulaTrees.get(entry);
  if (!t) formulaTrees.set(entry, (t = parseExpression(entry.formula)));
  return t;
}

/** The entry's derivative text as a tree (softmax outputs s_i expanded). */
export function entryDerivative(entry: CatalogEntry): MathNode {
  let t = derivativeTrees.get(entry);
  if (!t) {
    const subs: Record<string, MathNode> = {};
    for (const [k, v] of Object.entries(SOFTMAX_OUTPUT)) subs[k] = parseExpression(v);
    derivativeTrees.set(entry, (t = substitute(parseExpression(entry.derivative), subs)));
  }
  return t;
}

/** Parsed once per entry (trees are never mutated: every pass builds new nodes). */
const formulaTrees = new WeakMap<CatalogEntry, MathNode>();
const derivativeTrees = new WeakMap<CatalogEntry, MathNode>();

function catalog(): CompiledEntry[] {
  return (compiled ??= CATALOG.map((entry) => new CompiledEntry(entry)));
}

function draw(role: Role, rnd: () => number): number {
  switch (role) {
    case 'probability': return 0.02 + 0.96 * rnd();
    case 'label': return rnd() < 0.5 ? Math.round(rnd()) : rnd();
    case 'signLabel': return rnd() < 0.5 ? -1 : 1;
    case 'positive': return 0.1 + 3 * rnd();
    case 'slope': return 0.05 + 0.9 * rnd();
    default: return -6 + 12 * rnd();
  }
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  const out: T[][] = [];
  items.forEach((it, i) => {
    for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) out.push([it, ...rest]);
  });
  return out;
}

/** Stems and indices: z_1, z_2 → ('z', 1); grouping by stem limits the permutations tried. */
function splitIndex(name: string): { stem: string; index: number | null } {
  const m = /^(.*?)_?(\d+)$/.exec(name);
  return m ? { stem: m[1]!, index: Number(m[2]) } : { stem: name, index: null };
}

/** How well a mapping fits the names: symmetric formulas ((y − f)², hinge) match either way round. */
function nameScore(entry: CatalogEntry, mapping: Record<string, string>): number {
  let score = 0;
  for (const [param, v] of Object.entries(mapping)) {
    if (param === v) score += 2;
    const want = entry.roles[param] ?? 'real';
    const got = roleFromName(v);
    const labelish = (r: Role) => r === 'label' || r === 'signLabel';
    if (want === got || (labelish(want) && labelish(got))) score += 1;
  }
  return score;
}

function candidateMappings(entry: CatalogEntry, vars: readonly string[]): Record<string, string>[] {
  if (vars.length !== entry.params.length) return [];
  if (vars.length <= 3) {
    return permutations(vars)
      .map((perm) => Object.fromEntries(entry.params.map((p, i) => [p, perm[i]!])) as Record<string, string>)
      .sort((m1, m2) => nameScore(entry, m2) - nameScore(entry, m1));
  }
  // Vector entries: group both sides by stem, match groups of equal size, keep index order.
  const group = (names: readonly string[]) => {
    const g = new Map<string, string[]>();
    for (const n of names) { const { stem } = splitIndex(n); g.set(stem, [...(g.get(stem) ?? []), n]); }
    for (const list of g.values()) list.sort((a, b) => (splitIndex(a).index ?? 0) - (splitIndex(b).index ?? 0));
    return [...g.values()];
  };
  const pg = group(entry.params), vg = group(vars);
  if (pg.length !== vg.length || pg.length > 3) return [];
  const out: Record<string, string>[] = [];
  for (const perm of permutations(vg)) {
    if (perm.some((list, i) => list.length !== pg[i]!.length)) continue;
    const m: Record<string, string> = {};
    pg.forEach((list, i) => list.forEach((p, j) => { m[p] = perm[i]![j]!; }));
    out.push(m);
  }
  return out;
}

const AFFINE_GUESSES: ReadonlyArray<readonly [number, number]> = [[1, 0], [-1, 0], [2, 0], [0.5, 0], [-2, 0], [-0.5, 0]];
const POINTS = 24;

function matches(ce: CompiledEntry, user: VectorFn, vars: readonly string[], mapping: Record<string, string>, a: number, b: number): boolean {
  const rnd = createRng(1234);
  const input = ce.entry.params[0]!;
  const order = ce.entry.params;
  let compared = 0;
  for (let i = 0; i < POINTS; i++) {
    const values = new Map<string, number>();
    for (const p of order) values.set(mapping[p]!, draw(ce.entry.roles[p] ?? 'real', rnd));
    const u = vars.map((v) => values.get(v)!);
    const e = order.map((p) => values.get(mapping[p]!)!);
    e[0] = a * values.get(mapping[input]!)! + b;
    const fu = user(u), fe = ce.f(e);
    if (!Number.isFinite(fu) || !Number.isFinite(fe)) continue;
    if (Math.abs(fu - fe) > 1e-9 * Math.max(1, Math.abs(fe))) return false;
    compared++;
  }
  return compared >= POINTS / 2;
}

/** Gauss–Newton on (a, b) for one-input activations: expr(v) ≈ g(a·v + b). */
function fitAffine(ce: CompiledEntry, user: VectorFn): [number, number] | null {
  const xs = Array.from({ length: 16 }, (_, i) => -4 + (8 * i) / 15);
  const ys = xs.map((v) => user([v]));
  if (ys.some((y) => !Number.isFinite(y))) return null;
  let a = 1, b = 0;
  for (let it = 0; it < 30; it++) {
    let jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
    for (let i = 0; i < xs.length; i++) {
      const t = a * xs[i]! + b;
      const r = ce.f([t]) - ys[i]!;
      const d = ce.df([t]);
      const ja = d * xs[i]!, jb = d;
      jaa += ja * ja; jab += ja * jb; jbb += jb * jb; ga += ja * r; gb += jb * r;
    }
    const det = jaa * jbb - jab * jab;
    if (!Number.isFinite(det) || Math.abs(det) < 1e-300) return null;
    const da = (jbb * ga - jab * gb) / det, db = (jaa * gb - jab * ga) / det;
    a -= da; b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-13) break;
  }
  return Number.isFinite(a) && Number.isFinite(b) && a !== 0 ? [a, b] : null;
}

/** Clean up fitted numbers: 0.49999999999 → 0.5, 1e-17 → 0. */
function tidy(v: number): number {
  const r = Math.round(v * 1e6) / 1e6;
  return Math.abs(r - v) < 1e-7 ? r : v;
}

const recognized = new BoundedCache<string, Recognition | null>('recognitions', 5000);

/** Catalog parameter names: a variable named like one is preferred for it (nameScore). */
let paramNames: ReadonlySet<string> | null = null;

/**
 * Recognitions by shape: the expression with its variables renamed positionally, plus what
 * recognition reads from the names themselves (each variable's role, and whether it is named like a
 * catalog parameter). A document defines the same loss many times under other names (L_1 in p_1,
 * L_2 in p_2): each shape is recognized once. Results are stored in the positional names.
 */
const recognizedShapes = new BoundedCache<string, Recognition | null>('recognitions by shape', 5000);

/** The catalog entry an expression is, or null. Cached by the expression's text and by its shape. */
export function recognize(expr: MathNode): Recognition | null {
  const key = treeKey(expr);
  if (recognized.has(key)) return recognized.get(key)!;
  return recognized.set(key, recognizeByShape(expr));
}

function recognizeByShape(expr: MathNode): Recognition | null {
  const vars = freeVariables(expr);
  // Vector entries group variables by the stems of their names (z_1, z_2): names matter there.
  if (vars.length === 0 || vars.length > 3) return recognizeUncached(expr);
  paramNames ??= new Set(CATALOG.flatMap((e) => e.params));
  const positional = new Map<string, string>(vars.map((v, i) => [v, `v${i}q`]));
  const key = `${treeKey(expr, positional)}|${vars.map((v) => `${roleFromName(v)}${paramNames!.has(v) ? `=${v}` : ''}`).join(',')}`;
  let stored = recognizedShapes.get(key);
  if (stored === undefined) {
    const r = recognizeUncached(expr);
    stored = r && { ...r, mapping: renameValues(r.mapping, positional), input: positional.get(r.input) ?? r.input };
    recognizedShapes.set(key, stored);
  }
  if (!stored) return null;
  const back = new Map<string, string>(vars.map((v, i) => [`v${i}q`, v]));
  return { ...stored, mapping: renameValues(stored.mapping, back), input: back.get(stored.input) ?? stored.input };
}

function renameValues(mapping: Record<string, string>, rename: ReadonlyMap<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(mapping)) out[k] = rename.get(v) ?? v;
  return out;
}

function recognizeUncached(expr: MathNode): Recognition | null {
  const vars = freeVariables(expr);
  if (vars.length === 0 || vars.length > 6) return null;
  let user: VectorFn;
  try { user = compileOnVector(stabilize(expr), vars); } catch { return null; }
  for (const ce of catalog()) {
    if (ce.entry.params.length !== vars.length) continue; // no mapping (candidateMappings): never compiled
    for (const mapping of candidateMappings(ce.entry, vars)) {
      const oneInput = ce.entry.params.length === 1;
      if (matches(ce, user, vars, mapping, 1, 0)) return { entry: ce.entry, mapping, input: mapping[ce.entry.params[0]!]!, scale: 1, shift: 0 };
      if (!oneInput || ce.entry.category !== 'activation') continue;
      for (const [a, b] of AFFINE_GUESSES.slice(1)) {
        if (matches(ce, user, vars, mapping, a, b)) return { entry: ce.entry, mapping, input: vars[0]!, scale: a, shift: b };
      }
      const fit = fitAffine(ce, user);
      if (fit) {
        const [a, b] = [tidy(fit[0]), tidy(fit[1])];
        if (matches(ce, user, vars, mapping, a, b)) return { entry: ce.entry, mapping, input: vars[0]!, scale: a, shift: b };
      }
    }
  }
  return null;
}
