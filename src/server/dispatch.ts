/**
 * Which analysis a document goes through, by its language id (falling back to the file name for
 * untitled or unknown ids). Derivations go through the region cache; code goes to the code checker.
 * The server's main thread imports this: it must not pull in the analysis (the TypeScript compiler
 * alone is 9 MB of bundle to parse at start-up), which lives in the worker.
 */
import type { SourceFormat } from '../latex/types.js';

export type DocumentKind = SourceFormat | 'code';

const BY_LANGUAGE: Readonly<Record<string, DocumentKind>> = {
  latex: 'tex', tex: 'tex', 'latex-expl3': 'tex', bibtex: 'tex',
  markdown: 'markdown', plaintext: 'markdown', mdx: 'markdown',
  typescript: 'code', typescriptreact: 'code', javascript: 'code', javascriptreact: 'code',
};

/** The kind of a document, or null for documents GradLens does not read. */
export function documentKind(languageId: string | undefined, uri: string): DocumentKind | null {
  const byId = languageId ? BY_LANGUAGE[languageId] : undefined;
  if (byId) return byId;
  const path = uri.replace(/[?#].*$/, '').toLowerCase();
  if (/\.(tex|latex|ltx)$/.test(path)) return 'tex';
  if (/\.(md|markdown|mdx|txt)$/.test(path)) return 'markdown';
  if (/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(path)) return 'code';
  return null;
}
