/**
 * The one table of which files GradLens reads and which analysis each goes through. The CLI, the
 * workspace walk, the language server, the VS Code client and package.json's activation events all
 * come from here (package.json is tested against it), so that a file kind added or dropped changes
 * everywhere at once. Dependency-free: the extension's client bundle imports it.
 */

/** `tex` and `markdown` are derivations (they differ only in how math regions are found); `code` is TS/JS. */
export type FileKind = 'tex' | 'markdown' | 'code';

interface KindEntry {
  readonly kind: FileKind;
  /** File extensions, lower case, with the dot. */
  readonly extensions: readonly string[];
  /** VS Code / LSP language ids. */
  readonly languageIds: readonly string[];
}

export const FILE_KINDS: readonly KindEntry[] = [
  // `.sty`/`.cls` hold macros, not derivations; `.bib` is references.
  { kind: 'tex', extensions: ['.tex', '.latex', '.ltx'], languageIds: ['latex', 'tex', 'latex-expl3'] },
  // Plain text is in because students hand in derivations as .txt with $…$ math.
  { kind: 'markdown', extensions: ['.md', '.markdown', '.mdx', '.txt'], languageIds: ['markdown', 'plaintext', 'mdx'] },
  { kind: 'code', extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'], languageIds: ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'] },
];

/** Every language id GradLens reads (the client's document selector, the activation events). */
export const LANGUAGE_IDS: readonly string[] = FILE_KINDS.flatMap((k) => k.languageIds);

/** Every extension GradLens reads, without the dot (for a `**∕*.{…}` glob). */
export const EXTENSIONS: readonly string[] = FILE_KINDS.flatMap((k) => k.extensions.map((e) => e.slice(1)));

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

/** An open document's kind: its language id first, the file name for untitled or unknown ids. */
export function kindOfDocument(languageId: string | undefined, uriOrPath: string): FileKind | null {
  if (DECLARATION.test(uriOrPath.replace(/[?#].*$/, ''))) return null;
  return kindOfLanguage(languageId) ?? kindOfPath(uriOrPath);
}

/** The phrase for a file GradLens does not read, listing what it does. */
export const UNREAD_KIND_REASON = 'not a derivation (.tex, .md, .txt) or a TypeScript/JavaScript file: not checked';
