/**
 * Incremental document analysis: unchanged equations are not checked again after an edit elsewhere.
 *
 * `analyzeDocument` is a pure function of the text, but a region's findings depend on everything
 * before it (definitions in force, the previous display for `$$= 0$$`), on the region after it (a
 * definition in words, "let $a$ be $b$"), and on document-wide context (macros, names used as
 * functions, the names read as the number of terms in a sum). So each region gets a cumulative key: a hash of the global context and of every
 * region up to and including it (its text, directives and the prose just before it). After an edit,
 * j is the first region whose key changed; regions before j − 1 keep their findings (moved to their
 * new positions), and the document is analysed again with the text of those reused regions blanked
 * out (same length, same line breaks, so every position stays valid) — except regions that define
 * something, neighbour a definition, or whose findings cannot be moved, which stay live. Every step
 * that could change what the live regions see is verified (same regions found, same macros, same
 * function names, and, from the analysis' own trace, no live `$$= …$$` continuing a reused region);
 * when any check fails the whole document is analysed.
 */
import { LineIndex } from '../text/positions.js';
import { createHash } from 'node:crypto';
import { analyzeDocument, analyzeDocumentTraced, dimensionNames, proseDefinitions, type DocumentOptions } from './analyzeDocument.js';
import { movePositions, rangesOf, type Finding } from './findings.js';
import { collectFunctionNames, collectMacros, findMathRegions } from '../latex/index.js';
import type { MathRegion, Position, SourceFormat, SourceRange } from '../latex/types.js';

export interface AnalysisStats {
  regions: number;
  /** Regions whose findings were reused without checking them again. */
  reused: number;
  /** True when the whole document was analysed (first run, or a check forbade reuse). */
  full: boolean;
  reason: string | null;
}

interface StoredFinding {
  finding: Finding;
  /** Source offsets of every position in the finding, in the order of rangesOf. */
  offsets: number[];
}

interface DocumentState {
  globalKey: string;
  keys: string[];
  regions: { offset: number; length: number }[];
  byRegion: StoredFinding[][];
  functionNames: boolean[];
}

export { LineIndex };


function hash(s: string): string {
  return createHash('sha1').update(s).digest('hex');
}

/** A cache of per-region findings for each open document. */
export class RegionCache {
  private readonly docs = new Map<string, DocumentState>();

  forget(uri: string): void { this.docs.delete(uri); }
  clear(): void { this.docs.clear(); }
  /** Documents whose regions are kept. */
  get size(): number { return this.docs.size; }

  analyze(uri: string, text: string, format: SourceFormat, options: DocumentOptions): { findings: Finding[]; stats: AnalysisStats } {
    const regions = findMathRegions(text, format);
    const names = regions.map((r) => collectFunctionNames(r.text));
    const macros = format === 'tex' ? JSON.stringify([...collectMacros(text)].sort(([a], [b]) => (a < b ? -1 : 1))) : '';
    const globalKey = hash(JSON.stringify([format, options, [...new Set(names.flat())].sort(), macros, [...dimensionNames(text)].sort()]));
    const keys: string[] = [];
    let prev = globalKey;
    // What the analysis reads outside a region's own text is the prose that links two inline
    // formulas into a definition (its own rule, asked here, not copied).
    const prose = proseDefinitions(text, regions);
    regions.forEach((r, k) => {
      const segment = JSON.stringify([
        r.text, r.delimiter, r.display, r.env, r.unterminated, r.directives.map((d) => [d.key, d.args, d.unknown, d.error]),
        prose.get(k) ?? null, prose.has(k - 1),
      ]);
      prev = hash(prev + segment);
      keys.push(prev);
    });

    const old = this.docs.get(uri);
    let j = 0;
    if (old && old.globalKey === globalKey) while (j < keys.length && j < old.keys.length && keys[j] === old.keys[j]) j++;

    const index = new LineIndex(text);
    const plan = old && j > 1 ? this.plan(old, j, regions, text, format) : null;
    let findings: Finding[];
    let stats: AnalysisStats;
    let byRegion: StoredFinding[][];
    // A live region that continues an equation whose head was blanked out read a placeholder: the
    // analysis says which regions continued which, and then the whole document is read again.
    const fresh = plan && typeof plan !== 'string' ? analyzeDocumentTraced(plan.synthetic, format, options) : null;
    const broken = fresh && plan && typeof plan !== 'string' && fresh.continuations.some((c) => c.from >= 0 && plan.blanked[c.from]) ? 'a display continues one that was reused' : null;
    if (fresh && !broken && plan && typeof plan !== 'string') {
      const freshBy = attribute(fresh.findings, regions, index);
      byRegion = freshBy.map((found, k) => (plan.blanked[k] ? plan.moved[k]! : found));
      stats = { regions: regions.length, reused: plan.blanked.filter(Boolean).length, full: false, reason: null };
    } else {
      byRegion = attribute(analyzeDocument(text, format, options), regions, index);
      stats = { regions: regions.length, reused: 0, full: true, reason: broken ?? (typeof plan === 'string' ? plan : old ? (j <= 1 ? 'the first regions changed' : null) : 'first run') };
    }
    findings = byRegion.flat().map((s) => s.finding);
    this.docs.set(uri, {
      globalKey, keys, byRegion,
      regions: regions.map((r) => ({ offset: r.offset, length: r.text.length })),
      functionNames: names.map((n) => n.length > 0),
    });
    if (this.docs.size > 64) this.docs.delete(this.docs.keys().next().value!);
    return { findings, stats };
  }

  /** Which regions can be reused and the text to analyse, or the reason none can. */
  private plan(old: DocumentState, j: number, regions: MathRegion[], text: string, format: SourceFormat):
    { synthetic: string; blanked: boolean[]; moved: (StoredFinding[] | null)[] } | string {
    const index = new LineIndex(text);
    const blanked: boolean[] = regions.map(() => false);
    const moved: (StoredFinding[] | null)[] = regions.map(() => null);
    const defines = (k: number) => old.byRegion[k]!.some((s) => s.finding.kind === 'definition');
    // A definition in words ("let $a$ be $b$") is attributed to the first region and reaches into the next.
    const reachesNext = (k: number) => k >= 0 && old.byRegion[k]!.some((s) => s.offsets.some((o) => o > old.regions[k]!.offset + old.regions[k]!.length));
    const mapOffset = (o: number): number | null => {
      for (let r = 0; r < j; r++) {
        const a = old.regions[r]!;
        if (o >= a.offset && o <= a.offset + a.length) return regions[r]!.offset + (o - a.offset);
      }
      return null;
    };
    for (let k = 0; k < j - 1; k++) {
      if (defines(k) || reachesNext(k - 1) || old.functionNames[k]) continue;
      const out: StoredFinding[] = [];
      let ok = true;
      for (const s of old.byRegion[k]!) {
        const offsets = s.offsets.map(mapOffset);
        if (offsets.some((o) => o === null)) { ok = false; break; }
        out.push({ finding: relocate(s.finding, offsets as number[], index), offsets: offsets as number[] });
      }
      if (!ok) continue;
      blanked[k] = true;
      moved[k] = out;
    }
    if (!blanked.some(Boolean)) return 'no region could be reused';
    // Blank the reused regions: same length and line breaks, so positions stay valid.
    let synthetic = '';
    let at = 0;
    regions.forEach((r, k) => {
      if (!blanked[k]) return;
      synthetic += text.slice(at, r.offset) + blank(r.text);
      at = r.offset + r.text.length;
    });
    synthetic += text.slice(at);
    const again = findMathRegions(synthetic, format);
    if (again.length !== regions.length || again.some((r, k) => r.offset !== regions[k]!.offset || r.text.length !== regions[k]!.text.length || r.delimiter !== regions[k]!.delimiter)) {
      return 'blanking changed the regions found';
    }
    if (format === 'tex' && JSON.stringify([...collectMacros(synthetic)]) !== JSON.stringify([...collectMacros(text)])) return 'macros are defined inside math';
    return { synthetic, blanked, moved };
  }
}

/** Replaces a region's text by a lone `0` and spaces, keeping line breaks. */
function blank(s: string): string {
  const out = s.replace(/[^\r\n]/g, ' ').split('');
  const first = out.indexOf(' '), last = out.lastIndexOf(' ');
  if (first >= 0) { out[first] = '0'; out[last] = '0'; }
  return out.join('');
}

/** Groups findings by the region they belong to: the first ending at or after their start (directives sit before their region). */
function attribute(findings: Finding[], regions: MathRegion[], index: LineIndex): StoredFinding[][] {
  // One bucket per region and one for anything after the last region.
  const out: StoredFinding[][] = [...regions.map(() => []), []];
  for (const f of findings) {
    const offsets = rangesOf(f).flatMap((r) => [index.offsetAt(r.start), index.offsetAt(r.end)]);
    const start = offsets[0]!;
    let k = regions.findIndex((r) => start <= r.offset + r.text.length);
    if (k < 0) k = regions.length;
    out[k]!.push({ finding: f, offsets });
  }
  return out;
}

function relocate(f: Finding, offsets: number[], index: LineIndex): Finding {
  let i = 0;
  return movePositions(f, () => {
    const range = { start: index.positionAt(offsets[i]!), end: index.positionAt(offsets[i + 1]!) };
    i += 2;
    return { range };
  });
}
