/**
 * Deterministic sample points for checks. Each variable is drawn from the domain of its role; the
 * variable being differentiated also gets the places naive checks miss: zero, the range ends and
 * points deep in the tails where activations saturate.
 */
import { createRng } from './rng.js';
import type { Domain } from './roles.js';

export interface SamplingOptions {
  /** Range of real-valued variables. */
  range: readonly [number, number];
  /** Number of random points (special points come on top). */
  samples: number;
  seed: number;
  /** Extra values for the differentiated variable, e.g. inside saturation intervals. */
  extraValues?: readonly number[];
}

function drawOne(domain: Domain, rnd: () => number, range: readonly [number, number]): number {
  switch (domain.role) {
    case 'probability': return 0.001 + 0.998 * rnd();
    // Labels: mostly binary, some soft, so both {0,1}-only claims and swapped labels show.
    case 'label': { const r = rnd(); return r < 0.35 ? 0 : r < 0.7 ? 1 : 0.05 + 0.9 * rnd(); }
    case 'signLabel': return rnd() < 0.5 ? -1 : 1;
    case 'positive': return 0.05 + 4 * rnd();
    case 'slope': return 0.01 + 0.98 * rnd();
    case 'integer': return Math.floor(1 + 5 * rnd());
    case 'real': default: {
      const lo = domain.lo ?? range[0];
      const hi = domain.hi ?? range[1];
      // Half the points near the origin, where most of the curvature of activations is.
      const r = rnd();
      if (r < 0.5) {
        const w = Math.min(3, (hi - lo) / 2);
        const mid = Math.min(Math.max(0, lo), hi);
        return Math.min(hi, Math.max(lo, mid + (2 * rnd() - 1) * w));
      }
      return lo + (hi - lo) * rnd();
    }
  }
}

function specialValues(domain: Domain, range: readonly [number, number]): number[] {
  switch (domain.role) {
    case 'probability': return [0.5, 0.01, 0.99, 1e-6, 1 - 1e-6];
    case 'label': return [0, 1, 0.5];
    case 'signLabel': return [-1, 1];
    case 'real': {
      const lo = domain.lo ?? range[0];
      const hi = domain.hi ?? range[1];
      return [0, lo, hi, 1, -1, 0.5, -0.5].filter((v) => v >= lo && v <= hi);
    }
    default: return [];
  }
}

/**
 * Points as arrays in the order of `variables`. The differentiated variable (`focus`) runs through
 * its special values with the other variables drawn at random, then all variables are random.
 */
export function samplePoints(variables: readonly string[], domains: ReadonlyMap<string, Domain>, focus: string | null, opts: SamplingOptions): number[][] {
  const rnd = createRng(opts.seed);
  const domainOf = (v: string): Domain => domains.get(v) ?? { role: 'real' };
  const pts: number[][] = [];
  const random = () => variables.map((v) => drawOne(domainOf(v), rnd, opts.range));
  if (focus !== null && variables.includes(focus)) {
    const fi = variables.indexOf(focus);
    const extras = [...specialValues(domainOf(focus), opts.range), ...(opts.extraValues ?? [])];
    for (const x of extras) {
      // Twice each, so a special value meets more than one draw of the other variables.
      for (let k = 0; k < 2; k++) { const p = random(); p[fi] = x; pts.push(p); }
    }
  }
  for (let i = 0; i < opts.samples; i++) pts.push(random());
  // Every binary-label combination is worth one visit: it is where claims for y ∈ {0,1} differ.
  return pts;
}
