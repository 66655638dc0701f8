/** Messages between the plot webview and the extension (both sides import these types). */
export interface PlotPayload {
  title: string;
  subtitle: string;
  variable: string;
  range: [number, number];
  x: number[];
  f: (number | null)[];
  derivative: (number | null)[];
  claimed: (number | null)[] | null;
  fd: { x: number[]; y: (number | null)[] };
  saturation: { from: number; to: number }[];
  instability: { from: number; to: number; suggestion: string | null }[];
  worst: { x: number; derivative: number | null; claimed: number | null } | null;
  verdict: 'ok' | 'mismatch' | 'unverified' | null;
}

export type ToWebview =
  | { type: 'plot'; plot: PlotPayload; state: PlotState }
  | { type: 'error'; message: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'range'; range: [number, number] | null };

/** What the webview keeps across reloads (getState/setState), and the serializer reads back. */
export interface PlotState {
  uri: string;
  line: number;
  index: number;
  range: [number, number] | null;
  /** What is plotted (kind and catalog name): found again by these when its line no longer has it. */
  kind?: string;
  name?: string | null;
}
