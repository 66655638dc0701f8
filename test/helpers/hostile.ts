/**
 * Documents that once ran away, built from their class rather than copied: a derivation of ordinary
 * claims (activations and their derivatives, values, limits) with a few formulas that explode under
 * substitution, differentiation or exact evaluation mixed in. Shared by the CLI and server tests.
 */

/** Ordinary claims, right and wrong, as homework writes them; `k` varies the names so no two repeat. */
export function ordinaryClaims(k: number): string[] {
  const z = `z_{${k}}`;
  return [
    `Let $\\sigma(t) = \\frac{1}{1+e^{-t}}$ be the logistic function.`,
    `Then $\\frac{d}{d${z}} \\sigma(${z}) = \\sigma(${z})(1-\\sigma(${z}))$.`,
    `For the hyperbolic tangent, $\\frac{d}{d${z}} \\tanh(${z}) = 1 - \\tanh^2(${z})$.`,
    `A slip: $\\frac{d}{d${z}} \\log(1+e^{${z}}) = \\sigma(-${z})$.`,
    `$\\frac{d}{d${z}} ${z}^{3} = 3 ${z}^{2}$`,
    `$\\sigma(0) = 0.5$`,
  ];
}

/** Formulas whose naive cost is exponential or astronomically large, each of a different class. */
export function explosiveClaims(): { name: string; text: string }[] {
  const chain = ['$q_{0} = x$'];
  for (let i = 1; i <= 14; i++) chain.push(`$q_{${i}} = q_{${i - 1}} q_{${i - 1}} + q_{${i - 1}}$`);
  chain.push('$\\frac{d q_{14}}{dx} = 1$');
  return [
    { name: 'tower of powers', text: '$9^{9^9} = 1$' },
    { name: 'huge exponent', text: '$e^{1e8} = 1$' },
    { name: 'limit meeting a huge exponential', text: '$\\lim_{x\\to\\infty} e^x = 0$' },
    { name: 'definitions substituted into definitions', text: chain.join('\n\n') },
  ];
}

/** About 10 KB: ordinary paragraphs with the explosive formulas spread between them. */
export function runawayDocument(): string {
  const parts: string[] = ['# Gradients of activations', ''];
  const bombs = explosiveClaims();
  let k = 0;
  while (parts.join('\n').length < 9000) {
    parts.push(...ordinaryClaims(k++), '');
    if (k % 6 === 0 && bombs.length) parts.push(bombs.shift()!.text, '');
  }
  for (const b of bombs) parts.push(b.text, '');
  return parts.join('\n');
}
