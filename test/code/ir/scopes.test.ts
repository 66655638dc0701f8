// Outer scopes on the code model (src/code/ir/scopes.ts) answer every query the TypeScript-tree
// version (src/code/outer-scope.ts) answers, the same way: run both over every code fixture (and
// the development corpus cache when it is on this machine; never the held-out one) for every
// identifier of the file, read at every function, declaration, statement, object literal and
// class, and over snippets written for the
// cases that differ in shape (UMD wrappers, shadowing, namespaces, classes in functions, imports).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type * as T from 'typescript';
import { IrScopes, type IrOuterDecl } from '../../../src/code/ir/scopes.js';
import type { Node } from '../../../src/code/ir/types.js';
import { lowerTs } from '../../../src/code/lang/ts/lower.js';
import { OuterScopes, type OuterDecl } from '../../../src/code/outer-scope.js';
import { parseSource } from '../../../src/code/source.js';
import { ts } from '../../../src/code/ts.js';

function codeFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...codeFiles(p));
    else if (/\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(n)) out.push(p);
  }
  return out;
}

/** Both answers in one comparable form: the kind and the IR id of what was found. */
function viaTs(d: OuterDecl | null, irOf: Map<T.Node, Node>): string {
  if (!d) return 'none';
  switch (d.kind) {
    case 'function': return `function#${irOf.get(d.node)?.id}`;
    case 'var': return `var#${irOf.get(d.decl)?.id}:${d.isConst}`;
    case 'class': return `class#${irOf.get(d.node)?.id}`;
    case 'import': return `import:${d.from}`;
    case 'param': return `param#${d.node ? irOf.get(d.node)?.id : '?'}:${d.owner}`;
  }
}

function viaIr(d: IrOuterDecl | null): string {
  if (!d) return 'none';
  switch (d.kind) {
    case 'function': return `function#${d.fn.id}`;
    case 'var': return `var#${d.decl.id}:${d.isConst}`;
    case 'class': return `class#${d.cls.id}`;
    case 'import': return `import:${d.from}`;
    case 'param': return `param#${d.param.id}:${d.owner}`;
  }
}

const ANCHOR_KINDS = (n: T.Node) => ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n)
  || ts.isVariableDeclaration(n) || ts.isExpressionStatement(n) || ts.isObjectLiteralExpression(n) || ts.isClassLike(n) || ts.isReturnStatement(n);

/** Compares every (name, anchor) query; returns how many were asked and how many found a declaration. */
function compare(path: string, text: string): { queries: number; found: number } {
  const sf = parseSource(path, text).sf;
  if (!sf) return { queries: 0, found: 0 };
  const { module, irOf } = lowerTs(sf);
  const outer = new OuterScopes(sf);
  const scopes = new IrScopes(module);
  const names = new Set<string>();
  const anchors: T.Node[] = [];
  const stack: T.Node[] = [sf];
  while (stack.length > 0) {
    const n = stack.pop()!;
    // `this` is an identifier only as a TS `this:` parameter annotation; code reads it as a keyword, never by name.
    if (ts.isIdentifier(n) && n.text !== 'this') names.add(n.text);
    if (ANCHOR_KINDS(n) && irOf.has(n)) anchors.push(n);
    n.forEachChild((c) => {
      stack.push(c);
    });
  }
  let queries = 0;
  let found = 0;
  for (const anchor of anchors) {
    const id = irOf.get(anchor)!.id;
    assert.ok(scopes.knows(id), `${path}: the walk missed ${ts.SyntaxKind[anchor.kind]} at ${anchor.getStart(sf)}`);
    for (const name of names) {
      const want = viaTs(outer.resolve(name, anchor), irOf);
      const got = viaIr(scopes.resolve(name, id));
      queries++;
      if (want !== 'none') found++;
      if (want !== got) assert.fail(`${path}: ${name} read at ${ts.SyntaxKind[anchor.kind]} (offset ${anchor.getStart(sf)}): TS ${want}, IR ${got}`);
    }
  }
  for (const name of names) assert.equal(scopes.isReassigned(name), outer.isReassigned(name), `${path}: isReassigned(${name})`);
  assert.equal(scopes.resolve('anything', 0), null, 'the module itself has no outside');
  return { queries, found };
}

test('every query over the code fixtures and the corpus cache gets the same answer', () => {
  const root = process.cwd();
  const cache = process.env['GRADLENS_CORPUS_DIR'] ?? join(root, '..', 'corpus-cache');
  const files = [...codeFiles(join(root, 'test', 'fixtures')), ...codeFiles(join(cache, 'code'))];
  let queries = 0;
  let found = 0;
  for (const f of files) {
    const r = compare(f, readFileSync(f, 'utf8'));
    queries += r.queries;
    found += r.found;
  }
  assert.ok(queries > 10_000 && found > 1_000, `${queries} queries, ${found} found: too few to mean anything`);
});

test('shapes written for the cases where the two trees differ in form', () => {
  // A UMD wrapper's parameters, a function expression's own name, shadowing in nested blocks,
  // overloads (only the one with a body), a class declared in a function, a namespace, each import
  // form, destructured parameters, a reassigned module `let`, switch cases as containers.
  const src = `
import def, * as ns from './a';
import { x as y, z } from "./b";
import eq = require('./c');
let counter = 0;
counter += 1;
const K = 2;
function over(a: number): number;
function over(a: any) { return a; }
(function (global, { depth, opts: [first, ...others] }) {
  const inner = function named(n) { return n ? named(n - 1) : K; };
  function user(v) {
    { const K = 3; const read = () => K + global + depth + first + others; }
    class Local { m() { return Local; } }
    switch (v) { case 1: { let s = 1; return s; } default: const t = 2; return t; }
  }
  return { inner, user, method() { return inner(1) + over(2) + counter + def + ns + y + z + eq; } };
})(this, {});
namespace Outer.Deep { export const d = 1; export function f() { return d; } }
const C = class Named { static make() { return Named; } };
`;
  const { queries, found } = compare('shapes.ts', src);
  assert.ok(queries > 500 && found > 100, `${queries} queries, ${found} found`);
});
