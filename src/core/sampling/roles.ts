/**
 * The role of a variable decides where it is sampled: a probability lives in (0, 1), a binary label
 * in {0, 1}, a scale is positive, a logit anywhere. Sampling a probability at 3.7 would call a right
 * cross-entropy derivative wrong (log of a negative number); sampling a label only at 0.5 would hide
 * a swapped y and 1 - y.
 */
export type Role = 'real' | 'probability' | 'label' | 'signLabel' | 'positive' | 'slope' | 'integer';

export interface Domain {
  role: Role;
  /** For 'real': the half-width of the range sampled. */
  lo?: number;
  hi?: number;
}

const PROBABILITY = /^(p|q|prob|probs?|pred|yhat|y_?hat|y_?pred|phat|p_?hat|a_?hat|o|out|output|s|sigma_?z)(_[a-z0-9]+)?$|_hat(_|$)|^hat_/i;
const LABEL = /^(y|t|target|label|labels|y_?true|truth|gt)(_[a-z0-9]+)?$/i;
const POSITIVE = /^(sigma|std|stddev|sigma_?sq|var|variance|temperature|temp|tau|lambda|beta|scale|eps|epsilon|delta|margin|k|n|m|c)(_[a-z0-9]+)?$/i;
const SLOPE = /^(alpha|a_?slope|slope|leak|negative_?slope|gamma|mu)(_[a-z0-9]+)?$/i;

/** A guess from the name alone; the catalog or the caller may override it. */
export function roleFromName(name: string): Role {
  // y_hat and y_pred are predictions, not labels, though they start like one.
  if (/(^|_)(hat|pred|prob)(_|$)/i.test(name)) return 'probability';
  if (LABEL.test(name)) return 'label';
  if (PROBABILITY.test(name)) return 'probability';
  if (SLOPE.test(name)) return 'slope';
  if (POSITIVE.test(name)) return 'positive';
  return 'real';
}
