/**
 * Doc text → tags, for every front-end: a JSDoc block's body (TS) and a docstring (Python) are read
 * by one rule, so `@gradient sigmoid` or `@wrt x` means the same above a TS function and inside a
 * Python docstring. jsdoc.ts reads a TS block's body through it; it lives here, free of the
 * TypeScript compiler, because the Python front-end's bundle (dist/python.js) must not pull the
 * compiler in.
 */
import type { DocInfo } from './types.js';

export function parseDocText(body: string): DocInfo {
  const lines = body.split(/\r?\n/).map((l) => l.replace(/^\s*\*?\s?/, '').trimEnd());
  const tags: Record<string, string[]> = {};
  const description: string[] = [];
  let current: { name: string; parts: string[] } | null = null;
  const flush = () => {
    if (!current) return;
    (tags[current.name] ??= []).push(current.parts.join(' ').trim());
    current = null;
  };
  for (const line of lines) {
    const m = /^@([A-Za-z][\w-]*)\s*(.*)$/.exec(line.trim());
    if (m) {
      flush();
      current = { name: m[1]!, parts: [m[2]!] };
    } else if (current) {
      (current as { parts: string[] }).parts.push(line.trim());
    } else {
      description.push(line);
    }
  }
  flush();
  return { tags, text: description.join('\n').trim() };
}
