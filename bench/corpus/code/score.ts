/** Scores GradLens on the code corpus (see ../README.md). Not built yet. */
export async function runCodeCorpus(): Promise<void> {
  console.log('\ncode corpus: not built yet');
}
