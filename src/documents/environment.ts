/**
 * Definitions in force at a point of a document, and resolution of parsed math into the core's
 * vocabulary. Definitions are kept as written and substituted when a claim is checked, so a later
 * ∂C/∂w with C = (a − t)² and a = wx + b differentiates through a, while ∂C/∂a keeps a whole.
 */
import { opaqueFunction, opaqueSymbol } from '../text/opaque.js';
import { isGreekName } from '../text/greek.js';
import type * as math from 'mathjs';
import { spend } from '../core/budget.js';
import { ExpressionError, differentiate, freeVariables, isKnownFunction, substitute, validate, type MathNode } from '../core/index.js';
import { call, num, pow, sym } from '../core/expr/tree.js';
import type { SourceRange } from '../latex/types.js';
import { applyKnownFunction } from './knownFunctions.js';
import { constantValue, limitValue } from './values.js';

/** Why a piece of math cannot be checked (shown to the user as the reason it is unverified). */
export class Unresolved extends Error {
  override readonly name = 'Unresolved';
}

export interface VariableDefinition {
  node: MathNode;
  range: SourceRange;
  /** `f(x, y) = z = x^2 − 2y^2`: z is defined together with a function of x and y, so those are its independent variables. */
  independent?: string[];
}

export interface FunctionDefinition {
  params: string[];
  /** Parameters written squared in the head (ℓ(μ, σ²)): an argument is their square, the body uses the root. */
  squared?: boolean[];
  body: MathNode;
  range: SourceRange;
}

const MAX_RESOLVE_DEPTH = 60;

/** The quantity an application of an undefined function stands for: one symbol per function name (text/opaque.ts). */
export const opaqueName = opaqueSymbol;

export class Environment {
  readonly variables = new Map<string, VariableDefinition>();
  readonly functions = new Map<string, FunctionDefinition>();
  /** Indexed families: p_i = e^{z_i}/Σ e^{z_j} defines p_1, p_2, … (stem → index letter and body). */
  readonly families = new Map<string, { index: string; node: MathNode; range: SourceRange }>();

  /**
   * Names whose latest definition could not be read (`h = <unreadable> = Σ`): using one makes a claim
   * unverified with the reason, never checked against an older definition or a later member.
   */
  readonly unreadable = new Map<string, { reason: string; text: string }>();

  /**
   * The reason when a tree holds a name whose definition could not be read, other than `except`:
   * such a name is an independent quantity, so a derivative through it with respect to anything
   * else is unknown (z = wᵀx unreadable: ∂L/∂z is checkable, ∂L/∂w is not).
   */
  unreadableIn(node: MathNode, except: string): string | null {
    for (const v of freeVariables(node)) {
      const name = opaqueFunction(v) ?? v;
      // p_k and p_1 are entries of a vector p defined by unreadable math (\mathbf{p} = softmax(\mathbf{z})).
      const stem = name.split('_')[0]!;
      const own = this.unreadable.get(name);
      // p_2 as an entry of a vector p given by unreadable math, unless that math lists the entries (p = (p_1, p_2)).
      const whole = own || this.variables.has(name) || stem === name ? undefined : this.unreadable.get(stem);
      const u = name === except ? undefined : own ?? (whole && !listsEntry(whole.text, name) ? whole : undefined);
      if (u && mentionsName(u.text, except)) return `${u.reason}, so how it changes with ${except} is unknown`;
      // p_1 with \mathbf{p} = softmax(\mathbf{z}) defined as a whole, differentiated by an entry z_1 of
      // what it depends on: the entry's own formula is not written, so its dependence is unknown.
      const exceptStem = except.split('_')[0]!;
      const def = stem !== name && !this.isDefinedVariable(name) ? this.variables.get(stem) : undefined;
      if (name !== except && def && exceptStem !== except && freeVariables(def.node).includes(exceptStem)) {
        return `${name} is an entry of ${stem}, which is defined only as a whole, so how it changes with ${except} is unknown`;
      }
    }
    return null;
  }

  /**
   * `name` stands for math that could not be read (`text`, as written). With `keepDefinition` false
   * the name also loses any older definition: a later definition shadows, even an unreadable one.
   */
  markUnreadable(name: string, reason: string, text: string, keepDefinition = false): void {
    if (!keepDefinition) {
      this.variables.delete(name);
      this.functions.delete(name);
    }
    this.unreadable.set(name, { reason, text });
  }

  /** Earlier definitions a later one shadows (y = model 1, then y = model 2), latest first. */
  readonly shadowed = new Map<string, (VariableDefinition | FunctionDefinition)[]>();

  /**
   * Runs `fn` with an earlier definition of `name` in force again, then restores the latest one:
   * to tell a claim about the earlier model from a wrong claim about the current one.
   */
  withEarlier<T>(name: string, earlier: VariableDefinition | FunctionDefinition, fn: () => T): T {
    if ('params' in earlier) {
      // f(\mathbf{w}) in one exercise, f(\mathbf{x}) in the next: the earlier function again.
      const now = this.functions.get(name);
      this.functions.set(name, earlier);
      try {
        return fn();
      } finally {
        if (now) this.functions.set(name, now);
        else this.functions.delete(name);
      }
    }
    const current = this.variables.get(name);
    this.variables.set(name, earlier);
    try {
      return fn();
    } finally {
      if (current) this.variables.set(name, current);
      else this.variables.delete(name);
    }
  }

  defineVariable(name: string, node: MathNode, range: SourceRange, independent?: string[]): void {
    const previous = this.variables.get(name);
    if (previous) this.shadowed.set(name, [previous, ...(this.shadowed.get(name) ?? [])].slice(0, 4));
    this.unreadable.delete(name);
    this.variables.set(name, { node, range, ...(independent?.length ? { independent } : {}) });
    const m = /^(.+)_([a-z])$/.exec(name);
    if (m && mentionsIndex(node, m[2]!)) this.families.set(m[1]!, { index: m[2]!, node, range });
  }

  /** A name with a definition in force, directly or through an indexed family. */
  isDefinedVariable(name: string): boolean {
    return this.variables.has(name) || this.fromFamily(name) !== undefined;
  }

  /** The definition of p_2 from the family p_i, if there is one. */
  private fromFamily(name: string): VariableDefinition | undefined {
    const m = /^(.+)_(\d+|[a-z])$/.exec(name);
    if (!m) return undefined;
    const fam = this.families.get(m[1]!);
    if (fam) return fam.index === m[2] ? undefined : { node: reindex(fam.node, fam.index, m[2]!), range: fam.range };
    // h_1 once indices are instantiated, with h_i = Σ_k e^{a_k} defined for a generic i (its body
    // does not depend on i): the same value for every index.
    if (!/^\d+$/.test(m[2]!)) return undefined;
    const generic = [...this.variables.keys()].filter((k) => k.startsWith(`${m[1]}_`) && /^[a-z]$/.test(k.slice(m[1]!.length + 1)));
    return generic.length === 1 ? this.variables.get(generic[0]!) : undefined;
  }

  /** The body of y_k(φ) reindexed to y_1, for a bare y_1 (its parameters stay free), or null. */
  private functionFamilyMember(name: string): MathNode | null {
    // y_1 once indices are numbers; q_i with q_k(u) defined: the same family under another index letter.
    const m = /^(.+)_(\d+|[a-z])$/.exec(name);
    if (!m) return null;
    const generic = [...this.functions.keys()].filter((k) => k.startsWith(`${m[1]}_`) && /^[a-z]$/.test(k.slice(m[1]!.length + 1)));
    if (generic.length !== 1) return null;
    const letter = generic[0]!.slice(m[1]!.length + 1);
    if (letter === m[2]) return null;
    return reindex(this.functions.get(generic[0]!)!.body, letter, m[2]!);
  }

  defineFunction(name: string, params: string[], body: MathNode, range: SourceRange, squared?: boolean[]): void {
    const previous = this.functions.get(name);
    if (previous) this.shadowed.set(name, [previous, ...(this.shadowed.get(name) ?? [])].slice(0, 4));
    this.unreadable.delete(name);
    this.functions.set(name, { params, body, range, ...(squared?.some(Boolean) ? { squared } : {}) });
  }

  isFunction(name: string): boolean {
    return this.functions.has(name);
  }

  /** Where the definitions a tree depends on are written (for "checked against …" notes). */
  dependencies(node: MathNode): { name: string; range: SourceRange }[] {
    const out = new Map<string, SourceRange>();
    const visit = (n: MathNode, depth: number) => {
      if (depth > 20) return;
      n.traverse((m: MathNode) => {
        if (m.type === 'SymbolNode') {
          const name = (m as math.SymbolNode).name;
          const d = this.variables.get(name);
          if (d && !out.has(name)) { out.set(name, d.range); visit(d.node, depth + 1); }
          const f = this.functions.get(name);
          if (f && !out.has(name)) { out.set(name, f.range); visit(f.body, depth + 1); }
        }
      });
    };
    visit(node, 0);
    return [...out].map(([name, range]) => ({ name, range }));
  }

  /**
   * The tree in the core's vocabulary: definitions substituted (except the variables in `keep`,
   * which stay independent), derivative forms differentiated, known functions expanded, and
   * applications of undefined functions replaced by one opaque symbol per function.
   */
  resolve(node: MathNode, keep: ReadonlySet<string> = new Set()): MathNode {
    const resolved = this.walk(node, keep, new Set(), 0);
    try {
      return validate(resolved);
    } catch (e) {
      throw new Unresolved((e as Error).message);
    }
  }

  /** `node` resolved as the body of a derivative (or a claimed derivative) with respect to `wrt`. */
  resolveDifferentiating(node: MathNode, wrt: string): MathNode {
    this.differentiating.push(wrt);
    try {
      return this.resolve(node, new Set([wrt]));
    } finally {
      this.differentiating.pop();
    }
  }

  private walk(n: MathNode, keep: ReadonlySet<string>, visiting: Set<string>, depth: number): MathNode {
    if (depth > MAX_RESOLVE_DEPTH) throw new Unresolved('definitions nest too deeply (a circular definition?)');
    spend(); // substituting definitions into definitions can grow a tree exponentially
    switch (n.type) {
      case 'ConstantNode':
        return n;
      case 'SymbolNode': {
        const name = (n as math.SymbolNode).name;
        if (keep.has(name) || visiting.has(name)) return n;
        const def = this.variables.get(name) ?? this.fromFamily(name);
        // ∂J/∂z with J(z) defined: the bare name stands for the function at its own parameters.
        // p(y|p), a density named like its own parameter (the binomial's p): the bare p is the parameter.
        const fn = def ? undefined : this.functions.get(name);
        if (fn && !fn.params.includes(name) && !visiting.has(`fn:${name}`)) return this.application(callOf(name, fn.params, fn.squared), this.holdingFixed(fn.params, keep), visiting, depth + 1);
        // y_1 once indices are instantiated, with y_k(φ) defined: entry 1 of the family at its own parameters.
        const member = def ? undefined : this.functionFamilyMember(name);
        if (member) return this.walk(member, keep, visiting, depth + 1);
        if (!def) return n;
        visiting.add(name);
        try { return this.walk(def.node, def.independent ? this.holdingFixed(def.independent, keep) : keep, visiting, depth + 1); } finally { visiting.delete(name); }
      }
      case 'FunctionNode':
        return this.application(n as math.FunctionNode, keep, visiting, depth);
      default:
        return n.map((c: MathNode) => this.walk(c, keep, visiting, depth + 1));
    }
  }

  private application(f: math.FunctionNode, keep: ReadonlySet<string>, visiting: Set<string>, depth: number): MathNode {
    const name = f.fn.name;
    const args = f.args;
    switch (name) {
      case 'derivative': return this.derivative(args[0]!, args[1]!, keep, visiting, depth);
      case 'at': {
        const v = variableOf(args[1]!);
        const value = this.walk(args[2]!, keep, visiting, depth + 1);
        const body = this.walk(args[0]!, new Set([...keep, v]), visiting, depth + 1);
        return substitute(body, new Map([[v, value]]));
      }
      case 'limit': {
        // e = \lim_{n→∞}(1 + 1/n)^n: a limit of an expression in its own variable only is a number.
        const v = variableOf(args[1]!);
        const body = this.walk(args[0]!, new Set([...keep, v]), visiting, depth + 1);
        const target = this.walk(args[2]!, keep, visiting, depth + 1);
        if (freeVariables(body).some((x) => x !== v) || freeVariables(target).length > 0) throw new Unresolved('a limit inside an expression is read only when it is a number (its body has no other variable)');
        const value = limitValue(body, v, constantValue(target));
        if (!Number.isFinite(value)) throw new Unresolved('the limit inside the expression does not settle to a finite number');
        return num(value);
      }
      default: break;
    }
    const def = this.functions.get(name);
    const rargs = args.map((a) => this.walk(a, keep, visiting, depth + 1));
    if (def && !visiting.has(`fn:${name}`)) {
      if (def.params.length !== rargs.length) throw new Unresolved(`${name} is defined with ${def.params.length} argument(s) but applied to ${rargs.length}`);
      const vector = vectorParameterMisused(def, args);
      if (vector) throw new Unresolved(`${name} is a function of the vector ${vector.param} (its body holds the entries ${vector.param}_1, ${vector.param}_2 …), and here it is applied to ${vector.arg}, which is not that vector`);
      visiting.add(`fn:${name}`);
      try {
        const body = this.walk(def.body, new Set([...keep, ...def.params]), visiting, depth + 1);
        return substitute(body, new Map(def.params.map((p, i) => [p, def.squared?.[i] ? call('sqrt', rargs[i]!) : rargs[i]!] as const)));
      } finally {
        visiting.delete(`fn:${name}`);
      }
    }
    const known = applyKnownFunction(name, rargs);
    if (known) return known;
    if (isKnownFunction(name)) throw new Unresolved(`${name} is applied to ${rargs.length} argument(s)`);
    // The document never defines it: one opaque quantity, whatever the arguments — unless the
    // arguments vary with a variable being differentiated, when its derivative would be unknown.
    const varying = rargs.flatMap((a) => freeVariables(a)).find((v) => keep.has(v) && !this.constantCount(name, v));
    if (varying) throw new Unresolved(`${name} is not defined, so how it changes with ${varying} is unknown`);
    return sym(opaqueName(name));
  }

  /**
   * A factorial or binomial coefficient of a count (x!, \binom{n}{x}) is constant in every other
   * variable: in ∂/∂λ of a Poisson log-likelihood, log x! is a constant even though x is a parameter
   * of p(x, λ). Only the variable being differentiated makes it unknown (counts are discrete).
   */
  private constantCount(fn: string, v: string): boolean {
    // Outside any derivative (an identity such as log p(y|p) = log \binom{n}{y} + …) it is one opaque value.
    return (fn === 'factorial' || fn === 'binom') && !this.differentiating.includes(v);
  }

  /**
   * A partial derivative of a function of several variables by one of them holds the others fixed:
   * ∂f/∂x with f(x, y) = x^2 − 2y^2 is 2x even where an earlier example defined y = ln(x^2 + 1). The
   * function's own parameters name its independent variables, so an older definition of y is not
   * substituted (it would turn the partial derivative into a total one). Differentiating by anything
   * else (∂L/∂z with L(ŷ) and ŷ = σ(z)) still goes through the definitions: that is the chain rule.
   */
  private holdingFixed(params: readonly string[], keep: ReadonlySet<string>): ReadonlySet<string> {
    const w = this.differentiating[this.differentiating.length - 1];
    return w !== undefined && params.length > 1 && params.includes(w) ? new Set([...keep, ...params]) : keep;
  }

  /** The variables of the derivatives being resolved, innermost last. */
  private readonly differentiating: string[] = [];

  private derivative(body: MathNode, wrt: MathNode, keep: ReadonlySet<string>, visiting: Set<string>, depth: number): MathNode {
    if (!this.isVariableLike(wrt)) return this.derivativeByExpression(body, wrt, keep, visiting, depth);
    const w = this.wrtName(wrt);
    this.differentiating.push(w);
    try {
      return this.derivativeBy(body, w, keep, visiting, depth);
    } finally {
      this.differentiating.pop();
    }
  }

  private derivativeBy(body: MathNode, w: string, keep: ReadonlySet<string>, visiting: Set<string>, depth: number): MathNode {
    const inner = new Set([...keep, w]);
    const undefinedQuantity = this.undefinedQuantity(body, w);
    if (undefinedQuantity) throw new Unresolved(undefinedQuantity);
    const resolved = this.walk(body, inner, visiting, depth + 1);
    const unreadable = this.unreadableIn(resolved, w);
    if (unreadable) throw new Unresolved(unreadable);
    let d: MathNode;
    try {
      d = differentiate(validate(resolved), w);
    } catch (e) {
      throw new Unresolved(e instanceof ExpressionError ? e.message : String(e));
    }
    // ∂L/∂o is a function of o; inside a larger claim o is a defined quantity again (o = σ(h)).
    return keep.has(w) ? d : this.walk(d, keep, visiting, depth + 1);
  }

  private isVariableLike(wrt: MathNode): boolean {
    try { this.wrtName(wrt); return true; } catch { return false; }
  }

  /**
   * ∂σ(u)/∂u with u an expression (chain-rule notation): u is replaced by a fresh variable wherever
   * it occurs in the body, the body differentiated by it, and u put back.
   */
  private derivativeByExpression(body: MathNode, wrt: MathNode, keep: ReadonlySet<string>, visiting: Set<string>, depth: number): MathNode {
    const u = this.walk(wrt, keep, visiting, depth + 1);
    const b = this.walk(body, keep, visiting, depth + 1);
    const key = u.toString();
    const t = 'wrt_expression';
    const replaced = b.transform((n: MathNode) => (n.toString() === key ? sym(t) : n));
    const leftover = freeVariables(replaced).filter((v) => freeVariables(u).includes(v));
    if (leftover.length > 0 || !freeVariables(replaced).includes(t)) {
      throw new Unresolved('the derivative is taken with respect to an expression that does not appear as a whole in what is differentiated');
    }
    try {
      return substitute(differentiate(validate(replaced), t), new Map([[t, u]]));
    } catch (e) {
      throw new Unresolved(e instanceof ExpressionError ? e.message : String(e));
    }
  }

  /** The symbol a derivative is taken with respect to. */
  wrtName(wrt: MathNode): string {
    if (wrt.type === 'SymbolNode') return (wrt as math.SymbolNode).name;
    if (wrt.type === 'FunctionNode') {
      const name = (wrt as math.FunctionNode).fn.name;
      if (!this.functions.has(name) && !applyKnownFunction(name, (wrt as math.FunctionNode).args)) return opaqueName(name);
    }
    throw new Unresolved('the derivative is taken with respect to an expression, not a variable');
  }

  /** A reason when the body is a quantity the document never defines (∂L/∂z with no L). */
  undefinedQuantity(body: MathNode, w: string): string | null {
    if (body.type === 'SymbolNode' || body.type === 'FunctionNode') {
      const name = body.type === 'SymbolNode' ? (body as math.SymbolNode).name : (body as math.FunctionNode).fn.name;
      const unreadable = this.unreadable.get(name);
      if (unreadable !== undefined && !this.variables.has(name) && !this.functions.has(name)) return unreadable.reason;
    }
    if (body.type === 'SymbolNode') {
      const name = (body as math.SymbolNode).name;
      if (name !== w && !this.variables.has(name) && !this.functions.has(name) && !this.fromFamily(name) && !this.functionFamilyMember(name)) return `${name} is not defined before this claim`;
    }
    if (body.type === 'FunctionNode') {
      const f = body as math.FunctionNode;
      const name = f.fn.name;
      if (!['derivative', 'at'].includes(name) && !this.functions.has(name) && !applyKnownFunction(name, f.args)) {
        return `${name} is not defined before this claim`;
      }
    }
    return null;
  }
}



/** Does LaTeX source write this entry itself (p_2 or p_{2} in `(p_1, p_2, p_3)`)? */
function listsEntry(text: string, name: string): boolean {
  const [base, ...rest] = name.split('_');
  const idx = rest.join('');
  if (!base || !idx) return false;
  return new RegExp(`(?<![A-Za-z])${base}_\\{?\\s*${idx}\\s*\\}?`).test(text.replace(/\\mathbf\{(\w)\}/g, '$1'));
}

/** Does LaTeX source mention the variable (its base letter or Greek name as a token: `w` in `\mathbf{w}^T x`)? */
function mentionsName(text: string, name: string): boolean {
  const base = name.split('_')[0]!;
  if (!base) return true;
  const pattern = isGreekName(base.toLowerCase()) && !base.toLowerCase().startsWith('var') ? `\\\\${base}(?![A-Za-z])` : `(?<![A-Za-z\\\\])${base}(?![A-Za-z])`;
  return new RegExp(pattern).test(text);
}

/** Does the body use the index letter as a subscript (z_i, x_ij) or on its own? */
function mentionsIndex(node: MathNode, index: string): boolean {
  return freeVariables(node).some((v) => v === index || v.split('_').slice(1).some((part) => part === index));
}

/** Renames an index: z_i → z_2 (or z_k), i → 2. */
function reindex(node: MathNode, index: string, value: string): MathNode {
  return node.transform((n: MathNode, _p: string, parent: MathNode | null) => {
    if (n.type !== 'SymbolNode') return n;
    if (parent && parent.type === 'FunctionNode' && (parent as math.FunctionNode).fn === n) return n;
    const name = (n as math.SymbolNode).name;
    if (name === index) return /^\d+$/.test(value) ? num(Number(value)) : sym(value);
    const parts = name.split('_');
    if (parts.length < 2 || !parts.slice(1).includes(index)) return n;
    return sym([parts[0], ...parts.slice(1).map((q) => (q === index ? value : q))].join('_'));
  });
}

function callOf(name: string, params: string[], squared?: boolean[]): math.FunctionNode {
  return call(name, ...params.map((p, i) => (squared?.[i] ? pow(sym(p), num(2)) : sym(p)))) as math.FunctionNode;
}

function variableOf(n: MathNode): string {
  if (n.type === 'SymbolNode') return (n as math.SymbolNode).name;
  throw new Unresolved('evaluation at a point needs a variable');
}

/**
 * Vector notation read componentwise (latex/vectors.ts): f(\mathbf{w}) = (1 − \mathbf{w}^T\mathbf{x})²
 * is a function of the whole vector w, its body written in the entries w_1 … w_n. Applied to the
 * vector itself it is that body; applied to anything else (f(−x), a scalar, another vector) the
 * substitution could not reach the entries, so the value is unknown.
 */
function vectorParameterMisused(def: FunctionDefinition, args: readonly MathNode[]): { param: string; arg: string } | null {
  const free = freeVariables(def.body);
  for (let i = 0; i < def.params.length; i++) {
    const p = def.params[i]!;
    if (free.includes(p) || !free.some((v) => v.startsWith(`${p}_`) && /^\d+$/.test(v.slice(p.length + 1)))) continue;
    const a = args[i]!;
    if (a.type === 'SymbolNode' && (a as math.SymbolNode).name === p) continue;
    return { param: p, arg: a.toString() };
  }
  return null;
}
