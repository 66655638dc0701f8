/**
 * Formulas for the grading report: TeX → SVG with MathJax at report time (liteAdaptor, no DOM, no
 * browser), so report.html needs no script or font from anywhere to show the math.
 *
 * A class report holds hundreds of formulas, so glyphs are shared: MathJax's global font cache makes
 * each formula refer to its glyphs by id (`<use href="#MJX-TEX-I-1D465">`, the id depends on the
 * glyph alone), and the page carries each glyph's path once. Each worker renders its submissions
 * and hands back the glyphs those used; the page merges them by id. Formulas inherit the text colour
 * (currentColor), unlike an <img>, so the report follows light and dark print styles alike.
 */
import { createTexRenderer, MAX_TEX, type TexRenderer } from '../text/texToSvg.js';

interface Jax {
  renderer: TexRenderer;
  cache: { getCache(): unknown; clearCache(): void };
}

let jax: Jax | null = null;

function load(): Jax {
  if (jax) return jax;
  // Required on first use, so `gradlens check` (same bundle) never initialises MathJax.
  const { mathjax } = require('mathjax-full/js/mathjax.js') as typeof import('mathjax-full/js/mathjax.js');
  const { TeX } = require('mathjax-full/js/input/tex.js') as typeof import('mathjax-full/js/input/tex.js');
  const { SVG } = require('mathjax-full/js/output/svg.js') as typeof import('mathjax-full/js/output/svg.js');
  const { liteAdaptor } = require('mathjax-full/js/adaptors/liteAdaptor.js') as typeof import('mathjax-full/js/adaptors/liteAdaptor.js');
  const { RegisterHTMLHandler } = require('mathjax-full/js/handlers/html.js') as typeof import('mathjax-full/js/handlers/html.js');
  require('mathjax-full/js/input/tex/base/BaseConfiguration.js');
  require('mathjax-full/js/input/tex/ams/AmsConfiguration.js');
  require('mathjax-full/js/input/tex/boldsymbol/BoldsymbolConfiguration.js');
  require('mathjax-full/js/input/tex/newcommand/NewcommandConfiguration.js');
  // Students write \boldsymbol and their own \newcommand; the page shares glyphs (fontCache 'global').
  const renderer = createTexRenderer({ mathjax, TeX, SVG, liteAdaptor, RegisterHTMLHandler }, { packages: ['base', 'ams', 'boldsymbol', 'newcommand'], fontCache: 'global' });
  jax = { renderer, cache: (renderer.svg as { fontCache: Jax['cache'] }).fontCache };
  return jax;
}

/**
 * The glyphs drawn since the last call, as id → path data, and a fresh cache: each batch of work
 * (a submission) reports exactly the glyphs it needs.
 */
export function takeGlyphs(): Record<string, string> {
  if (!jax) return {};
  const { renderer: { adaptor }, cache } = jax;
  const out: Record<string, string> = {};
  for (const node of adaptor.childNodes(cache.getCache() as never)) {
    const id = adaptor.getAttribute(node as never, 'id');
    const d = adaptor.getAttribute(node as never, 'd');
    if (id && d !== undefined && d !== null) out[id] = d;
  }
  cache.clearCache();
  return out;
}

/**
 * Drawn formulas by TeX. A class answers the same exercises: the right derivatives repeat from one
 * student to the next, and so do the common slips, so each worker draws a formula once. The page
 * holds every glyph any worker reported, so a formula drawn for an earlier submission still finds
 * its glyphs. Bounded: oldest entries go first.
 */
const drawn = new Map<string, string | null>();
const MAX_DRAWN = 5000;

/** Inline SVG markup for display TeX, or null when MathJax cannot typeset it. */
export function texSvg(tex: string): string | null {
  const t = tex.trim();
  if (t.length === 0 || t.length > MAX_TEX) return null;
  const hit = drawn.get(t);
  if (hit !== undefined) return hit;
  const svg = load().renderer.draw(t);
  if (drawn.size >= MAX_DRAWN) drawn.delete(drawn.keys().next().value!);
  drawn.set(t, svg);
  return svg;
}

/**
 * Formulas of a page, each drawn once: a formula that appears several times (the same right
 * derivative for half the class) is defined once and referenced by <use> wherever it is shown.
 */
export class FormulaSheet {
  private readonly glyphs = new Map<string, string>();
  private readonly bodies = new Map<string, string>();

  addGlyphs(glyphs: Readonly<Record<string, string>>): void {
    for (const [id, d] of Object.entries(glyphs)) this.glyphs.set(id, d);
  }

  /** The markup that shows `svg` in the page: its outer <svg> around a reference to its body. */
  place(svg: string): string {
    const m = /^(<svg[^>]*>)([\s\S]*)<\/svg>$/.exec(svg);
    if (!m) return svg;
    const [, open, body] = m;
    let id = this.bodies.get(body!);
    if (id === undefined) { id = `f${this.bodies.size}`; this.bodies.set(body!, id); }
    return `${open}<use href="#${id}"></use></svg>`;
  }

  /** The hidden sheet with every glyph path and every formula body, to put once in the page. */
  sheet(): string {
    const paths = [...this.glyphs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, d]) => `<path id="${id.replace(/[^\w-]/g, '')}" d="${d.replace(/[^\w .,-]/g, '')}"></path>`);
    const bodies = [...this.bodies].map(([body, id]) => `<g id="${id}">${body}</g>`);
    return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" style="display:none" aria-hidden="true"><defs>${paths.join('')}${bodies.join('')}</defs></svg>`;
  }
}
