/**
 * Findings in the short forms a client shows outside hovers: one-line labels for a quick pick
 * ("∂h/∂z = h(1 − h) (line 21)"), the findings under a cursor or selection, and a document's counts
 * for a status bar ("∇ 12 ok, 1 wrong").
 */
import type { Position, Range } from 'vscode-languageserver';
import type { Finding } from '../documents/findings.js';
import type { Counts, FindingSummary } from '../shared/protocol.js';
import { catalogName, size } from './present.js';
import { readableTex } from '../text/readable.js';

export type { Counts, FindingSummary } from '../shared/protocol.js';

export function counts(findings: readonly Finding[]): Counts {
  const c: Counts = { ok: 0, wrong: 0, unverified: 0, definitions: 0 };
  for (const f of findings) {
    if (f.kind === 'definition') c.definitions++;
    if (f.verdict === 'ok') c.ok++;
    else if (f.verdict === 'mismatch') c.wrong++;
    else if (f.verdict === 'unverified') c.unverified++;
  }
  return c;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Ranges that share a point (an empty range, a cursor, touches a finding at either end). */
export function intersects(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

const LABEL_CHARS = 72;

const CODE_KIND: Readonly<Record<Finding['kind'], string>> = {
  definition: 'definition', derivative: 'gradient', equality: 'equality', value: 'value', limit: 'limit',
};

/** One line naming a finding: the formula as written (in Unicode) for derivations, the function's name and role for code. */
export function findingLabel(f: Finding, source: string, code: boolean): string {
  const line = ` (line ${f.range.start.line + 1})`;
  const text = source.replace(/\s+/g, ' ').trim();
  let label: string;
  if (code) {
    const role = f.kind === 'definition' ? catalogName(f) ?? 'definition' : `${CODE_KIND[f.kind]}${f.name ? ` of ${catalogName(f)}` : ''}`;
    label = `${text || '?'}: ${role}`;
  } else {
    label = readableTex(text) || f.expression || f.kind;
  }
  return `${label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label}${line}`;
}

/**
 * What a derivation's claim is labelled with: its range is its right-hand side only, so the
 * left-hand side the analysis recorded (Finding.subject) is put back: `h(1 + h)` reads
 * `∂h/∂z = h(1 + h)`, and `… =` stands for members in between.
 */
export function claimSource(f: Finding, own: string): string {
  const lhs = f.subject?.text.replace(/&/g, '').trim();
  if (!lhs) return own;
  return f.subject!.adjacent ? `${lhs} = ${own}` : `${lhs} = … = ${own}`;
}

/**
 * The findings whose range meets `range`, innermost first; when none does, those on its lines (a
 * claim's range is its right-hand side, and a cursor on the left-hand side means the same claim).
 */
export function findingsIn(findings: readonly Finding[], range: Range, text: (r: Range) => string, code: boolean): FindingSummary[] {
  const source = (f: Finding) => (code || f.kind === 'definition' ? text(f.range) : claimSource(f, text(f.range)));
  const lines = (r: Range): Range => ({ start: { line: r.start.line, character: 0 }, end: { line: r.end.line, character: Number.MAX_SAFE_INTEGER } });
  const all = findings.map((f, index) => ({ f, index }));
  let hit = all.filter(({ f }) => intersects(f.range, range));
  if (hit.length === 0) hit = all.filter(({ f }) => intersects(lines(f.range), lines(range)));
  return hit
    .sort((a, b) => size(a.f.range) - size(b.f.range) || a.index - b.index)
    .map(({ f, index }) => ({ index, kind: f.kind, name: f.name, label: findingLabel(f, source(f), code), range: f.range, verdict: f.verdict }));
}
