// TypeScript → code model lowering (src/code/lang/ts/lower.ts), before the interpreter runs on it:
// (a) every function of the code fixtures (and of the development corpus cache, when it is on this machine) lowers
// without a crash, its host span the one discovery picks; (b) what the interpreter refuses by syntax alone is an `unsupported` node carrying
// the interpreter's own message, in the function it reports, and nowhere makes a readable function
// unreadable (rule U); (c) the printed IR of hand-written snippets.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type * as T from 'typescript';
import { printExpr, printFunc, printStmts } from '../../../src/code/ir/print.js';
import type { Func, Node, Stmt } from '../../../src/code/ir/types.js';
import { lowerTs } from '../../../src/code/lang/ts/lower.js';
import { parseSource } from '../../../src/code/source.js';
import { translateSource } from '../../../src/code/translate.js';

const CODE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

function codeFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...codeFiles(p));
    else if (CODE.test(n)) out.push(p);
  }
  return out;
}

/** Messages the interpreter gives from syntax alone, whatever the values. */
const SYNTAX_REFUSAL = /^(unsupported (syntax|statement) \(\w+\)|try\/catch|for…in loop over object keys|asynchronous code \(await\/yield\)|expression too deeply nested \(more than 250 levels\))$/;

/** Every `unsupported` reason under a node, nested functions included. */
function reasons(root: unknown): string[] {
  const out: string[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o['kind'] === 'unsupported' && typeof o['reason'] === 'string') out.push(o['reason']);
      for (const [k, x] of Object.entries(o)) if (k !== 'span' && k !== 'nameSpan' && k !== 'hostSpan') stack.push(x);
    }
  }
  return out;
}

interface Checked { functions: number; refused: number }

/** Lowers one file, and checks (b) against what translation reports for each of its functions. */
function check(path: string, text: string): Checked {
  const t = translateSource(path, text);
  const sf = t.sites[0]?.node.getSourceFile() ?? parseSource(path, text).sf;
  if (!sf) return { functions: 0, refused: 0 };
  const { module, irOf } = lowerTs(sf);
  const all = reasons(module.body);
  for (const r of all) assert.match(r, SYNTAX_REFUSAL, `${path}: an unsupported reason the interpreter never gives: ${r}`);
  let functions = 0;
  let refused = 0;
  for (const f of t.functions) {
    const site = t.siteOf.get(f);
    if (!site) continue;
    const fn = irOf.get(site.node as T.Node) as Func | undefined;
    assert.ok(fn && fn.kind === 'function', `${path}: ${f.qualifiedName} was not lowered to a function`);
    // The span a finding starts at and whose doc describes the function: the one discovery picks.
    assert.deepEqual([fn.hostSpan.start, fn.hostSpan.end], [site.host.getStart(sf), site.host.end], `${path}: ${f.qualifiedName}'s host`);
    functions++;
    if (f.error && SYNTAX_REFUSAL.test(f.error)) {
      refused++;
      // A refusal met in a function it calls is that function's node; its own is in its own body.
      const own = reasons(fn);
      assert.ok(own.includes(f.error) || all.includes(f.error), `${path}: ${f.qualifiedName} is refused with "${f.error}" but its IR has no such node (has: ${own.join('; ') || 'none'})`);
    }
  }
  return { functions, refused };
}

test('(a) every function of the code fixtures, the e2e fixture and the development corpus cache lowers', () => {
  const root = process.cwd();
  const cache = process.env['GRADLENS_CORPUS_DIR'] ?? join(root, '..', 'corpus-cache');
  const files = [...codeFiles(join(root, 'test', 'fixtures')), ...codeFiles(join(root, 'examples')), ...codeFiles(join(cache, 'code'))];
  assert.ok(files.length >= 25, `only ${files.length} code files found`);
  let functions = 0;
  for (const f of files) functions += check(f, readFileSync(f, 'utf8')).functions;
  assert.ok(functions >= 100, `only ${functions} functions lowered`);
});

// Written the way code the interpreter refuses by its syntax is written in the wild.
const REFUSED = `
export function withTry(x: number): number { try { return Math.exp(x); } catch { return 0; } }
export function keysLoop(o: Record<string, number>): number { let s = 0; for (const k in o) s += o[k]; return s; }
export async function later(x: number) { return await Promise.resolve(x); }
export function localClass(x: number) { class Box { v = 1; } return x * 2; }
export function labelled(xs: number[]) { outer: for (const x of xs) { return x; } return 0; }
export function pattern(x: number) { return /a+/.test('aa') ? x : 0; }
export function deleting(o: { k?: number }, x: number) { delete o.k; return x; }
export function callsRefused(x: number) { return withTry(x) + 1; }
export function unreachedTry(x: number) { if (false) { try { x = 0; } catch { x = 1; } } return x * x; }
export function neverCalledGenerator(x: number) { const g = function* () { yield x; }; return x + 1; }
`;

test('(b) each syntax the interpreter refuses is an unsupported node with its exact message, where it stands', () => {
  const t = translateSource('refused.ts', REFUSED);
  const err = (name: string) => t.functions.find((f) => f.qualifiedName === name)!.error;
  assert.equal(err('withTry'), 'try/catch');
  assert.equal(err('keysLoop'), 'for…in loop over object keys');
  assert.equal(err('later'), 'asynchronous code (await/yield)');
  assert.equal(err('localClass'), 'unsupported statement (ClassDeclaration)');
  assert.equal(err('labelled'), 'unsupported statement (LabeledStatement)');
  assert.match(err('pattern') ?? '', /^unsupported syntax \(\w+\)$/);
  assert.equal(err('deleting'), 'unsupported syntax (DeleteExpression)');
  assert.equal(err('callsRefused'), 'try/catch');
  // Rule U: a refused construct on a path never taken leaves the function readable.
  assert.equal(err('unreachedTry'), null);
  assert.equal(err('neverCalledGenerator'), null);
  const { refused } = check('refused.ts', REFUSED);
  assert.equal(refused, 8);
  const sf = t.sites[0]!.node.getSourceFile();
  const { irOf } = lowerTs(sf);
  const fnOf = (name: string) => irOf.get(t.sites.find((s) => s.qualifiedName === name)!.node as T.Node) as Func;
  assert.deepEqual(reasons(fnOf('unreachedTry')), ['try/catch']);
  assert.deepEqual(reasons(fnOf('callsRefused')), [], 'the callee holds the node, not the caller');
});

test('(b) an expression nested past the interpreter\'s limit is one unsupported node with its message', () => {
  const src = `export function chain(x: number) { return ${Array.from({ length: 1500 }, () => 'x').join(' + ')}; }\n`;
  const { functions, refused } = check('deep.ts', src);
  assert.equal(functions, 1);
  assert.equal(refused, 1);
});

// ---------------------------------------------------------------- (c) printed IR

function lowered(src: string): { body: Stmt[]; fn: (name: string) => Func } {
  const sf = parseSource('snippet.ts', src).sf!;
  const { module, irOf } = lowerTs(sf);
  const funcs = [...irOf.values()].filter((n: Node): n is Func => 'kind' in n && n.kind === 'function');
  return { body: module.body, fn: (name) => funcs.find((f) => f.name === name)! };
}

test('(c) a compound assignment with a side effect in its target stays one node (evaluation order is the interpreter\'s)', () => {
  const l = lowered('function acc(a: number[], i: number, c: number) { a[i++] += c; return a; }');
  assert.equal(printFunc(l.fn('acc')), [
    '(def acc',
    '  (params (: a "number[]") (: i "number") (: c "number"))',
    '  (expr (add= (index a (post-inc i)) c))',
    '  (return a))',
  ].join('\n'));
});

test('(c) wrappers are kept: (Math).PI, (w as any)[i], e!', () => {
  const l = lowered('const f = (w: number[], i: number) => (Math).PI * (w as any)[i]!;');
  assert.equal(printStmts(l.body), [
    '(const f',
    '  (lambda _',
    '    (params (: w "number[]") (: i "number"))',
    '    (multiply (. (paren Math) PI) (nonNull (index (paren (as w)) i)))))',
  ].join('\n'));
});

test('(c) a literal key reads as a member only as a callee', () => {
  const l = lowered("function g(o: any, x: number) { return o['f'](x) + o['k']; }");
  assert.equal(printFunc(l.fn('g')), '(def g (params (: o "any") (: x "number")) (return (add (call (.[] o f) x) (index o "k"))))');
});

test('(c) JS operators outside the vocabulary keep their text; nullish, instanceof, typeof, void have nodes of their own', () => {
  const l = lowered('function h(a: number, b: any) { a &= 1; return (a & 2) + (b ?? 3) + (b instanceof Array ? 1 : 0) + (typeof b === "number" ? 1 : 0) + (void 0 === b ? 1 : 0); }');
  assert.equal(printFunc(l.fn('h')), [
    '(def h',
    '  (params (: a "number") (: b "any"))',
    '  (expr (other"&=" a 1))',
    '  (return',
    '    (add',
    '      (add',
    '        (add',
    '          (add (paren (other"&" a 2)) (paren (nullish b 3)))',
    '          (paren (? (instanceof b Array) 1 0)))',
    '        (paren (? (strictEq (typeof b) "number") 1 0)))',
    '      (paren (? (strictEq (void 0) b) 1 0)))))',
  ].join('\n'));
});

test('(c) loops, switch, destructuring and a nested declaration keep their scopes as blocks', () => {
  const l = lowered(`function s(pairs: [number, number][], k: number) {
  let t = 0;
  for (const [a, b = 1] of pairs) { t += a * b; }
  while (t > 10) t = t / 2;
  switch (k) { case 0: case 1: return t; default: throw new RangeError('k'); }
  function helper(z: number) { return z; }
}`);
  assert.equal(printFunc(l.fn('s')), [
    '(def s',
    '  (params (: pairs "[number, number][]") (: k "number"))',
    '  (let t 0)',
    '  (for-each const (pseq a (= b 1)) pairs (do (block (expr (add= t (multiply a b))))))',
    '  (while (gt t 10) (do (expr (= t (divide t 2)))))',
    '  (switch k (case 0) (case 1 (return t)) (default (throw RangeError (new RangeError "k"))))',
    '  (function (def helper (params (: z "number")) (return z))))',
  ].join('\n'));
});

test('(c) spans are getStart()..end: quoted source is exactly what getText gives', () => {
  const src = '/** doc */\nfunction q(x: number) {\n  return   (x as any)  .y;\n}';
  const l = lowered(src);
  const ret = (l.fn('q').body as Stmt[])[0]! as Stmt & { kind: 'return' };
  assert.equal(src.slice(ret.value!.span.start, ret.value!.span.end), '(x as any)  .y');
  assert.equal(printExpr(ret.value!), '(. (paren (as x)) y)');
  const fn = l.fn('q');
  assert.equal(src.slice(fn.span.start, fn.span.start + 8), 'function');
  assert.ok(fn.fullStart < fn.span.start, 'fullStart includes the leading JSDoc');
  assert.equal(fn.doc.text, 'doc');
});
