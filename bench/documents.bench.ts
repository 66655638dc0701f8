/**
 * Derivation checking at document scale: `gradlens check` on a 5,000-line Markdown document with
 * about 1,500 claims, as a process, against Node's own start-up measured in the same run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { target, median, wallMs } from './harness.js';

/** Problems in several notations and variable names, each with right and wrong claims. */
const PROBLEMS: ((v: string, k: number) => string[])[] = [
  (v, k) => [`Let the unit be $h_{${k}} = \\sigma(${v}) = \\frac{1}{1+e^{-${v}}}$.`, `$$\\frac{d h_{${k}}}{d ${v}} = h_{${k}}(1 - h_{${k}}) = \\frac{e^{-${v}}}{(1+e^{-${v}})^2}$$`, `$$\\frac{d}{d${v}}\\sigma(${v}) = \\sigma(${v})^2$$`, `so $\\sigma'(0) = 0.25$ and $\\sigma(2) \\approx 0.88$.`],
  (v) => [`$$\\frac{d}{d${v}} \\tanh(${v}) = 1 - \\tanh^2(${v})$$`, `$$\\frac{d}{d${v}} \\tanh(${v}) = 1 + \\tanh^2(${v})$$`],
  (v, k) => [`$$L_{${k}} = -\\left[y\\log p_{${k}} + (1-y)\\log(1-p_{${k}})\\right]$$`, `$$\\frac{\\partial L_{${k}}}{\\partial p_{${k}}} = \\frac{p_{${k}} - y}{p_{${k}}(1-p_{${k}})}$$`, `$$\\frac{\\partial L_{${k}}}{\\partial p_{${k}}} = \\frac{y - p_{${k}}}{p_{${k}}(1-p_{${k}})}$$`],
  (v, k) => [`$$\\ell_{${k}} = (t - w_{${k}} ${v})^2$$`, '', '\\begin{aligned}', `\\frac{\\partial \\ell_{${k}}}{\\partial w_{${k}}} &= 2(t - w_{${k}} ${v})(-${v}) \\\\`, `&= -2${v}(t - w_{${k}} ${v}) \\\\`, `&= -${v}(t - w_{${k}} ${v})`, '\\end{aligned}'],
  (v) => [`$$\\frac{d}{d${v}} \\log(1 + e^{${v}}) = \\frac{1}{1 + e^{-${v}}}$$`, `$$\\frac{d}{d${v}}\\max(0, ${v}) = \\begin{cases} 1 & ${v} > 0 \\\\ 0 & ${v} < 0 \\end{cases}$$`],
];
const VARS = ['z', 'x', 'u', 'a', 's', 'v'];

export function derivationDocument(targetLines = 5000): { text: string; claims: number } {
  const lines: string[] = ['# Generated problem set', ''];
  let claims = 0;
  for (let k = 0; lines.length < targetLines; k++) {
    const block = PROBLEMS[k % PROBLEMS.length]!(VARS[k % VARS.length]!, k);
    lines.push(`**Problem ${k + 1}.** Show your work.`, ...block, '');
    claims += block.filter((l) => /=/.test(l) && !/^Let/.test(l)).length + block.filter((l) => l.includes('\\approx') || l.includes("'(0)")).length;
  }
  return { text: lines.slice(0, targetLines).join('\n'), claims };
}


export function runDocumentBenchmarks(): void {
  console.log('\n== derivations ==');
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-bench-'));
  try {
    const { text } = derivationDocument(5000);
    const file = join(dir, 'problems.md');
    writeFileSync(file, text);
    const cli = resolve(__dirname, '..', 'bin', 'gradlens.js');
    const json = spawnSync(process.execPath, [cli, 'check', file, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const findings = (JSON.parse(json.stdout) as { files: { findings: { verdict: string | null }[] }[] }).files[0]!.findings;
    const claims = findings.filter((f) => f.verdict !== null).length;
    const wrong = findings.filter((f) => f.verdict === 'mismatch').length;
    const node = median([0, 1, 2, 3, 4].map(() => wallMs(['-e', '0'])));
    const check = median([0, 1, 2].map(() => wallMs([cli, 'check', file])));
    console.log(`  ${text.split('\n').length} lines, ${claims} claims (${wrong} wrong); gradlens check ${check.toFixed(0)} ms, node start-up ${node.toFixed(0)} ms`);
    target('gradlens check, 5,000-line document, time past Node start-up', `${(check - node).toFixed(0)} ms`, '≤ 1000 ms', check - node <= 1000 && claims >= 1400);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
