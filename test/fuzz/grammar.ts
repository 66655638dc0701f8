/**
 * Random documents from a grammar of the notation people use in derivations and gradient code,
 * then mutated the way real files go wrong (unbalanced braces, CR and mixed line ends, NULs and
 * lone surrogates, very long lines, deep nesting, huge exponents, functions of thousands of
 * parameters). Seeded and deterministic: the same seed gives the same documents.
 */
import { createRng } from '../../src/core/sampling/rng.js';

export type Rng = () => number;

/** The core's seeded PRNG (mulberry32): small, fast, good enough to pick grammar branches. */
export const rng: (seed: number) => Rng = createRng;

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

const VARS = ['x', 'z', 'u', 'a', 'w', 'y', 'p', 'z_i', 'x_1', '\\theta', '\\beta', 'h_2'];
const UNARY = ['\\sigma', '\\tanh', '\\exp', '\\log', '\\sin', '\\cos', '\\sqrt', '\\operatorname{softplus}', '\\operatorname{ReLU}', '\\max'];

/** A LaTeX expression of bounded depth. */
export function expr(r: Rng, depth = 3, v = pick(r, VARS)): string {
  if (depth <= 0 || r() < 0.25) return r() < 0.7 ? v : String(pick(r, [0, 1, 2, 0.5, 3, 10, -1, 1e-3]));
  const a = () => expr(r, depth - 1, v);
  switch (int(r, 0, 9)) {
    case 0: return `${a()} + ${a()}`;
    case 1: return `${a()} - ${a()}`;
    case 2: return `${a()} \\cdot ${a()}`;
    case 3: return `\\frac{${a()}}{${a()}}`;
    case 4: return `${v}^{${int(r, 2, 4)}}`;
    case 5: { const f = pick(r, UNARY); return f === '\\max' ? `\\max(0, ${a()})` : f === '\\sqrt' ? `\\sqrt{1 + ${v}^2}` : `${f}(${a()})`; }
    case 6: return `e^{${r() < 0.5 ? '-' : ''}${a()}}`;
    case 7: return `\\left(${a()}\\right)`;
    case 8: return `(1 - ${a()})`;
    default: return `${int(r, 1, 5)} ${a()}`;
  }
}

/** A line of a derivation: definitions, derivative claims (right or wrong), values, limits, prose. */
export function mathLine(r: Rng): string {
  const v = pick(r, VARS);
  const f = expr(r, 3, v);
  switch (int(r, 0, 8)) {
    case 0: return `Let $f(${v}) = ${f}$.`;
    case 1: return `$$\\frac{d}{d${v}} ${f} = ${expr(r, 2, v)}$$`;
    case 2: return `$\\frac{\\partial L}{\\partial ${v}} = ${expr(r, 2, v)}$`;
    case 3: return `$\\sigma(${v}) = \\frac{1}{1+e^{-${v}}}$ and $\\sigma'(${v}) = \\sigma(${v})(1-\\sigma(${v}))$`;
    case 4: return `$${f.replace(new RegExp(v.replace(/\\/g, '\\\\'), 'g'), '2')} = ${(r() * 10).toFixed(int(r, 0, 3))}$`;
    case 5: return `$\\lim_{${v}\\to${pick(r, ['\\infty', '-\\infty', '0'])}} ${f} = ${pick(r, ['0', '1', '\\infty'])}$`;
    case 6: return `\\begin{align} g(${v}) &= ${f} \\\\ g'(${v}) &= ${expr(r, 2, v)} \\end{align}`;
    case 7: return `We differentiate term by term, using the chain rule on ${v}.`;
    default: return `$\\sum_{i=1}^{${int(r, 1, 5)}} ${v}_i^2 = ${expr(r, 1, v)}$`;
  }
}

/** A TypeScript file of activations and their gradients, some right, some not. */
export function codeDocument(r: Rng): string {
  const out: string[] = [];
  for (let k = 0; k < int(r, 1, 6); k++) {
    const name = pick(r, ['sigmoid', 'softplus', 'swish', 'act', 'loss', 'tanhish']) + k;
    const body = pick(r, ['1 / (1 + Math.exp(-x))', 'Math.log(1 + Math.exp(x))', 'x / (1 + Math.exp(-x))', 'Math.tanh(x) * x', '0.5 * x * x', 'Math.max(0, x)']);
    const grad = pick(r, ['s * (1 - s)', '1 / (1 + Math.exp(-x))', 'Math.exp(x)', 'x', '1 - Math.tanh(x) ** 2', 'x > 0 ? 1 : 0']);
    out.push(`export function ${name}(x: number): number {\n  return ${body};\n}\n`);
    out.push(`/** @gradient ${name} */\nexport function ${name}Grad(x: number): number {\n  const s = ${name}(x);\n  return ${grad};\n}\n`);
  }
  return out.join('\n');
}

export type Kind = 'markdown' | 'latex' | 'code';

export interface FuzzDocument { name: string; kind: Kind; text: string; mutations: string[] }

/** Ways real files go wrong; `long` allows the costly ones (1 MB lines, 10,000-parameter functions). */
const MUTATIONS: { name: string; long?: boolean; apply(r: Rng, t: string): string }[] = [
  { name: 'unbalanced braces', apply: (r, t) => insertAt(r, t, pick(r, ['{', '}', '\\left(', '\\right)', '$', '$$', '\\begin{align}', '\\end{cases}'])) },
  { name: 'CR line ends', apply: (_r, t) => t.replace(/\n/g, '\r') },
  { name: 'mixed line ends', apply: (r, t) => t.replace(/\n/g, () => pick(r, ['\n', '\r\n', '\r'])) },
  { name: 'NUL bytes', apply: (r, t) => insertAt(r, t, '\u0000') },
  { name: 'lone surrogates', apply: (r, t) => insertAt(r, t, pick(r, ['\ud800', '\udfff', 'x\ud83d'])) },
  { name: 'truncated', apply: (r, t) => t.slice(0, Math.floor(t.length * r())) },
  { name: 'deep nesting', apply: (r, t) => `${t}\n$${'\\frac{1}{1+'.repeat(int(r, 50, 400))}x${'}'.repeat(int(r, 50, 400))} = 1$\n` },
  { name: 'huge exponents', apply: (r, t) => `${t}\n$${pick(r, ['10^{10^{10}}', '9^{9^9}', 'e^{1e8}', 'e^{e^{e^{e^{x}}}}', '2^{2^{2^{2^{2^{2}}}}}'])} = ${pick(r, ['1', '0', 'x'])}$\n` },
  { name: 'exploding definitions', apply: (r, t) => { const n = int(r, 8, 16); const c = pick(r, ['q', 'k', 'm']); const lines = [`$${c}_{0} = x$`]; for (let i = 1; i <= n; i++) lines.push(`$${c}_{${i}} = ${c}_{${i - 1}} ${c}_{${i - 1}} + ${c}_{${i - 1}}$`); lines.push(`$\\frac{d ${c}_{${n}}}{dx} = 1$`); return `${t}\n${lines.join('\n\n')}\n`; } },
  { name: 'long line', long: true, apply: (r, t) => `${t}\n${'$x + 1$ and '.repeat(int(r, 20_000, 90_000))}\n` },
  { name: 'many parameters', long: true, apply: (_r, t) => `${t}\n$f(${Array.from({ length: 10_000 }, (_, i) => `x_{${i}}`).join(', ')}) = x_{1}$\n` },
  { name: 'many-parameter code', long: true, apply: (_r, t) => `${t}\nexport function wide(${Array.from({ length: 10_000 }, (_, i) => `a${i}: number`).join(', ')}): number { return a1 * a2; }\n/** @gradient wide */\nexport function wideGrad(a1: number): number { return a1; }\n` },
];

function insertAt(r: Rng, t: string, s: string): string {
  const i = Math.floor(r() * (t.length + 1));
  return t.slice(0, i) + s + t.slice(i);
}

/** The n-th document of a seeded run. */
export function fuzzDocument(seed: number, n: number, opts: { long?: boolean } = {}): FuzzDocument {
  const r = rng(seed * 1_000_003 + n);
  const kind: Kind = pick(r, ['markdown', 'markdown', 'latex', 'code'] as const);
  let text: string;
  if (kind === 'code') text = codeDocument(r);
  else {
    const lines: string[] = kind === 'latex' ? ['\\documentclass{article}', '\\begin{document}'] : ['# Homework'];
    for (let i = 0; i < int(r, 3, 40); i++) lines.push(mathLine(r), '');
    if (kind === 'latex') lines.push('\\end{document}');
    text = lines.join('\n');
  }
  const mutations: string[] = [];
  const pool = MUTATIONS.filter((m) => opts.long || !m.long).filter((m) => kind !== 'code' || !/definitions|nesting|exponents|parameters$/.test(m.name) || m.name === 'many-parameter code');
  const count = r() < 0.3 ? 0 : int(r, 1, 3);
  for (let i = 0; i < count; i++) {
    const m = pick(r, pool);
    text = m.apply(r, text);
    mutations.push(m.name);
  }
  const ext = kind === 'code' ? 'ts' : kind === 'latex' ? 'tex' : 'md';
  return { name: `fuzz-${seed}-${n}.${ext}`, kind, text, mutations };
}

/** An edit to apply to a document: a random span replaced by a random piece of notation. */
export function fuzzEdit(seed: number, n: number, k: number, length: number): { start: number; end: number; text: string } {
  const r = rng(seed * 7919 + n * 104_729 + k);
  const start = Math.floor(r() * (length + 1));
  const end = Math.min(length, start + int(r, 0, 20));
  return { start, end, text: r() < 0.5 ? expr(r, 2) : pick(r, ['$', '}', '{', '\n', '\\frac{', ' = ', '\r\n', '']) };
}
