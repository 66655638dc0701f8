/**
 * `npm run bench corpus`: accuracy on the development corpora of public documents and code
 * (manifests and labels only; the third-party files are pulled by each corpus's `pull` script
 * into a folder outside the repository, see bench/corpus/README.md).
 */
import { runDerivationCorpus } from './derivations/score.js';
import { runCodeCorpus } from './code/score.js';

export async function runCorpusBenchmarks(): Promise<void> {
  await runDerivationCorpus();
  await runCodeCorpus();
  await (await import('./python/score.js')).runPythonCorpus(); // Python files and notebooks (issue 15)
}
