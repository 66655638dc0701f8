/**
 * Evidence from callers for what a gradient's parameter stands for: `sigmoidPrime(sigmoid(x))` or
 * `const a = sigmoid(z); … sigmoidPrime(a)` pass the primal's OUTPUT; `sigmoid(z); … sigmoidPrime(z)`
 * pass its input. Read from the text only (nothing is run); unanimous call sites only.
 */
import type { GradientPair } from '../code/types.js';

const GENERIC = new Set(['backward', 'derivative', 'df', 'dfn', 'grad', 'gradient', 'gradFunc', 'd', 'deriv', 'prime', 'f', 'fn']);
/** Generic names that say "the derivative of the activation beside me" (not a backward pass, whose argument is a gradient). */
const DERIVATIVE_WORDS = new Set(['d', 'df', 'dfn', 'derivative', 'deriv', 'prime']);
const MAX_CALLS = 50;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Gradient parameter name → the role its callers give it, when they agree. */
export function callerEvidence(text: string, pair: GradientPair): Map<string, 'input' | 'output'> {
  const out = new Map<string, 'input' | 'output'>();
  const gname = pair.gradient.name, pname = pair.primal.name;
  if (!/^[A-Za-z_$][\w$]*$/.test(gname) || !/^[A-Za-z_$][\w$]*$/.test(pname) || pair.primal.synthetic) return out;
  // A generic member name (`d` of a `{ f, d }` table, `derivative`) says nothing alone: its calls
  // count only through a receiver that also calls the primal's member, the way a neuron calls its
  // table (`this.z = this.fn.f(s)` … `this.fn.d(this.z)`).
  const generic = GENERIC.has(gname);
  if (generic && (!DERIVATIVE_WORDS.has(gname) || (pair.kind !== 'object' && pair.kind !== 'class'))) return out;
  if (text.length > 2_000_000) return out;
  // Cheap pre-check: a name that occurs once is only its own declaration.
  const first = text.indexOf(gname);
  if (first < 0 || text.indexOf(gname, first + gname.length) < 0) return out;
  const votes = new Map<number, Set<'input' | 'output'>>();
  const re = generic
    ? new RegExp(`(?<![\\w$.])((?:this|[A-Za-z_$][\\w$]*)(?:\\.[A-Za-z_$][\\w$]*)*)\\.${escape(gname)}\\s*\\(`, 'g')
    : new RegExp(`(?<![\\w$])${escape(gname)}\\s*\\(`, 'g');
  let m: RegExpExecArray | null;
  let calls = 0;
  while ((m = re.exec(text)) && calls < MAX_CALLS) {
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    if (/function\s*\*?\s*$|(?:^|[^\w$])def\s+$/.test(before)) continue; // the declaration (JS `function f(`, Python `def f(`)
    const args = callArguments(text, m.index + m[0].length);
    if (!args) continue;
    const after = text.slice(args.end, args.end + 40);
    if (/^\s*(:[^=;]*)?\{/.test(after) || /^\s*=>/.test(after)) continue; // a method declaration or an arrow's parameters
    const receiver = generic ? m[1]! : null;
    if (receiver !== null && !text.includes(`${receiver}.${pname}(`)) continue;
    if (receiver === null && callsAnotherClass(text, m.index, pair)) continue;
    calls++;
    args.list.forEach((a, j) => {
      const role = argumentRole(text, a, receiver === null ? pname : `${receiver}.${pname}`);
      if (!role) return;
      if (!votes.has(j)) votes.set(j, new Set());
      votes.get(j)!.add(role);
    });
  }
  for (const [j, roles] of votes) {
    const name = pair.gradient.params[j]?.name;
    if (name && roles.size === 1) out.set(name, [...roles][0]!);
  }
  return out;
}

/**
 * A call through another class declared in the text (`Squash.der_softmax(z)` beside the pair
 * `Activations.softmax` / `Activations.der_softmax`) is that class's method, not this gradient: two
 * classes of one module often have methods of the same name, and one's caller says nothing of the other.
 */
function callsAnotherClass(text: string, at: number, pair: GradientPair): boolean {
  const recv = /([A-Za-z_$][\w$]*)\s*\.\s*$/.exec(text.slice(Math.max(0, at - 80), at))?.[1];
  if (!recv || recv === 'this') return false;
  const owner = pair.gradient.qualifiedName.includes('.') ? pair.gradient.qualifiedName.split('.').slice(-2, -1)[0] : null;
  if (recv === owner) return false;
  return new RegExp(`\\bclass\\s+${escape(recv)}\\b`).test(text);
}

/** `pname` may be qualified (`this.fn.f`): then it is matched as written, with no prefix of its own. */
function argumentRole(text: string, arg: string, pname: string): 'input' | 'output' | null {
  const a = arg.trim();
  const prefix = pname.includes('.') ? '' : '(this\\.|\\w+\\.)?';
  if (new RegExp(`^${prefix}${escape(pname)}\\s*\\(`).test(a)) return 'output';
  // A variable or a field (`this.z`) the caller set from the primal, or passed to it.
  if (!/^(this\.)?[A-Za-z_$][\w$]*$/.test(a)) return null;
  const v = escape(a);
  if (new RegExp(`(?<![\\w$.])${v}\\s*=\\s*${prefix}${escape(pname)}\\s*\\(`).test(text)) return 'output';
  if (new RegExp(`(?<![\\w$])${escape(pname)}\\s*\\(\\s*${v}\\s*[,)]`).test(text)) return 'input';
  return null;
}

/** The top-level comma-separated arguments of a call whose '(' ends at `start`. */
function callArguments(text: string, start: number): { list: string[]; end: number } | null {
  const list: string[] = [];
  let depth = 0, from = start;
  for (let i = start; i < text.length && i < start + 400; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (depth === 0) {
        if (ch !== ')') return null;
        const last = text.slice(from, i);
        if (last.trim() || list.length > 0) list.push(last);
        return { list, end: i + 1 };
      }
      depth--;
    } else if (ch === ',' && depth === 0) {
      list.push(text.slice(from, i));
      from = i + 1;
    }
  }
  return null;
}
