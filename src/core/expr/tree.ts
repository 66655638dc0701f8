/**
 * The expression tree shared by every part of GradLens is mathjs's node tree. This module parses
 * mathjs text into it, checks a tree against the closed vocabulary, and offers the few tree
 * helpers everyone needs (free variables, substitution, constructors).
 */
import type { MathNode } from 'mathjs';
import type * as math from 'mathjs';
import { mathjs } from './mathjs.js';
import { exceed, spend } from '../budget.js';
import { CONSTANTS, FUNCTIONS, OPERATORS, RESERVED_NAMES, VARIABLE_NAME, isConstantName, isKnownFunction } from './vocabulary.js';

export type { MathNode };

/** A problem with an expression, carrying a message fit to show a user. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
}

/** Longest mathjs text we parse: beyond this a formula is almost surely not one a person wrote. */
export const MAX_EXPRESSION_LENGTH = 20_000;
/** Deepest tree we accept: recursion in every pass below is bounded by this. */
export const MAX_DEPTH = 200;

/**
 * Largest tree compiled for evaluation. A formula a person writes, with its definitions substituted,
 * is a few hundred nodes (every verdict on the seeds, fixtures and examples is the same with a limit of 300); a check evaluates it
 * at hundreds of points, in float64 and sometimes in 50 digits, so a tree grown by substitution or
 * differentiation past this would cost seconds per claim: it is unverified as too large instead.
 */
export const MAX_COMPILED_NODES = 20_000;

/** Throws BudgetExceeded('size') when a tree is too large to evaluate at every sample point. */
export function guardSize(node: MathNode, max = MAX_COMPILED_NODES): void {
  let n = 0;
  const count = (m: MathNode): void => {
    if (++n > max) throw exceed('size');
    switch (m.type) {
      case 'OperatorNode': for (const a of (m as math.OperatorNode).args) count(a); return;
      case 'FunctionNode': for (const a of (m as math.FunctionNode).args) count(a); return;
      case 'ParenthesisNode': count((m as math.ParenthesisNode).content); return;
      case 'ConditionalNode': { const c = m as math.ConditionalNode; count(c.condition); count(c.trueExpr); count(c.falseExpr); return; }
      default: return;
    }
  };
  count(node);
}

/** Parses mathjs text and validates it. Throws ExpressionError with a readable message. */
export function parseExpression(text: string): MathNode {
  if (typeof text !== 'string' || text.trim() === '') throw new ExpressionError('empty expression');
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(`expression is ${text.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}`);
  }
  let node: MathNode;
  try {
    node = mathjs.parse(text);
  } catch (e) {
    if (e instanceof RangeError) throw new ExpressionError(`expression is nested too deeply to read`);
    throw new ExpressionError(`cannot parse "${abbreviate(text)}": ${(e as Error).message}`);
  }
  // validate first: it bounds the depth before the recursive stripping walks the tree.
  validate(node);
  return stripParentheses(node);
}

/**
 * Checks that a tree uses only the vocabulary. Returns the same tree. Producers (LaTeX parser,
 * TypeScript translator) call this on what they build, so a bug there surfaces as a clear error.
 */
export function validate(root: MathNode): MathNode {
  const visit = (node: MathNode, depth: number): void => {
    if (depth > MAX_DEPTH) throw new ExpressionError(`expression is nested more than ${MAX_DEPTH} levels deep`);
    spend();
    switch (node.type) {
      case 'ConstantNode': {
        const v = (node as math.ConstantNode).value;
        if (typeof v !== 'number') throw new ExpressionError(`unsupported constant ${JSON.stringify(v)}`);
        return;
      }
      case 'SymbolNode': {
        const name = (node as math.SymbolNode).name;
        if (isConstantName(name)) return;
        if (!VARIABLE_NAME.test(name) || RESERVED_NAMES.has(name)) {
          throw new ExpressionError(isKnownFunction(name) ? `${name} is a function and needs an argument` : `"${name}" is not a valid variable name`);
        }
        return;
      }
      case 'OperatorNode': {
        const op = node as math.OperatorNode;
        if (!OPERATORS.has(op.fn)) throw new ExpressionError(`unsupported operator "${op.op}"`);
        for (const a of op.args) visit(a, depth + 1);
        return;
      }
      case 'FunctionNode': {
        const f = node as math.FunctionNode;
        const name = f.fn.name;
        const spec = FUNCTIONS[name];
        if (!spec || !isKnownFunction(name)) throw new ExpressionError(`unknown function "${name}"`);
        if (f.args.length < spec.minArgs || f.args.length > spec.maxArgs) {
          const want = spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
          throw new ExpressionError(`${name} takes ${want} argument${spec.maxArgs === 1 ? '' : 's'}, got ${f.args.length}`);
        }
        for (const a of f.args) visit(a, depth + 1);
        return;
      }
      case 'ConditionalNode': {
        const c = node as math.ConditionalNode;
        visit(c.condition, depth + 1);
        visit(c.trueExpr, depth + 1);
        visit(c.falseExpr, depth + 1);
        return;
      }
      case 'ParenthesisNode':
        visit((node as math.ParenthesisNode).content, depth + 1);
        return;
      default:
        throw new ExpressionError(`unsupported syntax (${node.type})`);
    }
  };
  visit(root, 0);
  return root;
}

/** Removes ParenthesisNodes: they carry no meaning once the tree is built. */
export function stripParentheses(node: MathNode): MathNode {
  return node.transform((n: MathNode) => (n.type === 'ParenthesisNode' ? stripParentheses((n as math.ParenthesisNode).content) : n));
}

/** Free variables of a tree, in first-appearance order. Constants (pi, e) are not variables. */
export function freeVariables(node: MathNode): string[] {
  const seen = new Set<string>();
  node.traverse((n: MathNode, _path: string, parent: MathNode | null) => {
    if (n.type !== 'SymbolNode') return;
    // The function name of a FunctionNode is itself a SymbolNode child; skip it.
    if (parent && parent.type === 'FunctionNode' && (parent as math.FunctionNode).fn === n) return;
    const name = (n as math.SymbolNode).name;
    if (!isConstantName(name)) seen.add(name);
  });
  return [...seen];
}

/** Replaces variables by trees. */
export function substitute(node: MathNode, bindings: ReadonlyMap<string, MathNode> | Record<string, MathNode>): MathNode {
  const get = bindings instanceof Map ? (k: string) => bindings.get(k) : (k: string) => (bindings as Record<string, MathNode>)[k];
  return node.transform((n: MathNode, _path: string, parent: MathNode | null) => {
    spend();
    if (n.type !== 'SymbolNode') return n;
    if (parent && parent.type === 'FunctionNode' && (parent as math.FunctionNode).fn === n) return n;
    const b = get((n as math.SymbolNode).name);
    return b ? b.cloneDeep() : n;
  });
}

// Small constructors, so that rule tables read like math.
export const num = (v: number): MathNode => new mathjs.ConstantNode(v);
export const sym = (name: string): MathNode => new mathjs.SymbolNode(name);
export const call = (name: string, ...args: MathNode[]): MathNode => new mathjs.FunctionNode(new mathjs.SymbolNode(name), args);
export const op = (o: string, fnName: string, ...args: MathNode[]): MathNode => new mathjs.OperatorNode(o as never, fnName as never, args);
export const add = (a: MathNode, b: MathNode) => op('+', 'add', a, b);
export const sub = (a: MathNode, b: MathNode) => op('-', 'subtract', a, b);
export const mul = (a: MathNode, b: MathNode) => op('*', 'multiply', a, b);
export const div = (a: MathNode, b: MathNode) => op('/', 'divide', a, b);
export const pow = (a: MathNode, b: MathNode) => op('^', 'pow', a, b);
export const neg = (a: MathNode) => op('-', 'unaryMinus', a);
export const cond = (c: MathNode, t: MathNode, f: MathNode): MathNode => new mathjs.ConditionalNode(c, t, f);

export function isConstant(node: MathNode, value?: number): boolean {
  return node.type === 'ConstantNode' && (value === undefined || (node as math.ConstantNode).value === value);
}

/**
 * A compact, unambiguous key for a tree, for caches keyed by formula (and the size tests that
 * keep huge code-derived trees out of the checks): mathjs's toString works out precedence and
 * parentheses for every node, which costs more than many of the checks it keys. Trees are never
 * changed in place, so a key is remembered per node; `rename` maps variables to positional names.
 */
export function treeKey(node: MathNode, rename?: ReadonlyMap<string, string>): string {
  return keyOf(node, 0, rename);
}

const keys = new WeakMap<MathNode, string>();
/** Past this depth a tree is keyed by its text (no recursion without bound on trees built from loops). */
const KEY_DEPTH = 500;

function keyOf(node: MathNode, depth: number, rename: ReadonlyMap<string, string> | undefined): string {
  const hit = rename ? undefined : keys.get(node);
  if (hit !== undefined) return hit;
  const list = (args: readonly MathNode[]) => args.map((a) => keyOf(a, depth + 1, rename)).join(',');
  let out: string;
  if (depth > KEY_DEPTH) out = node.toString();
  else {
    switch (node.type) {
      case 'ConstantNode': out = String((node as math.ConstantNode).value); break;
      case 'SymbolNode': { const name = (node as math.SymbolNode).name; out = rename?.get(name) ?? name; break; }
      case 'ParenthesisNode': out = keyOf((node as math.ParenthesisNode).content, depth + 1, rename); break;
      case 'OperatorNode': out = `${(node as math.OperatorNode).fn}(${list((node as math.OperatorNode).args)})`; break;
      case 'FunctionNode': out = `${(node as math.FunctionNode).fn.name}[${list((node as math.FunctionNode).args)}]`; break;
      case 'ConditionalNode': { const c = node as math.ConditionalNode; out = `?(${list([c.condition, c.trueExpr, c.falseExpr])})`; break; }
      default: out = node.toString();
    }
  }
  if (!rename) keys.set(node, out);
  return out;
}

/** mathjs text of a tree, without redundant parentheses. */
export function toText(node: MathNode): string {
  return node.toString({ parenthesis: 'auto', implicit: 'hide' });
}

export function abbreviate(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
