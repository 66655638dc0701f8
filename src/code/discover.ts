/**
 * Finds the functions of a file that are worth translating, with the names people use for them:
 * declarations, functions bound to variables, class and object-literal methods, assignments such
 * as `Foo.prototype.backward = function …` or `exports.relu = …`, functions handed to a
 * constructor (`new Activation(f, df)`) and TensorFlow.js `tf.customGrad` definitions.
 *
 * It also records groups — the members of one object, class or constructor call — because pairing
 * reads `{ f, df }` or `forward`/`backward` from them. The walk is iterative, so a deeply nested
 * file cannot overflow the stack here.
 */
import type * as T from 'typescript';
import { ts } from './ts.js';
import { skipOuter } from './interpreter.js';
import type { FunctionLike } from './values.js';
import { valueParameters } from './params.js';

export type SiteOwner =
  | { kind: 'none' }
  | { kind: 'class'; cls: T.ClassLikeDeclaration; isStatic: boolean }
  /** A method put on `Ctor.prototype`; `this` is built from the constructor function's body. */
  | { kind: 'prototype'; ctorName: string; anchor: T.Node }
  | { kind: 'object'; literal: T.ObjectLiteralExpression }
  | { kind: 'constructor-arg'; newExpr: T.NewExpression; index: number }
  /** One of two functions handed to one call side by side (`applyfn(a, f, df)`). */
  | { kind: 'call-arg'; call: T.CallExpression; index: number }
  | { kind: 'custom-grad'; call: T.CallExpression };

export interface FunctionSite {
  name: string;
  qualifiedName: string;
  /** The qualified name of what holds the function ('' at module level). */
  container: string;
  node: FunctionLike;
  nameNode: T.Node;
  /** The node whose leading JSDoc describes the function and whose start begins its range. */
  host: T.Node;
  owner: SiteOwner;
}

export interface GroupMember {
  key: string;
  site?: FunctionSite;
  /** `{ f: sigmoid }` or `{ sigmoid }`: the name of a function defined elsewhere in the file. */
  refName?: string;
}

export interface SiteGroup {
  kind: 'object' | 'class' | 'constructor' | 'call';
  label: string;
  members: GroupMember[];
}

export interface Discovery {
  sites: FunctionSite[];
  groups: SiteGroup[];
}

interface Item {
  node: T.Node;
  prefix: string[];
}

export function discover(sf: T.SourceFile): Discovery {
  const sites: FunctionSite[] = [];
  const groups = new Map<string, SiteGroup>();
  const stack: Item[] = [{ node: sf, prefix: [] }];

  const group = (kind: SiteGroup['kind'], label: string): SiteGroup => {
    const key = `${kind}:${label}`;
    let g = groups.get(key);
    if (!g) {
      g = { kind, label, members: [] };
      groups.set(key, g);
    }
    return g;
  };

  const addSite = (name: string, prefix: string[], node: FunctionLike, nameNode: T.Node, host: T.Node, owner: SiteOwner): FunctionSite => {
    const container = prefix.join('.');
    const site: FunctionSite = { name, qualifiedName: container ? `${container}.${name}` : name, container, node, nameNode, host, owner };
    sites.push(site);
    return site;
  };

  const pushChildren = (node: T.Node, prefix: string[]) => {
    const kids: T.Node[] = [];
    node.forEachChild((c) => {
      kids.push(c);
    });
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, prefix });
  };

  const handleObject = (lit: T.ObjectLiteralExpression, prefix: string[], owner: SiteOwner | null) => {
    const g = group(owner?.kind === 'prototype' ? 'class' : 'object', prefix.join('.'));
    for (const p of lit.properties) {
      const key = p.name && propertyName(p.name);
      if (key === null || key === undefined) continue;
      if (ts.isMethodDeclaration(p) && p.body) {
        g.members.push({ key, site: addSite(key, prefix, p, p.name, p, owner ?? { kind: 'object', literal: lit }) });
      } else if (ts.isPropertyAssignment(p)) {
        const init = skipOuter(p.initializer);
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) {
          g.members.push({ key, site: addSite(key, prefix, init, p.name, p, owner ?? { kind: 'object', literal: lit }) });
        } else if (ts.isIdentifier(init)) {
          g.members.push({ key, refName: init.text });
        } else if (ts.isObjectLiteralExpression(init)) {
          handleObject(init, [...prefix, key], null);
        } else {
          handleValue(init, prefix, key, p, p.name);
        }
      } else if (ts.isShorthandPropertyAssignment(p)) {
        g.members.push({ key, refName: p.name.text });
      }
    }
  };

  const handleClass = (cls: T.ClassLikeDeclaration, prefix: string[]) => {
    const g = group('class', prefix.join('.'));
    for (const m of cls.members) {
      if (ts.isConstructorDeclaration(m) && m.body) {
        // `constructor() { function f(x) {…} function fPrime(x) {…} super(f, fPrime); }`: helpers
        // defined in a constructor are the layer's functions, named as such.
        for (const st of m.body.statements) {
          if (ts.isFunctionDeclaration(st) && st.name && st.body) addSite(st.name.text, prefix, st, st.name, st, { kind: 'none' });
        }
        continue;
      }
      const key = m.name && propertyName(m.name);
      if (key === null || key === undefined) continue;
      const isStatic = (ts.canHaveModifiers(m) ? ts.getModifiers(m) ?? [] : []).some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
      const owner: SiteOwner = { kind: 'class', cls, isStatic };
      if (ts.isMethodDeclaration(m) && m.body) {
        g.members.push({ key, site: addSite(key, prefix, m, m.name!, m, owner) });
      } else if (ts.isPropertyDeclaration(m) && m.initializer) {
        const init = skipOuter(m.initializer);
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) g.members.push({ key, site: addSite(key, prefix, init, m.name, m, owner) });
      }
    }
  };

  const handleNew = (expr: T.NewExpression, binding: string | null) => {
    const args = expr.arguments ?? [];
    const fnArgs = args.filter((a) => {
      const x = skipOuter(a);
      return ts.isArrowFunction(x) || ts.isFunctionExpression(x) || ts.isIdentifier(x);
    });
    if (fnArgs.length < 2) {
      pushChildren(expr, []);
      return;
    }
    const className = skipOuter(expr.expression).getText(sf);
    const firstString = args.find((a) => ts.isStringLiteral(a)) as T.StringLiteral | undefined;
    const label = binding ?? firstString?.text ?? className;
    const paramNames = constructorParamNames(sf, className);
    const g = group('constructor', label);
    args.forEach((a, index) => {
      const x = skipOuter(a);
      const key = paramNames[index] ?? `arg${index}`;
      if (ts.isArrowFunction(x) || ts.isFunctionExpression(x)) {
        g.members.push({ key, site: addSite(key, [label], x, x, a, { kind: 'constructor-arg', newExpr: expr, index }) });
      } else if (ts.isIdentifier(x)) {
        g.members.push({ key, refName: x.text });
      }
    });
  };

  /**
   * A call handing over two inline functions of one shape side by side, the function then its
   * derivative (`this.applyfn(a, z => …, z => …)`, `elementwise(m, f, fPrime)`): the way libraries
   * pass an activation with its derivative to an element-wise helper. Array and promise methods
   * take one callback each and are never read this way.
   */
  const handleCallPair = (call: T.CallExpression, prefixOf: () => string[]) => {
    const callee = skipOuter(call.expression);
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
    if (!method || NOT_PAIRS.has(method)) return;
    const fns = call.arguments.map((a, index) => ({ x: skipOuter(a), index })).filter(({ x }) => ts.isArrowFunction(x) || ts.isFunctionExpression(x)) as { x: T.ArrowFunction | T.FunctionExpression; index: number }[];
    if (fns.length !== 2 || fns[1]!.index !== fns[0]!.index + 1) return;
    const [f, df] = fns as [typeof fns[0], typeof fns[0]];
    if (valueParameters(f.x).length === 0 || valueParameters(f.x).length !== valueParameters(df.x).length) return;
    const label = [...prefixOf(), method].join('.');
    const g = group('call', `${label}@${call.getStart(sf)}`);
    g.members.push({ key: 'fn', site: addSite('fn', [label], f.x, f.x, call.arguments[f.index]!, { kind: 'call-arg', call, index: f.index }) });
    g.members.push({ key: 'derivative', site: addSite('derivative', [label], df.x, df.x, call.arguments[df.index]!, { kind: 'call-arg', call, index: df.index }) });
  };

  const handleValue = (expr: T.Expression, prefix: string[], name: string, host: T.Node, nameNode: T.Node) => {
    const e = skipOuter(expr);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) {
      addSite(name, prefix, e, nameNode, host, { kind: 'none' });
    } else if (ts.isObjectLiteralExpression(e)) {
      handleObject(e, [...prefix, name], null);
    } else if (ts.isClassExpression(e)) {
      handleClass(e, [...prefix, name]);
    } else if (ts.isNewExpression(e)) {
      handleNew(e, [...prefix, name].join('.'));
    } else if (ts.isCallExpression(e) && isCustomGrad(e)) {
      const fn = skipOuter(e.arguments[0]!) as FunctionLike;
      addSite(name, prefix, fn, nameNode, host, { kind: 'custom-grad', call: e });
    } else {
      stack.push({ node: e, prefix: [] });
    }
  };

  while (stack.length > 0) {
    const { node, prefix } = stack.pop()!;
    if (ts.isFunctionDeclaration(node)) {
      if (node.body) addSite(node.name?.text ?? 'default', prefix, node, node.name ?? node, node, { kind: 'none' });
      continue;
    }
    if (ts.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer) {
          const host = node.declarationList.declarations.length === 1 ? node : d;
          handleValue(d.initializer, prefix, d.name.text, host, d.name);
        } else if (d.initializer) {
          stack.push({ node: d.initializer, prefix: [] });
        }
      }
      continue;
    }
    if (ts.isClassDeclaration(node)) {
      handleClass(node, [...prefix, node.name?.text ?? 'default']);
      continue;
    }
    if (ts.isModuleDeclaration(node) && node.body && ts.isIdentifier(node.name)) {
      pushChildren(node.body, [...prefix, node.name.text]);
      continue;
    }
    if (ts.isExportAssignment(node)) {
      handleValue(node.expression, prefix, 'default', node, node);
      continue;
    }
    if (ts.isExpressionStatement(node) && ts.isBinaryExpression(node.expression) && node.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const { left, right } = node.expression;
      const raw = accessPath(left);
      if (raw) {
        const protoAt = raw.indexOf('prototype');
        const path = normalizePath(raw);
        const r = skipOuter(right);
        if (protoAt > 0) {
          const ctorName = raw[protoAt - 1]!;
          const owner: SiteOwner = { kind: 'prototype', ctorName, anchor: node };
          if (ts.isObjectLiteralExpression(r) && path.length === 1) {
            handleObject(r, path, owner);
            continue;
          }
          if ((ts.isArrowFunction(r) || ts.isFunctionExpression(r)) && path.length >= 2) {
            const site = addSite(path[path.length - 1]!, path.slice(0, -1), r, left, node, owner);
            group('class', path.slice(0, -1).join('.')).members.push({ key: site.name, site });
            continue;
          }
        }
        if (path.length === 0) {
          if (ts.isObjectLiteralExpression(r)) handleObject(r, [], null);
          else handleValue(r, [], (ts.isFunctionExpression(r) && r.name?.text) || 'default', node, left);
          continue;
        }
        if ((ts.isArrowFunction(r) || ts.isFunctionExpression(r)) && path.length >= 2) {
          const site = addSite(path[path.length - 1]!, path.slice(0, -1), r, left, node, { kind: 'none' });
          group('object', path.slice(0, -1).join('.')).members.push({ key: site.name, site });
          continue;
        }
        handleValue(r, path.slice(0, -1), path[path.length - 1]!, node, left);
        continue;
      }
    }
    if (ts.isNewExpression(node)) {
      handleNew(node, null);
      continue;
    }
    if (ts.isFunctionLike(node) && !isWrapperFunction(node)) continue;
    pushChildren(node, prefix);
  }
  // Pairs handed to one call can sit anywhere, inside methods and callbacks too.
  const all: T.Node[] = [sf];
  while (all.length > 0) {
    const n = all.pop()!;
    if (ts.isCallExpression(n) && n.arguments.length >= 2) handleCallPair(n, () => ownerPath(n));
    n.forEachChild((c) => {
      all.push(c);
    });
  }
  // Constructor functions of prototype classes hold state, not a numeric function.
  const ctors = new Set(sites.flatMap((s) => (s.owner.kind === 'prototype' ? [s.owner.ctorName] : [])));
  return { sites: sites.filter((s) => !(s.owner.kind === 'none' && s.container === '' && ctors.has(s.name))), groups: [...groups.values()] };
}

/**
 * A function that is not itself a site is descended into only when it wraps a module (an IIFE or
 * a UMD factory): other anonymous functions are callbacks whose inner helpers are closures.
 */
function isWrapperFunction(node: T.SignatureDeclaration): boolean {
  if (!ts.isFunctionExpression(node) && !ts.isArrowFunction(node)) return false;
  let p: T.Node = node.parent;
  while (ts.isParenthesizedExpression(p)) p = p.parent;
  return ts.isCallExpression(p) || ts.isNewExpression(p);
}

/** The names a reader would give the code around `n`: `activations.Elu`, `ops_cpu.recp`. */
function ownerPath(n: T.Node): string[] {
  const out: string[] = [];
  for (let p: T.Node | undefined = n.parent; p; p = p.parent) {
    const name = (ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isPropertyAssignment(p) || ts.isFunctionDeclaration(p) || ts.isClassLike(p) || ts.isVariableDeclaration(p)) && p.name && ts.isIdentifier(p.name) ? p.name.text : null;
    if (name && out[0] !== name) out.unshift(name);
  }
  return out;
}

/** Calls whose two function arguments are not a function and its derivative. */
const NOT_PAIRS = new Set(['then', 'catch', 'finally', 'addEventListener', 'on', 'once', 'setTimeout', 'setInterval', 'reduce', 'sort', 'map', 'forEach', 'filter', 'describe', 'it', 'test', 'subscribe', 'Promise', 'define', 'require']);

function isCustomGrad(e: T.CallExpression): boolean {
  const callee = skipOuter(e.expression);
  const fn = e.arguments[0] && skipOuter(e.arguments[0]);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'customGrad' && !!fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn));
}

function propertyName(name: T.PropertyName): string | null {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return null;
}

/** `a.b['c']` → ['a', 'b', 'c']; null for anything that is not a plain access chain. Iterative: chains can be long. */
function accessPath(e: T.Expression): string[] | null {
  const out: string[] = [];
  let x = skipOuter(e);
  for (;;) {
    if (ts.isIdentifier(x)) {
      out.push(x.text);
      break;
    }
    if (x.kind === ts.SyntaxKind.ThisKeyword) {
      out.push('this');
      break;
    }
    if (ts.isPropertyAccessExpression(x)) out.push(x.name.text);
    else if (ts.isElementAccessExpression(x) && ts.isStringLiteral(x.argumentExpression)) out.push(x.argumentExpression.text);
    else return null;
    x = skipOuter(x.expression);
  }
  return out.reverse();
}

/** Drops what does not name anything for a reader: `module.exports`, `exports`, `prototype`. */
function normalizePath(path: string[]): string[] {
  let p = path;
  if (p[0] === 'module' && p[1] === 'exports') p = p.slice(2);
  else if (p[0] === 'exports') p = p.slice(1);
  return p.filter((s) => s !== 'prototype');
}

function constructorParamNames(sf: T.SourceFile, className: string): string[] {
  for (const s of sf.statements) {
    if (ts.isClassDeclaration(s) && s.name?.text === className) {
      const ctor = s.members.find(ts.isConstructorDeclaration);
      return ctor ? ctor.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : '')) : [];
    }
  }
  return [];
}
