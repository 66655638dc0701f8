/**
 * The plot webview panel: one per plotted finding. It asks the server for plot data, sends it to
 * the webview script, resamples when the webview asks for another range, follows edits to the
 * document (by the finding's line, which it shifts as lines are inserted or deleted above it), and
 * is restored after a window reload from the state the webview kept (WebviewPanelSerializer).
 */
import { htmlHead } from '../shared/htmlHead.js';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import type { FromWebview, PlotPayload, PlotState, ToWebview } from '../webview/messages.js';
import { FindingsAtRequest, SERVER_COMMANDS, type FindingRef, type FindingSummary, type PlotResult } from '../shared/protocol.js';

export const PLOT_VIEW_TYPE = 'gradlens.plot';

export class PlotPanel {
  private static readonly open = new Map<string, PlotPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private range: [number, number] | null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private ready = false;
  private last: ToWebview | null = null;

  /** Opens (or reveals) the plot of a finding. */
  static show(context: vscode.ExtensionContext, client: LanguageClient, ref: FindingRef): PlotPanel {
    const key = `${ref.uri}#${ref.line}`;
    const existing = PlotPanel.open.get(key);
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      void existing.refresh();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(PLOT_VIEW_TYPE, 'GradLens plot', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(context));
    // No configured range: the server chooses one by the variable's role (probabilities in (0, 1)).
    const configured = vscode.workspace.getConfiguration('gradlens').get<number[] | null>('plot.range');
    const range = Array.isArray(configured) && configured.length === 2 && configured[0]! < configured[1]! ? [configured[0]!, configured[1]!] as [number, number] : null;
    return new PlotPanel(context, client, panel, { uri: ref.uri, index: ref.index, line: ref.line, range });
  }

  /** Restores panels after a reload. */
  static serializer(context: vscode.ExtensionContext, client: () => LanguageClient | null): vscode.WebviewPanelSerializer {
    return {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const c = client();
        const s = isState(state) ? state : null;
        panel.webview.options = webviewOptions(context);
        if (!c || !s) {
          panel.webview.html = `<!DOCTYPE html><html><body><p>GradLens: this plot could not be restored; run "GradLens: Plot function and derivative" again.</p></body></html>`;
          return;
        }
        new PlotPanel(context, c, panel, s);
      },
    };
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    readonly panel: vscode.WebviewPanel,
    private state: PlotState,
  ) {
    this.range = state.range;
    PlotPanel.open.set(this.key, this);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'plot.svg');
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: FromWebview) => this.receive(m)),
      vscode.workspace.onDidChangeTextDocument((e) => this.followEdit(e)),
    );
  }

  private get key(): string {
    return `${this.state.uri}#${this.state.line}`;
  }

  private receive(m: FromWebview): void {
    if (m?.type === 'ready') {
      this.ready = true;
      if (this.last) void this.panel.webview.postMessage(this.last);
      else void this.refresh();
    } else if (m?.type === 'range') {
      this.range = Array.isArray(m.range) && m.range.length === 2 && m.range.every(Number.isFinite) && m.range[0] < m.range[1] ? m.range : null;
      void this.refresh();
    }
  }

  /** Lines inserted or deleted above the finding move it; a change on its line re-plots it. */
  private followEdit(e: vscode.TextDocumentChangeEvent): void {
    if (this.client.code2ProtocolConverter.asUri(e.document.uri) !== this.state.uri || e.contentChanges.length === 0) return;
    PlotPanel.open.delete(this.key);
    for (const c of e.contentChanges) {
      if (c.range.start.line > this.state.line) continue;
      const removed = c.range.end.line - c.range.start.line;
      const added = c.text.split('\n').length - 1;
      if (c.range.end.line < this.state.line) this.state.line += added - removed;
      else this.state.line = Math.max(c.range.start.line, Math.min(this.state.line, c.range.start.line + added));
    }
    PlotPanel.open.set(this.key, this);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    // After the server's debounce, so the new version's analysis is the one asked about.
    this.refreshTimer = setTimeout(() => void this.refresh(), 400);
  }

  /**
   * The finding on the tracked line now (findings are numbered per analysis, so the index is found
   * again); when that line no longer has it (the document changed while no panel watched, e.g.
   * across a reload), the nearest finding of the same kind and name.
   */
  private async locate(): Promise<{ index: number; version: number; verdict: PlotPayload['verdict'] } | null> {
    const doc = vscode.workspace.textDocuments.find((d) => this.client.code2ProtocolConverter.asUri(d.uri) === this.state.uri)
      ?? await vscode.workspace.openTextDocument(this.client.protocol2CodeConverter.asUri(this.state.uri));
    const line = Math.min(this.state.line, doc.lineCount - 1);
    const ask = (from: number, to: number) => this.client.sendRequest(FindingsAtRequest, {
      uri: this.state.uri, range: { start: { line: from, character: 0 }, end: { line: to, character: doc.lineAt(to).text.length } },
    }).then((found) => found.filter((f) => f.kind === 'definition' || f.kind === 'derivative'));
    const same = (f: FindingSummary) => this.state.kind === undefined || (f.kind === this.state.kind && f.name === (this.state.name ?? null));
    const here = await ask(line, line);
    let chosen = here.find((f) => f.index === this.state.index && same(f)) ?? here.find(same);
    if (!chosen) {
      const all = (await ask(0, doc.lineCount - 1)).filter(same);
      chosen = all.sort((a, b) => Math.abs(a.range.start.line - line) - Math.abs(b.range.start.line - line))[0];
    }
    if (!chosen) return null;
    PlotPanel.open.delete(this.key);
    this.state = { ...this.state, index: chosen.index, line: chosen.range.start.line, kind: chosen.kind, name: chosen.name };
    PlotPanel.open.set(this.key, this);
    return { index: chosen.index, version: doc.version, verdict: chosen.verdict ?? null };
  }

  async refresh(): Promise<void> {
    try {
      const at = await this.locate();
      if (!at) {
        this.post({ type: 'error', message: `Nothing to plot on line ${this.state.line + 1} any more${this.state.name ? `, and no ${this.state.name} elsewhere in the file` : ''}.` });
        return;
      }
      const result = await this.client.sendRequest(ExecuteCommandRequest.type, {
        command: SERVER_COMMANDS.plotData,
        arguments: [{ uri: this.state.uri, index: at.index, version: at.version, ...(this.range ? { range: this.range } : {}) }],
      }) as PlotResult;
      if (!result.plottable) {
        this.post({ type: 'error', message: `Nothing to plot on line ${this.state.line + 1}: ${result.reason.replace(/^nothing to plot: /, '')}.` });
        return;
      }
      const plot = toPayload(result, this.state.line, at.verdict);
      this.panel.title = `Plot: ${plot.title}`;
      this.post({ type: 'plot', plot, state: this.state });
    } catch (e) {
      // A newer edit superseded this request: the refresh it scheduled will answer.
      const code = (e as { code?: number }).code;
      if (code === -32801 || code === -32800) return;
      this.post({ type: 'error', message: `GradLens could not plot this: ${(e as Error).message}` });
    }
  }

  private post(m: ToWebview): void {
    this.state = { ...this.state, range: this.range };
    const message: ToWebview = m.type === 'plot' ? { ...m, state: this.state } : m;
    this.last = message;
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private html(): string {
    const w = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const asset = (...p: string[]) => w.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, ...p)).toString();
    const head = htmlHead({
      csp: `default-src 'none'; img-src ${w.cspSource} data:; style-src ${w.cspSource}; font-src ${w.cspSource}; script-src 'nonce-${nonce}';`,
      title: 'GradLens plot',
      extra: `<link rel="stylesheet" href="${asset('dist', 'webview', 'plot.css')}">\n<link rel="stylesheet" href="${asset('media', 'plot.css')}">`,
    });
    return `${head}
<body>
<h1 id="title">GradLens plot</h1>
<div id="subtitle"></div>
<div id="verdict"></div>
<form id="range-form">
  <label for="from">from</label><input id="from" type="number" step="any" required>
  <label for="to">to</label><input id="to" type="number" step="any" required>
  <button type="submit">Apply</button>
  <button type="button" id="reset" class="secondary">Reset</button>
  <span class="hint">or drag across a chart to zoom</span>
</form>
<div id="error" role="alert"></div>
<ul id="bands"></ul>
<div id="charts">
  <div class="chart-title">f</div><div id="chart-f"></div>
  <div class="chart-title">f′</div><div id="chart-df"></div>
</div>
<script nonce="${nonce}" src="${asset('dist', 'webview', 'plot.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    PlotPanel.open.delete(this.key);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function webviewOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'media')],
  };
}

function isState(s: unknown): s is PlotState {
  const o = s as PlotState;
  return typeof o === 'object' && o !== null && typeof o.uri === 'string' && Number.isInteger(o.line) && Number.isInteger(o.index);
}

function toPayload(r: Extract<PlotResult, { plottable: true }>, line: number, verdict: PlotPayload['verdict']): PlotPayload {
  const what = r.kind === 'definition' ? (r.name ?? 'definition') : 'derivative claim';
  const fixed = Object.entries(r.fixed).map(([k, v]) => `${k} = ${v}`).join(', ');
  return {
    title: `${what} — line ${line + 1}`,
    subtitle: `f(${r.variable}) = ${r.expression}${r.derivativeExpression ? `   ·   f′ = ${r.derivativeExpression}` : ''}${fixed ? `   ·   with ${fixed}` : ''}`,
    variable: r.variable, range: r.range, x: r.x, f: r.f, derivative: r.derivative, claimed: r.claimed,
    fd: r.fd, saturation: r.saturation, instability: r.instability, worst: r.worst, verdict,
  };
}
