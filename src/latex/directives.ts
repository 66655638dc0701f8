/**
 * `gradlens:` directives written in comments. The scanners find the comments; this module turns
 * their text into Directive records and checks the arguments of the keys we know.
 */
import { checkOptionValue } from '../core/check/tolerance.js';
import type { Directive, SourceRange } from './types.js';

const PREFIX = /^\s*gradlens\s*:/i;

const isNumber = (s: string): boolean => s.trim() !== '' && Number.isFinite(Number(s));

/** Returns an error message for bad arguments, or null. */
const CHECKS: Readonly<Record<string, (args: string[]) => string | null>> = {
  range: (a) =>
    a.length === 2 && isNumber(a[0]!) && isNumber(a[1]!) && Number(a[0]) < Number(a[1])
      ? null
      : 'range needs two numbers, low then high: gradlens: range -10 10',
  // Values by the one rule for check options (core/check/tolerance.ts), as flags and settings are.
  tolerance: (a) =>
    a.length === 1 || a.length === 2
      ? (checkOptionValue('rtol', a[0]).error ?? (a.length === 2 ? checkOptionValue('atol', a[1]).error : undefined) ?? null)
      : 'tolerance needs a relative tolerance and optionally an absolute one: gradlens: tolerance 1e-6 1e-9',
  samples: (a) => (a.length === 1 ? checkOptionValue('samples', a[0]).error ?? null : 'samples needs one whole number: gradlens: samples 500'),
  ignore: (a) => (a.length === 0 ? null : 'ignore takes no arguments'),
};

/** True when a comment's text (without `%` or `<!-- -->`) is a gradlens directive. */
export function isDirectiveComment(comment: string): boolean {
  return PREFIX.test(comment);
}

/**
 * Parses the text of one comment. Several directives may share a comment, separated by `;`.
 * Returns [] when the comment is not a directive.
 */
export function parseDirectiveComment(comment: string, range: SourceRange): Directive[] {
  const m = PREFIX.exec(comment);
  if (!m) return [];
  const body = comment.slice(m[0].length);
  const out: Directive[] = [];
  for (const part of body.split(';')) {
    const words = part.trim().split(/\s+/).filter((w) => w !== '');
    if (words.length === 0) continue;
    const key = words[0]!.toLowerCase();
    const args = words.slice(1);
    const check = Object.prototype.hasOwnProperty.call(CHECKS, key) ? CHECKS[key] : undefined;
    out.push({ key, args, range, unknown: check === undefined, error: check ? check(args) : null });
  }
  if (out.length === 0) out.push({ key: '', args: [], range, unknown: true, error: 'empty gradlens directive' });
  return out;
}
