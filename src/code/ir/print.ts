/**
 * S-expression printer for the code model: the debugging view of what a front-end made of a
 * function, and what the lowering tests compare against (a change in lowering shows as a readable
 * diff of these lines rather than of nested objects).
 *
 * The form: `(def name (params …) body…)` (`lambda` for arrows and lambdas), operators by the IR's own names (`add`, `matmul`, not
 * the source text, so both languages print alike), names bare, numbers as written, strings quoted,
 * `_` for an absent part. Spans are printed only when asked (`{ spans: true }`), as `@start:end`.
 */
import type { Arg, ClassDef, ClassMember, Expr, Func, IndexItem, Module, ObjectProp, Param, Pattern, Span, Stmt } from './types.js';

export interface PrintOptions {
  /** Append `@start:end` to every node that has a span. */
  spans?: boolean;
}

type Sexp = string | Sexp[];

export function printModule(m: Module, options: PrintOptions = {}): string {
  const p = new Printer(options);
  // Imports print where they stand, as `import` statements (Module.imports is their index).
  const head: Sexp[] = ['module', m.lang];
  if (m.syntaxErrors.length > 0) head.push(['syntax-errors', ...m.syntaxErrors.map(String)]);
  return render([...head, ...m.body.map((s) => p.stmt(s))]);
}

export function printFunc(fn: Func, options: PrintOptions = {}): string {
  return render(new Printer(options).func(fn));
}

export function printStmts(body: readonly Stmt[], options: PrintOptions = {}): string {
  const p = new Printer(options);
  return body.map((s) => render(p.stmt(s))).join('\n');
}

export function printExpr(e: Expr, options: PrintOptions = {}): string {
  return render(new Printer(options).expr(e));
}

/** One line when it fits in 100 columns, else the head on its line and the parts indented below. */
function render(s: Sexp, indent = 0): string {
  const line = flatten(s);
  if (typeof s === 'string' || line.length + indent <= 100) return line;
  const [head, ...rest] = s;
  const pad = ' '.repeat(indent + 2);
  // Keep short leading atoms (the kind and a name) on the head line.
  const inline: string[] = [flatten(head ?? '')];
  while (rest.length > 0 && typeof rest[0] === 'string' && inline.length < 3) inline.push(rest.shift() as string);
  return `(${inline.join(' ')}${rest.map((r) => `\n${pad}${render(r, indent + 2)}`).join('')})`;
}

/** Each list's one-line form, computed once (render asks for it at every level: quadratic otherwise). */
const flat = new WeakMap<Sexp[], string>();
function flatten(s: Sexp): string {
  if (typeof s === 'string') return s;
  let f = flat.get(s);
  if (f === undefined) flat.set(s, (f = `(${s.map(flatten).join(' ')})`));
  return f;
}

class Printer {
  constructor(private readonly options: PrintOptions) {}

  private at(s: Sexp[], span: Span | undefined): Sexp[] {
    if (this.options.spans && span) s.push(`@${span.start}:${span.end}`);
    return s;
  }

  private list(items: readonly Stmt[] | null): Sexp {
    return items === null ? '_' : ['do', ...items.map((s) => this.stmt(s))];
  }

  func(fn: Func): Sexp {
    const isLambda = fn.syntax === 'lambda' || fn.syntax === 'ArrowFunction';
    const head: Sexp[] = [isLambda ? 'lambda' : 'def', fn.name ?? '_', ['params', ...fn.params.map((p) => this.param(p))]];
    // A `def` that sees its enclosing `this` (a Python nested def); arrows and lambdas always do.
    if (!isLambda && fn.receiver === 'lexical') head.push('lexical-this');
    if (fn.decorators.length > 0) head.push(['decorators', ...fn.decorators.map((d) => this.expr(d))]);
    if (fn.nonlocals.length > 0) head.push(['scope-nonlocal', ...fn.nonlocals]);
    if (fn.globals.length > 0) head.push(['scope-global', ...fn.globals]);
    if (fn.locals.length > 0) head.push(['locals', ...fn.locals]);
    if (fn.doc.text || Object.keys(fn.doc.tags).length > 0) head.push(['doc', JSON.stringify(fn.doc.text), ...Object.entries(fn.doc.tags).map(([k, v]) => [`@${k}`, ...v.map((x) => JSON.stringify(x))])]);
    if (fn.directives.length > 0) head.push(['directives', ...fn.directives.map((d) => JSON.stringify(d))]);
    if (fn.isAsync) head.push('async');
    if (fn.isGenerator) head.push('generator');
    if (fn.body === null) head.push('no-body');
    else if (Array.isArray(fn.body)) head.push(...fn.body.map((s) => this.stmt(s)));
    else head.push(this.expr(fn.body));
    return this.at(head, fn.span);
  }

  private param(p: Param): Sexp {
    let s: Sexp = p.name ?? this.pattern(p.pattern!);
    if (p.typeText !== null) s = [':', s, JSON.stringify(p.typeText)];
    if (p.default) s = ['=', s, this.expr(p.default)];
    if (p.rest) s = ['*', s];
    if (p.kwRest) s = ['**', s];
    if (p.keywordOnly) s = ['kw-only', s];
    if (p.isProperty) s = ['property', s];
    return s;
  }

  private cls(c: ClassDef): Sexp[] {
    const s: Sexp[] = ['class', c.name ?? '_'];
    if (c.bases.length > 0) s.push(['bases', ...c.bases.map((b) => this.expr(b))]);
    if (c.decorators.length > 0) s.push(['decorators', ...c.decorators.map((d) => this.expr(d))]);
    if (c.doc.text) s.push(['doc', JSON.stringify(c.doc.text)]);
    if (c.ctor) s.push(['ctor', this.func(c.ctor)]);
    for (const m of c.members) s.push(this.member(m));
    return this.at(s, c.span);
  }

  private member(m: ClassMember): Sexp {
    const stat = 'isStatic' in m && m.isStatic ? ['static'] : [];
    switch (m.kind) {
      case 'method': return ['method', ...stat, m.name, this.func(m.fn)];
      case 'field': return ['field', ...stat, m.name, m.init ? this.expr(m.init) : '_'];
      case 'other': return ['member-other', m.what, m.name ?? '_', ...(m.fn ? [this.func(m.fn)] : [])];
    }
  }

  pattern(p: Pattern): Sexp {
    switch (p.kind) {
      case 'name': return p.name;
      case 'seq': {
        const items: Sexp[] = p.items.map((i) => (i === null ? '_' : i.default ? ['=', this.pattern(i.value), this.expr(i.default)] : this.pattern(i.value)));
        if (p.rest) items.push(['...', this.pattern(p.rest)]);
        return ['pseq', ...items];
      }
      case 'object': {
        const props: Sexp[] = p.props.map((q) => {
          const v = q.default ? ['=', this.pattern(q.value), this.expr(q.default)] : this.pattern(q.value);
          return [q.key === null ? '[computed]' : q.key, v];
        });
        if (p.rest) props.push(['...', this.pattern(p.rest)]);
        return ['pobj', ...props];
      }
      case 'target': return this.expr(p.target);
    }
  }

  stmt(s: Stmt): Sexp {
    return this.at(this.stmtInner(s), s.span);
  }

  private stmtInner(s: Stmt): Sexp[] {
    switch (s.kind) {
      case 'expr': return ['expr', this.expr(s.expr)];
      case 'declare': return [s.decl, this.pattern(s.pattern), s.init ? this.expr(s.init) : '_'];
      case 'funcDecl': return [s.hoisted ? 'function' : 'bind-def', this.func(s.fn)];
      case 'classDecl': return this.cls(s.cls);
      case 'return': return ['return', ...(s.value ? [this.expr(s.value)] : [])];
      case 'if': return ['if', this.expr(s.cond), this.list(s.then), ...(s.else ? [this.list(s.else)] : [])];
      case 'for': {
        const init: Sexp = s.init === null ? '_' : Array.isArray(s.init) ? this.list(s.init) : this.expr(s.init);
        return ['for', init, s.cond ? this.expr(s.cond) : '_', s.update ? this.expr(s.update) : '_', this.list(s.body)];
      }
      case 'forEach': return ['for-each', ...(s.declares ? [s.declares] : []), this.pattern(s.target), this.expr(s.iterable), this.list(s.body)];
      case 'while': return [s.doWhile ? 'do-while' : 'while', this.expr(s.cond), this.list(s.body)];
      case 'switch': return ['switch', this.expr(s.subject), ...s.cases.map((c) => [c.test ? 'case' : 'default', ...(c.test ? [this.expr(c.test)] : []), ...c.body.map((x) => this.stmt(x))])];
      case 'break':
      case 'continue': return [s.kind, ...(s.label ? [s.label] : [])];
      case 'throw': return ['throw', s.what ?? '_', ...(s.value ? [this.expr(s.value)] : [])];
      case 'pass': return ['pass'];
      case 'block': return ['block', ...s.body.map((x) => this.stmt(x))];
      case 'nonlocal':
      case 'global': return [s.kind, ...s.names];
      case 'namespace': return ['namespace', s.name, ...s.body.map((x) => this.stmt(x))];
      case 'typeOnly': return ['type-only'];
      case 'import': return ['import', ...s.imports.map((i) => [i.local, JSON.stringify(i.module), i.member ?? '_'])];
      case 'unsupported': return this.unsupported(s.reason, s.children);
    }
  }

  private unsupported(reason: string, children: readonly (Stmt | Expr)[]): Sexp[] {
    // Children are printed as statements or expressions by their kind (the two sets overlap only in 'unsupported').
    return ['unsupported', JSON.stringify(reason), ...children.map((c) => (isStmt(c) ? this.stmt(c) : this.expr(c as Expr)))];
  }

  expr(e: Expr): Sexp {
    const s = this.exprInner(e);
    return this.options.spans ? this.at(typeof s === 'string' ? [s] : s, e.span) : s;
  }

  private exprInner(e: Expr): Sexp {
    switch (e.kind) {
      case 'num': return e.raw;
      case 'str': return e.template ? ['template', JSON.stringify(e.value)] : JSON.stringify(e.value);
      case 'bool': return e.value ? 'true' : 'false';
      case 'none': return 'none';
      case 'undefined': return e.arg ? ['void', this.expr(e.arg)] : 'undefined';
      case 'name': return e.name;
      case 'this': return 'this';
      case 'unary': return [e.op, this.expr(e.arg)];
      case 'update': return [`${e.prefix ? 'pre' : 'post'}-${e.op}`, this.expr(e.target)];
      case 'binary': return [e.op === 'other' ? `other${JSON.stringify(e.opText)}` : e.op, this.expr(e.left), this.expr(e.right)];
      case 'compare': {
        const out: Sexp[] = ['compare', this.expr(e.operands[0]!)];
        e.ops.forEach((op, i) => out.push(op === 'other' ? `other${JSON.stringify(e.opTexts[i])}` : op, this.expr(e.operands[i + 1]!)));
        return out;
      }
      case 'logical': return [e.op, this.expr(e.left), this.expr(e.right)];
      case 'cond': return ['?', this.expr(e.test), this.expr(e.then), this.expr(e.else)];
      case 'assign': {
        const target = isPattern(e.target) ? this.pattern(e.target) : this.expr(e.target);
        const op = e.op === null ? '=' : e.op === 'other' ? `other${JSON.stringify(e.opText)}` : `${e.op}=`;
        return [op, target, this.expr(e.value)];
      }
      case 'call': return ['call', this.expr(e.callee), ...e.args.map((a) => this.arg(a))];
      case 'new': return ['new', this.expr(e.callee), ...(e.args ?? []).map((a) => this.arg(a))];
      case 'member': return [e.bracket ? '.[]' : e.private ? '.#' : '.', this.expr(e.object), e.name];
      case 'index': return ['index', this.expr(e.object), ...e.items.map((i) => this.indexItem(i))];
      case 'seq': return [e.flavor, ...e.items.map((i): Sexp => (i === null ? '_' : 'spread' in i ? ['...', this.expr(i.spread)] : this.expr(i)))];
      case 'object': return ['object', ...e.props.map((p) => this.prop(p))];
      case 'fn': return this.func(e.fn);
      case 'classExpr': return this.cls(e.cls);
      case 'comma': return [',', this.expr(e.left), this.expr(e.right)];
      case 'wrap': return [e.how, this.expr(e.inner)];
      case 'typeof': return ['typeof', this.expr(e.arg)];
      case 'instanceof': return ['instanceof', this.expr(e.value), this.expr(e.cls)];
      case 'unsupported': return this.unsupported(e.reason, e.children);
    }
  }

  private arg(a: Arg): Sexp {
    const v = this.expr(a.value);
    if (a.spread) return ['...', v];
    return a.keyword === null ? v : ['kw', a.keyword, v];
  }

  private indexItem(i: IndexItem): Sexp {
    switch (i.kind) {
      case 'expr': return this.expr(i.value);
      case 'slice': return ['slice', i.start ? this.expr(i.start) : '_', i.stop ? this.expr(i.stop) : '_', i.step ? this.expr(i.step) : '_'];
      case 'newaxis': return 'newaxis';
      case 'ellipsis': return '...';
    }
  }

  private prop(p: ObjectProp): Sexp {
    const key = (k: string | Expr): Sexp => (typeof k === 'string' ? JSON.stringify(k) : ['computed', this.expr(k)]);
    switch (p.kind) {
      case 'prop': return [p.shorthand ? 'shorthand' : 'prop', key(p.key), this.expr(p.value)];
      case 'method': return ['method', key(p.key), this.func(p.fn)];
      case 'accessor': return ['accessor', key(p.key), this.func(p.fn)];
      case 'spread': return ['...', this.expr(p.value)];
    }
  }
}

const STMT_KINDS = new Set(['expr', 'declare', 'funcDecl', 'classDecl', 'return', 'if', 'for', 'forEach', 'while', 'switch', 'break', 'continue', 'throw', 'pass', 'block', 'nonlocal', 'global', 'namespace', 'typeOnly', 'import']);

export function isStmt(n: Stmt | Expr): n is Stmt {
  return STMT_KINDS.has(n.kind);
}

const PATTERN_KINDS = new Set(['seq', 'object', 'target']);

/** An assignment target is a Pattern when it destructures (an Expr `name` and a Pattern `name` never both occur: Exprs have ids). */
export function isPattern(t: Expr | Pattern): t is Pattern {
  return !('id' in t) && (PATTERN_KINDS.has(t.kind) || t.kind === 'name');
}
