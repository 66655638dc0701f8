/**
 * Check results in words, for notifications and the output channel. Pure functions of the
 * server's JSON, so they are tested without an editor.
 */
import { showName } from '../text/opaque.js';
import type { Finding } from '../documents/findings.js';
import { formatNumber as number } from '../text/numbers.js';

const KIND: Readonly<Record<Finding['kind'], string>> = {
  definition: 'definition', derivative: 'derivative claim', equality: 'equality claim', value: 'value claim', limit: 'limit claim',
};

export { formatNumber as number } from '../text/numbers.js';

function point(p: Record<string, number>): string {
  return Object.entries(p).map(([k, v]) => `${showName(k)} = ${number(v)}`).join(', ');
}

/**
 * The reason part of a finding's message: messages start by quoting the claim ("<claim> is wrong:
 * …"), which a notification that already says "the claim on line N" need not repeat.
 */
function reason(message: string, verb: RegExp): string {
  const m = verb.exec(message);
  return m ? message.slice(m.index + m[0].length).trim() : message;
}

/** One line for a notification: the verdict first, then why. */
export function headline(f: Finding, line: number): string {
  const where = `line ${line + 1}`;
  if (f.verdict === 'ok') return `GradLens: ✓ the ${KIND[f.kind]} on ${where} is right${f.maxRelError != null && Number.isFinite(f.maxRelError) ? ` (max. relative error ${number(f.maxRelError)})` : ''}.`;
  if (f.verdict === 'mismatch') {
    const why = reason(f.message, / is wrong:/);
    return `GradLens: ✗ the ${KIND[f.kind]} on ${where} is wrong: ${why}${f.slip && !why.includes(f.slip) ? ` Likely slip: ${f.slip}.` : ''}`;
  }
  if (f.verdict === 'unverified') return `GradLens: ? the ${KIND[f.kind]} on ${where} could not be verified: ${reason(f.message, /(?: is| was) (?:not verified|unverified|not checked)[^:]*:/)}`;
  // A definition: what it is and where its gradient vanishes.
  const sat = f.saturation?.length ? `; saturates where ${f.saturation.map((s) => `${number(s.from)} … ${number(s.to)}`).join(' and ')}` : '';
  return `GradLens: ${f.message}${f.derivative ? `; derivative ${f.derivative}` : ''}${sat}.`;
}

/** The full report, for the output channel. */
export function details(f: Finding, definition: Finding | null, file: string): string {
  const lines = [`${file}:${f.range.start.line + 1}:${f.range.start.character + 1}  ${KIND[f.kind]}${f.name ? ` (${f.name})` : ''}`];
  lines.push(`  verdict:     ${f.verdict ?? '—'}`);
  lines.push(`  message:     ${f.message}`);
  if (f.expression) lines.push(`  expression:  ${f.expression}`);
  if (f.derivative) lines.push(`  ${f.kind === 'definition' ? 'derivative' : 'right derivative'}:  ${f.derivative}`);
  if (f.maxRelError != null) lines.push(`  max. relative error: ${number(f.maxRelError)}`);
  if (f.worstPoint) lines.push(`  worst point: ${point(f.worstPoint)}`);
  if (f.slip) lines.push(`  likely slip: ${f.slip}`);
  if (f.condition) lines.push(`  holds for:   ${f.condition}`);
  if (f.saturation?.length) lines.push(`  saturation:  ${f.saturation.map((s) => `[${number(s.from)}, ${number(s.to)}]`).join(', ')}`);
  if (f.instability?.length) lines.push(`  instability: ${f.instability.map((s) => `[${number(s.from)}, ${number(s.to)}]${s.suggestion ? ` → ${s.suggestion}` : ''}`).join(', ')}`);
  if (definition) lines.push(`  checked against the definition on line ${definition.range.start.line + 1}: ${definition.expression ?? definition.message}`);
  return lines.join('\n');
}

/** Status bar text for a document's counts. */
export function statusText(s: { ok: number; wrong: number; unverified: number; definitions: number; problem?: { short: string } | null }): string {
  // A run that could not be done says so rather than show counts of nothing.
  if (s.problem) return `∇ $(warning) ${s.problem.short}`;
  const parts = [`${s.ok} ok`];
  if (s.wrong) parts.push(`${s.wrong} wrong`);
  if (s.unverified) parts.push(`${s.unverified} unverified`);
  return s.ok + s.wrong + s.unverified === 0 ? `∇ ${s.definitions} defined` : `∇ ${parts.join(', ')}`;
}

