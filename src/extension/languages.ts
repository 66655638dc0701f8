/**
 * The document languages GradLens checks: the same list the server dispatches on. Plain text is
 * in because students hand in derivations as .txt with $…$ math; a text file without math costs a
 * scan and shows nothing.
 */
export const LANGUAGES = ['latex', 'tex', 'markdown', 'plaintext', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const;

/** Files "Check workspace" reads (derivations and code). */
export const WORKSPACE_GLOB = '**/*.{tex,md,markdown,txt,ts,tsx,mts,cts,js,jsx,mjs,cjs}';
