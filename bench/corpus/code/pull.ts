// Copies the code corpus out of fetched snapshots (the `fetch` tool's /work/.mirror/owner+name git
// directories) into $GRADLENS_CORPUS_DIR/code/<owner+name>/, one folder per repository, checking
// each file's sha256 against the manifest. Third-party code never enters this repository.
// Usage: node --import tsx bench/corpus/code/pull.ts   (exit 1 when a file is missing or differs)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const here = __dirname;
const root = resolve(here, '../../..');
export const corpusDir = resolve(process.env.GRADLENS_CORPUS_DIR ?? join(root, '..', 'corpus-cache'));
const mirror = process.env.GRADLENS_MIRROR_DIR ?? '/work/.mirror';

/** `set` names the corpus's cache folder: 'code' (development) or e.g. 'holdout-code'. */
export function repoFolder(repo: string, set = 'code'): string {
  return join(corpusDir, set, repo.replace('/', '+'));
}

function gitDir(repo: string): string {
  const base = join(mirror, repo.replace('/', '+'), 'repo');
  return existsSync(join(base, '.git')) ? join(base, '.git') : base;
}

interface Manifest {
  repos: { repo: string; commit: string; files: { path: string; sha256: string }[] }[];
}

/** `dir` holds manifest.json (this folder by default; bench/corpus/holdout/code for the held-out set). */
export function pull(dir = here, set = 'code'): { files: number; repos: number; problems: string[] } {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const problems: string[] = [];
  let n = 0;
  for (const r of manifest.repos) {
    for (const f of r.files) {
      let bytes: Buffer;
      try {
        bytes = execFileSync('git', ['--git-dir', gitDir(r.repo), 'show', `${r.commit}:${f.path}`], { maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
      } catch {
        problems.push(`${r.repo}@${r.commit.slice(0, 8)}:${f.path}: not in the snapshot (fetch github:${r.repo} first)`);
        continue;
      }
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (sha !== f.sha256) {
        problems.push(`${r.repo}:${f.path}: sha256 ${sha} differs from the manifest`);
        continue;
      }
      const out = join(repoFolder(r.repo, set), f.path);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, bytes);
      n++;
    }
  }
  return { files: n, repos: manifest.repos.length, problems };
}

if (require.main === module) {
  const r = pull();
  for (const p of r.problems) console.error(p);
  console.log(`${r.files} files from ${r.repos} repositories into ${join(corpusDir, 'code')}`);
  process.exit(r.problems.length > 0 ? 1 : 0);
}
