/**
 * `npm run bench corpus`: GradLens on the derivations corpus (public documents by other authors, see
 * ../README.md). Pulls the files from fetched snapshots when they are missing, writes the one-slip
 * mutants, runs the real document analysis on every file and prints: right claims verified, wrong
 * claims caught, mutants caught, false alarms (a mismatch on a line labelled right or n/a, or on a line
 * with no labelled claim) and slips named right. Figures only; nothing here is a test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../../src/documents/analyzeDocument.js';
import type { Finding } from '../../../src/documents/findings.js';
import { corpusDir, pull, readManifest, type ManifestEntry } from './pull.js';
import { makeMutants, readLabels, type Claim, type Mutant } from './mutants.js';

/** The slip kinds a mutant of each kind should be named by. */
const EXPECTED_SLIP: Record<string, string[]> = { sign: ['sign'], 'label-swap': ['label-swap'], factor: ['factor'], square: ['factor', 'chain'], exp: ['sign', 'chain'] };

function claimsOn(findings: Finding[], line: number): Finding[] {
  return findings.filter((f) => f.kind !== 'definition' && f.range.start.line + 1 <= line && line <= f.range.end.line + 1);
}

/** `dir`/`set`: the corpus folder and its cache folder (the development corpus by default; the held-out one is bench/corpus/holdout). */
export async function runDerivationCorpus(dir = __dirname, set = 'derivations', title = 'derivations corpus'): Promise<void> {
  const all = readManifest(dir);
  if (all.some((d) => !existsSync(join(corpusDir(set), d.file)))) {
    const { missing } = pull(dir, set);
    if (missing.length) console.log(`${title}: ${missing.length} documents could not be pulled (fetch their repositories first)`);
  }
  const labels = readLabels(dir);
  const { mutants: allMutants } = makeMutants(dir, set);
  tally(all, allMutants, labels, set, title, true);
  // A round of documents added later (manifest `round`) is printed apart as well, so that the figures it
  // showed when first seen (before any fix for it) stay comparable with the rounds the rules were tuned on.
  const rounds = [...new Set(all.map((d) => d.round).filter((r): r is number => r !== undefined))].sort();
  for (const r of rounds) {
    const ids = new Set(all.filter((d) => d.round === r).map((d) => d.id));
    tally(all.filter((d) => ids.has(d.id)), allMutants.filter((m) => ids.has(m.doc)), labels, set, `  of which round ${r}`, false);
  }
}

function tally(manifest: ManifestEntry[], mutants: Mutant[], labels: Record<string, Claim[]>, set: string, title: string, whole: boolean): void {
  let right = 0, verified = 0, unverifiedRight = 0, wrong = 0, caught = 0, falseAlarms = 0, slipsRight = 0, slipsExpected = 0;
  // "ok on a wrong claim": a line labelled wrong (or a mutated line) that got verdict ok and no mismatch,
  // the worst outcome after a false alarm (a slip carried through a chain checked against the wrong step).
  let okOnWrong = 0, okOnMutant = 0;
  const okWrong: string[] = [];
  const alarms: string[] = [], missed: string[] = [], missedWrong: string[] = [];
  let docs = 0;
  for (const d of manifest) {
    const path = join(corpusDir(set), d.file);
    if (!existsSync(path)) continue;
    docs++;
    const findings = analyzeDocument(readFileSync(path, 'utf8'), d.format);
    const claims = labels[d.id] ?? [];
    const wrongLines = new Set(claims.filter((c) => c.label === 'wrong').map((c) => c.line));
    for (const f of findings) {
      if (f.verdict !== 'mismatch') continue;
      const lines = Array.from({ length: f.range.end.line - f.range.start.line + 1 }, (_, k) => f.range.start.line + 1 + k);
      if (!lines.some((l) => wrongLines.has(l))) { falseAlarms++; alarms.push(`${d.id}:${f.range.start.line + 1}: ${f.message.slice(0, 110)}`); }
    }
    for (const c of claims) {
      const on = claimsOn(findings, c.line);
      if (c.label === 'right') {
        right++;
        if (on.some((f) => f.verdict === 'ok') && !on.some((f) => f.verdict === 'mismatch')) verified++;
        else if (!on.some((f) => f.verdict === 'mismatch')) { unverifiedRight++; missed.push(`${d.id}:${c.line}: ${on.length ? on[0]!.message.slice(0, 100) : 'no finding'}`); }
      } else if (c.label === 'wrong') {
        wrong++;
        if (on.some((f) => f.verdict === 'mismatch')) caught++;
        else missedWrong.push(`${d.id}:${c.line}: ${on.length ? on[0]!.message.slice(0, 100) : 'no finding'}`);
        if (on.some((f) => f.verdict === 'mismatch')) { /* caught */ } else if (on.some((f) => f.verdict === 'ok')) { okOnWrong++; okWrong.push(`${d.id}:${c.line}`); }
      }
    }
  }
  let mCaught = 0;
  for (const m of mutants) {
    const findings = analyzeDocument(readFileSync(join(corpusDir(set), m.file), 'utf8'), m.format);
    const hit = claimsOn(findings, m.line).find((f) => f.verdict === 'mismatch');
    if (!hit) {
      const seen = claimsOn(findings, m.line);
      missedWrong.push(`mutant ${m.id} (${m.kind}): ${seen.length ? seen[0]!.message.slice(0, 100) : 'no finding'}`);
      if (claimsOn(findings, m.line).some((f) => f.verdict === 'ok')) { okOnMutant++; okWrong.push(`${m.file}:${m.line} (mutant)`); }
      continue;
    }
    mCaught++;
    slipsExpected++;
    if (hit.slipKind && (EXPECTED_SLIP[m.kind] ?? []).includes(hit.slipKind)) slipsRight++;
  }
  const pct = (a: number, b: number) => (b ? `${Math.round((100 * a) / b)}%` : '–');
  console.log(`${whole ? '\n' : ''}${title} (${docs} documents, ${manifest.filter((d) => d.format === 'tex').length} LaTeX, ${new Set(manifest.map((d) => d.repo)).size} repositories${whole ? '; labels checked by check_labels.py' : ''})`);
  console.log(`  right claims verified  ${verified}/${right} (${pct(verified, right)}); ${unverifiedRight} unverified or without a finding`);
  console.log(`  wrong claims caught    ${caught}/${wrong}`);
  console.log(`  mutants caught         ${mCaught}/${mutants.length} (${pct(mCaught, mutants.length)})`);
  console.log(`  false alarms           ${falseAlarms}`);
  console.log(`  ok on a wrong claim    ${okOnWrong} of ${wrong} wrong claims, ${okOnMutant} of ${mutants.length} mutants`);
  console.log(`  slips named right      ${slipsRight}/${slipsExpected} caught mutants (${pct(slipsRight, slipsExpected)})`);
  if (process.env.GRADLENS_CORPUS_VERBOSE && whole) {
    for (const a of alarms) console.log(`  false alarm ${a}`);
    for (const m of missed) console.log(`  not verified ${m}`);
    for (const o of okWrong) console.log(`  ok on a wrong claim ${o}`);
    for (const w of missedWrong) console.log(`  missed ${w}`);
  } else if (alarms.length && whole) console.log(`  (GRADLENS_CORPUS_VERBOSE=1 lists them)`);
}
