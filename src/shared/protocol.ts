/**
 * GradLens's messages beyond standard LSP, typed once for the server and the VS Code client (as
 * vscode-eslint's shared customMessages.ts and rust-analyzer's lsp_ext.ts do): every `gradlens/*`
 * request and notification as a RequestType/NotificationType, the command names, the JSON shapes of
 * their results, and a parameter guard per request (the server answers −32602 when one fails).
 * README's language-server section documents the same table for other clients. Types and small
 * guards only: the client bundle imports this and must not pull in the analysis.
 */
import { NotificationType, RequestType, type Diagnostic, type Range } from 'vscode-languageserver-protocol';
import type { Finding } from '../documents/findings.js';

/** Commands the server executes (`workspace/executeCommand`; its code lenses name them). */
export const SERVER_COMMANDS = { checkGradient: 'gradlens.checkGradient', plotData: 'gradlens.plotData' } as const;

/** Commands the VS Code extension contributes (package.json is tested against this list). */
export const CLIENT_COMMANDS = {
  check: 'gradlens.check',
  plot: 'gradlens.plot',
  checkWorkspace: 'gradlens.checkWorkspace',
  showOutput: 'gradlens.showOutput',
} as const;

// ---- shapes ---------------------------------------------------------------------------------------

/** A finding as commands pass it: the server's index and, for the plot to follow it, its first line. */
export interface FindingRef { uri: string; index: number; version?: number; line: number }

/** One finding in the short form a quick pick shows (`gradlens/findingsAt`). */
export interface FindingSummary {
  index: number;
  kind: Finding['kind'];
  name: string | null;
  label: string;
  range: Range;
  verdict: Finding['verdict'];
}

export interface Counts { ok: number; wrong: number; unverified: number; definitions: number }

/**
 * A run's health, as rust-analyzer's ServerStatusParams: `ok`, or `warning` with the message when
 * the run as a whole had a problem (the check timed out, the document is binary or too large). A
 * client that receives `gradlens/status` shows it (the status bar does); other clients get the same
 * message as a diagnostic at the document's start, their only place for it.
 */
export type Health = 'ok' | 'warning' | 'error';

export type StatusParams = Counts & {
  uri: string; version: number; ms: number; health: Health;
  /** What went wrong with the run, when health is not ok: the sentence, and a few words for a status bar. */
  problem: { message: string; short: string } | null;
};

/** The result of `gradlens.checkGradient`. */
export interface CheckResult {
  uri: string;
  version: number;
  index: number;
  finding: Finding;
  definition: Finding | null;
  ms: number;
}

export interface PlotData {
  variable: string;
  /** Values given to the other variables. */
  fixed: Record<string, number>;
  range: [number, number];
  expression: string;
  derivativeExpression: string | null;
  x: number[];
  f: (number | null)[];
  derivative: (number | null)[];
  /** The derivative as claimed in the document, when it can be evaluated on its own. */
  claimed: (number | null)[] | null;
  saturation: { from: number; to: number }[];
  instability: { from: number; to: number; suggestion: string | null }[];
  /** Finite-difference estimates of f′ at a few points: the check's own evidence, drawn over f′. */
  fd: { x: number[]; y: (number | null)[] };
  /** Where a failed check disagreed most, when that point lies on the plotted variable. */
  worst: { x: number; derivative: number | null; claimed: number | null } | null;
}

interface PlotHead { uri: string; version: number; index: number; kind: Finding['kind']; name: string | null }

/**
 * The result of `gradlens.plotData`: the data, or `plottable: false` with the reason when the
 * finding has nothing to draw (a claim checked against no definition). Nothing to plot is an
 * answer, not an error.
 */
export type PlotResult = (PlotData & PlotHead & { plottable: true }) | (PlotHead & { plottable: false; reason: string });

export interface FindingsAtParams { uri: string; range: Range }
export interface CheckTextParams { uri: string; languageId?: string; text: string }
export interface CheckTextResult { diagnostics: Diagnostic[]; summary?: Partial<StatusParams> }
export interface HoverImagesParams { color: string | null }

// ---- messages -------------------------------------------------------------------------------------

export const FindingsAtRequest = new RequestType<FindingsAtParams, FindingSummary[], void>('gradlens/findingsAt');
export const CheckTextRequest = new RequestType<CheckTextParams, CheckTextResult, void>('gradlens/checkText');
export const StatusNotification = new NotificationType<StatusParams>('gradlens/status');
export const HoverImagesNotification = new NotificationType<HoverImagesParams>('gradlens/hoverImages');
/** For tests and diagnosis: how much of a document's analysis was reused. */
export const AnalysisStatsRequest = new RequestType<{ uri: string }, { version: number; stats: unknown; ms: number } | null, void>('gradlens/analysisStats');
/** For tests and the benchmark: how far drawing formulas has got. */
export const HoverImageStatsRequest = new RequestType<void, Record<string, unknown> | null, void>('gradlens/hoverImageStats');

// ---- guards ---------------------------------------------------------------------------------------

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isPosition(v: unknown): v is Range['start'] {
  return isObject(v) && Number.isInteger(v.line) && Number.isInteger(v.character) && (v.line as number) >= 0 && (v.character as number) >= 0;
}

export function isRange(v: unknown): v is Range {
  return isObject(v) && isPosition(v.start) && isPosition(v.end);
}

export function isFindingsAtParams(v: unknown): v is FindingsAtParams {
  return isObject(v) && typeof v.uri === 'string' && isRange(v.range);
}

export function isCheckTextParams(v: unknown): v is CheckTextParams {
  return isObject(v) && typeof v.uri === 'string' && typeof v.text === 'string' && (v.languageId === undefined || typeof v.languageId === 'string');
}
