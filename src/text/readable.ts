/**
 * Formulas as readable Unicode text, for editors that show hover Markdown as text (Neovim, Emacs,
 * Helix) and as the fallback beside a rendered image: `sigmoid(z) * (1 - sigmoid(z))` reads
 * `σ(z)·(1 − σ(z))`. String rewriting only: it runs inside hover requests and must cost
 * microseconds, and it only ever changes how names and operators look, never the structure.
 */
import { showOpaquesIn } from './opaque.js';
import { greekChar } from './greek.js';

/** A Greek name (or ell) as its letter; the table is text/greek.ts. */
const greek = (w: string): string | undefined => (w === 'ell' ? 'ℓ' : greekChar(w));

const SUPERSCRIPT: Readonly<Record<string, string>> = { 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹', '-': '⁻' };

const sup = (s: string) => [...s].map((c) => SUPERSCRIPT[c] ?? c).join('');

/** mathjs text (or the code checker's JavaScript) as Unicode math. */
export function readableMath(text: string): string {
  return showOpaquesIn(text)
    .replace(/\bMath\.(?=[a-z])/g, '')
    .replace(/\b(sigmoid|sig)\(/g, 'σ(')
    // y_hat as the document wrote it, ŷ (a combining circumflex on the letter).
    .replace(/\b([A-Za-z])_hat\b/g, '$1\u0302')
    .replace(/\bsqrt\(/g, '√(')
    // Greek names, alone or as the base or index of a subscripted name (omega_ij, y_phi).
    .replace(/\b[A-Za-z]+\b/g, (w) => greek(w) ?? w)
    .replace(/(?<=[A-Za-z])_([A-Za-z]+)\b/g, (_m, w: string) => `_${greek(w) ?? w}`)
    .replace(/\b([A-Za-z]+)(?=_[A-Za-z0-9])/g, (m, w: string) => greek(w) ?? m)
    // Small integer powers as superscripts; others keep their caret.
    .replace(/\s*\^\s*(\d)\b(?!\.)/g, (_m, d: string) => sup(d))
    .replace(/\s*\^\s*\((-\d)\)/g, (_m, d: string) => sup(d))
    .replace(/<=/g, '≤').replace(/>=/g, '≥').replace(/!=/g, '≠')
    .replace(/ \* /g, '·')
    // A minus sign, but not the one of a number's exponent (1e-7), nor a hyphen inside a word of
    // the prose around the math (a slip's "chain-rule": mathjs text always spaces a binary minus).
    .replace(/(?<![0-9.]e)-/g, (m, at: number, all: string) => (/[A-Za-z]/.test(all[at - 1] ?? '') && /[A-Za-z]/.test(all[at + 1] ?? '') ? m : '−'))
    // ŷ as one character where Unicode has one (y + combining circumflex → ŷ), as a reader types it.
    .normalize('NFC');
}

/** The TeX of a formula as it was written, shortened into one line of Unicode (for labels). */
export function readableTex(tex: string): string {
  let s = tex.replace(/\s+/g, ' ')
    // Innermost groups first, so fractions of powers come out right.
    .replace(/\^\s*\{\s*(-?\d)\s*\}|\^\s*(\d)/g, (_m, a?: string, b?: string) => sup(a ?? b ?? ''))
    .replace(/\^\s*\{([^{}]*)\}/g, (_m, e: string) => (e.trim().length === 1 ? `^${e.trim()}` : `^(${e.trim()})`))
    // A subscript that is more than a name (_{i=j}, _{k \neq i}) keeps its grouping.
    .replace(/_\s*\{([^{}]*)\}/g, (_m, e: string) => (/^[A-Za-z0-9\s]*$/.test(e) ? `_${e.replace(/\s+/g, '')}` : `_(${e.trim()})`));
  for (let i = 0; i < 4; i++) {
    s = s.replace(/\\[dt]?frac\s*(?:\{([^{}]*)\}|(\w))\s*(?:\{([^{}]*)\}|(\w))/g,
      (_m, a?: string, a1?: string, b?: string, b1?: string) => `${wrap(a ?? a1 ?? '')}/${wrap(b ?? b1 ?? '')} `);
  }
  return s
    .replace(/\\partial\s*/g, '∂')
    // \hat{y}, \hat y: the letter with a circumflex (ŷ), as written.
    .replace(/\\(?:hat|widehat)\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z]))/g, (_m, a?: string, b?: string) => `${a ?? b}\u0302`)
    .replace(/\\(left|right|bigl|bigr|Bigl|Bigr|big|Big)(?![A-Za-z])\s*/g, '')
    .replace(/\\(?:mathrm|operatorname|text|mathbf|boldsymbol|mathit)\s*\{([^{}]*)\}/g, '$1')
    .replace(/\s*\\(cdot|times)(?![A-Za-z])\s*/g, '·')
    .replace(/\\(,|;|:|!|quad|qquad)\s*/g, ' ')
    .replace(/\\(le|leq)(?![A-Za-z])\s*/g, '≤ ').replace(/\\(ge|geq)(?![A-Za-z])\s*/g, '≥ ').replace(/\\(ne|neq)(?![A-Za-z])\s*/g, '≠ ')
    .replace(/\\(approx)(?![A-Za-z])\s*/g, '≈ ').replace(/\\(to|rightarrow)(?![A-Za-z])\s*/g, '→ ').replace(/\\infty(?![A-Za-z])/g, '∞')
    .replace(/\\sum(?![A-Za-z])/g, 'Σ').replace(/\\prod(?![A-Za-z])/g, 'Π').replace(/\\sqrt\s*\{([^{}]*)\}/g, '√($1)')
    .replace(/\\lim(?![A-Za-z])/g, 'lim').replace(/\\(exp|log|ln|tanh|sinh|cosh|max|min)(?![A-Za-z])/g, '$1')
    .replace(/\\([A-Za-z]+)/g, (m, w: string) => greek(w) ?? m)
    .replace(/[{}]/g, '')
    .replace(/(?<![0-9.]e)-/g, '−')
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;)])/g, '$1')
    .trim()
    .normalize('NFC');
}

/** A fraction's part as it reads after a slash: bare when it is one term (∂h, dz, 2), else in parentheses. */
function wrap(s: string): string {
  const t = s.trim();
  return /^[\\A-Za-z0-9∂ _^()⁰¹²³⁴⁵⁶⁷⁸⁹⁻−-]*$/.test(t) && !/\s[+-]\s/.test(t) ? t.replace(/\s+/g, '') : `(${t})`;
}
