/**
 * Copies the derivations corpus out of fetched snapshots into the cache folder, outside the repository:
 *   node --import tsx bench/corpus/derivations/pull.ts
 * Each manifest entry names a repository, a path and a commit; the file is read with
 * `git --git-dir /work/.mirror/owner+name/repo show COMMIT:path` (snapshots made by the search tool's
 * `fetch`), checked against its sha256 and written to $GRADLENS_CORPUS_DIR/derivations/<id>.<ext>.
 * Nothing from the snapshot is executed; third-party text never enters the repository.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `round`: the round of documents an entry was added in (absent for the first rounds); the scorer prints each numbered round apart. */
export interface ManifestEntry { id: string; repo: string; path: string; commit: string; sha256: string; format: 'tex' | 'markdown'; file: string; round?: number }

const here = __dirname;
export const repoRoot = join(here, '..', '..', '..');

/** `set` names the corpus: 'derivations' (development) or another folder such as 'holdout-derivations'. */
export function corpusDir(set = 'derivations'): string {
  return join(process.env.GRADLENS_CORPUS_DIR ?? join(repoRoot, '..', 'corpus-cache'), set);
}

/** `dir` is the folder holding manifest.json (this one by default; bench/corpus/holdout/derivations for the held-out set). */
export function readManifest(dir = here): ManifestEntry[] {
  return (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { documents: ManifestEntry[] }).documents;
}

function gitDir(repo: string): string | null {
  const base = join(process.env.GRADLENS_MIRROR_DIR ?? '/work/.mirror', repo.replace('/', '+'), 'repo');
  if (existsSync(join(base, '.git'))) return join(base, '.git');
  return existsSync(base) ? base : null;
}

export function pull(dir = here, set = 'derivations'): { pulled: number; missing: string[] } {
  const out = corpusDir(set);
  mkdirSync(out, { recursive: true });
  const missing: string[] = [];
  let pulled = 0;
  for (const e of readManifest(dir)) {
    const dir = gitDir(e.repo);
    if (!dir) { missing.push(`${e.id}: no snapshot of ${e.repo}`); continue; }
    const r = spawnSync('git', ['--git-dir', dir, 'show', `${e.commit}:${e.path}`], { maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) { missing.push(`${e.id}: ${String(r.stderr).trim()}`); continue; }
    const sha = createHash('sha256').update(r.stdout).digest('hex');
    if (sha !== e.sha256) { missing.push(`${e.id}: sha256 differs`); continue; }
    writeFileSync(join(out, e.file), r.stdout);
    pulled++;
  }
  return { pulled, missing };
}

if (require.main === module) {
  const { pulled, missing } = pull();
  console.log(`pulled ${pulled} documents into ${corpusDir()}`);
  for (const m of missing) console.log(`  missing ${m}`);
  if (missing.length) process.exitCode = 1;
}
