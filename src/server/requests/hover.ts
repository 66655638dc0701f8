/**
 * textDocument/hover. Hovers answer from the cache only, never waiting for a run. While the
 * document is being typed in, the last results still describe the text outside the edited span,
 * moved past the edits (nothing is answered inside it).
 */
import type { Hover, Position, Range } from 'vscode-languageserver/node';
import { documentUri, position } from '../guards.js';
import { findingAt, hoverText } from '../present.js';
import { TextShift } from '../textShift.js';
import type { ServerContext } from './context.js';

export function answerHover(ctx: ServerContext, params: unknown): Hover | null {
  const uri = documentUri(params, 'hover');
  const p = position(params, 'hover');
  const doc = ctx.documents.get(uri);
  const s = ctx.runs.get(uri);
  const results = s?.results;
  if (!doc || !s || !results) return null;
  let at: Position | null = p;
  let range = (r: Range): Range | null => r;
  if (results.version !== doc.version) {
    if (results.text === '' && results.findings.length === 0) return null;
    if (s.shift?.version !== doc.version || s.shift.resultsVersion !== results.version) {
      s.shift = { version: doc.version, resultsVersion: results.version, map: new TextShift(results.text, doc.getText()) };
    }
    const map = s.shift.map;
    at = map.toOld(p);
    range = (r) => map.rangeToNew(r);
  }
  if (!at) return null;
  const i = findingAt(results.findings, at);
  if (i < 0) return null;
  const f = results.findings[i]!;
  const shown = range(f.range);
  if (!shown) return null;
  const images = ctx.images();
  const image = images ? (formula: string) => images.image(formula) : undefined;
  return { contents: hoverText(f, results.inputs[i] ?? null, image), range: shown };
}
