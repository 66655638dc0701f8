/**
 * TeX → SVG markup with MathJax (liteAdaptor: no DOM, no browser), the one place that drives
 * MathJax for both consumers: the hover images (src/server/mathImage.ts) and the grading report
 * (src/report/math.ts). They differ only in which MathJax modules they load (each bundle loads them
 * its own way, on first use), the TeX packages and the font cache, which the caller passes.
 */
import type { LiteAdaptor } from 'mathjax-full/js/adaptors/liteAdaptor.js';
import type { MathDocument } from 'mathjax-full/js/core/MathDocument.js';

/** Formulas longer than this are not drawn: an image of 1,500 characters of math is no easier to read. */
export const MAX_TEX = 1500;

/** The MathJax parts a renderer needs, as the caller's bundle loads them. */
export interface MathJaxModules {
  mathjax: typeof import('mathjax-full/js/mathjax.js').mathjax;
  TeX: typeof import('mathjax-full/js/input/tex.js').TeX;
  SVG: typeof import('mathjax-full/js/output/svg.js').SVG;
  liteAdaptor: typeof import('mathjax-full/js/adaptors/liteAdaptor.js').liteAdaptor;
  RegisterHTMLHandler: typeof import('mathjax-full/js/handlers/html.js').RegisterHTMLHandler;
}

export interface TexRenderer {
  adaptor: LiteAdaptor;
  /** The SVG output jax (its font cache, for a page that shares glyphs). */
  svg: unknown;
  /** The SVG markup for display TeX, or null when MathJax cannot typeset it (or it is too long). */
  draw(tex: string): string | null;
}

/**
 * A renderer for `packages` (their configurations must already be loaded). `fontCache` 'local' puts
 * the glyph paths inside each SVG (an image that stands alone); 'global' makes formulas refer to
 * shared glyph ids (a page that carries each glyph once).
 */
export function createTexRenderer(m: MathJaxModules, options: { packages: string[]; fontCache: 'local' | 'global' }): TexRenderer {
  const adaptor = m.liteAdaptor();
  m.RegisterHTMLHandler(adaptor);
  const svg = new m.SVG({ fontCache: options.fontCache });
  const doc = m.mathjax.document('', {
    // A TeX error (an unknown macro of the author's) must not become red text: throw, and the
    // caller shows the source as written instead.
    InputJax: new m.TeX({ packages: options.packages, formatError: (_jax: unknown, err: Error) => { throw err; } }),
    OutputJax: svg,
  }) as unknown as MathDocument<unknown, unknown, unknown>;
  return {
    adaptor,
    svg,
    draw(tex: string): string | null {
      if (tex.length === 0 || tex.length > MAX_TEX) return null;
      let out: string;
      try {
        out = adaptor.innerHTML(doc.convert(tex, { display: true, em: 16, ex: 8, containerWidth: 1280 }) as never);
      } catch {
        return null;
      }
      return out.startsWith('<svg') && !out.includes('data-mjx-error') ? out : null;
    },
  };
}
