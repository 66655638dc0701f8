/** Colours from the client, checked before they are written into an SVG attribute. */

/** A colour safe to write into an SVG attribute: #rgb, #rgba, #rrggbb or #rrggbbaa, else null. */
export function validColor(c: unknown): string | null {
  return typeof c === 'string' && /^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(c) ? c.toLowerCase() : null;
}
