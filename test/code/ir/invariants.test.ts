// Invariants every front-end's IR keeps, checked over every TS code fixture and over generated
// Python gradient code: node ids unique in a module, spans inside the text, a function's name
// quoted by its name span and its span inside its host span. Later stages key tables by id and
// quote source by span, so a break here is a wrong message or a wrong merge there.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pythonSource } from '../../../bench/python.bench.js';
import type { Func, Module } from '../../../src/code/ir/types.js';
import { lowerPython } from '../../../src/code/lang/python/lower.js';
import { loadPythonParser } from '../../../src/code/lang/python/parser.js';
import { lowerTs } from '../../../src/code/lang/ts/lower.js';
import { parseSource } from '../../../src/code/source.js';

function check(m: Module): number {
  const ids = new Set<number>();
  let funcs = 0;
  const stack: unknown[] = [m.body];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      stack.push(...v);
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    const o = v as Record<string, unknown>;
    if (typeof o['id'] === 'number') {
      assert.ok(!ids.has(o['id']), `${m.path}: id ${o['id']} used twice`);
      ids.add(o['id']);
    }
    for (const k of ['span', 'nameSpan', 'hostSpan', 'keySpan']) {
      const s = o[k] as { start: number; end: number } | undefined;
      if (s) assert.ok(s.start >= 0 && s.start <= s.end && s.end <= m.text.length, `${m.path}: ${k} ${s.start}..${s.end} outside the text`);
    }
    if (o['kind'] === 'function' && 'params' in o) {
      const f = o as unknown as Func;
      funcs++;
      assert.ok(f.hostSpan.start <= f.span.start && f.span.end <= f.hostSpan.end, `${m.path}: ${f.name}'s span is outside its host`);
      const written = m.text.slice(f.nameSpan.start, f.nameSpan.end);
      if (f.name !== null && /^[A-Za-z_$][\w$]*$/.test(written)) assert.equal(written, f.name, `${m.path}: name span of ${f.name}`);
    }
    for (const [k, x] of Object.entries(o)) if (typeof x === 'object' && !k.endsWith('pan')) stack.push(x);
  }
  return funcs;
}

function codeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...codeFiles(p));
    else if (/\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(n)) out.push(p);
  }
  return out;
}

test('TypeScript: every code fixture', () => {
  let funcs = 0;
  for (const f of codeFiles(join(process.cwd(), 'test', 'fixtures'))) {
    const sf = parseSource(f, readFileSync(f, 'utf8')).sf;
    if (sf) funcs += check(lowerTs(sf).module);
  }
  assert.ok(funcs > 300, `${funcs} functions`);
});

test('Python: generated layer functions, derivative helpers and an autograd engine', async () => {
  const m = lowerPython(await loadPythonParser(), 'generated.py', pythonSource(600));
  assert.ok(check(m) > 60);
});
