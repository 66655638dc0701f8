/** A usage error: the CLI prints it with a hint and exits with status 2. */
import { checkOptionValue, type CheckOptionName } from '../core/check/tolerance.js';
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `GradLens — checks the gradients of activation and loss functions.

Usage:
  gradlens check <files or folders…> [--format text|json|sarif|github] [--rtol X]
                [--atol X] [--samples N] [--verbose]
  gradlens grade <submissions…> [--out DIR] [--jobs N] [--rtol X] [--atol X] [--samples N]
  gradlens expr "<expression>" [--wrt VAR] [--claim "<derivative>"] [--range LO HI]
                [--rtol X] [--atol X] [--samples N] [--format text|json]
  gradlens --help | --version

Expressions use mathjs syntax: 1/(1+exp(-z)), max(x, 0), x > 0 ? x : 0.01*x,
-(y*log(p) + (1-y)*log(1-p)). Functions: exp log log1p expm1 sqrt abs sign max min
sin cos tan sinh cosh tanh sech erf erfc sigmoid softplus relu heaviside and more.

check reads LaTeX (.tex), Markdown (.md, .txt) and notebook (.ipynb) derivations and TS/JS
gradient code, and checks every derivative,
equality, value and limit claim; text output reads like a compiler's (file:line:col: error: …),
coloured with code frames on a terminal (NO_COLOR / FORCE_COLOR respected). sarif is SARIF 2.1.0
for code scanning; github prints GitHub Actions annotations.

grade checks a class: each submission (a file, or a folder with one student's hand-in) becomes a
row of DIR/grades.csv and a section of DIR/report.html (default DIR: gradlens-report), graded on
N worker threads (default: the number of cores).

Exit status: 0 no wrong claim, 1 a claim is wrong, 2 usage error or unreadable input
(grade: 0 whatever the students wrote; 2 on a usage error or an unreadable submission).`;

/** A check option from a flag (`--rtol`, `--atol`, `--samples`), by the one rule in core/check/tolerance.ts. */
export function checkOption(name: CheckOptionName, raw: string): number {
  const r = checkOptionValue(name, raw);
  if (r.error !== undefined) throw new UsageError(`--${r.error}`);
  return r.value;
}

export function parseNumber(flag: string, raw: string | undefined): number {
  const v = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isFinite(v)) throw new UsageError(`${flag} needs a number, got ${raw === undefined ? 'nothing' : JSON.stringify(raw)}`);
  return v;
}

/**
 * Rewrites `--claim -2*x` and `--range -10 10` as `--claim=-2*x`, `--range=-10 --range=10`:
 * node's parseArgs refuses option values that start with a dash, and derivatives often do.
 * `arity` gives how many values each value-taking option takes.
 */
export function attachOptionValues(argv: readonly string[], arity: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const n = arity.get(a);
    if (n === undefined) { out.push(a); continue; }
    for (let k = 0; k < n; k++) {
      const v = argv[i + 1];
      if (v === undefined) throw new UsageError(`${a} needs ${n === 2 ? 'two values' : 'a value'}`);
      out.push(`${a}=${v}`);
      i++;
    }
  }
  return out;
}

