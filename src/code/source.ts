/**
 * Turns file text into a TypeScript syntax tree without ever letting the parser overflow the
 * stack: TypeScript's recursive-descent parser dies near a few thousand nested brackets, so such
 * regions are blanked out (keeping line structure) and reported before parsing.
 */
import type * as T from 'typescript';
import { ts } from './ts.js';
import type { CodeDiagnostic, SourceRange } from './types.js';

/** Deepest bracket nesting handed to the parser; real code stays far below it. */
export const MAX_BRACKET_DEPTH = 400;
/** Larger files are not read: nobody writes an activation function in 20 MB. */
export const MAX_FILE_LENGTH = 20_000_000;

export interface ParsedSource {
  sf: T.SourceFile | null;
  diagnostics: CodeDiagnostic[];
}

export function scriptKindFor(path: string): T.ScriptKind {
  const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  switch (ext) {
    case 'tsx': return ts.ScriptKind.TSX;
    case 'ts': case 'mts': case 'cts': return ts.ScriptKind.TS;
    case 'jsx': return ts.ScriptKind.JSX;
    default: return ts.ScriptKind.JS;
  }
}

export function parseSource(path: string, text: string): ParsedSource {
  const diagnostics: CodeDiagnostic[] = [];
  const zero: SourceRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  if (text.length > MAX_FILE_LENGTH) {
    diagnostics.push({ message: `file is ${text.length} characters long; files over ${MAX_FILE_LENGTH} are not read`, range: zero });
    return { sf: null, diagnostics };
  }
  if (text.slice(0, 8192).includes('\u0000')) {
    diagnostics.push({ message: 'file looks binary (contains NUL bytes); not read', range: zero });
    return { sf: null, diagnostics };
  }
  const blanked = blankDeepRegions(text);
  for (const r of blanked.regions) {
    diagnostics.push({
      message: `too deeply nested (more than ${MAX_BRACKET_DEPTH} brackets); this part was not read`,
      range: { start: lineChar(text, r.start), end: lineChar(text, r.end) },
    });
  }
  const kind = scriptKindFor(path);
  let sf: T.SourceFile;
  try {
    sf = ts.createSourceFile(path, blanked.text, ts.ScriptTarget.Latest, true, kind);
  } catch (e) {
    if (!(e instanceof RangeError)) {
      diagnostics.push({ message: `file cannot be parsed (${(e as Error).message})`, range: zero });
      return { sf: null, diagnostics };
    }
    // Deep nesting without brackets (10k chained ternaries): find the top-level chunks the parser
    // cannot take, blank them, and parse the rest.
    const retry = blankUnparsableChunks(blanked.text, path, kind);
    for (const r of retry.regions) {
      diagnostics.push({ message: 'too deeply nested to parse; this part was not read', range: { start: lineChar(text, r.start), end: lineChar(text, r.end) } });
    }
    try {
      sf = ts.createSourceFile(path, retry.text, ts.ScriptTarget.Latest, true, kind);
    } catch {
      diagnostics.push({ message: 'file too deeply nested to parse', range: zero });
      return { sf: null, diagnostics };
    }
  }
  // parseDiagnostics is not in the public typings, but it is how TypeScript exposes syntax errors without a Program.
  const parseDiagnostics = (sf as unknown as { parseDiagnostics?: readonly T.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  for (const d of parseDiagnostics.slice(0, 100)) {
    const start = d.start ?? 0;
    diagnostics.push({
      message: `syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      range: { start: lineChar(text, start), end: lineChar(text, start + (d.length ?? 0)) },
    });
  }
  return { sf, diagnostics };
}

export function rangeOf(sf: T.SourceFile, node: T.Node): SourceRange {
  const start = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  const end = sf.getLineAndCharacterOfPosition(node.getEnd());
  return { start, end };
}

/** Chunks start at lines beginning a top-level declaration; each is parsed alone to find the culprits. */
function blankUnparsableChunks(text: string, path: string, kind: T.ScriptKind): { text: string; regions: Region[] } {
  const starts = [0];
  const re = /\n(?=export\b|function\b|const\b|let\b|var\b|class\b|async\b|module\b|exports\b|import\b|\/\/|\/\*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + 1);
  starts.push(text.length);
  const regions: Region[] = [];
  for (let i = 0; i + 1 < starts.length; i++) {
    const [a, b] = [starts[i]!, starts[i + 1]!];
    if (b <= a) continue;
    try {
      ts.createSourceFile(path, text.slice(a, b), ts.ScriptTarget.Latest, false, kind);
    } catch {
      regions.push({ start: a, end: b });
    }
  }
  let out = '';
  let last = 0;
  for (const r of regions) {
    out += text.slice(last, r.start) + text.slice(r.start, r.end).replace(/[^\n]/g, ' ');
    last = r.end;
  }
  return { text: out + text.slice(last), regions };
}

function lineChar(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  const stop = Math.min(offset, text.length);
  for (let i = 0; i < stop; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: stop - lineStart };
}

interface Region { start: number; end: number }

/**
 * Finds each top-level stretch (from depth 0 back to depth 0) that goes deeper than the limit and
 * replaces it by spaces. The scan knows strings, comments and template literals well enough; a
 * mistake only makes it blank more or less, never crash.
 */
function blankDeepRegions(text: string): { text: string; regions: Region[] } {
  const regions: Region[] = [];
  let depth = 0;
  let regionStart = 0; // where depth last left 0
  let tooDeep = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < n && text[i] !== c && !(c !== '`' && text[i] === '\n')) i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) regionStart = i;
      depth++;
      if (depth > MAX_BRACKET_DEPTH) tooDeep = true;
    } else if (c === ')' || c === ']' || c === '}') {
      if (depth > 0) depth--;
      if (depth === 0 && tooDeep) {
        regions.push({ start: regionStart, end: i + 1 });
        tooDeep = false;
      }
    }
    i++;
  }
  if (tooDeep) regions.push({ start: regionStart, end: n });
  if (regions.length === 0) return { text, regions };
  let out = '';
  let last = 0;
  for (const r of regions) {
    out += text.slice(last, r.start) + text.slice(r.start, r.end).replace(/[^\n]/g, ' ');
    last = r.end;
  }
  out += text.slice(last);
  return { text: out, regions };
}
