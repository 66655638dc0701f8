/**
 * Small syntactic looks at Python IR that the class and closure readers share: every node under a
 * root, the `self.P` fields a function writes or reads, a decorator's or base's dotted text.
 * Plain walks over plain data (the IR has no parent pointers), nothing is evaluated.
 */
import type { Expr, Func, Module } from '../../ir/types.js';
import { textOf } from '../../ir/types.js';

type Node = { kind: string } & Record<string, unknown>;

/** Every IR node (statement, expression, pattern, function) under `root`, `root` included; nested functions too unless `shallow`. */
export function* irNodes(root: unknown, shallow = false): Generator<Node> {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    if (Array.isArray(n)) { for (const c of n) stack.push(c); continue; }
    if (!n || typeof n !== 'object') continue;
    const o = n as Record<string, unknown>;
    if (typeof o.kind === 'string') {
      yield o as Node;
      if (shallow && o !== root && o.kind === 'function') continue;
    }
    for (const [k, v] of Object.entries(o)) {
      if (k === 'span' || k === 'nameSpan' || k === 'hostSpan' || k === 'doc') continue;
      if (v && typeof v === 'object') stack.push(v);
    }
  }
}

type Member = Expr & { kind: 'member' };
const isSelfField = (e: unknown, root: string | null): boolean => {
  const m = e as Expr;
  if (!m || m.kind !== 'member') return false;
  return root === null ? m.object.kind === 'this' : m.object.kind === 'name' && m.object.name === root;
};

/**
 * Fields P written as `self.P = …` (written) or read as `self.P` elsewhere (not written), in `fn`
 * and the functions nested in it; `root` names another holder than self (`ctx`).
 */
export function selfFields(fn: Func, written: boolean, root: string | null = null): Set<string> {
  const targets = new Set<unknown>();
  for (const n of irNodes(fn.body)) if (n.kind === 'assign' && (n as unknown as { op: unknown }).op === null) targets.add((n as unknown as { target: unknown }).target);
  const out = new Set<string>();
  for (const n of irNodes(fn.body)) {
    if (!isSelfField(n, root)) continue;
    if (targets.has(n) === written) out.add((n as unknown as Member).name);
  }
  return out;
}

/** The dotted text of a name or attribute chain (`torch.autograd.Function`), else null. */
export function dotted(e: Expr): string | null {
  if (e.kind === 'name') return e.name;
  if (e.kind === 'member') {
    const o = dotted(e.object);
    return o === null ? null : `${o}.${e.name}`;
  }
  if (e.kind === 'wrap') return dotted(e.inner);
  return null;
}

/** A decorator's callee text: `@jax.custom_vjp` → 'jax.custom_vjp', `@partial(jax.custom_vjp, …)` → 'partial'. */
export function decoratorName(m: Module, e: Expr): string {
  const d = dotted(e.kind === 'call' ? e.callee : e);
  return d ?? textOf(m, e);
}
