/** Pairs findings with a fixture's hand-checked expected claims (by line, then by text on the line). */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../src/documents/analyzeDocument.js';
import { kindOfPath } from '../../src/shared/fileKinds.js';
import type { Finding } from '../../src/documents/findings.js';

export interface ExpectedClaim {
  line: number;
  text: string;
  kind: string;
  verdict: 'ok' | 'mismatch' | 'unverified';
  slip: string | null;
  binaryLabelsOnly: boolean;
  note: string;
}

export interface Scored {
  file: string;
  expected: ExpectedClaim;
  got: Finding | null;
}

export const FIXTURES = join(__dirname, '..', 'fixtures', 'derivations');

export function fixtureDocuments(): string[] {
  return readdirSync(FIXTURES).filter((f) => /\.(tex|md)$/.test(f) && f !== 'README.md').sort();
}

export function scoreDocument(name: string): { scored: Scored[]; strayMismatches: Finding[]; findings: Finding[] } {
  const path = join(FIXTURES, name);
  const text = readFileSync(path, 'utf8');
  const lines = text.split(/\r?\n/);
  const expected = (JSON.parse(readFileSync(path.replace(/\.(tex|md)$/, '.expected.json'), 'utf8')) as { claims: ExpectedClaim[] }).claims;
  const findings = analyzeDocument(text, kindOfPath(path) === 'tex' ? 'tex' : 'markdown');
  const claims = findings.filter((f) => f.verdict !== null);
  const used = new Set<Finding>();
  const scored: Scored[] = expected.map((e) => {
    const onLine = claims.filter((f) => f.range.start.line === e.line && !used.has(f));
    let got: Finding | null = null;
    if (onLine.length === 1) got = onLine[0]!;
    else if (onLine.length > 1) {
      const src = lines[e.line] ?? '';
      const at = src.indexOf(e.text);
      got = onLine.find((f) => at >= 0 && f.range.start.character >= at - 2 && f.range.start.character <= at + e.text.length) ?? onLine[onLine.length - 1]!;
    }
    if (got) used.add(got);
    return { file: name, expected: e, got };
  });
  const listed = new Set(expected.map((e) => e.line));
  const strayMismatches = claims.filter((f) => f.verdict === 'mismatch' && !used.has(f) && !listed.has(f.range.start.line));
  return { scored, strayMismatches, findings };
}
