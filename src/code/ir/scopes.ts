/**
 * Names a function reads from outside itself, on the code model: module constants, other
 * functions, classes, imports, and parameters of enclosing functions (a UMD/IIFE wrapper's). It
 * answers what `OuterScopes` (outer-scope.ts) answers on the TypeScript tree today, query for query
 * (a test runs both over the fixtures), so the interpreter can move onto the IR unchanged.
 *
 * Built once per module by one walk: every node id gets its chain of enclosing scope frames,
 * innermost first, that the TS walk over `node.parent` would meet. A frame is a statement list
 * that TS treats as a container (the module, a `{…}` block, a function's block body, a namespace
 * body, a `case`), a function (its parameters and, for named function expressions and
 * declarations, its own name), or a class (its own name).
 */
import type { ClassDef, Expr, Func, Module, Param, Pattern, Stmt } from './types.js';

export type IrOuterDecl =
  | { kind: 'function'; fn: Func }
  | { kind: 'var'; decl: Stmt & { kind: 'declare' }; isConst: boolean }
  | { kind: 'class'; cls: ClassDef }
  | { kind: 'import'; from: string; member?: string | null }
  | { kind: 'param'; owner: string; param: Param };

type Frame =
  | { kind: 'container'; stmts: readonly Stmt[] }
  | { kind: 'func'; fn: Func }
  | { kind: 'class'; cls: ClassDef };

interface Chain { frame: Frame; up: Chain | null }

/** TS function kinds whose parameters and name the TS walk reads (constructors and accessors are not among them). */
const FUNCTION_LIKE = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunction', 'MethodDeclaration', 'def', 'lambda']);
const NAMED_SELF = new Set(['FunctionDeclaration', 'FunctionExpression']);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export class IrScopes {
  private readonly chains = new Map<number, Chain | null>();
  private readonly declarations = new Map<readonly Stmt[], Map<string, IrOuterDecl>>();
  private assigned: Set<string> | null = null;

  constructor(readonly module: Module) {
    const root: Chain = { frame: { kind: 'container', stmts: module.body }, up: null };
    for (const s of module.body) this.stmt(s, root);
  }

  /**
   * The declaration `name` refers to when read at the node `anchorId` (looking only outside it).
   * `null` for the module itself as anchor (it has no outside) and for a name nothing declares.
   */
  resolve(name: string, anchorId: number): IrOuterDecl | null {
    for (let c = this.chains.get(anchorId) ?? null; c; c = c.up) {
      const f = c.frame;
      if (f.kind === 'container') {
        const d = this.declarationsIn(f.stmts).get(name);
        if (d) return d;
      } else if (f.kind === 'func') {
        if (!FUNCTION_LIKE.has(f.fn.syntax)) continue;
        const param = f.fn.params.find((p) => (p.name !== null ? p.name === name : bindsName(p.pattern!, name)));
        if (param) return { kind: 'param', owner: this.label(f.fn), param };
        if (NAMED_SELF.has(f.fn.syntax) && f.fn.name === name) return { kind: 'function', fn: f.fn };
      } else if (f.cls.name === name) {
        return { kind: 'class', cls: f.cls };
      }
    }
    return null;
  }

  /**
   * Whether some code in the module assigns to a variable of this name (so a module `let` is not a
   * constant). TS: any assignment to the name anywhere, as today. Python: a module name bound more
   * than once: by a second module-level assignment (also inside a top-level `if` or loop) or by a
   * function that declares it `global`; an assignment inside a function without `global` binds a
   * local of that function and leaves the module's name alone.
   */
  isReassigned(name: string): boolean {
    this.assigned ??= this.module.lang === 'python' ? this.collectRebound() : this.collectAssigned();
    return this.assigned.has(name);
  }

  /** Whether the walk reached this node (every node of the module, once built). */
  knows(id: number): boolean {
    return this.chains.has(id);
  }

  private label(fn: Func): string {
    // TS names an owner only when its name is an identifier (not a string, number, private or computed key).
    const written = this.module.text.slice(fn.nameSpan.start, fn.nameSpan.end);
    return fn.name !== null && fn.name === written && IDENTIFIER.test(written) ? fn.name : 'an enclosing function';
  }

  private declarationsIn(stmts: readonly Stmt[]): Map<string, IrOuterDecl> {
    let map = this.declarations.get(stmts);
    if (map) return map;
    map = new Map();
    for (const s of stmts) {
      // The last declaration of a name in a container wins, as Map.set does on the TS side.
      if (s.kind === 'funcDecl' && s.fn.name !== null && s.fn.body !== null) map.set(s.fn.name, { kind: 'function', fn: s.fn });
      else if (s.kind === 'classDecl' && s.cls.name !== null) map.set(s.cls.name, { kind: 'class', cls: s.cls });
      else if (s.kind === 'unsupported' && s.children.length === 1 && s.children[0]!.kind === 'classDecl') {
        // A class declared inside a function: refused when run, still a declaration of its block.
        const cls = (s.children[0] as Stmt & { kind: 'classDecl' }).cls;
        if (cls.name !== null) map.set(cls.name, { kind: 'class', cls });
      } else if (s.kind === 'declare' && s.pattern.kind === 'name') map.set(s.pattern.name, { kind: 'var', decl: s, isConst: s.decl === 'const' });
      else if (s.kind === 'import') for (const i of s.imports) map.set(i.local, { kind: 'import', from: i.equals ? '?' : i.module, member: i.member });
    }
    this.declarations.set(stmts, map);
    return map;
  }

  private collectAssigned(): Set<string> {
    const names = new Set<string>();
    const stack: unknown[] = [this.module.body];
    while (stack.length > 0) {
      const v = stack.pop();
      if (Array.isArray(v)) {
        stack.push(...v);
        continue;
      }
      if (!v || typeof v !== 'object') continue;
      const o = v as Record<string, unknown>;
      if (o['kind'] === 'assign' && 'id' in (o['target'] as object) && (o['target'] as Expr).kind === 'name') names.add((o['target'] as Expr & { kind: 'name' }).name);
      if (o['kind'] === 'update' && (o['target'] as Expr).kind === 'name') names.add((o['target'] as Expr & { kind: 'name' }).name);
      for (const [k, x] of Object.entries(o)) if (typeof x === 'object' && k !== 'span' && k !== 'nameSpan' && k !== 'hostSpan' && k !== 'keySpan') stack.push(x);
    }
    return names;
  }

  /** Python's rule (see isReassigned): module names bound twice or more. */
  private collectRebound(): Set<string> {
    const count = new Map<string, number>();
    const bind = (n: string) => count.set(n, (count.get(n) ?? 0) + 1);
    const bindPattern = (p: Pattern, counts: (n: string) => boolean) => {
      if (p.kind === 'name') {
        if (counts(p.name)) bind(p.name);
      } else if (p.kind === 'seq') {
        for (const i of p.items) if (i) bindPattern(i.value, counts);
        if (p.rest) bindPattern(p.rest, counts);
      } else if (p.kind === 'object') {
        for (const q of p.props) bindPattern(q.value, counts);
      } else if (p.target.kind === 'name' && counts(p.target.name)) bind(p.target.name);
    };
    // `globals`: null at module level (every binding counts), else the names the function declares global.
    const stack: { v: unknown; globals: ReadonlySet<string> | null }[] = [{ v: this.module.body, globals: null }];
    while (stack.length > 0) {
      const { v, globals } = stack.pop()!;
      if (Array.isArray(v)) {
        for (const x of v) stack.push({ v: x, globals });
        continue;
      }
      if (!v || typeof v !== 'object') continue;
      const o = v as Record<string, unknown>;
      const counts = (n: string) => globals === null || globals.has(n);
      if (o['kind'] === 'function') {
        const fn = o as unknown as Func;
        const inner = new Set(fn.globals);
        for (const x of [fn.params, fn.body, fn.decorators]) stack.push({ v: x, globals: x === fn.decorators ? globals : inner });
        continue;
      }
      if (o['kind'] === 'declare' && globals === null) bindPattern((o as unknown as Stmt & { kind: 'declare' }).pattern, counts);
      if (o['kind'] === 'assign') {
        const t = (o as unknown as Expr & { kind: 'assign' }).target;
        if ('id' in t) {
          if (t.kind === 'name' && counts(t.name)) bind(t.name);
        } else bindPattern(t, counts);
      }
      if (o['kind'] === 'forEach' && 'target' in o) bindPattern((o as unknown as Stmt & { kind: 'forEach' }).target, counts);
      for (const [k, x] of Object.entries(o)) if (typeof x === 'object' && !k.endsWith('pan')) stack.push({ v: x, globals });
    }
    return new Set([...count].filter(([, c]) => c >= 2).map(([n]) => n));
  }

  // ---------------------------------------------------------------- the walk

  private at(id: number, chain: Chain | null): void {
    this.chains.set(id, chain);
  }

  private stmts(list: readonly Stmt[], chain: Chain | null, container: boolean): void {
    const inner = container ? { frame: { kind: 'container' as const, stmts: list }, up: chain } : chain;
    for (const s of list) this.stmt(s, inner);
  }

  private stmt(s: Stmt, chain: Chain | null): void {
    this.at(s.id, chain);
    switch (s.kind) {
      case 'expr': return this.expr(s.expr, chain);
      case 'declare':
        this.pattern(s.pattern, chain);
        if (s.init) this.expr(s.init, chain);
        return;
      case 'funcDecl': return this.func(s.fn, chain);
      case 'classDecl': return this.cls(s.cls, chain);
      case 'return':
      case 'throw':
        if (s.value) this.expr(s.value, chain);
        return;
      case 'if':
        this.expr(s.cond, chain);
        this.stmts(s.then, chain, false);
        if (s.else) this.stmts(s.else, chain, false);
        return;
      case 'for':
        if (Array.isArray(s.init)) this.stmts(s.init, chain, false);
        else if (s.init) this.expr(s.init, chain);
        if (s.cond) this.expr(s.cond, chain);
        if (s.update) this.expr(s.update, chain);
        return this.stmts(s.body, chain, false);
      case 'forEach':
        this.pattern(s.target, chain);
        this.expr(s.iterable, chain);
        return this.stmts(s.body, chain, false);
      case 'while':
        this.expr(s.cond, chain);
        return this.stmts(s.body, chain, false);
      case 'switch':
        this.expr(s.subject, chain);
        for (const c of s.cases) {
          this.at(c.id, chain);
          if (c.test) this.expr(c.test, chain);
          this.stmts(c.body, chain, true);
        }
        return;
      case 'block': return this.stmts(s.body, chain, true);
      case 'namespace': return this.stmts(s.body, chain, true);
      case 'unsupported': return this.children(s.children, chain);
      default: return;
    }
  }

  private children(list: readonly (Stmt | Expr)[], chain: Chain | null): void {
    for (const c of list) {
      if (EXPR_KINDS.has(c.kind)) this.expr(c as Expr, chain);
      else this.stmt(c as Stmt, chain);
    }
  }

  private func(fn: Func, chain: Chain | null): void {
    this.at(fn.id, chain);
    const inner: Chain = { frame: { kind: 'func', fn }, up: chain };
    for (const p of fn.params) {
      this.at(p.id, inner);
      if (p.pattern) this.pattern(p.pattern, inner);
      if (p.default) this.expr(p.default, inner);
    }
    for (const d of fn.decorators) this.expr(d, chain);
    if (fn.body === null) return;
    if (Array.isArray(fn.body)) this.stmts(fn.body, inner, true);
    else this.expr(fn.body as Expr, inner);
  }

  private cls(c: ClassDef, chain: Chain | null): void {
    this.at(c.id, chain);
    for (const b of c.bases) this.expr(b, chain);
    const inner: Chain = { frame: { kind: 'class', cls: c }, up: chain };
    if (c.ctor) this.func(c.ctor, inner);
    for (const m of c.members) {
      if (m.kind === 'method') this.func(m.fn, inner);
      else if (m.kind === 'field') {
        this.at(m.id, inner);
        if (m.init) this.expr(m.init, inner);
      } else {
        this.at(m.id, inner);
        if (m.fn) this.func(m.fn, inner);
      }
    }
  }

  private pattern(p: Pattern, chain: Chain | null): void {
    switch (p.kind) {
      case 'name': return;
      case 'seq':
        for (const i of p.items) {
          if (!i) continue;
          this.pattern(i.value, chain);
          if (i.default) this.expr(i.default, chain);
        }
        if (p.rest) this.pattern(p.rest, chain);
        return;
      case 'object':
        for (const q of p.props) {
          this.pattern(q.value, chain);
          if (q.default) this.expr(q.default, chain);
        }
        if (p.rest) this.pattern(p.rest, chain);
        return;
      case 'target': return this.expr(p.target, chain);
    }
  }

  private expr(e: Expr, chain: Chain | null): void {
    // Recursive: lowering caps expression depth (MAX_LOWER_DEPTH), so the stack holds.
    this.at(e.id, chain);
    switch (e.kind) {
      case 'unary': return this.expr(e.arg, chain);
      case 'update': return this.expr(e.target, chain);
      case 'binary':
      case 'logical':
      case 'comma':
        this.expr(e.left, chain);
        return this.expr(e.right, chain);
      case 'compare': for (const x of e.operands) this.expr(x, chain); return;
      case 'cond':
        this.expr(e.test, chain);
        this.expr(e.then, chain);
        return this.expr(e.else, chain);
      case 'assign':
        if ('id' in e.target) this.expr(e.target, chain);
        else this.pattern(e.target, chain);
        return this.expr(e.value, chain);
      case 'call':
      case 'new':
        this.expr(e.callee, chain);
        for (const a of e.args ?? []) this.expr(a.value, chain);
        return;
      case 'member': return this.expr(e.object, chain);
      case 'index':
        this.expr(e.object, chain);
        for (const i of e.items) {
          if (i.kind === 'expr') this.expr(i.value, chain);
          else if (i.kind === 'slice') for (const x of [i.start, i.stop, i.step]) if (x) this.expr(x, chain);
        }
        return;
      case 'seq':
        for (const i of e.items) if (i) this.expr('spread' in i ? i.spread : i, chain);
        return;
      case 'object':
        for (const p of e.props) {
          if (p.kind === 'spread') this.expr(p.value, chain);
          else {
            if (typeof p.key !== 'string') this.expr(p.key, chain);
            if (p.kind === 'prop') this.expr(p.value, chain);
            else this.func(p.fn, chain);
          }
        }
        return;
      case 'fn': return this.func(e.fn, chain);
      case 'classExpr': return this.cls(e.cls, chain);
      case 'wrap': return this.expr(e.inner, chain);
      case 'typeof': return this.expr(e.arg, chain);
      case 'undefined':
        if (e.arg) this.expr(e.arg, chain);
        return;
      case 'instanceof':
        this.expr(e.value, chain);
        return this.expr(e.cls, chain);
      case 'unsupported': return this.children(e.children, chain);
      default: return;
    }
  }
}

const EXPR_KINDS = new Set(['num', 'str', 'bool', 'none', 'undefined', 'name', 'this', 'unary', 'update', 'binary', 'compare', 'logical', 'cond', 'assign', 'call', 'new', 'member', 'index', 'seq', 'object', 'fn', 'classExpr', 'comma', 'wrap', 'typeof', 'instanceof']);

function bindsName(p: Pattern, wanted: string): boolean {
  switch (p.kind) {
    case 'name': return p.name === wanted;
    case 'seq': return p.items.some((i) => i !== null && bindsName(i.value, wanted)) || (p.rest !== null && bindsName(p.rest, wanted));
    case 'object': return p.props.some((q) => bindsName(q.value, wanted)) || (p.rest !== null && bindsName(p.rest, wanted));
    case 'target': return false;
  }
}
