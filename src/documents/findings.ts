/**
 * Findings: what GradLens reports about a document or a source file. The JSON shape is a stable
 * contract (`gradlens check --format json`, the language server, tests and other tools rely on it).
 */
import type { SourceRange } from '../latex/types.js';

export type FindingKind = 'definition' | 'derivative' | 'equality' | 'value' | 'limit';
export type FindingVerdict = 'ok' | 'mismatch' | 'unverified';

export interface Finding {
  kind: FindingKind;
  category: 'activation' | 'loss' | null;
  /** Catalog id such as "sigmoid" or "binary_cross_entropy", or null. */
  name: string | null;
  /** null for definitions. */
  verdict: FindingVerdict | null;
  message: string;
  range: SourceRange;
  /** mathjs text of the expression the finding is about, or null. */
  expression: string | null;
  /** mathjs text of the true derivative, or null. */
  derivative: string | null;
  maxRelError: number | null;
  worstPoint: Record<string, number> | null;
  saturation: { from: number; to: number }[] | null;
  instability: { from: number; to: number; suggestion: string | null }[] | null;
  /** Extra, outside the contract's required fields: the slip named for a mismatch, in words and as a kind. */
  slip?: string | null;
  slipKind?: 'sign' | 'factor' | 'chain' | 'sigma-for-derivative' | 'label-swap' | 'output-form' | null;
  /** Condition under which an ok claim holds ("binary labels (y ∈ {0, 1})"). */
  condition?: string | null;
  /** Where the definition a claim was checked against is written (in a notebook, with its cell). */
  related?: { message: string; range: SourceRange; cell?: number }[];
  /**
   * A claim's left-hand side as written (TeX source): the first member of its chain, `\frac{\partial h}{\partial z}`
   * in `\frac{\partial h}{\partial z} = h(1 - h)`. `adjacent` is false when other members stand between it and the claim.
   */
  subject?: { text: string; adjacent: boolean };
  /** The whole equation, from the left-hand side to the claim, when both are in one formula: pointing anywhere in it means this claim. */
  equation?: SourceRange;
  /** The range of the definition finding this claim was checked against (in a notebook, with its cell). */
  definition?: { range: SourceRange; cell?: number };
  /** In a notebook: the 0-based index of the cell in its `cells` array; `range` is relative to that cell's source. */
  cell?: number;
}

export interface FileReport {
  path: string;
  findings: Finding[];
  /** A problem with the file as a whole (unreadable, binary), or null. */
  error?: string | null;
}

export function baseFinding(kind: FindingKind, range: SourceRange, message: string, verdict: FindingVerdict | null): Finding {
  return {
    kind, category: null, name: null, verdict, message, range,
    expression: null, derivative: null, maxRelError: null, worstPoint: null, saturation: null, instability: null,
  };
}

/**
 * Every position a finding carries, in one fixed order: its range, its equation, its related
 * ranges, its definition. Whatever moves findings (an edit before them, reuse of a region, placing
 * a notebook's findings in their cells) goes through this pair, so no position is left behind.
 */
export function rangesOf(f: Finding): SourceRange[] {
  return [f.range, ...(f.equation ? [f.equation] : []), ...(f.related ?? []).map((r) => r.range), ...(f.definition ? [f.definition.range] : [])];
}

/** The finding with every position moved by `move`, called in the order of rangesOf; a returned cell is where the position now lies. */
export function movePositions(f: Finding, move: (r: SourceRange) => { range: SourceRange; cell?: number }): Finding {
  const main = move(f.range);
  const out: Finding = { ...f, range: main.range };
  if (main.cell !== undefined) out.cell = main.cell;
  if (f.equation) out.equation = move(f.equation).range;
  if (f.related) out.related = f.related.map((r) => ({ ...r, ...move(r.range) }));
  if (f.definition) out.definition = move(f.definition.range);
  return out;
}
