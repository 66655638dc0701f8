/**
 * Reads the JSDoc block right above a declaration. Parsed by hand from the comment text rather
 * than through TypeScript's JSDoc nodes, because custom tags (`@gradient`, `@wrt`, `@dims`) and
 * placement above `exports.f = …` or object properties are then handled the same way everywhere.
 */
import type * as T from 'typescript';
import { ts } from './ts.js';
import type { JsDocInfo } from './types.js';

export function readJsDoc(sf: T.SourceFile, host: T.Node): JsDocInfo {
  const text = sf.text;
  const comments = ts.getLeadingCommentRanges(text, host.getFullStart()) ?? [];
  const doc = [...comments].reverse().find((c) => c.kind === ts.SyntaxKind.MultiLineCommentTrivia && text.startsWith('/**', c.pos));
  if (!doc) return { tags: {}, text: '' };
  return parseJsDocText(text.slice(doc.pos + 3, doc.end - 2));
}

export function parseJsDocText(body: string): JsDocInfo {
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

/** The `{type}` JSDoc gives a parameter (`@param {number[]} x`), if any. */
export function jsDocParamType(doc: JsDocInfo, param: string): string | null {
  for (const entry of doc.tags['param'] ?? []) {
    const m = /^\{([^}]*)\}\s*\[?([\w$]+)/.exec(entry);
    if (m && m[2] === param) return m[1]!.trim();
  }
  return null;
}

/** Words of a tag's entries: `@wrt x, alpha` → ['x', 'alpha']. */
export function tagWords(doc: JsDocInfo, tag: string): string[] {
  return (doc.tags[tag] ?? []).flatMap((e) => e.split(/[\s,]+/)).filter((w) => w.length > 0);
}
