/**
 * grades.csv: one row per submission, for a spreadsheet or an LMS import. RFC 4180 quoting; a cell
 * a spreadsheet would take for a formula (=, +, -, @ first, as a file name may start) gets a leading
 * apostrophe, the usual guard against formula injection from student-chosen names.
 */
import { firstWrong, type SubmissionResult } from './types.js';

export const CSV_HEADER = ['id', 'files', 'claims', 'right', 'wrong', 'unverified', 'first_wrong_line', 'problem'] as const;

export function csvCell(v: string | number): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function problem(r: SubmissionResult): string {
  const bad = r.files.filter((f) => f.error).map((f) => `${f.name}: ${f.error}`);
  return [r.error, ...bad].filter(Boolean).join('; ');
}

export function gradesCsv(results: readonly SubmissionResult[]): string {
  const rows = results.map((r) => [r.id, r.files.map((f) => f.name).join(' '), r.checked, r.right, r.wrong.length, r.unverified.length, firstWrong(r), problem(r)]);
  return `${[CSV_HEADER as readonly (string | number)[], ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
