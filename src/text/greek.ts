/**
 * The Greek alphabet as GradLens meets it: the TeX commands (`\alpha`, the `\var…` forms), the
 * Unicode letters people paste into Markdown math (α, and the variant glyphs ϵ ϑ ϕ), and the one
 * name each letter is known by once parsed (`epsilon` for \epsilon, \varepsilon, ε and ϵ). Parsing
 * (src/latex), display (hovers, TeX for rendered math) and the documents' own lookups all read this
 * table, so that a letter is never known to one of them and not another. Dependency-free.
 */
interface Letter {
  /** The name after parsing, also the TeX command. */
  name: string;
  /** Its Unicode letter. */
  char: string;
  /** TeX commands for the same letter (\varepsilon), and other Unicode glyphs for it (ϵ). */
  texVariants?: readonly string[];
  charVariants?: readonly string[];
}

const LETTERS: readonly Letter[] = [
  { name: 'alpha', char: 'α' }, { name: 'beta', char: 'β' }, { name: 'gamma', char: 'γ' }, { name: 'delta', char: 'δ' },
  { name: 'epsilon', char: 'ε', texVariants: ['varepsilon'], charVariants: ['ϵ'] }, { name: 'zeta', char: 'ζ' }, { name: 'eta', char: 'η' },
  { name: 'theta', char: 'θ', texVariants: ['vartheta'], charVariants: ['ϑ'] }, { name: 'iota', char: 'ι' },
  { name: 'kappa', char: 'κ', texVariants: ['varkappa'] }, { name: 'lambda', char: 'λ' }, { name: 'mu', char: 'μ' }, { name: 'nu', char: 'ν' },
  { name: 'xi', char: 'ξ' }, { name: 'pi', char: 'π' }, { name: 'rho', char: 'ρ', texVariants: ['varrho'] },
  { name: 'sigma', char: 'σ', texVariants: ['varsigma'] }, { name: 'tau', char: 'τ' }, { name: 'upsilon', char: 'υ' },
  { name: 'phi', char: 'φ', texVariants: ['varphi'], charVariants: ['ϕ'] }, { name: 'chi', char: 'χ' }, { name: 'psi', char: 'ψ' },
  { name: 'omega', char: 'ω' },
  { name: 'Gamma', char: 'Γ', texVariants: ['varGamma'] }, { name: 'Delta', char: 'Δ', texVariants: ['varDelta'] },
  { name: 'Theta', char: 'Θ', texVariants: ['varTheta'] }, { name: 'Lambda', char: 'Λ', texVariants: ['varLambda'] }, { name: 'Xi', char: 'Ξ' },
  { name: 'Pi', char: 'Π' }, { name: 'Sigma', char: 'Σ' }, { name: 'Upsilon', char: 'Υ' }, { name: 'Phi', char: 'Φ', texVariants: ['varPhi'] },
  { name: 'Psi', char: 'Ψ', texVariants: ['varPsi'] }, { name: 'Omega', char: 'Ω', texVariants: ['varOmega'] },
];

/** TeX command → the letter's name (`varepsilon` → `epsilon`). \varpi stays its own name: it is a different letter shape used as a different symbol. */
export const GREEK_TEX: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries([
  ...LETTERS.flatMap((l) => [[l.name, l.name], ...(l.texVariants ?? []).map((v) => [v, l.name])]),
  ['varpi', 'varpi'],
]));

/** Unicode letter → the letter's name (`ϵ` → `epsilon`). */
export const GREEK_UNICODE: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries(
  LETTERS.flatMap((l) => [[l.char, l.name], ...(l.charVariants ?? []).map((c) => [c, l.name])]),
));

/** A name (or TeX command) → its Unicode letter, for readable text (`varphi` → `φ`); undefined for other words. */
export function greekChar(name: string): string | undefined {
  const canonical = GREEK_TEX[name];
  return canonical ? LETTERS.find((l) => l.name === canonical)?.char : undefined;
}

/** Whether a name is a Greek letter written as a word (alpha, Omega, varphi): printed `\alpha` in TeX. */
export function isGreekName(name: string): boolean {
  return Object.hasOwn(GREEK_TEX, name);
}
