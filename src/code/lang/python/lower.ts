/**
 * Python → code model (design: docs/design/code-model.md §4), from tree-sitter-python's syntax
 * tree. Python is a front-end, not a second pipeline: what it lowers into is the same IR the
 * TypeScript lowering makes, so one interpreter, discovery and pairing read both. Not yet used by
 * the pipeline (the interpreter moves onto the IR first).
 *
 * The rules that decide how gradient code reads:
 * - A method's first parameter (`self`, whatever it is called) is not a parameter: reads of it are
 *   `this`, also inside nested `def`s and lambdas (micrograd's `def _backward(): self.grad += …`),
 *   which see it lexically as a TS arrow sees `this`. `@staticmethod` keeps its first parameter
 *   (`ctx` in `torch.autograd.Function`); `@classmethod` binds its first to the class, read as `this`.
 * - A docstring is the function's doc (its `@tag` lines read as JSDoc tags are), not a statement.
 * - `Func.locals` lists every name the body binds (Python's scoping rule), minus `nonlocal`/`global`.
 * - Bodies are plain statement lists: an `if` or a loop opens no scope (rule R5).
 * - Rule U: what the interpreter will not read (comprehensions, `with`, `try`, generators, `del`,
 *   `**kwargs` at a call, sets, walrus, `for … else`) is an `unsupported` node where it stands, so a
 *   function is refused only if the path it runs reaches one.
 * - No desugaring: `dx[np.arange(n), y] -= 1` is one `assign` (R3); `0 < x <= 1` is one `compare`.
 *
 * Offsets are tree-sitter's `startIndex`/`endIndex`, UTF-16 code units for a JS string (parser.ts).
 */
import { parseDocText } from '../../ir/doc.js';
import {
  IdSource,
  type Arg, type BinOp, type ClassDef, type ClassMember, type DocInfo, type Expr, type Fields, type Func, type Import,
  type IndexItem, type Module, type ObjectProp, type Param, type Pattern, type Span, type Stmt,
} from '../../ir/types.js';
import type { PythonParser } from './parser.js';
import { withTree } from './parser.js';
import { plainTree, type PyNode as SyntaxNode } from './tree.js';

/** Deeper expressions are one `unsupported` node (the interpreter refuses past 250 levels anyway). */
const MAX_LOWER_DEPTH = 1000;
const TOO_DEEP = 'expression too deeply nested (more than 250 levels)';

export function lowerPython(parser: PythonParser, path: string, text: string): Module {
  const root = withTree(parser, text, (tree) => plainTree(tree, text));
  const l = new Lowering(text);
  const body = l.block(root, { self: null, inFunction: false, top: true });
  return { lang: 'python', path, text, body, imports: l.imports, syntaxErrors: syntaxErrors(root) };
}

/** Where the parser found an error or inserted a missing token; a function spanning one is not read. */
function syntaxErrors(root: SyntaxNode): number[] {
  const out: number[] = [];
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'ERROR' || n.isMissing) {
      out.push(n.startIndex);
      continue;
    }
    if (!n.hasError) continue;
    for (const c of n.children) if (c) stack.push(c);
  }
  return out.sort((a, b) => a - b);
}

/** What a statement list is inside of. */
interface Ctx {
  /** The name read as `this` (a method's first parameter), or null. */
  self: string | null;
  inFunction: boolean;
  /** The module's own statement list (where `x = e` is a module variable). */
  top: boolean;
}

const BIN: Record<string, BinOp> = { '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '**': 'pow', '%': 'mod', '//': 'floorDivide', '@': 'matmul' };
const CMP: Record<string, BinOp> = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '==': 'eq', '!=': 'ne', '<>': 'ne', 'is': 'strictEq', 'is not': 'strictNe' };

/** Statements the interpreter will not run, by node type, with the reason it gives. */
const REFUSED_STATEMENTS: Record<string, string> = {
  with_statement: 'with statement',
  try_statement: 'try/except',
  delete_statement: 'del statement',
  match_statement: 'match statement',
  print_statement: 'print statement (Python 2)',
  exec_statement: 'exec statement',
};

const COMPREHENSIONS: Record<string, string> = {
  list_comprehension: 'list comprehension',
  dictionary_comprehension: 'dict comprehension',
  set_comprehension: 'set comprehension',
  generator_expression: 'generator expression',
};

class Lowering {
  readonly ids = new IdSource();
  readonly imports: Import[] = [];
  private depth = 0;

  constructor(private readonly text: string) {}

  private span(n: SyntaxNode): Span {
    return { start: n.startIndex, end: n.endIndex };
  }

  private s(from: SyntaxNode, fields: Fields<Stmt>): Stmt {
    return { id: this.ids.take(), span: this.span(from), ...fields } as Stmt;
  }

  private e(from: SyntaxNode, fields: Fields<Expr>): Expr {
    return { id: this.ids.take(), span: this.span(from), ...fields } as Expr;
  }

  private unsupported(from: SyntaxNode, reason: string, children: (Stmt | Expr)[] = []): Stmt & Expr {
    return { id: this.ids.take(), span: this.span(from), kind: 'unsupported', reason, children } as Stmt & Expr;
  }

  /** Named children, comments left out (tree-sitter puts them anywhere). */
  private kids(n: SyntaxNode): SyntaxNode[] {
    return n.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment' && c.type !== 'line_continuation');
  }

  // ---------------------------------------------------------------- statements

  block(n: SyntaxNode, ctx: Ctx): Stmt[] {
    const out: Stmt[] = [];
    for (const c of this.kids(n)) out.push(...this.statement(c, ctx));
    return out;
  }

  /** A function's or class's body without its docstring, and the docstring. */
  private bodyAndDoc(n: SyntaxNode | null, ctx: Ctx): { body: Stmt[]; doc: DocInfo } {
    if (!n) return { body: [], doc: { tags: {}, text: '' } };
    const stmts = this.kids(n);
    let doc: DocInfo = { tags: {}, text: '' };
    const first = stmts[0];
    if (first?.type === 'expression_statement' && this.kids(first).length === 1 && this.kids(first)[0]!.type === 'string') {
      doc = parseDocText(cleanDoc(this.stringValue(this.kids(first)[0]!)));
      stmts.shift();
    }
    const body: Stmt[] = [];
    for (const c of stmts) body.push(...this.statement(c, ctx));
    return { body, doc };
  }

  private statement(n: SyntaxNode, ctx: Ctx): Stmt[] {
    switch (n.type) {
      case 'expression_statement': return [this.expressionStatement(n, ctx)];
      case 'return_statement': {
        const vals = this.kids(n);
        const value = vals.length === 0 ? null : vals.length === 1 ? this.expr(vals[0]!, ctx) : this.e(n, { kind: 'seq', flavor: 'tuple', items: vals.map((v) => this.expr(v, ctx)) });
        return [this.s(n, { kind: 'return', value })];
      }
      case 'if_statement': return [this.ifStatement(n, ctx)];
      case 'for_statement': {
        if (n.children.some((c) => c?.type === 'async')) return [this.unsupported(n, 'asynchronous code (async for)')];
        const left = n.childForFieldName('left')!;
        const right = n.childForFieldName('right')!;
        const body = this.block(n.childForFieldName('body')!, ctx);
        const loop = this.s(n, { kind: 'forEach', target: this.pattern(left, ctx), declares: null, iterable: this.expr(right, ctx), body });
        return [n.childForFieldName('alternative') ? this.unsupported(n, 'for … else', [loop]) : loop];
      }
      case 'while_statement': {
        const loop = this.s(n, { kind: 'while', cond: this.expr(n.childForFieldName('condition')!, ctx), body: this.block(n.childForFieldName('body')!, ctx), doWhile: false });
        return [n.childForFieldName('alternative') ? this.unsupported(n, 'while … else', [loop]) : loop];
      }
      case 'pass_statement': return [this.s(n, { kind: 'pass' })];
      case 'break_statement': return [this.s(n, { kind: 'break', label: null })];
      case 'continue_statement': return [this.s(n, { kind: 'continue', label: null })];
      case 'raise_statement': {
        const cause = n.childForFieldName('cause');
        const v = this.kids(n).find((c) => c !== cause) ?? null;
        return [this.s(n, { kind: 'throw', value: v ? this.expr(v, ctx) : null, what: v ? raisedClass(v) : null })];
      }
      // An assertion changes no value; the interpreter reads the code as if it held.
      case 'assert_statement': return [this.s(n, { kind: 'pass' })];
      case 'function_definition': return [this.s(n, { kind: 'funcDecl', fn: this.func(n, null, [], ctx, 'function'), hoisted: false })];
      case 'class_definition': return [this.s(n, { kind: 'classDecl', cls: this.cls(n, [], ctx) })];
      case 'decorated_definition': {
        const def = n.childForFieldName('definition')!;
        const decorators = this.kids(n).filter((c) => c.type === 'decorator').map((d) => this.expr(this.kids(d)[0]!, ctx));
        if (def.type === 'class_definition') return [this.s(n, { kind: 'classDecl', cls: this.cls(def, decorators, ctx) })];
        return [this.s(n, { kind: 'funcDecl', fn: this.func(def, n, decorators, ctx, 'function'), hoisted: false })];
      }
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement': {
        const imports = this.importsOf(n);
        // Module.imports is the module's own namespace, as in TS; an import inside a function binds its locals.
        if (!ctx.inFunction) this.imports.push(...imports);
        return [this.s(n, { kind: 'import', imports })];
      }
      case 'global_statement': return [this.s(n, { kind: 'global', names: this.kids(n).map((c) => c.text) })];
      case 'nonlocal_statement': return [this.s(n, { kind: 'nonlocal', names: this.kids(n).map((c) => c.text) })];
      case 'type_alias_statement': return [this.s(n, { kind: 'typeOnly' })];
      case 'ERROR': return [this.unsupported(n, 'contains a syntax error')];
    }
    const refused = REFUSED_STATEMENTS[n.type];
    if (refused) return [this.unsupported(n, refused, this.innerDefinitions(n, ctx))];
    return [this.unsupported(n, `unsupported statement (${n.type})`)];
  }

  /** Functions and classes defined inside a refused statement (`with`, `try`), kept for discovery only. */
  private innerDefinitions(n: SyntaxNode, ctx: Ctx): Stmt[] {
    const out: Stmt[] = [];
    for (const c of this.kids(n)) {
      if (c.type === 'function_definition' || c.type === 'class_definition' || c.type === 'decorated_definition') out.push(...this.statement(c, ctx));
      else if (c.type === 'block' || c.type.endsWith('_clause')) out.push(...this.innerDefinitions(c, ctx));
    }
    return out;
  }

  private ifStatement(n: SyntaxNode, ctx: Ctx): Stmt {
    const cond = this.expr(n.childForFieldName('condition')!, ctx);
    const then = this.block(n.childForFieldName('consequence')!, ctx);
    const alternatives = n.childrenForFieldName('alternative').filter((c): c is SyntaxNode => c !== null);
    // elif chains nest: each elif is an `if` in the else of the one before.
    const rest = (i: number): Stmt[] | null => {
      const a = alternatives[i];
      if (!a) return null;
      if (a.type === 'else_clause') return this.block(a.childForFieldName('body')!, ctx);
      const c = this.expr(a.childForFieldName('condition')!, ctx);
      return [this.s(a, { kind: 'if', cond: c, then: this.block(a.childForFieldName('consequence')!, ctx), else: rest(i + 1) })];
    };
    return this.s(n, { kind: 'if', cond, then, else: rest(0) });
  }

  private expressionStatement(n: SyntaxNode, ctx: Ctx): Stmt {
    const parts = this.kids(n);
    if (parts.length === 1) {
      const only = parts[0]!;
      // `...` as a statement is a placeholder body, like `pass`.
      if (only.type === 'ellipsis') return this.s(n, { kind: 'pass' });
      if (only.type === 'assignment') {
        // A bare annotation (`x: int`) declares nothing at run time.
        if (!only.childForFieldName('right')) return this.s(n, { kind: 'pass' });
        const left = only.childForFieldName('left')!;
        if (ctx.top && left.type === 'identifier' && only.childForFieldName('right')!.type !== 'assignment') {
          // A module variable (`EPS = 1e-8`): what outer scopes resolve a module name to.
          return this.s(n, { kind: 'declare', decl: 'var', pattern: { kind: 'name', name: left.text, span: this.span(left) }, init: this.expr(only.childForFieldName('right')!, ctx) });
        }
      }
      return this.s(n, { kind: 'expr', expr: this.expr(only, ctx) });
    }
    // `a, b` on its own: a tuple expression.
    return this.s(n, { kind: 'expr', expr: this.e(n, { kind: 'seq', flavor: 'tuple', items: parts.map((p) => this.expr(p, ctx)) }) });
  }

  private importsOf(n: SyntaxNode): Import[] {
    const out: Import[] = [];
    const dotted = (d: SyntaxNode) => d.text.replace(/\s+/g, '');
    if (n.type === 'import_statement') {
      for (const c of n.childrenForFieldName('name')) {
        if (!c) continue;
        if (c.type === 'aliased_import') out.push({ local: c.childForFieldName('alias')!.text, module: dotted(c.childForFieldName('name')!), member: null, span: this.span(c) });
        // `import scipy.special` binds `scipy`.
        else out.push({ local: dotted(c).split('.')[0]!, module: dotted(c), member: null, span: this.span(c) });
      }
      return out;
    }
    const from = n.type === 'future_import_statement' ? '__future__' : dotted(n.childForFieldName('module_name')!);
    for (const c of n.childrenForFieldName('name')) {
      if (!c) continue;
      if (c.type === 'aliased_import') out.push({ local: c.childForFieldName('alias')!.text, module: from, member: dotted(c.childForFieldName('name')!), span: this.span(c) });
      else out.push({ local: dotted(c), module: from, member: dotted(c), span: this.span(c) });
    }
    if (this.kids(n).some((c) => c.type === 'wildcard_import')) out.push({ local: '*', module: from, member: '*', span: this.span(n) });
    return out;
  }

  // ---------------------------------------------------------------- functions and classes

  /**
   * A `def` or a `lambda`. `method`: the function is a method of a class (its first parameter is
   * the receiver unless `@staticmethod`); `host`: the decorated definition around it.
   */
  func(n: SyntaxNode, host: SyntaxNode | null, decorators: Expr[], outer: Ctx, as: 'function' | 'method'): Func {
    const isLambda = n.type === 'lambda';
    const nameNode = n.childForFieldName('name');
    const decoratorNames = decorators.map((d) => this.text.slice(d.span.start, d.span.end));
    const isStatic = decoratorNames.includes('staticmethod');
    const paramsNode = n.childForFieldName('parameters');
    const rawParams = paramsNode ? this.kids(paramsNode) : [];
    let self = outer.self;
    let receiver: Func['receiver'] = isLambda || outer.inFunction ? 'lexical' : 'own';
    if (as === 'method' && !isStatic) {
      const first = rawParams[0];
      // `self`, or an annotated `self: "Value"`; a default or a `*args` first is no receiver.
      const name = first?.type === 'identifier' ? first : first?.type === 'typed_parameter' ? this.kids(first).find((c) => c.type === 'identifier') : undefined;
      if (name) {
        self = name.text;
        rawParams.shift();
      }
      receiver = 'own';
    }
    const params = this.params(rawParams, { ...outer, self });
    // A parameter of the same name shadows an enclosing method's receiver.
    if (self !== null && params.some((p) => p.name === self) && !(as === 'method' && !isStatic)) self = null;
    const ctx: Ctx = { self, inFunction: true, top: false };
    const hostNode = host ?? n;
    let body: Stmt[] | Expr;
    let doc: DocInfo = { tags: {}, text: '' };
    if (isLambda) {
      body = this.expr(n.childForFieldName('body')!, ctx);
    } else {
      const read = this.bodyAndDoc(n.childForFieldName('body'), ctx);
      body = read.body;
      doc = read.doc;
    }
    const scope = isLambda ? { locals: [], nonlocals: [], globals: [] } : bindings(n.childForFieldName('body'), new Set(params.flatMap((p) => (p.name ? [p.name] : []))));
    const isAsync = n.children.some((c) => c?.type === 'async');
    const isGenerator = !isLambda && containsYield(n.childForFieldName('body'));
    if (isAsync) body = [this.unsupported(n, 'asynchronous code (async def)')];
    else if (isGenerator) body = [this.unsupported(n, 'a generator (yield)')];
    if (self !== null && scope.locals.includes(self)) body = [this.unsupported(n, 'rebinds self')];
    return {
      id: this.ids.take(), span: this.span(n), kind: 'function',
      name: nameNode ? nameNode.text : null, nameSpan: this.span(nameNode ?? n), hostSpan: this.span(hostNode), fullStart: hostNode.startIndex,
      params, body, receiver, syntax: isLambda ? 'lambda' : 'def',
      locals: scope.locals, nonlocals: scope.nonlocals, globals: scope.globals,
      decorators, doc, directives: directivesAround(this.text, hostNode.startIndex, n.endIndex),
      isAsync, isGenerator,
    };
  }

  /**
   * Parameters. A default is kept as an expression and evaluated when the argument is missing, as
   * the TS interpreter does; Python evaluates it once, when the `def` runs, which differs only for
   * a default that reads something changed later (never the constants gradient code uses).
   */
  private params(nodes: SyntaxNode[], ctx: Ctx): Param[] {
    const out: Param[] = [];
    let keywordOnly = false;
    for (const p of nodes) {
      const base = { id: this.ids.take(), span: this.span(p), pattern: null, default: null, rest: false, kwRest: false, keywordOnly, typeText: null, typeHint: null, isProperty: false } as Param;
      switch (p.type) {
        case 'identifier': out.push({ ...base, name: p.text }); break;
        case 'typed_parameter': {
          const inner = this.kids(p).find((c) => c.type !== 'type')!;
          const type = p.childForFieldName('type');
          const typed = { ...base, typeText: type ? type.text : null, typeHint: type ? typeHint(type.text) : null };
          if (inner.type === 'list_splat_pattern') {
            out.push({ ...typed, name: this.kids(inner)[0]?.text ?? null, rest: true });
            keywordOnly = true;
          } else if (inner.type === 'dictionary_splat_pattern') out.push({ ...typed, name: this.kids(inner)[0]?.text ?? null, kwRest: true, keywordOnly: false });
          else out.push({ ...typed, name: inner.text });
          break;
        }
        case 'default_parameter':
        case 'typed_default_parameter': {
          const type = p.childForFieldName('type');
          out.push({ ...base, name: p.childForFieldName('name')!.text, default: this.expr(p.childForFieldName('value')!, ctx), typeText: type ? type.text : null, typeHint: type ? typeHint(type.text) : null });
          break;
        }
        case 'list_splat_pattern':
          out.push({ ...base, name: this.kids(p)[0]?.text ?? null, rest: true });
          keywordOnly = true;
          break;
        case 'dictionary_splat_pattern': out.push({ ...base, name: this.kids(p)[0]?.text ?? null, kwRest: true, keywordOnly: false }); break;
        case 'keyword_separator': keywordOnly = true; break;
        case 'positional_separator': break;
        default: out.push({ ...base, name: null, pattern: this.pattern(p, ctx) });
      }
    }
    return out;
  }

  cls(n: SyntaxNode, decorators: Expr[], outer: Ctx): ClassDef {
    const nameNode = n.childForFieldName('name');
    const supers = n.childForFieldName('superclasses');
    // Class bodies see no enclosing method's `self`.
    const ctx: Ctx = { self: null, inFunction: outer.inFunction, top: false };
    const bases = supers ? this.kids(supers).filter((c) => c.type !== 'keyword_argument').map((c) => this.expr(c, ctx)) : [];
    const bodyNode = n.childForFieldName('body');
    const members: ClassMember[] = [];
    let ctor: Func | null = null;
    let doc: DocInfo = { tags: {}, text: '' };
    const stmts = bodyNode ? this.kids(bodyNode) : [];
    if (stmts[0]?.type === 'expression_statement' && this.kids(stmts[0]).length === 1 && this.kids(stmts[0])[0]!.type === 'string') {
      doc = parseDocText(cleanDoc(this.stringValue(this.kids(stmts[0])[0]!)));
      stmts.shift();
    }
    // Methods are read at module level (not inside the class body's own scope): they are functions of their own.
    const methodCtx: Ctx = { self: null, inFunction: false, top: false };
    for (const m of stmts) {
      const def = m.type === 'decorated_definition' ? m.childForFieldName('definition')! : m;
      if (def.type === 'function_definition') {
        const decos = m.type === 'decorated_definition' ? this.kids(m).filter((c) => c.type === 'decorator').map((d) => this.expr(this.kids(d)[0]!, ctx)) : [];
        const decoText = decos.map((d) => this.text.slice(d.span.start, d.span.end));
        const fn = this.func(def, m.type === 'decorated_definition' ? m : null, decos, methodCtx, 'method');
        if (fn.name === '__init__' && !ctor) ctor = fn;
        else members.push({ kind: 'method', name: fn.name ?? '', nameSpan: fn.nameSpan, isStatic: decoText.includes('staticmethod') || decoText.includes('classmethod'), fn, hostSpan: fn.hostSpan });
        continue;
      }
      if (m.type === 'expression_statement') {
        const a = this.kids(m)[0];
        const left = a?.type === 'assignment' ? a.childForFieldName('left') : null;
        if (a && left?.type === 'identifier') {
          const right = a.childForFieldName('right');
          // Class attributes belong to the class object (read through instances too).
          members.push({ kind: 'field', id: this.ids.take(), name: left.text, nameSpan: this.span(left), isStatic: true, init: right ? this.expr(right, ctx) : null, hostSpan: this.span(m) });
          continue;
        }
      }
      if (m.type === 'pass_statement' || (m.type === 'expression_statement' && this.kids(m)[0]?.type === 'ellipsis')) continue;
      members.push({ kind: 'other', id: this.ids.take(), name: null, what: m.type, hostSpan: this.span(m), fn: null });
    }
    return {
      id: this.ids.take(), span: this.span(n), kind: 'class', name: nameNode?.text ?? null, nameSpan: this.span(nameNode ?? n),
      bases, members, ctor, decorators, doc,
    };
  }

  // ---------------------------------------------------------------- patterns and targets

  /** A `for` target or an item of a destructuring assignment. */
  private pattern(n: SyntaxNode, ctx: Ctx): Pattern {
    switch (n.type) {
      case 'identifier':
        if (n.text === ctx.self) return { kind: 'target', target: this.unsupported(n, 'rebinds self'), span: this.span(n) };
        return { kind: 'name', name: n.text, span: this.span(n) };
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'expression_list': {
        const items: ({ value: Pattern; default: null } | null)[] = [];
        let rest: Pattern | null = null;
        for (const c of this.kids(n)) {
          if (c.type === 'list_splat_pattern' || c.type === 'list_splat') rest = this.pattern(this.kids(c)[0]!, ctx);
          else items.push({ value: this.pattern(c, ctx), default: null });
        }
        return { kind: 'seq', items, rest, span: this.span(n) };
      }
      case 'parenthesized_expression': {
        const inner = this.kids(n)[0];
        return inner ? this.pattern(inner, ctx) : { kind: 'seq', items: [], rest: null, span: this.span(n) };
      }
      default:
        return { kind: 'target', target: this.expr(n, ctx), span: this.span(n) };
    }
  }

  /** An assignment's left side: a name, attribute or subscript stays an Expr; a tuple or list destructures. */
  private target(n: SyntaxNode, ctx: Ctx): Expr | Pattern {
    if (n.type === 'identifier') {
      if (n.text === ctx.self) return this.unsupported(n, 'rebinds self');
      return this.e(n, { kind: 'name', name: n.text });
    }
    if (n.type === 'attribute' || n.type === 'subscript') return this.expr(n, ctx);
    return this.pattern(n, ctx);
  }

  // ---------------------------------------------------------------- expressions

  expr(n: SyntaxNode, ctx: Ctx): Expr {
    if (++this.depth > MAX_LOWER_DEPTH) {
      this.depth--;
      return this.unsupported(n, TOO_DEEP);
    }
    try {
      return this.exprInner(n, ctx);
    } finally {
      this.depth--;
    }
  }

  private exprInner(n: SyntaxNode, ctx: Ctx): Expr {
    switch (n.type) {
      case 'identifier':
        return n.text === ctx.self && ctx.self !== null ? this.e(n, { kind: 'this' }) : this.e(n, { kind: 'name', name: n.text });
      case 'integer':
      case 'float': {
        if (/[jJ]$/.test(n.text)) return this.unsupported(n, 'complex number');
        return this.e(n, { kind: 'num', value: pythonNumber(n.text), raw: n.text });
      }
      case 'string': {
        if (this.kids(n).some((c) => c.type === 'interpolation')) return this.e(n, { kind: 'str', value: n.text, template: true });
        return this.e(n, { kind: 'str', value: this.stringValue(n), template: false });
      }
      case 'concatenated_string': {
        const parts = this.kids(n);
        if (parts.some((p) => this.kids(p).some((c) => c.type === 'interpolation'))) return this.e(n, { kind: 'str', value: n.text, template: true });
        return this.e(n, { kind: 'str', value: parts.map((p) => this.stringValue(p)).join(''), template: false });
      }
      case 'true': return this.e(n, { kind: 'bool', value: true });
      case 'false': return this.e(n, { kind: 'bool', value: false });
      case 'none': return this.e(n, { kind: 'none' });
      case 'unary_operator': {
        const op = n.childForFieldName('operator')!.type;
        return this.e(n, { kind: 'unary', op: op === '-' ? 'neg' : op === '+' ? 'plus' : 'bitNot', arg: this.expr(n.childForFieldName('argument')!, ctx) });
      }
      case 'not_operator': return this.e(n, { kind: 'unary', op: 'not', arg: this.expr(n.childForFieldName('argument')!, ctx) });
      case 'binary_operator': {
        const opText = n.childForFieldName('operator')!.text;
        return this.e(n, { kind: 'binary', op: BIN[opText] ?? 'other', opText, left: this.expr(n.childForFieldName('left')!, ctx), right: this.expr(n.childForFieldName('right')!, ctx) });
      }
      case 'comparison_operator': {
        const operands: Expr[] = [];
        const ops: BinOp[] = [];
        const opTexts: string[] = [];
        for (let i = 0; i < n.childCount; i++) {
          const c = n.child(i)!;
          if (n.fieldNameForChild(i) === 'operators') {
            const t = c.text.replace(/\s+/g, ' ');
            ops.push(CMP[t] ?? 'other');
            opTexts.push(t);
          } else if (c.isNamed && c.type !== 'comment') operands.push(this.expr(c, ctx));
        }
        return this.e(n, { kind: 'compare', ops, operands, opTexts });
      }
      case 'boolean_operator': {
        const op = n.childForFieldName('operator')!.type === 'and' ? 'and' : 'or';
        return this.e(n, { kind: 'logical', op, left: this.expr(n.childForFieldName('left')!, ctx), right: this.expr(n.childForFieldName('right')!, ctx) });
      }
      case 'conditional_expression': {
        const [then, test, otherwise] = this.kids(n);
        return this.e(n, { kind: 'cond', test: this.expr(test!, ctx), then: this.expr(then!, ctx), else: this.expr(otherwise!, ctx) });
      }
      case 'assignment': {
        const left = n.childForFieldName('left')!;
        const right = n.childForFieldName('right');
        if (!right) return this.e(n, { kind: 'none' });
        if (right.type === 'assignment' && overlaps(left, right)) return this.unsupported(n, 'chained assignment to overlapping targets');
        return this.e(n, { kind: 'assign', target: this.target(left, ctx), op: null, value: this.expr(right, ctx), opText: '=' });
      }
      case 'augmented_assignment': {
        const opText = n.childForFieldName('operator')!.text;
        const op = BIN[opText.slice(0, -1)] ?? 'other';
        return this.e(n, { kind: 'assign', target: this.target(n.childForFieldName('left')!, ctx), op, value: this.expr(n.childForFieldName('right')!, ctx), opText });
      }
      case 'call': return this.call(n, ctx);
      case 'attribute': {
        const attr = n.childForFieldName('attribute')!;
        return this.e(n, { kind: 'member', object: this.expr(n.childForFieldName('object')!, ctx), name: attr.text, nameSpan: this.span(attr), private: false, bracket: false });
      }
      case 'subscript': {
        const items: IndexItem[] = n.childrenForFieldName('subscript').filter((c): c is SyntaxNode => c !== null).map((c) => this.indexItem(c, ctx));
        return this.e(n, { kind: 'index', object: this.expr(n.childForFieldName('value')!, ctx), items });
      }
      case 'list': return this.e(n, { kind: 'seq', flavor: 'list', items: this.items(n, ctx) });
      case 'tuple':
      case 'expression_list':
      case 'pattern_list': return this.e(n, { kind: 'seq', flavor: 'tuple', items: this.items(n, ctx) });
      case 'parenthesized_expression': {
        const inner = this.kids(n)[0];
        if (!inner) return this.e(n, { kind: 'seq', flavor: 'tuple', items: [] });
        return this.e(n, { kind: 'wrap', inner: this.expr(inner, ctx), how: 'paren' });
      }
      case 'dictionary': return this.dict(n, ctx);
      case 'lambda': return this.e(n, { kind: 'fn', fn: this.func(n, null, [], ctx, 'function') });
      case 'set': return this.unsupported(n, 'set literal');
      case 'named_expression': return this.unsupported(n, 'assignment expression (:=)');
      case 'await': return this.unsupported(n, 'asynchronous code (await)');
      case 'yield': return this.unsupported(n, 'a generator (yield)');
      case 'ellipsis': return this.unsupported(n, 'uses Ellipsis (...) as a value');
      case 'list_splat':
      case 'dictionary_splat': return this.unsupported(n, `unpacks with ${n.type === 'list_splat' ? '*' : '**'} outside a call`);
      case 'ERROR': return this.unsupported(n, 'contains a syntax error');
    }
    const comp = COMPREHENSIONS[n.type];
    if (comp) return this.unsupported(n, comp);
    return this.unsupported(n, `unsupported syntax (${n.type})`);
  }

  private items(n: SyntaxNode, ctx: Ctx): (Expr | { spread: Expr })[] {
    return this.kids(n).map((c) => (c.type === 'list_splat' ? { spread: this.expr(this.kids(c)[0]!, ctx) } : this.expr(c, ctx)));
  }

  private call(n: SyntaxNode, ctx: Ctx): Expr {
    const fnNode = n.childForFieldName('function')!;
    const argsNode = n.childForFieldName('arguments')!;
    const callee = this.expr(fnNode, ctx);
    // `sum(x for x in xs)`: the argument list is the generator itself.
    if (argsNode.type === 'generator_expression') return this.e(n, { kind: 'call', callee, args: [{ value: this.expr(argsNode, ctx), spread: false, keyword: null }] });
    const args: Arg[] = [];
    for (const a of this.kids(argsNode)) {
      if (a.type === 'dictionary_splat') return this.unsupported(n, 'passes **kwargs');
      if (a.type === 'list_splat') args.push({ value: this.expr(this.kids(a)[0]!, ctx), spread: true, keyword: null });
      else if (a.type === 'keyword_argument') args.push({ value: this.expr(a.childForFieldName('value')!, ctx), spread: false, keyword: a.childForFieldName('name')!.text });
      else args.push({ value: this.expr(a, ctx), spread: false, keyword: null });
    }
    // `isinstance(v, C)`: the type test both languages have, one node (the semantics decide what it means).
    if (fnNode.type === 'identifier' && fnNode.text === 'isinstance' && args.length === 2 && args.every((a) => !a.spread && a.keyword === null)) {
      return this.e(n, { kind: 'instanceof', value: args[0]!.value, cls: args[1]!.value });
    }
    return this.e(n, { kind: 'call', callee, args });
  }

  /**
   * One item of a subscript. tree-sitter gives a slice's parts without fields, so the `:` tokens
   * place them: `1:` and `::2` both have one integer child, start in one and step in the other.
   */
  private indexItem(n: SyntaxNode, ctx: Ctx): IndexItem {
    if (n.type === 'slice') {
      const parts: (Expr | null)[] = [null, null, null];
      let at = 0;
      for (let i = 0; i < n.childCount; i++) {
        const c = n.child(i)!;
        if (c.type === ':') at++;
        else if (c.isNamed && c.type !== 'comment' && at < 3) parts[at] = this.expr(c, ctx);
      }
      return { kind: 'slice', start: parts[0]!, stop: parts[1]!, step: parts[2]!, span: this.span(n) };
    }
    if (n.type === 'ellipsis') return { kind: 'ellipsis', span: this.span(n) };
    // NumPy reads `None` in a subscript as a new axis.
    if (n.type === 'none') return { kind: 'newaxis', span: this.span(n) };
    return { kind: 'expr', value: this.expr(n, ctx) };
  }

  private dict(n: SyntaxNode, ctx: Ctx): Expr {
    const props: ObjectProp[] = [];
    for (const p of this.kids(n)) {
      if (p.type === 'dictionary_splat') {
        props.push({ kind: 'spread', value: this.expr(this.kids(p)[0]!, ctx) });
        continue;
      }
      const key = p.childForFieldName('key');
      const value = p.childForFieldName('value');
      if (p.type !== 'pair' || !key || !value || key.type !== 'string' || this.kids(key).some((c) => c.type === 'interpolation')) return this.unsupported(n, 'dict with non-string keys');
      props.push({ kind: 'prop', key: this.stringValue(key), value: this.expr(value, ctx), keySpan: this.span(key), shorthand: false });
    }
    return this.e(n, { kind: 'object', props });
  }

  /** A string literal's value: its contents, escapes decoded unless raw. */
  private stringValue(n: SyntaxNode): string {
    if (n.type === 'concatenated_string') return this.kids(n).map((p) => this.stringValue(p)).join('');
    const start = n.children.find((c) => c?.type === 'string_start')?.text ?? '"';
    const raw = /r/i.test(start);
    const content = this.kids(n).filter((c) => c.type === 'string_content').map((c) => c.text).join('');
    return raw ? content : decodeEscapes(content);
  }
}

// ---------------------------------------------------------------- helpers

/** Python number literal → value: `1_000`, `0x1f`, `0o17`, `0b101`, `1.`, `.5`, `1e-5`. */
export function pythonNumber(raw: string): number {
  const t = raw.replace(/_/g, '').replace(/[lL]$/, '');
  if (/^0[0-7]+$/.test(t)) return parseInt(t, 8); // Python 2 octal
  return Number(t);
}

function decodeEscapes(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\r?\n|.)/g, (_, e: string) => {
    switch (e[0]) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case '\\': return '\\';
      case "'": return "'";
      case '"': return '"';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      case '\n':
      case '\r': return '';
      case 'x':
      case 'u':
      case 'U': return String.fromCodePoint(parseInt(e.slice(1), 16));
      default: return /^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : `\\${e}`;
    }
  });
}

/** A docstring's text as `inspect.cleandoc` gives it: common indentation removed, blank ends trimmed. */
export function cleanDoc(s: string): string {
  const lines = s.replace(/\t/g, '        ').split(/\r?\n/);
  const indents = lines.slice(1).filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  const out = [lines[0]!.trim(), ...lines.slice(1).map((l) => l.slice(cut).trimEnd())];
  while (out.length > 0 && out[0] === '') out.shift();
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

/** The class a `raise` names: `raise NotImplementedError`, `raise ValueError("…")`, `raise errors.Bad()`. */
function raisedClass(n: SyntaxNode): string | null {
  let x: SyntaxNode | null = n;
  if (x.type === 'call') x = x.childForFieldName('function');
  if (!x) return null;
  if (x.type === 'identifier') return x.text;
  if (x.type === 'attribute') return x.childForFieldName('attribute')?.text ?? null;
  return null;
}

/** `a = b = e` where one target reads a name another binds (`x = x[0] = …`): Python's left-to-right binding would differ from nesting. */
function overlaps(left: SyntaxNode, right: SyntaxNode): boolean {
  const targets: SyntaxNode[] = [left];
  for (let r: SyntaxNode | null = right; r && r.type === 'assignment'; r = r.childForFieldName('right')) targets.push(r.childForFieldName('left')!);
  const bound = new Set(targets.filter((t) => t.type === 'identifier').map((t) => t.text));
  return targets.some((t) => t.type !== 'identifier' && names(t).some((x) => bound.has(x)));
}

function names(n: SyntaxNode): string[] {
  if (n.type === 'identifier') return [n.text];
  return n.namedChildren.flatMap((c) => (c ? names(c) : []));
}

/**
 * Names a function body binds (Python: assignment and augmented-assignment targets, `for` and
 * `with … as` targets, `except … as`, nested `def`/`class`, imports, walrus), minus those declared
 * `nonlocal`/`global` and the parameters; nested functions and classes are scopes of their own.
 */
function bindings(body: SyntaxNode | null, params: ReadonlySet<string>): { locals: string[]; nonlocals: string[]; globals: string[] } {
  const bound = new Set<string>();
  const nonlocals = new Set<string>();
  const globals = new Set<string>();
  const bindTarget = (t: SyntaxNode | null) => {
    if (!t) return;
    if (t.type === 'identifier') bound.add(t.text);
    else if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'list_splat_pattern', 'list_splat', 'expression_list', 'as_pattern_target'].includes(t.type)) {
      for (const c of t.namedChildren) bindTarget(c);
    }
  };
  const stack: SyntaxNode[] = body ? [body] : [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    switch (n.type) {
      case 'function_definition':
      case 'class_definition':
        bindTarget(n.childForFieldName('name'));
        continue;
      case 'lambda':
      case 'list_comprehension':
      case 'dictionary_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
        continue;
      case 'assignment':
      case 'augmented_assignment':
        bindTarget(n.childForFieldName('left'));
        break;
      case 'named_expression':
        bindTarget(n.childForFieldName('name'));
        break;
      case 'for_statement':
        bindTarget(n.childForFieldName('left'));
        break;
      case 'as_pattern':
        bindTarget(n.childForFieldName('alias'));
        break;
      case 'import_statement':
      case 'import_from_statement':
        for (const c of n.childrenForFieldName('name')) {
          if (!c) continue;
          const alias = c.type === 'aliased_import' ? c.childForFieldName('alias') : null;
          bound.add(alias ? alias.text : c.text.split('.')[0]!.trim());
        }
        continue;
      case 'nonlocal_statement':
        for (const c of n.namedChildren) if (c?.type === 'identifier') nonlocals.add(c.text);
        continue;
      case 'global_statement':
        for (const c of n.namedChildren) if (c?.type === 'identifier') globals.add(c.text);
        continue;
    }
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  const locals = [...bound].filter((x) => !nonlocals.has(x) && !globals.has(x) && !params.has(x)).sort();
  return { locals, nonlocals: [...nonlocals].sort(), globals: [...globals].sort() };
}

/** Whether a body yields (not counting nested functions, lambdas and classes, which are their own). */
function containsYield(body: SyntaxNode | null): boolean {
  const stack: SyntaxNode[] = body ? [body] : [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'yield') return true;
    if (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition') continue;
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return false;
}

/** `# gradlens: …` directives in the comment lines right above `start` and inside up to `end`. */
function directivesAround(text: string, start: number, end: number): string[] {
  let from = text.lastIndexOf('\n', start - 1) + 1;
  // Walk up over the comment lines directly above the definition.
  for (;;) {
    if (from === 0) break;
    const prevStart = text.lastIndexOf('\n', from - 2) + 1;
    if (!/^\s*#/.test(text.slice(prevStart, from - 1))) break;
    from = prevStart;
  }
  const out: string[] = [];
  const re = /#\s*gradlens:\s*([^\n]*?)\s*$/gm;
  const part = text.slice(from, end);
  for (let m = re.exec(part); m; m = re.exec(part)) if (m[1]) out.push(m[1]);
  return out;
}

function typeHint(t: string): Param['typeHint'] {
  const s = t.replace(/\s+/g, '');
  if (s === 'float' || s === 'int') return 'number';
  if (s === 'bool') return 'boolean';
  if (/^(np\.|numpy\.)?(ndarray|array)$|^(list|List|Sequence)\b|^(torch\.)?Tensor$|^(jnp\.|jax\.)?(ndarray|Array)$/.test(s)) return 'array';
  if (/^[A-Za-z_][\w.]*$/.test(s)) return 'class';
  return null;
}
