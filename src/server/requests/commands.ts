/**
 * workspace/executeCommand: `gradlens.checkGradient` (a finding with the definition it was checked
 * against) and `gradlens.plotData` (f and f′ sampled in a worker), both for `{ uri, index, version }`
 * as a code lens passes it. Nothing to plot is an answer (`plottable: false` with the reason), not a
 * failure.
 */
import { CancellationToken, ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { Finding } from '../../documents/findings.js';
import { SERVER_COMMANDS, isObject, type PlotData } from '../../shared/protocol.js';
import { Stale } from '../documentRuns.js';
import type { ServerContext } from './context.js';

export async function executeCommand(ctx: ServerContext, params: unknown, token: CancellationToken): Promise<unknown> {
  if (!isObject(params)) throw new ResponseError(ErrorCodes.InvalidParams, 'workspace/executeCommand needs { command, arguments }');
  const args = Array.isArray(params.arguments) ? params.arguments : [];
  const a: Record<string, unknown> = isObject(args[0]) ? args[0] : { uri: args[0], index: args[1], version: args[2] };
  const { uri, index, version } = a;
  if (params.command !== SERVER_COMMANDS.checkGradient && params.command !== SERVER_COMMANDS.plotData) throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${String(params.command)}`);
  if (typeof uri !== 'string' || typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
    throw new ResponseError(ErrorCodes.InvalidParams, `${params.command} needs { uri, index[, version] } (a code lens's arguments)`);
  }
  const { doc, results } = await ctx.runs.current(uri, token, typeof version === 'number' ? version : undefined);
  const finding = results.findings[index];
  if (!finding) throw new ResponseError(ErrorCodes.InvalidParams, `no finding ${index} in ${uri} (it has ${results.findings.length})`);
  const definition = definitionOf(results.findings, finding);
  if (params.command === SERVER_COMMANDS.checkGradient) {
    return { uri, version: doc.version, index, finding, definition, stats: results.stats, ms: results.ms };
  }
  const head = { uri, version: doc.version, index, kind: finding.kind, name: finding.name };
  if (plotSource(results.findings, finding) === null) {
    return { ...head, plottable: false, reason: finding.kind === 'definition' ? 'this definition has no expression to plot' : 'nothing to plot: this claim was not checked against a definition with an expression' };
  }
  const range = Array.isArray(a.range) && a.range.length === 2 && a.range.every((x: unknown) => typeof x === 'number') ? a.range as [number, number] : null;
  const samples = typeof a.samples === 'number' ? a.samples : null;
  const variable = typeof a.variable === 'string' ? a.variable : null;
  const plot = await ctx.workers().run({ kind: 'plot', request: { finding, definition, range, samples, variable } }, { affinity: uri, timeoutMs: Math.min(ctx.tuning().timeoutMs, 10_000) }) as PlotData;
  if (ctx.documents.get(uri)?.version !== doc.version) throw new Stale();
  return { ...head, plottable: true, ...plot };
}

/** What a plot of this finding draws: a definition's own expression, or that of the definition a claim was checked against; null when there is none. */
export function plotSource(findings: readonly Finding[], f: Finding): Finding | null {
  const source = f.kind === 'definition' ? f : definitionOf(findings, f);
  return source?.expression ? source : null;
}

/** The definition a claim was checked against, as the analysis recorded it (Finding.definition). */
function definitionOf(findings: readonly Finding[], f: Finding): Finding | null {
  const d = f.definition;
  if (!d) return null;
  const same = (a: Finding['range'], b: Finding['range']) =>
    a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
  return findings.find((g) => g.kind === 'definition' && g.cell === d.cell && same(g.range, d.range)) ?? null;
}
