/** Scores GradLens on the derivations corpus (see ../README.md). Not built yet. */
export async function runDerivationCorpus(): Promise<void> {
  console.log('\nderivations corpus: not built yet');
}
