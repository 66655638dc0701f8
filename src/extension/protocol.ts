/**
 * The messages the client exchanges with the GradLens server beyond standard LSP: custom requests
 * and notifications (documented in README's language-server section) and the JSON shapes of the
 * `gradlens.checkGradient` / `gradlens.plotData` command results. Types only: the client bundle
 * must not pull in the analysis code.
 */
import type { Diagnostic } from 'vscode-languageclient/node';
import type { Finding } from '../documents/findings.js';
import type { PlotData } from '../server/plot.js';

export const SERVER_COMMANDS = { checkGradient: 'gradlens.checkGradient', plotData: 'gradlens.plotData' } as const;

/** A finding as commands pass it: the server's index and, for the plot to follow it, its first line. */
export interface FindingRef { uri: string; index: number; version?: number; line: number }

export type { FindingSummary } from '../server/summary.js';
import type { Counts } from '../server/summary.js';

export interface CheckResult {
  uri: string;
  version: number;
  index: number;
  finding: Finding;
  definition: Finding | null;
  ms: number;
}

export type PlotResult = PlotData & { uri: string; version: number; index: number; kind: Finding['kind']; name: string | null };

export type StatusParams = Counts & { uri: string; version: number; ms: number };

export interface CheckTextResult { diagnostics: Diagnostic[]; summary?: Partial<StatusParams> }

export const METHODS = {
  findingsAt: 'gradlens/findingsAt',
  checkText: 'gradlens/checkText',
  status: 'gradlens/status',
  hoverImages: 'gradlens/hoverImages',
} as const;
