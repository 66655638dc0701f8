/**
 * Builds vocabulary trees for the translator while enforcing its limits: every node built counts
 * against a budget, and depth and tree size are tracked as nodes are made, so a loop that doubles
 * an expression or a 10k-deep source expression stops with a message instead of exhausting memory
 * or stack later. Constant operands are folded so that loop bounds and indices become numbers.
 */
import type * as math from 'mathjs';
import { mathjs } from '../core/expr/mathjs.js';
import type { MathNode } from 'mathjs';
import { MAX_DEPTH } from '../core/expr/tree.js';

export class TranslationError extends Error {
  override readonly name = 'TranslationError';
}

export interface BuilderLimits {
  /** Nodes that may be constructed while translating one function. */
  constructions: number;
  /** Nodes one finished tree may have once shared subtrees are counted per use. */
  treeSize: number;
}

export const DEFAULT_LIMITS: BuilderLimits = { constructions: 200_000, treeSize: 20_000 };

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  smaller: (a, b) => a < b,
  larger: (a, b) => a > b,
  smallerEq: (a, b) => a <= b,
  largerEq: (a, b) => a >= b,
  equal: (a, b) => a === b,
  unequal: (a, b) => a !== b,
};
const ARITH: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  pow: (a, b) => a ** b,
};
const SYMBOL_OF: Record<string, string> = {
  add: '+', subtract: '-', multiply: '*', divide: '/', pow: '^',
  smaller: '<', larger: '>', smallerEq: '<=', largerEq: '>=', equal: '==', unequal: '!=', and: 'and', or: 'or',
};

/** Comparison and logic operators: trees whose value is a truth value. */
export const BOOLEAN_OPS: ReadonlySet<string> = new Set([...Object.keys(COMPARE), 'and', 'or', 'not']);

export function constValue(node: MathNode): number | null {
  return node.type === 'ConstantNode' && typeof (node as math.ConstantNode).value === 'number' ? ((node as math.ConstantNode).value as number) : null;
}

export function isBooleanNode(node: MathNode): boolean {
  return node.type === 'OperatorNode' && BOOLEAN_OPS.has((node as math.OperatorNode).fn);
}

export class Builder {
  private made = 0;
  private readonly depth = new WeakMap<MathNode, number>();
  private readonly size = new WeakMap<MathNode, number>();

  constructor(readonly limits: BuilderLimits = DEFAULT_LIMITS) {}

  num(v: number): MathNode {
    return this.track(new mathjs.ConstantNode(v), []);
  }

  sym(name: string): MathNode {
    return this.track(new mathjs.SymbolNode(name), []);
  }

  call(name: string, ...args: MathNode[]): MathNode {
    return this.track(new mathjs.FunctionNode(new mathjs.SymbolNode(name), args), args);
  }

  binary(fn: string, a: MathNode, b: MathNode): MathNode {
    const x = constValue(a);
    const y = constValue(b);
    if (x !== null && y !== null) {
      if (fn in ARITH) return this.num(ARITH[fn]!(x, y));
      if (fn in COMPARE) return this.num(COMPARE[fn]!(x, y) ? 1 : 0);
      if (fn === 'and') return this.num(x && y ? 1 : 0);
      if (fn === 'or') return this.num(x || y ? 1 : 0);
    }
    // x + 0 and x * 1 come from accumulators (`let s = 0; s += …`); dropping them changes no value.
    if (fn === 'add' && x === 0) return b;
    if ((fn === 'add' || fn === 'subtract') && y === 0) return a;
    if (fn === 'multiply' && x === 1) return b;
    if ((fn === 'multiply' || fn === 'divide') && y === 1) return a;
    // A known-false/true side decides and/or without looking at the other side.
    if (fn === 'and' && (x === 0 || y === 0)) return this.num(0);
    if (fn === 'or' && ((x !== null && x !== 0) || (y !== null && y !== 0))) return this.num(1);
    const symbol = SYMBOL_OF[fn];
    if (!symbol) throw new TranslationError(`internal: unknown operator ${fn}`);
    return this.track(new mathjs.OperatorNode(symbol as never, fn as never, [a, b]), [a, b]);
  }

  neg(a: MathNode): MathNode {
    const x = constValue(a);
    if (x !== null) return this.num(-x);
    return this.track(new mathjs.OperatorNode('-', 'unaryMinus', [a]), [a]);
  }

  not(a: MathNode): MathNode {
    const x = constValue(a);
    if (x !== null) return this.num(x ? 0 : 1);
    return this.track(new mathjs.OperatorNode('not', 'not', [a]), [a]);
  }

  cond(c: MathNode, t: MathNode, f: MathNode): MathNode {
    const x = constValue(c);
    if (x !== null) return x && !Number.isNaN(x) ? t : f;
    if (t === f) return t;
    return this.track(new mathjs.ConditionalNode(c, t, f), [c, t, f]);
  }

  /** Tree depth, from the cache for nodes made here, counted (bounded) for foreign ones. */
  depthOf(node: MathNode): number {
    const known = this.depth.get(node);
    if (known !== undefined) return known;
    let d = 1;
    for (const c of childrenOf(node)) d = Math.max(d, this.depthOf(c) + 1);
    if (d > MAX_DEPTH) throw new TranslationError(`expression too deeply nested (more than ${MAX_DEPTH} levels)`);
    this.depth.set(node, d);
    this.size.set(node, 1 + childrenOf(node).reduce((s, c) => s + this.sizeOf(c), 0));
    return d;
  }

  sizeOf(node: MathNode): number {
    if (!this.size.has(node)) this.depthOf(node);
    return this.size.get(node) ?? 1;
  }

  private track(node: MathNode, children: MathNode[]): MathNode {
    if (++this.made > this.limits.constructions) {
      throw new TranslationError(`translation exceeds the budget of ${this.limits.constructions} expression nodes`);
    }
    let d = 1;
    let s = 1;
    for (const c of children) {
      d = Math.max(d, this.depthOf(c) + 1);
      s += this.sizeOf(c);
    }
    if (d > MAX_DEPTH) throw new TranslationError(`expression too deeply nested (more than ${MAX_DEPTH} levels)`);
    if (s > this.limits.treeSize) throw new TranslationError(`expression grows beyond ${this.limits.treeSize} nodes`);
    this.depth.set(node, d);
    this.size.set(node, s);
    return node;
  }
}

function childrenOf(node: MathNode): MathNode[] {
  switch (node.type) {
    case 'OperatorNode': return (node as math.OperatorNode).args;
    case 'FunctionNode': return (node as math.FunctionNode).args;
    case 'ConditionalNode': {
      const c = node as math.ConditionalNode;
      return [c.condition, c.trueExpr, c.falseExpr];
    }
    case 'ParenthesisNode': return [(node as math.ParenthesisNode).content];
    default: return [];
  }
}
