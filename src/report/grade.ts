/**
 * Grading one submission: its files analysed as `gradlens check` analyses them (code files of a
 * hand-in together, so a gradient in a sibling file pairs up), and each wrong claim made ready for
 * the report: where it is, the claim as written and the right derivative as rendered math, the slip.
 */
import type { Finding } from '../documents/findings.js';
import { mathjs } from '../core/expr/mathjs.js';
import { formulaTex } from '../server/formulaTex.js';
import { analyzeSources, isCode } from '../workspace/sources.js';
import { kindOfPath } from '../shared/fileKinds.js';
import { readNotebook } from '../notebooks/notebook.js';
import { readHandIn } from './handIn.js';
import { takeGlyphs, texSvg } from './math.js';
import type { GradedClaim, GradeOptions, SubmissionResult } from './types.js';

/** The claim as written is shown up to this many characters (a whole paragraph of LaTeX is not a claim). */
const MAX_WRITTEN = 600;

type Parse = Parameters<typeof formulaTex>[1];
/** The analysis's own mathjs instance (one instance, one set of node classes, in the bundle once). */
const parser = (): Parse => ((text: string) => mathjs.parse(text)) as Parse;

function sliceOf(lines: readonly string[], f: Finding): string {
  const { start, end } = f.range;
  if (start.line === end.line) return (lines[start.line] ?? '').slice(start.character, end.character);
  const first = (lines[start.line] ?? '').slice(start.character);
  const middle = lines.slice(start.line + 1, end.line);
  const last = (lines[end.line] ?? '').slice(0, end.character);
  return [first, ...middle, last].join('\n');
}

/** TeX of a mathjs formula as GradLens prints it for hovers, or null. */
function mathTex(formula: string | null): string | null {
  if (!formula) return null;
  try { return formulaTex(formula, parser()); } catch { return null; }
}

/**
 * What a claim in a derivation looks like as TeX: its source, without the alignment marks and line
 * breaks of an align environment (they mean nothing outside it).
 */
function writtenTex(written: string): string {
  return written.replace(/(^|[^\\])&/g, '$1').replace(/\\\\\s*$/, '').trim();
}

function claimOf(file: string, lines: readonly string[], f: Finding, code: boolean, withMath: boolean): GradedClaim {
  const written = code ? (lines[f.range.start.line] ?? '').trim() : sliceOf(lines, f);
  const shown = written.length > MAX_WRITTEN ? `${written.slice(0, MAX_WRITTEN)}…` : written;
  const writtenSource = code ? mathTex(f.expression) : written.length <= MAX_WRITTEN ? writtenTex(written) : null;
  const rightTex = mathTex(f.derivative);
  return {
    file, line: f.range.start.line + 1, column: f.range.start.character + 1, kind: f.kind, name: f.name, message: f.message,
    written: shown,
    writtenSvg: withMath && writtenSource ? texSvg(writtenSource) : null,
    right: f.derivative,
    rightSvg: withMath && rightTex ? texSvg(rightTex) : null,
    slip: f.slip ?? null, slipKind: f.slipKind ?? null, worstPoint: f.worstPoint,
  };
}

function cellLines(text: string): string[][] | null {
  try { return readNotebook(text).cells.map((c) => c.source.split('\n')); } catch { return null; }
}

export function gradeSubmission(path: string, options: GradeOptions = {}): SubmissionResult {
  const started = performance.now();
  const handIn = readHandIn(path);
  const readable = handIn.files.filter((f) => f.text !== null).map((f) => ({ path: f.path, text: f.text! }));
  const reports = analyzeSources(readable, options);
  const result: SubmissionResult = {
    id: handIn.id, path, files: handIn.files.map((f) => ({ name: f.name, error: f.error })), skipped: handIn.skipped,
    checked: 0, right: 0, wrong: [], unverified: [], error: handIn.error, glyphs: {}, ms: 0,
  };
  reports.forEach((report, i) => {
    const file = handIn.files.filter((f) => f.text !== null)[i]!;
    // A file that reads as text but not as what it claims to be (a broken notebook) is listed with the reason.
    if (report.error) {
      const listed = result.files.find((f) => f.name === file.name);
      if (listed && !listed.error) listed.error = report.error;
    }
    const lines = readable[i]!.text.split('\n');
    const code = isCode(file.path);
    // A notebook's findings are placed in its cells: their lines are the cell's, and the place names the cell.
    const cells = kindOfPath(file.path) === 'notebook' ? cellLines(readable[i]!.text) : null;
    for (const f of report.findings) {
      const where = cells && f.cell !== undefined ? { name: `${file.name}, cell ${f.cell + 1}`, lines: cells[f.cell] ?? [] } : { name: file.name, lines };
      if (f.verdict === null) continue;
      result.checked++;
      if (f.verdict === 'ok') result.right++;
      else if (f.verdict === 'mismatch') result.wrong.push(claimOf(where.name, where.lines, f, code, true));
      else result.unverified.push(claimOf(where.name, where.lines, f, code, false));
    }
  });
  result.glyphs = takeGlyphs();
  result.ms = performance.now() - started;
  return result;
}
