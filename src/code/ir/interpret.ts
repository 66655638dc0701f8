/**
 * Symbolic execution on the code model (IR), language-neutral: the same value kinds (values.ts),
 * the same Builder and the same branching algorithm as interpreter.ts (fork on a symbolic
 * condition, journal rollback, `cond` merges, returns folded with their path conditions), so a
 * function read here gives the tree the TypeScript interpreter gives (test/code/ir/interpret-ts.test.ts
 * holds the two equal on the TS fixtures). What differs between languages (which globals exist,
 * `Math.exp` vs `np.exp`, truthiness, Python's function-wide locals) is behind `Semantics`.
 *
 * Scope of this first version (design §12): scalar code. Every construct outside it is refused
 * with a TranslationError naming it, so the function is "unverified", never guessed at:
 * writes into arguments, arrays read from parameters, classes constructed, comprehensions…
 */
import type { MathNode } from 'mathjs';
import { Builder, TranslationError, constValue, isBooleanNode } from '../builder.js';
import { UNDEF, describe, pathText, symbolName, type Path, type Value } from '../values.js';
import { IrScopes, type IrOuterDecl } from './scopes.js';
import { textOf, type Arg, type BinOp, type Expr, type Func, type Module, type Pattern, type Stmt } from './types.js';

const MAX_SOURCE_DEPTH = 250;
const MAX_CALL_DEPTH = 24;
const MAX_LOOP_ITERATIONS = 10_000;
const MAX_RETURN_PATHS = 400;

/** What one language decides; the interpreter asks before its own generic rule. */
export interface Semantics {
  /** A name no local scope binds and no outer declaration names (TS: undefined/NaN/IO globals; Python: builtins). */
  unresolved(name: string, at: Expr, it: IrInterpreter): Value;
  /** A module import read as a value (Python: numpy, math as namespaces), or a refusal. */
  importValue(name: string, decl: IrOuterDecl & { kind: 'import' }, it: IrInterpreter): Value;
  /** A call handled by the language (Math.exp, np.exp, math.log); undefined: the generic call. */
  call(callee: Expr, args: Arg[], it: IrInterpreter): Value | undefined;
  /** An attribute read handled by the language (Math.PI, np.pi); undefined: the generic read. */
  member(e: Expr & { kind: 'member' }, it: IrInterpreter): Value | undefined;
  /** A number for arithmetic: Python reads a truth value used as a number as `c ? 1 : 0`. */
  operand(v: Value, what: string, it: IrInterpreter): MathNode;
  /** A product with a truth-value factor: Python's `dout * (x > 0)`; null: the plain product. */
  product?(a: MathNode, b: MathNode, it: IrInterpreter): MathNode | null;
  /** Reading a field or an index of a parameter (TS: a variable `x_dw`; Python: refused, arrays are not read yet). */
  argumentMember(path: Path, key: string | number, at: Expr, it: IrInterpreter): Value;
  /** Python: assignments bind the function's locals (no block scopes). */
  functionScoped: boolean;
}

export interface IrHost {
  module: Module;
  scopes: IrScopes;
  semantics: Semantics;
  deadline: number;
}

interface Binding { value: Value; kind: 'const' | 'let' | 'param' | 'this' }

class Scope {
  readonly vars = new Map<string, Binding>();
  constructor(readonly parent: Scope | null, readonly fn: Func | null) {}
}

interface Conjunct { node: MathNode; neg: boolean }
interface Frame { returns: { pc: Conjunct[]; value: Value }[]; live: boolean; pc: Conjunct[] }
interface JournalEntry { where: Scope; key: string; old: Binding | undefined }

const BINARY: Partial<Record<BinOp, string>> = {
  add: 'add', subtract: 'subtract', multiply: 'multiply', divide: 'divide', pow: 'pow',
  lt: 'smaller', gt: 'larger', le: 'smallerEq', ge: 'largerEq',
};

/** A closure over an IR function: a native value, so values.ts needs no IR-specific kind. */
export interface IrClosure { fn: Func; env: Scope | null; thisValue: Value | undefined; name: string }

export class IrInterpreter {
  readonly b: Builder;
  readonly notes: string[] = [];
  private readonly journal: JournalEntry[] = [];
  private readonly frames: Frame[] = [];
  private readonly calls: Func[] = [];
  private readonly outerValues = new Map<number, Value | 'pending'>();
  private readonly closures = new WeakMap<Value, IrClosure>();
  private readonly ids = new WeakMap<MathNode, number>();
  private nextId = 1;
  /** The bindings of the outermost function when it returned (its final `self`, `ctx`): a layer's forward leaves state there. */
  lastBindings: Map<string, Value> | null = null;
  private depth = 0;
  private steps = 0;
  private scope: Scope = new Scope(null, null);
  /** The outermost function being run: outer names resolve from it. */
  private anchor: number;

  constructor(readonly host: IrHost, builder?: Builder) {
    this.b = builder ?? new Builder();
    this.anchor = host.module.body[0]?.id ?? 0;
  }

  text(e: { span: { start: number; end: number } }): string {
    return textOf(this.host.module, e);
  }

  closure(fn: Func, name: string, thisValue?: Value): Value {
    const v: Value = { k: 'native', name, call: (args) => this.callClosure(c, args) };
    const c: IrClosure = { fn, env: this.scope.fn || this.scope.parent ? this.scope : null, thisValue, name };
    this.closures.set(v, c);
    return v;
  }

  closureOf(v: Value): IrClosure | undefined {
    return this.closures.get(v);
  }

  private callClosure(c: IrClosure, args: Value[], keywords?: Map<string, Value>): Value {
    return this.callFunction(c.fn, args, c.thisValue, c.env, c.name, keywords);
  }

  // ---------------------------------------------------------------- functions

  callFunction(fn: Func, args: Value[], thisValue: Value | undefined, env: Scope | null, name: string, keywords?: Map<string, Value>): Value {
    if (this.calls.filter((d) => d === fn).length >= 2) throw new TranslationError(`recursive call to ${name}`);
    if (this.calls.length >= MAX_CALL_DEPTH) throw new TranslationError('calls nested too deeply');
    if (fn.body === null) throw new TranslationError(`${name} has no body`);
    const saved = this.scope;
    const savedAnchor = this.anchor;
    if (this.calls.length === 0) this.anchor = fn.id;
    const frame: Frame = { returns: [], live: true, pc: [] };
    this.calls.push(fn);
    this.frames.push(frame);
    const fnScope = new Scope(env, fn);
    this.scope = fnScope;
    try {
      if (fn.receiver === 'own') fnScope.vars.set('#this', { value: thisValue ?? UNDEF, kind: 'this' });
      fn.params.forEach((p, i) => {
        if (p.kwRest) throw new TranslationError(`parameter **${p.name ?? ''} (keyword arguments are not read)`);
        let arg: Value;
        if (p.rest) arg = { k: 'vec', items: args.slice(i) };
        else arg = (p.name !== null ? keywords?.get(p.name) : undefined) ?? args[i] ?? UNDEF;
        if (arg.k === 'undef' && p.default) arg = this.eval(p.default);
        if (p.name !== null) this.declare(p.name, arg, 'param');
        else this.bindPattern(p.pattern!, arg, 'param');
      });
      if (Array.isArray(fn.body)) {
        this.execStatements(fn.body);
      } else {
        frame.returns.push({ pc: frame.pc, value: this.eval(fn.body) });
        frame.live = false;
      }
      if (frame.live) frame.returns.push({ pc: frame.pc, value: UNDEF });
      if (this.calls.length === 1) this.lastBindings = new Map([...fnScope.vars].map(([k, v]) => [k, v.value]));
      return this.foldReturns(frame.returns);
    } finally {
      this.scope = saved;
      this.anchor = savedAnchor;
      this.frames.pop();
      this.calls.pop();
    }
  }

  callValue(f: Value, args: Value[], label: string, keywords?: Map<string, Value>): Value {
    const c = this.closures.get(f);
    if (c) return this.callClosure(c, args, keywords);
    if (keywords && keywords.size > 0) throw new TranslationError(`calls ${label} with keyword arguments`);
    if (f.k === 'native') return f.call(args);
    throw new TranslationError(`calls ${label}, which is ${describe(f)}, not a function`);
  }

  toNode(v: Value, what = 'a value'): MathNode {
    switch (v.k) {
      case 'num': return v.node;
      case 'ref': return this.b.sym(symbolName(v.path));
      case 'undef': throw new TranslationError(`uses undefined as a number in ${what} (value would be NaN)`);
      case 'str': throw new TranslationError(`uses ${describe(v)} as a number`);
      default: throw new TranslationError(`uses ${describe(v)} as a number in ${what}`);
    }
  }

  // ---------------------------------------------------------------- statements

  private execStatements(statements: readonly Stmt[]): void {
    for (const s of statements) {
      if (s.kind === 'funcDecl' && s.hoisted && s.fn.name) this.declare(s.fn.name, this.closure(s.fn, s.fn.name), 'const');
    }
    for (const s of statements) {
      if (!this.frame().live) return;
      this.exec(s);
    }
  }

  private exec(s: Stmt): void {
    this.tick();
    const frame = this.frame();
    if (!frame.live) return;
    switch (s.kind) {
      case 'block': return this.inBlock(() => this.execStatements(s.body));
      case 'declare': {
        const hint = s.pattern.kind === 'name' ? s.pattern.name : 'object';
        const value = s.init ? this.eval(s.init, hint) : UNDEF;
        this.bindPattern(s.pattern, value, s.decl === 'const' ? 'const' : 'let');
        return;
      }
      case 'expr':
        this.eval(s.expr);
        return;
      case 'return': {
        const value = s.value ? this.eval(s.value) : UNDEF;
        if (frame.returns.length >= MAX_RETURN_PATHS) throw new TranslationError('too many return paths');
        frame.returns.push({ pc: frame.pc, value });
        frame.live = false;
        return;
      }
      case 'if': {
        const c = this.truth(this.eval(s.cond));
        const then = () => this.inBlock(() => this.execStatements(s.then));
        const otherwise = () => {
          if (s.else) this.inBlock(() => this.execStatements(s.else!));
        };
        const known = constValue(c);
        if (known !== null) return (known ? then : otherwise)();
        this.fork(c, then, otherwise);
        return;
      }
      case 'forEach': return this.execForEach(s);
      case 'for': return this.execFor(s);
      case 'while': return this.execWhile(s);
      case 'throw':
        // A throwing path produces no value; the function is read as defined where it does not throw.
        frame.live = false;
        return;
      case 'pass': case 'typeOnly': case 'import': case 'classDecl': case 'namespace':
        return;
      case 'funcDecl':
        if (!s.hoisted && s.fn.name) this.bindName(s.fn.name, this.closure(s.fn, s.fn.name));
        return;
      case 'break': case 'continue':
        throw new TranslationError(`${s.kind} outside a switch`);
      case 'unsupported':
        throw new TranslationError(s.reason);
      default:
        throw new TranslationError(`unsupported statement (${s.kind})`);
    }
  }

  private execForEach(s: Stmt & { kind: 'forEach' }): void {
    this.refuseJumps(s.body);
    const it = this.eval(s.iterable);
    if (it.k !== 'vec') throw new TranslationError(`loops over ${describe(it)} (only range(…) and literal sequences are read)`);
    for (const item of it.items) {
      if (!this.frame().live) return;
      this.inBlock(() => {
        if (s.declares) this.bindPattern(s.target, item, s.declares === 'const' ? 'const' : 'let');
        else this.assignPattern(s.target, item);
        this.execStatements(s.body);
      });
    }
  }

  private execFor(s: Stmt & { kind: 'for' }): void {
    this.refuseJumps(s.body);
    this.inBlock(() => {
      if (Array.isArray(s.init)) for (const d of s.init) this.exec(d);
      else if (s.init) this.eval(s.init);
      for (let i = 0; ; i++) {
        if (!this.frame().live) return;
        if (i > MAX_LOOP_ITERATIONS) throw new TranslationError(`loop runs more than ${MAX_LOOP_ITERATIONS} times`);
        if (s.cond && !this.loopCondition(s.cond)) return;
        this.inBlock(() => this.execStatements(s.body));
        if (s.update && this.frame().live) this.eval(s.update);
      }
    });
  }

  private execWhile(s: Stmt & { kind: 'while' }): void {
    this.refuseJumps(s.body);
    let first = s.doWhile;
    for (let i = 0; ; i++) {
      if (!this.frame().live) return;
      if (i > MAX_LOOP_ITERATIONS) throw new TranslationError(`loop runs more than ${MAX_LOOP_ITERATIONS} times`);
      if (!first && !this.loopCondition(s.cond)) return;
      first = false;
      this.inBlock(() => this.execStatements(s.body));
    }
  }

  private refuseJumps(body: readonly Stmt[]): void {
    const stack: Stmt[] = [...body];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.kind === 'break' || n.kind === 'continue') throw new TranslationError('break/continue inside a loop');
      if (n.kind === 'if') stack.push(...n.then, ...(n.else ?? []));
      else if (n.kind === 'block') stack.push(...n.body);
    }
  }

  private loopCondition(e: Expr): boolean {
    const v = constValue(this.truth(this.eval(e)));
    if (v === null) throw new TranslationError('loop with a data-dependent bound');
    return v !== 0 && !Number.isNaN(v);
  }

  private bindPattern(p: Pattern, value: Value, kind: Binding['kind']): void {
    if (p.kind === 'name') return this.declare(p.name, value, kind);
    if (p.kind === 'seq') {
      if (p.rest) throw new TranslationError('rest element in destructuring');
      p.items.forEach((item, i) => {
        if (!item) return;
        let v = this.member(value, i);
        if (v.k === 'undef' && item.default) v = this.eval(item.default);
        this.bindPattern(item.value, v, kind);
      });
      return;
    }
    if (p.kind === 'object') {
      if (p.rest) throw new TranslationError('rest element in destructuring');
      for (const q of p.props) {
        if (q.key === null) throw new TranslationError('computed key in destructuring');
        let v = this.member(value, q.key);
        if (v.k === 'undef' && q.default) v = this.eval(q.default);
        this.bindPattern(q.value, v, kind);
      }
      return;
    }
    throw new TranslationError('unsupported assignment target');
  }

  /** An assignment's target pattern (Python `a, b = …`, `for x in …`): names bind, as assignments do. */
  private assignPattern(p: Pattern, value: Value): void {
    if (p.kind === 'name') return this.bindName(p.name, value);
    if (p.kind === 'seq') {
      if (p.rest) throw new TranslationError('starred target in an assignment');
      const items = this.sequence(value, 'an unpacking');
      if (items.length !== p.items.length) throw new TranslationError(`unpacks ${items.length} values into ${p.items.length} names`);
      p.items.forEach((item, i) => {
        if (item) this.assignPattern(item.value, items[i]!);
      });
      return;
    }
    if (p.kind === 'target') return this.assign(p.target, value);
    throw new TranslationError('unsupported assignment target');
  }

  private sequence(v: Value, what: string): readonly Value[] {
    if (v.k === 'vec') return v.items;
    throw new TranslationError(`uses ${describe(v)} as a sequence in ${what}`);
  }

  // ---------------------------------------------------------------- branching (as interpreter.ts)

  private fork(c: MathNode, thenBranch: () => void, elseBranch: () => void): void {
    const frame = this.frame();
    const pc0 = frame.pc;
    const mark = this.journal.length;
    const run = (branch: () => void, neg: boolean) => {
      frame.pc = [...pc0, { node: c, neg }];
      frame.live = true;
      branch();
      const out = { live: frame.live, pc: frame.pc, changes: this.snapshot(mark) };
      this.rollback(mark);
      return out;
    };
    const t = run(thenBranch, false);
    const e = run(elseBranch, true);
    frame.live = t.live || e.live;
    if (!frame.live) return;
    if (t.live !== e.live) {
      const only = t.live ? t : e;
      frame.pc = only.pc;
      for (const [, ch] of only.changes) this.restore(ch.entry, ch.current);
      return;
    }
    frame.pc = pc0;
    const keys = new Map([...t.changes, ...e.changes].map(([k, v]) => [k, v.entry] as const));
    for (const [k, entry] of keys) {
      const original = entry.where.vars.get(entry.key);
      const tv = t.changes.has(k) ? t.changes.get(k)!.current : original;
      const ev = e.changes.has(k) ? e.changes.get(k)!.current : original;
      if (!tv || !ev) continue; // bound in one branch only: not readable after the if
      this.restore(entry, { ...tv, value: this.merge(c, tv.value, ev.value) });
    }
  }

  private snapshot(mark: number): Map<string, { entry: JournalEntry; current: Binding | undefined }> {
    const out = new Map<string, { entry: JournalEntry; current: Binding | undefined }>();
    for (let i = mark; i < this.journal.length; i++) {
      const entry = this.journal[i]!;
      const key = `${this.scopeKey(entry.where)}:${entry.key}`;
      if (!out.has(key)) out.set(key, { entry, current: entry.where.vars.get(entry.key) });
    }
    return out;
  }

  private readonly scopeKeys = new WeakMap<Scope, number>();
  private scopeKey(s: Scope): string {
    if (!this.scopeKeys.has(s)) this.scopeKeys.set(s, this.nextId++);
    return `s${this.scopeKeys.get(s)}`;
  }

  private rollback(mark: number): void {
    while (this.journal.length > mark) {
      const e = this.journal.pop()!;
      if (e.old) e.where.vars.set(e.key, e.old);
      else e.where.vars.delete(e.key);
    }
  }

  private restore(entry: JournalEntry, value: Binding | undefined): void {
    this.journal.push({ where: entry.where, key: entry.key, old: entry.where.vars.get(entry.key) });
    if (value) entry.where.vars.set(entry.key, value);
    else entry.where.vars.delete(entry.key);
  }

  merge(c: MathNode, a: Value, b: Value): Value {
    if (a === b) return a;
    if (a.k === 'vec' && b.k === 'vec') {
      if (a.items.length !== b.items.length) throw new TranslationError(`branches give arrays of different lengths (${a.items.length} and ${b.items.length})`);
      return { k: 'vec', items: a.items.map((x, i) => this.merge(c, x, b.items[i]!)) };
    }
    if (a.k === 'obj' && b.k === 'obj') {
      const props = new Map<string, Value>();
      for (const key of new Set([...a.props.keys(), ...b.props.keys()])) props.set(key, this.merge(c, this.member(a, key), this.member(b, key)));
      return { ...a, props };
    }
    if (a.k === 'ref' && b.k === 'ref' && pathText(a.path) === pathText(b.path)) return a;
    if (a.k === 'str' && b.k === 'str' && a.value === b.value) return a;
    if (a.k === 'undef' && b.k === 'undef') return a;
    if ((a.k === 'num' || a.k === 'ref') && (b.k === 'num' || b.k === 'ref')) return { k: 'num', node: this.b.cond(c, this.toNode(a), this.toNode(b)) };
    if (a.k === 'undef' || b.k === 'undef') throw new TranslationError('gives undefined on some paths (no return or unset variable)');
    throw new TranslationError(`branches give different kinds of value (${describe(a)} and ${describe(b)})`);
  }

  private foldReturns(entries: { pc: Conjunct[]; value: Value }[]): Value {
    if (entries.length === 0) throw new TranslationError('throws on every path (an abstract method)');
    const fold = (i: number, assumed: ReadonlySet<string>): Value => {
      const e = entries[i]!;
      if (i === entries.length - 1) return e.value;
      const remaining = e.pc.filter((c) => !assumed.has(this.conjunctKey(c, c.neg)));
      if (remaining.some((c) => assumed.has(this.conjunctKey(c, !c.neg)))) return fold(i + 1, assumed);
      if (remaining.length === 0) return e.value;
      let cnode = this.literal(remaining[0]!);
      for (const c of remaining.slice(1)) cnode = this.b.binary('and', cnode, this.literal(c));
      const next = new Set(assumed);
      if (remaining.length === 1) next.add(this.conjunctKey(remaining[0]!, !remaining[0]!.neg));
      return this.merge(cnode, e.value, fold(i + 1, next));
    };
    return fold(0, new Set());
  }

  private literal(c: Conjunct): MathNode {
    return c.neg ? this.b.not(c.node) : c.node;
  }

  private conjunctKey(c: Conjunct, neg: boolean): string {
    let id = this.ids.get(c.node);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(c.node, id);
    }
    return `${neg ? '!' : ''}${id}`;
  }

  // ---------------------------------------------------------------- expressions

  eval(e: Expr, nameHint?: string): Value {
    if (++this.depth > MAX_SOURCE_DEPTH) {
      this.depth = 0;
      throw new TranslationError(`expression too deeply nested (more than ${MAX_SOURCE_DEPTH} levels)`);
    }
    try {
      this.tick();
      return this.evalInner(e, nameHint);
    } finally {
      if (this.depth > 0) this.depth--;
    }
  }

  private evalInner(e: Expr, nameHint?: string): Value {
    const b = this.b;
    switch (e.kind) {
      case 'wrap': return this.eval(e.inner, nameHint);
      case 'num': return { k: 'num', node: b.num(e.value) };
      case 'str':
        if (e.template) throw new TranslationError('builds a string');
        return { k: 'str', value: e.value };
      case 'bool': return { k: 'num', node: b.num(e.value ? 1 : 0) };
      case 'none': return UNDEF;
      case 'undefined': return UNDEF;
      case 'this': return this.lookupThis();
      case 'name': return this.identifier(e);
      case 'unary': {
        const v = this.eval(e.arg);
        if (e.op === 'neg') return { k: 'num', node: b.neg(this.operand(v, 'a negation')) };
        if (e.op === 'plus') return { k: 'num', node: this.operand(v, 'unary +') };
        if (e.op === 'not') return { k: 'num', node: b.not(this.truth(v)) };
        throw new TranslationError('uses a bitwise operator (~)');
      }
      case 'binary': return this.binary(e);
      case 'compare': return this.compare(e);
      case 'logical': return this.logical(e);
      case 'cond': {
        const c = this.truth(this.eval(e.test));
        const known = constValue(c);
        if (known !== null) return this.eval(known && !Number.isNaN(known) ? e.then : e.else);
        let t: Value = UNDEF;
        let f: Value = UNDEF;
        this.fork(c, () => { t = this.eval(e.then); }, () => { f = this.eval(e.else); });
        return this.merge(c, t, f);
      }
      case 'assign': return this.assignExpr(e);
      case 'update': {
        // TS ++/--: postfix gives the old value, prefix the new one (as interpreter.ts).
        const old = this.eval(e.target);
        const next: Value = { k: 'num', node: b.binary(e.op === 'inc' ? 'add' : 'subtract', this.toNode(old), b.num(1)) };
        this.assign(e.target, next);
        return e.prefix ? next : old;
      }
      case 'call': return this.callExpr(e);
      case 'member': {
        const own = this.host.semantics.member(e, this);
        if (own) return own;
        return this.member(this.eval(e.object), e.name, e);
      }
      case 'index': {
        if (e.items.length !== 1 || e.items[0]!.kind !== 'expr') throw new TranslationError(`slices ${this.text(e.object)} (array indexing is not read yet)`);
        const target = this.eval(e.object);
        const k = this.eval(e.items[0]!.value);
        let key: string | number;
        if (k.k === 'str') key = k.value;
        else {
          const n = constValue(this.toNode(k, 'an index'));
          if (n === null) throw new TranslationError(`index into ${this.text(e.object)} depends on data`);
          if (!Number.isInteger(n) || n < 0) throw new TranslationError(`index ${n} into ${this.text(e.object)} is not a valid array index`);
          key = n;
        }
        return this.member(target, key, e);
      }
      case 'seq': {
        const items: Value[] = [];
        for (const x of e.items) {
          if (x === null) items.push(UNDEF);
          else if ('spread' in x) items.push(...this.sequence(this.eval(x.spread), 'a spread'));
          else items.push(this.eval(x));
        }
        return { k: 'vec', items };
      }
      case 'fn': return this.closure(e.fn, nameHint ?? e.fn.name ?? 'an inline function');
      case 'comma':
        this.eval(e.left);
        return this.eval(e.right);
      case 'unsupported': throw new TranslationError(e.reason);
      default: throw new TranslationError(`unsupported syntax (${e.kind})`);
    }
  }

  /** A number for arithmetic, by the language's rule for truth values. */
  operand(v: Value, what: string): MathNode {
    return this.host.semantics.operand(v, what, this);
  }

  private arith(op: BinOp, opText: string, l: Value, r: Value): Value {
    const fnName = BINARY[op];
    if (!fnName) throw new TranslationError(`uses the ${opText} operator, which is outside the vocabulary`);
    if (op === 'multiply' && this.host.semantics.product) {
      const a = l.k === 'num' ? l.node : null, c = r.k === 'num' ? r.node : null;
      if ((a && isBooleanNode(a)) || (c && isBooleanNode(c))) {
        const p = this.host.semantics.product(this.toNode(l, 'an operand'), this.toNode(r, 'an operand'), this);
        if (p) return { k: 'num', node: p };
      }
    }
    return { k: 'num', node: this.b.binary(fnName, this.operand(l, 'an operand'), this.operand(r, 'an operand')) };
  }

  private binary(e: Expr & { kind: 'binary' }): Value {
    const left = this.eval(e.left);
    const right = this.eval(e.right);
    if (e.op === 'eq' || e.op === 'strictEq') return { k: 'num', node: this.equals(left, right) };
    if (e.op === 'ne' || e.op === 'strictNe') return { k: 'num', node: this.equals(left, right, true) };
    if (e.op === 'add' && (left.k === 'str' || right.k === 'str')) {
      if (left.k === 'str' && right.k === 'str') return { k: 'str', value: left.value + right.value };
      throw new TranslationError('builds a string');
    }
    if ((e.op === 'mod' || e.op === 'floorDivide') ) {
      const a = constValue(this.operand(left, 'an operand')), c = constValue(this.operand(right, 'an operand'));
      if (a !== null && c !== null && c !== 0) return { k: 'num', node: this.b.num(e.op === 'mod' ? a - Math.floor(a / c) * c : Math.floor(a / c)) };
      throw new TranslationError(`uses the ${e.opText} operator on a variable, which is not differentiable`);
    }
    if (e.op === 'matmul') throw new TranslationError('uses @ (matrix products are not read yet)');
    return this.arith(e.op, e.opText, left, right);
  }

  /** `0 < x <= 1`: each comparison once, joined by `and`; a single one is a plain comparison. */
  private compare(e: Expr & { kind: 'compare' }): Value {
    let prev = this.eval(e.operands[0]!);
    let out: MathNode | null = null;
    e.ops.forEach((op, i) => {
      const next = this.eval(e.operands[i + 1]!);
      let node: MathNode;
      if (op === 'eq' || op === 'ne' || op === 'strictEq' || op === 'strictNe') node = this.equals(prev, next, op === 'ne' || op === 'strictNe');
      else {
        const v = this.arith(op, e.opTexts[i] ?? op, prev, next);
        node = this.toNode(v);
      }
      out = out === null ? node : this.b.binary('and', out, node);
      prev = next;
    });
    return { k: 'num', node: out! };
  }

  private logical(e: Expr & { kind: 'logical' }): Value {
    const left = this.eval(e.left);
    if (e.op === 'nullish') return left.k === 'undef' ? this.eval(e.right) : left;
    const isAnd = e.op === 'and';
    const lt = this.truth(left);
    const known = constValue(lt);
    if (known !== null) return (isAnd ? known !== 0 : known === 0) ? this.eval(e.right) : left;
    const right = this.eval(e.right);
    if (left.k === 'num' && isBooleanNode(left.node) && right.k === 'num' && isBooleanNode(right.node)) {
      return { k: 'num', node: this.b.binary(isAnd ? 'and' : 'or', left.node, right.node) };
    }
    return isAnd ? this.merge(lt, right, left) : this.merge(lt, left, right);
  }

  private equals(a: Value, c: Value, negate = false): MathNode {
    if (a.k === 'str' || c.k === 'str' || a.k === 'undef' || c.k === 'undef') {
      const same = a.k === c.k && (a.k !== 'str' || a.value === (c as { value: string }).value);
      return this.b.num(same !== negate ? 1 : 0);
    }
    return this.b.binary(negate ? 'unequal' : 'equal', this.toNode(a), this.toNode(c));
  }

  truth(v: Value): MathNode {
    switch (v.k) {
      case 'num': return v.node;
      case 'ref': return this.toNode(v);
      case 'str': return this.b.num(v.value === '' ? 0 : 1);
      case 'undef': return this.b.num(0);
      default: return this.b.num(1);
    }
  }

  private assignExpr(e: Expr & { kind: 'assign' }): Value {
    const target = e.target;
    if (e.op === null) {
      const hint = 'id' in target && target.kind === 'name' ? target.name : undefined;
      const v = this.eval(e.value, hint);
      if ('id' in target) this.assign(target, v);
      else this.assignPattern(target, v);
      return v;
    }
    if (!('id' in target)) throw new TranslationError('unsupported assignment target');
    if (!BINARY[e.op] || ['lt', 'gt', 'le', 'ge'].includes(e.op)) throw new TranslationError(`uses ${e.opText}`);
    const next = this.arith(e.op, e.opText, this.eval(target), this.eval(e.value));
    this.assign(target, next);
    return next;
  }

  /** Assigns to a name, or to a field of `this` / a local object. Writes into arguments are refused. */
  assign(target: Expr, value: Value): void {
    let t = target;
    while (t.kind === 'wrap') t = t.inner;
    if (t.kind === 'name') return this.bindName(t.name, value);
    if (t.kind === 'member') {
      const base = t.object.kind === 'this' ? this.lookupThis() : this.eval(t.object);
      if (base.k === 'obj') {
        const props = new Map(base.props);
        props.set(t.name, value);
        return this.assign(t.object, { ...base, props });
      }
      throw new TranslationError(`writes ${this.text(t)} (writes into arguments are not read yet)`);
    }
    if (t.kind === 'this') {
      for (let s: Scope | null = this.scope; s; s = s.parent) {
        const binding = s.vars.get('#this');
        if (!binding) continue;
        this.journal.push({ where: s, key: '#this', old: binding });
        s.vars.set('#this', { value, kind: 'this' });
        return;
      }
      throw new TranslationError('assigns to this outside a method');
    }
    throw new TranslationError(`writes ${this.text(t)} (writes into arrays are not read yet)`);
  }

  /** Binds a name: an existing local binding, else (Python) a new local of the function. */
  private bindName(name: string, value: Value): void {
    for (let s: Scope | null = this.scope; s; s = s.parent) {
      const binding = s.vars.get(name);
      if (binding) {
        if (binding.kind === 'const') throw new TranslationError(`assigns to constant ${name}`);
        this.journal.push({ where: s, key: name, old: binding });
        s.vars.set(name, { value, kind: binding.kind });
        return;
      }
      if (s.fn) break; // Python: a name assigned in a function is that function's own local.
    }
    if (this.host.semantics.functionScoped) {
      let s: Scope = this.scope;
      while (!s.fn && s.parent) s = s.parent;
      if (s.fn && !s.fn.locals.includes(name)) throw new TranslationError(`assigns to ${name}, which is not a local of ${s.fn.name ?? 'the function'}`);
      this.journal.push({ where: s, key: name, old: s.vars.get(name) });
      s.vars.set(name, { value, kind: 'let' });
      return;
    }
    throw new TranslationError(`mutates outer state (${name})`);
  }

  private declare(name: string, value: Value, kind: Binding['kind']): void {
    this.journal.push({ where: this.scope, key: name, old: this.scope.vars.get(name) });
    this.scope.vars.set(name, { value, kind });
  }

  private inBlock(run: () => void): void {
    if (this.host.semantics.functionScoped) return run();
    const saved = this.scope;
    this.scope = new Scope(saved, null);
    try {
      run();
    } finally {
      this.scope = saved;
    }
  }

  lookupLocal(name: string): Binding | undefined {
    for (let s: Scope | null = this.scope; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v) return v;
    }
    return undefined;
  }

  private lookupThis(): Value {
    const t = this.lookupLocal('#this');
    if (!t || t.value.k === 'undef') throw new TranslationError('uses this outside a method');
    return t.value;
  }

  private identifier(e: Expr & { kind: 'name' }): Value {
    const local = this.lookupLocal(e.name);
    if (local) return local.value;
    const outer = this.outer(e.name);
    if (outer) return outer;
    return this.host.semantics.unresolved(e.name, e, this);
  }

  /** The declaration a name has outside the function being run. */
  resolveOuter(name: string): IrOuterDecl | null {
    return this.host.scopes.resolve(name, this.anchor);
  }

  outer(name: string): Value | null {
    const decl = this.resolveOuter(name);
    if (!decl) return null;
    switch (decl.kind) {
      case 'import': return this.host.semantics.importValue(name, decl, this);
      case 'param': throw new TranslationError(`reads ${name}, a parameter of ${decl.owner}`);
      case 'function': return this.closure(decl.fn, name);
      case 'class': throw new TranslationError(`reads the class ${name} (classes are not read yet)`);
      case 'var': {
        const d = decl.decl;
        if (!decl.isConst && this.host.scopes.isReassigned(name)) throw new TranslationError(`reads ${name}, a module variable that is reassigned`);
        if (!d.init) throw new TranslationError(`reads ${name}, which has no initial value`);
        return this.cached(d.id, () => this.evalDetached(d.init!, name));
      }
    }
  }

  private cached(key: number, make: () => Value): Value {
    const hit = this.outerValues.get(key);
    if (hit === 'pending') throw new TranslationError('circular module constants');
    if (hit) return hit;
    this.outerValues.set(key, 'pending');
    try {
      const v = make();
      this.outerValues.set(key, v);
      return v;
    } catch (e) {
      this.outerValues.delete(key);
      throw e;
    }
  }

  private evalDetached(e: Expr, nameHint?: string): Value {
    const saved = this.scope;
    const frame: Frame = { returns: [], live: true, pc: [] };
    this.frames.push(frame);
    this.scope = new Scope(null, null);
    try {
      return this.eval(e, nameHint);
    } finally {
      this.scope = saved;
      this.frames.pop();
    }
  }

  member(v: Value, key: string | number, at?: Expr): Value {
    const where = () => (at ? this.text(at) : `${describe(v)}${typeof key === 'number' ? `[${key}]` : `.${key}`}`);
    switch (v.k) {
      case 'vec':
        if (key === 'length') return { k: 'num', node: this.b.num(v.items.length) };
        if (typeof key === 'number') {
          const item = v.items[key];
          if (!item) throw new TranslationError(`reads ${where()} beyond the array's length ${v.items.length} (value would be undefined)`);
          return item;
        }
        throw new TranslationError(`reads ${where()} of an array`);
      case 'ref':
        return this.host.semantics.argumentMember(v.path, key, at ?? ({ kind: 'none', id: 0, span: { start: 0, end: 0 } } as Expr), this);
      case 'obj': {
        const p = v.props.get(String(key));
        if (p) return p;
        if (v.missing === 'nan') throw new TranslationError(`reads undefined property ${v.name}.${key} (value would be NaN)`);
        return { k: 'ref', path: [...v.missing.refRoot, key] };
      }
      case 'str':
        if (key === 'length') return { k: 'num', node: this.b.num(v.value.length) };
        throw new TranslationError(`reads ${where()} of a string`);
      case 'undef':
        throw new TranslationError(`reads ${where()} of undefined`);
      default:
        throw new TranslationError(`reads ${where()}`);
    }
  }

  // ---------------------------------------------------------------- calls

  args(list: readonly Arg[]): { positional: Value[]; keywords: Map<string, Value> } {
    const positional: Value[] = [];
    const keywords = new Map<string, Value>();
    for (const a of list) {
      if (a.keyword !== null) keywords.set(a.keyword, this.eval(a.value));
      else if (a.spread) positional.push(...this.sequence(this.eval(a.value), 'a spread argument'));
      else positional.push(this.eval(a.value));
    }
    return { positional, keywords };
  }

  private callExpr(e: Expr & { kind: 'call' }): Value {
    const own = this.host.semantics.call(e.callee, e.args, this);
    if (own) return own;
    let callee = e.callee;
    while (callee.kind === 'wrap') callee = callee.inner;
    if (callee.kind === 'member') {
      const recv = callee.object.kind === 'this' ? this.lookupThis() : this.eval(callee.object);
      if (recv.k === 'obj') {
        const f = this.member(recv, callee.name, callee);
        const { positional, keywords } = this.args(e.args);
        const c = this.closures.get(f);
        if (c) return this.callFunction(c.fn, positional, recv, c.env, c.name, keywords);
        return this.callValue(f, positional, this.text(callee), keywords);
      }
      throw new TranslationError(`calls ${this.text(callee)} on ${describe(recv)}`);
    }
    if (callee.kind === 'name') {
      const name = callee.name;
      const local = this.lookupLocal(name);
      const f = local ? local.value : this.outer(name);
      const g = f ?? this.host.semantics.unresolved(name, callee, this);
      const { positional, keywords } = this.args(e.args);
      return this.callValue(g, positional, name, keywords);
    }
    const f = this.eval(callee);
    const { positional, keywords } = this.args(e.args);
    return this.callValue(f, positional, 'an expression', keywords);
  }

  private frame(): Frame {
    const f = this.frames[this.frames.length - 1];
    if (!f) throw new TranslationError('internal: no frame');
    return f;
  }

  private tick(): void {
    if ((++this.steps & 1023) === 0 && Date.now() > this.host.deadline) throw new TranslationError('translation ran out of time');
  }
}
