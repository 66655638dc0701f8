/**
 * Shared shapes of the LaTeX/Markdown reading layer. Positions follow the LSP convention so the
 * editor server can use them unchanged: 0-based lines, characters counted in UTF-16 code units.
 */
import type { MathNode } from 'mathjs';

import type { Position, SourceRange } from '../text/positions.js';
export type { Position, SourceRange };

/** A `% gradlens: key args…` or `<!-- gradlens: key args… -->` instruction. */
export interface Directive {
  key: string;
  args: string[];
  /** Where the whole comment is written. */
  range: SourceRange;
  /** True for keys GradLens does not know; kept so the caller can report them. */
  unknown: boolean;
  /** Why the arguments are unusable (e.g. `range` with one number); null when they are fine. */
  error: string | null;
}

export interface MathRegion {
  /** The math between the delimiters, exactly as in the source. */
  text: string;
  display: boolean;
  /** Environment name as written (`align*`, `equation`, `math` for a ```math fence); null for `$`, `\[`…. */
  env: string | null;
  /** The opening delimiter as written: `$`, `$$`, `\(`, `\[`, `\begin{align*}`, "```math". */
  delimiter: string;
  /** Range of `text` in the source. */
  range: SourceRange;
  /** Source offset of `text[0]`. */
  offset: number;
  /** Directives written before this region (since the previous one) or inside it. */
  directives: Directive[];
  /** The closing delimiter is missing; `text` runs to the end of the paragraph or document. */
  unterminated: boolean;
  /** Maps an offset into `text` (0..text.length) to its source position. */
  positionAt(offset: number): Position;
}

export type SourceFormat = 'tex' | 'markdown';

/** Tells the parser which names are functions (vocabulary, catalog and document-defined names). */
export interface ParseContext {
  isFunction(name: string): boolean;
  /** The document's \newcommand / \DeclareMathOperator macros, expanded before parsing. */
  macros?: ReadonlyMap<string, { params: number; body: string }>;
  /**
   * Sums and products over a symbolic range (`\sum_{i=1}^{n}`, `\sum_k`, `\sum x_i`) are expanded
   * with this many terms when it is set; the analysis then reads the bound's name (n) as this number.
   */
  dimension?: number;
  /**
   * With a dimension: the index letter a vector's free component is read at (\mathbf{x} → x_q,
   * \frac{\partial f}{\partial \mathbf{w}} → ∂f/∂w_q), a letter the document never writes itself.
   */
  componentIndex?: string;
  /**
   * Whether a name is a function the document itself defines: applied to a bold vector it takes the
   * whole vector (f(\mathbf{w})), where a known activation (σ, tanh) applies entry by entry.
   */
  isDocumentFunction?(name: string): boolean;
  /**
   * Activation names the document uses only as functions (σ applied as σ(z), never σ² or σ_k), so a
   * bare σ' is the point-free derivative shorthand (σ' = σ(1 − σ)) and not a new variable "sigma prime".
   */
  pointFreeNames?: ReadonlySet<string>;
  /** Letters whose matrices' entries the document writes in lower case (A's entries a_{jk}). */
  lowercaseEntries?: ReadonlySet<string>;
}

export type Relation = 'eq' | 'approx' | 'def' | 'lt' | 'gt' | 'le' | 'ge' | 'ne' | 'implies';

/** One side of a relation. Offsets are into the region text; map them with MathRegion.positionAt. */
export interface Member {
  node: MathNode | null;
  error: string | null;
  start: number;
  end: number;
}

/** A side condition such as `\text{if } z > 0` or `, \quad y \in \{0, 1\}`. */
export interface Condition {
  /** Source text of the condition, without the `\text{if}`/`where` lead-in. */
  text: string;
  /** The condition as a comparison tree when it is one GradLens can evaluate; otherwise null. */
  node: MathNode | null;
  start: number;
  end: number;
}

export interface ParsedLine {
  /**
   * Members of the relation chain. When `continuesPrevious` is true, members[0] is a copy of the
   * previous line's first member (same offsets), so every line reads as a self-contained chain.
   */
  members: Member[];
  /** relations[i] relates members[i] and members[i + 1]. */
  relations: Relation[];
  /** The line started with a relation (`&= …`): its left side is the previous line's first member. */
  continuesPrevious: boolean;
  conditions: Condition[];
  /** Offsets of the line's own text in the region text. */
  start: number;
  end: number;
}

export interface ParsedMath {
  lines: ParsedLine[];
}
