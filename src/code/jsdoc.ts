/**
 * Reads the JSDoc block right above a declaration. Parsed by hand from the comment text rather
 * than through TypeScript's JSDoc nodes, because custom tags (`@gradient`, `@wrt`, `@dims`) and
 * placement above `exports.f = …` or object properties are then handled the same way everywhere.
 */
import type * as T from 'typescript';
import { ts } from './ts.js';
import type { JsDocInfo } from './types.js';
import { parseDocText } from './ir/doc.js';

export function readJsDoc(sf: T.SourceFile, host: T.Node): JsDocInfo {
  const text = sf.text;
  const comments = ts.getLeadingCommentRanges(text, host.getFullStart()) ?? [];
  const doc = [...comments].reverse().find((c) => c.kind === ts.SyntaxKind.MultiLineCommentTrivia && text.startsWith('/**', c.pos));
  if (!doc) return { tags: {}, text: '' };
  return parseJsDocText(text.slice(doc.pos + 3, doc.end - 2));
}

/** A JSDoc block's body → tags and text, by the rule every front-end shares (ir/doc.ts). */
export function parseJsDocText(body: string): JsDocInfo {
  return parseDocText(body);
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
