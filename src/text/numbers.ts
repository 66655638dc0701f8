/**
 * Numbers as GradLens shows them to people (hovers, notifications, the plot): four significant
 * digits, exponents only for the very small and very large, a real minus sign, ∞ for infinities.
 */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? '∞' : v < 0 ? '−∞' : 'NaN';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(2).replace(/\.?0+e/, 'e');
  return s.replace(/^-/, '−');
}
