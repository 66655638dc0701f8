/** The real student derivations shipped beside the repo (../shared/seeds). */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SEEDS = [resolve(__dirname, '..', '..', '..', 'shared', 'seeds'), '/work/shared/seeds'].find((p) => existsSync(p)) ?? '';

export function seedNames(): string[] {
  return SEEDS ? readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort() : [];
}

export function seedText(prefix: string): { name: string; text: string } {
  const name = seedNames().find((n) => n.startsWith(prefix));
  if (!name) throw new Error(`seed ${prefix} not found in ${SEEDS}`);
  return { name, text: readFileSync(join(SEEDS, name), 'utf8') };
}
