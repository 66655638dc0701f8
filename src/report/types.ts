/** What grading a class produces: one result per submission, the rows and sections of the report. */

/** A claim as the report shows it. Lines and columns are 1-based, as people count them. */
export interface GradedClaim {
  file: string;
  line: number;
  column: number;
  kind: string;
  /** Catalog name of the function the claim is about (sigmoid, binary_cross_entropy), or null. */
  name: string | null;
  message: string;
  /** The claim as the student wrote it (LaTeX from a derivation, or the line of code). */
  written: string;
  writtenSvg: string | null;
  /** The right derivative (mathjs text) and its rendering, for wrong claims. */
  right: string | null;
  rightSvg: string | null;
  slip: string | null;
  slipKind: string | null;
  worstPoint: Record<string, number> | null;
}

export interface GradedFile {
  /** Path relative to the submission (its own name for a one-file submission). */
  name: string;
  /** Why it was not checked, or null. */
  error: string | null;
}

export interface SubmissionResult {
  /** The student's id: the submission's file name without extension, or its folder's name. */
  id: string;
  /** The path given on the command line. */
  path: string;
  files: GradedFile[];
  /** Files in a hand-in folder that GradLens does not read (a PDF, a scan), listed, not errors. */
  skipped: string[];
  checked: number;
  right: number;
  wrong: GradedClaim[];
  unverified: GradedClaim[];
  /** Why the submission as a whole could not be graded (nothing readable in it), or null. */
  error: string | null;
  /** Glyph paths the formulas of this result use (see math.ts). */
  glyphs: Record<string, string>;
  ms: number;
}

export interface GradeOptions {
  rtol?: number;
  atol?: number;
  samples?: number;
}

/** Whether any file of the submission, or the submission itself, could not be read. */
export function unreadable(r: SubmissionResult): boolean {
  return r.error !== null || r.files.some((f) => f.error !== null);
}

/** "answers.md:12", the first wrong step in reading order, or ''. */
export function firstWrong(r: SubmissionResult): string {
  const w = r.wrong[0];
  return w ? `${w.file}:${w.line}` : '';
}
