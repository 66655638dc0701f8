/**
 * The document languages GradLens checks: the same list the server dispatches on. Plain text is
 * in because students hand in derivations as .txt with $…$ math; a text file without math costs a
 * scan and shows nothing.
 */
export const LANGUAGES = ['latex', 'tex', 'markdown', 'plaintext', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const;

/** Files "Check workspace" reads (derivations and code). */
export const WORKSPACE_GLOB = '**/*.{tex,md,markdown,txt,ts,tsx,mts,cts,js,jsx,mjs,cjs}';

/** The language id of a file by its extension, as VS Code would assign it. */
export function languageOfPath(path: string): string | null {
  const ext = /\.([A-Za-z]+)$/.exec(path)?.[1]?.toLowerCase();
  switch (ext) {
    case 'tex': return 'latex';
    case 'md': case 'markdown': return 'markdown';
    case 'txt': return 'plaintext';
    case 'ts': case 'mts': case 'cts': return 'typescript';
    case 'tsx': return 'typescriptreact';
    case 'js': case 'mjs': case 'cjs': return 'javascript';
    case 'jsx': return 'javascriptreact';
    default: return null;
  }
}
