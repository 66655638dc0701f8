/** Messages between the language server and its analysis workers. */
import type { DocumentOptions } from '../documents/analyzeDocument.js';
import type { Finding } from '../documents/findings.js';
import type { CodeFix } from '../codecheck/fixes.js';
import type { FileKind } from '../shared/fileKinds.js';
import type { PlotRequest } from './plot.js';
import type { PlotData } from '../shared/protocol.js';
import type { AnalysisStats } from '../documents/incremental.js';

export type WorkerRequest =
  /** `transient`: a file that is not open (a workspace check): no region cache kept for it. */
  | { id: number; kind: 'analyze'; uri: string; path: string; documentKind: FileKind; text: string; options: DocumentOptions; transient?: boolean }
  | { id: number; kind: 'plot'; request: PlotRequest }
  | { id: number; kind: 'forget'; uri: string | null }
  /** Formulas (mathjs text) to draw as SVG data URIs in one colour; only the render worker gets these. */
  | { id: number; kind: 'render'; formulas: string[]; color: string };

export interface AnalyzeResult {
  findings: Finding[];
  /** For each finding, the variable its saturation and instability intervals are about (or null). */
  inputs: (string | null)[];
  stats: AnalysisStats;
  /** For each finding, the quick fix for its instability warning (code documents), or null. */
  fixes?: (CodeFix | null)[];
  error: string | null;
  ms: number;
}

export type WorkerResult = AnalyzeResult | PlotData | (string | null)[] | null;

export type WorkerResponse = { id: number; ok: true; result: WorkerResult } | { id: number; ok: false; error: string };
