/**
 * The plot webview: f on top, f′ below (shared x, synced cursor), the finite-difference samples
 * as markers over f′, the claimed derivative dashed, saturation bands shaded and labelled,
 * instability bands hatched, the worst point of a failed check ringed. Colours come from the
 * theme's CSS variables and follow theme changes. Zooming (drag to select, double-click to reset)
 * and the range inputs ask the extension to resample, since f′ is computed there, not here.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber as fmt } from '../text/numbers.js';
import type { FromWebview, PlotPayload, PlotState, ToWebview } from './messages.js';

interface VsCodeApi {
  postMessage(m: FromWebview): void;
  getState(): Partial<PlotState> | undefined;
  setState(s: Partial<PlotState>): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

let current: PlotPayload | null = null;
let charts: uPlot[] = [];

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

function theme() {
  return {
    fg: cssVar('--vscode-editor-foreground', '#ccc'),
    grid: cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)'),
    f: cssVar('--vscode-charts-blue', '#3794ff'),
    df: cssVar('--vscode-charts-orange', '#d18616'),
    claimed: cssVar('--vscode-charts-purple', '#b180d7'),
    fd: cssVar('--vscode-charts-green', '#89d185'),
    bad: cssVar('--vscode-charts-red', '#f14c4c'),
    band: cssVar('--vscode-charts-yellow', '#cca700'),
  };
}


/** Bands drawn under the series, in canvas pixels, for both charts. */
function bandsHook(p: PlotPayload) {
  return (u: uPlot) => {
    const t = theme();
    const ctx = u.ctx;
    const { top, height } = u.bbox;
    const px = (x: number) => u.valToPos(x, 'x', true);
    ctx.save();
    for (const b of p.saturation) {
      const x0 = Math.max(px(b.from), u.bbox.left), x1 = Math.min(px(b.to), u.bbox.left + u.bbox.width);
      if (x1 <= x0) continue;
      ctx.globalAlpha = 0.14;
      ctx.fillStyle = t.band;
      ctx.fillRect(x0, top, x1 - x0, height);
    }
    for (const b of p.instability) {
      const x0 = Math.max(px(b.from), u.bbox.left), x1 = Math.min(px(b.to), u.bbox.left + u.bbox.width);
      if (x1 <= x0) continue;
      ctx.globalAlpha = 0.35;
      ctx.strokeStyle = t.bad;
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let x = x0 - height; x < x1; x += 8 * devicePixelRatio) {
        ctx.moveTo(Math.max(x, x0), top + height - Math.max(0, x0 - x));
        ctx.lineTo(Math.min(x + height, x1), top + Math.max(0, x + height - x1));
      }
      ctx.stroke();
    }
    ctx.restore();
  };
}

/** The worst point of a failed check: a ring on f′ at the true value and one at the claimed value. */
function worstHook(p: PlotPayload) {
  return (u: uPlot) => {
    const w = p.worst;
    if (!w) return;
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = theme().bad;
    ctx.lineWidth = 2 * devicePixelRatio;
    for (const y of [w.derivative, w.claimed]) {
      if (y === null || !Number.isFinite(y)) continue;
      ctx.beginPath();
      ctx.arc(u.valToPos(w.x, 'x', true), u.valToPos(y, 'y', true), 6 * devicePixelRatio, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.restore();
  };
}

/** The band labels as DOM, over the chart: readable, and visible to tests and screen readers. */
function labelBands(u: uPlot, p: PlotPayload): void {
  const over = u.over;
  over.querySelectorAll('.band-label').forEach((e) => e.remove());
  const add = (b: { from: number; to: number }, cls: string, text: string) => {
    const x0 = u.valToPos(Math.max(b.from, p.range[0]), 'x'), x1 = u.valToPos(Math.min(b.to, p.range[1]), 'x');
    if (!(x1 > x0)) return;
    const el = document.createElement('div');
    el.className = `band-label ${cls}`;
    el.textContent = text;
    el.style.left = `${x0}px`;
    el.style.width = `${x1 - x0}px`;
    el.dataset.from = String(b.from);
    el.dataset.to = String(b.to);
    over.appendChild(el);
  };
  for (const b of p.saturation) add(b, 'saturation', 'saturates');
  for (const b of p.instability) add(b, 'instability', 'unstable');
}

function chartOptions(p: PlotPayload, which: 'f' | 'df', width: number, height: number): uPlot.Options {
  const t = theme();
  const axis = { stroke: t.fg, grid: { stroke: t.grid, width: 1 }, ticks: { stroke: t.grid, width: 1 } };
  const series: uPlot.Series[] = [{ label: p.variable, value: (_u, v) => (v == null ? '—' : fmt(v)) }];
  if (which === 'f') {
    series.push({ label: 'f', stroke: t.f, width: 2, value: (_u, v) => (v == null ? '—' : fmt(v)) });
  } else {
    series.push({ label: 'f′ (exact)', stroke: t.df, width: 2, value: (_u, v) => (v == null ? '—' : fmt(v)) });
    if (p.claimed) series.push({ label: 'f′ as written', stroke: t.claimed, width: 2, dash: [6, 4], value: (_u, v) => (v == null ? '—' : fmt(v)) });
    series.push({ label: 'finite differences', stroke: t.fd, width: 0, paths: () => null, points: { show: true, size: 7, stroke: t.fd, fill: t.fd }, value: (_u, v) => (v == null ? '—' : fmt(v)) });
  }
  return {
    width, height,
    cursor: { sync: { key: 'gradlens' }, drag: { x: true, y: false, setScale: true } },
    scales: { x: { time: false, min: p.range[0], max: p.range[1] } },
    axes: [{ ...axis }, { ...axis, size: 60 }],
    series,
    legend: { live: true },
    hooks: {
      drawClear: [bandsHook(p)],
      draw: which === 'df' ? [worstHook(p), (u) => labelBands(u, p)] : [(u) => labelBands(u, p)],
      setSelect: [(u) => {
        // A drag selects a new x range: resample there (the derivative is exact only where computed).
        if (u.select.width < 4) return;
        const a = u.posToVal(u.select.left, 'x'), b = u.posToVal(u.select.left + u.select.width, 'x');
        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        requestRange([a, b]);
      }],
    },
  };
}

/** f′ and the finite-difference markers share one x array: the markers sit at their own x values, gaps elsewhere. */
function derivativeData(p: PlotPayload): uPlot.AlignedData {
  const xs = [...new Set([...p.x, ...p.fd.x])].sort((a, b) => a - b);
  const at = (x: number[], y: (number | null)[]) => {
    const m = new Map<number, number | null>();
    x.forEach((v, i) => m.set(v, y[i] ?? null));
    return xs.map((v) => (m.has(v) ? m.get(v)! : null));
  };
  const cols: (number | null)[][] = [at(p.x, p.derivative)];
  if (p.claimed) cols.push(at(p.x, p.claimed));
  cols.push(at(p.fd.x, p.fd.y));
  return [xs, ...cols] as uPlot.AlignedData;
}

function render(): void {
  const p = current;
  for (const c of charts) c.destroy();
  charts = [];
  if (!p) return;
  $('title').textContent = p.title;
  $('subtitle').textContent = p.subtitle;
  $<HTMLInputElement>('from').value = String(p.range[0]);
  $<HTMLInputElement>('to').value = String(p.range[1]);
  const verdict = $('verdict');
  verdict.textContent = p.verdict === 'mismatch' ? '✗ the written derivative is wrong' : p.verdict === 'ok' ? '✓ the written derivative is right' : p.verdict === 'unverified' ? '? not verified' : '';
  verdict.className = p.verdict ?? '';
  const bands: string[] = [];
  if (p.saturation.length) bands.push(`Saturation (|f′| below 1% of its peak): ${p.saturation.map((b) => `${fmt(b.from)} … ${fmt(b.to)}`).join(', ')}`);
  if (p.instability.length) bands.push(`Unstable in float64: ${p.instability.map((b) => `${fmt(b.from)} … ${fmt(b.to)}${b.suggestion ? ` (stable form: ${b.suggestion})` : ''}`).join(', ')}`);
  if (p.worst) bands.push(`Worst point of the check: ${p.variable} = ${fmt(p.worst.x)}${p.worst.derivative != null ? `, f′ = ${fmt(p.worst.derivative)}` : ''}${p.worst.claimed != null ? `, written = ${fmt(p.worst.claimed)}` : ''}`);
  $('bands').textContent = '';
  for (const b of bands) {
    const li = document.createElement('li');
    li.textContent = b;
    $('bands').appendChild(li);
  }
  const width = Math.max(240, $('charts').clientWidth - 8);
  const height = Math.max(140, Math.floor((window.innerHeight - 230) / 2));
  charts.push(new uPlot(chartOptions(p, 'f', width, height), [p.x, p.f] as uPlot.AlignedData, $('chart-f')));
  charts.push(new uPlot(chartOptions(p, 'df', width, height), derivativeData(p), $('chart-df')));
  document.body.dataset.ready = 'true';
}

let pending: ReturnType<typeof setTimeout> | null = null;
function requestRange(range: [number, number] | null): void {
  if (range && !(Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] < range[1])) {
    $('error').textContent = 'The range needs two numbers, low below high.';
    return;
  }
  $('error').textContent = '';
  if (pending) clearTimeout(pending);
  pending = setTimeout(() => vscode.postMessage({ type: 'range', range }), 120);
}

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  const m = e.data;
  if (m?.type === 'plot') {
    current = m.plot;
    vscode.setState(m.state); // for the serializer: the panel comes back after a window reload
    $('error').textContent = '';
    render();
  } else if (m?.type === 'error') {
    $('error').textContent = m.message;
  }
});

$('range-form').addEventListener('submit', (e) => {
  e.preventDefault();
  requestRange([Number($<HTMLInputElement>('from').value), Number($<HTMLInputElement>('to').value)]);
});
$('reset').addEventListener('click', () => requestRange(null));
let resize: ReturnType<typeof setTimeout> | null = null;
window.addEventListener('resize', () => { if (resize) clearTimeout(resize); resize = setTimeout(render, 100); });
// VS Code swaps the body's theme class on a theme change: redraw with the new colours.
new MutationObserver(() => render()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

vscode.postMessage({ type: 'ready' });
