/**
 * Entry point for finding math in a document: runs the scanner for the format, attaches pending
 * directives to the following region, and builds MathRegion records with position mapping.
 */
import { parseDirectiveComment } from './directives.js';
import { LineIndex } from './positions.js';
import { scanMarkdown } from './regions-markdown.js';
import { scanTex } from './regions-tex.js';
import { lineEnd, type ScanEvent } from './scan.js';
import type { Directive, MathRegion, SourceFormat } from './types.js';

export function findMathRegions(source: string, format: SourceFormat): MathRegion[] {
  if (typeof source !== 'string' || source.length === 0) return [];
  const index = new LineIndex(source);
  let events: ScanEvent[];
  try {
    events = format === 'tex' ? scanTex(source, index) : scanMarkdown(source, index);
  } catch {
    // The scanners are written not to throw; this keeps a bug there from taking down the caller.
    return [];
  }
  const regions: MathRegion[] = [];
  let pending: Directive[] = [];
  for (const ev of events) {
    if (ev.kind === 'directives') {
      pending.push(...ev.directives);
      continue;
    }
    const text = source.slice(ev.start, ev.end);
    const start = ev.start;
    regions.push({
      text,
      display: ev.display,
      env: ev.env,
      delimiter: ev.delimiter,
      range: { start: index.positionAt(ev.start), end: index.positionAt(ev.end) },
      offset: start,
      directives: [...pending, ...innerDirectives(text, start, index)],
      unterminated: ev.unterminated,
      positionAt: (offset: number) => index.positionAt(start + Math.max(0, Math.min(offset, text.length))),
    });
    pending = [];
  }
  return regions;
}

/** `% gradlens: …` comments inside the math itself apply to that region. */
function innerDirectives(text: string, base: number, index: LineIndex): Directive[] {
  if (!text.includes('gradlens')) return [];
  const out: Directive[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) {
      i++;
      continue;
    }
    if (c !== 37) continue;
    const eol = lineEnd(text, i);
    out.push(...parseDirectiveComment(text.slice(i + 1, eol), { start: index.positionAt(base + i), end: index.positionAt(base + eol) }));
    i = eol;
  }
  return out;
}
