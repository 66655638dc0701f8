/** Tiny benchmark helpers: side-by-side timing in one process, and a target line per claim. */
import { spawnSync } from 'node:child_process';

/** Median of `rounds` timings of fn (ms), after warm-up. */
export function timeMs(fn: () => void, rounds = 15, warmup = 5): number {
  for (let i = 0; i < warmup; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const s = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)]!;
}

/** Interleaves the contenders round by round so machine noise hits them alike. */
export function compareMs(contenders: Record<string, () => void>, rounds = 15, warmup = 5): Record<string, number> {
  const names = Object.keys(contenders);
  for (let i = 0; i < warmup; i++) for (const n of names) contenders[n]!();
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < rounds; i++) {
    for (const n of names) {
      const s = process.hrtime.bigint();
      contenders[n]!();
      times[n]!.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
  }
  return Object.fromEntries(names.map((n) => { const t = times[n]!.sort((a, b) => a - b); return [n, t[Math.floor(t.length / 2)]!]; }));
}

export const results: { name: string; value: string; target: string; met: boolean }[] = [];

export function target(name: string, value: string, targetText: string, met: boolean): void {
  results.push({ name, value, target: targetText, met });
  console.log(`  ${met ? 'met   ' : 'MISSED'}  ${name}: ${value}  (target ${targetText})`);
}

export function sci(v: number, d = 2): string {
  return v === 0 ? '0' : v.toExponential(d);
}

/** Wall time of a Node process (the CLI as users run it), start-up included. */
export function wallMs(args: string[]): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
