/**
 * Recursive-descent reader of one LaTeX expression (a relation member) into a mathjs tree.
 *
 * Grammar, loosest first: expression = [±] term {± term}; term = factor {(\cdot | / | implicit) factor};
 * factor = atom {^ | '}; an evaluation bar |_{x=a} applies to the expression before it. Atoms cover names, numbers, groups, functions and the calculus
 * notations (derivatives, limits, sums) that ML derivations use. Anything unsupported raises a
 * LatexError with a message fit for a user; the caller turns it into a member error.
 */
import type { MathNode } from 'mathjs';
import type * as math from 'mathjs';
import { add, call, cond, div, freeVariables, mul, neg, num, pow, sub, sym } from '../core/expr/tree.js';
import { FUNCTIONS } from '../core/expr/vocabulary.js';
import type { Brackets } from './brackets.js';
import { pairBrackets } from './brackets.js';
import { and, at, compare, derivative, foldNumber, limit, or, substituteIndex } from './build.js';
import {
  DECORATIONS, FONT_WRAPPERS, GREEK, PARSER_FUNCTIONS, functionName, renderName, safeIsFunction, variableName, vocabularyFunction, type NameParts,
} from './names.js';
import { tokenize, type Token } from './tokenizer.js';
import type { ParseContext } from './types.js';
import {
  BOLD_WRAPPERS, NEEDS_DIMENSION, WRITTEN_OUT, abbreviation, boldShorthand, entryParts, hasIndex, isMatrixBase, isVectorBase, matrixEntryParts, patternAt, renameIndex,
} from './vectors.js';

export class LatexError extends Error {
  override readonly name = 'LatexError';
}

const fail = (message: string): never => {
  throw new LatexError(message);
};

/** Deepest nesting of groups/operators we follow; beyond it a formula is not one a person wrote. */
const MAX_NESTING = 100;
/** Most terms all numeric-bound sums of one formula may expand to. */
const MAX_SUM_TERMS = 2000;

/** Environments that only align lines: their markers are layout, not math. */
export const TRANSPARENT_ENVS: ReadonlySet<string> = new Set([
  'aligned', 'split', 'gathered', 'alignedat', 'multlined', 'aligned*', 'gathered*', 'subequations',
  // Display environments written inside $$ … $$ (Markdown notes rendered by MathJax or KaTeX):
  // there they only lay out lines, like aligned (in a .tex file they are regions of their own).
  'align', 'align*', 'equation', 'equation*', 'gather', 'gather*', 'multline', 'multline*', 'eqnarray', 'eqnarray*', 'flalign', 'flalign*',
]);
const CASES_ENVS = new Set(['cases', 'dcases', 'rcases', 'cases*', 'dcases*']);
const MATRIX_ENVS = new Set(['matrix', 'pmatrix', 'bmatrix', 'Bmatrix', 'vmatrix', 'Vmatrix', 'smallmatrix', 'array', 'psmallmatrix', 'bsmallmatrix']);

/** LaTeX commands for vocabulary functions. */
const FUNCTION_COMMANDS = new Set([
  'exp', 'log', 'ln', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'arcsin', 'arccos', 'arctan', 'sgn', 'erf', 'erfc', 'sech',
  'arctanh', 'arcsinh', 'arccosh', 'artanh', 'arsinh', 'arcosh',
]);

/** Commands that cannot start a factor: operators, relations, closers. Used to stop implicit multiplication. */
const NON_STARTERS = new Set([
  'cdot', 'times', 'div', 'ast', 'pm', 'mp', 'approx', 'simeq', 'sim', 'equiv', 'le', 'leq', 'leqslant', 'ge', 'geq', 'geqslant',
  'ne', 'neq', 'lt', 'gt', 'coloneqq', 'coloneq', 'triangleq', 'doteq', 'propto', 'to', 'rightarrow', 'Rightarrow', 'implies',
  'Longrightarrow', 'longrightarrow', 'iff', 'Leftrightarrow', 'therefore', 'because', 'in', 'notin', 'subset', 'subseteq',
  'cup', 'cap', 'setminus', 'mid', '}', 'land', 'lor', 'wedge', 'vee', '\\', 'odot', 'otimes', 'oplus', 'circ', 'forall',
  'newline', 'cr', 'mapsto', 'gets', 'leftarrow', 'stackrel', 'overset',
]);

/** Messages for notation we recognise but deliberately do not support. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  int: 'integrals are not supported', iint: 'integrals are not supported', oint: 'integrals are not supported',
  top: 'matrix notation is not supported (transpose)', intercal: 'matrix notation is not supported (transpose)',
  pm: '± is not supported: write the two cases separately', mp: '∓ is not supported: write the two cases separately',
  in: 'set membership (\\in) is not supported', notin: 'set membership (\\notin) is not supported',
  ldots: 'ellipsis (…) is not supported', cdots: 'ellipsis (⋯) is not supported', dots: 'ellipsis (…) is not supported',
  vdots: 'ellipsis is not supported', ddots: 'ellipsis is not supported', dotsc: 'ellipsis is not supported', dotsb: 'ellipsis is not supported',
  circ: 'function composition (\\circ) is not supported', odot: 'element-wise products (\\odot) are not supported',
  otimes: 'tensor products (\\otimes) are not supported', binom: 'binomial coefficients are not supported',
  mid: 'conditional notation (\\mid) is not supported', prod: 'products with symbolic bounds are not supported',
  hline: 'matrix notation is not supported', argmax: 'arg max is not supported', argmin: 'arg min is not supported',
  lfloor: 'floor is not supported', lceil: 'ceiling is not supported', langle: 'inner products are not supported',
  '|': 'norms (\\|x\\|) are not supported', Vert: 'norms are not supported', lVert: 'norms are not supported',
  mathbb: 'blackboard-bold sets (\\mathbb{R}) are not supported', prime: 'a prime needs a function, as in f\'(x)',
  cdot: 'unexpected \\cdot', times: 'unexpected \\times', to: 'unexpected \\to (tends to) outside a limit',
  rightarrow: 'unexpected \\rightarrow (tends to) outside a limit', E: 'expectations are not supported',
  Pr: 'probabilities are not supported', det: 'determinants are not supported', operatorname: 'unexpected \\operatorname',
};

interface Shared {
  ctx: ParseContext;
  depth: number;
  sumTerms: number;
  /** The vectors read so far (by name), so that ∇ without a subscript knows its variable. */
  vectors: Map<string, NameParts>;
}

interface Range {
  from: number;
  to: number;
  /** Index after the argument. */
  next: number;
}

interface NameRead {
  parts: NameParts;
  primes: number;
  next: number;
  /** Written in a bold font (\mathbf{x}, \boldsymbol\theta, \vec w, \bx): a vector or a matrix. */
  bold?: boolean;
}

/** Words that are prose even when written alone in \text{…}. */
const PROSE_WORDS = new Set(['if', 'for', 'where', 'when', 'otherwise', 'else', 'and', 'or', 'then', 'with', 'since', 'so', 'thus', 'hence', 'because', 'as', 'is', 'at', 'of', 'the', 'to', 'in', 'on', 'by']);

const isChar = (t: Token | undefined, v: string): boolean => t !== undefined && t.kind === 'char' && t.value === v;
const ELLIPSES: ReadonlySet<string> = new Set(['ldots', 'cdots', 'dots', 'dotsb', 'dotsc', 'dotsm', 'vdots']);
const isEllipsis = (t: Token | undefined): boolean => t !== undefined && t.kind === 'cmd' && ELLIPSES.has(t.value);
const isCmd = (t: Token | undefined, v: string): boolean => t !== undefined && t.kind === 'cmd' && t.value === v;
const WORD = /^[A-Za-z][A-Za-z0-9]*$/;

/** How a token reads in an error message. */
export function describe(t: Token): string {
  switch (t.kind) {
    case 'cmd': return `\\${t.value}`;
    case 'text': return `\\${t.value}{${t.arg ?? ''}}`;
    case 'left': return `\\left${t.value}`;
    case 'right': return `\\right${t.value}`;
    case 'begin': return `\\begin{${t.value}}`;
    case 'end': return `\\end{${t.value}}`;
    default: return t.value;
  }
}

export class Parser {
  pos: number;
  end: number;

  constructor(
    readonly toks: readonly Token[],
    readonly br: Brackets,
    private readonly shared: Shared,
    from: number,
    to: number,
  ) {
    this.pos = from;
    this.end = to;
  }

  static create(toks: readonly Token[], br: Brackets, ctx: ParseContext, from: number, to: number): Parser {
    return new Parser(toks, br, { ctx, depth: 0, sumTerms: 0, vectors: new Map() }, from, to);
  }

  get ctx(): ParseContext {
    return this.shared.ctx;
  }

  // ---- token access ----

  /** Tokens that carry no meaning in an expression: spacing, alignment wrappers, empty \text{}. */
  isSkippable(t: Token): boolean {
    return (
      t.kind === 'space' ||
      // A line break left inside a member is a wrapped expression (the structure joined the lines).
      (t.kind === 'cmd' && (t.value === '\\' || t.value === 'newline' || t.value === 'cr')) ||
      // An alignment marker inside a member only positions it (`&+ b` in a wrapped sum).
      (t.kind === 'char' && t.value === '&') ||
      ((t.kind === 'begin' || t.kind === 'end') && TRANSPARENT_ENVS.has(t.value)) ||
      (t.kind === 'text' && (t.arg ?? '').trim() === '')
    );
  }

  skip(): void {
    while (this.pos < this.end && this.isSkippable(this.toks[this.pos]!)) this.pos++;
  }

  peek(): Token | undefined {
    this.skip();
    return this.pos < this.end ? this.toks[this.pos] : undefined;
  }

  /** Index of the first meaningful token at or after i (within the current range). */
  nextIndex(i: number): number {
    let j = i;
    while (j < this.end && this.isSkippable(this.toks[j]!)) j++;
    return j;
  }

  tokAt(i: number): Token | undefined {
    const j = this.nextIndex(i);
    return j < this.end ? this.toks[j] : undefined;
  }

  take(): Token {
    const t = this.peek();
    if (!t) return fail('formula ends too early');
    this.pos++;
    return t;
  }

  /** Runs fn on tokens [from, to), requiring it to consume them all; restores the outer range. */
  within<T>(from: number, to: number, fn: () => T): T {
    const saved = { pos: this.pos, end: this.end };
    this.pos = from;
    this.end = to;
    try {
      const r = fn();
      const rest = this.peek();
      if (rest) this.unexpected(rest);
      return r;
    } finally {
      this.pos = saved.pos;
      this.end = saved.end;
    }
  }

  nest<T>(fn: () => T): T {
    if (++this.shared.depth > MAX_NESTING) {
      this.shared.depth--;
      return fail('formula is nested too deeply');
    }
    try {
      return fn();
    } finally {
      this.shared.depth--;
    }
  }

  unexpected(t: Token): never {
    if ((t.kind === 'char' && (t.value === ')' || t.value === ']')) || t.kind === 'right' || t.kind === 'end') {
      return fail(`unbalanced "${describe(t)}": nothing opens it`);
    }
    if (t.kind === 'char' && t.value === '}') return fail('unbalanced braces: unexpected }');
    if (t.kind === 'char' && t.value === '|') return fail('unmatched |');
    if (t.kind === 'char' && t.value === '&') return fail('unexpected & (alignment marker) inside an expression');
    if (t.kind === 'other') return fail(`unexpected character "${t.value}"`);
    if (t.kind === 'cmd' && UNSUPPORTED[t.value] !== undefined) return fail(UNSUPPORTED[t.value]!);
    return fail(`unexpected "${describe(t)}"`);
  }

  // ---- grammar ----

  parseExpression(): MathNode {
    return this.nest(() => {
      let node: MathNode;
      // The signed terms so far, for a sum abbreviated with an ellipsis (x_1 + x_2 + \ldots + x_n).
      let terms: MathNode[] = [];
      const t = this.peek();
      if (isChar(t, '-')) {
        this.pos++;
        node = neg(this.parseTerm());
      } else if (isChar(t, '+')) {
        this.pos++;
        node = this.parseTerm();
      } else {
        node = this.parseTerm();
      }
      terms.push(node);
      for (;;) {
        const o = this.peek();
        if (isChar(o, '+') && isEllipsis(this.tokAt(this.nextIndex(this.pos) + 1))) {
          this.pos = this.nextIndex(this.nextIndex(this.pos) + 1) + 1;
          node = this.abbreviatedSum(terms);
          terms = [];
        } else if (isChar(o, '+')) {
          this.pos++;
          const term = this.parseTerm();
          terms.push(term);
          node = add(node, term);
        } else if (isChar(o, '-')) {
          this.pos++;
          const term = this.parseTerm();
          terms.push(neg(term));
          node = sub(node, term);
        } else if (isCmd(o, 'pm') || isCmd(o, 'mp')) {
          return fail(UNSUPPORTED[o!.value]!);
        } else if (isChar(o, '|') && this.br.match[this.pos]! < 0 && isChar(this.tokAt(this.pos + 1), '_')) {
          // `… \Big|_{x=0}` evaluates everything written before the bar.
          this.pos++;
          node = this.evaluationBar(node);
        } else {
          return node;
        }
      }
    });
  }

  /**
   * The operand of a derivative operator written without brackets (`\frac{d}{dx} x^2 e^x`): the term
   * after it. When that term holds an explicit product sign (`\frac{d}{dx}x^2 \cdot e^x + x^2 \cdot
   * \frac{d}{dx}e^x`, the product rule spelt out) the operator's reach is not written: people mean
   * the first factor there as often as the whole product, and the two readings differ. Not read
   * (unverified with the reason) unless the factor before the sign is a number, which no one
   * differentiates alone (`\frac{d}{dx} 3 \cdot x^2`).
   */
  operatorOperand(): MathNode {
    const from = this.pos;
    const body = this.parseTerm();
    for (let k = from; k < this.pos; k++) {
      const t = this.toks[k]!;
      const partner = this.br.match[k]!;
      if (partner > k) { k = partner; continue; }
      if (isCmd(t, 'cdot') || isCmd(t, 'times') || isCmd(t, 'ast') || isChar(t, '*')) {
        const before = this.toks.slice(from, k).filter((x) => !this.isSkippable(x));
        if (before.every((x) => x.kind === 'num')) break;
        return fail('the reach of the derivative operator is not written: it may apply to the first factor after it or to the whole product (brackets would say which)');
      }
    }
    return body;
  }

  parseTerm(): MathNode {
    return this.nest(() => {
      let node = this.parseSigned();
      for (;;) {
        const t = this.peek();
        if (!t) return node;
        if (isChar(t, '*') || isCmd(t, 'cdot') || isCmd(t, 'times') || isCmd(t, 'ast') || isCmd(t, 'bullet')) {
          this.pos++;
          const right = this.parseSigned();
          node = this.vectorProduct(node, right, isCmd(t, 'cdot') || isCmd(t, 'bullet')) ?? mul(node, right);
        } else if (isChar(t, '/') || isCmd(t, 'div')) {
          this.pos++;
          node = div(node, this.parseSigned());
        } else if (this.startsFactor(this.pos)) {
          const right = this.parseFactor();
          node = this.vectorProduct(node, right, false) ?? mul(node, right);
        } else {
          return node;
        }
      }
    });
  }

  /** A factor with optional leading signs (`a \cdot -b`). */
  parseSigned(): MathNode {
    return this.nest(() => {
      const t = this.peek();
      if (isChar(t, '-')) {
        this.pos++;
        return neg(this.parseSigned());
      }
      if (isChar(t, '+')) {
        this.pos++;
        return this.parseSigned();
      }
      if (!t) return fail('missing operand');
      return this.parseFactor();
    });
  }

  /** Whether the token at i can begin a factor, i.e. continue an implicit product. */
  startsFactor(i: number): boolean {
    const t = this.toks[i];
    if (!t || i >= this.end) return false;
    switch (t.kind) {
      case 'letter': case 'num': case 'text': case 'left':
        return true;
      case 'begin':
        return !TRANSPARENT_ENVS.has(t.value);
      case 'char':
        if (t.value === '(' || t.value === '[' || t.value === '{') return true;
        return t.value === '|' && this.br.match[i]! > i;
      case 'cmd':
        return !NON_STARTERS.has(t.value);
      default:
        return false;
    }
  }

  parseFactor(): MathNode {
    return this.nest(() => this.parsePostfix(this.parseAtom()));
  }

  parsePostfix(base: MathNode): MathNode {
    let node = base;
    for (;;) {
      const t = this.peek();
      if (isChar(t, '^')) {
        this.pos++;
        node = this.applySuperscript(node);
      } else if (isChar(t, "'")) {
        let primes = 0;
        while (isChar(this.peek(), "'")) {
          this.pos++;
          primes++;
        }
        node = this.opensArguments(this.pos) ? this.pointFreePrime(node, primes) : this.primeOnExpression(node, primes);
      } else if (isChar(t, '!') && !isChar(this.toks[this.pos + 1], '=')) {
        // y_i!: like \binom, an opaque function of a count (log(y_i!) is constant in λ).
        this.pos++;
        node = call('factorial', node);
      } else if (isChar(t, '_') && node.type === 'ConstantNode' && this.toks[this.pos - 1]?.kind === 'num' && this.toks[this.pos - 1]!.value === '1') {
        // 1_{i=j}, 1_{y=k}: the plain indicator, as \mathbb{1}_{i=j} (the number 1 takes no subscript otherwise).
        node = this.parseIndicator();
      } else if (isChar(t, '_') && ((node.type === 'FunctionNode' && vocabularyFunction((node as math.FunctionNode).fn.name) !== null) || (this.ctx.dimension !== undefined && node.type !== 'FunctionNode' && hasIndex(node, this.comp)))) {
        // (a vector expression)_i is its entry i: \exp(\mathbf z)_i, \text{softmax}(\mathbf{z})_k, (\mathbf{a} + \mathbf{b})_j.
        // An activation's name (σ) is left out: documents also use it for their own vector function (σ(z)_i as softmax).
        node = this.entryOfValue(node);
      } else if (isChar(t, '_')) {
        return fail('a subscript on an expression is not supported');
      } else {
        return node;
      }
    }
  }

  /** `^` has been consumed. */
  applySuperscript(base: MathNode): MathNode {
    const t = this.peek();
    if (!t) return fail('missing exponent after ^');
    // Lenient `e^-x`: TeX would raise only the minus sign, but the writer clearly means e^{-x}.
    if (isChar(t, '-')) {
      this.pos++;
      return pow(base, neg(this.parseAtom()));
    }
    if (isChar(t, '+')) {
      this.pos++;
      return call('relu', base); // [x]^+ is the positive part
    }
    const r = this.scriptRange(this.pos);
    const kind = this.scriptKind(r);
    if (kind === 'transpose' && this.ctx.dimension !== undefined && hasIndex(base, this.comp) && this.toks.slice(r.from, r.to).filter((x) => !this.isSkippable(x)).length === 1) {
      // (\mathbf{y} - \mathbf{X}\mathbf{w})^T(\mathbf{y} - \mathbf{X}\mathbf{w}): the dot product of two vector expressions.
      this.pos = r.next;
      if (!this.startsOperand()) return fail('a transpose is read only before a vector, as in w^T x');
      const right = this.vectorOperand();
      const d = this.expansion(0);
      this.expansion(d);
      let node: MathNode | null = null;
      for (let k = 1; k <= d; k++) {
        const term = mul(substituteIndex(base.cloneDeep(), this.comp, k), substituteIndex(right.cloneDeep(), this.comp, k));
        node = node ? add(node, term) : term;
      }
      return node!;
    }
    if (kind === 'transpose') return fail('matrix notation is not supported (transpose)');
    if (kind === 'plus') {
      this.pos = r.next;
      return call('relu', base);
    }
    if (kind === 'prime') {
      this.pos = r.next;
      return this.primeOnExpression(base, this.countPrimes(r));
    }
    if (kind === 'star') return fail('^* is only supported on names');
    this.pos = r.next;
    return pow(base, this.within(r.from, r.to, () => this.parseExpression()));
  }

  /** What a superscript means when it is not an exponent. */
  scriptKind(r: Range): 'transpose' | 'plus' | 'prime' | 'star' | 'paren' | null {
    const ts: Token[] = [];
    for (let i = r.from; i < r.to; i++) if (!this.isSkippable(this.toks[i]!)) ts.push(this.toks[i]!);
    if (ts.length === 0) return null;
    const only = ts.length === 1 ? ts[0]! : undefined;
    if (only) {
      if ((only.kind === 'letter' && only.value === 'T') || isCmd(only, 'top') || isCmd(only, 'intercal')) return 'transpose';
      if (only.kind === 'text' && (only.arg ?? '').trim() === 'T') return 'transpose';
      if (isChar(only, '+')) return 'plus';
      if (isChar(only, '*') || isCmd(only, 'ast') || isCmd(only, 'star')) return 'star';
    }
    // X^{-T}, X^{-\top}: the inverse of the transpose, matrix notation like X^T (never a power of a T).
    if (ts.length === 2 && isChar(ts[0], '-') && ((ts[1]!.kind === 'letter' && ts[1]!.value === 'T') || isCmd(ts[1]!, 'top') || isCmd(ts[1]!, 'intercal'))) return 'transpose';
    if (ts.every((t) => isCmd(t, 'prime') || isChar(t, "'"))) return 'prime';
    // a^{(l)}, y^{(i)}, h^{(t+1)}: a layer or sample index, not a power.
    if (isChar(ts[0], '(') && isChar(ts[ts.length - 1], ')') && ts.length > 2) {
      const inner = ts.slice(1, -1);
      const simple = (t: Token) => t.kind === 'letter' || t.kind === 'num' || (t.kind === 'cmd' && GREEK[t.value] !== undefined);
      if (simple(inner[0]!) && inner.every((t, k) => simple(t) || (k > 0 && k < inner.length - 1 && (isChar(t, '+') || isChar(t, '-'))))) return 'paren';
    }
    return null;
  }

  countPrimes(r: Range): number {
    let k = 0;
    for (let i = r.from; i < r.to; i++) if (isCmd(this.toks[i], 'prime') || isChar(this.toks[i], "'")) k++;
    return k;
  }

  /**
   * `(\ln \sigma)'(x)`, `(f g)'(t)`: an expression written in function names without their argument,
   * differentiated and then applied: every bare function name F in it stands for F(x), and the
   * derivative is taken by x (at the value, when the argument is not a name). Never a product with (x).
   */
  pointFreePrime(node: MathNode, primes: number): MathNode {
    const fns = freeVariables(node).filter((v) => safeIsFunction(this.ctx, v));
    if (fns.length === 0) return fail('a prime on an expression followed by an argument is not read; write \frac{d}{dx}');
    const others = freeVariables(node).filter((v) => !fns.includes(v));
    const args = this.parseArguments();
    if (args.length !== 1) return fail('a derivative applied to several arguments is not read');
    const a = args[0]!;
    const x = a.type === 'SymbolNode' && !others.includes((a as math.SymbolNode).name) ? (a as math.SymbolNode).name : (['x', 't', 'u', 's'].find((n) => !others.includes(n) && !freeVariables(a).includes(n)) ?? 'x_at');
    const applied = node.transform((n: MathNode, _p: string, parent: MathNode | null) => (n.type === 'SymbolNode' && fns.includes((n as math.SymbolNode).name) && !(parent && parent.type === 'FunctionNode' && (parent as math.FunctionNode).fn === n) ? call(vocabularyFunction((n as math.SymbolNode).name) ?? (n as math.SymbolNode).name, sym(x)) : n));
    const d = derivative(applied, sym(x), primes);
    return x === (a.type === 'SymbolNode' ? (a as math.SymbolNode).name : null) ? d : at(d, x, a);
  }

  /**
   * `\sigma' = \sigma(1 - \sigma)`, `\tanh' = 1 - \tanh^2`: the derivative of an activation written
   * point-free, in the activation's own value (the bare σ elsewhere is that value, a variable). It is
   * the derivative at the input whose value that is: σ′(logit s) as a function of s = σ. Only for the
   * activations with a closed-form inverse; any other bare f' still needs its argument.
   */
  pointFreeShorthand(fn: string, rendered: string): MathNode | null {
    if (vocabularyFunction(rendered) === null && !this.ctx.pointFreeNames?.has(rendered)) return null;
    const s = sym(this.variable({ base: rendered, decorations: [], subscripts: [] }));
    const t = sym('t_pf');
    const inverse: Record<string, () => MathNode> = {
      sigmoid: () => call('log', div(s, sub(num(1), s))),
      sigma: () => call('log', div(s, sub(num(1), s))),
      tanh: () => call('atanh', s),
      exp: () => call('log', s),
    };
    const inv = inverse[fn] ?? inverse[vocabularyFunction(fn) ?? ''];
    if (!inv) return null;
    return at(derivative(call(fn, t), t, 1), 't_pf', inv());
  }

  /** `(expr)'`: a derivative with respect to the one variable of expr. */
  primeOnExpression(node: MathNode, primes: number): MathNode {
    const vars = freeVariables(node);
    if (vars.length !== 1) {
      return fail(`a prime on an expression with ${vars.length} variables is ambiguous; write \\frac{d}{dx}`);
    }
    return derivative(node, sym(vars[0]!), primes);
  }

  /** `|_{x=a}` after an expression (the bar has been consumed). */
  evaluationBar(body: MathNode): MathNode {
    if (!isChar(this.peek(), '_')) return fail('an evaluation bar needs a subscript, as in |_{x=0}');
    this.pos++;
    const r = this.scriptRange(this.pos);
    this.pos = r.next;
    return this.within(r.from, r.to, () => {
      const name = this.readName(this.pos);
      if (!name || name.primes > 0) return fail('an evaluation bar needs |_{x=value}');
      this.pos = name.next;
      if (!isChar(this.peek(), '=')) return fail('an evaluation bar needs |_{x=value}');
      this.pos++;
      return at(body, this.variable(name.parts), this.parseExpression());
    });
  }

  /**
   * The token range of a macro or script argument at i: a braced group, or one token (a font or
   * accent command takes its own argument along).
   */
  scriptRange(i: number): Range {
    const j = this.nextIndex(i);
    const t = j < this.end ? this.toks[j]! : undefined;
    if (!t) return fail('missing argument');
    if (isChar(t, '{')) {
      const m = this.br.match[j]!;
      if (m < 0 || m > this.end) return fail('unbalanced braces: { is never closed');
      return { from: j + 1, to: m, next: m + 1 };
    }
    if (t.kind === 'cmd' && (FONT_WRAPPERS.has(t.value) || DECORATIONS[t.value] !== undefined)) {
      const inner = this.scriptRange(j + 1);
      return { from: j, to: inner.next, next: inner.next };
    }
    if (isChar(t, '}') || isChar(t, ')') || isChar(t, ']') || t.kind === 'right' || t.kind === 'end') this.unexpected(t);
    return { from: j, to: j + 1, next: j + 1 };
  }

  // ---- atoms ----

  parseAtom(): MathNode {
    const t = this.peek();
    if (!t) return fail('missing operand');
    const i = this.pos;
    switch (t.kind) {
      case 'num':
        this.pos++;
        return num(Number(t.value));
      case 'letter':
        return this.parseLetter();
      case 'text':
        return this.parseText(t);
      case 'left':
        return this.parseLeft();
      case 'begin':
        return this.parseEnvironment(t);
      case 'char':
        if (t.value === '(' || t.value === '[' || t.value === '{') {
          this.pos = this.groupEnd(i) + 1;
          return this.parseGroup(i, this.br.match[i]!);
        }
        if (t.value === '|') {
          const m = this.br.match[i]!;
          if (m < i) return fail('unmatched |');
          if (this.nextIndex(i + 1) >= m) return fail('"||" (norm or divergence notation) is not supported');
          this.pos = m + 1;
          return call('abs', this.within(i + 1, m, () => this.parseExpression()));
        }
        return this.unexpected(t);
      case 'cmd':
        return this.parseCommand(t);
      default:
        return this.unexpected(t);
    }
  }

  groupEnd(i: number): number {
    const m = this.br.match[i]!;
    if (m < i || m >= this.end) {
      const t = this.toks[i]!;
      return fail(t.value === '{' && t.kind === 'char' ? 'unbalanced braces: { is never closed' : `unbalanced "${describe(t)}": it is never closed`);
    }
    return m;
  }

  /** The inside of a bracket pair (i, m) as one expression; commas mean a tuple, which we reject. */
  parseGroup(i: number, m: number): MathNode {
    if (this.br.hasComma[i]) {
      const t = this.toks[i]!;
      return fail(t.kind === 'cmd' || (t.kind === 'left' && t.value === '{') ? 'set notation is not supported' : 'tuple or interval notation is not supported');
    }
    if (this.nextIndex(i + 1) >= m) return fail('empty group');
    // {n \choose k}, the plain-TeX binomial: the same opaque quantity as \binom{n}{k}.
    if (isChar(this.toks[i], '{')) {
      let depth = 0;
      for (let k = i + 1; k < m; k++) {
        const t = this.toks[k]!;
        if (isChar(t, '{') || isChar(t, '(') || isChar(t, '[')) depth++;
        else if (isChar(t, '}') || isChar(t, ')') || isChar(t, ']')) depth--;
        else if (depth === 0 && isCmd(t, 'choose')) {
          return call('binom', this.within(i + 1, k, () => this.parseExpression()), this.within(k + 1, m, () => this.parseExpression()));
        }
      }
    }
    return this.within(i + 1, m, () => this.parseExpression());
  }

  parseCommand(t: Token): MathNode {
    const name = t.value;
    if (GREEK[name] !== undefined || FONT_WRAPPERS.has(name) || DECORATIONS[name] !== undefined) return this.parseNamed();
    switch (name) {
      case 'pi':
        // π_k, π_{ij}: mixture weights or class priors (a name with a subscript), never the constant.
        if (isChar(this.tokAt(this.pos + 1), '_')) {
          this.pos++;
          const r = this.scriptRange(this.nextIndex(this.pos) + 1);
          this.pos = r.next;
          return sym(this.variable({ base: 'pi', decorations: [], subscripts: this.subscriptParts(r.from, r.to) }));
        }
        this.pos++;
        return sym('pi');
      case 'infty':
        this.pos++;
        return num(Infinity);
      case 'frac': case 'dfrac': case 'tfrac': case 'cfrac':
        this.pos++;
        return this.parseFrac();
      case 'binom': case 'dbinom': case 'tbinom': {
        // \binom{n}{k}: a function of the counts GradLens does not evaluate, so it stays an opaque
        // quantity (constant in a likelihood's parameters; a derivative in n or k is unknown).
        this.pos++;
        const top = this.scriptRange(this.pos);
        const bottom = this.scriptRange(top.next);
        this.pos = bottom.next;
        return call('binom', this.within(top.from, top.to, () => this.parseExpression()), this.within(bottom.from, bottom.to, () => this.parseExpression()));
      }
      case 'sqrt':
        this.pos++;
        return this.parseSqrt();
      case 'max': case 'min':
        this.pos++;
        return this.parseMaxMin(name);
      case 'sum': case 'prod':
        this.pos++;
        return this.parseBigOperator(name);
      case 'lim':
        this.pos++;
        return this.parseLimit();
      case 'partial':
        this.pos++;
        return this.parsePartial();
      case 'nabla':
        this.pos++;
        return this.parseNabla();
      case 'mathbb': case 'mathds': case 'mathbbm':
        return this.parseBlackboard();
      case '{': {
        const i = this.pos;
        this.pos = this.groupEnd(i) + 1;
        return this.parseGroup(i, this.br.match[i]!);
      }
    }
    if (FUNCTION_COMMANDS.has(name)) {
      this.pos++;
      return this.parseApplication(vocabularyFunction(name) ?? name, true);
    }
    if (boldShorthand(name) !== null) return this.parseNamed();
    if (name === '|' || name === 'Vert' || name === 'lVert') return this.parseNorm();
    if (UNSUPPORTED[name] !== undefined) return fail(UNSUPPORTED[name]!);
    if (NON_STARTERS.has(name)) return this.unexpected(t);
    // \sign, \relu, \softmax used without a visible definition: the function the name says.
    if (safeIsFunction(this.ctx, name)) {
      this.pos++;
      return this.parseApplication(vocabularyFunction(name) ?? name, true);
    }
    return fail(`unknown macro \\${name}`);
  }

  // ---- names ----

  /**
   * Reads a name starting at i without consuming: base (letter, Greek, font/accent wrapper, upright
   * word) and its subscripts, parenthesised superscript indices, primes and stars. Null when i does
   * not start a name.
   */
  readName(i: number): NameRead | null {
    const j = this.nextIndex(i);
    const t = j < this.end ? this.toks[j] : undefined;
    if (!t) return null;
    let parts: NameParts;
    let k: number;
    let bold = false;
    if (t.kind === 'letter') {
      parts = { base: t.value, decorations: [], subscripts: [] };
      k = j + 1;
    } else if (t.kind === 'cmd' && GREEK[t.value] !== undefined) {
      parts = { base: GREEK[t.value]!, decorations: [], subscripts: [] };
      k = j + 1;
      // `\Delta t`, `\Delta x_i`: an increment is one name (Δt), not Δ times t (issue 13, class 2).
      const n = this.nextIndex(k), nt = n < this.end ? this.toks[n] : undefined, after = this.toks[n + 1];
      if (t.value === 'Delta' && nt?.kind === 'letter' && !(after?.kind === 'letter' && !after.spaceBefore) && !isChar(after, '(')) { parts.base += nt.value; k = n + 1; }
    } else if (t.kind === 'text' && WORD.test((t.arg ?? '').trim())) {
      parts = { base: (t.arg ?? '').trim(), decorations: [], subscripts: [] };
      k = j + 1;
    } else if (t.kind === 'cmd' && (FONT_WRAPPERS.has(t.value) || DECORATIONS[t.value] !== undefined)) {
      const r = this.scriptRange(j + 1);
      const inner = this.readNameExactly(r);
      if (!inner) return null;
      parts = inner.parts;
      bold = BOLD_WRAPPERS.has(t.value) || inner.bold === true;
      const deco = DECORATIONS[t.value];
      if (deco) parts.decorations.push(deco);
      k = r.next;
      if (inner.primes > 0) return { parts, primes: inner.primes, next: k, bold };
    } else if (t.kind === 'cmd' && boldShorthand(t.value) !== null) {
      parts = { base: boldShorthand(t.value)!, decorations: [], subscripts: [] };
      bold = true;
      k = j + 1;
    } else {
      return null;
    }
    let primes = 0;
    for (;;) {
      const s = this.nextIndex(k);
      const st = s < this.end ? this.toks[s] : undefined;
      if (isChar(st, '_')) {
        const r = this.scriptRange(s + 1);
        parts.subscripts.push(...this.subscriptParts(r.from, r.to));
        k = r.next;
      } else if (isChar(st, "'")) {
        primes++;
        k = s + 1;
      } else if (isChar(st, '^')) {
        const r = this.scriptRange(s + 1);
        const kind = this.scriptKind(r);
        if (kind === 'prime') primes += this.countPrimes(r);
        else if (kind === 'star') parts.decorations.push('star');
        else if (kind === 'paren') parts.subscripts.push(...this.subscriptParts(this.nextIndex(r.from) + 1, this.lastIndex(r)));
        else break;
        k = r.next;
      } else {
        break;
      }
    }
    return { parts, primes, next: k, bold };
  }

  /** Index of the last meaningful token in a range (for stripping a closing parenthesis). */
  lastIndex(r: Range): number {
    let e = r.to - 1;
    while (e > r.from && this.isSkippable(this.toks[e]!)) e--;
    return e;
  }

  /** A name filling a whole argument range (`\mathbf{x}`), or null. */
  readNameExactly(r: Range): NameRead | null {
    const savedEnd = this.end;
    this.end = r.to;
    try {
      const n = this.readName(r.from);
      return n && this.nextIndex(n.next) >= r.to ? n : null;
    } finally {
      this.end = savedEnd;
    }
  }

  /** Subscript tokens → identifier parts: `{ij}` → ['ij'], `{i,j}` → ['i','j'], `{t-1}` → ['tm1']. */
  subscriptParts(from: number, to: number): string[] {
    const parts: string[] = [];
    let cur = '';
    for (let i = from; i < to; i++) {
      const t = this.toks[i]!;
      if (this.isSkippable(t)) continue;
      if (t.kind === 'letter') cur += t.value;
      else if (t.kind === 'num') cur += t.value.replace('.', 'p');
      else if (t.kind === 'cmd' && GREEK[t.value] !== undefined) cur += GREEK[t.value];
      else if (t.kind === 'text') cur += (t.arg ?? '').replace(/[^A-Za-z0-9]/g, '');
      else if (t.kind === 'cmd' && (FONT_WRAPPERS.has(t.value) || DECORATIONS[t.value] !== undefined)) continue;
      else if (isChar(t, '{') || isChar(t, '}') || isChar(t, '(') || isChar(t, ')')) continue;
      else if (isChar(t, ',') || isChar(t, ';')) {
        if (cur) parts.push(cur);
        cur = '';
      } else if (isChar(t, '+')) cur += 'p';
      else if (isChar(t, '-')) cur += 'm';
      else if (isChar(t, '*') || isCmd(t, 'ast') || isCmd(t, 'star')) cur += 'star';
      else if (isChar(t, "'") || isCmd(t, 'prime')) cur += 'prime';
      else return fail(`unsupported subscript "${describe(t)}"`);
    }
    if (cur) parts.push(cur);
    if (parts.length === 0) return fail('empty subscript');
    return parts;
  }

  /** A variable name for name parts, renamed if it collides with the vocabulary. */
  variable(parts: NameParts): string {
    const rendered = renderName(parts);
    const v = variableName(rendered);
    if (!v) return fail(`"${rendered}" is not a usable variable name`);
    return v;
  }

  /** A letter: a multi-letter function word (`softmax`, `exp`) or a name. */
  parseLetter(): MathNode {
    const i = this.pos;
    let j = i + 1;
    while (j < this.end && this.toks[j]!.kind === 'letter' && !this.toks[j]!.spaceBefore) j++;
    if (j - i > 1) {
      const word = this.toks.slice(i, j).map((t) => t.value).join('');
      const fn = functionName(word, this.ctx);
      if (fn) {
        this.pos = j;
        return this.parseApplication(fn, vocabularyFunction(word) !== null);
      }
    }
    if (this.toks[i]!.value === 'd') {
      const d = this.tryDifferentialSlash();
      if (d) return d;
    }
    return this.parseNamed();
  }

  /** A name and what follows it: application, derivative by primes, exp for e^…, or a variable. */
  parseNamed(): MathNode {
    const t = this.peek()!;
    const r = this.readName(this.pos);
    if (!r) {
      if (t.kind === 'cmd' && FONT_WRAPPERS.has(t.value)) return this.parseFontGroup();
      if (t.kind === 'cmd') return fail(`\\${t.value} applies only to a name`);
      return this.unexpected(t);
    }
    this.pos = r.next;
    const { parts, primes } = r;
    const plain = parts.decorations.length === 0 && parts.subscripts.length === 0;
    if (plain && parts.base === 'e' && primes === 0) {
      if (isChar(this.peek(), '^')) {
        this.pos++;
        const arg = this.peek();
        if (isChar(arg, '-')) {
          this.pos++;
          return call('exp', neg(this.parseAtom()));
        }
        const s = this.scriptRange(this.pos);
        if (this.scriptKind(s) === 'transpose') return fail('matrix notation is not supported (transpose)');
        this.pos = s.next;
        return call('exp', this.within(s.from, s.to, () => this.parseExpression()));
      }
      return sym('e');
    }
    // Vector notation (vectors.ts): a transpose makes a dot product or a quadratic form; with the
    // dimension instantiated a bold vector is its entry at the free component, a bold matrix times a
    // vector the sum along that component's row.
    if (primes === 0 && this.transposeAt(this.pos)) return this.transposeProduct(parts);
    if (r.bold && primes === 0 && this.ctx.dimension !== undefined && !this.opensArguments(this.pos)) {
      if (isVectorBase(parts)) return this.component(parts);
      if (isMatrixBase(parts)) return this.matrixTimesVector(parts);
    }
    const rendered = renderName(parts);
    const fn = functionName(rendered, this.ctx);
    const opens = this.opensArguments(this.pos);
    if (primes > 0) {
      if (opens) return this.primeApplication(fn ?? rendered, this.parseArguments(), primes);
      const shorthand = fn && primes === 1 && plain ? this.pointFreeShorthand(fn, rendered) : null;
      if (shorthand) return shorthand;
      if (fn) return fail(`${rendered}' needs an argument, as in ${rendered}'(x)`);
      for (let k = 0; k < primes; k++) parts.decorations.push('prime');
      return sym(this.variable(parts));
    }
    if (fn && opens && vocabularyFunction(rendered) === null && this.holdsOwnFamily(parts.base, this.nextIndex(this.pos))) {
      return sym(this.variable(parts));
    }
    // y_k y_j with y_k a document function: a product of two values, never y_k applied to y_j.
    if (fn && !opens && vocabularyFunction(rendered) === null && this.nextIsOwnFamily(parts.base, this.pos)) return sym(this.variable(parts));
    if (fn) return this.parseApplication(fn, vocabularyFunction(rendered) !== null);
    // A multi-letter upright word followed by brackets is a function (\text{ReLU}(x)); so is any
    // name applied to a comma list (f[x_i, \phi], L(x, W)), which could not be a product.
    if (opens && (t.kind === 'text' && parts.base.length > 1 || this.br.hasComma[this.nextIndex(this.pos)])) {
      return this.finishCall(rendered, this.parseArguments(true), null);
    }
    // p^m(x, \lambda), q^{*}(x, y): a name with a one-letter (or star) superscript applied to a comma
    // list is a labelled function, not a power times a group, since a list is not a value.
    const sup = this.labelSuperscript(this.pos);
    if (sup && this.opensArguments(sup.next) && this.br.hasComma[this.nextIndex(sup.next)]) {
      this.pos = sup.next;
      return this.finishCall(`${rendered}_sup${sup.label}`, this.parseArguments(true), null);
    }
    return sym(this.variable(parts));
  }

  /**
   * Whether the bracket opened at i holds a name of the same family unapplied: y_k(I_{kj} - y_j),
   * p_i(1 - p_i). Derivations write a document's function next to an expression in its own values
   * as a product (the softmax and sigmoid derivative shapes); a call would be written y_k(y_j(…)).
   */
  holdsOwnFamily(base: string, i: number): boolean {
    const m = this.br.match[i]!;
    if (m < 0 || m > this.end) return false;
    // p(y|p), f(x, p): a list of arguments is no value to multiply, so the name is applied to it.
    if (this.br.hasComma[i]) return false;
    const saved = [this.pos, this.end] as const;
    try {
      this.end = m;
      for (let p = i + 1; p < m; p++) {
        const r = this.readName(p);
        if (!r || r.parts.base !== base || r.primes > 0) continue;
        if (!this.opensArguments(r.next)) return true;
      }
      return false;
    } catch {
      return false;
    } finally {
      [this.pos, this.end] = saved;
    }
  }

  /** Whether the name at i is of the family `base` and not applied to a bracket. */
  nextIsOwnFamily(base: string, i: number): boolean {
    try {
      const r = this.readName(i);
      return !!r && r.parts.base === base && r.primes === 0 && !this.opensArguments(r.next);
    } catch {
      return false;
    }
  }

  /** `^m`, `^{m}` or `^{*}` at i: the superscript used as a label, with where it ends. */
  labelSuperscript(i: number): { label: string; next: number } | null {
    if (i >= this.end || !isChar(this.toks[i], '^') || this.nextIndex(i + 1) >= this.end) return null;
    const s = this.scriptRange(i + 1);
    const inner = this.toks.slice(s.from, s.to).filter((x) => !this.isSkippable(x));
    if (inner.length !== 1) return null;
    const t = inner[0]!;
    if (t.kind === 'letter' && /^[a-z]$/.test(t.value) && t.value !== 'T') return { label: t.value, next: s.next };
    if (isChar(t, '*')) return { label: 'star', next: s.next };
    return null;
  }

  /** A bold/calligraphic group that is not a single name (`\mathbf{Wx}`): the font is ignored. */
  parseFontGroup(): MathNode {
    this.pos++;
    const r = this.scriptRange(this.pos);
    this.pos = r.next;
    if (r.to - r.from === 1 && this.toks[r.from]!.kind === 'num' && this.toks[r.from]!.value === '1') return this.parseIndicator();
    return this.within(r.from, r.to, () => this.parseExpression());
  }

  /** Whether the token at i opens an argument list: ( [ \left( \left[. */
  opensArguments(i: number): boolean {
    const j = this.nextIndex(i);
    const t = j < this.end ? this.toks[j] : undefined;
    if (!t) return false;
    return isChar(t, '(') || isChar(t, '[') || (t.kind === 'left' && (t.value === '(' || t.value === '['));
  }

  /** Parses a bracketed, comma- or semicolon-separated argument list at the current position. */
  parseArguments(whole = false): MathNode[] {
    const i = this.nextIndex(this.pos);
    const m = this.groupEnd(i);
    this.pos = m + 1;
    return this.within(i + 1, m, () => {
      const args: MathNode[] = [];
      if (!this.peek()) return fail('empty argument list');
      for (;;) {
        args.push((whole ? this.wholeVector() : null) ?? this.parseExpression());
        const t = this.peek();
        if (!t) return args;
        // p(x \mid \lambda), the conditional of probability notation: the bar separates arguments
        // like a comma, so a density or likelihood is read as a function of all of them.
        if (isChar(t, ',') || isChar(t, ';') || ((isCmd(t, 'mid') || (isChar(t, '|') && this.br.match[this.pos]! < 0)) && args.length === 1)) {
          this.pos++;
          continue;
        }
        return this.unexpected(t);
      }
    });
  }

  /**
   * A function applied: `\log_2 x`, `\sin^2 x`, `\exp[-z]`, `\sigma(z)`, `f'(x)`. Without brackets
   * the argument is the following factor with its implicit product (`\sin 2x`, `\log p_i`).
   */
  parseApplication(fn: string, vocabulary: boolean): MathNode {
    let power: MathNode | null = null;
    let logBase: MathNode | null = null;
    let primes = 0;
    for (;;) {
      const t = this.peek();
      if (isChar(t, '^')) {
        this.pos++;
        if (isChar(this.peek(), '-')) return fail(`inverse function notation (${fn}^{-1}) is not supported`);
        const r = this.scriptRange(this.pos);
        const kind = this.scriptKind(r);
        this.pos = r.next;
        if (kind === 'prime') primes += this.countPrimes(r);
        else if (kind === 'paren') primes += this.derivativeOrder(r);
        else {
          power = this.within(r.from, r.to, () => this.parseExpression());
          if (power.type === 'OperatorNode' && (power as math.OperatorNode).fn === 'unaryMinus') {
            return fail(`inverse function notation (${fn}^{-1}) is not supported`);
          }
        }
      } else if (isChar(t, "'")) {
        this.pos++;
        primes++;
      } else if (isChar(t, '_') && fn === 'log') {
        this.pos++;
        const r = this.scriptRange(this.pos);
        this.pos = r.next;
        logBase = this.within(r.from, r.to, () => this.parseExpression());
      } else if (isChar(t, '_')) {
        return fail(`a subscript on the function ${fn} is not supported`);
      } else {
        break;
      }
    }
    let args: MathNode[];
    if (this.opensArguments(this.pos)) {
      // A document's function of a vector (f(\mathbf{w}), L(\boldsymbol\theta)) takes the whole
      // vector; a vocabulary function (σ, exp, log) applies entrywise, so it takes the entry.
      args = this.parseArguments(!vocabulary && (this.ctx.isDocumentFunction?.(fn) ?? true));
    } else if (this.startsOperand() && (vocabulary || (power === null && this.startsWithName()))) {
      // \sin x, \log p: vocabulary functions take a bare operand; a name that is a function only by
      // context takes a bare variable (\sigma z) but nothing after a power: \sigma^2 - \log\sigma^2
      // is a variance, not σ applied to what follows.
      args = [this.parseOperand()];
    } else if (vocabulary) {
      // \tanh' = 1 - \tanh^2: the point-free shorthand, the bare \tanh^2 being the activation's value squared.
      const shorthand = primes === 1 && power === null ? this.pointFreeShorthand(fn, fn) : null;
      if (shorthand) return shorthand;
      if (primes === 0 && power !== null && this.pointFreeShorthand(fn, fn)) return pow(sym(this.variable({ base: fn, decorations: [], subscripts: [] })), power);
      return fail(`${fn} needs an argument`);
    } else {
      // A function name used bare (\sigma^2 as a variance, "the function f"): a plain variable.
      if (primes > 0) return fail(`${fn}' needs an argument, as in ${fn}'(x)`);
      const v = sym(this.variable({ base: fn, decorations: [], subscripts: [] }));
      return power ? pow(v, power) : v;
    }
    const node = primes > 0 ? this.primeApplication(fn, args, primes) : this.finishCall(fn, args, logBase);
    return power ? pow(node, power) : node;
  }

  /** The next token starts a name (a letter or a command), not a number or an operator. */
  startsWithName(): boolean {
    const t = this.peek();
    return t !== undefined && (t.kind === 'letter' || t.kind === 'cmd');
  }

  /** `f^{(2)}`: the order written in a parenthesised superscript. */
  derivativeOrder(r: Range): number {
    const inner = this.toks.slice(r.from, r.to).filter((t) => t.kind === 'num');
    const k = inner.length === 1 ? Number(inner[0]!.value) : NaN;
    if (!Number.isInteger(k) || k < 1 || k > 4) return fail('unsupported derivative order in a superscript');
    return k;
  }

  startsOperand(): boolean {
    const t = this.peek();
    return t !== undefined && (isChar(t, '-') || this.startsFactor(this.pos));
  }

  /** The argument of a function written without brackets. */
  parseOperand(): MathNode {
    let node = this.parseSigned();
    for (;;) {
      const t = this.peek();
      if (!t || !(t.kind === 'num' || t.kind === 'letter' || (t.kind === 'cmd' && GREEK[t.value] !== undefined))) return node;
      if (t.kind === 'letter' && this.isFunctionWordAt(this.pos)) return node;
      node = mul(node, this.parseFactor());
    }
  }

  isFunctionWordAt(i: number): boolean {
    let j = i + 1;
    while (j < this.end && this.toks[j]!.kind === 'letter' && !this.toks[j]!.spaceBefore) j++;
    const word = this.toks.slice(i, j).map((t) => t.value).join('');
    return functionName(word, this.ctx) !== null;
  }

  /** Builds a call, checking vocabulary arity; `\log_b` becomes log2/log10/log(x, b). */
  finishCall(fn: string, args: MathNode[], logBase: MathNode | null): MathNode {
    if (logBase) {
      if (args.length !== 1) return fail('log with a base takes one argument');
      const b = logBase.type === 'ConstantNode' ? (logBase as math.ConstantNode).value : null;
      if (b === 2) return call('log2', args[0]!);
      if (b === 10) return call('log10', args[0]!);
      return call('log', args[0]!, logBase);
    }
    const vector = this.vectorFunction(fn, args);
    if (vector) return vector;
    const spec = FUNCTIONS[fn];
    if (spec && Object.prototype.hasOwnProperty.call(FUNCTIONS, fn) && (args.length < spec.minArgs || args.length > spec.maxArgs)) {
      const want = spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
      return fail(`${fn} takes ${want} argument${spec.maxArgs === 1 ? '' : 's'}, got ${args.length}`);
    }
    return call(fn, ...args);
  }

  /**
   * `f'(x)` → derivative(f(x), x); at a value, `S'(0)` → at(derivative(S(x), x), x, 0) with a
   * dummy variable that does not occur in the value.
   */
  primeApplication(fn: string, args: MathNode[], primes: number): MathNode {
    if (args.length !== 1) return fail(`${fn}' with ${args.length} arguments is not supported`);
    const a = args[0]!;
    if (a.type === 'SymbolNode' && !['e', 'pi'].includes((a as math.SymbolNode).name)) {
      return derivative(call(fn, a), a, primes);
    }
    const used = new Set(freeVariables(a));
    const dummy = ['x', 't', 'u', 's', 'v', 'w'].find((n) => !used.has(n)) ?? 'x_at';
    return at(derivative(call(fn, sym(dummy)), sym(dummy), primes), dummy, a);
  }

  /** \text, \mathrm, \operatorname…: an upright word (name or function) or math in a roman font. */
  parseText(t: Token): MathNode {
    const arg = (t.arg ?? '').trim();
    if (t.value.startsWith('text') || t.value === 'mbox' || t.value === 'hbox') {
      if (PROSE_WORDS.has(arg.toLowerCase())) return fail(`text "${arg}" inside a formula`);
    }
    if (WORD.test(arg)) {
      if (arg === 'd' && this.tokAt(this.pos + 1) !== undefined) {
        const d = this.tryDifferentialSlash();
        if (d) return d;
      }
      const fn = functionName(arg, this.ctx);
      // \mathrm{sign}_1 is a subscripted name; only log takes a subscript (its base).
      const subscripted = isChar(this.tokAt(this.pos + 1), '_') && fn !== 'log';
      if (fn && arg.length > 1 && !subscripted) {
        this.pos++;
        return this.parseApplication(fn, vocabularyFunction(arg) !== null);
      }
      if (t.value.startsWith('operatorname') && arg.length > 1 && !subscripted) {
        this.pos++;
        return this.parseApplication(arg, false);
      }
      return this.parseNamed();
    }
    if (/^(math|operatorname)/.test(t.value)) {
      // Math in a roman font (\mathrm{d}x, \mathrm{KL}(p\|q)): read it as math.
      this.pos++;
      const inner = tokenize(t.arg ?? '', t.argStart ?? 0);
      const p = new Parser(inner, pairBrackets(inner), this.shared, 0, inner.length);
      const node = p.parseExpression();
      const rest = p.peek();
      if (rest) p.unexpected(rest);
      return node;
    }
    return fail(`text "${arg}" inside a formula`);
  }

  // ---- brackets and environments ----

  parseLeft(): MathNode {
    const i = this.pos;
    const open = this.toks[i]!;
    const m = this.br.match[i]!;
    if (m < i || m >= this.end) return fail(`\\left${open.value} without a matching \\right`);
    const close = this.toks[m]!;
    this.pos = m + 1;
    switch (open.value) {
      case '|':
        return call('abs', this.within(i + 1, m, () => this.parseExpression()));
      case '(': case '[': case '.': {
        const body = this.parseGroup(i, m);
        if (close.value === '|' && isChar(this.peek(), '_')) return this.evaluationBar(body);
        return body;
      }
      case '{': {
        const inner = this.nextIndex(i + 1);
        const tk = this.toks[inner];
        if (tk && tk.kind === 'begin' && (tk.value === 'array' || CASES_ENVS.has(tk.value)) && this.br.match[inner] === this.lastIndex({ from: i + 1, to: m, next: m })) {
          return this.parseCases(inner);
        }
        return this.parseGroup(i, m);
      }
      case '‖': return this.normOf(i + 1, m);
      case '<': return fail('inner products (\\langle \\rangle) are not supported');
      case '⌊': return fail('floor is not supported');
      case '⌈': return fail('ceiling is not supported');
      default: return fail('\\left needs a delimiter');
    }
  }

  parseEnvironment(t: Token): MathNode {
    if (CASES_ENVS.has(t.value)) return this.parseCases(this.pos);
    if (MATRIX_ENVS.has(t.value)) return this.parseColumn(this.pos);
    return fail(`the environment "${t.value}" is not supported inside a formula`);
  }

  /** `\begin{cases} v & \text{if } c \\ … \end{cases}` → nested conditionals. */
  parseCases(beginIdx: number): MathNode {
    const m = this.br.match[beginIdx]!;
    if (m < beginIdx) return fail(`\\begin{${this.toks[beginIdx]!.value}} without \\end`);
    if (m >= this.pos) this.pos = m + 1;
    let from = beginIdx + 1;
    // array's column spec {ll} is layout.
    if (this.toks[beginIdx]!.value === 'array' && isChar(this.toks[from], '{')) from = Math.max(from, this.br.match[from]! + 1);
    const rows: { value: MathNode; condition: MathNode | null }[] = [];
    for (const [a, b] of this.splitTop(from, m, (t) => isCmd(t, '\\') || isCmd(t, 'newline') || isCmd(t, 'cr'))) {
      if (this.nextIndex(a) >= b) continue;
      let split = this.findTop(a, b, (t) => isChar(t, '&'));
      if (split < 0) split = this.findTop(a, b, (t) => t.kind === 'text' && /^\s*(if|for|when|otherwise|else)\b/i.test(t.arg ?? ''));
      const valueEnd = this.trimPunctuation(a, split < 0 ? b : split);
      const value = this.within(a, valueEnd, () => this.parseExpression());
      const condition = split < 0 ? null : this.parseCondition(isChar(this.toks[split], '&') ? split + 1 : split, this.trimPunctuation(split, b));
      rows.push({ value, condition });
    }
    if (rows.length === 0) return fail('empty cases');
    let node: MathNode = num(NaN);
    for (let k = rows.length - 1; k >= 0; k--) {
      const row = rows[k]!;
      if (row.condition === null) {
        if (k !== rows.length - 1) return fail('only the last case may have no condition');
        node = row.value;
      } else {
        node = cond(row.condition, row.value, node);
      }
    }
    return node;
  }

  /** Splits [a, b) at top-level tokens matching `sep` (groups are skipped). */
  splitTop(a: number, b: number, sep: (t: Token) => boolean): [number, number][] {
    const out: [number, number][] = [];
    let start = a;
    for (let i = a; i < b; i++) {
      const t = this.toks[i]!;
      if (sep(t)) {
        out.push([start, i]);
        start = i + 1;
        continue;
      }
      const m = this.br.match[i]!;
      if (m > i && m < b) i = m;
    }
    out.push([start, b]);
    return out;
  }

  findTop(a: number, b: number, pred: (t: Token) => boolean): number {
    for (let i = a; i < b; i++) {
      if (pred(this.toks[i]!)) return i;
      const m = this.br.match[i]!;
      if (m > i && m < b) i = m;
    }
    return -1;
  }

  /** End of [a, b) without trailing `,` `.` `;`. */
  trimPunctuation(a: number, b: number): number {
    let e = b;
    while (e > a && (this.isSkippable(this.toks[e - 1]!) || ['.', ',', ';'].some((c) => isChar(this.toks[e - 1], c)))) e--;
    return e;
  }

  // ---- conditions ----

  /**
   * A condition over [a, b): lead-in words (`\text{if }`) dropped, comparisons (chains allowed)
   * joined by and/or. Null for `otherwise`/`else` or nothing.
   */
  parseCondition(a: number, b: number): MathNode | null {
    let i = this.nextIndex(a);
    while (i < b) {
      const t = this.toks[i]!;
      if (t.kind === 'text') {
        const words = (t.arg ?? '').trim().toLowerCase();
        if (/^(otherwise|else|o\.?w\.?|elsewhere)\b/.test(words)) return null;
        if (/^(if|for|when|where|whenever|,)?$/.test(words.replace(/[\s,]+$/, ''))) {
          i = this.nextIndex(i + 1);
          continue;
        }
        // \text{if $x > 0$}: the math is inside the text.
        const inline = /^(?:if|for|when)?\s*\$([^$]+)\$\s*$/.exec(words === '' ? '' : (t.arg ?? '').trim());
        if (inline) {
          const inner = tokenize(inline[1]!, (t.argStart ?? 0) + (t.arg ?? '').indexOf(inline[1]!));
          const p = new Parser(inner, pairBrackets(inner), this.shared, 0, inner.length);
          return p.parseCondition(0, inner.length);
        }
      }
      if (isChar(t, ',')) {
        i = this.nextIndex(i + 1);
        continue;
      }
      break;
    }
    if (i >= b) return null;
    return this.within(i, b, () => this.parseLogic());
  }

  parseLogic(): MathNode {
    let node = this.parseComparison();
    for (;;) {
      const t = this.peek();
      if (!t) return node;
      const word = t.kind === 'text' ? (t.arg ?? '').trim().toLowerCase() : '';
      if (isCmd(t, 'land') || isCmd(t, 'wedge') || word === 'and' || isChar(t, ',')) {
        this.pos++;
        node = and(node, this.parseComparison());
      } else if (isCmd(t, 'lor') || isCmd(t, 'vee') || word === 'or') {
        this.pos++;
        node = or(node, this.parseComparison());
      } else {
        return this.unexpected(t);
      }
    }
  }

  parseComparison(): MathNode {
    let left = this.parseExpression();
    let node: MathNode | null = null;
    for (;;) {
      const kind = this.comparisonAt();
      if (!kind) break;
      const right = this.parseExpression();
      const c = compare(kind, left, right);
      node = node ? and(node, c) : c;
      left = right;
    }
    if (!node) return fail('a condition needs a comparison such as x > 0');
    return node;
  }

  /** Consumes a comparison operator and returns its kind, or null. */
  comparisonAt(): string | null {
    const t = this.peek();
    if (!t) return null;
    let kind: string | null = null;
    if (t.kind === 'char') {
      const nextIs = (v: string) => isChar(this.toks[this.pos + 1], v);
      if (t.value === '<') kind = nextIs('=') ? 'le2' : 'lt';
      else if (t.value === '>') kind = nextIs('=') ? 'ge2' : 'gt';
      else if (t.value === '=') kind = 'eq';
      else if (t.value === '!' && nextIs('=')) kind = 'ne2';
    } else if (t.kind === 'cmd') {
      kind = ({ lt: 'lt', gt: 'gt', le: 'le', leq: 'le', leqslant: 'le', ge: 'ge', geq: 'ge', geqslant: 'ge', ne: 'ne', neq: 'ne' } as Record<string, string>)[t.value] ?? null;
    }
    if (!kind) return null;
    this.pos++;
    if (kind.endsWith('2')) {
      this.pos++;
      kind = kind.slice(0, 2);
    }
    return kind;
  }

  // ---- vectors and matrices, read componentwise (vectors.ts) ----

  /** The free component index of the document's vectors. */
  get comp(): string {
    return this.ctx.componentIndex ?? 'q';
  }

  noteVector(p: NameParts): void {
    this.shared.vectors.set(renderName(p), p);
  }

  /** Entry `index` of a vector as a variable (x → x_3, x_i → x_iq). */
  entry(p: NameParts, index: string | number): MathNode {
    return sym(this.variable(entryParts(p, String(index))));
  }

  matrixEntry(p: NameParts, j: string | number, k: string | number): MathNode {
    return sym(this.variable(matrixEntryParts(p, String(j), String(k), this.ctx.lowercaseEntries)));
  }

  /** A bold vector standing alone: its entry at the free component. */
  component(p: NameParts): MathNode {
    this.noteVector(p);
    return this.entry(p, this.comp);
  }

  /** Counts terms a vector expansion adds, against the same limit as sums. */
  expansion(count: number): number {
    const d = this.ctx.dimension;
    if (d === undefined) return fail(`vector notation is ${NEEDS_DIMENSION}`);
    if ((this.shared.sumTerms += count) > MAX_SUM_TERMS) return fail('vector notation expands to too many terms');
    return d;
  }

  /** Whether `^T` (`^\top`, `^{T}`, `^\intercal`) follows at i. */
  transposeAt(i: number): boolean {
    const j = this.nextIndex(i);
    if (j >= this.end || !isChar(this.toks[j], '^')) return false;
    try {
      return this.scriptKind(this.scriptRange(j + 1)) === 'transpose';
    } catch {
      return false;
    }
  }

  /** Whether the name at i can be the vector a transpose or a matrix multiplies. */
  vectorAt(i: number): NameRead | null {
    const v = this.readName(i);
    return v && v.primes === 0 && isVectorBase(v.parts) && !this.opensArguments(v.next) && !this.transposeAt(v.next) ? v : null;
  }

  /**
   * `\mathbf{w}^T\mathbf{x}`, `w^\top x_i` → w_1 x_1 + … + w_n x_n; `\mathbf{x}^T A \mathbf{x}` →
   * Σ_j Σ_k x_j a_jk x_k. A transpose of anything else (a matrix, a group) is not read.
   */
  transposeProduct(left: NameParts): MathNode {
    const j = this.nextIndex(this.pos);
    const s = this.scriptRange(j + 1);
    if (this.toks.slice(s.from, s.to).filter((x) => !this.isSkippable(x)).length !== 1) return fail('matrix notation is not supported (the inverse of a transpose)');
    if (!isVectorBase(left)) {
      // \mathbf{X}^T(\hat{\mathbf y} - \mathbf y): entry q is Σ_i x_iq (ŷ_i − y_i), the matrix's column q against the vector.
      if (this.ctx.dimension === undefined || !isMatrixBase(left)) return fail('matrix notation is not supported (transpose)');
      this.pos = s.next;
      if (!this.startsOperand()) return fail('matrix notation is not supported (transpose)');
      const v = this.vectorOperand();
      const d = this.expansion(0);
      this.expansion(d);
      let node: MathNode | null = null;
      for (let m = 1; m <= d; m++) {
        const term = mul(this.matrixEntry(left, m, this.comp), substituteIndex(v.cloneDeep(), this.comp, m));
        node = node ? add(node, term) : term;
      }
      return node!;
    }
    if (this.ctx.dimension === undefined) return fail(`a transpose (w^T x) is ${NEEDS_DIMENSION}`);
    this.pos = s.next;
    const right = this.readName(this.pos);
    if (right && right.primes === 0 && isMatrixBase(right.parts)) {
      const v = this.vectorAt(right.next);
      if (!v) return fail('matrix notation is not supported (a row vector times a matrix)');
      this.pos = v.next;
      const d = this.expansion(0);
      this.expansion(d * d);
      this.noteVector(left);
      this.noteVector(v.parts);
      let node: MathNode | null = null;
      for (let a = 1; a <= d; a++) for (let b = 1; b <= d; b++) {
        const term = mul(mul(this.entry(left, a), this.matrixEntry(right.parts, a, b)), this.entry(v.parts, b));
        node = node ? add(node, term) : term;
      }
      return node!;
    }
    const v = this.vectorAt(this.pos);
    if (!v) return fail('a transpose is read only before a vector, as in w^T x');
    this.pos = v.next;
    return this.dot(left, v.parts);
  }

  /** The vector a matrix or a transposed vector multiplies: a name or a group holding vector notation. */
  vectorOperand(): MathNode {
    const v = this.vectorAt(this.pos);
    if (v) {
      this.pos = v.next;
      return this.component(v.parts);
    }
    const node = this.parseFactor();
    if (!hasIndex(node, this.comp)) return fail('matrix notation is not supported (a matrix times something that is not a vector)');
    return node;
  }

  /**
   * A product of two vector-valued factors: `\vec w \cdot \vec x` is their dot product Σ_k w_k x_k;
   * two different vectors side by side or with × (an outer, cross or entrywise product) are not read,
   * never taken entry by entry. Null when a factor is not a vector (the ordinary product).
   */
  vectorProduct(a: MathNode, b: MathNode, dotted: boolean): MathNode | null {
    if (this.ctx.dimension === undefined || !hasIndex(a, this.comp) || !hasIndex(b, this.comp)) return null;
    // σ(\mathbf z)(1 − σ(\mathbf z)): two entrywise functions of the same vector, as an activation's
    // derivative is written, multiply entry by entry.
    const entries = (n: MathNode) => freeVariables(n).filter((v) => hasIndex(sym(v), this.comp)).sort().join(',');
    if (!dotted && entries(a) === entries(b)) return null;
    if (!dotted) return fail('a product of two vectors is read only as a dot product (w^T x, w \\cdot x)');
    const d = this.expansion(0);
    this.expansion(d);
    let node: MathNode | null = null;
    for (let k = 1; k <= d; k++) {
      const term = mul(substituteIndex(a.cloneDeep(), this.comp, k), substituteIndex(b.cloneDeep(), this.comp, k));
      node = node ? add(node, term) : term;
    }
    return node!;
  }

  dot(a: NameParts, b: NameParts): MathNode {
    const d = this.expansion(0);
    this.expansion(d);
    this.noteVector(a);
    this.noteVector(b);
    let node: MathNode | null = null;
    for (let k = 1; k <= d; k++) {
      const term = mul(this.entry(a, k), this.entry(b, k));
      node = node ? add(node, term) : term;
    }
    return node!;
  }

  /** `\mathbf{A}\mathbf{x}`: entry q of the product, Σ_m a_qm x_m. A matrix alone is not read. */
  matrixTimesVector(m: NameParts): MathNode {
    const v = this.vectorAt(this.pos);
    if (!v) return fail('matrix notation is not supported');
    this.pos = v.next;
    const d = this.expansion(0);
    this.expansion(d);
    this.noteVector(v.parts);
    let node: MathNode | null = null;
    for (let k = 1; k <= d; k++) {
      const term = mul(this.matrixEntry(m, this.comp, k), this.entry(v.parts, k));
      node = node ? add(node, term) : term;
    }
    return node!;
  }

  /** A bold vector or matrix filling a whole argument (f(\mathbf{w}), L(\boldsymbol\theta, b), f(\mathbf{x}, \mathbf{W})): the vector itself. */
  wholeVector(): MathNode | null {
    const r = this.readName(this.pos);
    if (!r || !r.bold || r.primes > 0 || !(isVectorBase(r.parts) || isMatrixBase(r.parts))) return null;
    if (this.ctx.dimension === undefined) return null; // asked only for a bold name (parses that never ask are reused)
    const after = this.tokAt(r.next);
    if (after && !(isChar(after, ',') || isChar(after, ';') || isChar(after, '|') || isCmd(after, 'mid'))) return null;
    this.pos = r.next;
    if (isVectorBase(r.parts)) this.noteVector(r.parts);
    return sym(this.variable(r.parts));
  }

  /** `\|x\|`, `\Vert x \Vert` (the command has been seen, not consumed). */
  parseNorm(): MathNode {
    const open = this.pos;
    let close = -1;
    for (let k = open + 1; k < this.end; k++) {
      const t = this.toks[k]!;
      if (t.kind === 'cmd' && (t.value === '|' || t.value === 'Vert' || t.value === 'rVert')) { close = k; break; }
      const m = this.br.match[k]!;
      if (m > k && m < this.end) k = m;
    }
    if (close < 0) return fail('an unclosed norm \\|');
    this.pos = close + 1;
    return this.normOf(open + 1, close);
  }

  /**
   * The Euclidean norm of what is written in [from, to): √(Σ_k v_k²) over the entries of a vector
   * expression (the absolute value of a scalar). `_2` names that norm; another subscript is not read.
   */
  normOf(from: number, to: number): MathNode {
    if (this.ctx.dimension === undefined) return fail(`a norm (\\|x\\|) is ${NEEDS_DIMENSION}`);
    const inner = this.within(from, to, () => this.parseExpression());
    if (isChar(this.peek(), '_')) {
      const r = this.scriptRange(this.pos + 1);
      const sub = this.toks.slice(r.from, r.to).filter((x) => !this.isSkippable(x));
      if (sub.length !== 1 || sub[0]!.value !== '2') return fail('only the Euclidean norm \\|x\\|_2 is read');
      this.pos = r.next;
    }
    if (!hasIndex(inner, this.comp)) return call('abs', inner);
    const d = this.expansion(0);
    this.expansion(d);
    let node: MathNode | null = null;
    for (let k = 1; k <= d; k++) {
      const term = pow(substituteIndex(inner.cloneDeep(), this.comp, k), num(2));
      node = node ? add(node, term) : term;
    }
    return call('sqrt', node!);
  }

  /** The vector ∇ without a subscript differentiates by: the one vector its operand is written in. */
  gradientVariable(body: MathNode, seen: Map<string, NameParts>): MathNode {
    if (seen.size === 1) return this.entry([...seen.values()][0]!, this.comp);
    if (seen.size > 1) return fail('∇ without a subscript on an expression of several vectors: write \\nabla_{\\mathbf{w}}');
    // x_1² + x_2² + … + x_n²: the entries name their vector.
    const bases = new Set<string>();
    body.traverse((n: MathNode) => {
      if (n.type !== 'SymbolNode') return;
      const m = /^([A-Za-z]+)_\d+$/.exec((n as math.SymbolNode).name);
      if (m) bases.add(m[1]!);
    });
    if (bases.size === 1) return this.entry({ base: [...bases][0]!, decorations: [], subscripts: [] }, this.comp);
    return fail('∇ needs the variable as a subscript, as in \\nabla_z L');
  }

  /**
   * The sum an ellipsis abbreviates: `x_1^2 + x_2^2 + \ldots + x_n^2`, `w_1x_1 + \dots + w_dx_d + b`
   * (the terms before it are the pattern at 1, 2 …, the term after it the pattern at the last
   * index). `+ \ldots +` has been consumed. A pattern that is not clear is not read.
   */
  abbreviatedSum(terms: MathNode[]): MathNode {
    let sign = 1;
    if (isChar(this.peek(), '+')) this.pos++;
    else if (isChar(this.peek(), '-')) { this.pos++; sign = -1; }
    else return fail('an ellipsis whose last term is not written (…) is not read');
    const lastTerm = this.parseTerm();
    const a = abbreviation(terms, sign < 0 ? neg(lastTerm) : lastTerm);
    if (!a) return fail('an ellipsis whose pattern is not clear from the terms around it is not read');
    let count: number;
    if (typeof a.last === 'number') count = a.last;
    else {
      if (this.ctx.dimension === undefined) return fail(`a sum abbreviated with an ellipsis up to ${a.last} is ${NEEDS_DIMENSION}`);
      count = this.ctx.dimension;
    }
    if (count > 100 || (this.shared.sumTerms += count) > MAX_SUM_TERMS) return fail(`a sum of ${count} terms is too large to expand`);
    let node: MathNode | null = null;
    for (const t of terms.slice(0, a.before)) node = node ? add(node, t) : t;
    for (let k = 1; k <= count; k++) {
      const t = patternAt(a, k);
      node = node ? add(node, t) : t;
    }
    return node!;
  }

  /**
   * A column vector abbreviated with \vdots (`\begin{pmatrix} 2x_1 \\ 2x_2 \\ \vdots \\ 2x_n \end{pmatrix}`):
   * its entry at the free component, the pattern the rows follow. Written-out columns and matrices are not read.
   */
  parseColumn(beginIdx: number): MathNode {
    const m = this.br.match[beginIdx]!;
    if (m < beginIdx) return fail(`\\begin{${this.toks[beginIdx]!.value}} without \\end`);
    this.pos = m + 1;
    let from = beginIdx + 1;
    if (this.toks[beginIdx]!.value === 'array' && isChar(this.toks[from], '{')) from = Math.max(from, this.br.match[from]! + 1);
    const rows = this.splitTop(from, m, (t) => isCmd(t, '\\') || isCmd(t, 'newline') || isCmd(t, 'cr')).filter(([a, b]) => this.nextIndex(a) < b);
    const written = `matrix notation is not supported: a matrix or vector ${WRITTEN_OUT} is not read (only a column whose rows \\vdots abbreviates)`;
    if (rows.some(([a, b]) => this.findTop(a, b, (t) => isChar(t, '&')) >= 0)) return fail(written);
    const dots = rows.findIndex(([a, b]) => { const j = this.nextIndex(a); return isEllipsis(this.toks[j]) && this.nextIndex(j + 1) >= b; });
    if (dots < 1 || dots !== rows.length - 2) return fail(written);
    const items = rows.slice(0, dots).map(([a, b]) => this.within(a, this.trimPunctuation(a, b), () => this.parseExpression()));
    const [la, lb] = rows[rows.length - 1]!;
    const last = this.within(la, this.trimPunctuation(la, lb), () => this.parseExpression());
    const a = abbreviation(items, last);
    if (!a || a.before > 0) return fail('a column whose pattern is not clear from its rows is not read');
    if (typeof a.last === 'number') return fail('a column with a fixed number of rows is not read as a vector of the document\'s dimension');
    if (this.ctx.dimension === undefined) return fail(`a column vector is ${NEEDS_DIMENSION}`);
    return patternAt(a, this.comp);
  }

  /**
   * Functions of a whole vector that the document does not define, by the formula their name
   * means: softmax(\mathbf{z}) is the vector with entry q equal to e^{z_q} / Σ_m e^{z_m}, and
   * logsumexp(\mathbf{z}) (LSE) is log Σ_m e^{z_m}. Null for any other name.
   */
  vectorFunction(fn: string, args: MathNode[]): MathNode | null {
    const kind = /^(softmax|logsumexp|lse)$/i.exec(fn)?.[1]?.toLowerCase();
    if (!kind || args.length !== 1 || this.ctx.isDocumentFunction?.(fn)) return null;
    // Without a dimension it stays a call (a function GradLens cannot evaluate); the document analysis
    // reads a document applying it to a bold vector again with n instantiated (VECTOR_FUNCTION there).
    if (this.ctx.dimension === undefined) return null;
    const a = args[0]!;
    const entryAt = (m: number | string): MathNode => {
      if (a.type === 'SymbolNode' && !hasIndex(a, this.comp)) return sym(`${(a as math.SymbolNode).name}_${m}`);
      if (!hasIndex(a, this.comp)) return fail(`${fn} of a number is not read`);
      return typeof m === 'number' ? substituteIndex(a.cloneDeep(), this.comp, m) : a.cloneDeep();
    };
    const d = this.expansion(0);
    this.expansion(d);
    let total: MathNode | null = null;
    for (let m = 1; m <= d; m++) { const t = call('exp', entryAt(m)); total = total ? add(total, t) : t; }
    return kind === 'softmax' ? div(call('exp', entryAt(this.comp)), total!) : call('log', total!);
  }

  /** `σ(\mathbf z)_i`, `\exp(\mathbf{a})_k`: entry i of an entrywise function of a vector (the `_` is next). */
  entryOfValue(node: MathNode): MathNode {
    if (this.ctx.dimension === undefined) return fail(`an entry of a function of a vector (σ(z)_i) is ${NEEDS_DIMENSION}`);
    if (!hasIndex(node, this.comp)) return fail('a subscript on an expression is not supported');
    this.pos++;
    const r = this.scriptRange(this.pos);
    const sub = this.toks.slice(r.from, r.to).filter((x) => !this.isSkippable(x));
    if (sub.length !== 1 || !(sub[0]!.kind === 'num' || (sub[0]!.kind === 'letter' && /^[a-z]$/.test(sub[0]!.value)))) return fail('a subscript on an expression is not supported');
    this.pos = r.next;
    return sub[0]!.kind === 'num' ? substituteIndex(node, this.comp, Number(sub[0]!.value)) : renameIndex(node, this.comp, sub[0]!.value);
  }

  // ---- calculus and big operators ----

  /** `\frac{N}{D}`: a derivative when N and D start with d or ∂, otherwise a quotient. */
  parseFrac(): MathNode {
    const n = this.scriptRange(this.pos);
    const d = this.scriptRange(n.next);
    this.pos = d.next;
    const deriv = this.tryDerivativeFraction(n, d);
    if (deriv) return deriv;
    return div(this.within(n.from, n.to, () => this.parseExpression()), this.within(d.from, d.to, () => this.parseExpression()));
  }

  /** The d or ∂ that opens a derivative numerator or denominator, with its order (`∂^2`). */
  differential(i: number, to: number): { kind: 'd' | 'partial'; order: number; next: number } | null {
    const j = this.nextIndex(i);
    if (j >= to) return null;
    const t = this.toks[j]!;
    let kind: 'd' | 'partial';
    if (isCmd(t, 'partial')) kind = 'partial';
    else if ((t.kind === 'letter' && t.value === 'd') || (t.kind === 'text' && (t.arg ?? '').trim() === 'd')) kind = 'd';
    else return null;
    let k = j + 1;
    let order = 1;
    const s = this.nextIndex(k);
    if (s < to && isChar(this.toks[s], '^')) {
      const r = this.scriptRange(s + 1);
      const o = this.toks.slice(r.from, r.to).filter((x) => !this.isSkippable(x));
      if (o.length !== 1 || o[0]!.kind !== 'num') return null;
      order = Number(o[0]!.value);
      k = r.next;
    } else if (kind === 'd' && s < to && isChar(this.toks[s], '_')) {
      return null; // d_1 is a variable
    }
    return { kind, order, next: k };
  }

  tryDerivativeFraction(n: Range, d: Range): MathNode | null {
    const top = this.differential(n.from, n.to);
    if (!top) return null;
    const items = this.withEnd(d.to, () => this.denominatorItems(d, top.kind));
    if (!items || items.length === 0) return null;
    const total = items.reduce((s, it) => s + it.order, 0);
    // ∂ℓ/∂σ² with a first-order numerator: the derivative with respect to the variance σ² as one
    // variable (how likelihoods are written), not a second derivative by σ.
    if (top.order === 1 && items.length === 1 && items[0]!.order === 2 && this.squareOfName(items[0]!)) {
      const it = items[0]!;
      const wrt = pow(this.within(it.from, it.to, () => this.parseExpression()), num(2));
      const body = this.nextIndex(top.next) < n.to ? this.within(top.next, n.to, () => this.parseExpression()) : this.startsOperand() ? this.operatorOperand() : fail('a derivative operator needs an expression after it');
      return derivative(body, wrt, 1);
    }
    if (total !== top.order) return fail(`derivative orders do not match: ${top.order} above, ${total} below`);
    const hasBody = this.nextIndex(top.next) < n.to;
    const wrts = items.map((it) => ({ node: this.within(it.from, it.to, () => this.parseExpression()), order: it.order }));
    let body: MathNode;
    if (hasBody) body = this.within(top.next, n.to, () => this.parseExpression());
    else {
      if (!this.startsOperand()) return fail('a derivative operator needs an expression after it');
      body = this.operatorOperand();
    }
    const estimate = wrts.length === 1 ? this.atEstimate(body, wrts[0]!.node, wrts[0]!.order) : null;
    if (estimate) return estimate;
    for (let k = wrts.length - 1; k >= 0; k--) body = derivative(body, wrts[k]!.node, wrts[k]!.order);
    return body;
  }

  /**
   * `\frac{d^2 LL(\hat\lambda)}{d\lambda^2}`: a derivative by λ of a function written at an estimate of
   * λ (λ̂, λ̄, λ*, λ̃) is the derivative at that estimate, as likelihood derivations write the check
   * of a maximum: at(LL''(λ), λ, λ̂).
   */
  atEstimate(body: MathNode, wrt: MathNode, order: number): MathNode | null {
    if (body.type !== 'FunctionNode' || wrt.type !== 'SymbolNode') return null;
    const f = body as math.FunctionNode;
    const w = (wrt as math.SymbolNode).name;
    if (f.args.length !== 1 || f.args[0]!.type !== 'SymbolNode' || PARSER_FUNCTIONS.has(f.fn.name)) return null;
    const a = (f.args[0] as math.SymbolNode).name;
    if (!new RegExp(`^${w}_(hat|bar|star|tilde)$`).test(a)) return null;
    return at(derivative(call(f.fn.name, sym(w)), sym(w), order), w, sym(a));
  }

  /** Whether a denominator item of order 2 was written as a name squared (`\partial \sigma^2`), not `\partial x^2` after `\partial^2`. */
  squareOfName(it: { from: number; to: number }): boolean {
    const toks = this.toks.slice(it.from, it.to).filter((x) => !this.isSkippable(x));
    return toks.length >= 1 && toks.every((x) => x.kind === 'letter' || x.kind === 'cmd' || isChar(x, '_') || isChar(x, '{') || isChar(x, '}') || x.kind === 'num') && !toks.some((x) => isChar(x, '^'));
  }

  withEnd<T>(end: number, fn: () => T): T {
    const saved = this.end;
    this.end = end;
    try {
      return fn();
    } finally {
      this.end = saved;
    }
  }

  /** `dx`, `dx^2`, `\partial x \partial y`, `\partial f[x, \phi]` → the variables and orders. */
  denominatorItems(d: Range, kind: 'd' | 'partial'): { from: number; to: number; order: number }[] | null {
    const items: { from: number; to: number; order: number }[] = [];
    let i = d.from;
    while (this.nextIndex(i) < d.to) {
      const m = this.differential(i, d.to);
      if (!m || m.kind !== kind) return null;
      let order = m.order;
      let from = m.next;
      let to: number;
      if (kind === 'd') {
        const name = this.readName(from);
        if (!name) return null;
        to = name.next;
      } else {
        to = this.findTop(from, d.to, (t) => isCmd(t, 'partial'));
        if (to < 0) to = d.to;
      }
      from = this.nextIndex(from);
      if (from >= to) return null;
      // A trailing ^k is the order (dx^2, \partial x^2), not a power of the variable.
      let e = to;
      while (e > from && this.isSkippable(this.toks[e - 1]!)) e--;
      const last = this.toks[e - 1]!;
      if (e - 2 > from && isChar(this.toks[e - 2], '^') && last.kind === 'num') {
        order *= Number(last.value);
        e -= 2;
      }
      if (kind === 'd' && isChar(this.tokAt(to), '^')) {
        const r = this.scriptRange(this.nextIndex(to) + 1);
        const o = this.toks.slice(r.from, r.to).filter((x) => !this.isSkippable(x));
        if (o.length === 1 && o[0]!.kind === 'num') {
          order = Number(o[0]!.value);
          to = r.next;
        }
      }
      const braced = this.bracedOrder(from, e);
      if (braced) {
        order *= braced.order;
        e = braced.end;
      }
      items.push({ from, to: e, order });
      i = to;
    }
    return items;
  }

  /** `x^{2}` at the end of a denominator item: the order in braces. */
  bracedOrder(from: number, e: number): { order: number; end: number } | null {
    const close = e - 1;
    if (!isChar(this.toks[close], '}')) return null;
    const open = this.br.match[close]!;
    if (open <= from || !isChar(this.toks[open - 1], '^')) return null;
    const inner = this.toks.slice(open + 1, close).filter((x) => !this.isSkippable(x));
    if (inner.length !== 1 || inner[0]!.kind !== 'num') return null;
    return { order: Number(inner[0]!.value), end: open - 1 };
  }

  /** `dy/dx` and `d/dx (…)` written inline with a slash. */
  tryDifferentialSlash(): MathNode | null {
    const i = this.pos;
    const slashAt = (k: number) => isChar(this.tokAt(k), '/');
    const dAt = (k: number) => {
      const t = this.tokAt(k);
      return t !== undefined && ((t.kind === 'letter' && t.value === 'd') || (t.kind === 'text' && (t.arg ?? '').trim() === 'd'));
    };
    try {
      if (slashAt(i + 1) && dAt(this.nextIndex(i + 1) + 1)) {
        const wrt = this.readName(this.nextIndex(this.nextIndex(i + 1) + 1) + 1);
        if (!wrt) return null;
        this.pos = wrt.next;
        if (!this.startsOperand()) return fail('a derivative operator needs an expression after it');
        return derivative(this.operatorOperand(), sym(this.variable(wrt.parts)));
      }
      const body = this.readName(i + 1);
      if (!body || body.primes > 0) return null;
      const s = this.nextIndex(body.next);
      if (!slashAt(s) || !dAt(this.nextIndex(s + 1))) return null;
      const wrt = this.readName(this.nextIndex(s + 1) + 1);
      if (!wrt) return null;
      this.pos = wrt.next;
      const name = renderName(body.parts);
      const f = functionName(name, this.ctx);
      const b = f ? sym(name) : sym(this.variable(body.parts));
      return derivative(b, sym(this.variable(wrt.parts)));
    } catch (e) {
      if (e instanceof LatexError) {
        this.pos = i;
        return null;
      }
      throw e;
    }
  }

  /** `\partial \ell/\partial z`, `\partial_z L`, `\partial^2 f/\partial x^2` (the ∂ is consumed). */
  parsePartial(): MathNode {
    if (isChar(this.peek(), '_')) {
      this.pos++;
      const r = this.scriptRange(this.pos);
      this.pos = r.next;
      const wrt = this.within(r.from, r.to, () => this.parseExpression());
      return derivative(this.parseFactor(), wrt);
    }
    let order = 1;
    if (isChar(this.peek(), '^')) {
      this.pos++;
      const r = this.scriptRange(this.pos);
      this.pos = r.next;
      const o = this.toks.slice(r.from, r.to).filter((x) => !this.isSkippable(x));
      if (o.length !== 1 || o[0]!.kind !== 'num') return fail('unsupported order on ∂');
      order = Number(o[0]!.value);
    }
    const body = this.parseAtomNoPostfixPowers();
    if (!isChar(this.peek(), '/')) return fail('∂ needs a denominator, as in \\partial L/\\partial z');
    this.pos++;
    if (!isCmd(this.peek(), 'partial')) return fail('∂ needs a denominator, as in \\partial L/\\partial z');
    this.pos++;
    let wrt = this.parseAtomNoPostfixPowers();
    if (order > 1 && isChar(this.peek(), '^')) {
      this.pos++;
      const r = this.scriptRange(this.pos);
      this.pos = r.next;
    } else if (order === 1) {
      wrt = this.parsePostfix(wrt);
    }
    return derivative(body, wrt, order);
  }

  /** An atom with its primes and evaluation bars but without a power (used around ∂ and /). */
  parseAtomNoPostfixPowers(): MathNode {
    return this.nest(() => this.parseAtom());
  }

  /** `\nabla_z L` → derivative(L, z). */
  parseNabla(): MathNode {
    if (!isChar(this.peek(), '_')) {
      // ∇f, ∇(\mathbf{x}^T\mathbf{x}): the gradient by the vector the operand is written in, entry by entry.
      if (this.ctx.dimension === undefined) return fail(`∇ without a subscript is ${NEEDS_DIMENSION}`);
      if (!this.startsOperand()) return fail('∇ needs an expression after it');
      const saved = this.shared.vectors;
      this.shared.vectors = new Map();
      try {
        const body = this.parseFactor();
        return derivative(body, this.gradientVariable(body, this.shared.vectors));
      } finally {
        for (const [k, v] of this.shared.vectors) saved.set(k, v);
        this.shared.vectors = saved;
      }
    }
    this.pos++;
    const r = this.scriptRange(this.pos);
    this.pos = r.next;
    const wrt = this.within(r.from, r.to, () => this.parseExpression());
    if (!this.startsOperand()) return fail('∇ needs an expression after it');
    return derivative(this.parseFactor(), wrt);
  }

  /** `\lim_{z \to a} expr` → limit(expr, z, a); the body runs to the end of the member. */
  parseLimit(): MathNode {
    if (!isChar(this.peek(), '_')) return fail('a limit needs a subscript, as in \\lim_{z \\to \\infty}');
    this.pos++;
    const r = this.scriptRange(this.pos);
    this.pos = r.next;
    const { variable, target } = this.within(r.from, r.to, () => {
      const name = this.readName(this.pos);
      if (!name) return fail('a limit needs a variable, as in \\lim_{z \\to \\infty}');
      this.pos = name.next;
      const arrow = this.peek();
      if (!arrow || !(isCmd(arrow, 'to') || isCmd(arrow, 'rightarrow') || isCmd(arrow, 'longrightarrow'))) {
        return fail('a limit needs an arrow, as in \\lim_{z \\to \\infty}');
      }
      this.pos++;
      // A one-sided limit (0^+) is read as the two-sided one.
      let end = this.end;
      const last = this.lastIndex({ from: this.pos, to: end, next: end });
      if (last - 1 >= this.pos && isChar(this.toks[last - 1], '^') && (isChar(this.toks[last], '+') || isChar(this.toks[last], '-'))) end = last - 1;
      else if (isChar(this.toks[last], '}') && this.br.match[last]! > this.pos && isChar(this.toks[this.br.match[last]! - 1], '^')) {
        const inner = this.toks.slice(this.br.match[last]! + 1, last).filter((x) => !this.isSkippable(x));
        if (inner.length === 1 && (isChar(inner[0], '+') || isChar(inner[0], '-'))) end = this.br.match[last]! - 1;
      }
      const tgt = this.withEnd(end, () => {
        const node = this.parseExpression();
        const rest = this.peek();
        if (rest) this.unexpected(rest);
        return node;
      });
      this.pos = this.end;
      return { variable: this.variable(name.parts), target: foldNumber(tgt) };
    });
    if (!this.startsOperand()) return fail('a limit needs an expression after it');
    return limit(this.parseExpression(), variable, target);
  }

  /** `\sum_{j=1}^{3} body` expanded; symbolic bounds are an error. The body is one term. */
  parseBigOperator(kind: 'sum' | 'prod'): MathNode {
    let lower: Range | null = null;
    let upper: Range | null = null;
    for (let k = 0; k < 2; k++) {
      const t = this.peek();
      if (isChar(t, '_') && !lower) {
        this.pos++;
        lower = this.scriptRange(this.pos);
        this.pos = lower.next;
      } else if (isChar(t, '^') && !upper) {
        this.pos++;
        upper = this.scriptRange(this.pos);
        this.pos = upper.next;
      }
    }
    const what = kind === 'sum' ? 'sum' : 'product';
    // The dimension is asked for only when the range needs it (the analysis reuses parses that never ask).
    const d = !lower || !upper || !this.numericRange(lower, upper) ? this.ctx.dimension : undefined;
    if (d !== undefined) return this.expandOverDimension(kind, lower, upper, d);
    if (!lower || !upper) return fail(`${what} with symbolic bounds is not supported`);
    const bounds = this.within(lower.from, lower.to, () => {
      const name = this.readName(this.pos);
      if (!name) return null;
      this.pos = name.next;
      if (!isChar(this.peek(), '=')) return null;
      this.pos++;
      const lo = this.take();
      if (lo.kind !== 'num' || !/^\d+$/.test(lo.value)) return null;
      return { index: this.variable(name.parts), lo: Number(lo.value) };
    });
    const hiToks = this.toks.slice(upper.from, upper.to).filter((x) => !this.isSkippable(x));
    if (!bounds || hiToks.length !== 1 || hiToks[0]!.kind !== 'num' || !/^\d+$/.test(hiToks[0]!.value)) {
      return fail(`${what} with symbolic bounds is not supported`);
    }
    const hi = Number(hiToks[0]!.value);
    const count = hi - bounds.lo + 1;
    if (count < 0 || count > 100 || (this.shared.sumTerms += Math.max(count, 0)) > MAX_SUM_TERMS) {
      return fail(`${what} with ${count} terms is too large to expand`);
    }
    if (!this.startsOperand()) return fail(`a ${what} needs an expression after it`);
    const body = this.parseTerm();
    let node: MathNode | null = null;
    for (let v = bounds.lo; v <= hi; v++) {
      const term = substituteIndex(body.cloneDeep(), bounds.index, v);
      node = node === null ? term : kind === 'sum' ? add(node, term) : mul(node, term);
    }
    return node ?? num(kind === 'sum' ? 0 : 1);
  }

  /** Whether `_{i=1}^{3}` has a numeric lower and upper bound. */
  numericRange(lower: Range, upper: Range): boolean {
    const lo = this.toks.slice(lower.from, lower.to).filter((x) => !this.isSkippable(x));
    const hi = this.toks.slice(upper.from, upper.to).filter((x) => !this.isSkippable(x));
    return hi.length === 1 && hi[0]!.kind === 'num' && lo.length >= 3 && isChar(lo[lo.length - 2], '=') && lo[lo.length - 1]!.kind === 'num';
  }

  /**
   * A sum or product over a symbolic range, expanded with d terms: `\sum_{i=1}^{n}` (also `^{N}`,
   * `^{n-1}` from 0), `\sum_k` and `\sum_{k}^{K}`, and `\sum x_i` whose index is the body's only
   * one-letter subscript. Index conditions (`\sum_{k \neq i}`) and other bounds stay unsupported.
   */
  expandOverDimension(kind: 'sum' | 'prod', lower: Range | null, upper: Range | null, d: number): MathNode {
    const what = kind === 'sum' ? 'sum' : 'product';
    const unsupported = () => fail(`${what} with symbolic bounds is not supported`);
    let index: string | null = null;
    let lo = 1;
    let except: string | null = null;
    if (lower) {
      const read = this.within(lower.from, lower.to, () => {
        const r = this.readName(this.pos);
        if (!r) { this.pos = this.end; return null; }
        this.pos = r.next;
        let from = 1;
        let except: string | null = null;
        if (isChar(this.peek(), '=')) {
          this.pos++;
          const t = this.take();
          if (t.kind !== 'num' || !/^[01]$/.test(t.value)) { this.pos = this.end; return null; }
          from = Number(t.value);
        } else if (isCmd(this.peek(), 'neq') || isCmd(this.peek(), 'ne')) {
          // \sum_{k \neq i}: every k but the index i, read as the sum over all k of (1 − δ_ki) times the term.
          this.pos++;
          const o = this.readName(this.pos);
          if (!o || o.primes > 0 || o.parts.subscripts.length > 0 || o.parts.decorations.length > 0 || !/^[a-z]$/.test(o.parts.base)) { this.pos = this.end; return null; }
          this.pos = o.next;
          except = o.parts.base;
        }
        if (this.peek()) { this.pos = this.end; return null; } // another index condition or a set
        return { name: this.variable(r.parts), from, except };
      });
      if (!read) return unsupported();
      index = read.name;
      lo = read.from;
      except = read.except;
    }
    let count = d;
    if (upper) {
      const hs = this.toks.slice(upper.from, upper.to).filter((x) => !this.isSkippable(x));
      const nameLike = (t: Token | undefined) => !!t && (t.kind === 'letter' || (t.kind === 'cmd' && t.value === 'ell'));
      if (hs.length === 1 && nameLike(hs[0])) count = lo === 0 ? d + 1 : d; // i = 0 … n has n + 1 terms
      else if (hs.length === 3 && nameLike(hs[0]) && isChar(hs[1], '-') && hs[2]!.kind === 'num' && hs[2]!.value === '1' && lo === 0) count = d;
      else return unsupported();
    }
    if (!this.startsOperand()) return fail(`a ${what} needs an expression after it`);
    const body = this.parseTerm();
    if (!index) {
      const letters = new Set<string>();
      body.traverse((n: MathNode) => {
        if (n.type !== 'SymbolNode') return;
        const parts = (n as math.SymbolNode).name.split('_');
        if (parts.length === 2 && /^[a-z]$/.test(parts[1]!)) letters.add(parts[1]!);
      });
      if (letters.size !== 1) return unsupported();
      index = [...letters][0]!;
    }
    if ((this.shared.sumTerms += count) > MAX_SUM_TERMS) return fail(`${what} with ${count} terms is too large to expand`);
    let node: MathNode | null = null;
    for (let v = lo; v < lo + count; v++) {
      let term = substituteIndex(body.cloneDeep(), index, v);
      if (except !== null) term = kind === 'sum' ? mul(sub(num(1), sym(`delta_${v}${except}`)), term) : pow(term, sub(num(1), sym(`delta_${v}${except}`)));
      node = node === null ? term : kind === 'sum' ? add(node, term) : mul(node, term);
    }
    return node ?? num(kind === 'sum' ? 0 : 1);
  }

  /** `\mathbb{1}[x > 0]` and friends; other blackboard letters are sets or operators we reject. */
  parseBlackboard(): MathNode {
    this.pos++;
    const r = this.scriptRange(this.pos);
    this.pos = r.next;
    const inner = this.toks.slice(r.from, r.to).filter((x) => !this.isSkippable(x)).map((x) => x.value).join('');
    if (inner === '1' || inner === 'I') return this.parseIndicator();
    if (inner === 'E') return fail('expectations are not supported');
    if (inner === 'P') return fail('probabilities are not supported');
    return fail(`blackboard-bold sets (\\mathbb{${inner}}) are not supported`);
  }

  /** After an indicator symbol: `_{cond}`, `[cond]`, `(cond)` or `\{cond\}` → cond ? 1 : 0. */
  parseIndicator(): MathNode {
    const t = this.peek();
    let from: number;
    let to: number;
    if (isChar(t, '_')) {
      this.pos++;
      const r = this.scriptRange(this.pos);
      from = r.from;
      to = r.to;
      this.pos = r.next;
    } else if (t && (isChar(t, '[') || isChar(t, '(') || isCmd(t, '{') || t.kind === 'left')) {
      const i = this.pos;
      const m = this.groupEnd(i);
      from = i + 1;
      to = m;
      this.pos = m + 1;
    } else {
      return fail('an indicator needs a condition, as in \\mathbb{1}[x > 0]');
    }
    const c = this.parseCondition(from, to);
    if (!c) return fail('an indicator needs a condition, as in \\mathbb{1}[x > 0]');
    return cond(c, num(1), num(0));
  }

  parseSqrt(): MathNode {
    let index: MathNode | null = null;
    if (isChar(this.peek(), '[')) {
      const i = this.pos;
      const m = this.groupEnd(i);
      index = this.within(i + 1, m, () => this.parseExpression());
      this.pos = m + 1;
    }
    const r = this.scriptRange(this.pos);
    this.pos = r.next;
    const x = this.within(r.from, r.to, () => this.parseExpression());
    if (!index) return call('sqrt', x);
    const k = index.type === 'ConstantNode' ? (index as math.ConstantNode).value : null;
    if (k === 2) return call('sqrt', x);
    if (k === 3) return call('cbrt', x);
    return pow(x, div(num(1), index));
  }

  /** `\max(a, b)`, `\max\{a, b\}`, `\min\left(…\right)`. */
  parseMaxMin(fn: 'max' | 'min'): MathNode {
    if (isChar(this.peek(), '_')) return fail(`\\${fn} over an index set is not supported`);
    const t = this.peek();
    if (!t || !(this.opensArguments(this.pos) || isCmd(t, '{') || (t.kind === 'left' && t.value === '{'))) {
      return fail(`\\${fn} needs its arguments in brackets, as in \\${fn}(0, x)`);
    }
    const args = this.parseArguments();
    if (args.length < 2) return fail(`\\${fn} of a single argument (a maximum over a vector) is not supported`);
    return this.finishCall(fn, args, null);
  }
}

