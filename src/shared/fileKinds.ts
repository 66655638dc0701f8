/**
 * The one table of which files GradLens reads and which analysis each goes through. The CLI, the
 * workspace walk, the language server, the VS Code client and package.json's activation events all
 * come from here (package.json is tested against it), so that a file kind added or dropped changes
 * everywhere at once. Dependency-free: the extension's client bundle imports it.
 */

/**
 * `tex` and `markdown` are derivations (they differ only in how math regions are found); `code` is
 * TS/JS; `python` is Python source; `notebook` is a Jupyter notebook (its Markdown cells are
 * derivations, its code cells Python).
 */
export type FileKind = 'tex' | 'markdown' | 'code' | 'python' | 'notebook';

/** The kinds an editor opens as text documents. */
export type TextDocumentKind = Exclude<FileKind, 'notebook' | 'python'>;

interface KindEntry {
  readonly kind: FileKind;
  /** File extensions, lower case, with the dot. */
  readonly extensions: readonly string[];
  /** VS Code / LSP language ids. */
  readonly languageIds: readonly string[];
  /**
   * Whether the editor checks these files as text documents. Notebooks reach the language server as
   * notebook documents instead (LSP 3.17 notebook sync, server/notebookSync.ts), and "Check
   * workspace" leaves them out: its positions would not name a cell.
   */
  readonly inEditor: boolean;
}

export const FILE_KINDS: readonly KindEntry[] = [
  // `.sty`/`.cls` hold macros, not derivations; `.bib` is references.
  { kind: 'tex', extensions: ['.tex', '.latex', '.ltx'], languageIds: ['latex', 'tex', 'latex-expl3'], inEditor: true },
  // Plain text is in because students hand in derivations as .txt with $…$ math.
  { kind: 'markdown', extensions: ['.md', '.markdown', '.mdx', '.txt'], languageIds: ['markdown', 'plaintext', 'mdx'], inEditor: true },
  { kind: 'code', extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'], languageIds: ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'], inEditor: true },
  // Python is read by `gradlens check` (its parser loads asynchronously, before the run); the
  // editor does not check it yet (no language id, so the client does not select it).
  { kind: 'python', extensions: ['.py'], languageIds: [], inEditor: false },
  { kind: 'notebook', extensions: ['.ipynb'], languageIds: [], inEditor: false },
];

/** Every language id GradLens reads (the client's document selector, the activation events). */
export const LANGUAGE_IDS: readonly string[] = FILE_KINDS.flatMap((k) => k.languageIds);

/** Every extension the editor checks, without the dot (for a `**∕*.{…}` glob). */
export const EXTENSIONS: readonly string[] = FILE_KINDS.filter((k) => k.inEditor).flatMap((k) => k.extensions.map((e) => e.slice(1)));

/** Type declarations have no bodies to check. */
const DECLARATION = /\.d\.[cm]?ts$/i;

/** The kind of a file by its name or path (a URI's path works too), or null when GradLens does not read it. */
export function kindOfPath(path: string): FileKind | null {
  const p = path.replace(/[?#].*$/, '').toLowerCase();
  if (DECLARATION.test(p)) return null;
  const dot = p.lastIndexOf('.');
  if (dot < 0 || p.lastIndexOf('/') > dot) return null;
  const ext = p.slice(dot);
  return FILE_KINDS.find((k) => k.extensions.includes(ext))?.kind ?? null;
}

/** The kind of a document by its language id, or null when the id is not one GradLens reads. */
export function kindOfLanguage(languageId: string | undefined): FileKind | null {
  if (!languageId) return null;
  return FILE_KINDS.find((k) => k.languageIds.includes(languageId))?.kind ?? null;
}

/**
 * An open text document's kind: its language id first, the file name for untitled or unknown ids;
 * null for kinds the editor does not check (a notebook opened as JSON text is not a notebook document).
 */
export function kindOfDocument(languageId: string | undefined, uriOrPath: string): TextDocumentKind | null {
  if (DECLARATION.test(uriOrPath.replace(/[?#].*$/, ''))) return null;
  const kind = kindOfLanguage(languageId) ?? kindOfPath(uriOrPath);
  return kind !== null && kind !== 'notebook' && kind !== 'python' && FILE_KINDS.find((k) => k.kind === kind)!.inEditor ? kind : null;
}

/** The phrase for a file GradLens does not read, listing what it does. */
export const UNREAD_KIND_REASON = 'not a derivation (.tex, .md, .txt), a Jupyter notebook (.ipynb), a Python file (.py) or a TypeScript/JavaScript file: not checked';
