/**
 * `gradlens/checkText`: checks a file that is not open in the editor (the client's "Check
 * workspace"): the same analysis, settings and limits as an open document, in the worker pool,
 * cancellable; nothing is kept or published.
 */
import { CancellationToken, DiagnosticSeverity, ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { Finding } from '../../documents/findings.js';
import { kindOfDocument } from '../../shared/fileKinds.js';
import { CheckTextRequest, isCheckTextParams, type CheckTextResult } from '../../shared/protocol.js';
import { cancelled, notChecked, tooLarge, type Results } from '../documentRuns.js';
import type { AnalyzeResult } from '../messages.js';
import { CancelledError, TimeoutError } from '../pool.js';
import { ORIGIN, SEVERITIES, toDiagnostics } from '../present.js';
import { documentOptions } from '../settings.js';
import { counts } from '../summary.js';
import { pathOf } from '../uris.js';
import type { ServerContext } from './context.js';

export async function checkText(ctx: ServerContext, params: unknown, token: CancellationToken): Promise<CheckTextResult> {
  if (!isCheckTextParams(params)) throw new ResponseError(ErrorCodes.InvalidParams, `${CheckTextRequest.method} needs { uri, languageId, text }`);
  const { uri, text, languageId } = params;
  const started = Date.now();
  // The file's own settings (its folder's, in a multi-root workspace); not kept for a file that is not open.
  const own = await ctx.settings.load(uri);
  if (!ctx.documents.get(uri)) ctx.settings.forget(uri);
  const answer = (findings: Finding[], problem: Results['problem'], ms: number): CheckTextResult => {
    const diagnostics = toDiagnostics(uri, findings, SEVERITIES[own.severity]);
    if (problem) diagnostics.unshift({ range: ORIGIN, severity: problem.severity, source: 'gradlens', message: problem.message });
    return { diagnostics, summary: { uri, ...counts(findings), ms } };
  };
  const kind = kindOfDocument(languageId, uri);
  if (kind === null) return answer([], null, 0);
  const { maxChars } = ctx.tuning();
  if (text.length > maxChars) return answer([], tooLarge(maxChars), 0);
  try {
    const r = await ctx.workers().run(
      { kind: 'analyze', uri, path: pathOf(uri), documentKind: kind, text, options: documentOptions(own), transient: true },
      { affinity: null, cancel: token },
    ) as AnalyzeResult;
    return answer(r.findings, r.error ? notChecked(r.error) : null, r.ms);
  } catch (e) {
    if (e instanceof CancelledError) throw cancelled();
    if (e instanceof TimeoutError) return answer([], { message: `GradLens: the check timed out (${e.message})`, short: 'check timed out', severity: DiagnosticSeverity.Warning }, Date.now() - started);
    throw e;
  }
}
