/**
 * textDocument/codeAction: the stable rewrite for an instability warning on code, prepared at
 * analysis (codecheck/fixes.ts). From the cache, and only for the text on screen: an edit made for
 * other text would corrupt it.
 */
import { CodeActionKind, ErrorCodes, ResponseError, type CodeAction, type TextEdit } from 'vscode-languageserver/node';
import { isObject, isRange } from '../../shared/protocol.js';
import { intersects } from '../summary.js';
import type { ServerContext } from './context.js';

export function answerCodeActions(ctx: ServerContext, params: unknown): CodeAction[] {
  const p = isObject(params) ? params : {};
  const td = isObject(p.textDocument) ? p.textDocument : {};
  const uri = td.uri, range = p.range;
  if (typeof uri !== 'string' || !isRange(range)) throw new ResponseError(ErrorCodes.InvalidParams, 'codeAction needs textDocument.uri and range');
  const context = isObject(p.context) ? p.context : {};
  const only = context.only;
  if (Array.isArray(only) && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === CodeActionKind.Empty)) return [];
  const doc = ctx.documents.get(uri);
  const results = ctx.runs.get(uri)?.results;
  if (!doc || !results || results.version !== doc.version) return [];
  const asked: unknown[] = Array.isArray(context.diagnostics) ? context.diagnostics : [];
  const actions: CodeAction[] = [];
  results.fixes.forEach((fix, index) => {
    const f = results.findings[index];
    if (!fix || !f || !intersects(f.range, range)) return;
    const edits: TextEdit[] = fix.edits.map((e) => ({ range: e.range, newText: e.newText }));
    const mine = (d: unknown) => isObject(d) && ((isObject(d.data) && d.data.index === index) || (d.code === 'instability' && isRange(d.range) && intersects(d.range, f.range)));
    actions.push({
      title: `GradLens: ${fix.title}`,
      kind: CodeActionKind.QuickFix,
      isPreferred: true,
      diagnostics: asked.filter(mine) as CodeAction['diagnostics'],
      edit: ctx.versionedEdits()
        ? { documentChanges: [{ textDocument: { uri, version: doc.version }, edits }] }
        : { changes: { [uri]: edits } },
    });
  });
  return actions;
}
