/**
 * TypeScript/JavaScript → code model (design: docs/design/code-model.md §3). Not yet used by the
 * pipeline: the interpreter still reads `ts.Node`s; this lowering exists so that the interpreter,
 * discovery and pairing can move onto the IR with TS verdicts byte-identical.
 *
 * What keeps verdicts identical, and so what this file must never break:
 * - Rule U: whatever the interpreter refuses by syntax alone (`try`, `for…in`, `await`, a class
 *   declared inside a function, any syntax it has no case for) becomes an `unsupported` node in
 *   place, with the interpreter's exact message, and is refused only where execution reaches it.
 * - Rule R3: lowering is 1:1, no desugaring (`a[i++] += c` stays one `assign`), so the interpreter
 *   can evaluate in today's order.
 * - Wrappers (`(e)`, `e as T`, `<T>e`, `e!`, `e satisfies T`) are kept as `wrap` nodes: today the
 *   interpreter sees through them in some places and not in others.
 * - Spans run from `getStart()` to `end`, the characters `getText()` returns, so quoted source in
 *   messages is unchanged.
 * - `a['b']` is a `member` only as a call's callee (the one place the interpreter reads it as `a.b`).
 */
import type * as T from 'typescript';
import { ts } from '../../ts.js';
import { parseJsDocText, readJsDoc } from '../../jsdoc.js';
import {
  IdSource,
  type Arg, type BinOp, type ClassDef, type ClassMember, type DeclKind, type DocInfo, type Expr, type Fields, type Func, type Import,
  type Module, type Node, type ObjectProp, type Param, type Pattern, type Span, type Stmt, type SwitchCase,
} from '../../ir/types.js';

export interface TsLowering {
  module: Module;
  /** The IR node made from each TS node that became one (functions, statements, expressions, classes, parameters). */
  irOf: Map<T.Node, Node>;
}

/**
 * Expressions nested deeper than this are one `unsupported` node: the interpreter refuses anything
 * past 250 levels of evaluation anyway (`expression too deeply nested`), and lowering recursively
 * past a few thousand levels would overflow the stack on generated code.
 */
const MAX_LOWER_DEPTH = 1000;
const TOO_DEEP = 'expression too deeply nested (more than 250 levels)';

export function lowerTs(sf: T.SourceFile): TsLowering {
  const l = new Lowering(sf);
  const body = l.statements(sf.statements, true);
  const syntaxErrors = ((sf as unknown as { parseDiagnostics?: readonly { start?: number }[] }).parseDiagnostics ?? []).map((d) => d.start ?? 0);
  const module: Module = { lang: 'ts', path: sf.fileName, text: sf.text, body, imports: l.imports, syntaxErrors, native: sf };
  return { module, irOf: l.irOf };
}

class Lowering {
  readonly ids = new IdSource();
  readonly irOf = new Map<T.Node, Node>();
  readonly imports: Import[] = [];
  private depth = 0;

  constructor(private readonly sf: T.SourceFile) {}

  private span(n: T.Node): Span {
    return { start: n.getStart(this.sf), end: n.end };
  }

  private text(n: T.Node): string {
    return n.getText(this.sf);
  }

  private make<N extends Stmt | Expr>(from: T.Node, fields: Fields<N>): N {
    const node = { id: this.ids.take(), span: this.span(from), ...fields } as unknown as N;
    // Children are made first, so a TS node that is both a function and a statement maps to its Func.
    if (!this.irOf.has(from)) this.irOf.set(from, node);
    return node;
  }

  private stmtOf(from: T.Node, fields: Fields<Stmt>): Stmt {
    return this.make<Stmt>(from, fields);
  }

  private exprOf(from: T.Node, fields: Fields<Expr>): Expr {
    return this.make<Expr>(from, fields);
  }

  private unsupported(from: T.Node, reason: string, children: (Stmt | Expr)[] = []): Stmt & Expr {
    return this.make<Stmt & Expr>(from, { kind: 'unsupported', reason, children } as Fields<Stmt & Expr>);
  }

  /** The lowered parts of a construct the interpreter refuses, so functions inside it are still found. */
  private childrenOf(n: T.Node): (Stmt | Expr)[] {
    const out: (Stmt | Expr)[] = [];
    n.forEachChild((c) => {
      if (ts.isVariableStatement(c)) out.push(...this.declarations(c.declarationList, c));
      else if (ts.isBlock(c) || isStatementNode(c)) out.push(this.statement(c as T.Statement, false));
      else if (ts.isCatchClause(c)) out.push(this.statement(c.block, false));
      else if (ts.isVariableDeclarationList(c)) out.push(...this.declarations(c));
      else if (isExpressionNode(c)) out.push(this.expr(c as T.Expression));
    });
    return out;
  }

  // ---------------------------------------------------------------- statements

  /** `top`: a module or namespace body, where declarations are read by discovery and scopes and never run. */
  statements(list: readonly T.Statement[], top: boolean): Stmt[] {
    const out: Stmt[] = [];
    for (const s of list) {
      if (ts.isVariableStatement(s)) out.push(...this.declarations(s.declarationList, s));
      else out.push(this.statement(s, top));
    }
    return out;
  }

  /** One `declare` per declarator, in order (the interpreter evaluates and binds each in turn). */
  private declarations(list: T.VariableDeclarationList, stmt?: T.VariableStatement): Stmt[] {
    const decl: DeclKind = (list.flags & ts.NodeFlags.Const) !== 0 ? 'const' : (list.flags & ts.NodeFlags.Let) !== 0 ? 'let' : 'var';
    const out = list.declarations.map((d) => this.stmtOf(d, { kind: 'declare', decl, pattern: this.bindingPattern(d.name), init: d.initializer ? this.expr(d.initializer) : null }));
    if (stmt && out.length === 1) this.irOf.set(stmt, out[0]!);
    return out;
  }

  /** A branch or loop body: a `{…}` block becomes one `block` statement (its scope), anything else a one-statement list. */
  private body(s: T.Statement): Stmt[] {
    if (ts.isVariableStatement(s)) return this.declarations(s.declarationList, s);
    return [this.statement(s, false)];
  }

  statement(s: T.Statement, top: boolean): Stmt {
    if (ts.isBlock(s)) return this.stmtOf(s, { kind: 'block', body: this.statements(s.statements, false) });
    // Callers expand variable statements themselves (one `declare` per declarator, no scope of
    // their own); this fallback is for a caller that does not, and never happens in the walks here.
    if (ts.isVariableStatement(s)) {
      const ds = this.declarations(s.declarationList, s);
      return ds.length === 1 ? ds[0]! : this.stmtOf(s, { kind: 'block', body: ds });
    }
    if (ts.isExpressionStatement(s)) return this.stmtOf(s, { kind: 'expr', expr: this.expr(s.expression) });
    if (ts.isReturnStatement(s)) return this.stmtOf(s, { kind: 'return', value: s.expression ? this.expr(s.expression) : null });
    if (ts.isIfStatement(s)) {
      return this.stmtOf(s, { kind: 'if', cond: this.expr(s.expression), then: this.body(s.thenStatement), else: s.elseStatement ? this.body(s.elseStatement) : null });
    }
    if (ts.isForStatement(s)) {
      const init = s.initializer === undefined ? null : ts.isVariableDeclarationList(s.initializer) ? this.declarations(s.initializer) : this.expr(s.initializer);
      return this.stmtOf(s, { kind: 'for', init, cond: s.condition ? this.expr(s.condition) : null, update: s.incrementor ? this.expr(s.incrementor) : null, body: this.body(s.statement) });
    }
    if (ts.isForOfStatement(s)) {
      const init = s.initializer;
      let target: Pattern;
      let declares: DeclKind | null = null;
      if (ts.isVariableDeclarationList(init)) {
        declares = (init.flags & ts.NodeFlags.Const) !== 0 ? 'const' : (init.flags & ts.NodeFlags.Let) !== 0 ? 'let' : 'var';
        const d = init.declarations[0];
        target = d ? this.bindingPattern(d.name) : { kind: 'seq', items: [], rest: null, span: this.span(init) };
      } else {
        target = { kind: 'target', target: this.expr(init), span: this.span(init) };
      }
      return this.stmtOf(s, { kind: 'forEach', target, declares, iterable: this.expr(s.expression), body: this.body(s.statement) });
    }
    if (ts.isWhileStatement(s)) return this.stmtOf(s, { kind: 'while', cond: this.expr(s.expression), body: this.body(s.statement), doWhile: false });
    if (ts.isDoStatement(s)) return this.stmtOf(s, { kind: 'while', cond: this.expr(s.expression), body: this.body(s.statement), doWhile: true });
    if (ts.isSwitchStatement(s)) {
      const cases: SwitchCase[] = s.caseBlock.clauses.map((c) => ({
        id: this.ids.take(), span: this.span(c),
        test: ts.isCaseClause(c) ? this.expr(c.expression) : null,
        body: this.statements(c.statements, false),
      }));
      return this.stmtOf(s, { kind: 'switch', subject: this.expr(s.expression), cases });
    }
    if (ts.isThrowStatement(s)) return this.stmtOf(s, { kind: 'throw', value: s.expression ? this.expr(s.expression) : null, what: thrownClass(s.expression) });
    if (ts.isEmptyStatement(s) || ts.isDebuggerStatement(s)) return this.stmtOf(s, { kind: 'pass' });
    if (ts.isFunctionDeclaration(s)) return this.stmtOf(s, { kind: 'funcDecl', fn: this.func(s), hoisted: true });
    if (ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) return this.stmtOf(s, { kind: 'typeOnly' });
    if (ts.isBreakStatement(s)) return this.stmtOf(s, { kind: 'break', label: s.label?.text ?? null });
    if (ts.isContinueStatement(s)) return this.stmtOf(s, { kind: 'continue', label: s.label?.text ?? null });
    if (ts.isForInStatement(s)) return this.unsupported(s, 'for…in loop over object keys', this.childrenOf(s));
    if (ts.isTryStatement(s)) return this.unsupported(s, 'try/catch', this.childrenOf(s));
    if (ts.isClassDeclaration(s)) {
      const decl = this.stmtOf(s, { kind: 'classDecl', cls: this.cls(s) });
      if (top) return decl;
      // Inside a function the interpreter does not run a class declaration; the class is kept for discovery.
      return this.unsupported(s, unsupportedStatement(s), [decl]);
    }
    if (top && ts.isModuleDeclaration(s) && ts.isIdentifier(s.name)) {
      let body: T.ModuleBody | undefined = s.body;
      const names = [s.name.text];
      // `namespace a.b { … }` nests ModuleDeclarations; their dotted name is one container.
      while (body && ts.isModuleDeclaration(body)) {
        names.push(body.name.text);
        body = body.body;
      }
      const stmts = body && ts.isModuleBlock(body) ? this.statements(body.statements, true) : [];
      return this.stmtOf(s, { kind: 'namespace', name: names.join('.'), body: stmts });
    }
    if (top && (ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s))) {
      const imports = this.importsOf(s);
      this.imports.push(...imports);
      return this.stmtOf(s, { kind: 'import', imports });
    }
    return this.unsupported(s, unsupportedStatement(s), this.childrenOf(s));
  }

  private importsOf(s: T.ImportDeclaration | T.ImportEqualsDeclaration): Import[] {
    if (ts.isImportEqualsDeclaration(s)) {
      const ref = s.moduleReference;
      const from = ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression) ? ref.expression.text : '?';
      return [{ local: s.name.text, module: from, member: null, span: this.span(s), equals: true }];
    }
    const from = ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : '?';
    const c = s.importClause;
    if (!c) return [];
    const out: Import[] = [];
    if (c.name) out.push({ local: c.name.text, module: from, member: 'default', span: this.span(c.name) });
    const nb = c.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) out.push({ local: nb.name.text, module: from, member: null, span: this.span(nb) });
    if (nb && ts.isNamedImports(nb)) {
      for (const el of nb.elements) out.push({ local: el.name.text, module: from, member: (el.propertyName ?? el.name).text, span: this.span(el) });
    }
    return out;
  }

  // ---------------------------------------------------------------- patterns

  private bindingPattern(name: T.BindingName): Pattern {
    if (ts.isIdentifier(name)) return { kind: 'name', name: name.text, span: this.span(name) };
    if (ts.isArrayBindingPattern(name)) {
      const items: ({ value: Pattern; default: Expr | null } | null)[] = [];
      let rest: Pattern | null = null;
      for (const el of name.elements) {
        if (ts.isOmittedExpression(el)) items.push(null);
        else if (el.dotDotDotToken) rest = this.bindingPattern(el.name);
        else items.push({ value: this.bindingPattern(el.name), default: el.initializer ? this.expr(el.initializer) : null });
      }
      return { kind: 'seq', items, rest, span: this.span(name) };
    }
    const props: { key: string | null; value: Pattern; default: Expr | null; span: Span }[] = [];
    let rest: Pattern | null = null;
    for (const el of name.elements) {
      if (el.dotDotDotToken) {
        rest = this.bindingPattern(el.name);
        continue;
      }
      const prop = el.propertyName ?? el.name;
      // Only identifiers and string literals are keys the interpreter reads ("computed key in destructuring" else).
      const key = ts.isIdentifier(prop) || ts.isStringLiteral(prop) ? prop.text : null;
      props.push({ key, value: this.bindingPattern(el.name), default: el.initializer ? this.expr(el.initializer) : null, span: this.span(el) });
    }
    return { kind: 'object', props, rest, span: this.span(name) };
  }

  // ---------------------------------------------------------------- functions and classes

  func(n: T.FunctionDeclaration | T.FunctionExpression | T.ArrowFunction | T.MethodDeclaration | T.ConstructorDeclaration | T.AccessorDeclaration): Func {
    const nameNode = n.name;
    const name = !nameNode ? null : ts.isIdentifier(nameNode) || ts.isStringLiteral(nameNode) || ts.isNumericLiteral(nameNode) || ts.isPrivateIdentifier(nameNode) ? nameNode.text : this.text(nameNode);
    const host = hostOf(n);
    const mods = ts.canHaveModifiers(n) ? ts.getModifiers(n) ?? [] : [];
    const fn: Func = {
      id: this.ids.take(), span: this.span(n), kind: 'function', name,
      nameSpan: this.span(nameNode ?? n), hostSpan: this.span(host), fullStart: n.pos,
      params: n.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this')).map((p) => this.param(p)),
      body: n.body === undefined ? null : ts.isBlock(n.body) ? this.statements(n.body.statements, false) : this.expr(n.body),
      receiver: ts.isArrowFunction(n) ? 'lexical' : 'own',
      syntax: ts.SyntaxKind[n.kind],
      locals: [], nonlocals: [], globals: [], decorators: [],
      doc: this.doc(host),
      directives: directivesIn(this.sf.text, host.getFullStart(), n.end),
      isAsync: mods.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword),
      isGenerator: 'asteriskToken' in n && n.asteriskToken !== undefined,
    };
    this.irOf.set(n, fn);
    return fn;
  }

  private doc(host: T.Node): DocInfo {
    try {
      return readJsDoc(this.sf, host);
    } catch {
      return parseJsDocText('');
    }
  }

  private param(p: T.ParameterDeclaration): Param {
    const mods = ts.canHaveModifiers(p) ? ts.getModifiers(p) ?? [] : [];
    const param: Param = {
      id: this.ids.take(), span: this.span(p),
      name: ts.isIdentifier(p.name) ? p.name.text : null,
      pattern: ts.isIdentifier(p.name) ? null : this.bindingPattern(p.name),
      default: p.initializer ? this.expr(p.initializer) : null,
      rest: p.dotDotDotToken !== undefined, kwRest: false, keywordOnly: false,
      typeText: p.type ? this.text(p.type) : null,
      typeHint: p.type ? typeHint(p.type) : null,
      isProperty: mods.some((m) => [ts.SyntaxKind.PublicKeyword, ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword, ts.SyntaxKind.ReadonlyKeyword].includes(m.kind)),
    };
    this.irOf.set(p, param);
    return param;
  }

  cls(c: T.ClassLikeDeclaration): ClassDef {
    const heritage = c.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
    const members: ClassMember[] = [];
    let ctor: Func | null = null;
    for (const m of c.members) {
      const isStatic = (ts.canHaveModifiers(m) ? ts.getModifiers(m) ?? [] : []).some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
      const memberName = m.name ? (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) || ts.isNumericLiteral(m.name) || ts.isPrivateIdentifier(m.name) ? m.name.text : this.text(m.name)) : null;
      const nameSpan = this.span(m.name ?? m);
      if (ts.isConstructorDeclaration(m)) {
        // Overload signatures have no body; the implementation is the constructor.
        if (m.body || !ctor) ctor = this.func(m);
      } else if (ts.isMethodDeclaration(m) && memberName !== null) {
        members.push({ kind: 'method', name: memberName, nameSpan, isStatic, fn: this.func(m), hostSpan: this.span(m) });
      } else if (ts.isPropertyDeclaration(m) && memberName !== null) {
        members.push({ kind: 'field', id: this.ids.take(), name: memberName, nameSpan, isStatic, init: m.initializer ? this.expr(m.initializer) : null, hostSpan: this.span(m) });
      } else {
        members.push({ kind: 'other', id: this.ids.take(), name: memberName, what: ts.SyntaxKind[m.kind], hostSpan: this.span(m), fn: ts.isGetAccessor(m) || ts.isSetAccessor(m) ? this.func(m) : null });
      }
    }
    const def: ClassDef = {
      id: this.ids.take(), span: this.span(c), kind: 'class', name: c.name?.text ?? null, nameSpan: this.span(c.name ?? c),
      bases: heritage ? heritage.types.map((t) => this.expr(t.expression)) : [], members, ctor, decorators: [], doc: this.doc(c),
    };
    this.irOf.set(c, def);
    return def;
  }

  // ---------------------------------------------------------------- expressions

  expr(n: T.Expression): Expr {
    if (++this.depth > MAX_LOWER_DEPTH) {
      this.depth--;
      return this.unsupported(n, TOO_DEEP);
    }
    try {
      return this.exprInner(n);
    } finally {
      this.depth--;
    }
  }

  private args(list: readonly T.Expression[]): Arg[] {
    return list.map((a) => (ts.isSpreadElement(a) ? { value: this.expr(a.expression), spread: true, keyword: null } : { value: this.expr(a), spread: false, keyword: null }));
  }

  private exprInner(n: T.Expression): Expr {
    if (ts.isParenthesizedExpression(n)) return this.exprOf(n, { kind: 'wrap', inner: this.expr(n.expression), how: 'paren' });
    if (ts.isAsExpression(n)) return this.exprOf(n, { kind: 'wrap', inner: this.expr(n.expression), how: 'as' });
    if (ts.isTypeAssertionExpression(n)) return this.exprOf(n, { kind: 'wrap', inner: this.expr(n.expression), how: 'typeAssertion' });
    if (ts.isNonNullExpression(n)) return this.exprOf(n, { kind: 'wrap', inner: this.expr(n.expression), how: 'nonNull' });
    if (ts.isSatisfiesExpression(n)) return this.exprOf(n, { kind: 'wrap', inner: this.expr(n.expression), how: 'satisfies' });
    if (ts.isNumericLiteral(n)) return this.exprOf(n, { kind: 'num', value: Number(n.text.replace(/_/g, '')), raw: this.text(n) });
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return this.exprOf(n, { kind: 'str', value: n.text, template: false });
    switch (n.kind) {
      case ts.SyntaxKind.TrueKeyword: return this.exprOf(n, { kind: 'bool', value: true });
      case ts.SyntaxKind.FalseKeyword: return this.exprOf(n, { kind: 'bool', value: false });
      case ts.SyntaxKind.NullKeyword: return this.exprOf(n, { kind: 'none' });
      case ts.SyntaxKind.ThisKeyword: return this.exprOf(n, { kind: 'this' });
    }
    if (ts.isIdentifier(n)) return this.exprOf(n, { kind: 'name', name: n.text });
    if (ts.isPrefixUnaryExpression(n)) {
      switch (n.operator) {
        case ts.SyntaxKind.PlusPlusToken: return this.exprOf(n, { kind: 'update', op: 'inc', prefix: true, target: this.expr(n.operand) });
        case ts.SyntaxKind.MinusMinusToken: return this.exprOf(n, { kind: 'update', op: 'dec', prefix: true, target: this.expr(n.operand) });
        case ts.SyntaxKind.MinusToken: return this.exprOf(n, { kind: 'unary', op: 'neg', arg: this.expr(n.operand) });
        case ts.SyntaxKind.PlusToken: return this.exprOf(n, { kind: 'unary', op: 'plus', arg: this.expr(n.operand) });
        case ts.SyntaxKind.ExclamationToken: return this.exprOf(n, { kind: 'unary', op: 'not', arg: this.expr(n.operand) });
        default: return this.exprOf(n, { kind: 'unary', op: 'bitNot', arg: this.expr(n.operand) });
      }
    }
    if (ts.isPostfixUnaryExpression(n)) {
      return this.exprOf(n, { kind: 'update', op: n.operator === ts.SyntaxKind.PlusPlusToken ? 'inc' : 'dec', prefix: false, target: this.expr(n.operand) });
    }
    if (ts.isBinaryExpression(n)) return this.binary(n);
    if (ts.isConditionalExpression(n)) return this.exprOf(n, { kind: 'cond', test: this.expr(n.condition), then: this.expr(n.whenTrue), else: this.expr(n.whenFalse) });
    if (ts.isCallExpression(n)) return this.exprOf(n, { kind: 'call', callee: this.callee(n.expression), args: this.args(n.arguments) });
    if (ts.isNewExpression(n)) return this.exprOf(n, { kind: 'new', callee: this.expr(n.expression), args: n.arguments ? this.args(n.arguments) : null });
    if (ts.isPropertyAccessExpression(n)) {
      return this.exprOf(n, { kind: 'member', object: this.expr(n.expression), name: n.name.text, nameSpan: this.span(n.name), private: ts.isPrivateIdentifier(n.name), bracket: false });
    }
    if (ts.isElementAccessExpression(n)) return this.exprOf(n, { kind: 'index', object: this.expr(n.expression), items: [{ kind: 'expr', value: this.expr(n.argumentExpression) }] });
    if (ts.isArrayLiteralExpression(n)) {
      return this.exprOf(n, { kind: 'seq', flavor: 'array', items: n.elements.map((el) => (ts.isSpreadElement(el) ? { spread: this.expr(el.expression) } : ts.isOmittedExpression(el) ? null : this.expr(el))) });
    }
    if (ts.isObjectLiteralExpression(n)) return this.exprOf(n, { kind: 'object', props: n.properties.map((p) => this.objectProp(p)) });
    if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) return this.exprOf(n, { kind: 'fn', fn: this.func(n) });
    if (ts.isTypeOfExpression(n)) return this.exprOf(n, { kind: 'typeof', arg: this.expr(n.expression) });
    if (ts.isVoidExpression(n)) return this.exprOf(n, { kind: 'undefined', arg: this.expr(n.expression) });
    if (ts.isAwaitExpression(n) || ts.isYieldExpression(n)) return this.unsupported(n, 'asynchronous code (await/yield)', this.childrenOf(n));
    // The interpreter reads a template's text in tape mode (a node's label) and refuses it otherwise.
    if (ts.isTemplateExpression(n)) return this.exprOf(n, { kind: 'str', value: this.text(n), template: true });
    if (ts.isClassExpression(n)) {
      const cls = this.exprOf(n, { kind: 'classExpr', cls: this.cls(n) });
      return this.unsupported(n, `unsupported syntax (${ts.SyntaxKind[n.kind]})`, [cls]);
    }
    return this.unsupported(n, `unsupported syntax (${ts.SyntaxKind[n.kind]})`, this.childrenOf(n));
  }

  /** A call's callee: `a['b']` with a literal key is read as `a.b` there, and only there. */
  private callee(n: T.Expression): Expr {
    if (ts.isElementAccessExpression(n) && ts.isStringLiteral(n.argumentExpression)) {
      return this.exprOf(n, { kind: 'member', object: this.expr(n.expression), name: n.argumentExpression.text, nameSpan: this.span(n.argumentExpression), private: false, bracket: true });
    }
    return this.expr(n);
  }

  private binary(n: T.BinaryExpression): Expr {
    const k = n.operatorToken.kind;
    const opText = n.operatorToken.getText(this.sf);
    if (k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment) {
      const op: BinOp | null = k === ts.SyntaxKind.EqualsToken ? null : COMPOUND_OPS()[k] ?? 'other';
      return this.exprOf(n, { kind: 'assign', target: this.expr(n.left), op, value: this.expr(n.right), opText });
    }
    if (k === ts.SyntaxKind.CommaToken) return this.exprOf(n, { kind: 'comma', left: this.expr(n.left), right: this.expr(n.right) });
    if (k === ts.SyntaxKind.AmpersandAmpersandToken) return this.exprOf(n, { kind: 'logical', op: 'and', left: this.expr(n.left), right: this.expr(n.right) });
    if (k === ts.SyntaxKind.BarBarToken) return this.exprOf(n, { kind: 'logical', op: 'or', left: this.expr(n.left), right: this.expr(n.right) });
    if (k === ts.SyntaxKind.QuestionQuestionToken) return this.exprOf(n, { kind: 'logical', op: 'nullish', left: this.expr(n.left), right: this.expr(n.right) });
    if (k === ts.SyntaxKind.InstanceOfKeyword) return this.exprOf(n, { kind: 'instanceof', value: this.expr(n.left), cls: this.expr(n.right) });
    return this.exprOf(n, { kind: 'binary', op: BINARY_OPS()[k] ?? 'other', left: this.expr(n.left), right: this.expr(n.right), opText });
  }

  private objectProp(p: T.ObjectLiteralElementLike): ObjectProp {
    if (ts.isSpreadAssignment(p)) return { kind: 'spread', value: this.expr(p.expression) };
    const key = this.propertyKey(p.name);
    const keySpan = this.span(p.name);
    if (ts.isPropertyAssignment(p)) return { kind: 'prop', key, value: this.expr(p.initializer), keySpan, shorthand: false };
    if (ts.isShorthandPropertyAssignment(p)) return { kind: 'prop', key, value: this.exprOf(p.name, { kind: 'name', name: p.name.text }), keySpan, shorthand: true };
    if (ts.isMethodDeclaration(p)) return { kind: 'method', key, keySpan, fn: this.func(p) };
    return { kind: 'accessor', key, keySpan, fn: this.func(p) };
  }

  /** Static keys as text (as `propertyKey` reads them); a computed key stays an expression, evaluated by the interpreter. */
  private propertyKey(name: T.PropertyName): string | Expr {
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
    if (ts.isComputedPropertyName(name)) return this.expr(name.expression);
    return this.unsupported(name, 'computed property name');
  }
}

// ---------------------------------------------------------------- helpers

function unsupportedStatement(s: T.Node): string {
  return `unsupported statement (${ts.SyntaxKind[s.kind]})`;
}

function isStatementNode(n: T.Node): boolean {
  return ts.isStatement(n) || ts.isClassDeclaration(n) || ts.isFunctionDeclaration(n) || ts.isModuleDeclaration(n) || ts.isEnumDeclaration(n);
}

function isExpressionNode(n: T.Node): boolean {
  return ts.isExpression(n) && !ts.isOmittedExpression(n);
}

/** The class a `throw` names: `throw new NotImplementedError()`, `throw Error('…')`, `throw err`. */
function thrownClass(e: T.Expression | undefined): string | null {
  if (!e) return null;
  let x = e;
  while (ts.isParenthesizedExpression(x)) x = x.expression;
  if (ts.isNewExpression(x) || ts.isCallExpression(x)) x = x.expression;
  if (ts.isIdentifier(x)) return x.text;
  if (ts.isPropertyAccessExpression(x)) return x.name.text;
  return null;
}

/**
 * The node whose start begins a function's reported range and whose JSDoc describes it, as
 * discovery chooses it: the declaration itself, or the statement, property or argument that holds
 * an inline function (`const f = (x) => …`: the `const` statement when it declares only `f`).
 */
function hostOf(n: T.Node, wrapped = false): T.Node {
  if (!wrapped && !ts.isArrowFunction(n) && !ts.isFunctionExpression(n)) return n;
  let outer: T.Node = n;
  while (outer.parent && (ts.isParenthesizedExpression(outer.parent) || ts.isAsExpression(outer.parent) || ts.isTypeAssertionExpression(outer.parent)
    || ts.isNonNullExpression(outer.parent) || ts.isSatisfiesExpression(outer.parent))) outer = outer.parent;
  const p = outer.parent;
  if (!p) return n;
  if (ts.isVariableDeclaration(p) && p.initializer === outer) {
    const list = p.parent;
    return ts.isVariableDeclarationList(list) && list.declarations.length === 1 && ts.isVariableStatement(list.parent) ? list.parent : p;
  }
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && p.initializer === outer) return p;
  if (ts.isExportAssignment(p)) return p;
  if (ts.isBinaryExpression(p) && p.right === outer && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isExpressionStatement(p.parent)) return p.parent;
  // `const f = tf.customGrad((x, save) => …)`: the binding describes the function it wraps.
  if (ts.isCallExpression(p) && p.arguments[0] === outer && ts.isPropertyAccessExpression(p.expression) && p.expression.name.text === 'customGrad') {
    const bound = hostOf(p as unknown as T.FunctionExpression, true);
    if (bound !== p) return bound;
  }
  if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.arguments?.some((a) => a === outer)) return outer;
  return n;
}

/** `gradlens:` directives in comments from `start` to `end` (`// gradlens: ignore`, `/* gradlens: not-a-derivative *\/`). */
export function directivesIn(text: string, start: number, end: number): string[] {
  const out: string[] = [];
  const re = /(?:\/\/|\/\*+|#)\s*gradlens:\s*([^\n*]*?)\s*(?:\*\/|$)/gm;
  const part = text.slice(start, end);
  for (let m = re.exec(part); m; m = re.exec(part)) if (m[1]) out.push(m[1]);
  return out;
}

function typeHint(t: T.TypeNode): Param['typeHint'] {
  if (t.kind === ts.SyntaxKind.NumberKeyword) return 'number';
  if (t.kind === ts.SyntaxKind.BooleanKeyword) return 'boolean';
  if (ts.isArrayTypeNode(t) || (ts.isTypeOperatorNode(t) && ts.isArrayTypeNode(t.type))) return 'array';
  if (ts.isTypeReferenceNode(t)) {
    const name = t.typeName.getText();
    return /^(Array|ReadonlyArray|Float64Array|Float32Array)$/.test(name) ? 'array' : 'class';
  }
  return null;
}

let binaryOps: Partial<Record<T.SyntaxKind, BinOp>> | null = null;
/** Built on first use: the compiler API is not loaded while modules load. */
function BINARY_OPS(): Partial<Record<T.SyntaxKind, BinOp>> {
  const k = ts.SyntaxKind;
  return (binaryOps ??= {
    [k.PlusToken]: 'add', [k.MinusToken]: 'subtract', [k.AsteriskToken]: 'multiply', [k.SlashToken]: 'divide',
    [k.AsteriskAsteriskToken]: 'pow', [k.PercentToken]: 'mod',
    [k.LessThanToken]: 'lt', [k.LessThanEqualsToken]: 'le', [k.GreaterThanToken]: 'gt', [k.GreaterThanEqualsToken]: 'ge',
    [k.EqualsEqualsToken]: 'eq', [k.ExclamationEqualsToken]: 'ne', [k.EqualsEqualsEqualsToken]: 'strictEq', [k.ExclamationEqualsEqualsToken]: 'strictNe',
  });
}

let compoundOps: Partial<Record<T.SyntaxKind, BinOp>> | null = null;
function COMPOUND_OPS(): Partial<Record<T.SyntaxKind, BinOp>> {
  const k = ts.SyntaxKind;
  return (compoundOps ??= {
    [k.PlusEqualsToken]: 'add', [k.MinusEqualsToken]: 'subtract', [k.AsteriskEqualsToken]: 'multiply', [k.SlashEqualsToken]: 'divide',
    [k.AsteriskAsteriskEqualsToken]: 'pow', [k.PercentEqualsToken]: 'mod',
  });
}
