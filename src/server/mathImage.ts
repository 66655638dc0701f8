/**
 * Formulas as images for hovers: TeX → SVG with MathJax (liteAdaptor, no DOM), as a
 * `data:image/svg+xml;base64,…` URI. Loading MathJax takes a few hundred milliseconds and a formula
 * 4–30 ms, so this runs only in the render worker, ahead of any hover.
 *
 * The SVG must stand alone: an <img> cannot see the page's fonts, styles or `currentColor`, so the
 * glyphs are paths inside the SVG (fontCache 'local') and the colour is written into it.
 */
import type { LiteAdaptor } from 'mathjax-full/js/adaptors/liteAdaptor.js';
import type { MathDocument } from 'mathjax-full/js/core/MathDocument.js';
import { validColor } from './color.js';
import { formulaTex, type Parse } from './formulaTex.js';

/** Formulas longer than this are not rendered: the image would be unreadable in a hover anyway. */
const MAX_TEX = 1500;

interface Jax {
  adaptor: LiteAdaptor;
  doc: MathDocument<unknown, unknown, unknown>;
}

let jax: Jax | null = null;

function load(): Jax {
  if (jax) return jax;
  // Required here, not imported, so the analysis workers never load MathJax (a bundle of its own, dist/mathjax.js).
  const { mathjax, TeX, SVG, liteAdaptor, RegisterHTMLHandler } = require('./mathjaxModules.js') as typeof import('./mathjaxModules.js');
  const adaptor = liteAdaptor();
  RegisterHTMLHandler(adaptor);
  const doc = mathjax.document('', {
    // A TeX error must not become red text in an image: throw, and the hover keeps its text form.
    InputJax: new TeX({ packages: ['base', 'ams'], formatError: (_jax: unknown, err: Error) => { throw err; } }),
    OutputJax: new SVG({ fontCache: 'local' }),
  }) as unknown as MathDocument<unknown, unknown, unknown>;
  jax = { adaptor, doc };
  return jax;
}

/** A standalone SVG for TeX, drawn in `color`, or null when MathJax cannot typeset it. */
export function texToSvg(tex: string, color: string): string | null {
  const safe = validColor(color);
  if (!safe || tex.length === 0 || tex.length > MAX_TEX) return null;
  const { adaptor, doc } = load();
  let svg: string;
  try {
    const node = doc.convert(tex, { display: true, em: 16, ex: 8, containerWidth: 1280 });
    svg = adaptor.innerHTML(node as never);
  } catch {
    return null;
  }
  if (!svg.startsWith('<svg') || svg.includes('data-mjx-error')) return null;
  // Each image is its own document: ids cannot clash, and the vertical-align only makes sense inline.
  return svg.replace(/currentColor/g, safe).replace(/^<svg style="[^"]*"/, '<svg');
}

let parse: Parse | null = null;

/** Data URIs of mathjs formulas drawn in `color` (null for any that cannot be drawn). */
export async function formulaImages(formulas: readonly string[], color: string): Promise<(string | null)[]> {
  // Imported, not required, so the bundle shares the analysis's copy of mathjs; loaded on first use.
  parse ??= (await import('mathjs')).parse as Parse;
  return formulas.map((f) => {
    try { return formulaImage(f, color, parse!); } catch { return null; }
  });
}

/** The data URI of a mathjs formula drawn in `color`, or null. */
export function formulaImage(formula: string, color: string, parser: Parse): string | null {
  const tex = formulaTex(formula, parser);
  if (tex === null) return null;
  const svg = texToSvg(tex, color);
  return svg === null ? null : `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
