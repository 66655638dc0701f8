/**
 * Prints a vocabulary tree back as JavaScript, for suggestions a reader can paste into the code
 * (`Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)))`). Variables that stand for array elements
 * or properties (`z_0`, `V_w_1`) are printed with their tree names; the reader knows what they mean.
 */
import type * as math from 'mathjs';
import type { MathNode } from '../core/index.js';
import { toText } from '../core/index.js';

const MATH_FUNCTIONS = new Set([
  'exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'sqrt', 'cbrt', 'abs', 'sign', 'max', 'min', 'sin', 'cos', 'tan',
  'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh',
]);

const INFIX: Readonly<Record<string, [string, number]>> = {
  add: ['+', 1], subtract: ['-', 1], multiply: ['*', 2], divide: ['/', 2], pow: ['**', 4],
  smaller: ['<', 0], larger: ['>', 0], smallerEq: ['<=', 0], largerEq: ['>=', 0], equal: ['===', 0], unequal: ['!==', 0],
  and: ['&&', -1], or: ['||', -2],
};

/** JavaScript text of a tree; falls back to mathjs text for anything unexpected. */
export function jsText(node: MathNode): string {
  try {
    return print(node, 0);
  } catch {
    return toText(node);
  }
}

function print(n: MathNode, depth: number): string {
  if (depth > 200) throw new Error('too deep');
  switch (n.type) {
    case 'ConstantNode': {
      const v = (n as math.ConstantNode).value as unknown;
      return typeof v === 'number' ? (v < 0 ? `(${v})` : String(v)) : String(v);
    }
    case 'SymbolNode': {
      const name = (n as math.SymbolNode).name;
      return name === 'pi' ? 'Math.PI' : name === 'e' ? 'Math.E' : name;
    }
    case 'ParenthesisNode':
      return print((n as math.ParenthesisNode).content, depth + 1);
    case 'ConditionalNode': {
      const c = n as math.ConditionalNode;
      return `(${print(c.condition, depth + 1)} ? ${print(c.trueExpr, depth + 1)} : ${print(c.falseExpr, depth + 1)})`;
    }
    case 'FunctionNode': {
      const f = n as math.FunctionNode;
      const name = f.fn.name;
      const args = f.args.map((a) => print(a, depth + 1));
      if (MATH_FUNCTIONS.has(name)) return `Math.${name}(${args.join(', ')})`;
      if (name === 'sigmoid') return `1 / (1 + Math.exp(-${wrap(args[0]!)}))`;
      if (name === 'softplus') return `(Math.max(${args[0]}, 0) + Math.log1p(Math.exp(-Math.abs(${args[0]}))))`;
      if (name === 'relu') return `Math.max(${args[0]}, 0)`;
      return `${name}(${args.join(', ')})`;
    }
    case 'OperatorNode': {
      const o = n as math.OperatorNode;
      if (o.fn === 'unaryMinus') return `-${wrap(print(o.args[0]!, depth + 1))}`;
      if (o.fn === 'unaryPlus') return print(o.args[0]!, depth + 1);
      if (o.fn === 'not') return `!${wrap(print(o.args[0]!, depth + 1))}`;
      const spec = INFIX[o.fn];
      if (!spec) throw new Error(`operator ${o.fn}`);
      const [sym, prec] = spec;
      const parts = o.args.map((a, i) => {
        const text = print(a, depth + 1);
        const inner = precedence(a);
        // Parenthesise lower-precedence operands, and the right operand of - and / at equal precedence.
        const needs = inner < prec || (inner === prec && (i > 0 ? ['-', '/', '**'].includes(sym) : sym === '**'));
        return needs ? `(${text})` : text;
      });
      return parts.join(` ${sym} `);
    }
    default:
      throw new Error(n.type);
  }
}

function precedence(n: MathNode): number {
  if (n.type === 'ParenthesisNode') return precedence((n as math.ParenthesisNode).content);
  if (n.type === 'OperatorNode') {
    const o = n as math.OperatorNode;
    if (o.fn === 'unaryMinus' || o.fn === 'not') return 3;
    return INFIX[o.fn]?.[1] ?? 5;
  }
  if (n.type === 'ConditionalNode') return 10; // printed with its own parentheses
  if (n.type === 'ConstantNode' && typeof (n as math.ConstantNode).value === 'number' && ((n as math.ConstantNode).value as number) < 0) return 10;
  return 10;
}

function wrap(text: string): string {
  return /^[\w.$]+$/.test(text) || /^Math\.\w+\(.*\)$/.test(text) && balanced(text) ? text : `(${text})`;
}

function balanced(text: string): boolean {
  // `Math.f(a) + Math.g(b)` matches /^Math\.\w+\(.*\)$/ but is not one call.
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') { depth--; if (depth === 0 && i < text.length - 1) return false; }
  }
  return depth === 0;
}
