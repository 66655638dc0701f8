/**
 * Findings as the editor shows them: diagnostics, hover text, code lenses and document symbols.
 * Pure functions of the cached findings; nothing here runs an analysis.
 */
import { showName } from '../text/opaque.js';
import {
  CodeLens, DiagnosticSeverity, SymbolKind, type Diagnostic, type DocumentSymbol, type MarkupContent, type Position, type Range,
} from 'vscode-languageserver';
// The catalog table alone: the core's index would bring mathjs into the server's main thread.
import { entryById } from '../core/catalog/entries.js';
import type { Finding } from '../documents/findings.js';
import { SERVER_COMMANDS } from '../shared/protocol.js';
import { formatNumber as fmt } from '../text/numbers.js';
import { readableMath } from '../text/readable.js';

export type SeverityName = 'error' | 'warning' | 'information' | 'hint';

export const SEVERITIES: Readonly<Record<SeverityName, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};


/** Where a problem with a whole run (timeout, binary content) is shown: the document's start. */
export const ORIGIN = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Scan range ends: an interval reaching them is unbounded on that side. */
const FAR = 999;

/**
 * Diagnostics for a document's findings. `relatedUri` names the document a related location is in
 * (a notebook's definition can be in another cell); by default the same document.
 */
export function toDiagnostics(uri: string, findings: readonly Finding[], mismatchSeverity: DiagnosticSeverity, relatedUri: (r: NonNullable<Finding['related']>[number]) => string = () => uri): Diagnostic[] {
  const out: Diagnostic[] = [];
  findings.forEach((f, index) => {
    let severity: DiagnosticSeverity | null = null;
    if (f.verdict === 'mismatch') severity = mismatchSeverity;
    else if (f.verdict === 'unverified') severity = DiagnosticSeverity.Hint;
    else if (f.kind === 'definition' && f.instability && f.instability.length > 0) severity = DiagnosticSeverity.Warning;
    if (severity === null) return;
    const d: Diagnostic = { range: f.range, severity, source: 'gradlens', message: f.message, code: f.verdict ?? 'instability', data: { index } };
    if (f.related?.length) d.relatedInformation = f.related.map((r) => ({ location: { uri: relatedUri(r), range: r.range }, message: r.message }));
    out.push(d);
  });
  return out;
}

export function contains(r: Range, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

export function size(r: Range): number {
  return (r.end.line - r.start.line) * 1e6 + (r.end.character - r.start.character);
}

/**
 * The innermost finding at a position (a claim inside a definition's range wins). People point at
 * the whole equation, so on a claim's left-hand side (`\frac{\partial L}{\partial z} = …`) the
 * claim answers too: the analysis gives each claim its equation's range.
 */
export function findingAt(findings: readonly Finding[], p: Position): number {
  const innermost = (range: (f: Finding) => Range | undefined) => {
    let best = -1;
    findings.forEach((f, i) => {
      const r = range(f);
      if (r && contains(r, p) && (best < 0 || size(r) < size(range(findings[best]!)!))) best = i;
    });
    return best;
  };
  const own = innermost((f) => f.range);
  return own >= 0 ? own : innermost((f) => f.equation);
}

export { formatNumber as fmt } from '../text/numbers.js';

function interval(from: number, to: number, v: string): string {
  if (from <= -FAR && to >= FAR) return 'everywhere';
  if (from <= -FAR) return `${v} < ${fmt(to)}`;
  if (to >= FAR) return `${v} > ${fmt(from)}`;
  return `${fmt(from)} < ${v} < ${fmt(to)}`;
}

export function catalogName(f: Finding): string | null {
  if (!f.name) return null;
  try { return entryById(f.name)?.title ?? f.name; } catch { return f.name; }
}

const KIND_WORDS: Readonly<Record<Finding['kind'], string>> = {
  definition: 'Definition', derivative: 'Derivative claim', equality: 'Equality claim', value: 'Value claim', limit: 'Limit claim',
};

const VERDICT_WORDS = { ok: '✓ right', mismatch: '✗ wrong', unverified: '? not verified' } as const;

/**
 * Hover text for a finding (Markdown). `input` is the variable its intervals are about; `image`
 * gives a rendered formula's data URI when one is ready (clients that asked for images), and the
 * Unicode text stays beside it for every client.
 */
export function hoverText(f: Finding, input: string | null, image: (formula: string) => string | null = () => null): MarkupContent {
  const v = input ? showName(input) : 'the input';
  const lines: string[] = [];
  const name = catalogName(f);
  lines.push(`**GradLens** · ${KIND_WORDS[f.kind]}${name ? ` — ${name}${f.category ? ` (${f.category})` : ''}` : ''}`);
  if (f.verdict) {
    const parts = [`**Verdict:** ${VERDICT_WORDS[f.verdict]}`];
    if (f.maxRelError !== null && f.maxRelError !== undefined) {
      // Infinite when the written form divides by zero or overflows somewhere the true one does not.
      parts.push(Number.isFinite(f.maxRelError) ? `max. relative error ${fmt(f.maxRelError)}` : 'max. relative error ∞ (the written form blows up at some points)');
    }
    if (f.worstPoint) parts.push(`worst at ${Object.entries(f.worstPoint).map(([k, x]) => `${showName(k)} = ${fmt(x)}`).join(', ')}`);
    lines.push(parts.join(' · '));
  }
  const formula = (label: string, text: string) => {
    lines.push(`**${label}:** \`${code(readableMath(text))}\``);
    const uri = image(text);
    if (uri) lines.push(`![${label}](${uri})`);
  };
  // What the reader came for first: the derivative (the right one, for a claim), then why.
  const derivativeLabel = f.kind === 'definition' ? 'Derivative' : 'Right derivative';
  if (f.kind === 'definition' && f.expression) formula('Expression', f.expression);
  if (f.derivative) formula(derivativeLabel, f.derivative);
  if (f.slip) lines.push(`**Likely slip:** ${escape(f.slip)}`);
  lines.push(escape(f.message));
  if (f.condition) lines.push(`**Holds for:** ${escape(f.condition)}`);
  if (f.kind !== 'definition' && f.expression) formula('As written', f.expression);
  if (f.saturation) {
    lines.push(f.saturation.length
      ? `**Saturation:** the gradient is below 1% of its peak for ${f.saturation.map((s) => interval(s.from, s.to, v)).join(' and ')}`
      : '**Saturation:** none on the scanned range');
  }
  if (f.instability) {
    lines.push(f.instability.length
      ? `**Instability (float64):** ${f.instability.map((s) => `${interval(s.from, s.to, v)}${s.suggestion ? ` — stable form \`${code(s.suggestion)}\`` : ''}`).join('; ')}`
      : '**Instability:** none found; float64 evaluation as written is accurate');
  }
  if (f.related?.length) lines.push(`Checked against ${f.related.map((r) => `${escape(r.message)} (line ${r.range.start.line + 1})`).join(', ')}`);
  return { kind: 'markdown', value: lines.join('\n\n') };
}

function escape(s: string): string {
  return s.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

function code(s: string): string {
  const t = s.length > 400 ? `${s.slice(0, 400)}…` : s;
  return t.replace(/`/g, "'");
}

export function lensable(f: Finding): boolean {
  return (f.kind === 'definition' && f.name !== null) || f.kind === 'derivative';
}

/** "Check gradient" on every lensable finding; "Plot" only where `plottable` says there is something to draw. */
export function toCodeLenses(uri: string, version: number, findings: readonly Finding[], plottable: (f: Finding) => boolean = () => true): CodeLens[] {
  const out: CodeLens[] = [];
  findings.forEach((f, index) => {
    if (!lensable(f)) return;
    const range = { start: f.range.start, end: f.range.start };
    const args = [{ uri, index, version }];
    out.push({ range, command: { title: 'Check gradient', command: SERVER_COMMANDS.checkGradient, arguments: args } });
    if (plottable(f)) out.push({ range, command: { title: 'Plot', command: SERVER_COMMANDS.plotData, arguments: args } });
  });
  return out;
}

export function toSymbols(findings: readonly Finding[]): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const f of findings) {
    if (f.kind === 'definition') {
      const head = f.message.replace(/^definition of /, '').split(/ is the |;| \(/)[0]!.trim() || 'definition';
      const name = catalogName(f);
      out.push({ name: short(head), detail: name ?? 'definition', kind: SymbolKind.Function, range: f.range, selectionRange: f.range });
    } else {
      out.push({ name: short(`${KIND_WORDS[f.kind]}: ${f.expression ?? f.message}`), detail: f.verdict ? VERDICT_WORDS[f.verdict] : '', kind: SymbolKind.Property, range: f.range, selectionRange: f.range });
    }
  }
  return out;
}

function short(s: string): string {
  const t = s.replace(/\s+/g, ' ');
  return t.length > 80 ? `${t.slice(0, 79)}…` : t || '?';
}
