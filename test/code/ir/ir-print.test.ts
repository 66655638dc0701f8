// The code model's debug printer: what each node kind prints as, spans on request, long forms
// broken over lines. The nodes are built by hand here so the printer is tested apart from any front-end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { printExpr, printFunc, printModule } from '../../../src/code/ir/print.js';
import type { Expr, Fields, Func, Module, Param, Stmt } from '../../../src/code/ir/types.js';

let nextId = 1;
const sp = (start = 0, end = 0) => ({ start, end });
function ex(e: Fields<Expr> & { span?: { start: number; end: number } }): Expr {
  return { id: nextId++, span: sp(), ...e } as Expr;
}
const name = (n: string) => ex({ kind: 'name', name: n });
const num = (raw: string) => ex({ kind: 'num', value: Number(raw), raw });
function param(n: string, dflt: Expr | null = null): Param {
  return { id: nextId++, span: sp(), name: n, pattern: null, default: dflt, rest: false, kwRest: false, keywordOnly: false, typeText: null, typeHint: null, isProperty: false };
}
function func(n: string, params: Param[], body: Stmt[], receiver: 'own' | 'lexical' = 'own'): Func {
  return {
    id: nextId++, span: sp(), kind: 'function', name: n, nameSpan: sp(), hostSpan: sp(), fullStart: 0, params, body, receiver, syntax: 'def',
    locals: [], nonlocals: [], globals: [], decorators: [], doc: { tags: {}, text: '' }, directives: [], isAsync: false, isGenerator: false,
  };
}
const ret = (value: Expr): Stmt => ({ id: nextId++, span: sp(), kind: 'return', value });

test('a scalar function prints with IR operator names, not source operators', () => {
  // sigmoid(x) = 1 / (1 + exp(-x)), the smallest gradient-code function there is.
  const call = ex({ kind: 'call', callee: ex({ kind: 'member', object: name('np'), name: 'exp', nameSpan: sp(), private: false, bracket: false }), args: [{ value: ex({ kind: 'unary', op: 'neg', arg: name('x') }), spread: false, keyword: null }] });
  const body = ex({ kind: 'binary', op: 'divide', opText: '/', left: num('1.'), right: ex({ kind: 'binary', op: 'add', opText: '+', left: num('1'), right: call }) });
  assert.equal(printFunc(func('sigmoid', [param('x')], [ret(body)])), '(def sigmoid (params x) (return (divide 1. (add 1 (call (. np exp) (neg x))))))');
});

test('keyword arguments, slices, defaults and unsupported nodes', () => {
  const sum = ex({
    kind: 'call', callee: name('sum'),
    args: [
      { value: ex({ kind: 'index', object: name('x'), items: [{ kind: 'slice', start: null, stop: num('2'), step: null, span: sp() }, { kind: 'newaxis', span: sp() }] }), spread: false, keyword: null },
      { value: num('1'), spread: false, keyword: 'axis' },
    ],
  });
  const bad = ex({ kind: 'unsupported', reason: 'list comprehension', children: [] });
  const f = func('g', [param('x'), param('eps', num('1e-5'))], [ret(sum), { id: nextId++, span: sp(), kind: 'expr', expr: bad }], 'lexical');
  assert.equal(printFunc(f), [
    '(def g',
    '  (params x (= eps 1e-5))',
    '  lexical-this',
    '  (return (call sum (index x (slice _ 2 _) newaxis) (kw axis 1)))',
    '  (expr (unsupported "list comprehension")))',
  ].join('\n'));
});

test('spans are printed only when asked', () => {
  const e = ex({ kind: 'binary', op: 'matmul', opText: '@', left: name('x'), right: name('w'), span: sp(4, 9) });
  assert.equal(printExpr(e), '(matmul x w)');
  assert.match(printExpr(e, { spans: true }), /^\(matmul .* @4:9\)$/);
});

test('a form longer than a line breaks with its parts indented under the head', () => {
  const long = Array.from({ length: 12 }, (_, i) => name(`variable_number_${i}`));
  const seq = ex({ kind: 'seq', flavor: 'tuple', items: long });
  const np = { local: 'np', module: 'numpy', member: null, span: sp() };
  const m: Module = { lang: 'python', path: 'm.py', text: '', body: [{ id: nextId++, span: sp(), kind: 'import', imports: [np] }, ret(seq)], imports: [np], syntaxErrors: [] };
  const out = printModule(m);
  const lines = out.split('\n');
  assert.ok(lines.length > 3, out);
  assert.ok(lines.every((l) => l.length <= 100), out);
  assert.equal(lines[0], '(module python');
  assert.equal(lines[1], '  (import (np "numpy" _))');
  assert.match(out, /\n {6}variable_number_11\)\)\)$/);
});
