/**
 * `npm run bench holdout`: the same figures as the development corpora, on held-out documents and
 * code from repositories neither development corpus draws from (bench/corpus/holdout/README.md).
 * The scorers are the development ones, pointed at this folder's manifests and labels.
 */
import { join } from 'node:path';
import { runDerivationCorpus } from '../derivations/score.js';
import { runCodeCorpus } from '../code/score.js';

export async function runHoldoutBenchmarks(): Promise<void> {
  await runDerivationCorpus(join(__dirname, 'derivations'), 'holdout-derivations', 'held-out derivations');
  await runCodeCorpus(join(__dirname, 'code'), 'holdout-code', 'held-out code');
}
