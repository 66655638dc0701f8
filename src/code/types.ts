/**
 * Shapes produced by the code-reading layer: functions translated into vocabulary trees, and the
 * (primal, gradient) pairs found among them. Everything here is plain data so the checker, the
 * CLI and the editor server can consume it without knowing TypeScript's AST.
 */
import type { MathNode } from 'mathjs';

import type { Position, SourceRange } from '../text/positions.js';
export type { Position, SourceRange };

export type ParamKind = 'scalar' | 'vector' | 'object' | 'unknown';

export interface ParamInfo {
  name: string;
  kind: ParamKind;
  /** Length of a vector parameter (from `@dims`, default 3); null for other kinds. */
  dims: number | null;
  /** The tree variables standing for this parameter: `x`, or `z_0, z_1, z_2`, or `v_w_0, …` read from an object. */
  symbols: string[];
  /** A default value that is a plain number (`alpha = 0.01`), else null. */
  defaultValue: number | null;
}

export interface Output {
  /** '' for a scalar return; an index ('0') or property name ('dp', 'dw[1]') otherwise; 'x.dw[0]' for writes. */
  key: string;
  node: MathNode;
}

export interface JsDocInfo {
  /** Tag name (without '@') to the text after it, one entry per occurrence. */
  tags: Record<string, string[]>;
  /** Description text before the first tag. */
  text: string;
}

/** How a synthetic function was made, when it does not correspond one-to-one to source text. */
export type SyntheticKind = 'builtin' | 'flag-off' | 'flag-on' | 'custom-grad' | 'tape';

export interface TranslatedFunction {
  name: string;
  /** Dotted path naming the function in its file: `Sigmoid.backward`, `activations.relu.derivative`. */
  qualifiedName: string;
  file: string;
  range: SourceRange;
  nameRange: SourceRange;
  params: ParamInfo[];
  outputs: Output[];
  /** Values written into arguments (`x.dw[i] += …`), keyed like `x.dw[0]`. Accumulations start from 0. */
  writes: Output[];
  jsdoc: JsDocInfo;
  /** Why the function cannot be translated; outputs and writes are empty then. */
  error: string | null;
  /** Things a reader should know that do not stop translation (assumptions made). */
  notes: string[];
  synthetic?: SyntheticKind;
}

export type PairKind = 'jsdoc' | 'name' | 'builtin' | 'flag' | 'object' | 'constructor' | 'class' | 'sibling-file' | 'tape' | 'call-args' | 'fused';

/**
 * What a gradient parameter stands for. 'input': the primal's argument; 'output': the primal's
 * result (y = f(x), as in `sigmoidDerivative(y) = y * (1 - y)`); 'upstream': dL/dy to multiply by.
 */
export type ParamRole = 'input' | 'output' | 'upstream' | 'other';

export interface ParamCorrespondence {
  gradientParam: string;
  role: ParamRole;
  /** The primal parameter it corresponds to (for 'input', and for 'output' the primal's input it was computed from). */
  primalParam: string | null;
  /** Why this role was chosen: 'same name', 'name suggests output', 'position', … */
  reason: string;
}

export interface GradientPair {
  kind: PairKind;
  primal: TranslatedFunction;
  gradient: TranslatedFunction;
  /** Human-readable reason, e.g. "JSDoc @gradient sigmoidPrime on sigmoid". */
  evidence: string;
  upstreamParam: string | null;
  params: ParamCorrespondence[];
  /** Whether the gradient takes the primal's input, its output, or both ('mixed'). */
  convention: 'input' | 'output' | 'mixed' | 'unknown';
  /** Primal parameters the gradient is taken with respect to, from `@wrt`; empty when unstated. */
  wrt: string[];
  /** Keys of the gradient's writes into arguments. */
  writes: string[];
  /**
   * For a pair indexed by an integer class parameter (`-Math.log(p[target])`): the pair read once
   * per class value, with that parameter fixed. The pair itself stays as read (unverified).
   */
  instances?: { param: string; value: number; pair: GradientPair }[];
  /**
   * For a 'flag' pair split on a boolean that is not named like a derivative flag (`clip = false`,
   * `training`): the flag. Such a split is a guess at what the switch means, so it can confirm a
   * derivative but never call one wrong (analyzeCode turns a mismatch into a note).
   */
  weakFlag?: string;
}

export interface CodeDiagnostic {
  message: string;
  range: SourceRange;
}

export interface ReadCodeResult {
  functions: TranslatedFunction[];
  pairs: GradientPair[];
  diagnostics: CodeDiagnostic[];
}
