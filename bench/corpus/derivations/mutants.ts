/**
 * One-slip mutants of the corpus's right claims, written as mutated copies of the pulled documents
 * into $GRADLENS_CORPUS_DIR/derivations/mutants/ (never into the repository). Each right claim whose
 * label gives its right-hand side as written (`rhs_tex`) yields a flipped-sign mutant, plus the
 * slips its label spells out (y for 1 − y, a missing square, a dropped factor, e^{x} for e^{-x});
 * check_labels.py confirms with SymPy that every mutant is wrong. The mutated line is recorded.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir, readManifest } from './pull.js';

export interface Instance { lhs: string; rhs: string }
export interface Claim {
  line: number; label: 'right' | 'wrong' | 'n/a'; kind: string;
  instances?: Instance[]; rhs_tex?: string; note?: string;
  mutants?: { kind: string; tex: string; rhs: string }[];
}
export interface Mutant { id: string; doc: string; line: number; kind: string; file: string; format: 'tex' | 'markdown' }

const here = __dirname;

export function readLabels(dir = here): Record<string, Claim[]> {
  return (JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as { documents: Record<string, Claim[]> }).documents;
}

/** Writes the mutants and returns them; a claim whose rhs_tex is not found on its line yields none (reported). */
export function makeMutants(dir = here, set = 'derivations'): { mutants: Mutant[]; problems: string[] } {
  const labels = readLabels(dir);
  const out = join(corpusDir(set), 'mutants');
  mkdirSync(out, { recursive: true });
  const mutants: Mutant[] = [];
  const problems: string[] = [];
  for (const doc of readManifest(dir)) {
    const claims = labels[doc.id] ?? [];
    const path = join(corpusDir(set), doc.file);
    if (!existsSync(path)) continue;
    const lines = readFileSync(path, 'utf8').split('\n');
    for (const c of claims) {
      if (c.label !== 'right' || !c.rhs_tex) continue;
      const text = lines[c.line - 1] ?? '';
      const at = text.indexOf(c.rhs_tex);
      if (at < 0) { problems.push(`${doc.id}:${c.line}: rhs_tex not found on the line`); continue; }
      const slips = [{ kind: 'sign', tex: `-\\left(${c.rhs_tex}\\right)` }, ...(c.mutants ?? [])];
      for (const s of slips) {
        const mutated = lines.slice();
        mutated[c.line - 1] = text.slice(0, at) + s.tex + text.slice(at + c.rhs_tex.length);
        const id = `${doc.id}--${c.line}-${s.kind}`;
        const file = `${id}${doc.file.slice(doc.file.lastIndexOf('.'))}`;
        writeFileSync(join(out, file), mutated.join('\n'));
        mutants.push({ id, doc: doc.id, line: c.line, kind: s.kind, file: join('mutants', file), format: doc.format });
      }
    }
  }
  writeFileSync(join(out, 'mutants.json'), JSON.stringify(mutants, null, 1));
  return { mutants, problems };
}

if (require.main === module) {
  const { mutants, problems } = makeMutants();
  console.log(`${mutants.length} mutants written to ${join(corpusDir(), 'mutants')}`);
  for (const p of problems) console.log(`  ${p}`);
}
