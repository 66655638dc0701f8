/**
 * Symbolic execution of numeric TypeScript/JavaScript: statements run over values whose numbers
 * are vocabulary trees. Nothing is ever executed for real; every construct is either translated
 * here or refused with a TranslationError that says why (which makes the function "unverified").
 *
 * Branching: an `if` on a symbolic condition runs both branches, each under its path condition,
 * recording changed bindings in a journal; afterwards the journal is rolled back and each changed
 * binding gets `cond ? thenValue : elseValue`. Returns are collected with their path conditions
 * and folded into nested conditionals when the function ends.
 */
import type * as T from 'typescript';
import { ts } from './ts.js';
import type { MathNode } from 'mathjs';
import { Builder, TranslationError, constValue, isBooleanNode } from './builder.js';
import { IO_GLOBALS, NUMBER_CONSTANTS, TF_METHODS, isMathFunction, mathCall, mathConstant, tfOp } from './globals.js';
import { OuterScopes, isAssignmentOperator } from './outer-scope.js';
import type { ScriptGlobal } from './script-globals.js';
import { valueParameters } from './params.js';
import { undeclaredTypo } from './undeclared.js';
import { UNDEF, describe, pathText, symbolName, type FunctionLike, type Path, type Value } from './values.js';

/** Deepest source expression followed; deeper ones are reported rather than risking the stack. */
export const MAX_SOURCE_DEPTH = 250;
/** The index `this.thread.x` stands for inside a GPU kernel: the element the kernel computes. */
export const THREAD_INDEX = '#thread';
const MAX_CALL_DEPTH = 24;
const MAX_LOOP_ITERATIONS = 10_000;
const MAX_RETURN_PATHS = 400;

export interface InterpreterHost {
  sf: T.SourceFile;
  outer: OuterScopes;
  /** Length of an argument array whose size nothing states. */
  dims: number;
  /** Lengths stated per parameter (`@dims x 4`). */
  paramDims: ReadonlyMap<string, number>;
  /** Wall-clock limit (Date.now() value) for this translation. */
  deadline: number;
  /**
   * Callbacks handed over together (`applyfn(a, f, df)`) share the enclosing function's
   * parameters: read them as their numeric default (`alpha = 1`) or as a variable, not as an error.
   */
  outerParamsShared?: boolean;
  /** Top-level functions of sibling script files (script-globals.ts), for names this file does not define. */
  globals?: ReadonlyMap<string, ScriptGlobal>;
  /**
   * Lengths per nesting level of a parameter whose shape is known from elsewhere (a layer's
   * upstream gradient has the shape of what its forward returns: [[[s]]] → 1, 1, 1, n).
   */
  paramShapes?: ReadonlyMap<string, readonly number[]>;
}

interface Binding {
  value: Value;
  kind: 'const' | 'let' | 'param' | 'this';
}

class Scope {
  readonly vars = new Map<string, Binding>();
  /** For function scopes: the node outer lookups start from. */
  constructor(readonly parent: Scope | null, readonly anchor: T.Node | null) {}
}

interface Conjunct {
  node: MathNode;
  neg: boolean;
}

interface Frame {
  returns: { pc: Conjunct[]; value: Value }[];
  live: boolean;
  pc: Conjunct[];
}

type StoreEntry = { path: Path; value: Value };
type JournalEntry =
  | { where: Scope; key: string; old: Binding | undefined }
  | { where: 'store'; key: string; old: StoreEntry | undefined };

const ARRAY_METHODS = new Set(['map', 'forEach', 'reduce', 'fill', 'slice', 'concat', 'push']);
const DATA_DEPENDENT_ARRAY_METHODS = new Set(['filter', 'find', 'findIndex', 'indexOf', 'includes', 'some', 'every', 'sort', 'reverse', 'join', 'splice', 'pop', 'shift', 'unshift', 'lastIndexOf', 'reduceRight', 'flatMap', 'flat']);

/**
 * What reading a tape-style autodiff node records (see tape.ts): the closures stored on a node
 * (`out._backward = () => …`) or pushed on a tape (`this.backprop.push(backward)`), and the notes
 * about what was assumed. Only set while a site is read as a tape node.
 */
export interface TapeLog {
  closures: { fn: Value & { k: 'fn' }; holder: Value | null; input?: Value }[];
  /** Gradients handed on by calling an input's own backward (`input.backward(inGrad)`), in a record's closure. */
  handed?: { recv: Value; value: Value }[];
}

/**
 * The element count of a tensor-like argument (`Z.size`, `t.numel`, `x.count`) in a loop bound:
 * element-wise code runs `for (i = 0; i < Z.size; i++) Z.grad[i] += …` over every element. An
 * argument's arrays are read at one length (the function's dims), so its element count in a
 * bound is that length; anywhere else (`/ t.size` in a mean) it stays a variable.
 */
const ELEMENT_COUNT = /^(size|numel|count|nelements?|numElements|elementCount)$/;

/**
 * A guard statement: `assert(cond, message)`, `invariant(…)`, `console.assert(…)` as a statement of
 * its own. It stops the program when a condition fails and changes no value, so it is read as
 * nothing happening (whatever file defines it: helpers named so are nearly always imported).
 */
function isGuardCall(e: T.Expression): boolean {
  const x = skipOuter(e);
  if (!ts.isCallExpression(x)) return false;
  const c = skipOuter(x.expression);
  if (ts.isIdentifier(c)) return /^(assert|invariant)([A-Z_]\w*)?$/.test(c.text);
  return ts.isPropertyAccessExpression(c) && c.name.text === 'assert' && ts.isIdentifier(c.expression) && c.expression.text === 'console';
}

/** Fields that hold a node's backward closure: `_backward`, `backward`, `backwardStep`, `backStep`, `backprop`, `gradFn`, `backward_fn`. */
export const BACKWARD_FIELD = /^_*(back(ward)?(_?(step|fn|pass|prop))?|grad_?fn)$/i;

export class Interpreter {
  readonly b: Builder;
  /** Tape mode (tape.ts): objects of classes are built from their constructors, writes through `this` reach the store, closures are logged. */
  tape: TapeLog | null = null;
  /** While a loop condition is read: an argument's element count (ELEMENT_COUNT) is its length. */
  private inLoopBound = false;
  /** Parameters whose declared type names something besides number (`other: Value | number`), in tape mode. */
  private readonly tapeNodeParams = new Set<string>();
  readonly notes: string[] = [];
  private readonly journal: JournalEntry[] = [];
  private readonly store = new Map<string, StoreEntry>();
  private readonly frames: Frame[] = [];
  private readonly calls: FunctionLike[] = [];
  private readonly outerValues = new Map<T.Node, Value | 'pending'>();
  private readonly ids = new WeakMap<MathNode, number>();
  private nextId = 1;
  private depth = 0;
  private steps = 0;
  private scope: Scope;
  /** Value of `this` when the last top-level call ended (a class forward pass leaves its state there). */
  lastThis: Value | undefined;

  /** The file being read; a sibling script's function is read with its own file as host (callGlobal). */
  host: InterpreterHost;

  constructor(host: InterpreterHost, builder?: Builder) {
    this.host = host;
    this.b = builder ?? new Builder();
    this.scope = new Scope(null, host.sf);
  }

  // ---------------------------------------------------------------- functions

  /** Runs a function on argument values; the result is its (merged) return value. */
  callFunction(decl: FunctionLike, args: Value[], thisValue: Value | undefined, env: Scope | null, name: string): Value {
    // One re-entry is read: a function that calls itself with other arguments to get its own
    // value (`logistic(x, true)` returning `logistic(x) * (1 - logistic(x))`) ends there when the
    // branch is decided by a known argument. A second re-entry is recursion we do not unroll.
    if (this.calls.filter((d) => d === decl).length >= 2) throw new TranslationError(`recursive call to ${name}`);
    if (this.calls.length >= MAX_CALL_DEPTH) throw new TranslationError('calls nested too deeply');
    if (!decl.body) throw new TranslationError(`${name} has no body`);
    const saved = this.scope;
    const frame: Frame = { returns: [], live: true, pc: [] };
    this.calls.push(decl);
    this.frames.push(frame);
    const fnScope = new Scope(env, decl);
    this.scope = fnScope;
    try {
      if (!ts.isArrowFunction(decl)) fnScope.vars.set('#this', { value: thisValue ?? UNDEF, kind: 'this' });
      valueParameters(decl).forEach((p, i) => {
        let arg: Value;
        if (p.dotDotDotToken) arg = { k: 'vec', items: args.slice(i) };
        else arg = args[i] ?? UNDEF;
        if (arg.k === 'undef' && p.initializer) arg = this.eval(p.initializer);
        if (this.tape && p.type && ts.isIdentifier(p.name) && /\b(?!number\b)[A-Z_a-z]\w*/.test(p.type.getText(this.host.sf).replace(/\bnumber\b/g, ''))) this.tapeNodeParams.add(p.name.text);
        this.bindPattern(p.name, arg, 'param');
      });
      if (ts.isBlock(decl.body)) {
        this.execStatements(decl.body.statements);
      } else {
        frame.returns.push({ pc: frame.pc, value: this.eval(decl.body) });
        frame.live = false;
      }
      if (this.calls.length === 1) this.lastThis = fnScope.vars.get('#this')?.value;
      if (frame.live) frame.returns.push({ pc: frame.pc, value: UNDEF });
      return this.foldReturns(frame.returns);
    } finally {
      this.scope = saved;
      this.frames.pop();
      this.calls.pop();
    }
  }

  /** A sibling script's top-level function: read in its own file (its names resolve there), then back. */
  private callGlobal(g: ScriptGlobal, args: Value[], name: string): Value {
    const saved = this.host;
    this.host = { ...saved, sf: g.sf, outer: g.outer };
    try {
      return this.callFunction(g.decl, args, undefined, null, name);
    } finally {
      this.host = saved;
    }
  }

  callValue(f: Value, args: Value[], thisValue: Value | undefined, label: string): Value {
    if (f.k === 'fn') return this.callFunction(f.decl, args, thisValue ?? f.thisValue, f.env as Scope | null, f.name);
    if (f.k === 'native') return f.call(args);
    throw new TranslationError(`calls ${label}, which is ${describe(f)}, not a function`);
  }

  /** Reads a path into argument data: what was written there, or a reference to the caller's value. */
  readPath(path: Path): Value {
    for (let n = path.length; n >= 1; n--) {
      const hit = this.store.get(pathText(path.slice(0, n)));
      if (!hit) continue;
      let v = hit.value;
      for (const seg of path.slice(n)) v = this.member(v, seg);
      return v;
    }
    return { k: 'ref', path };
  }

  /** Forgets writes made so far (between two top-level runs sharing instance state). */
  clearWrites(): void {
    this.store.clear();
    this.journal.length = 0;
  }

  /** Everything written into arguments during the run, by path. */
  writes(): StoreEntry[] {
    return [...this.store.values()];
  }

  toNode(v: Value, what = 'a value'): MathNode {
    switch (v.k) {
      case 'num': return v.node;
      case 'ref': {
        const r = this.readPath(v.path);
        return r.k === 'ref' ? this.b.sym(symbolName(r.path)) : this.toNode(r, pathText(v.path));
      }
      case 'undef': throw new TranslationError(`uses undefined as a number in ${what} (value would be NaN)`);
      case 'str': throw new TranslationError(`uses ${describe(v)} as a number`);
      default: throw new TranslationError(`uses ${describe(v)} as a number in ${what}`);
    }
  }

  /** An array value, reading a reference as an array of its length. */
  toVector(v: Value, what: string): readonly Value[] {
    if (v.k === 'vec') return v.items;
    if (v.k === 'ref') {
      const r = this.readPath(v.path);
      if (r.k !== 'ref') return this.toVector(r, what);
      const n = this.lengthOf(r.path);
      return Array.from({ length: n }, (_, i) => this.readPath([...r.path, i]));
    }
    throw new TranslationError(`uses ${describe(v)} as an array in ${what}`);
  }

  // ---------------------------------------------------------------- statements

  private execStatements(statements: readonly T.Statement[]): void {
    for (const s of statements) {
      if (ts.isFunctionDeclaration(s) && s.name) this.declare(s.name.text, this.closure(s, s.name.text), 'const');
    }
    for (const s of statements) {
      if (!this.frame().live) return;
      this.exec(s);
    }
  }

  private exec(s: T.Statement): void {
    this.tick();
    const frame = this.frame();
    if (!frame.live) return;
    if (ts.isBlock(s)) return this.inBlock(() => this.execStatements(s.statements));
    if (ts.isVariableStatement(s)) return this.declareList(s.declarationList);
    if (ts.isExpressionStatement(s)) {
      if (isGuardCall(s.expression)) return;
      this.eval(s.expression);
      return;
    }
    if (ts.isReturnStatement(s)) {
      const value = s.expression ? this.eval(s.expression) : UNDEF;
      if (frame.returns.length >= MAX_RETURN_PATHS) throw new TranslationError('too many return paths');
      frame.returns.push({ pc: frame.pc, value });
      frame.live = false;
      return;
    }
    if (ts.isIfStatement(s)) {
      const c = this.condition(s.expression);
      const then = () => this.inBlock(() => this.exec(s.thenStatement));
      const otherwise = () => {
        if (s.elseStatement) this.inBlock(() => this.exec(s.elseStatement!));
      };
      const known = constValue(c);
      if (known !== null) return (known ? then : otherwise)();
      this.fork(c, then, otherwise);
      return;
    }
    if (ts.isForStatement(s)) return this.execFor(s);
    if (ts.isForOfStatement(s)) return this.execForOf(s);
    if (ts.isWhileStatement(s) || ts.isDoStatement(s)) return this.execWhile(s);
    if (ts.isSwitchStatement(s)) return this.execSwitch(s);
    if (ts.isThrowStatement(s)) {
      // A throwing path produces no value; the function is read as defined where it does not throw.
      frame.live = false;
      return;
    }
    if (ts.isEmptyStatement(s) || ts.isFunctionDeclaration(s) || ts.isDebuggerStatement(s)) return;
    if (ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) return;
    if (ts.isForInStatement(s)) throw new TranslationError('for…in loop over object keys');
    if (ts.isBreakStatement(s) || ts.isContinueStatement(s)) throw new TranslationError(`${ts.isBreakStatement(s) ? 'break' : 'continue'} outside a switch`);
    if (ts.isTryStatement(s)) throw new TranslationError('try/catch');
    throw new TranslationError(`unsupported statement (${ts.SyntaxKind[s.kind]})`);
  }

  private execFor(s: T.ForStatement): void {
    this.refuseJumps(s.statement);
    this.inBlock(() => {
      if (s.initializer) {
        if (ts.isVariableDeclarationList(s.initializer)) this.declareList(s.initializer);
        else this.eval(s.initializer);
      }
      for (let i = 0; ; i++) {
        if (!this.frame().live) return;
        if (i > MAX_LOOP_ITERATIONS) throw new TranslationError(`loop runs more than ${MAX_LOOP_ITERATIONS} times`);
        if (s.condition && !this.loopCondition(s.condition)) return;
        this.inBlock(() => this.exec(s.statement));
        if (s.incrementor && this.frame().live) this.eval(s.incrementor);
      }
    });
  }

  private execWhile(s: T.WhileStatement | T.DoStatement): void {
    this.refuseJumps(s.statement);
    let first = ts.isDoStatement(s);
    for (let i = 0; ; i++) {
      if (!this.frame().live) return;
      if (i > MAX_LOOP_ITERATIONS) throw new TranslationError(`loop runs more than ${MAX_LOOP_ITERATIONS} times`);
      if (!first && !this.loopCondition(s.expression)) return;
      first = false;
      this.inBlock(() => this.exec(s.statement));
    }
  }

  private execForOf(s: T.ForOfStatement): void {
    this.refuseJumps(s.statement);
    const items = this.toVector(this.eval(s.expression), 'for…of');
    for (const item of items) {
      if (!this.frame().live) return;
      this.inBlock(() => {
        const init = s.initializer;
        if (ts.isVariableDeclarationList(init)) {
          const d = init.declarations[0];
          if (d) this.bindPattern(d.name, item, (init.flags & ts.NodeFlags.Const) !== 0 ? 'const' : 'let');
        } else {
          this.assign(init, item);
        }
        this.exec(s.statement);
      });
    }
  }

  /** A switch is read as an if/else chain; each case must end in break, return or throw. */
  private execSwitch(s: T.SwitchStatement): void {
    const disc = this.eval(s.expression);
    const clauses = s.caseBlock.clauses;
    const bodies: { test: T.Expression[]; body: T.Statement[] }[] = [];
    let pending: T.Expression[] = [];
    let defaultBody: T.Statement[] | null = null;
    for (const [i, c] of clauses.entries()) {
      if (ts.isDefaultClause(c)) {
        if (i !== clauses.length - 1) throw new TranslationError('switch with a default clause before other cases');
        defaultBody = this.caseBody(c, i === clauses.length - 1);
        continue;
      }
      pending.push(c.expression);
      if (c.statements.length === 0) continue;
      bodies.push({ test: pending, body: this.caseBody(c, i === clauses.length - 1) });
      pending = [];
    }
    const run = (k: number): void => {
      if (k >= bodies.length) {
        if (defaultBody) this.inBlock(() => this.execStatements(defaultBody!));
        return;
      }
      const { test, body } = bodies[k]!;
      let c: MathNode = this.b.num(0);
      for (const t of test) c = this.b.binary('or', c, this.strictEquals(disc, this.eval(t)));
      const then = () => this.inBlock(() => this.execStatements(body));
      const known = constValue(c);
      if (known !== null) return known ? then() : run(k + 1);
      this.fork(c, then, () => run(k + 1));
    };
    run(0);
  }

  private caseBody(c: T.CaseOrDefaultClause, last: boolean): T.Statement[] {
    const body = [...c.statements];
    const end = body[body.length - 1];
    if (end && ts.isBreakStatement(end) && !end.label) body.pop();
    else if (!last && !(end && (ts.isReturnStatement(end) || ts.isThrowStatement(end)))) {
      throw new TranslationError('switch case falls through');
    }
    this.refuseJumps(ts.factory.createBlock(body));
    return body;
  }

  private refuseJumps(body: T.Node): void {
    const stack: T.Node[] = [body];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (ts.isBreakStatement(n) || ts.isContinueStatement(n)) throw new TranslationError('break/continue inside a loop');
      if (ts.isFunctionLike(n) || ts.isIterationStatement(n, false) || ts.isSwitchStatement(n)) continue;
      n.forEachChild((c) => {
        stack.push(c);
      });
    }
  }

  private loopCondition(expr: T.Expression): boolean {
    this.inLoopBound = true;
    let c: MathNode;
    try {
      c = this.condition(expr);
    } finally {
      this.inLoopBound = false;
    }
    const v = constValue(c);
    if (v === null) throw new TranslationError('loop with a data-dependent bound');
    return v !== 0 && !Number.isNaN(v);
  }

  private declareList(list: T.VariableDeclarationList): void {
    const kind = (list.flags & ts.NodeFlags.Const) !== 0 ? 'const' : 'let';
    for (const d of list.declarations) {
      const hint = ts.isIdentifier(d.name) ? d.name.text : 'object';
      const value = d.initializer ? this.eval(d.initializer, hint) : UNDEF;
      this.bindPattern(d.name, value, kind);
    }
  }

  private bindPattern(name: T.BindingName, value: Value, kind: Binding['kind']): void {
    if (ts.isIdentifier(name)) {
      this.declare(name.text, value, kind);
      return;
    }
    name.elements.forEach((el, i) => {
      if (ts.isOmittedExpression(el)) return;
      if (el.dotDotDotToken) throw new TranslationError('rest element in destructuring');
      let key: string | number = i;
      if (ts.isObjectBindingPattern(name)) {
        const prop = el.propertyName ?? el.name;
        if (!ts.isIdentifier(prop) && !ts.isStringLiteral(prop)) throw new TranslationError('computed key in destructuring');
        key = prop.text;
      }
      let v = this.member(value, key);
      if (v.k === 'undef' && el.initializer) v = this.eval(el.initializer);
      this.bindPattern(el.name, v, kind);
    });
  }

  // ---------------------------------------------------------------- branching

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
      const original = this.currentOf(entry);
      const tv = t.changes.has(k) ? t.changes.get(k)!.current : original;
      const ev = e.changes.has(k) ? e.changes.get(k)!.current : original;
      if (!tv || !ev) continue; // declared in one branch only: not visible after the if
      const merged = 'kind' in tv
        ? { ...tv, value: this.merge(c, tv.value, (ev as Binding).value) }
        : { ...tv, value: this.merge(c, tv.value, (ev as StoreEntry).value) };
      this.restore(entry, merged);
    }
  }

  private snapshot(mark: number): Map<string, { entry: JournalEntry; current: Binding | StoreEntry | undefined }> {
    const out = new Map<string, { entry: JournalEntry; current: Binding | StoreEntry | undefined }>();
    for (let i = mark; i < this.journal.length; i++) {
      const entry = this.journal[i]!;
      const key = `${entry.where === 'store' ? 'store' : this.scopeKey(entry.where)}:${entry.key}`;
      if (!out.has(key)) out.set(key, { entry, current: this.currentOf(entry) });
    }
    return out;
  }

  private currentOf(entry: JournalEntry): Binding | StoreEntry | undefined {
    return entry.where === 'store' ? this.store.get(entry.key) : entry.where.vars.get(entry.key);
  }

  private readonly scopeKeys = new WeakMap<Scope, number>();
  private scopeKey(s: Scope): string {
    if (!this.scopeKeys.has(s)) this.scopeKeys.set(s, this.nextId++);
    return `s${this.scopeKeys.get(s)}`;
  }

  private rollback(mark: number): void {
    while (this.journal.length > mark) {
      const e = this.journal.pop()!;
      if (e.where === 'store') {
        if (e.old) this.store.set(e.key, e.old);
        else this.store.delete(e.key);
      } else if (e.old) e.where.vars.set(e.key, e.old);
      else e.where.vars.delete(e.key);
    }
  }

  /** Sets a journaled slot to a value (journaling the change in turn). */
  private restore(entry: JournalEntry, value: Binding | StoreEntry | undefined): void {
    if (entry.where === 'store') {
      this.journal.push({ where: 'store', key: entry.key, old: this.store.get(entry.key) });
      if (value) this.store.set(entry.key, value as StoreEntry);
      else this.store.delete(entry.key);
    } else {
      this.journal.push({ where: entry.where, key: entry.key, old: entry.where.vars.get(entry.key) });
      if (value) entry.where.vars.set(entry.key, value as Binding);
      else entry.where.vars.delete(entry.key);
    }
  }

  /** `c ? a : b` for values of any shape; shapes must agree. */
  merge(c: MathNode, a: Value, b: Value): Value {
    if (a === b) return a;
    if (a.k === 'vec' || b.k === 'vec') {
      const xs = this.toVector(a, 'a branch');
      const ys = this.toVector(b, 'a branch');
      if (xs.length !== ys.length) throw new TranslationError(`branches give arrays of different lengths (${xs.length} and ${ys.length})`);
      return { k: 'vec', items: xs.map((x, i) => this.merge(c, x, ys[i]!)) };
    }
    if (a.k === 'obj' && b.k === 'obj') {
      const props = new Map<string, Value>();
      for (const key of new Set([...a.props.keys(), ...b.props.keys()])) {
        props.set(key, this.merge(c, this.member(a, key), this.member(b, key)));
      }
      return { ...a, props };
    }
    if (a.k === 'ref' && b.k === 'ref' && pathText(a.path) === pathText(b.path)) return a;
    if (a.k === 'str' && b.k === 'str' && a.value === b.value) return a;
    if (a.k === 'fn' && b.k === 'fn' && a.decl === b.decl) return a;
    if (a.k === 'undef' && b.k === 'undef') return a;
    if ((a.k === 'num' || a.k === 'ref') && (b.k === 'num' || b.k === 'ref')) {
      return { k: 'num', node: this.b.cond(c, this.toNode(a), this.toNode(b)) };
    }
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

  eval(node: T.Expression, nameHint?: string): Value {
    if (++this.depth > MAX_SOURCE_DEPTH) {
      this.depth = 0;
      throw new TranslationError(`expression too deeply nested (more than ${MAX_SOURCE_DEPTH} levels)`);
    }
    try {
      this.tick();
      return this.evalInner(node, nameHint);
    } finally {
      if (this.depth > 0) this.depth--;
    }
  }

  private evalInner(node: T.Expression, nameHint?: string): Value {
    const b = this.b;
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)
      || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node)) {
      return this.eval(node.expression, nameHint);
    }
    if (ts.isNumericLiteral(node)) return { k: 'num', node: b.num(Number(node.text.replace(/_/g, ''))) };
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { k: 'str', value: node.text };
    switch (node.kind) {
      case ts.SyntaxKind.TrueKeyword: return { k: 'num', node: b.num(1) };
      case ts.SyntaxKind.FalseKeyword: return { k: 'num', node: b.num(0) };
      case ts.SyntaxKind.NullKeyword: return UNDEF;
      case ts.SyntaxKind.ThisKeyword: return this.lookupThis();
    }
    if (ts.isIdentifier(node)) return this.identifier(node);
    if (ts.isPrefixUnaryExpression(node)) return this.prefix(node);
    if (ts.isPostfixUnaryExpression(node)) {
      this.refuseOuterMutation(node.operand);
      const old = this.eval(node.operand);
      const one = b.num(1);
      const next = node.operator === ts.SyntaxKind.PlusPlusToken ? b.binary('add', this.toNode(old), one) : b.binary('subtract', this.toNode(old), one);
      this.assign(node.operand, { k: 'num', node: next });
      return old;
    }
    if (ts.isBinaryExpression(node)) return this.binaryExpr(node);
    if (ts.isConditionalExpression(node)) {
      const c = this.condition(node.condition);
      const known = constValue(c);
      if (known !== null) return this.eval(known && !Number.isNaN(known) ? node.whenTrue : node.whenFalse);
      let t: Value = UNDEF;
      let f: Value = UNDEF;
      this.fork(c, () => { t = this.eval(node.whenTrue); }, () => { f = this.eval(node.whenFalse); });
      return this.merge(c, t, f);
    }
    if (ts.isCallExpression(node)) return this.callExpr(node);
    if (ts.isNewExpression(node)) return this.newExpr(node, nameHint);
    if (ts.isPropertyAccessExpression(node)) return this.propertyRead(node);
    if (ts.isElementAccessExpression(node)) {
      const target = this.eval(node.expression);
      const key = this.index(node.argumentExpression, node.expression);
      // A kernel's own element (`inputs[this.thread.x]`): the parameter stands for that element.
      if (key === THREAD_INDEX) {
        if (target.k === 'ref') return target;
        throw new TranslationError(`a GPU kernel indexes ${describe(target)} by its thread`);
      }
      return this.member(target, key);
    }
    if (ts.isArrayLiteralExpression(node)) {
      const items: Value[] = [];
      for (const el of node.elements) {
        if (ts.isSpreadElement(el)) items.push(...this.toVector(this.eval(el.expression), 'a spread'));
        else if (ts.isOmittedExpression(el)) items.push(UNDEF);
        else items.push(this.eval(el));
      }
      return { k: 'vec', items };
    }
    if (ts.isObjectLiteralExpression(node)) return this.objectLiteral(node, nameHint ?? 'object');
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return this.closure(node, nameHint ?? node.name?.text ?? 'an inline function');
    if (ts.isTypeOfExpression(node)) {
      const v = this.eval(node.expression);
      // In tape mode an argument declared as a node or a number (`v: Value | number`) is a node.
      if (this.tape && v.k === 'ref' && v.path.length === 1 && this.tapeNodeParams.has(String(v.path[0]))) return { k: 'str', value: 'object' };
      const t = v.k === 'num' || v.k === 'ref' ? 'number' : v.k === 'str' ? 'string' : v.k === 'undef' ? 'undefined' : v.k === 'fn' || v.k === 'native' ? 'function' : 'object';
      return { k: 'str', value: t };
    }
    if (ts.isVoidExpression(node)) return UNDEF;
    if (ts.isAwaitExpression(node) || ts.isYieldExpression(node)) throw new TranslationError('asynchronous code (await/yield)');
    // A node's label (`new Value(x ** k, [this], `**${k}`)`) is text no number depends on.
    if (ts.isTemplateExpression(node) && this.tape) return { k: 'str', value: node.getText(this.host.sf) };
    if (ts.isTemplateExpression(node)) throw new TranslationError('builds a string');
    throw new TranslationError(`unsupported syntax (${ts.SyntaxKind[node.kind]})`);
  }

  private prefix(node: T.PrefixUnaryExpression): Value {
    const b = this.b;
    switch (node.operator) {
      case ts.SyntaxKind.MinusToken: return { k: 'num', node: b.neg(this.toNode(this.eval(node.operand), 'a negation')) };
      case ts.SyntaxKind.PlusToken: return { k: 'num', node: this.toNode(this.eval(node.operand), 'unary +') };
      case ts.SyntaxKind.ExclamationToken: return { k: 'num', node: b.not(this.truth(this.eval(node.operand))) };
      case ts.SyntaxKind.PlusPlusToken:
      case ts.SyntaxKind.MinusMinusToken: {
        this.refuseOuterMutation(node.operand);
        const old = this.toNode(this.eval(node.operand));
        const next: Value = { k: 'num', node: b.binary(node.operator === ts.SyntaxKind.PlusPlusToken ? 'add' : 'subtract', old, b.num(1)) };
        this.assign(node.operand, next);
        return next;
      }
      default: throw new TranslationError(`uses a bitwise operator (${ts.tokenToString(node.operator)})`);
    }
  }

  private binaryExpr(node: T.BinaryExpression): Value {
    const b = this.b;
    const kind = node.operatorToken.kind;
    if (isAssignmentOperator(kind)) this.refuseOuterMutation(node.left);
    if (kind === ts.SyntaxKind.EqualsToken) {
      const v = this.eval(node.right, ts.isIdentifier(node.left) ? node.left.text : undefined);
      this.assign(node.left, v);
      return v;
    }
    if (isAssignmentOperator(kind)) {
      const fnName = operators().compound[kind];
      if (!fnName) throw new TranslationError(`uses ${ts.tokenToString(kind)}`);
      const next: Value = { k: 'num', node: b.binary(fnName, this.toNode(this.eval(node.left)), this.toNode(this.eval(node.right))) };
      this.assign(node.left, next);
      return next;
    }
    if (kind === ts.SyntaxKind.CommaToken) {
      this.eval(node.left);
      return this.eval(node.right);
    }
    if (kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken) return this.logical(node, kind === ts.SyntaxKind.AmpersandAmpersandToken);
    if (kind === ts.SyntaxKind.QuestionQuestionToken) {
      const left = this.eval(node.left);
      return left.k === 'undef' ? this.eval(node.right) : left;
    }
    if (kind === ts.SyntaxKind.InstanceOfKeyword && this.tape) return this.instanceOf(node);
    const left = this.eval(node.left);
    const right = this.eval(node.right);
    switch (kind) {
      case ts.SyntaxKind.EqualsEqualsEqualsToken:
      case ts.SyntaxKind.EqualsEqualsToken:
        return { k: 'num', node: this.strictEquals(left, right) };
      case ts.SyntaxKind.ExclamationEqualsEqualsToken:
      case ts.SyntaxKind.ExclamationEqualsToken:
        return { k: 'num', node: this.strictEquals(left, right, true) };
      case ts.SyntaxKind.PlusToken:
        if (left.k === 'str' && right.k === 'str') return { k: 'str', value: left.value + right.value };
        if (left.k === 'str' || right.k === 'str') throw new TranslationError('builds a string');
    }
    const fnName = operators().binary[kind];
    if (!fnName) throw new TranslationError(`uses the ${ts.tokenToString(kind)} operator, which is outside the vocabulary`);
    return { k: 'num', node: b.binary(fnName, this.toNode(left, 'an operand'), this.toNode(right, 'an operand')) };
  }

  /**
   * `other instanceof Value` while reading a tape node: an argument whose class nothing states is
   * taken to be a node (the case the backward closure is written for), a number is not.
   */
  private instanceOf(node: T.BinaryExpression): Value {
    const left = this.eval(node.left);
    const cls = skipOuter(node.right);
    const className = ts.isIdentifier(cls) ? cls.text : cls.getText(this.host.sf);
    let yes: boolean;
    if (left.k === 'obj') yes = left.name === className;
    else if (left.k === 'ref') {
      yes = true;
      const note = `takes ${pathText(left.path)} to be a ${className}`;
      if (!this.notes.includes(note)) this.notes.push(note);
    } else yes = false;
    return { k: 'num', node: this.b.num(yes ? 1 : 0) };
  }

  /** && and || return an operand in JS; on truth values they are plain and/or. */
  private logical(node: T.BinaryExpression, isAnd: boolean): Value {
    const left = this.eval(node.left);
    const lt = this.truth(left);
    const known = constValue(lt);
    if (known !== null) {
      const takeRight = isAnd ? known !== 0 : known === 0;
      return takeRight ? this.eval(node.right) : left;
    }
    const right = this.eval(node.right);
    if (left.k === 'num' && isBooleanNode(left.node) && right.k === 'num' && isBooleanNode(right.node)) {
      return { k: 'num', node: this.b.binary(isAnd ? 'and' : 'or', left.node, right.node) };
    }
    return isAnd ? this.merge(lt, right, left) : this.merge(lt, left, right);
  }

  private strictEquals(a: Value, c: Value, negate = false): MathNode {
    const b = this.b;
    if (a.k === 'str' || c.k === 'str' || a.k === 'undef' || c.k === 'undef') {
      const same = a.k === c.k && (a.k !== 'str' || a.value === (c as { value: string }).value);
      return b.num(same !== negate ? 1 : 0);
    }
    return b.binary(negate ? 'unequal' : 'equal', this.toNode(a), this.toNode(c));
  }

  /** The truth value of a JS value, as a tree (constant when known). */
  truth(v: Value): MathNode {
    switch (v.k) {
      case 'num': return v.node;
      case 'ref': return this.toNode(v);
      case 'str': return this.b.num(v.value === '' ? 0 : 1);
      case 'undef': return this.b.num(0);
      default: return this.b.num(1);
    }
  }

  private condition(expr: T.Expression): MathNode {
    return this.truth(this.eval(expr));
  }

  private identifier(node: T.Identifier): Value {
    const name = node.text;
    const local = this.lookupLocal(name);
    if (local) return local.value;
    if (name === 'undefined') return UNDEF;
    if (name === 'NaN') return { k: 'num', node: this.b.num(NaN) };
    if (name === 'Infinity') return { k: 'num', node: this.b.num(Infinity) };
    const outer = this.outer(name);
    if (outer) return outer;
    if (IO_GLOBALS.has(name)) throw new TranslationError(`I/O (${name})`);
    const typo = undeclaredTypo(this.host.sf, name);
    throw new TranslationError(typo ? `reads unknown variable ${name}: ${typo}` : `reads unknown variable ${name}`);
  }

  private propertyRead(node: T.PropertyAccessExpression): Value {
    const name = node.name.text;
    const base = node.expression;
    if (ts.isIdentifier(base) && !this.lookupLocal(base.text) && !this.outerDeclares(base.text)) {
      if (base.text === 'Math') return { k: 'num', node: mathConstant(this.b, name) };
      if (base.text === 'Number') {
        if (name in NUMBER_CONSTANTS) return { k: 'num', node: this.b.num(NUMBER_CONSTANTS[name]!) };
        throw new TranslationError(`reads Number.${name}`);
      }
      if (IO_GLOBALS.has(base.text)) throw new TranslationError(`I/O (${base.text}.${name})`);
    }
    const target = this.eval(base);
    return this.member(target, name, () => `${base.getText(this.host.sf)}.${name}`);
  }

  member(v: Value, key: string | number, label?: () => string): Value {
    const where = () => (label ? label() : `${describe(v)}${typeof key === 'number' ? `[${key}]` : `.${key}`}`);
    switch (v.k) {
      case 'vec':
        if (key === 'length') return { k: 'num', node: this.b.num(v.items.length) };
        if (typeof key === 'number') {
          const item = v.items[key];
          if (!item) throw new TranslationError(`reads ${where()} beyond the array's length ${v.items.length} (value would be undefined)`);
          return item;
        }
        throw new TranslationError(`reads ${where()} of an array`);
      case 'ref': {
        const r = this.readPath(v.path);
        if (r.k !== 'ref') return this.member(r, key, label);
        if (key === 'length') return { k: 'num', node: this.b.num(this.lengthOf(r.path)) };
        if (this.inLoopBound && typeof key === 'string' && ELEMENT_COUNT.test(key)) return { k: 'num', node: this.b.num(this.lengthOf(r.path)) };
        return this.readPath([...r.path, key]);
      }
      case 'obj': {
        const p = v.props.get(String(key));
        if (p) return p;
        if (v.missing === 'nan') throw new TranslationError(`reads undefined property ${v.name}.${key} (value would be NaN)`);
        if (this.inLoopBound && typeof key === 'string' && ELEMENT_COUNT.test(key) && v.missing.refRoot[0] !== 'this') return { k: 'num', node: this.b.num(this.host.dims) };
        return this.readPath([...v.missing.refRoot, key]);
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

  private index(arg: T.Expression, target: T.Expression): string | number {
    const v = this.eval(arg);
    if (v.k === 'str') return v.value;
    const n = constValue(this.toNode(v, 'an index'));
    if (n === null) throw new TranslationError(`index into ${target.getText(this.host.sf)} depends on data`);
    if (!Number.isInteger(n) || n < 0) throw new TranslationError(`index ${n} into ${target.getText(this.host.sf)} is not a valid array index`);
    return n;
  }

  private objectLiteral(node: T.ObjectLiteralExpression, name: string): Value {
    const props = new Map<string, Value>();
    const obj: { k: 'obj'; name: string; props: Map<string, Value>; missing: 'nan' } = { k: 'obj', name, props, missing: 'nan' };
    for (const p of node.properties) {
      if (ts.isSpreadAssignment(p)) {
        const src = this.eval(p.expression);
        if (src.k !== 'obj') throw new TranslationError(`spreads ${describe(src)} into an object`);
        for (const [k, v] of src.props) props.set(k, v);
        continue;
      }
      const key = this.propertyKey(p.name);
      if (ts.isPropertyAssignment(p)) props.set(key, this.eval(p.initializer, key));
      else if (ts.isShorthandPropertyAssignment(p)) props.set(key, this.identifier(p.name));
      else if (ts.isMethodDeclaration(p)) props.set(key, this.closure(p, key));
      else throw new TranslationError(`object literal with an accessor (${key})`);
    }
    return obj;
  }

  propertyKey(name: T.PropertyName): string {
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
    if (ts.isComputedPropertyName(name)) {
      const v = this.eval(name.expression);
      if (v.k === 'str') return v.value;
      const n = v.k === 'num' ? constValue(v.node) : null;
      if (n !== null) return String(n);
    }
    throw new TranslationError('computed property name');
  }

  closure(decl: FunctionLike, name: string): Value {
    return { k: 'fn', decl, env: this.scope, thisValue: undefined, name };
  }

  // ---------------------------------------------------------------- calls

  private args(nodes: readonly T.Expression[]): Value[] {
    const out: Value[] = [];
    for (const a of nodes) {
      if (ts.isSpreadElement(a)) out.push(...this.toVector(this.eval(a.expression), 'a spread argument'));
      else out.push(this.eval(a));
    }
    return out;
  }

  private callExpr(node: T.CallExpression): Value {
    const callee = skipOuter(node.expression);
    if (ts.isPropertyAccessExpression(callee) || (ts.isElementAccessExpression(callee) && ts.isStringLiteral(callee.argumentExpression))) {
      const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : (callee.argumentExpression as T.StringLiteral).text;
      const recvExpr = skipOuter(callee.expression);
      if (ts.isIdentifier(recvExpr) && this.isTfNamespace(recvExpr.text)) return this.tfCall(method, node.arguments);
      if (ts.isIdentifier(recvExpr) && !this.lookupLocal(recvExpr.text) && !this.outerDeclares(recvExpr.text)) {
        const g = recvExpr.text;
        if (g === 'Math') return { k: 'num', node: mathCall(this.b, method, this.args(node.arguments).map((a) => this.toNode(a, `Math.${method}`))) };
        if (g === 'tf') return this.tfCall(method, node.arguments);
        // A warning logged in a tape operation's degenerate branch changes no value.
        if (this.tape && g === 'console') return UNDEF;
        if (IO_GLOBALS.has(g)) throw new TranslationError(`I/O (${g}.${method})`);
        if (g === 'Array' && method === 'from') return this.arrayFrom(this.args(node.arguments));
        if (/^[A-Z]/.test(g) && ['Number', 'Object', 'JSON', 'Array', 'Date', 'String', 'Reflect', 'Promise', 'Symbol'].includes(g)) {
          throw new TranslationError(`calls ${g}.${method}`);
        }
      }
      // `lib.MathU.tanh(x)`, `MathUtils.exp(x)`: a math helper namespace the file does not define
      // (a wrapper's parameter or an import) calling a function Math has, read as Math's.
      if (isMathFunction(method) && ts.isPropertyAccessExpression(recvExpr) && /^math/i.test(recvExpr.name.text) && !this.definesLocally(recvExpr)) {
        const note = `reads ${recvExpr.getText(this.host.sf)}.${method} as Math.${method}`;
        if (!this.notes.includes(note)) this.notes.push(note);
        return { k: 'num', node: mathCall(this.b, method, this.args(node.arguments).map((a) => this.toNode(a, `Math.${method}`))) };
      }
      const recv = this.eval(recvExpr);
      return this.callMethod(recv, method, node.arguments, recvExpr);
    }
    if (ts.isIdentifier(callee)) {
      const name = callee.text;
      const local = this.lookupLocal(name);
      if (local) return this.callValue(local.value, this.args(node.arguments), undefined, name);
      const decl = this.host.outer.resolve(name, this.outerAnchor());
      if (!decl) {
        if (IO_GLOBALS.has(name)) throw new TranslationError(`I/O (${name})`);
        const g = this.host.globals?.get(name);
        if (g) return this.callGlobal(g, this.args(node.arguments), name);
        throw new TranslationError(`calls unknown function ${name}`);
      }
      if (decl.kind === 'import') throw new TranslationError(`calls ${name}, imported from ${decl.from}`);
      const f = this.outer(name)!;
      return this.callValue(f, this.args(node.arguments), undefined, name);
    }
    const f = this.eval(callee);
    return this.callValue(f, this.args(node.arguments), undefined, 'an expression');
  }

  private callMethod(recv: Value, method: string, argNodes: readonly T.Expression[], recvExpr: T.Expression): Value {
    const label = () => `${recvExpr.getText(this.host.sf)}.${method}`;
    if (this.tape && method === 'push') {
      // `this.backprop.push(backward)`: a closure put on a tape runs in the backward pass.
      const args = this.args(argNodes);
      const fns = args.filter((a): a is Value & { k: 'fn' } => a.k === 'fn');
      if (fns.length > 0) {
        for (const fn of fns) this.tape.closures.push({ fn, holder: null });
        return UNDEF;
      }
    }
    // Reading a record's backward closure (tape.ts, readRecordStep): `input.backward(g)` hands the
    // input its gradient; `x.copy()` / `x.clone()` of an argument's tensor is a fresh tensor of the
    // same entries (its `data`), so writes into the copy never reach the argument.
    if (this.tape?.handed && BACKWARD_FIELD.test(method) && recv.k === 'ref') {
      this.tape.handed.push({ recv, value: this.args(argNodes)[0] ?? UNDEF });
      return UNDEF;
    }
    if (this.tape && (method === 'copy' || method === 'clone') && argNodes.length === 0 && recv.k === 'ref') {
      return { k: 'obj', name: 'copy', props: new Map([['data', { k: 'vec', items: [...this.toVector(this.member(recv, 'data'), 'a copy')] }]]), missing: 'nan' };
    }
    if (this.tape && (method === 'copy' || method === 'clone') && argNodes.length === 0 && recv.k === 'obj' && recv.props.get('data')?.k === 'vec') {
      return { k: 'obj', name: 'copy', props: new Map([['data', recv.props.get('data')!]]), missing: 'nan' };
    }
    if (recv.k === 'obj') {
      const f = this.member(recv, method, label);
      return this.callValue(f, this.args(argNodes), recv, label());
    }
    const isArrayLike = recv.k === 'vec' || (recv.k === 'ref' && !TF_METHODS.has(method));
    if (isArrayLike && ARRAY_METHODS.has(method)) return this.arrayMethod(recv, method, this.args(argNodes), recvExpr);
    if (isArrayLike && DATA_DEPENDENT_ARRAY_METHODS.has(method)) throw new TranslationError(`uses ${label()} (not read statically)`);
    if ((recv.k === 'num' || recv.k === 'ref') && TF_METHODS.has(method)) {
      return { k: 'num', node: tfOp(this.b, method, [this.toNode(recv), ...this.args(argNodes).map((a) => this.toNode(a, `.${method}`))]) };
    }
    if (recv.k === 'ref') throw new TranslationError(`calls unknown method ${label()}`);
    throw new TranslationError(`calls ${label()} on ${describe(recv)}`);
  }

  private arrayMethod(recv: Value, method: string, args: Value[], recvExpr: T.Expression): Value {
    const items = this.toVector(recv, method);
    const arr: Value = { k: 'vec', items };
    const b = this.b;
    const fnArg = () => {
      const f = args[0];
      if (!f || (f.k !== 'fn' && f.k !== 'native')) throw new TranslationError(`${method} without a function`);
      return f;
    };
    switch (method) {
      case 'map': {
        const f = fnArg();
        return { k: 'vec', items: items.map((v, i) => this.callValue(f, [v, { k: 'num', node: b.num(i) }, arr], undefined, 'map callback')) };
      }
      case 'forEach': {
        const f = fnArg();
        items.forEach((v, i) => this.callValue(f, [v, { k: 'num', node: b.num(i) }, arr], undefined, 'forEach callback'));
        return UNDEF;
      }
      case 'reduce': {
        const f = fnArg();
        let acc: Value;
        let start = 0;
        if (args.length >= 2) acc = args[1]!;
        else {
          if (items.length === 0) throw new TranslationError('reduce of an empty array with no initial value');
          acc = items[0]!;
          start = 1;
        }
        for (let i = start; i < items.length; i++) acc = this.callValue(f, [acc, items[i]!, { k: 'num', node: b.num(i) }, arr], undefined, 'reduce callback');
        return acc;
      }
      case 'fill': {
        const v = args[0] ?? UNDEF;
        const [s, e] = this.sliceBounds(items.length, args[1], args[2]);
        const out: Value = { k: 'vec', items: items.map((x, i) => (i >= s && i < e ? v : x)) };
        this.assignIfPlace(recvExpr, out);
        return out;
      }
      case 'slice': {
        const [s, e] = this.sliceBounds(items.length, args[0], args[1]);
        return { k: 'vec', items: items.slice(s, e) };
      }
      case 'concat': {
        const out = [...items];
        for (const a of args) {
          if (a.k === 'vec' || a.k === 'ref') out.push(...this.toVector(a, 'concat'));
          else out.push(a);
        }
        return { k: 'vec', items: out };
      }
      case 'push': {
        const grown = [...items, ...args];
        this.assign(recvExpr, { k: 'vec', items: grown }, true);
        return { k: 'num', node: b.num(grown.length) };
      }
    }
    throw new TranslationError(`uses array.${method}`);
  }

  private sliceBounds(n: number, s?: Value, e?: Value): [number, number] {
    const read = (v: Value | undefined, dflt: number) => {
      if (!v || v.k === 'undef') return dflt;
      const x = constValue(this.toNode(v));
      if (x === null) throw new TranslationError('slice/fill bounds depend on data');
      const i = Math.trunc(x);
      return i < 0 ? Math.max(0, n + i) : Math.min(n, i);
    };
    return [read(s, 0), read(e, n)];
  }

  private arrayFrom(args: Value[]): Value {
    const src = args[0];
    if (!src) throw new TranslationError('Array.from without an argument');
    let items: readonly Value[];
    if (src.k === 'obj' && src.props.has('length')) {
      const n = constValue(this.toNode(src.props.get('length')!));
      if (n === null || !Number.isInteger(n) || n < 0 || n > MAX_LOOP_ITERATIONS) throw new TranslationError('Array.from with a length that is not a small constant');
      items = Array.from({ length: n }, () => UNDEF);
    } else {
      items = this.toVector(src, 'Array.from');
    }
    const f = args[1];
    if (!f) return { k: 'vec', items };
    return { k: 'vec', items: items.map((v, i) => this.callValue(f, [v, { k: 'num', node: this.b.num(i) }], undefined, 'Array.from callback')) };
  }

  private newExpr(node: T.NewExpression, nameHint?: string): Value {
    const callee = skipOuter(node.expression);
    const name = ts.isIdentifier(callee) ? callee.text : callee.getText(this.host.sf);
    const args = this.args(node.arguments ?? []);
    // A Set or Map (`out._prev = new Set([a, b])`, a node's parents) holds bookkeeping, no number
    // the math reads: an opaque object, so storing it changes nothing and reading into it refuses.
    if (['Set', 'Map', 'WeakSet', 'WeakMap'].includes(name) && !this.lookupLocal(name)) return { k: 'obj', name, props: new Map(), missing: 'nan' };
    if (this.tape && !['Array', 'Float64Array', 'Float32Array', 'Map', 'Set', 'Error'].includes(name)) return this.tapeNode(name, args, nameHint);
    if (['Array', 'Float64Array', 'Float32Array'].includes(name) && !this.lookupLocal(name)) {
      const typed = name !== 'Array';
      if (args.length === 1) {
        const a = args[0]!;
        if (a.k === 'vec' || a.k === 'ref') {
          if (a.k === 'ref' && !typed) return { k: 'vec', items: [a] };
          return { k: 'vec', items: [...this.toVector(a, name)] };
        }
        const n = constValue(this.toNode(a, `new ${name}(n)`));
        if (n === null) throw new TranslationError(`new ${name} of a data-dependent length`);
        if (!Number.isInteger(n) || n < 0 || n > MAX_LOOP_ITERATIONS) throw new TranslationError(`new ${name}(${n})`);
        const fill: Value = typed ? { k: 'num', node: this.b.num(0) } : UNDEF;
        return { k: 'vec', items: Array.from({ length: n }, () => fill) };
      }
      return { k: 'vec', items: args };
    }
    throw new TranslationError(`constructs ${name}`);
  }

  /**
   * A node made during a tape-mode run (`new Value(data, [this, other])`, `new Mat(n, d)`): the
   * fields its constructor sets from its arguments (`this.data = data`, TypeScript parameter
   * properties) hold those values; every other field (`grad`, `dw`, filled in later by the
   * backward pass, or set to constants now) reads as a variable rooted at the variable the node is
   * bound to (`out.grad` → out_grad). The constructor is read, never run as a whole: statements it
   * cannot translate leave their fields to be variables.
   */
  private tapeNode(className: string, args: Value[], nameHint?: string): Value {
    const root = nameHint && /^[A-Za-z_$][\w$]*$/.test(nameHint) ? nameHint : className.toLowerCase().replace(/[^a-z0-9_]/g, '_');
    const props = new Map<string, Value>();
    const decl = this.host.outer.resolve(className, this.outerAnchor());
    let ctor: { params: readonly T.ParameterDeclaration[]; body: T.Block | undefined } | null = null;
    if (decl?.kind === 'class') {
      const c = decl.node.members.find(ts.isConstructorDeclaration);
      if (c) ctor = { params: c.parameters, body: c.body };
    } else if (decl?.kind === 'function' && decl.node.body && ts.isBlock(decl.node.body)) {
      ctor = { params: decl.node.parameters, body: decl.node.body };
    }
    if (ctor) {
      const byParam = new Map<string, Value>();
      ctor.params.forEach((p, i) => {
        if (!ts.isIdentifier(p.name)) return;
        let v = args[i] ?? UNDEF;
        if (v.k === 'undef' && p.initializer) {
          try { v = this.eval(p.initializer); } catch { v = UNDEF; }
        }
        byParam.set(p.name.text, v);
        const isProperty = (ts.canHaveModifiers(p) ? ts.getModifiers(p) ?? [] : []).some((m) => [ts.SyntaxKind.PublicKeyword, ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword, ts.SyntaxKind.ReadonlyKeyword].includes(m.kind));
        if (isProperty && v.k !== 'undef') props.set(p.name.text, v);
      });
      for (const st of ctor.body?.statements ?? []) {
        if (!ts.isExpressionStatement(st) || !ts.isBinaryExpression(st.expression) || st.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
        const left = skipOuter(st.expression.left);
        if (!ts.isPropertyAccessExpression(left) || left.expression.kind !== ts.SyntaxKind.ThisKeyword) continue;
        const right = skipOuter(st.expression.right);
        // Only fields copied from an argument: `this.data = data`, `this._prev = children`.
        if (ts.isIdentifier(right) && byParam.has(right.text)) {
          const v = byParam.get(right.text)!;
          if (v.k !== 'undef') props.set(left.name.text, v);
        }
      }
    }
    const node: Value = { k: 'obj', name: className, props, missing: { refRoot: [root] } };
    // Closures handed to the node's constructor are its backward steps too: `new Value(d, [a, b],
    // () => …)`, or one per input, `new Value(d, [[a, () => ∂d/∂a], [b, () => ∂d/∂b]])`.
    const log = this.tape;
    if (log) {
      const visit = (v: Value, depth: number) => {
        if (v.k === 'fn') log.closures.push({ fn: v, holder: node });
        else if (v.k === 'vec' && depth < 2) {
          const [x, f] = v.items;
          if (v.items.length === 2 && x && f && x.k !== 'fn' && f.k === 'fn') log.closures.push({ fn: f, holder: node, input: x });
          else for (const it of v.items) visit(it, depth + 1);
        }
      };
      for (const a of args) visit(a, 0);
    }
    return node;
  }

  private tfCall(method: string, argNodes: readonly T.Expression[]): Value {
    if (method === 'tidy') {
      const args = this.args(argNodes);
      const f = args.find((a) => a.k === 'fn');
      if (!f) throw new TranslationError('tf.tidy without a function');
      return this.callValue(f, [], undefined, 'tf.tidy callback');
    }
    const args = this.args(argNodes);
    return { k: 'num', node: tfOp(this.b, method, args.map((a) => this.toNode(a, `tf.${method}`))) };
  }

  // ---------------------------------------------------------------- bindings

  private frame(): Frame {
    const f = this.frames[this.frames.length - 1];
    if (!f) throw new TranslationError('internal: no frame');
    return f;
  }

  /** Runs an expression outside any function (a module constant's initializer). */
  evalDetached(expr: T.Expression, anchor: T.Node, nameHint?: string): Value {
    const saved = this.scope;
    const frame: Frame = { returns: [], live: true, pc: [] };
    this.frames.push(frame);
    this.scope = new Scope(null, anchor);
    try {
      return this.eval(expr, nameHint);
    } finally {
      this.scope = saved;
      this.frames.pop();
    }
  }

  private inBlock(run: () => void): void {
    const saved = this.scope;
    this.scope = new Scope(saved, null);
    try {
      run();
    } finally {
      this.scope = saved;
    }
  }

  private declare(name: string, value: Value, kind: Binding['kind']): void {
    this.journal.push({ where: this.scope, key: name, old: this.scope.vars.get(name) });
    this.scope.vars.set(name, { value, kind });
  }

  private lookupLocal(name: string): Binding | undefined {
    for (let s: Scope | null = this.scope; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v) return v;
    }
    return undefined;
  }

  private lookupThis(): Value {
    const t = this.lookupLocal('#this');
    if (!t || t.value.k === 'undef') {
      const kernel = this.kernelThis();
      if (kernel) return kernel;
      throw new TranslationError('uses this outside a method');
    }
    return t.value;
  }

  /**
   * A GPU kernel (gpu.js style) reads its element through `this.thread.x` / `.y` / `.z` and its
   * settings through `this.constants.NAME`. The function computes one element; reading every
   * input at that element gives the elementwise function, which is what is checked, and each
   * constant is a free parameter. Only for a plain function whose body reads `this.thread`.
   */
  private kernelThis(): Value | undefined {
    const decl = this.calls[this.calls.length - 1];
    if (!decl || ts.isMethodDeclaration(decl) || !/\bthis\s*\.\s*thread\s*\./.test(decl.getText(this.host.sf))) return undefined;
    const own: Value = { k: 'str', value: THREAD_INDEX };
    const thread: Value = { k: 'obj', name: 'this.thread', props: new Map([['x', own], ['y', own], ['z', own]]), missing: 'nan' };
    const note = 'a GPU kernel: each input is read at the kernel\'s own element (this.thread), so the elementwise function is checked';
    if (!this.notes.includes(note)) this.notes.push(note);
    return { k: 'obj', name: 'this (kernel)', props: new Map<string, Value>([['thread', thread], ['constants', { k: 'ref', path: ['constants'] }]]), missing: 'nan' };
  }

  /** Where lookups go once local scopes are exhausted: outside the outermost function being run. */
  private outerAnchor(): T.Node {
    let anchor: T.Node = this.host.sf;
    for (let s: Scope | null = this.scope; s; s = s.parent) if (s.anchor) anchor = s.anchor;
    return anchor;
  }

  /** `tf`, whether a global or imported from a @tensorflow package. */
  private isTfNamespace(name: string): boolean {
    if (name !== 'tf' || this.lookupLocal(name)) return false;
    const decl = this.host.outer.resolve(name, this.outerAnchor());
    return !decl || (decl.kind === 'import' && decl.from.startsWith('@tensorflow/'));
  }

  private outerDeclares(name: string): boolean {
    return this.host.outer.resolve(name, this.outerAnchor()) !== null;
  }

  private outer(name: string): Value | null {
    const decl = this.host.outer.resolve(name, this.outerAnchor());
    if (!decl) return null;
    switch (decl.kind) {
      case 'import': throw new TranslationError(`reads ${name}, imported from ${decl.from}`);
      case 'param': {
        if (!this.host.outerParamsShared) throw new TranslationError(`reads ${name}, a parameter of ${decl.owner}`);
        const init = decl.node?.initializer && skipOuter(decl.node.initializer);
        if (init && ts.isNumericLiteral(init)) return { k: 'num', node: this.b.num(Number(init.text)) };
        if (init && ts.isPrefixUnaryExpression(init) && init.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(init.operand)) return { k: 'num', node: this.b.num(-Number(init.operand.text)) };
        return { k: 'ref', path: [name] };
      }
      case 'function': return { k: 'fn', decl: decl.node, env: null, thisValue: undefined, name };
      case 'class': return this.cached(decl.node, () => this.classStatics(decl.node, name));
      case 'var': {
        const d = decl.decl;
        if (!decl.isConst && this.host.outer.isReassigned(name)) throw new TranslationError(`reads ${name}, a module variable that is reassigned`);
        if (!d.initializer) throw new TranslationError(`reads ${name}, which has no initial value`);
        return this.cached(d, () => this.evalDetached(d.initializer!, d, name));
      }
    }
  }

  private cached(key: T.Node, make: () => Value): Value {
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

  private classStatics(node: T.ClassLikeDeclaration, name: string): Value {
    const props = new Map<string, Value>();
    const obj: Value = { k: 'obj', name, props, missing: 'nan' };
    for (const m of node.members) {
      const isStatic = ts.canHaveModifiers(m) && (ts.getModifiers(m) ?? []).some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
      if (!isStatic || !m.name) continue;
      const key = this.propertyKey(m.name);
      if (ts.isMethodDeclaration(m)) props.set(key, { k: 'fn', decl: m, env: null, thisValue: obj, name: `${name}.${key}` });
      else if (ts.isPropertyDeclaration(m) && m.initializer) props.set(key, this.evalDetached(m.initializer, m, key));
    }
    return obj;
  }

  /** `inPlace`: the binding's object or array is being mutated (allowed on const), not rebound. */
  assign(target: T.Expression, value: Value, inPlace = false): void {
    const t = skipOuter(target);
    if (ts.isIdentifier(t)) {
      for (let s: Scope | null = this.scope; s; s = s.parent) {
        const binding = s.vars.get(t.text);
        if (!binding) continue;
        if (binding.kind === 'const' && !inPlace) throw new TranslationError(`assigns to constant ${t.text}`);
        this.journal.push({ where: s, key: t.text, old: binding });
        s.vars.set(t.text, { value, kind: binding.kind });
        return;
      }
      throw new TranslationError(`mutates outer state (${t.text})`);
    }
    if (t.kind === ts.SyntaxKind.ThisKeyword) {
      for (let s: Scope | null = this.scope; s; s = s.parent) {
        const binding = s.vars.get('#this');
        if (!binding) continue;
        this.journal.push({ where: s, key: '#this', old: binding });
        s.vars.set('#this', { value, kind: 'this' });
        return;
      }
      throw new TranslationError('assigns to this outside a method');
    }
    if (ts.isPropertyAccessExpression(t) || ts.isElementAccessExpression(t)) {
      const key = ts.isPropertyAccessExpression(t) ? t.name.text : this.index(t.argumentExpression, t.expression);
      const base = this.eval(t.expression);
      if (base.k === 'ref') {
        this.writePath([...base.path, key], value);
        return;
      }
      if (base.k === 'vec') {
        if (typeof key !== 'number') throw new TranslationError(`sets property ${key} on an array`);
        if (key > base.items.length || key > MAX_LOOP_ITERATIONS) throw new TranslationError(`writes index ${key} past the end of an array of ${base.items.length}`);
        const items = [...base.items];
        items[key] = value;
        this.assign(t.expression, { k: 'vec', items }, true);
        return;
      }
      if (base.k === 'obj') {
        if (this.tape && value.k === 'fn' && BACKWARD_FIELD.test(String(key))) this.tape.closures.push({ fn: value, holder: base });
        const props = new Map(base.props);
        props.set(String(key), value);
        this.assign(t.expression, { ...base, props }, true);
        // In tape mode a node's numbers written through any alias (`this.grad += …`,
        // `current.Grad += …` where current is this) are results of the run.
        if (this.tape && base.missing !== 'nan' && value.k !== 'fn' && value.k !== 'native') this.writePath([...base.missing.refRoot, key], value);
        return;
      }
      throw new TranslationError(`writes a property of ${describe(base)}`);
    }
    throw new TranslationError('unsupported assignment target');
  }

  /** Whether the access chain's root is a variable of this function or a declaration of this file (not a parameter of a wrapper or an import). */
  private definesLocally(e: T.Expression): boolean {
    let t = skipOuter(e);
    while (ts.isPropertyAccessExpression(t) || ts.isElementAccessExpression(t)) t = skipOuter(t.expression);
    if (!ts.isIdentifier(t)) return true;
    if (this.lookupLocal(t.text)) return true;
    const d = this.host.outer.resolve(t.text, this.outerAnchor());
    return d !== null && d.kind !== 'param' && d.kind !== 'import';
  }

  /** Assigning to anything rooted outside the function is refused before the target is even read. */
  private refuseOuterMutation(target: T.Expression): void {
    let t = skipOuter(target);
    while (ts.isPropertyAccessExpression(t) || ts.isElementAccessExpression(t)) t = skipOuter(t.expression);
    if (ts.isIdentifier(t) && !this.lookupLocal(t.text)) throw new TranslationError(`mutates outer state (${t.text})`);
  }

  private assignIfPlace(target: T.Expression, value: Value): void {
    const t = skipOuter(target);
    if (ts.isIdentifier(t) || ts.isPropertyAccessExpression(t) || ts.isElementAccessExpression(t)) this.assign(t, value, true);
  }

  private writePath(path: Path, value: Value): void {
    for (let n = path.length - 1; n >= 1; n--) {
      const key = pathText(path.slice(0, n));
      const hit = this.store.get(key);
      if (!hit) continue;
      const updated = this.setIn(hit.value, path.slice(n), value);
      this.journal.push({ where: 'store', key, old: hit });
      this.store.set(key, { path: hit.path, value: updated });
      return;
    }
    const key = pathText(path);
    this.journal.push({ where: 'store', key, old: this.store.get(key) });
    this.store.set(key, { path, value });
  }

  private setIn(container: Value, rest: Path, value: Value): Value {
    if (rest.length === 0) return value;
    const [head, ...tail] = rest as (string | number)[];
    if (container.k === 'vec' && typeof head === 'number') {
      const items = [...container.items];
      items[head] = this.setIn(items[head] ?? UNDEF, tail, value);
      return { k: 'vec', items };
    }
    if (container.k === 'obj') {
      const props = new Map(container.props);
      props.set(String(head), this.setIn(props.get(String(head)) ?? UNDEF, tail, value));
      return { ...container, props };
    }
    if (container.k === 'ref') {
      this.writePath([...container.path, ...rest], value);
      return container;
    }
    throw new TranslationError(`writes into ${describe(container)}`);
  }

  private lengthOf(path: Path): number {
    const shape = this.host.paramShapes?.get(String(path[0]));
    if (shape && shape.length >= path.length && path.slice(1).every((x) => typeof x === 'number')) return shape[path.length - 1]!;
    if (path.length === 1) {
      const d = this.host.paramDims.get(String(path[0]));
      if (d !== undefined) return d;
    }
    return this.host.dims;
  }

  private tick(): void {
    if ((++this.steps & 1023) === 0 && Date.now() > this.host.deadline) throw new TranslationError('translation ran out of time');
  }
}

export function skipOuter(e: T.Expression): T.Expression {
  let x = e;
  while (ts.isParenthesizedExpression(x) || ts.isAsExpression(x) || ts.isTypeAssertionExpression(x) || ts.isNonNullExpression(x) || ts.isSatisfiesExpression(x)) x = x.expression;
  return x;
}

/** Operator tables, built on first use: the compiler API is not loaded while modules load. */
let operatorTables: { binary: Partial<Record<T.SyntaxKind, string>>; compound: Partial<Record<T.SyntaxKind, string>> } | null = null;
function operators(): NonNullable<typeof operatorTables> {
  return (operatorTables ??= {
    binary: {
      [ts.SyntaxKind.PlusToken]: 'add',
      [ts.SyntaxKind.MinusToken]: 'subtract',
      [ts.SyntaxKind.AsteriskToken]: 'multiply',
      [ts.SyntaxKind.SlashToken]: 'divide',
      [ts.SyntaxKind.AsteriskAsteriskToken]: 'pow',
      [ts.SyntaxKind.LessThanToken]: 'smaller',
      [ts.SyntaxKind.GreaterThanToken]: 'larger',
      [ts.SyntaxKind.LessThanEqualsToken]: 'smallerEq',
      [ts.SyntaxKind.GreaterThanEqualsToken]: 'largerEq',
    },
    compound: {
      [ts.SyntaxKind.PlusEqualsToken]: 'add',
      [ts.SyntaxKind.MinusEqualsToken]: 'subtract',
      [ts.SyntaxKind.AsteriskEqualsToken]: 'multiply',
      [ts.SyntaxKind.SlashEqualsToken]: 'divide',
      [ts.SyntaxKind.AsteriskAsteriskEqualsToken]: 'pow',
    },
  });
}
