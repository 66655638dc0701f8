// Shared helpers for the code-checking tests: fixtures, `// expect:` annotations, finding lookup.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readCode, pairFiles } from '../../src/code/pairing.js';
import type { GradientPair } from '../../src/code/types.js';
import type { FileReport, Finding } from '../../src/documents/findings.js';

export const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'code');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export interface Expectation {
  file: string;
  /** 0-based line of the code the annotation is above. */
  line: number;
  verdict: 'ok' | 'mismatch' | 'unverified';
  why: string;
}

export function expectations(file: string, text = fixture(file)): Expectation[] {
  const lines = text.split('\n');
  const out: Expectation[] = [];
  lines.forEach((l, i) => {
    const m = /\/\/ expect: (ok|mismatch|unverified)\s*(?:\((.*)\))?/.exec(l);
    if (!m) return;
    let j = i + 1;
    while (j < lines.length && /^\s*(\/\/|\/\*\*|\*)/.test(lines[j]!)) j++;
    out.push({ file, line: j, verdict: m[1] as Expectation['verdict'], why: m[2] ?? '' });
  });
  return out;
}

/** Fixture files (the path a test reads them as, and their text), siblings included. */
export function fixtureFiles(): { name: string; path: string; text: string }[] {
  const top = readdirSync(FIXTURES).filter((n) => /\.(ts|js)(\.txt)?$/.test(n)).map((n) => ({ name: n, path: n.replace(/\.txt$/, ''), text: fixture(n) }));
  const sib = readdirSync(join(FIXTURES, 'siblings')).map((n) => ({ name: `siblings/${n}`, path: `siblings/${n}`, text: fixture(`siblings/${n}`) }));
  return [...top, ...sib];
}

/** The pairs of every fixture file, by the file of the gradient (sibling pairs included). */
export function pairsOf(files: { path: string; text: string }[]): GradientPair[] {
  const sib = files.filter((f) => f.path.startsWith('siblings/'));
  const rest = files.filter((f) => !f.path.startsWith('siblings/'));
  return [...rest.flatMap((f) => readCode(f.path, f.text).pairs), ...pairFiles(sib).pairs];
}

/** The derivative finding reported for the gradient of `pair`. */
export function findingFor(report: FileReport, pair: GradientPair): Finding {
  const r = pair.gradient.nameRange;
  const f = report.findings.find((x) => x.kind === 'derivative' && x.range.start.line === r.start.line && x.range.start.character === r.start.character);
  assert.ok(f, `no derivative finding for ${pair.gradient.qualifiedName} in ${report.path}; have ${report.findings.map((x) => `${x.kind}@${x.range.start.line + 1}`).join(', ')}`);
  return f;
}

export function derivativeFindings(report: FileReport): Finding[] {
  return report.findings.filter((f) => f.kind === 'derivative');
}

/** The one derivative finding whose message starts with `name`. */
export function about(report: FileReport, name: string): Finding {
  const f = report.findings.find((x) => x.kind === 'derivative' && x.message.startsWith(`${name} `));
  assert.ok(f, `no derivative finding about ${name}; have:\n${report.findings.map((x) => x.message).join('\n')}`);
  return f;
}
