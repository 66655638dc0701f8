/**
 * Formulas as images for hovers: TeX → SVG with MathJax (liteAdaptor, no DOM), as a
 * `data:image/svg+xml;base64,…` URI. Loading MathJax takes a few hundred milliseconds and a formula
 * 4–30 ms, so this runs only in the render worker, ahead of any hover.
 *
 * The SVG must stand alone: an <img> cannot see the page's fonts, styles or `currentColor`, so the
 * glyphs are paths inside the SVG (fontCache 'local') and the colour is written into it.
 */
import { validColor } from './color.js';
import { formulaTex, type Parse } from './formulaTex.js';
import { createTexRenderer, MAX_TEX, type TexRenderer } from '../text/texToSvg.js';

let renderer: TexRenderer | null = null;

function load(): TexRenderer {
  // Required here, not imported, so the analysis workers never load MathJax (a bundle of its own, dist/mathjax.js).
  // The glyphs go inside each image (fontCache 'local'): an <img> cannot see the page's fonts.
  renderer ??= createTexRenderer(require('./mathjaxModules.js') as typeof import('./mathjaxModules.js'), { packages: ['base', 'ams'], fontCache: 'local' });
  return renderer;
}

/** A standalone SVG for TeX, drawn in `color`, or null when MathJax cannot typeset it. */
export function texToSvg(tex: string, color: string): string | null {
  const safe = validColor(color);
  if (!safe || tex.length === 0 || tex.length > MAX_TEX) return null;
  const svg = load().draw(tex);
  if (svg === null) return null;
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
