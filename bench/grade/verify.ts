/**
 * Reads a grading report back (its sections' data attributes) and compares it with what the
 * generated class must show: every injected slip in its student's section, nothing else flagged,
 * the unreadable hand-ins listed as such.
 */
import type { SlipKind, Student } from './makeClass.js';

export interface SectionRead { id: string; unreadable: boolean; wrong: { file: string; line: number; slip: string }[] }

function unescape(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

export function readSections(html: string): Map<string, SectionRead> {
  const out = new Map<string, SectionRead>();
  const parts = html.split('<section class="student"').slice(1);
  for (const part of parts) {
    const head = /^ id="s\d+" data-id="([^"]*)" data-unreadable="(true|false)"/.exec(part);
    if (!head) throw new Error(`a student section without its data attributes: ${part.slice(0, 80)}`);
    const wrong = [...part.matchAll(/<article class="claim" data-file="([^"]*)" data-line="(\d+)" data-slip="([^"]*)">/g)].map((m) => ({ file: unescape(m[1]!), line: Number(m[2]), slip: m[3]! }));
    out.set(unescape(head[1]!), { id: unescape(head[1]!), unreadable: head[2] === 'true', wrong });
  }
  return out;
}

export interface Verification {
  injected: number;
  found: number;
  /** Injected slips whose kind the report names the same way (sign, factor, chain). */
  named: Record<SlipKind, { injected: number; named: number }>;
  missing: string[];
  extra: string[];
  /** Flags the unmodified bases already get from `gradlens check` (see Expected.preexisting). */
  preexisting: string[];
  unreadableListed: number;
  unreadableExpected: number;
  problems: string[];
}

export function verify(students: readonly Student[], html: string): Verification {
  const sections = readSections(html);
  const v: Verification = { injected: 0, found: 0, named: { sign: { injected: 0, named: 0 }, factor: { injected: 0, named: 0 }, chain: { injected: 0, named: 0 } }, missing: [], extra: [], preexisting: [], unreadableListed: 0, unreadableExpected: 0, problems: [] };
  for (const s of students) {
    const sec = sections.get(s.id);
    if (!sec) { v.problems.push(`${s.id}: no section`); continue; }
    if (s.unreadable) {
      v.unreadableExpected++;
      if (sec.unreadable) v.unreadableListed++;
      else v.problems.push(`${s.id}: should be listed as unreadable (${s.unreadable})`);
    } else if (sec.unreadable) v.problems.push(`${s.id}: listed as unreadable`);
    const reported = new Map(sec.wrong.map((w) => [`${w.file}:${w.line}`, w]));
    for (const e of s.expected) {
      const key = `${e.file}:${e.line}`;
      const got = reported.get(key);
      if (e.injected) {
        v.injected++;
        v.named[e.injected].injected++;
        if (got) { v.found++; if (got.slip === e.injected) v.named[e.injected].named++; }
      }
      if (got && e.preexisting) v.preexisting.push(`${s.id} ${key}`);
      if (!got) v.missing.push(`${s.id} ${key}${e.injected ? ` (${e.injected})` : ' (known)'}`);
      reported.delete(key);
    }
    for (const key of reported.keys()) v.extra.push(`${s.id} ${key}`);
  }
  return v;
}
