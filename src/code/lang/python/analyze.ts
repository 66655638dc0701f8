/**
 * `gradlens check` on a Python file: lowered to the code model, read by the IR interpreter with
 * Python semantics (read.ts), and checked by the same checker as TS/JS (codecheck/analyzeCode.ts),
 * so a Python gradient gets the same verdicts, messages and rules (zero false alarms, output-form
 * helpers judged by their callers) as a TS one. Never throws.
 */
import { analyzeReadCode, MAX_FILE_CHARS, type CodeOptions } from '../../../codecheck/analyzeCode.js';
import type { FileReport } from '../../../documents/findings.js';
import type { ReadCodeResult } from '../../types.js';
import { readPythonModule } from './read.js';
import { pythonReader, pythonUnavailableReason } from './runtime.js';

/** Reads Python text (a file, or a notebook's joined code cells), or says why it cannot. */
export function readPython(path: string, text: string): ReadCodeResult | string {
  const lower = pythonReader();
  if (!lower) return pythonUnavailableReason();
  try {
    return readPythonModule(lower(path, text));
  } catch (e) {
    return `internal error while reading this file: ${(e as Error).message}`;
  }
}

export function analyzePython(path: string, text: string, options: CodeOptions = {}): FileReport {
  if (typeof text !== 'string') return { path, findings: [], error: 'not text: the file content is not a string' };
  if (text.length > MAX_FILE_CHARS) return { path, findings: [], error: `file too large to check (${(text.length / 1e6).toFixed(1)} million characters; the limit is ${MAX_FILE_CHARS / 1e6} million)` };
  const read = readPython(path, text);
  if (typeof read === 'string') return { path, findings: [], error: read };
  return analyzeReadCode(path, text, read, options);
}
