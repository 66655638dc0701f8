/**
 * The code model: a small, language-neutral statement-and-expression form that every source
 * language lowers into (TypeScript through `lang/ts/lower.ts`, Python through
 * `lang/python/lower.ts`), so that one symbolic interpreter, one discovery and one pairing stage
 * serve both (design: docs/design/code-model.md §2).
 *
 * Plain objects, no classes and no parent pointers (a side table gives parents: `ir/scopes.ts`).
 * Every node has an `id`, unique within its module, which later stages use where the interpreter
 * keys by `ts.Node` identity today, and a `span` into the module text, so every message that quotes
 * source quotes exactly the characters the author wrote (rule R2).
 */

/** Offsets into the module text (UTF-16 code units, the unit JS strings and LSP positions use). */
export interface Span { start: number; end: number }

export interface NodeBase { id: number; span: Span }

export type Lang = 'ts' | 'python';

export interface Module {
  lang: Lang;
  path: string;
  /** The text spans index: `text.slice(span.start, span.end)` is a node's source. */
  text: string;
  /** Top-level statements, in order. */
  body: Stmt[];
  /** The imports of the module's own namespace (not those inside functions), in order. */
  imports: Import[];
  /** Offsets of syntax errors; a function containing one is "contains a syntax error". */
  syntaxErrors: number[];
  /** Front-end data the interpreter never reads (TS: the SourceFile, for quick fixes). */
  native?: unknown;
}

/**
 * `import numpy as np` → { local: 'np', module: 'numpy', member: null };
 * `from scipy.special import expit` → { local: 'expit', module: 'scipy.special', member: 'expit' };
 * `import { relu } from './act'` → { local: 'relu', module: './act', member: 'relu' }.
 */
export interface Import {
  local: string;
  module: string;
  member: string | null;
  span: Span;
  /** TS `import x = require('m')` / `import x = N.y`: outer scopes report its source as unknown ('?'), as they always have. */
  equals?: true;
}

export interface DocInfo {
  /** Tag name (without '@') to the text after it, one entry per occurrence. */
  tags: Record<string, string[]>;
  /** Description text before the first tag (a docstring's whole text in Python). */
  text: string;
}

export interface Param extends NodeBase {
  /** null: a destructuring pattern (then `pattern`). */
  name: string | null;
  pattern: Pattern | null;
  default: Expr | null;
  /** TS `...xs`, Python `*args`. */
  rest: boolean;
  /** Python `**kw` (always of unknown kind). */
  kwRest: boolean;
  /** Python parameters after `*` or `*args`. */
  keywordOnly: boolean;
  /** Annotation text as written (`number[]`, `Value | number`, `np.ndarray`). */
  typeText: string | null;
  /** The front-end's reading of the annotation, so parameter classification needs no syntax. */
  typeHint: 'number' | 'boolean' | 'array' | 'class' | null;
  /** TS parameter property (`constructor(public data: number)`): read as `this.data = data`. */
  isProperty: boolean;
}

export interface Func extends NodeBase {
  kind: 'function';
  name: string | null;
  nameSpan: Span;
  /** The span that begins the reported range and whose leading doc describes the function. */
  hostSpan: Span;
  /** Full start including leading trivia (TS `node.pos`), for the syntax-error window. */
  fullStart: number;
  params: Param[];
  /** An arrow's or a lambda's expression body stays an Expr. */
  body: Stmt[] | Expr | null;
  /** 'own': has its own receiver (TS function/method, Python method); 'lexical': arrows, lambdas, nested defs. */
  receiver: 'own' | 'lexical';
  /** The TS syntax it came from (`FunctionDeclaration`, `ArrowFunction`, `MethodDeclaration`, …); Python: 'def' / 'lambda'. */
  syntax: string;
  /** Python: names bound in the body (assigned, not declared nonlocal/global); TS: []. */
  locals: string[];
  nonlocals: string[];
  globals: string[];
  /** Python `@staticmethod`, `@jax.custom_vjp`; TS: []. */
  decorators: Expr[];
  doc: DocInfo;
  /** `gradlens:` directives in comments on or inside the function (`ignore`, `not-a-derivative`). */
  directives: string[];
  isAsync: boolean;
  isGenerator: boolean;
}

export interface ClassDef extends NodeBase {
  kind: 'class';
  name: string | null;
  nameSpan: Span;
  /** `torch.autograd.Function`, `nn.Module`, TS `extends`. */
  bases: Expr[];
  members: ClassMember[];
  /** TS `constructor`, Python `__init__`. */
  ctor: Func | null;
  decorators: Expr[];
  doc: DocInfo;
}

export type ClassMember =
  | { kind: 'method'; name: string; nameSpan: Span; isStatic: boolean; fn: Func; hostSpan: Span }
  | { kind: 'field'; id: number; name: string; nameSpan: Span; isStatic: boolean; init: Expr | null; hostSpan: Span }
  /** Getters, setters, index signatures, static blocks: kept so spans and discovery see them, never executed. */
  | { kind: 'other'; id: number; name: string | null; what: string; hostSpan: Span; fn: Func | null };

export type Pattern =
  | { kind: 'name'; name: string; span: Span }
  /** `[a, , b]`, `y, = t`, `(a, b) = …`; an item may carry a default (TS `[a = 1]`). */
  | { kind: 'seq'; items: (PatternItem | null)[]; rest: Pattern | null; span: Span }
  | { kind: 'object'; props: { key: string | null; value: Pattern; default: Expr | null; span: Span }[]; rest: Pattern | null; span: Span }
  /** Python `a[i], self.b = …`: attribute and index targets inside a pattern. */
  | { kind: 'target'; target: Expr; span: Span };

export interface PatternItem { value: Pattern; default: Expr | null }

/** A `switch` case; `test` null is `default`. */
export interface SwitchCase { id: number; test: Expr | null; body: Stmt[]; span: Span }

export type DeclKind = 'const' | 'let' | 'var';

export type Stmt = NodeBase & (
  | { kind: 'expr'; expr: Expr }
  /** One declarator. Closures and objects made by `init` are named after `pattern` when it is a name, else 'object' (as `declareList` names them). */
  | { kind: 'declare'; decl: DeclKind; pattern: Pattern; init: Expr | null }
  /** TS declarations hoist; a Python `def` binds when it runs. */
  | { kind: 'funcDecl'; fn: Func; hoisted: boolean }
  | { kind: 'classDecl'; cls: ClassDef }
  | { kind: 'return'; value: Expr | null }
  | { kind: 'if'; cond: Expr; then: Stmt[]; else: Stmt[] | null }
  | { kind: 'for'; init: Stmt[] | Expr | null; cond: Expr | null; update: Expr | null; body: Stmt[] }
  | { kind: 'forEach'; target: Pattern; declares: DeclKind | null; iterable: Expr; body: Stmt[] }
  | { kind: 'while'; cond: Expr; body: Stmt[]; doWhile: boolean }
  | { kind: 'switch'; subject: Expr; cases: SwitchCase[] }
  | { kind: 'break' | 'continue'; label: string | null }
  /** `what`: the thrown class when it can be read (`NotImplementedError`, `Error`), else null. */
  | { kind: 'throw'; value: Expr | null; what: string | null }
  /** Python `pass`, TS `;` and `debugger`. */
  | { kind: 'pass' }
  /** TS `{ … }` (a scope of its own); Python never emits it. */
  | { kind: 'block'; body: Stmt[] }
  | { kind: 'nonlocal' | 'global'; names: string[] }
  /** TS `namespace N { … }`: a container of declarations, read by discovery and scopes only. */
  | { kind: 'namespace'; name: string; body: Stmt[] }
  /** TS interface and type alias: executes to nothing. */
  | { kind: 'typeOnly' }
  /** `import …` where it stands (also in `Module.imports`): what outer scopes resolve a name to. */
  | { kind: 'import'; imports: Import[] }
  | Unsupported
);

/**
 * Rule U: a construct the interpreter cannot read stands where it was written, with the exact
 * message the interpreter gives, and is refused only when execution reaches it. `children` are
 * its lowered parts (a `try` block's statements, a `for…in` body), for discovery and scopes only:
 * functions defined inside are still found; they are never executed through this node.
 */
export interface Unsupported { kind: 'unsupported'; reason: string; children: (Stmt | Expr)[] }

export type BinOp = 'add' | 'subtract' | 'multiply' | 'divide' | 'pow' | 'mod' | 'floorDivide' | 'matmul'
  | 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne' | 'strictEq' | 'strictNe'
  /** TS `in`, `instanceof` outside tape mode, bitwise and shift operators: outside the vocabulary; `opText` says which. */
  | 'other';

export type Expr = NodeBase & (
  /** raw: `1.`, `1e-5`, `0x10`, `1_000`, as written. */
  | { kind: 'num'; value: number; raw: string }
  /** template: a TS template with substitutions (tape mode reads its text). */
  | { kind: 'str'; value: string; template: boolean }
  | { kind: 'bool'; value: boolean }
  /** TS null, Python None. */
  | { kind: 'none' }
  /** TS `void e` (e is not evaluated). */
  | { kind: 'undefined'; arg: Expr | null }
  | { kind: 'name'; name: string }
  /** TS `this`, Python `self` (the first parameter of a method). */
  | { kind: 'this' }
  | { kind: 'unary'; op: 'neg' | 'plus' | 'not' | 'bitNot'; arg: Expr }
  /** TS ++/--. */
  | { kind: 'update'; op: 'inc' | 'dec'; prefix: boolean; target: Expr }
  | { kind: 'binary'; op: BinOp; left: Expr; right: Expr; opText: string }
  /** Python comparisons, chained or single (`0 < x <= 1`, `x > 0`); TS never emits it. */
  | { kind: 'compare'; ops: BinOp[]; operands: Expr[]; opTexts: string[] }
  | { kind: 'logical'; op: 'and' | 'or' | 'nullish'; left: Expr; right: Expr }
  | { kind: 'cond'; test: Expr; then: Expr; else: Expr }
  /** `=` (op null), `+=`, `-=`, …; one node (rule R3); `opText` keeps operators outside the vocabulary nameable. */
  | { kind: 'assign'; target: Expr | Pattern; op: BinOp | null; value: Expr; opText: string }
  | { kind: 'call'; callee: Expr; args: Arg[] }
  | { kind: 'new'; callee: Expr; args: Arg[] | null }
  /** `a.b`, `a.#b`, and `a['b']` where the interpreter reads it as `a.b` (a call's callee). */
  | { kind: 'member'; object: Expr; name: string; nameSpan: Span; private: boolean; bracket: boolean }
  /** `a[i]`, `x[1:, ::2]`, `x[np.arange(n), y]`. */
  | { kind: 'index'; object: Expr; items: IndexItem[] }
  /** null items: holes (`[a, , b]`). */
  | { kind: 'seq'; flavor: 'array' | 'tuple' | 'list'; items: (Expr | SpreadItem | null)[] }
  /** TS object literal, Python dict with string keys. */
  | { kind: 'object'; props: ObjectProp[] }
  /** Arrow, function expression, lambda. */
  | { kind: 'fn'; fn: Func }
  | { kind: 'classExpr'; cls: ClassDef }
  | { kind: 'comma'; left: Expr; right: Expr }
  /** Kept, not dropped: the interpreter sees through wrappers only where it does today. */
  | { kind: 'wrap'; inner: Expr; how: 'paren' | 'as' | 'typeAssertion' | 'nonNull' | 'satisfies' }
  | { kind: 'typeof'; arg: Expr }
  /** Also Python `isinstance(v, C)`. */
  | { kind: 'instanceof'; value: Expr; cls: Expr }
  | Unsupported
);

export interface SpreadItem { spread: Expr }

/** Python `axis=1` → keyword 'axis'; TS `...xs` and Python `*xs` → spread. */
export interface Arg { value: Expr; spread: boolean; keyword: string | null }

export type IndexItem =
  | { kind: 'expr'; value: Expr }
  | { kind: 'slice'; start: Expr | null; stop: Expr | null; step: Expr | null; span: Span }
  | { kind: 'newaxis'; span: Span }
  | { kind: 'ellipsis'; span: Span };

export type ObjectProp =
  /** Expr key: a computed `[k]`. */
  | { kind: 'prop'; key: string | Expr; value: Expr; keySpan: Span; shorthand: boolean }
  | { kind: 'method'; key: string | Expr; keySpan: Span; fn: Func }
  /** Getter or setter: refused when the literal is evaluated ("object literal with an accessor"). */
  | { kind: 'accessor'; key: string | Expr; keySpan: Span; fn: Func }
  | { kind: 'spread'; value: Expr };

/** Every node kind that has an id, for tables keyed by node. */
export type Node = Stmt | Expr | Func | ClassDef | Param;

/** The source text of a node. */
export function textOf(m: Module, node: { span: Span }): string {
  return m.text.slice(node.span.start, node.span.end);
}

/** Hands out node ids in creation order; one per module. */
export class IdSource {
  private next = 1;
  take(): number {
    return this.next++;
  }
}

/** A node's own fields, without `id` and `span` (what a front-end writes; its factory adds the rest). */
export type Fields<T> = T extends unknown ? Omit<T, 'id' | 'span'> : never;
