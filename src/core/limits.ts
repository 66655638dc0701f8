/**
 * How much one analysis may cost. An equation of a homework derivation costs a few hundred to a few
 * thousand units of work (tree nodes visited or built, see budget.ts) and a few milliseconds; the
 * costliest of the seeds, fixtures and examples takes 65,000 (a 3-class cross-entropy Jacobian
 * written out; `npm run bench cold` prints the current peak). The equation limit is about eight times
 * that, and low enough that a formula that explodes (definitions substituted into definitions, a
 * tower of exponents differentiated, a product of many sums) stops within a few hundred ms and
 * about a hundred MB of transient trees.
 */
import type { BudgetLimits } from './budget.js';

export interface AnalysisBudget {
  /** One line of a formula: its claims share this. */
  equation: BudgetLimits;
  /** A whole document (a derivation, or a source file's gradient pairs). */
  document: BudgetLimits;
}

export const EQUATION_BUDGET: BudgetLimits = { ms: 1500, work: 500_000 };
/** Under the language server's 10 s hard limit per run, so a document always gets its findings. */
export const DOCUMENT_BUDGET: BudgetLimits = { ms: 8000, work: 100_000_000 };
