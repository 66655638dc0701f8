/**
 * A budget for one piece of analysis (an equation, a document), in time and in work. Work is
 * counted in tree nodes visited or built by the passes that can grow a tree without bound
 * (substituting definitions, differentiating, compiling, evaluating in decimal); counting them
 * bounds memory too, since each unit is at most a node or two kept alive. Those passes call
 * `spend()`, which costs a decrement outside a budget and a clock read every 1024 units inside one.
 *
 * Past a limit, `spend()` throws BudgetExceeded, and keeps throwing until the budget ends (it is
 * sticky), so every catch-all between the pass and the budget turns into the same reason.
 * Budgets nest: an inner one never outlives or outspends the one around it.
 */

export class BudgetExceeded extends Error {
  override readonly name = 'BudgetExceeded';
  constructor(readonly what: 'time' | 'size') {
    super(what === 'time' ? 'too large to check in time' : 'too large to check in time (the expression grows past the size limit)');
  }
}

export interface BudgetLimits {
  /** Wall-clock milliseconds. */
  ms: number;
  /** Work units (tree nodes visited or built). */
  work: number;
}

interface Active {
  deadline: number;
  work: number;
  exceeded: BudgetExceeded | null;
  outer: Active | null;
}

let active: Active | null = null;
/** The most any one inner budget (an equation) has used so far in this process: for the benchmark that justifies the limits. */
const peak = { work: 0, ms: 0 };
export function budgetPeak(reset = false): { work: number; ms: number } {
  const p = { ...peak };
  if (reset) { peak.work = 0; peak.ms = 0; }
  return p;
}
let tick = 0;

/** Runs `fn` within limits (narrowed by any enclosing budget). Throws BudgetExceeded from inside if they run out. */
export function withinBudget<T>(limits: BudgetLimits, fn: () => T): T {
  const now = Date.now();
  const outer = active;
  const b: Active = {
    deadline: Math.min(now + limits.ms, outer?.deadline ?? Infinity),
    work: Math.min(limits.work, outer?.work ?? Infinity),
    exceeded: outer?.exceeded ?? null,
    outer,
  };
  const start = b.work;
  active = b;
  try {
    return fn();
  } finally {
    active = outer;
    const used = start - b.work;
    if (outer) {
      // Inner budgets (equations) are the ones whose limits need choosing.
      if (used > peak.work) peak.work = used;
      const took = Date.now() - now;
      if (took > peak.ms) peak.ms = took;
    }
    // The outer budget pays for the work done inside; it runs out only if its own limits are passed.
    if (outer && !outer.exceeded) {
      outer.work -= used;
      if (outer.work < 0) outer.exceeded = new BudgetExceeded('size');
      else if (Date.now() > outer.deadline) outer.exceeded = new BudgetExceeded('time');
    }
  }
}

/** Charges `units` of work to the current budget; throws BudgetExceeded once it is spent. */
export function spend(units = 1): void {
  const b = active;
  if (b === null) return;
  if (b.exceeded) throw b.exceeded;
  b.work -= units;
  if (b.work < 0) throw (b.exceeded = new BudgetExceeded('size'));
  if ((tick += units) >= 1024) {
    tick = 0;
    if (Date.now() > b.deadline) throw (b.exceeded = new BudgetExceeded('time'));
  }
}

/** The current budget has run out (in time or work): what is left of it will not be judged. */
export function budgetExhausted(): BudgetExceeded | null {
  const b = active;
  if (b === null) return null;
  if (!b.exceeded && Date.now() > b.deadline) b.exceeded = new BudgetExceeded('time');
  return b.exceeded;
}

/** Whether a result computed now may be cached: not once the budget has run out (the result may be a casualty of it). */
export function cacheable(): boolean {
  return budgetExhausted() === null;
}

/**
 * Gives up on the current budget from outside the counting (a size guard saw a tree too large to
 * evaluate at every sample point): the error to throw, with the budget marked spent like spend() does.
 */
export function exceed(what: 'time' | 'size'): BudgetExceeded {
  const e = new BudgetExceeded(what);
  if (active && !active.exceeded) active.exceeded = e;
  return active?.exceeded ?? e;
}
