// Copies the Python and notebook corpus out of fetched snapshots (the `fetch` tool's
// /work/.mirror/owner+name git directories) into $GRADLENS_CORPUS_DIR/python/<owner+name>/, one
// folder per repository, checking each file's sha256 against manifest.json. The copying itself is
// the code corpus's (same manifest format); third-party code never enters this repository.
// Usage: node --import tsx bench/corpus/python/pull.ts   (exit 1 when a file is missing or differs)
import { join } from 'node:path';
import { corpusDir, pull as pullManifest, repoFolder } from '../code/pull.js';

export const SET = 'python';
export { corpusDir };

/** The cache folder of one repository of this corpus. */
export function pythonFolder(repo: string): string {
  return repoFolder(repo, SET);
}

export function pull(): { files: number; repos: number; problems: string[] } {
  return pullManifest(__dirname, SET);
}

if (require.main === module) {
  const r = pull();
  for (const p of r.problems) console.error(p);
  console.log(`${r.files} files from ${r.repos} repositories into ${join(corpusDir, SET)}`);
  process.exit(r.problems.length > 0 ? 1 : 0);
}
