// Shared helpers for the code-reading tests: translate a snippet, evaluate an output tree numerically.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MathNode } from 'mathjs';
import { translateSource } from '../../src/code/translate.js';
import type { TranslatedFunction } from '../../src/code/types.js';

// Tests run from the repository root (scripts/run-tests.mjs).
export const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'code');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** The function called `qualifiedName` in the snippet; fails the test when it is missing. */
export function fnOf(source: string, qualifiedName: string, path = 'snippet.ts'): TranslatedFunction {
  const t = translateSource(path, source);
  const f = t.functions.find((x) => x.qualifiedName === qualifiedName);
  assert.ok(f, `no function ${qualifiedName}; found ${t.functions.map((x) => x.qualifiedName).join(', ')}`);
  return f;
}

/** A translated function that must have succeeded. */
export function okFn(source: string, qualifiedName: string, path?: string): TranslatedFunction {
  const f = fnOf(source, qualifiedName, path);
  assert.equal(f.error, null, `${qualifiedName} failed: ${f.error}`);
  return f;
}

const EXTRA = {
  sigmoid: (x: number) => 1 / (1 + Math.exp(-x)),
  relu: (x: number) => Math.max(x, 0),
  softplus: (x: number) => Math.log1p(Math.exp(x)),
};

export function evalNode(node: MathNode, scope: Record<string, number>): number {
  const v = node.evaluate({ ...EXTRA, ...scope }) as unknown;
  return typeof v === 'boolean' ? Number(v) : (v as number);
}

export function output(f: TranslatedFunction, key = ''): MathNode {
  const o = f.outputs.find((x) => x.key === key) ?? f.writes.find((x) => x.key === key);
  assert.ok(o, `${f.qualifiedName} has no output "${key}"; has ${[...f.outputs, ...f.writes].map((x) => x.key).join(', ')}`);
  return o.node;
}

/** Asserts output `key` equals `expected(scope)` at every point. */
export function assertAgrees(f: TranslatedFunction, points: Record<string, number>[], expected: (p: Record<string, number>) => number, key = ''): void {
  const node = output(f, key);
  for (const p of points) {
    const got = evalNode(node, p);
    const want = expected(p);
    const tol = 1e-12 * Math.max(1, Math.abs(want));
    assert.ok(Math.abs(got - want) <= tol || (Number.isNaN(got) && Number.isNaN(want)), `${f.qualifiedName}[${key}] at ${JSON.stringify(p)}: got ${got}, want ${want}`);
  }
}

export const xs = (...values: number[]) => values.map((x) => ({ x }));
